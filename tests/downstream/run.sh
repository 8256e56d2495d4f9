#!/usr/bin/env bash
# run.sh <repo> <ember build dir> <scratch dir> — builds tests/downstream/app
# against ember twice: through add_subdirectory(<repo>) and through an
# installed copy (cmake --install + find_package), and runs both programs.
set -euo pipefail
repo=$1 build=$2 scratch=$3
rm -rf "$scratch"
mkdir -p "$scratch"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

echo "== installed: cmake --install, then find_package(ember)"
cmake --install "$build" --prefix "$scratch/prefix" > "$scratch/install.log"
cmake -S "$repo/tests/downstream/app" -B "$scratch/installed" -DCMAKE_PREFIX_PATH="$scratch/prefix" \
  "${launcher[@]}" > /dev/null
cmake --build "$scratch/installed" -j2 > /dev/null
"$scratch/installed/app"

echo "== add_subdirectory(<repo>)"
cmake -S "$repo/tests/downstream/app" -B "$scratch/subdir" -DEMBER_SOURCE_DIR="$repo" -DEMBER_CUDA=OFF \
  "${launcher[@]}" > /dev/null
cmake --build "$scratch/subdir" -j2 > /dev/null
"$scratch/subdir/app"
