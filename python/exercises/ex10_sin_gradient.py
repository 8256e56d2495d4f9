"""Exercise 10 — d/dx sin(x) at x = pi/4 is cos(pi/4) = sqrt(2)/2."""
import math

import ember
from check import check, finish

x = ember.tensor(ember.pi / 4, requires_grad=True)
y = ember.sin(x)
y.backward()
print("sin(pi/4) =", y.item(), " gradient =", x.grad.item())
check(abs(y.item() - math.sqrt(2) / 2) < 1e-6, "sin(pi/4) = sqrt(2)/2")
check(abs(x.grad.item() - math.cos(math.pi / 4)) < 1e-6, "gradient = cos(pi/4)")
finish()
