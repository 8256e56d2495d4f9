#!/usr/bin/env bash
# run_exercises.sh [build dir] — runs every exercise program at full size, in
# order, and says which passed (`make exercises`).
set -uo pipefail
build=${1:-build}
shopt -s nullglob
failed=()
ran=0
for exe in $(ls "$build"/exercises/ex[0-9]* 2>/dev/null | sort -V); do
  [[ -x "$exe" ]] || continue
  name=$(basename "$exe")
  echo "================================================================ $name"
  if "$exe"; then ran=$((ran + 1)); else failed+=("$name"); fi
done
echo "================================================================"
echo "exercises passed: $ran, failed: ${#failed[@]} ${failed[*]:-}"
[[ ${#failed[@]} -eq 0 ]]
