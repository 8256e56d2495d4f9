"""Exercise 26 — a fully connected network for binary classification.

Two interleaved half-moons (synthetic, seeded) are not linearly separable;
an MLP with BCEWithLogitsLoss and Adam must reach 97% accuracy on held-out
points. The model is a Python subclass of nn.Module."""
import math

import ember
import ember.nn as nn
from check import check, finish, quick


def moons(n, noise=0.1):
    t = ember.rand(n) * math.pi
    label = (ember.rand(n) > 0.5).float()
    x = ember.where(label > 0, 1 - t.cos(), t.cos())
    y = ember.where(label > 0, 0.5 - t.sin(), t.sin())
    points = ember.stack([x, y], dim=1) + noise * ember.randn(n, 2)
    return points, label.unsqueeze(1)


class Classifier(nn.Module):
    def __init__(self, hidden=32):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(2, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.head(self.body(x))


ember.manual_seed(1)
x_train, y_train = moons(800)
x_test, y_test = moons(400)
model = Classifier()
optimizer = ember.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.BCEWithLogitsLoss()
for epoch in range(150 if quick() else 400):
    model.train()
    optimizer.zero_grad()
    loss = loss_fn(model(x_train), y_train)
    loss.backward()
    optimizer.step()

model.eval()
with ember.no_grad():
    accuracy = ((model(x_test) > 0).float() == y_test).float().mean().item()
print(f"train loss {loss.item():.4f}, test accuracy {accuracy:.3f}")
check(len(list(model.parameters())) == 6, "the Python module registered 6 parameters")
check(accuracy >= 0.97, "test accuracy >= 97%")
finish()
