# Seed exercise 8: 使用 PyTorch 編寫一個函數來計算兩個張量的歐幾里得距離
# PyTorch answer, verbatim from shared/seed/pytorch-92-exercises.zh.md;
# test_seed_answers.py runs it with `import torch` changed to `import ember as torch`.
import torch

def euclidean_distance(tensor1, tensor2):
    # 計算歐幾里得距離
    distance = torch.sqrt(torch.sum((tensor1 - tensor2) ** 2))
    return distance

# 測試函數
tensor1 = torch.tensor([1.0, 2.0, 3.0])
tensor2 = torch.tensor([4.0, 5.0, 6.0])

distance = euclidean_distance(tensor1, tensor2)
print("Euclidean Distance:", distance.item())

