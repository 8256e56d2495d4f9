"""Embedding.from_pretrained and EmbeddingBag.from_pretrained, torch's
class-method constructors, over the C++ layers (bind_nn_layers.cpp). The
layer's weight is a Parameter sharing the given tensor's memory."""
from ... import _C
from ..parameter import Parameter


def _pretrained(cls, embeddings, freeze, unsupported, **kwargs):
    if embeddings.dim() != 2:
        raise ValueError("Embeddings parameter is expected to be 2-dimensional")
    if any(unsupported.values()):
        raise NotImplementedError(f"ember: {cls.__name__} does not support {sorted(k for k, v in unsupported.items() if v)}")
    layer = cls(*embeddings.shape, **kwargs)
    layer.weight = Parameter(embeddings, requires_grad=not freeze)
    return layer


def _embedding_from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0,
                               scale_grad_by_freq=False, sparse=False):
    return _pretrained(cls, embeddings, freeze, dict(scale_grad_by_freq=scale_grad_by_freq, sparse=sparse),
                       padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type)


def _embedding_bag_from_pretrained(cls, embeddings, freeze=True, max_norm=None, norm_type=2.0,
                                   scale_grad_by_freq=False, mode="mean", sparse=False, include_last_offset=False,
                                   padding_idx=None):
    return _pretrained(cls, embeddings, freeze, dict(scale_grad_by_freq=scale_grad_by_freq, sparse=sparse,
                                                      include_last_offset=include_last_offset),
                       max_norm=max_norm, norm_type=norm_type, mode=mode, padding_idx=padding_idx)


_C.nn.Embedding.from_pretrained = classmethod(_embedding_from_pretrained)
_C.nn.EmbeddingBag.from_pretrained = classmethod(_embedding_bag_from_pretrained)
