"""Exercise 12 — a DataLoader that batches and shuffles a Python Dataset.

Every sample is seen once per epoch, the order differs between epochs, and
the same seed repeats the same order."""
import ember
from check import check, finish
from ember.utils.data import DataLoader, Dataset


class Numbers(Dataset):
    def __init__(self, n):
        self.values = ember.arange(n).float()

    def __len__(self):
        return len(self.values)

    def __getitem__(self, i):
        return self.values[i], i % 2


def epoch_order(loader):
    return [int(v) for xb, _ in loader for v in xb.tolist()]


ds = Numbers(100)
loader = DataLoader(ds, batch_size=16, shuffle=True, seed=42)
first, second = epoch_order(loader), epoch_order(loader)
xb, yb = next(iter(loader))
print("batches per epoch:", len(loader), " first batch:", xb.tolist()[:8], "...")
check(len(loader) == 7 and xb.shape == (16,) and yb.dtype == ember.int64, "batches of 16 (last one 4)")
check(sorted(first) == list(range(100)), "every sample once in epoch 1")
check(sorted(second) == list(range(100)), "every sample once in epoch 2")
check(first != second, "the order differs between epochs")
check(epoch_order(DataLoader(ds, batch_size=16, shuffle=True, seed=42)) == first, "the same seed repeats the order")
check(epoch_order(DataLoader(ds, batch_size=16, shuffle=True, seed=42, num_workers=2)) == first,
      "worker threads keep the seeded order")
finish()
