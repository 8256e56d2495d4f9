"""Exercise 5 — dy/dx of y = x^3 + 2x^2 - 5x + 1 at x = 2 with autograd.

dy/dx = 3x^2 + 4x - 5 = 12 + 8 - 5 = 15 at x = 2 (the seed's explanation says
23, an arithmetic slip); y = 8 + 8 - 10 + 1 = 7."""
import ember
from check import check, finish

x = ember.tensor(2.0, requires_grad=True)
y = x ** 3 + 2 * x ** 2 - 5 * x + 1
y.backward()
print("y =", y.item(), " dy/dx =", x.grad.item())
check(y.item() == 7.0, "y(2) = 7")
check(x.grad.item() == 15.0, "dy/dx(2) = 15 (not the seed's 23)")
check(ember.autograd.gradcheck(lambda t: t ** 3 + 2 * t ** 2 - 5 * t + 1,
                               (ember.tensor([2.0, -1.5], dtype=ember.float64, requires_grad=True),)),
      "gradcheck agrees (float64)")
finish()
