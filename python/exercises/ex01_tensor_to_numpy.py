"""Exercise 1 — a tensor as a NumPy array, without a copy.

.numpy() returns an ndarray over the tensor's own memory: a write through
either side is seen by the other."""
import numpy as np

import ember
from check import check, finish

tensor = ember.tensor([1.0, 2.0, 3.0, 4.0])
array = tensor.numpy()
print("tensor:", tensor)
print("array: ", array)
check(isinstance(array, np.ndarray) and array.dtype == np.float32, "a float32 ndarray")
check(array.ctypes.data == tensor.data_ptr(), "same memory address")
array[0] = 100.0
check(tensor[0].item() == 100.0, "a write through NumPy is seen by the tensor")
tensor[1] = -1.0
check(array[1] == -1.0, "a write through the tensor is seen by NumPy")
back = ember.from_numpy(array)
check(back.data_ptr() == array.ctypes.data, "ember.from_numpy is zero-copy too")
finish()
