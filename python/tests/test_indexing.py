"""Python indexing and assignment against NumPy's semantics."""
import numpy as np
import pytest

import ember

A = np.arange(60, dtype=np.float32).reshape(3, 4, 5)

KEYS = [
    0, -1, 2, slice(None), slice(1, 3), slice(None, None, 2), slice(-3, None), slice(0, 3, 2),
    (1, 2), (1, slice(None), 3), (slice(None), 1), (Ellipsis, 2), (0, Ellipsis), (None, 1), (slice(None), None, 2),
    (Ellipsis, None), np.array([0, 2]), (slice(None), np.array([3, 0, 3])), (np.array([0, 2]), np.array([1, 3])),
    (np.array([[0], [2]]), np.array([1, 3])), A[:, :, 0] > 20, (A[:, 0, 0] > 10,), (1, A[1, :, 0] > 25),
    [0, 2], (slice(1, None), [1, 2], slice(None, None, 2)),
]


@pytest.mark.parametrize("key", KEYS, ids=range(len(KEYS)))
def test_getitem_matches_numpy(key):
    e = ember.from_numpy(A.copy())
    ekey = tuple(ember.from_numpy(k) if isinstance(k, np.ndarray) else k for k in key) if isinstance(key, tuple) \
        else (ember.from_numpy(key) if isinstance(key, np.ndarray) else key)
    got = e[ekey].numpy()
    want = A[key]
    assert got.shape == want.shape
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("key", [1, (slice(None), 2), (Ellipsis, slice(1, 3)), np.array([0, 2]),
                                 A[:, :, 0] > 20, (slice(None), [0, 3])], ids=range(6))
def test_setitem_matches_numpy(key):
    a = A.copy()
    e = ember.from_numpy(A.copy())
    ekey = tuple(ember.from_numpy(k) if isinstance(k, np.ndarray) else k for k in key) if isinstance(key, tuple) \
        else (ember.from_numpy(key) if isinstance(key, np.ndarray) else key)
    a[key] = -7
    e[ekey] = -7
    np.testing.assert_array_equal(e.numpy(), a)
    values = np.full(a[key].shape, 3.5, dtype=np.float32)
    a[key] = values
    e[ekey] = ember.from_numpy(values)
    np.testing.assert_array_equal(e.numpy(), a)


def test_mask_assignment_and_integer_tensor_index():
    x = ember.tensor([[1.0, -2.0], [-3.0, 4.0]])
    x[x < 0] = 0
    assert x.tolist() == [[1.0, 0.0], [0.0, 4.0]]
    idx = ember.tensor([1, 0, 1])
    assert x[idx].tolist() == [[0.0, 4.0], [1.0, 0.0], [0.0, 4.0]]
    x[:, 1:2] = ember.tensor([[9.0], [8.0]])
    assert x.tolist() == [[1.0, 9.0], [0.0, 8.0]]


def test_views_share_memory():
    x = ember.zeros(3, 4)
    row = x[1]
    row[2] = 5
    col = x[:, 0]
    col += 1
    assert x.tolist() == [[1, 0, 0, 0], [1, 0, 5, 0], [1, 0, 0, 0]]


def test_out_of_range_is_index_error():
    x = ember.zeros(3)
    with pytest.raises(IndexError):
        x[3]
    with pytest.raises(IndexError):
        x[ember.tensor([0, 5])]
    with pytest.raises(ember.Error):
        x[3]


def test_iteration_len_and_lists():
    x = ember.arange(6).view(3, 2)
    assert len(x) == 3
    assert [r.tolist() for r in x] == [[0, 1], [2, 3], [4, 5]]
    assert x.tolist() == [[0, 1], [2, 3], [4, 5]]
    with pytest.raises(TypeError):
        len(ember.tensor(1.0))
    assert x[1, 1].item() == 3 and isinstance(x[1, 1].item(), int)
    assert int(x[2, 0]) == 4 and float(x[0, 1]) == 1.0
    assert list(range(10))[ember.tensor(3)] == 3
