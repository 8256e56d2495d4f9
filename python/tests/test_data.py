"""ember.utils.data and ember.vision: Python datasets through the C++
DataLoader, samplers, workers, and the real Fashion-MNIST."""
import os

import numpy as np
import pytest

import ember
from ember.utils.data import DataLoader, Dataset, TensorDataset, random_split

FASHION = "/usr/share/datasets/fashion-mnist"


class Squares(Dataset):
    """A Python dataset that, like most torch code, skips super().__init__()."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return ember.tensor([float(i), float(i * i)]), i % 3


def test_python_dataset_through_dataloader():
    ds = Squares(10)
    assert len(ds) == 10
    x, y = ds[3]
    assert x.tolist() == [3.0, 9.0] and y == 0
    loader = DataLoader(ds, batch_size=4, shuffle=False)
    batches = list(loader)
    assert len(loader) == 3 and len(batches) == 3
    xb, yb = batches[0]
    assert xb.shape == (4, 2) and yb.tolist() == [0, 1, 2, 0] and yb.dtype == ember.int64
    assert batches[2][0].shape == (2, 2)


def test_every_sample_once_per_epoch_and_seeded_shuffle():
    ds = Squares(25)
    loader = DataLoader(ds, batch_size=5, shuffle=True, seed=7)
    epoch1 = [int(v) for xb, _ in loader for v in xb[:, 0].tolist()]
    epoch2 = [int(v) for xb, _ in loader for v in xb[:, 0].tolist()]
    assert sorted(epoch1) == list(range(25)) and sorted(epoch2) == list(range(25))
    assert epoch1 != epoch2
    again = [int(v) for xb, _ in DataLoader(ds, batch_size=5, shuffle=True, seed=7) for v in xb[:, 0].tolist()]
    assert again == epoch1


def test_python_dataset_with_worker_threads_and_collate_fn():
    ds = Squares(12)
    loader = DataLoader(ds, batch_size=3, num_workers=2, collate_fn=lambda items: len(items))
    assert list(loader) == [3, 3, 3, 3]
    loader = DataLoader(ds, batch_size=4, num_workers=2)
    firsts = [xb[0, 0].item() for xb, _ in loader]
    assert firsts == [0.0, 4.0, 8.0]


def test_tensor_dataset_split_and_samplers():
    x = ember.arange(20).float().view(10, 2)
    y = ember.arange(10)
    ds = TensorDataset(x, y)
    a, b = random_split(ds, [7, 3])
    assert len(a) == 7 and len(b) == 3
    seen = sorted(int(a[i][1]) for i in range(7)) + sorted(int(b[i][1]) for i in range(3))
    assert sorted(seen) == list(range(10))
    sampler = ember.utils.data.SubsetRandomSampler([1, 3, 5], seed=0)
    assert sorted(list(sampler)) == [1, 3, 5]
    got = [int(t) for _, yb in DataLoader(ds, batch_size=2, sampler=sampler) for t in yb.tolist()]
    assert sorted(got) == [1, 3, 5]
    lists = DataLoader([ember.tensor([1.0]), ember.tensor([2.0])], batch_size=2)
    assert next(iter(lists)).tolist() == [[1.0], [2.0]]


def test_a_dataset_that_raises_reports_it():
    class Broken(Dataset):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            raise ValueError("bad sample")

    with pytest.raises(Exception, match="bad sample"):
        list(DataLoader(Broken(), batch_size=1))


@pytest.mark.skipif(not os.path.isdir(FASHION), reason="dataset-fashion-mnist is installed by setup.sh")
def test_fashion_mnist_with_transforms_and_workers():
    T = ember.vision.transforms
    tf = T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.5,))])
    ds = ember.vision.datasets.FashionMNIST(FASHION, train=False, transform=tf)
    assert len(ds) == 10000 and ds.classes[0] == "T-shirt/top"
    img, label = ds[0]
    assert img.shape == (1, 28, 28) and img.dtype == ember.float32 and label == 9
    assert -1.0 <= img.min().item() and img.max().item() <= 1.0
    loader = DataLoader(ds, batch_size=256, num_workers=2)
    n = sum(xb.shape[0] for xb, _ in loader)
    assert n == 10000


def test_image_folder_reads_class_folders(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rng = np.random.default_rng(0)
    pixels = {}
    for cls, name in [("cat", "a.png"), ("cat", "b.png"), ("dog", "c.png")]:
        os.makedirs(tmp_path / cls, exist_ok=True)
        img = rng.integers(0, 256, (5, 7, 3), dtype=np.uint8)
        plt.imsave(tmp_path / cls / name, img)
        pixels[name] = img
    T = ember.vision.transforms
    ds = ember.vision.datasets.ImageFolder(str(tmp_path))
    assert ds.classes == ["cat", "dog"] and len(ds) == 3
    img, label = ds[2]
    assert label == 1 and img.dtype == ember.uint8 and img.shape == (5, 7, 3)
    np.testing.assert_array_equal(img.numpy(), pixels["c.png"])
    flipped = ember.vision.datasets.ImageFolder(str(tmp_path), transform=T.Compose(
        [T.ToTensor(), T.RandomHorizontalFlip(p=1.0), T.Lambda(lambda x: x * 2)]))
    x, _ = flipped[0]
    np.testing.assert_allclose(x.numpy(), pixels["a.png"].transpose(2, 0, 1)[:, :, ::-1] / 255.0 * 2, rtol=1e-6)
    with pytest.raises(ember.Error):
        ember.vision.datasets.ImageFolder(str(tmp_path / "missing"))


def test_cifar10_binary_batches_with_normalize(tmp_path):
    # the binary CIFAR-10 layout: records of <label byte><R 1024><G 1024><B 1024>
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (4, 32, 32, 3), dtype=np.uint8)
    labels = np.array([3, 0, 9, 3], dtype=np.uint8)
    records = b"".join(bytes([l]) + img.transpose(2, 0, 1).tobytes() for l, img in zip(labels, images))
    folder = tmp_path / "cifar-10-batches-bin"
    folder.mkdir()
    (folder / "test_batch.bin").write_bytes(records)
    T = ember.vision.transforms
    ds = ember.vision.datasets.CIFAR10(str(tmp_path), train=False,
                                       transform=T.Compose([T.ToTensor(), T.Normalize((0.5,) * 3, (0.25,) * 3)]))
    assert len(ds) == 4 and ds.classes[3] == "cat"
    x, y = ds[2]
    assert y == 9 and x.shape == (3, 32, 32)
    np.testing.assert_allclose(x.numpy(), (images[2].transpose(2, 0, 1) / 255.0 - 0.5) / 0.25, rtol=1e-5, atol=1e-6)
    (folder / "test_batch.bin").write_bytes(records[:-5])  # truncated: a clear error, not a crash
    with pytest.raises(ember.Error, match="whole number"):
        ember.vision.datasets.CIFAR10(str(tmp_path), train=False)


def test_bad_transform_and_loader_arguments_are_refused():
    T = ember.vision.transforms
    with pytest.raises(ember.Error, match="interpolation"):
        T.Resize(4, interpolation="cubic")
    with pytest.raises(TypeError):
        T.Compose([3])
    with pytest.raises(ember.Error, match="download"):
        ember.vision.datasets.FashionMNIST(FASHION, download=True)
    with pytest.raises(TypeError):
        DataLoader(Squares(4), sampler=[0, 1, 2, 3])
