#!/usr/bin/python3
"""The `make demo` run in PyTorch 1.13, as a speed and accuracy peer.

The same model as ember's models::SmallCNN (or MLP), the same data split
sizes, optimizer, one-cycle schedule, batch size and epochs as ember-train's
defaults, on the same real Fashion-MNIST files, with torch's own CPU kernels
and threads. An epoch's time covers what ember-train's logged `seconds`
cover: the training steps with the running loss and accuracy (one .item()
each per batch), then the validation pass in batches of 1000. Prints the
wall time per epoch and the test accuracy; --quick takes ember-train
--quick's subset (the first 6000 training and 1000 test images).

    /usr/bin/python3 bench/torch_train_fashion_mnist.py [--epochs 4] [--threads 2] [--model cnn] [--quick] [--seed 0]
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


def evaluate(model, x, y):
    """Mean cross-entropy and accuracy over (x, y) in batches of 1000, as ember-train's evaluate."""
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(y), 1000):
            logits = model(x[i:i + 1000])
            loss += F.cross_entropy(logits, y[i:i + 1000]).item() * len(logits)
            correct += (logits.argmax(1) == y[i:i + 1000]).sum().item()
    return loss / len(y), correct / len(y)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--model", default="cnn", choices=["cnn", "mlp"])
    parser.add_argument("--quick", action="store_true", help="ember-train --quick's 6000 training and 1000 test images")
    parser.add_argument("--seed", type=int, default=0, help="seed of the split, initialization, shuffling and dropout")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    def load(train):
        prefix, n = ("train", 6000) if train else ("t10k", 1000)
        images, labels = read_idx(f"{prefix}-images-idx3-ubyte"), read_idx(f"{prefix}-labels-idx1-ubyte")
        if args.quick:
            images, labels = images[:n], labels[:n]
        x = ((torch.from_numpy(images.astype(np.float32)) / 255 - 0.2860) / 0.3530).unsqueeze(1)
        return x, torch.from_numpy(labels.astype(np.int64))

    (x_all, y_all), (x_test, y_test) = load(True), load(False)
    perm = torch.randperm(len(y_all))
    n_val = len(y_all) // 10
    x_val, y_val = x_all[perm[:n_val]], y_all[perm[:n_val]]
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
        loss_sum, correct = 0.0, 0
        for b in range(steps):
            idx = order[b * args.batch_size:(b + 1) * args.batch_size]
            logits = model(x_train[idx])
            loss = F.cross_entropy(logits, y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == y_train[idx]).sum().item()
        t_val = time.time()
        val_loss, val_acc = evaluate(model, x_val, y_val)
        print(f"epoch {epoch + 1}: {time.time() - t0:.2f} s (validation {time.time() - t_val:.2f} s), train loss "
              f"{loss_sum / len(y_train):.4f}, train accuracy {correct / len(y_train):.4f}, validation loss "
              f"{val_loss:.4f}, validation accuracy {val_acc:.4f}", flush=True)
    _, test_acc = evaluate(model, x_test, y_test)
    print(f"torch {torch.__version__}, {args.threads} threads: {args.epochs} epochs in {time.time() - start:.1f} s, "
          f"test accuracy {test_acc:.4f}")


if __name__ == "__main__":
    main()
