"""Exercise 53 — linear regression recovers a known slope and intercept.

Data: y = 2.5 x - 1.0 + noise; nn.Linear(1, 1) with MSELoss and SGD must
find w ~ 2.5 and b ~ -1.0."""
import ember
import ember.nn as nn
from check import check, finish, quick

ember.manual_seed(0)
x = ember.rand(200, 1) * 4 - 2
y = 2.5 * x - 1.0 + 0.05 * ember.randn(200, 1)

model = nn.Linear(1, 1)
loss_fn = nn.MSELoss()
optimizer = ember.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(100 if quick() else 300):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()

w, b = model.weight.item(), model.bias.item()
print(f"learned w = {w:.4f}, b = {b:.4f}, final loss = {loss.item():.5f}")
check(abs(w - 2.5) < 0.02, "slope 2.5 recovered")
check(abs(b + 1.0) < 0.02, "intercept -1.0 recovered")
finish()
