"""Real and toy datasets: shapes, dtypes, ranges, labels, seeds, and the missing-extra message."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from chainrule.data import load_digits, make_circles, make_moons, make_spirals, make_xor
from chainrule.errors import ConfigError, MissingDependencyError


def test_digits_are_float32_in_unit_range_with_ten_classes():
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float32
    assert X.min() == 0.0 and X.max() == 1.0
    assert y.dtype == np.int64 and set(np.unique(y)) == set(range(10))
    raw, _ = load_digits(scale=False, dtype=np.float64)
    np.testing.assert_allclose(X, raw / 16.0, rtol=1e-7)


@pytest.mark.parametrize("make", [make_moons, make_circles])
def test_moons_and_circles_are_seeded(make):
    X1, y1 = make(50, noise=0.1, seed=3)
    X2, y2 = make(50, noise=0.1, seed=3)
    X3, _ = make(50, noise=0.1, seed=4)
    assert X1.shape == (50, 2) and X1.dtype == np.float32 and y1.dtype == np.int64
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert np.bincount(y1).tolist() == [25, 25]


def test_circles_without_noise_lie_on_two_radii():
    X, y = make_circles(40, noise=0.0, factor=0.3)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0, rtol=1e-6)
    np.testing.assert_allclose(r[y == 1], 0.3, rtol=1e-6)


def test_missing_scikit_learn_says_which_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)  # makes `import sklearn` fail
    with pytest.raises(MissingDependencyError) as exc:
        load_digits()
    msg = str(exc.value)
    assert "loading the digits dataset" in msg and "scikit-learn" in msg
    assert "chainrule[data]" in msg
    assert isinstance(exc.value, ImportError)


def test_xor_truth_table():
    X, y = make_xor()
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.tolist() == [0, 1, 1, 0]
    assert np.array_equal(y, np.logical_xor(X[:, 0], X[:, 1]).astype(int))


def test_noisy_xor_stays_near_its_corner():
    X, y = make_xor(400, noise=0.1, seed=1)
    corners = np.round(X).clip(0, 1)
    assert np.mean(np.logical_xor(corners[:, 0], corners[:, 1]) == y) > 0.99
    assert not np.array_equal(X, make_xor(400, noise=0.1, seed=2)[0])


def test_spirals_radius_and_arms():
    X, y = make_spirals(50, classes=4, noise=0.0)
    assert X.shape == (200, 2) and np.bincount(y).tolist() == [50] * 4
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[:50], np.linspace(0, 1, 50), atol=1e-6)
    # without noise, arm k is arm 0 turned by 4k radians: θ = atan2(x, y)
    theta0 = np.arctan2(X[1:50, 0], X[1:50, 1])
    theta1 = np.arctan2(X[51:100, 0], X[51:100, 1])
    np.testing.assert_allclose(np.cos(theta1 - theta0), np.cos(4.0), atol=1e-5)


@pytest.mark.parametrize("call", [
    lambda: make_moons(1),
    lambda: make_moons(10, noise=-1),
    lambda: make_circles(10, factor=1.5),
    lambda: make_xor(0),
    lambda: make_spirals(10, classes=1),
    lambda: make_spirals(2.5),
])
def test_bad_arguments_are_config_errors(call):
    with pytest.raises(ConfigError):
        call()
