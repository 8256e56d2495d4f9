"""ember.optim.Optimizer: the Python face of a C++ optimizer.

torch's keyword arguments become one options map per parameter group
(betas=(b1, b2) -> beta1, beta2; flags -> 0/1), and param_groups are live
views: `optimizer.param_groups[0]["lr"] = 0.01` changes the C++ group, as
schedulers and users expect. state_dict() is ember's flat form (names ->
tensors, the layout of a PyTorch optimizer state_dict flattened), ready for
ember.save."""

from .. import _C
from .._C import Tensor

# torch flags that change nothing in ember's single kernel per optimizer
_IGNORED = {"foreach", "fused", "capturable", "differentiable"}


def _options(defaults, overrides):
    options = {}
    for key, value in {**defaults, **overrides}.items():
        if key == "params" or (key in _IGNORED and not value):
            continue
        if key in _IGNORED:
            raise ValueError(f"ember.optim: option {key}={value!r} is not supported")
        if key == "betas":
            options["beta1"], options["beta2"] = (float(v) for v in value)
        else:
            options[key] = float(value)
    return options


class _GroupView(dict):
    """One parameter group: reads and writes go to the C++ group."""

    def __init__(self, optimizer, index):
        super().__init__()
        self._impl, self._index = optimizer._impl, index
        dict.update(self, self._impl._group_options(index))
        dict.__setitem__(self, "params", self._impl._group_params(index))
        if "beta1" in self:
            dict.__setitem__(self, "betas", (self["beta1"], self["beta2"]))

    def __setitem__(self, key, value):
        if key == "betas":
            self._impl._group_set(self._index, "beta1", float(value[0]))
            self._impl._group_set(self._index, "beta2", float(value[1]))
        elif key != "params":
            self._impl._group_set(self._index, key, float(value))
        else:
            raise KeyError("ember.optim: a group's params cannot be replaced; use add_param_group")
        dict.__setitem__(self, key, value)


class Optimizer:
    """Base of the optimizers: subclasses pass their name and torch's defaults."""

    def __init__(self, name, params, defaults):
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            "but got a Tensor")
        params = list(params)
        if not params:
            raise ValueError("optimizer got an empty parameter list")
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        self.defaults = dict(defaults)
        self._impl = self._make(name, [(list(g["params"]), _options(defaults, g)) for g in groups])

    def _make(self, name, groups):
        return _C.optim._make(name, groups)

    @property
    def param_groups(self):
        return [_GroupView(self, i) for i in range(self._impl._group_count())]

    def add_param_group(self, group):
        self._impl._add_param_group(list(group["params"]), _options(self.defaults, group))

    def step(self, closure=None):
        return self._impl.step(closure)

    def zero_grad(self, set_to_none=True):
        self._impl.zero_grad(set_to_none)

    def state_dict(self):
        return self._impl.state_dict()

    def load_state_dict(self, state_dict):
        self._impl.load_state_dict(state_dict)

    def __repr__(self):
        lines = [type(self).__name__ + " ("]
        for i, g in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {v}" for k, v in sorted(g.items()) if k != "params"]
        return "\n".join(lines + [")"])
