"""ember.nn.Module's torch-shaped surface, in Python.

The class is C++'s (ember._C.nn.Module, python/src/bind_nn_module.cpp): it
owns the parameters, buffers and submodules. This file attaches torch's
behaviour to it, so built-in layers (which derive from it) and Python
subclasses share it:

- `self.w = nn.Parameter(...)` registers a parameter, `self.body = nn.Linear(...)`
  a submodule, a Tensor or None assigned to an existing parameter or buffer
  replaces it, anything else is a plain attribute; reading finds all of them.
- `module(*args)` runs forward hooks around `forward` (any signature).
- parameters()/named_parameters()/... yield nn.Parameter objects for the
  module's own tensors; state_dict()/load_state_dict() go through C++.

The Python object of a submodule is kept in its parent's `_py_modules`, so a
Python subclass inside a C++ container lives as long as the container."""
import copy
import re
from collections import OrderedDict, namedtuple

from ... import _C
from ..._C import Tensor
from ..._tensor import _to as _tensor_to
from ..parameter import Parameter

Module = _C.nn.Module
_cpp_module_init = Module.__init__

_IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])


class RemovableHandle:
    """Returned by register_forward_hook: handle.remove() unregisters the hook."""
    _next_id = 0

    def __init__(self, hooks):
        self._hooks = hooks
        self.id = RemovableHandle._next_id
        RemovableHandle._next_id += 1

    def remove(self):
        self._hooks.pop(self.id, None)


def _py_modules(self):
    return self.__dict__.setdefault("_py_modules", {})


def _hooks(self, kind):
    return self.__dict__.setdefault(kind, OrderedDict())


def _is_data_descriptor(cls, name):
    attr = getattr(cls, name, None)
    return attr is not None and hasattr(type(attr), "__set__")


def _module_init(self):
    _cpp_module_init(self, type(self).__name__)  # C++'s messages name the Python class


def _module_setattr(self, name, value):
    if not _C.nn._constructed(self):  # in a subclass's __init__, before super().__init__()
        if isinstance(value, (Parameter, Module)):
            raise AttributeError(f"cannot assign {'parameters' if isinstance(value, Parameter) else 'module'} "
                                 "before Module.__init__() call")
        object.__setattr__(self, name, value)
        return
    if _is_data_descriptor(type(self), name):  # a layer's attribute: layer.weight, layer.training
        object.__setattr__(self, name, value)
        return
    found = self._find(name)
    kind = found[0] if found else None
    if isinstance(value, Parameter):
        if kind in ("parameter", "empty"):
            self._set_slot(name, value)
        else:
            self.__dict__.pop(name, None)
            self._register_parameter(name, value)
    elif isinstance(value, Module):
        self.__dict__.pop(name, None)
        self.add_module(name, value)
    elif kind in ("parameter", "buffer", "empty"):
        if value is not None and not isinstance(value, Tensor):
            raise TypeError(f"cannot assign '{type(value).__name__}' as '{name}' (ember.Tensor or None expected)")
        self._set_slot(name, value)
    elif kind == "module":
        raise TypeError(f"cannot assign '{type(value).__name__}' as child module '{name}' "
                        "(ember.nn.Module expected)")
    else:
        object.__setattr__(self, name, value)


def _module_getattr(self, name):
    if not name.startswith("__") and _C.nn._constructed(self):
        found = self._find(name)
        if found is not None:
            kind, value = found
            return Parameter._wrap(value) if kind == "parameter" else value
    raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")


def _module_delattr(self, name):
    found = self._find(name) if _C.nn._constructed(self) else None
    if found is not None and found[0] in ("parameter", "buffer", "empty"):
        self._set_slot(name, None)
        self.__dict__.get("_parameter_objects", {}).pop(name, None)
    else:
        object.__delattr__(self, name)


def _module_call(self, *args, **kwargs):
    for hook in list(_hooks(self, "_forward_pre_hooks").values()):
        result = hook(self, args)
        if result is not None:
            args = result if isinstance(result, tuple) else (result,)
    output = self.forward(*args, **kwargs)
    for hook in list(_hooks(self, "_forward_hooks").values()):
        result = hook(self, args, output)
        if result is not None:
            output = result
    return output


def register_forward_hook(self, hook):
    hooks = _hooks(self, "_forward_hooks")
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle


def register_forward_pre_hook(self, hook):
    hooks = _hooks(self, "_forward_pre_hooks")
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle


# ---- registration ----

def add_module(self, name, module):
    if not isinstance(module, Module):
        raise TypeError(f"{type(module).__name__} is not a Module subclass")
    if not isinstance(name, str):
        raise TypeError(f"module name should be a string, got {type(name).__name__}")
    self._add_module(name, module)
    _py_modules(self)[name] = module


def register_parameter(self, name, param):
    if param is not None and not isinstance(param, Parameter):
        raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                        "(ember.nn.Parameter or None required)")
    found = self._find(name)
    if found is not None and found[0] in ("parameter", "empty"):
        self._set_slot(name, param)
    else:
        self._register_parameter(name, param)


def register_buffer(self, name, tensor, persistent=True):
    if tensor is not None and not isinstance(tensor, Tensor):
        raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer '{name}' "
                        "(ember.Tensor or None required)")
    self._register_buffer(name, tensor, persistent)


# ---- the tree ----

def named_parameters(self, prefix="", recurse=True):
    seen = set()
    for module_prefix, module in (self._named_modules(prefix) if recurse else [(prefix, self)]):
        kept = module.__dict__.setdefault("_parameter_objects", {})  # stable objects for id()-based code
        for name, t in module._named_parameters(False):
            if hash(t) in seen:  # a tied weight is listed once, under its first name
                continue
            seen.add(hash(t))
            kept[name] = p = Parameter._wrap(t)
            yield (module_prefix + "." + name if module_prefix else name), p


def parameters(self, recurse=True):
    for _, p in self.named_parameters(recurse=recurse):
        yield p


def named_buffers(self, prefix="", recurse=True):
    for name, b in self._named_buffers(recurse):
        yield (prefix + "." + name if prefix else name), b


def buffers(self, recurse=True):
    for _, b in self.named_buffers(recurse=recurse):
        yield b


def named_children(self):
    yield from self._named_children()


def children(self):
    for _, m in self._named_children():
        yield m


def named_modules(self, memo=None, prefix=""):
    yield from self._named_modules(prefix)


def modules(self):
    for _, m in self._named_modules(""):
        yield m


def get_submodule(self, target):
    module = self
    for part in target.split(".") if target else []:
        module = getattr(module, part)
        if not isinstance(module, Module):
            raise AttributeError(f"`{part}` is not an nn.Module")
    return module


def apply(self, fn):
    for m in self.children():
        m.apply(fn)
    fn(self)
    return self


# ---- modes, moves, grads ----

def train(self, mode=True):
    if not isinstance(mode, bool):
        raise ValueError("training mode is expected to be boolean")
    self._train(mode)
    return self


def eval(self):
    return self.train(False)


def requires_grad_(self, requires_grad=True):
    self._requires_grad(requires_grad)
    return self


def zero_grad(self, set_to_none=True):
    self._zero_grad(set_to_none)


class _Target:
    """Stands in for a tensor to learn what Tensor.to's argument parsing decides."""
    @staticmethod
    def _to(device, dtype, copy):
        return device, dtype


def to(self, *args, **kwargs):
    """to(device), to(dtype), to(device, dtype), to(tensor): in place, returns self."""
    device, dtype = _tensor_to(_Target, *args, **kwargs)
    if dtype is not None and not dtype.is_floating_point:
        raise TypeError(f"nn.Module.to only accepts floating point dtypes, but got desired dtype={dtype}")
    self._to(device, dtype)
    return self


def _cast(dtype):
    def cast(self):
        self._to(None, dtype)
        return self
    return cast


def cpu(self):
    return self.to("cpu")


def cuda(self, device=None):
    return self.to("cuda" if device is None else (f"cuda:{device}" if isinstance(device, int) else device))


# ---- weights ----

def state_dict(self, destination=None, prefix="", keep_vars=False):
    out = OrderedDict() if destination is None else destination
    for name, t in self._state_dict().items():
        out[prefix + name] = t
    return out


def load_state_dict(self, state_dict, strict=True):
    missing, unexpected = self._load_state_dict(OrderedDict(state_dict), strict)
    return _IncompatibleKeys(missing, unexpected)


# ---- printing ----

def _get_name(self):
    return type(self).__name__


def extra_repr(self):
    # C++ layers describe themselves with C++'s booleans and "(3)" for a one-element tuple
    text = re.sub(r"\b(true|false)\b", lambda m: m.group(1).capitalize(), self._extra_repr())
    return re.sub(r"\((-?\d+)\)", r"(\1,)", text)


def _addindent(s, spaces):
    lines = s.split("\n")
    return lines[0] + "".join("\n" + " " * spaces + line for line in lines[1:])


def _module_repr(self):
    extra = self.extra_repr()
    extra_lines = extra.split("\n") if extra else []
    child_lines = [f"({name}): {_addindent(repr(m), 2)}" for name, m in self.named_children()]
    lines = extra_lines + child_lines
    body = ""
    if len(extra_lines) == 1 and not child_lines:
        body = extra_lines[0]
    elif lines:
        body = "\n  " + "\n  ".join(lines) + "\n"
    return f"{self._get_name()}({body})"


def _module_deepcopy(self, memo):
    """copy.deepcopy: a new module tree with copies of every tensor. A built-in
    layer is rebuilt from its constructor arguments, a Python module and a
    container from their registered parameters, buffers and children."""
    cls = type(self)
    new = cls.__new__(cls)
    memo[id(self)] = new
    cpp_class = next(c for c in cls.__mro__ if c.__module__.startswith("ember._C"))
    args, kwargs = copy.deepcopy(self.__dict__.get("_init_args", ((), {})), memo)
    cpp_class.__init__(new, *args, **kwargs)
    if "_init_args" not in self.__dict__:
        persistent = self._state_dict()
        for name, p in self._named_parameters(False):
            new._register_parameter(name, Parameter(p.detach().clone(), p.requires_grad))
        for name, b in self._named_buffers(False):
            new._register_buffer(name, b.detach().clone(), name in persistent)
        for name, child in self._named_children():
            new.add_module(name, copy.deepcopy(child, memo))
    for key, value in self.__dict__.items():
        if key not in ("_py_modules", "_init_args", "_parameter_objects"):
            new.__dict__[key] = copy.deepcopy(value, memo)
    new._load_state_dict(self._state_dict(), True)
    for (_, a), (_, b) in zip(self._named_parameters(True), new._named_parameters(True)):
        b.requires_grad_(a.requires_grad)
    for a, b in zip(self.modules(), new.modules()):  # top-down: each sets itself and, for now, those below
        b._train(a.training)
    return new


def _module_dir(self):
    names = set(object.__dir__(self))
    names.update(name for name, _ in self._named_parameters(False))
    names.update(name for name, _ in self._named_buffers(False))
    names.update(name for name, _ in self._named_children())
    return sorted(names)


for _name, _value in dict(
        __init__=_module_init, __setattr__=_module_setattr, __getattr__=_module_getattr, __delattr__=_module_delattr, __call__=_module_call,
        __repr__=_module_repr, __dir__=_module_dir, __deepcopy__=_module_deepcopy, register_forward_hook=register_forward_hook,
        register_forward_pre_hook=register_forward_pre_hook, add_module=add_module, register_module=add_module,
        register_parameter=register_parameter, register_buffer=register_buffer,
        named_parameters=named_parameters, parameters=parameters, named_buffers=named_buffers, buffers=buffers,
        named_children=named_children, children=children, named_modules=named_modules, modules=modules,
        get_submodule=get_submodule, apply=apply, train=train, eval=eval, requires_grad_=requires_grad_,
        zero_grad=zero_grad, to=to, float=_cast(_C.dtype.float32), double=_cast(_C.dtype.float64),
        half=_cast(_C.dtype.float16), bfloat16=_cast(_C.dtype.bfloat16), cpu=cpu, cuda=cuda,
        state_dict=state_dict, load_state_dict=load_state_dict, _get_name=_get_name,
        extra_repr=extra_repr).items():
    setattr(Module, _name, _value)
del _name, _value


def _accept_factory_kwargs(cls):
    """Built-in layers take torch's device= and dtype= keywords."""
    init = cls.__init__

    def __init__(self, *args, device=None, dtype=None, **kwargs):
        init(self, *args, **kwargs)
        self.__dict__["_init_args"] = (args, kwargs)  # for copy.deepcopy
        if device is not None or dtype is not None:
            self._to(device, dtype)

    __init__.__doc__ = init.__doc__
    cls.__init__ = __init__
