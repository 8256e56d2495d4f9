"""ember.nn.utils: gradient clipping, parameters <-> one vector, and
sequence packing (ember.nn.utils.rnn), over nn/utils/*.h."""
from ... import _C
from ..._C import Tensor
from . import rnn  # noqa: F401


def _tensor_list(parameters):
    return [parameters] if isinstance(parameters, Tensor) else list(parameters)


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scales the gradients so their total norm is at most max_norm; returns the norm before clipping."""
    return _C.nn.utils._clip_grad_norm(_tensor_list(parameters), float(max_norm), float(norm_type),
                                       error_if_nonfinite)


def clip_grad_value_(parameters, clip_value, foreach=None):
    _C.nn.utils._clip_grad_value(_tensor_list(parameters), float(clip_value))


def parameters_to_vector(parameters):
    return _C.nn.utils._parameters_to_vector(_tensor_list(parameters))


def vector_to_parameters(vec, parameters):
    _C.nn.utils._vector_to_parameters(vec, _tensor_list(parameters))
