# Seed exercise 7: 創建一個 `torch.nn.Linear` 層並初始化其權重和偏置
# PyTorch answer, verbatim from shared/seed/pytorch-92-exercises.zh.md;
# test_seed_answers.py runs it with `import torch` changed to `import ember as torch`.
import torch
import torch.nn as nn

# 創建一個線性層，輸入大小為 3，輸出大小為 2
linear_layer = nn.Linear(3, 2)

# 初始化權重和偏置
nn.init.normal_(linear_layer.weight, mean=0.0, std=0.02)  # 正態分布初始化
nn.init.constant_(linear_layer.bias, 0.0)  # 偏置初始化為 0

print("Initialized Weight:\n", linear_layer.weight)
print("Initialized Bias:\n", linear_layer.bias)

