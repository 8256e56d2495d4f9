"""ember.vision: torchvision's transforms and datasets (FashionMNIST, MNIST,
CIFAR10/100, ImageFolder) over ember's C++ implementations."""
from . import datasets, transforms  # noqa: F401
