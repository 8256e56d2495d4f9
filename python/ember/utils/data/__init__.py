"""ember.utils.data: torch.utils.data over ember's C++ data pipeline.

A Python Dataset subclass (define __len__ and __getitem__) is a C++ Dataset,
so Subset, ConcatDataset, random_split and DataLoader (with its samplers,
default_collate and worker threads) work on it. As in torch, subclasses
need not call Dataset.__init__. Any object with __len__ and __getitem__
(a list, say) can be given to DataLoader too."""
import functools

from ... import _C

_cpp = _C.data
TensorDataset = _cpp.TensorDataset
Subset = _cpp.Subset
ConcatDataset = _cpp.ConcatDataset
Sampler = _cpp.Sampler
SequentialSampler = _cpp.SequentialSampler
RandomSampler = _cpp.RandomSampler
SubsetRandomSampler = _cpp.SubsetRandomSampler
WeightedRandomSampler = _cpp.WeightedRandomSampler
BatchSampler = _cpp.BatchSampler


class Dataset(_cpp.Dataset):
    """Base of map-style datasets written in Python."""

    def __init__(self):
        if not self.__dict__.get("_ember_ready", False):
            _cpp.Dataset.__init__(self)
            self._ember_ready = True

    def __init_subclass__(cls, **kwargs):
        # torch's Dataset has no __init__, so subclasses often skip
        # super().__init__(); the C++ half is built before theirs runs
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is None:
            return

        @functools.wraps(init)
        def __init__(self, *args, **kw):
            Dataset.__init__(self)
            init(self, *args, **kw)

        cls.__init__ = __init__

    def __add__(self, other):
        return ConcatDataset([self, other])


class _Sequence(Dataset):
    """Any object with __len__ and __getitem__ (a list, say), as a Dataset."""

    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


def _as_dataset(dataset):
    return dataset if isinstance(dataset, _cpp.Dataset) else _Sequence(dataset)


def random_split(dataset, lengths, generator=None):
    """Subsets of random, non-overlapping indices (counts or fractions); the
    split follows ember.manual_seed (a torch Generator is not used)."""
    dataset = _as_dataset(dataset)
    # rebuilt through Subset(), which keeps a Python dataset object alive
    return [Subset(dataset, s.indices) for s in _cpp.random_split(dataset, [float(n) for n in lengths])]


class DataLoader(_cpp.DataLoader):
    """torch.utils.data.DataLoader's arguments; `seed` fixes the shuffle
    order (otherwise it follows ember.manual_seed). num_workers > 0 runs
    worker threads (not processes)."""

    def __init__(self, dataset, batch_size=1, shuffle=False, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 generator=None, *, prefetch_factor=2, persistent_workers=False, seed=None):
        if sampler is not None and not isinstance(sampler, Sampler):
            raise TypeError("ember DataLoader: sampler must be an ember.utils.data sampler")
        dataset = _as_dataset(dataset)
        super().__init__(dataset, batch_size=batch_size if batch_sampler is None else 1, shuffle=shuffle,
                         sampler=sampler, batch_sampler=batch_sampler, num_workers=num_workers,
                         collate_fn=collate_fn, pin_memory=pin_memory, drop_last=drop_last,
                         worker_init_fn=worker_init_fn, prefetch_factor=prefetch_factor,
                         persistent_workers=persistent_workers, seed=seed)
        self.dataset = dataset


def get_worker_info():
    """None: ember's workers are threads and share the dataset object."""
    return None


__all__ = ["Dataset", "TensorDataset", "Subset", "ConcatDataset", "random_split", "DataLoader", "Sampler",
           "SequentialSampler", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler", "BatchSampler"]
