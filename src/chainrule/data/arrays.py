"""Working with (X, y) arrays: seeded train/test split, seeded mini-batches, one-hot labels."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError

Seed = int | np.random.Generator


def check_xy(X: Any, y: Any, where: str) -> tuple[np.ndarray, np.ndarray | None]:
    """``X`` as an array with samples along axis 0, ``y`` (optional) with as many samples."""
    X = np.asarray(X)
    if X.ndim == 0:
        raise ShapeError(f"{where}: X must have a sample axis, got a scalar")
    if y is None:
        return X, None
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ShapeError(
            f"{where}: X has {X.shape[0]} samples (shape {X.shape}) but y has shape {y.shape}"
        )
    return X, y


def _check_count(owner: str, name: str, n: object, minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < minimum:
        raise ConfigError(f"{owner}: {name} must be an integer ≥ {minimum}, got {n!r}")
    return int(n)


def _rng(seed: Seed) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def train_test_split(X: Any, y: Any, test_size: float | int = 0.25, seed: int = 0, *,
                     stratify: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                      np.ndarray]:
    """Split samples at random into a training and a test part, reproducibly.

    Parameters
    ----------
    X : array, shape (n, ...)
    y : array, shape (n, ...)
    test_size : float in (0, 1) or int, default 0.25
        A fraction of n (rounded up, as scikit-learn does) or a count; both parts keep ≥ 1.
    seed : int, default 0
        The same seed gives the same split.
    stratify : bool, default False
        Take the test fraction from each class of ``y`` separately, so class proportions are
        kept (``y`` holds labels).

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray
        In scikit-learn's order; rows of each part keep their original relative order.
    """
    X, y = check_xy(X, y, "train_test_split")
    n = X.shape[0]
    if isinstance(test_size, bool):
        raise ConfigError(
            f"train_test_split: test_size must be a fraction or a count, got {test_size!r}"
        )
    if isinstance(test_size, (int, np.integer)):
        n_test = int(test_size)
    elif isinstance(test_size, float) and 0.0 < test_size < 1.0:
        n_test = math.ceil(test_size * n)
    else:
        raise ConfigError(
            f"train_test_split: test_size must be a float in (0, 1) or an int, got {test_size!r}"
        )
    if not 1 <= n_test <= n - 1:
        raise ConfigError(
            f"train_test_split: test_size={test_size!r} leaves {n_test} of {n} samples for "
            "testing; each part needs at least one"
        )
    rng = np.random.default_rng(seed)
    if stratify:
        assert y is not None
        classes, codes = np.unique(y, return_inverse=True)
        sizes = np.bincount(codes.reshape(-1), minlength=len(classes))
        counts = _stratified_counts(sizes, n_test)
        test_idx = [rng.permutation(np.flatnonzero(codes == i))[:k]
                    for i, k in enumerate(counts)]
        is_test = np.zeros(n, dtype=bool)
        is_test[np.concatenate(test_idx)] = True
    else:
        is_test = np.zeros(n, dtype=bool)
        is_test[rng.permutation(n)[:n_test]] = True
    return X[~is_test], X[is_test], y[~is_test], y[is_test]


def _stratified_counts(sizes: np.ndarray, n_test: int) -> list[int]:
    """Test rows per class summing to exactly ``n_test``: each class's share rounded down,
    the rest to the largest remainders (a class keeps ≥ 1 training row where it can)."""
    exact = sizes * (n_test / sizes.sum())
    counts = np.minimum(np.floor(exact).astype(int), np.maximum(sizes - 1, 0))
    order = np.argsort(-(exact - counts), kind="stable")
    short = n_test - int(counts.sum())
    for room in (np.maximum(sizes - 1, 0), sizes):  # first keep a training row per class
        for i in order:
            if short > 0 and counts[i] < room[i]:
                counts[i] += 1
                short -= 1
    return [int(c) for c in counts]


def batches(X: Any, y: Any = None, batch_size: int = 32, shuffle: bool = True,
            seed: Seed = 0, *, drop_last: bool = False
            ) -> Iterator[tuple[np.ndarray, np.ndarray | None]]:
    """Mini-batches ``(X_b, y_b)`` covering the data once (one epoch).

    With ``shuffle``, the rows are permuted once (one copy of the data) and batches are
    contiguous slices of the permuted copy — views, so a batch costs no copy of its own.

    Parameters
    ----------
    X : array, shape (n, ...)
    y : array, shape (n, ...), optional
        Yielded as ``None`` when not given.
    batch_size : int, default 32
        Rows per batch; the last batch may be smaller.
    shuffle : bool, default True
    seed : int or numpy.random.Generator, default 0
        An int gives the same order every call; a Generator continues its stream, so an
        epoch loop gets a new (still reproducible) order each epoch.
    drop_last : bool, default False
        Skip a final batch smaller than ``batch_size``.

    Yields
    ------
    X_b : ndarray, shape (b, ...)
    y_b : ndarray, shape (b, ...) or None
    """
    X, y = check_xy(X, y, "batches")
    _check_count("batches", "batch_size", batch_size)
    n = X.shape[0]
    if shuffle:
        perm = _rng(seed).permutation(n)
        X = X[perm]
        y = None if y is None else y[perm]
    stop = n - n % batch_size if drop_last else n
    return _slices(X, y, int(batch_size), stop)


def _slices(X: np.ndarray, y: np.ndarray | None, size: int, stop: int
            ) -> Iterator[tuple[np.ndarray, np.ndarray | None]]:
    # A separate generator so that batches() checks its arguments (and shuffles) when called,
    # not at the first next().
    for i in range(0, stop, size):
        yield X[i:i + size], (None if y is None else y[i:i + size])


class DataLoader:
    """Re-iterable :func:`batches`: each ``for`` loop is one epoch, reshuffled reproducibly.

    Parameters
    ----------
    X, y, batch_size, shuffle, drop_last
        As for :func:`batches`.
    seed : int, default 0
        Seeds one Generator for the loader's life: epoch k's order depends on seed and k.
    """

    def __init__(self, X: Any, y: Any = None, batch_size: int = 32, shuffle: bool = True,
                 seed: int = 0, *, drop_last: bool = False) -> None:
        self.X, self.y = check_xy(X, y, "DataLoader")
        self.batch_size, self.shuffle, self.drop_last = batch_size, shuffle, drop_last
        self.rng = np.random.default_rng(seed)
        _check_count("DataLoader", "batch_size", batch_size)

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray | None]]:
        return batches(self.X, self.y, self.batch_size, self.shuffle, self.rng,
                       drop_last=self.drop_last)

    def __len__(self) -> int:
        n = self.X.shape[0]
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


def one_hot(y: Any, classes: int | None = None, *, dtype: Any = np.float32) -> np.ndarray:
    """Labels 0 … k−1 as rows of the identity: shape (n,) → (n, k).

    Parameters
    ----------
    y : array of int, shape (n,)
    classes : int, optional
        k; defaults to ``max(y) + 1``.

    Raises
    ------
    ConfigError
        A label is negative, not an integer, or ≥ ``classes``.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ShapeError(f"one_hot: labels must have shape (n,), got {y.shape}")
    if y.size and (not np.all(np.equal(np.mod(y, 1), 0)) or y.min() < 0):
        raise ConfigError("one_hot: labels must be integers ≥ 0")
    y = y.astype(np.int64)
    k = int(y.max()) + 1 if classes is None and y.size else int(classes or 0)
    if y.size and y.max() >= k:
        raise ConfigError(f"one_hot: label {int(y.max())} does not fit in {k} classes")
    out = np.zeros((y.size, k), dtype=dtype)
    out[np.arange(y.size), y] = 1
    return out
