"""ember.vision.datasets: image datasets read from files already on disk
(Debian's dataset-fashion-mnist is at /usr/share/datasets/fashion-mnist)."""
from .. import _C

_d = _C.vision.datasets
MNIST = _d.MNIST
FashionMNIST = _d.FashionMNIST
CIFAR10 = _d.CIFAR10
CIFAR100 = _d.CIFAR100
ImageFolder = _d.ImageFolder
