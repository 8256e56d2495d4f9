# Seed exercise 3: 編寫代碼實現一個隨機初始化的 5x5 張量，並對每列計算均值和標準差
# PyTorch answer, verbatim from shared/seed/pytorch-92-exercises.zh.md;
# test_seed_answers.py runs it with `import torch` changed to `import ember as torch`.
import torch

# 創建一個隨機初始化的 5x5 Tensor
tensor = torch.rand(5, 5)

# 計算每列的均值
column_means = tensor.mean(dim=0)

# 計算每列的標準差
column_stds = tensor.std(dim=0)

print("Random 5x5 Tensor:\n", tensor)
print("Column Means:\n", column_means)
print("Column Standard Deviations:\n", column_stds)

