#!/bin/sh
# Trains the anchor GPT for each seed twice, two runs at a time (one thread each): the PyTorch target's
# generated/shakespeare_char.py, and nanoGPT's own train.py with its README's CPU command, the seed line
# `torch.manual_seed(1337 + seed_offset)` changed in a copy (nanoGPT has no seed option).
#
# usage: bench/experiments/gpt-seeds/run.sh NANOGPT_DIR OUT SEED...
#   NANOGPT_DIR: a checkout of karpathy/nanoGPT whose data/shakespeare_char/prepare.py has run on
#   data/tinyshakespeare/input.txt (copied there first: prepare.py downloads only when it is absent)
# then: /usr/bin/python3 bench/experiments/gpt-seeds/evaluate.py OUT > OUT/results.json
set -eu
nanogpt=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
shift 2
repo=$(cd "$(dirname "$0")/../../.." && pwd)
export OMP_NUM_THREADS=1 MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000

ours() {
  /usr/bin/python3 "$repo/generated/shakespeare_char.py" --seed "$1" --out "$out/mlpc-$1" >"$out/mlpc-$1.log" 2>&1
}

theirs() {
  sed "s/torch.manual_seed(1337 + seed_offset)/torch.manual_seed($1 + seed_offset)/" "$nanogpt/train.py" >"$nanogpt/train_seed_$1.py"
  grep -q "torch.manual_seed($1 + seed_offset)" "$nanogpt/train_seed_$1.py"
  (cd "$nanogpt" && /usr/bin/python3 "train_seed_$1.py" config/train_shakespeare_char.py --device=cpu --compile=False \
    --eval_iters=20 --log_interval=1 --block_size=64 --batch_size=12 --n_layer=4 --n_head=4 --n_embd=128 \
    --max_iters=2000 --lr_decay_iters=2000 --dropout=0.0 --always_save_checkpoint=True \
    --out_dir="$out/nanogpt-$1") >"$out/nanogpt-$1.log" 2>&1
}

for seed in "$@"; do
  ours "$seed" &
  theirs "$seed"
  wait
done
