# Seed exercise 9: 使用 PyTorch 中的 `torch.cat` 將兩個張量按列拼接
# PyTorch answer, verbatim from shared/seed/pytorch-92-exercises.zh.md;
# test_seed_answers.py runs it with `import torch` changed to `import ember as torch`.
import torch

# 創建兩個張量
tensor1 = torch.tensor([[1, 2], [3, 4]])
tensor2 = torch.tensor([[5, 6], [7, 8]])

# 按列（dim=1）拼接
concatenated_tensor = torch.cat((tensor1, tensor2), dim=1)

print("Tensor 1:\n", tensor1)
print("Tensor 2:\n", tensor2)
print("Concatenated Tensor:\n", concatenated_tensor)

