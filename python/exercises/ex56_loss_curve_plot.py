"""Exercise 56 — log the training loss and plot it with matplotlib.

A small regression net trains on a noisy sine; the loss of every epoch is
logged and drawn to loss_curve.png (path: first non-flag argument, default
./loss_curve.png), which a person can open."""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import ember  # noqa: E402
import ember.nn as nn  # noqa: E402
from check import check, finish, quick  # noqa: E402

out = next((a for a in sys.argv[1:] if not a.startswith("--")), "loss_curve.png")
ember.manual_seed(0)
x = ember.linspace(-3, 3, 256).unsqueeze(1)
y = x.sin() + 0.05 * ember.randn(256, 1)
model = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 1))
optimizer = ember.optim.Adam(model.parameters(), lr=0.02)
losses = []
for epoch in range(100 if quick() else 300):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())

plt.figure(figsize=(6, 4))
plt.plot(range(1, len(losses) + 1), losses)
plt.yscale("log")
plt.xlabel("epoch")
plt.ylabel("MSE loss")
plt.title("ember: training loss")
plt.tight_layout()
plt.savefig(out)
print(f"first loss {losses[0]:.4f}, last {losses[-1]:.4f}; curve written to {out}")
check(losses[-1] < losses[0] / 10, "the loss fell tenfold")
with open(out, "rb") as f:
    check(f.read(8) == b"\x89PNG\r\n\x1a\n" and os.path.getsize(out) > 5000, "a PNG image was written")
finish()
