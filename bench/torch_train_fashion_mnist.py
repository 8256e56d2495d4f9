#!/usr/bin/python3
"""The `make demo` run in PyTorch 1.13, as a speed and accuracy peer.

The same model as ember's models::SmallCNN (or MLP), the same data split
sizes, optimizer, one-cycle schedule, batch size and epochs as ember-train's
defaults, on the same real Fashion-MNIST files, with torch's own CPU kernels
and threads. Prints the wall time per epoch and the test accuracy.

    /usr/bin/python3 bench/torch_train_fashion_mnist.py [--epochs 4] [--threads 2] [--model cnn]
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = "/usr/share/datasets/fashion-mnist"


def read_idx(name):
    path = os.path.join(ROOT, name)
    opener = gzip.open if not os.path.exists(path) else open
    if not os.path.exists(path):
        path += ".gz"
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def small_cnn(width=32, dropout=0.25):
    return nn.Sequential(
        nn.Conv2d(1, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(width, 2 * width, 3, padding=1, bias=False), nn.BatchNorm2d(2 * width), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(dropout), nn.Linear(2 * width * 7 * 7, 128), nn.ReLU(), nn.Dropout(dropout),
        nn.Linear(128, 10))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 128), nn.ReLU(),
                         nn.Dropout(0.2), nn.Linear(128, 10))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--model", default="cnn", choices=["cnn", "mlp"])
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    def prepare(images):
        return ((torch.from_numpy(images.astype(np.float32)) / 255 - 0.2860) / 0.3530).unsqueeze(1)

    x_all, y_all = prepare(read_idx("train-images-idx3-ubyte")), torch.from_numpy(
        read_idx("train-labels-idx1-ubyte").astype(np.int64))
    x_test, y_test = prepare(read_idx("t10k-images-idx3-ubyte")), torch.from_numpy(
        read_idx("t10k-labels-idx1-ubyte").astype(np.int64))
    perm = torch.randperm(len(y_all))
    n_val = len(y_all) // 10
    x_train, y_train = x_all[perm[n_val:]], y_all[perm[n_val:]]
    model = small_cnn() if args.model == "cnn" else mlp()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps = (len(y_train) + args.batch_size - 1) // args.batch_size
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=steps)
    start = time.time()
    for epoch in range(args.epochs):
        t0 = time.time()
        model.train()
        order = torch.randperm(len(y_train))
        for b in range(steps):
            idx = order[b * args.batch_size:(b + 1) * args.batch_size]
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        print(f"epoch {epoch + 1}: {time.time() - t0:.1f} s, last batch loss {loss.item():.4f}", flush=True)
    model.eval()
    with torch.no_grad():
        correct = sum((model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
                      for i in range(0, len(y_test), 1000))
    print(f"torch {torch.__version__}, {args.threads} threads: {args.epochs} epochs in {time.time() - start:.1f} s, "
          f"test accuracy {correct / len(y_test):.4f}")


if __name__ == "__main__":
    main()
