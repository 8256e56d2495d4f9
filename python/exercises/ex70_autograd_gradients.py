"""Exercise 70 — ember.autograd beyond backward(): a vector-Jacobian product
for a non-scalar output, retain_graph, autograd.grad, and a second
derivative with create_graph."""
import ember
from check import check, finish

x = ember.tensor([2.0, 3.0], dtype=ember.float64, requires_grad=True)
y = x[0] ** 2 + x[1] ** 3
y.backward()
print("dy/dx:", x.grad)
check(x.grad.tolist() == [4.0, 27.0], "dy/dx = (2 x0, 3 x1^2) = (4, 27)")

a = ember.tensor([1.0, 2.0, 3.0], dtype=ember.float64, requires_grad=True)
z = a * a
v = ember.tensor([1.0, 0.1, 0.01], dtype=ember.float64)
z.backward(v, retain_graph=True)
check(a.grad.allclose(ember.tensor([2.0, 0.4, 0.06], dtype=ember.float64)), "v^T J for z = a^2")
z.backward(v)
check(a.grad.allclose(ember.tensor([4.0, 0.8, 0.12], dtype=ember.float64)), "retain_graph: a second backward adds")
try:
    z.backward(v)
    refused = False
except ember.Error:
    refused = True
check(refused, "a third backward without retain_graph is refused")

t = ember.tensor(1.5, dtype=ember.float64, requires_grad=True)
f = t ** 4
(df,) = ember.autograd.grad(f, t, create_graph=True)
(d2f,) = ember.autograd.grad(df, t)
print("f = t^4 at 1.5: f' =", df.item(), " f'' =", d2f.item())
check(abs(df.item() - 4 * 1.5 ** 3) < 1e-12, "f' = 4 t^3")
check(abs(d2f.item() - 12 * 1.5 ** 2) < 1e-12, "f'' = 12 t^2")
check(t.grad is None, "autograd.grad leaves .grad alone")
finish()
