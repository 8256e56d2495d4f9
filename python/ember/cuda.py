"""ember.cuda: whether a CUDA device can be used (ember.cuda.is_available())."""
from ._C import cuda as _cuda

is_available = _cuda.is_available
device_count = _cuda.device_count
synchronize = _cuda.synchronize
