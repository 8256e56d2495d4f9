"""ember.nn.init: torch.nn.init's in-place initializers with torch's
signatures (C++: nn/init.h, bound in python/src/bind_nn_utils.cpp). Each
fills its tensor without recording autograd history and returns it."""
from .._C.nn.init import (_calculate_fan_in_and_fan_out, calculate_gain, constant_, dirac_, eye_,  # noqa: F401
                          kaiming_normal_, kaiming_uniform_, normal_, ones_, orthogonal_, trunc_normal_, uniform_,
                          xavier_normal_, xavier_uniform_, zeros_)
