# Seed exercise 10: 編寫代碼進行自動求導，計算 y=sin(x)y = \sin(x)y=sin(x) 在 x=π/4x = \pi / 4x=π/4 處的梯度
# PyTorch answer, verbatim from shared/seed/pytorch-92-exercises.zh.md;
# test_seed_answers.py runs it with `import torch` changed to `import ember as torch`.
import torch

# 定義 x，並啟用梯度計算
x = torch.tensor(torch.pi / 4, requires_grad=True)

# 定義公式 y = sin(x)
y = torch.sin(x)

# 計算梯度
y.backward()

# 輸出 y 值和梯度
print("Value of y:", y.item())
print("Gradient (dy/dx) at x = pi/4:", x.grad.item())

