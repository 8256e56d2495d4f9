#!/usr/bin/python3
"""The torch 1.13 peer of bench_cases: the same case names, sizes and timing
protocol (bench/timing.py), timed from Python; see the cases_*.cpp files for
what each case is. run.py runs it with OMP_NUM_THREADS set, and --threads N
(torch.set_num_threads) or --threads default (torch's own choice).

    /usr/bin/python3 bench/torch_cases.py [--cases gemm,conv] [--threads 1] [--block-ms 50] [--list]
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from shared_cases import mlp_step, overhead_cases, train_step
from timing import main
from torch_train_fashion_mnist import small_cnn


def gemm_cases():
    shapes = [(str(n), n, n, n, False, False) for n in (64, 128, 256, 512, 1024, 2048)]
    for fan_in, fan_out in ((784, 256), (256, 128), (128, 10)):
        layer = f"mlp{fan_in}x{fan_out}"
        shapes += [(layer + "/fwd", 64, fan_out, fan_in, False, True), (layer + "/dx", 64, fan_in, fan_out, False, False),
                   (layer + "/dw", fan_out, fan_in, 64, True, False)]
    cases = {}
    for name, m, n, k, trans_a, trans_b in shapes:
        def make(m=m, n=n, k=k, trans_a=trans_a, trans_b=trans_b):
            a = torch.randn(k, m).t() if trans_a else torch.randn(m, k)
            b = torch.randn(n, k).t() if trans_b else torch.randn(k, n)
            return lambda: torch.mm(a, b)
        cases["gemm/" + name] = (2.0 * m * n * k, "flop", make)
    return cases


def conv_cases():
    batch, cases = 64, {}
    for name, cin, cout, side, kernel, groups in (("1x32@28", 1, 32, 28, 3, 1), ("32x64@14", 32, 64, 14, 3, 1),
                                                  ("3x64@32", 3, 64, 32, 3, 1), ("64x64@32", 64, 64, 32, 3, 1),
                                                  ("64x64@32/1x1", 64, 64, 32, 1, 1),
                                                  ("64x64@32/depthwise", 64, 64, 32, 3, 64)):
        flops = 2.0 * batch * cout * side * side * (cin // groups) * kernel * kernel

        def make(backward, cin=cin, cout=cout, side=side, kernel=kernel, groups=groups):
            x = torch.randn(batch, cin, side, side, requires_grad=backward)
            w = torch.randn(cout, cin // groups, kernel, kernel, requires_grad=backward)
            g = torch.randn(batch, cout, side, side)

            def step():
                y = F.conv2d(x, w, None, 1, kernel // 2, 1, groups)
                if backward:
                    x.grad = w.grad = None
                    y.backward(g)
            return step
        cases[f"conv/{name}/fwd"] = (flops, "flop", lambda make=make: make(False))
        cases[f"conv/{name}/fwdbwd"] = (3 * flops, "flop", lambda make=make: make(True))
    return cases


def elementwise_cases():
    side = 4096
    nbytes = 4.0 * side * side

    def unary(f):
        def make():
            x = torch.randn(side, side)
            return lambda: f(x)
        return (2 * nbytes, "byte", make)

    def binary(f):
        def make():
            a, b = torch.randn(side, side), torch.randn(side, side)
            return lambda: f(a, b)
        return (3 * nbytes, "byte", make)

    def layer_norm():
        x, w, b = torch.randn(side, side), torch.ones(side), torch.zeros(side)
        return lambda: F.layer_norm(x, (side,), w, b)

    def sum_lastdim():
        x = torch.randn(side, side)
        return lambda: x.sum(-1)

    return {"elementwise/add": binary(torch.add), "elementwise/mul": binary(torch.mul),
            "elementwise/relu": unary(torch.relu), "elementwise/exp": unary(torch.exp),
            "elementwise/sigmoid": unary(torch.sigmoid), "elementwise/gelu": unary(F.gelu),
            "elementwise/sum_lastdim": (nbytes, "byte", sum_lastdim),
            "elementwise/softmax": unary(lambda x: torch.softmax(x, -1)),
            "elementwise/layer_norm": (2 * nbytes, "byte", layer_norm)}


class BasicBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        return torch.relu(self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x))))) + x)


def train_cases():
    def lenet():
        return train_step(torch, small_cnn(), torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,)), F.cross_entropy)

    def transformer():
        layer = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0.1)
        return train_step(torch, layer, torch.randn(64, 32, 128), torch.randn(64, 32, 128), F.mse_loss)

    def resnet():
        model = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                              BasicBlock(32), BasicBlock(32), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 10))
        return train_step(torch, model, torch.randn(32, 3, 32, 32), torch.randint(0, 10, (32,)), F.cross_entropy)

    return {"train/mlp": (0, "", lambda: mlp_step(torch)), "train/lenet": (0, "", lenet), "train/transformer": (0, "", transformer),
            "train/resnet": (0, "", resnet)}


if __name__ == "__main__":
    torch.manual_seed(0)
    main({**gemm_cases(), **conv_cases(), **elementwise_cases(), **overhead_cases(torch), **train_cases()},
         torch.set_num_threads)
