"""torch's container API on ember's C++ containers: Sequential, ModuleList,
ModuleDict, ParameterList and ParameterDict.

The classes are C++'s (bind_nn_module.cpp), so a C++ model's containers are
these too; construction, indexing and iteration are here. Sequential's
forward runs in Python, calling each child through __call__, so Python
modules and forward hooks work inside it. Removing entries (del seq[i]) is
not supported: ember's modules cannot unregister children."""
from collections import OrderedDict

from ... import _C
from ..parameter import Parameter

Sequential = _C.nn.Sequential
ModuleList = _C.nn.ModuleList
ModuleDict = _C.nn.ModuleDict
ParameterList = _C.nn.ParameterList
ParameterDict = _C.nn.ParameterDict


def _index(self, idx):
    n = len(self)
    if not -n <= idx < n:
        raise IndexError(f"index {idx} is out of range")
    return idx % n


def _children_list(self):
    return list(self.children())


def _len(self):
    return len(self._named_children())


def _setitem(self, idx, module):
    name = self._named_children()[_index(self, idx)][0]
    self.add_module(name, module)


def _attach(cls, fill=None, **methods):
    """Sets methods on a C++ container class; `fill(self, items)` makes its
    __init__(items=None) (else methods["__init__"] wraps the C++ one)."""
    cpp_init = cls.__init__
    if fill is not None:
        def __init__(self, items=None):
            cpp_init(self)
            if items is not None:
                fill(self, items)
        methods["__init__"] = __init__
    else:
        methods["__init__"] = methods["__init__"](cpp_init)
    for name, fn in methods.items():
        setattr(cls, name, fn)


# ---- Sequential ----

def _sequential_init(cpp_init):
    def __init__(self, *args):
        cpp_init(self)
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for i, module in enumerate(args):
                self.add_module(str(i), module)
    return __init__


def _sequential_getitem(self, idx):
    if isinstance(idx, slice):
        return Sequential(OrderedDict(self._named_children()[idx]))
    return _children_list(self)[_index(self, idx)]


def _sequential_forward(self, input):
    for module in self.children():
        input = module(input)
    return input


def _append(self, module):
    self.add_module(str(len(self)), module)
    return self


def _extend(self, modules):
    for m in modules:
        self.append(m)
    return self


_attach(Sequential, __init__=_sequential_init, __getitem__=_sequential_getitem, __setitem__=_setitem,
        __len__=_len, __iter__=lambda self: iter(_children_list(self)), forward=_sequential_forward,
        append=_append, extend=_extend)


# ---- ModuleList ----

def _list_getitem(self, idx):
    if isinstance(idx, slice):
        return ModuleList(_children_list(self)[idx])
    return _children_list(self)[_index(self, idx)]


_attach(ModuleList, _extend, __getitem__=_list_getitem, __setitem__=_setitem, __len__=_len,
        __iter__=lambda self: iter(_children_list(self)), __iadd__=_extend, append=_append, extend=_extend)


# ---- ModuleDict ----

def _dict_getitem(self, key):
    for name, module in self._named_children():
        if name == key:
            return module
    raise KeyError(key)


def _dict_update(self, modules):
    items = modules.items() if hasattr(modules, "items") else modules
    for key, module in items:
        self.add_module(key, module)


_attach(ModuleDict, _dict_update, __getitem__=_dict_getitem, __setitem__=lambda self, k, m: self.add_module(k, m),
        __len__=_len, __iter__=lambda self: iter(self.keys()),
        __contains__=lambda self, key: key in self.keys(),
        keys=lambda self: [name for name, _ in self._named_children()],
        values=lambda self: [m for _, m in self._named_children()],
        items=lambda self: list(self._named_children()), update=_dict_update)


# ---- ParameterList / ParameterDict ----

def _own_parameters(self):
    return [(name, Parameter._wrap(p)) for name, p in self._named_parameters(False)]


def _parameter_list_append(self, value):
    self.register_parameter(str(len(self)), value if isinstance(value, Parameter) else Parameter(value))
    return self


def _parameter_list_getitem(self, idx):
    params = [p for _, p in _own_parameters(self)]
    if isinstance(idx, slice):
        return params[idx]
    return params[_index(self, idx)]


_attach(ParameterList, _extend, __getitem__=_parameter_list_getitem,
        __len__=lambda self: len(self._named_parameters(False)),
        __iter__=lambda self: iter(p for _, p in _own_parameters(self)), append=_parameter_list_append,
        extend=_extend)


def _parameter_dict_update(self, parameters):
    for key, value in (parameters.items() if hasattr(parameters, "items") else parameters):
        self[key] = value


def _parameter_dict_getitem(self, key):
    for name, p in _own_parameters(self):
        if name == key:
            return p
    raise KeyError(key)


_attach(ParameterDict, _parameter_dict_update, __getitem__=_parameter_dict_getitem,
        __setitem__=lambda self, k, v: self.register_parameter(k, v if isinstance(v, Parameter) else Parameter(v)),
        __len__=lambda self: len(self._named_parameters(False)),
        __iter__=lambda self: iter(self.keys()), __contains__=lambda self, key: key in self.keys(),
        keys=lambda self: [name for name, _ in _own_parameters(self)],
        values=lambda self: [p for _, p in _own_parameters(self)], items=_own_parameters,
        update=_parameter_dict_update)
