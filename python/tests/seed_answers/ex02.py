# Seed exercise 2: 實現一個函數，將一個 3x3 的張量與其轉置矩陣相乘
# PyTorch answer, verbatim from shared/seed/pytorch-92-exercises.zh.md;
# test_seed_answers.py runs it with `import torch` changed to `import ember as torch`.
import torch

def tensor_multiply_with_transpose():
    # 創建一個 3x3 的隨機 Tensor
    tensor = torch.rand(3, 3)

    # 計算其轉置
    transpose_tensor = tensor.T

    # 將原 Tensor 與其轉置相乘
    result = torch.matmul(tensor, transpose_tensor)

    print("Original Tensor:\n", tensor)
    print("Transpose of Tensor:\n", transpose_tensor)
    print("Result of Multiplication:\n", result)

# 執行函數
tensor_multiply_with_transpose()

