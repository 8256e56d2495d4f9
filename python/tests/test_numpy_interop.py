"""NumPy interop: zero-copy both ways, the buffer protocol, __array__."""
import numpy as np
import pytest

import ember


def test_numpy_shares_memory_both_ways():
    t = ember.tensor([1.0, 2.0, 3.0, 4.0])
    a = t.numpy()
    a[0] = 10
    assert t[0].item() == 10
    t[1] = 20
    assert a[1] == 20
    t.mul_(2)
    assert a.tolist() == [20, 40, 6, 8]
    assert a.ctypes.data == t.data_ptr()


def test_from_numpy_shares_memory_both_ways():
    a = np.arange(6, dtype=np.float64).reshape(2, 3)
    t = ember.from_numpy(a)
    assert t.dtype == ember.float64 and t.shape == (2, 3)
    a[1, 2] = -1
    assert t[1, 2].item() == -1
    t[0, 0] = 7
    assert a[0, 0] == 7
    assert t.data_ptr() == a.ctypes.data


def test_from_numpy_keeps_the_array_alive_and_honours_strides():
    t = ember.from_numpy(np.arange(12, dtype=np.int32).reshape(3, 4)[:, ::2])
    import gc
    gc.collect()
    assert t.tolist() == [[0, 2], [4, 6], [8, 10]]
    assert t.stride() == (4, 2)


def test_numpy_of_a_view_and_of_every_dtype():
    x = ember.arange(12).view(3, 4).t()
    np.testing.assert_array_equal(x.numpy(), np.arange(12).reshape(3, 4).T)
    for dt, npdt in [(ember.float32, np.float32), (ember.float64, np.float64), (ember.int64, np.int64),
                     (ember.int32, np.int32), (ember.uint8, np.uint8), (ember.int8, np.int8),
                     (ember.bool, np.bool_), (ember.float16, np.float16)]:
        assert ember.zeros(2, dtype=dt).numpy().dtype == npdt
        assert ember.from_numpy(np.zeros(2, dtype=npdt)).dtype == dt


def test_numpy_refused_when_grad_is_required():
    x = ember.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="detach"):
        x.numpy()
    assert x.detach().numpy().tolist() == [1, 1]


def test_buffer_protocol_and_array():
    t = ember.tensor([[1, 2], [3, 4]], dtype=ember.int32)
    m = memoryview(t)
    assert m.shape == (2, 2) and m.format == "i" and m.tolist() == [[1, 2], [3, 4]]
    assert np.asarray(t).sum() == 10
    assert np.array(ember.tensor([1.5]), dtype=np.float64).dtype == np.float64


def test_unsupported_arrays_are_refused():
    with pytest.raises(ember.Error):
        ember.from_numpy(np.zeros(2, dtype=np.complex64))
    with pytest.raises(ember.Error, match="negative"):
        ember.from_numpy(np.arange(4.0)[::-1])
    with pytest.raises(TypeError):
        ember.from_numpy([1, 2])


def test_dlpack_with_torch_and_numpy_is_zero_copy():
    import torch
    t = torch.arange(6, dtype=torch.float32).view(2, 3)[:, 1:]
    e = ember.from_dlpack(t)
    assert e.shape == (2, 2) and e.stride() == (3, 1) and e.tolist() == [[1, 2], [4, 5]]
    e[0, 0] = -1
    assert t[0, 0].item() == -1
    back = torch.from_dlpack(e)
    back[1, 1] = 50
    assert e[1, 1].item() == 50 and t[1, 1].item() == 50
    a = np.from_dlpack(ember.tensor([1.5, 2.5], dtype=ember.float64))
    assert a.dtype == np.float64 and a.tolist() == [1.5, 2.5]
    x = ember.ones(3)
    assert np.from_dlpack(x).ctypes.data == x.data_ptr()
    assert x.__dlpack_device__() == (1, 0)
    with pytest.raises(TypeError):
        ember.from_dlpack(5)


def test_as_tensor_shares_an_array_and_tensor_copies():
    a = np.arange(3.0)
    shared, copied = ember.as_tensor(a), ember.tensor(a)
    a[0] = 9
    assert shared[0].item() == 9 and copied[0].item() == 0
    assert ember.as_tensor(shared) is not None and ember.as_tensor([1, 2]).dtype == ember.int64
