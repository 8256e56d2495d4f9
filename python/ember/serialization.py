"""ember.save / ember.load: tensors and state dicts in files.

ember.save writes safetensors (nn/serialization.h): a state dict (any
mapping of names to tensors, e.g. model.state_dict()) or a single tensor.
ember.load reads those back, and also reads PyTorch's .pt/.pth zip files
(nn/torch_load.h: a saved state dict, or the tensors of a saved model
under `key`), always as an OrderedDict of tensors (a saved single tensor
comes back as that tensor). Arbitrary pickled Python objects are not
supported: ember never unpickles code."""
import json
import os
from collections import OrderedDict

from . import _C
from ._C import Tensor

_KIND = "ember.kind"
_ORDER = "ember.keys"  # safetensors sorts its header; this keeps the state dict's order


def save(obj, f):
    path = os.fspath(f)
    if isinstance(obj, Tensor):
        _C.nn._save_safetensors(path, OrderedDict(tensor=obj), {_KIND: "tensor"})
        return
    if hasattr(obj, "state_dict") and not hasattr(obj, "items"):
        raise TypeError("ember.save: save module.state_dict(), not the module itself")
    if not hasattr(obj, "items") or not all(isinstance(k, str) and isinstance(v, Tensor) for k, v in obj.items()):
        raise TypeError("ember.save: expected a Tensor or a mapping of str -> Tensor (a state dict), "
                        f"got {type(obj).__name__}")
    _C.nn._save_safetensors(path, OrderedDict(obj), {_KIND: "state_dict", _ORDER: json.dumps(list(obj))})


def load(f, map_location=None, weights_only=None, key=""):
    path = os.fspath(f)
    with open(path, "rb") as file:
        is_zip = file.read(4) == b"PK\x03\x04"
    if is_zip:
        out = _C.nn._load_torch(path, key)
    else:
        out, metadata = _C.nn._load_safetensors(path)
        if metadata.get(_KIND) == "tensor":
            out = out["tensor"]
        elif _ORDER in metadata:
            out = OrderedDict((k, out[k]) for k in json.loads(metadata[_ORDER]))
    if map_location is not None:
        out = out.to(map_location) if isinstance(out, Tensor) else \
            OrderedDict((k, v.to(map_location)) for k, v in out.items())
    return out
