"""ember.vision.transforms: image transforms on uint8 (H, W, C) or float
(C, H, W) tensors; built-ins compose without the GIL."""
from .. import _C

_t = _C.vision.transforms
Transform = _t.Transform
Compose = _t.Compose
ToTensor = _t.ToTensor
Normalize = _t.Normalize
Resize = _t.Resize
CenterCrop = _t.CenterCrop
Grayscale = _t.Grayscale
RandomCrop = _t.RandomCrop
RandomResizedCrop = _t.RandomResizedCrop
RandomHorizontalFlip = _t.RandomHorizontalFlip
RandomVerticalFlip = _t.RandomVerticalFlip
RandomRotation = _t.RandomRotation
ColorJitter = _t.ColorJitter
GaussianBlur = _t.GaussianBlur
RandomErasing = _t.RandomErasing


class Lambda:
    """A Python function as a transform (called with the GIL held)."""

    def __init__(self, lambd):
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)
