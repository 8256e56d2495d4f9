# Seed exercise 1: 編寫代碼創建一個 `torch.Tensor`，並將其轉換為 NumPy 數組
# PyTorch answer, verbatim from shared/seed/pytorch-92-exercises.zh.md;
# test_seed_answers.py runs it with `import torch` changed to `import ember as torch`.
import torch

# 創建一個 1D Tensor
tensor = torch.tensor([1.0, 2.0, 3.0, 4.0])

# 將 Tensor 轉換為 NumPy 數組
numpy_array = tensor.numpy()

print("Torch Tensor:", tensor)
print("NumPy Array:", numpy_array)

