#!/usr/bin/python3
"""torch 1.13 twin of bench/transformer_layer.cpp: forward + backward of one
TransformerEncoderLayer (d_model 128, 4 heads, feed-forward 512, dropout 0.1,
train mode) on a (seq 64, batch 32, 128) input; prints the median
milliseconds per step over 5 timed blocks after a warm-up.

    /usr/bin/python3 bench/torch_transformer_layer.py [--steps 50] [--threads 1] [--dropout 0.1]
"""
import argparse
import statistics
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--dropout", type=float, default=0.1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=args.dropout)
    layer.train()
    x = torch.randn(64, 32, 128, requires_grad=True)

    def step():
        layer.zero_grad(set_to_none=True)
        x.grad = None
        layer(x).sum().backward()

    for _ in range(5):  # warm-up
        step()
    per_block = max(1, args.steps // 5)
    block_ms = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(per_block):
            step()
        block_ms.append((time.perf_counter() - start) * 1000 / per_block)
    print(f"torch TransformerEncoderLayer fwd+bwd: {statistics.median(block_ms):.2f} ms/step "
          f"(median of 5 blocks, {args.threads} thread(s), dropout {args.dropout:g})")


if __name__ == "__main__":
    main()
