#!/usr/bin/env bash
# test_ember_train.sh <ember-train> <scratch dir> — ember-train end to end:
#   1. --help explains every flag; bad flags and values exit 2 naming the flag;
#   2. kill and resume: a run killed (SIGKILL) right after epoch 2 and resumed
#      from its checkpoint ends with the same weights, byte for byte, as an
#      uninterrupted 3-epoch run; its log holds every epoch once;
#   3. --eval-only reproduces the final test accuracy from the saved weights
#      and evaluates a checkpoint.
# Uses the MLP on the --quick subset of the real Fashion-MNIST, so it takes seconds.
set -uo pipefail
exe=$1
dir=$2
rm -rf "$dir" && mkdir -p "$dir"
fail() { echo "FAILED: $*"; exit 1; }

help=$("$exe" --help) || fail "--help exited non-zero"
for flag in --model --dataset --data-dir --epochs --batch-size --optimizer --lr --momentum --weight-decay \
            --scheduler --val-fraction --patience --seed --threads --workers --out --resume --eval-only --quick \
            --exit-after-epoch; do
  grep -q -- "$flag" <<<"$help" || fail "--help does not mention $flag"
done

expect_rejected() {  # expect_rejected <text the message must hold> <args...>
  local want=$1; shift
  local out code
  out=$("$exe" "$@" 2>&1); code=$?
  [[ $code == 2 ]] || fail "'$*' exited $code, expected 2"
  grep -qi -- "$want" <<<"$out" || fail "'$*' said '$out', expected it to mention '$want'"
}
expect_rejected "--model" --model resnet
expect_rejected "--epochs" --epochs 0
expect_rejected "--lr" --lr -1
expect_rejected "--no-such-flag" --no-such-flag
expect_rejected "--resume" --resume /no/such/checkpoint
expect_rejected "--eval-only" --eval-only
expect_rejected "--batch-size" --batch-size many

common=(--model mlp --quick --epochs 3 --threads 2 --seed 7 --scheduler onecycle)
"$exe" "${common[@]}" --out "$dir/full" > "$dir/full.txt" 2>&1 || fail "uninterrupted run failed: $(tail -5 "$dir/full.txt")"
"$exe" "${common[@]}" --out "$dir/killed" --exit-after-epoch 2 > "$dir/killed.txt" 2>&1
code=$?
[[ $code == 137 ]] || fail "the run to be killed exited $code, expected 137 (SIGKILL)"
"$exe" "${common[@]}" --out "$dir/killed" --resume "$dir/killed/checkpoint.safetensors" > "$dir/resumed.txt" 2>&1 \
  || fail "resumed run failed: $(tail -5 "$dir/resumed.txt")"
grep -q "resumed from" "$dir/resumed.txt" || fail "the resumed run did not say it resumed"
cmp "$dir/full/model.safetensors" "$dir/killed/model.safetensors" \
  || fail "weights after kill + resume differ from the uninterrupted run"
[[ $(wc -l < "$dir/killed/log.jsonl") == 3 ]] || fail "the resumed log should hold 3 epochs: $(cat "$dir/killed/log.jsonl")"
acc_full=$(grep -o "test accuracy [0-9.]*" "$dir/full.txt")
acc_resumed=$(grep -o "test accuracy [0-9.]*" "$dir/resumed.txt")
[[ "$acc_full" == "$acc_resumed" ]] || fail "test accuracy differs: '$acc_full' vs '$acc_resumed'"

"$exe" --model mlp --quick --eval-only --resume "$dir/full/model.safetensors" > "$dir/eval.txt" 2>&1 \
  || fail "--eval-only failed: $(tail -5 "$dir/eval.txt")"
acc_eval=$(grep -o "test accuracy [0-9.]*" "$dir/eval.txt")
[[ "$acc_eval" == "$acc_full" ]] || fail "--eval-only on the final weights gave '$acc_eval', the run '$acc_full'"
"$exe" --model mlp --quick --eval-only --resume "$dir/full/checkpoint.safetensors" > "$dir/eval_ckpt.txt" 2>&1 \
  || fail "--eval-only on the checkpoint failed: $(tail -5 "$dir/eval_ckpt.txt")"
for f in loss.svg accuracy.svg log.jsonl checkpoint.safetensors model.safetensors; do
  [[ -s "$dir/full/$f" ]] || fail "missing output $f"
done
echo "ember-train: help, bad flags, kill + resume (bit-identical weights), eval-only: all ok ($acc_full)"
