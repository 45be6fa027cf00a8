"""Seeded splits and batches: reproducible, complete, disjoint; one-hot labels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule.data import DataLoader, batches, one_hot, train_test_split
from chainrule.errors import ConfigError, ShapeError


def data(n: int):
    X = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
    return X, np.arange(n)


@given(n=st.integers(2, 60), frac=st.floats(0.01, 0.99), seed=st.integers(0, 10))
def test_split_partitions_the_samples(n, frac, seed):
    X, y = data(n)
    n_test = int(np.ceil(frac * n))
    if not 1 <= n_test <= n - 1:
        with pytest.raises(ConfigError, match="at least one"):
            train_test_split(X, y, frac, seed)
        return
    Xtr, Xte, ytr, yte = train_test_split(X, y, frac, seed)
    assert len(yte) == n_test and len(ytr) == n - n_test
    assert sorted(np.concatenate([ytr, yte]).tolist()) == list(range(n))
    assert np.array_equal(Xtr[:, 0], 2 * ytr) and np.array_equal(Xte[:, 0], 2 * yte)
    again = train_test_split(X, y, frac, seed)
    assert np.array_equal(again[3], yte)


def test_split_seed_changes_the_split_and_counts_work():
    X, y = data(100)
    a = train_test_split(X, y, 30, seed=0)[3]
    b = train_test_split(X, y, 30, seed=1)[3]
    assert len(a) == 30 and not np.array_equal(a, b)


def test_stratified_split_keeps_class_proportions():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    X = np.zeros((100, 1))
    _, _, ytr, yte = train_test_split(X, y, 0.2, stratify=True)
    assert np.bincount(yte).tolist() == [12, 6, 2]
    assert np.bincount(ytr).tolist() == [48, 24, 8]


def test_split_checks_shapes_and_sizes():
    with pytest.raises(ShapeError, match="X has 3 samples"):
        train_test_split(np.zeros((3, 2)), np.zeros(4))
    with pytest.raises(ConfigError, match="test_size"):
        train_test_split(np.zeros((3, 2)), np.zeros(3), test_size=1.5)


@given(n=st.integers(1, 50), bs=st.integers(1, 20), shuffle=st.booleans(),
       drop_last=st.booleans())
def test_batches_cover_each_sample_once(n, bs, shuffle, drop_last):
    X, y = data(n)
    got = list(batches(X, y, bs, shuffle=shuffle, seed=5, drop_last=drop_last))
    seen = np.concatenate([yb for _, yb in got]) if got else np.array([], dtype=int)
    assert all(np.array_equal(xb[:, 0], 2 * yb) for xb, yb in got)  # rows stay paired
    assert all(len(yb) == bs for _, yb in got[:-1])
    expected = n - n % bs if drop_last else n
    assert len(seen) == expected and len(set(seen.tolist())) == expected
    if not shuffle:
        assert seen.tolist() == list(range(expected))


def test_batches_seeded_order():
    X, y = data(40)
    order = lambda seed: np.concatenate([b for _, b in batches(X, y, 8, seed=seed)])  # noqa: E731
    assert np.array_equal(order(1), order(1))
    assert not np.array_equal(order(1), order(2))
    assert sorted(order(1).tolist()) == list(range(40))


def test_batches_without_targets_and_bad_batch_size():
    X, _ = data(5)
    assert [yb for _, yb in batches(X, batch_size=2)] == [None, None, None]
    with pytest.raises(ConfigError, match="batch_size"):
        batches(X, batch_size=0)  # raised at the call, not at the first next()


def test_dataloader_reshuffles_each_epoch_reproducibly():
    X, y = data(30)
    a, b = DataLoader(X, y, 7, seed=3), DataLoader(X, y, 7, seed=3)
    assert len(a) == 5 and len(DataLoader(X, y, 7, drop_last=True)) == 4
    e1 = np.concatenate([yb for _, yb in a])
    e2 = np.concatenate([yb for _, yb in a])
    assert not np.array_equal(e1, e2)
    assert np.array_equal(e1, np.concatenate([yb for _, yb in b]))
    assert np.array_equal(e2, np.concatenate([yb for _, yb in b]))


def test_one_hot():
    assert one_hot([2, 0, 1]).tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    assert one_hot([0], classes=3).shape == (1, 3)
    with pytest.raises(ConfigError, match="does not fit"):
        one_hot([3], classes=3)
    with pytest.raises(ConfigError, match="integers"):
        one_hot([0.5])
