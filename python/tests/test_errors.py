"""C++ errors surface as Python exceptions with ember's messages."""
import pytest

import ember


def test_shape_errors_are_runtime_errors_naming_the_op():
    with pytest.raises(RuntimeError, match=r"\[matmul\].*\(2, 3\).*\(4, 5\)"):
        ember.zeros(2, 3) @ ember.zeros(4, 5)
    with pytest.raises(ember.Error):
        ember.zeros(2, 3) + ember.zeros(4)
    with pytest.raises(ember.Error, match="view"):
        ember.zeros(2, 3).view(4, 2)


def test_index_errors_are_both_index_and_ember_errors():
    with pytest.raises(IndexError) as info:
        ember.zeros(2, 2)[0, 5]
    assert isinstance(info.value, ember.Error) and isinstance(info.value, RuntimeError)


def test_wrong_argument_types_are_type_errors():
    with pytest.raises(TypeError):
        ember.zeros("a")
    with pytest.raises(TypeError):
        ember.zeros(2).add("x")
    with pytest.raises(TypeError):
        ember.tensor([1.0])[1.5]


def test_item_of_many_values_and_bool_ambiguity():
    with pytest.raises(ember.Error):
        ember.zeros(3).item()
    with pytest.raises(ember.Error):
        bool(ember.zeros(3))


def test_backward_twice_without_retain_graph():
    x = ember.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(ember.Error):
        y.backward()
