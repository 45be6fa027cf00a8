"""Toy problems in pure NumPy: XOR and interleaved spirals, classic "needs a hidden layer" sets."""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.data.arrays import _check_count
from chainrule.data.real import _check_noise

_XOR_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_LABELS = np.array([0, 1, 1, 0], dtype=np.int64)


def make_xor(n: int = 4, noise: float = 0.0, seed: int = 0, *,
             dtype: Any = np.float32) -> tuple[np.ndarray, np.ndarray]:
    """Points at the corners of the unit square labelled by exclusive or.

    Point i sits at corner ``i mod 4`` of (0,0), (0,1), (1,0), (1,1), plus Gaussian noise;
    its label is x₁ XOR x₂ of that corner. ``make_xor()`` is the four-row truth table.

    Parameters
    ----------
    n : int, default 4
        Number of points, ≥ 1.
    noise : float, default 0
        Standard deviation of the noise added to each coordinate.
    seed : int, default 0

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of int64, shape (n,)
        0 or 1.
    """
    n = _check_count("make_xor", "n", n)
    noise = _check_noise("make_xor", noise)
    idx = np.arange(n) % 4
    X = _XOR_CORNERS[idx]
    if noise:
        X = X + noise * np.random.default_rng(seed).standard_normal(X.shape)
    return X.astype(dtype), _XOR_LABELS[idx].copy()


def make_spirals(n_per_class: int = 100, classes: int = 3, noise: float = 0.2, seed: int = 0,
                 *, dtype: Any = np.float32) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class (the CS231n set).

    Arm k has points at radius r ∈ linspace(0, 1, n) and angle
    θ = linspace(4k, 4(k+1), n) + noise·N(0, 1), placed at (r sin θ, r cos θ).

    Parameters
    ----------
    n_per_class : int, default 100
        Points per arm, ≥ 1.
    classes : int, default 3
        Number of arms, ≥ 2.
    noise : float, default 0.2
        Standard deviation of the noise on the angle, in radians.
    seed : int, default 0

    Returns
    -------
    X : ndarray, shape (n_per_class · classes, 2)
        Arms one after another.
    y : ndarray of int64, shape (n_per_class · classes,)
        The arm, 0 … classes − 1.
    """
    n = _check_count("make_spirals", "n_per_class", n_per_class)
    k = _check_count("make_spirals", "classes", classes, 2)
    noise = _check_noise("make_spirals", noise)
    rng = np.random.default_rng(seed)
    r = np.tile(np.linspace(0.0, 1.0, n), k)
    arm = np.repeat(np.arange(k), n)
    theta = (np.linspace(0.0, 4.0, n)[None, :] + 4.0 * np.arange(k)[:, None]).ravel()
    theta = theta + noise * rng.standard_normal(n * k)
    X = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    return X.astype(dtype), arm.astype(np.int64)
