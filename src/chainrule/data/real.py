"""Small real datasets from scikit-learn: handwritten digits, two moons, two circles.

scikit-learn is the optional extra ``chainrule[data]``; it is imported only when one of these
is called, and its absence is a :class:`~chainrule.errors.MissingDependencyError` that says how
to install it. Features come back float32 (as the array engine trains) and labels int64.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.data.arrays import _check_count
from chainrule.errors import ConfigError, MissingDependencyError


def _sklearn_datasets(purpose: str) -> Any:
    try:
        from sklearn import datasets
    except ImportError:
        raise MissingDependencyError("scikit-learn", "data", purpose) from None
    return datasets


def _check_noise(owner: str, noise: object) -> float:
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not noise >= 0:
        raise ConfigError(f"{owner}: noise must be a number ≥ 0, got {noise!r}")
    return float(noise)


def load_digits(*, dtype: Any = np.float32, scale: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The 8×8 handwritten digits (UCI, via scikit-learn): 1,797 images of 0–9.

    Parameters
    ----------
    dtype : NumPy dtype, default float32
        Of the features.
    scale : bool, default True
        Divide the pixel counts (0–16) by 16 so features lie in [0, 1].

    Returns
    -------
    X : ndarray, shape (1797, 64)
        One flattened image per row, row-major pixels.
    y : ndarray of int64, shape (1797,)
        The digit shown, 0–9.

    Raises
    ------
    MissingDependencyError
        scikit-learn is not installed (``pip install 'chainrule[data]'``).
    """
    bunch = _sklearn_datasets("loading the digits dataset").load_digits()
    X = np.asarray(bunch.data, dtype=dtype)
    if scale:
        X /= 16.0
    return X, np.asarray(bunch.target, dtype=np.int64)


def make_moons(n: int = 200, noise: float = 0.1, seed: int = 0, *,
               dtype: Any = np.float32) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles in the plane (scikit-learn's ``make_moons``), shuffled.

    Parameters
    ----------
    n : int, default 200
        Number of points, ≥ 2 (half on each moon, the odd one on the first).
    noise : float, default 0.1
        Standard deviation of Gaussian noise added to each coordinate.
    seed : int, default 0
        Seeds the noise and the shuffle.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int64, shape (n,)
        Which moon, 0 or 1.
    """
    n = _check_count("make_moons", "n", n, 2)
    noise = _check_noise("make_moons", noise)
    ds = _sklearn_datasets("making the moons dataset")
    X, y = ds.make_moons(n_samples=n, noise=noise, random_state=seed)
    return np.asarray(X, dtype=dtype), np.asarray(y, dtype=np.int64)


def make_circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int = 0, *,
                 dtype: Any = np.float32) -> tuple[np.ndarray, np.ndarray]:
    """A small circle inside a large one (scikit-learn's ``make_circles``), shuffled.

    Parameters
    ----------
    n : int, default 200
        Number of points, ≥ 2.
    noise : float, default 0.05
        Standard deviation of Gaussian noise added to each coordinate.
    factor : float, default 0.5
        Radius of the inner circle relative to the outer one (radius 1), in (0, 1).
    seed : int, default 0

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int64, shape (n,)
        0 for the outer circle, 1 for the inner.
    """
    n = _check_count("make_circles", "n", n, 2)
    noise = _check_noise("make_circles", noise)
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not 0 < factor < 1:
        raise ConfigError(f"make_circles: factor must be in (0, 1), got {factor!r}")
    ds = _sklearn_datasets("making the circles dataset")
    X, y = ds.make_circles(n_samples=n, noise=noise, factor=factor, random_state=seed)
    return np.asarray(X, dtype=dtype), np.asarray(y, dtype=np.int64)
