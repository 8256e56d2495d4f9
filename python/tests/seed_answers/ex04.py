# Seed exercise 4: 創建一個 4x4 張量，將其所有元素設置為 0，但對角線元素設置為 1
# PyTorch answer, verbatim from shared/seed/pytorch-92-exercises.zh.md;
# test_seed_answers.py runs it with `import torch` changed to `import ember as torch`.
import torch

# 創建一個 4x4 的零張量
tensor = torch.zeros(4, 4)

# 將對角線元素設置為 1
tensor.fill_diagonal_(1)

print("4x4 Tensor with Diagonal Elements as 1:\n", tensor)

