# Seed exercise 5: 使用 PyTorch 計算以下公式的梯度： y=x3+2x2−5x+1y = x^3 + 2x^2 - 5x + 1y=x3+2x2−5x+1
# PyTorch answer, verbatim from shared/seed/pytorch-92-exercises.zh.md;
# test_seed_answers.py runs it with `import torch` changed to `import ember as torch`.
import torch

# 定義 x 為需要計算梯度的張量
x = torch.tensor(2.0, requires_grad=True)

# 定義公式 y = x^3 + 2x^2 - 5x + 1
y = x**3 + 2*x**2 - 5*x + 1

# 計算梯度
y.backward()

# 輸出 x 的梯度 dy/dx
print("Value of y:", y.item())
print("Gradient (dy/dx) at x = 2:", x.grad.item())

