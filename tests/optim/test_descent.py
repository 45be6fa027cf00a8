"""Gradient descent on functions of Values: seed 003's numbers, closed forms, divergence."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule.errors import ConfigError
from chainrule.numeric import derivative
from chainrule.optim.descent import DescentPath, descend


def cubic(x):
    return x**3 + 3 * x**2


def cubic_slope(x: float) -> float:
    return 3 * x * x + 6 * x  # by hand: d/dx (x³ + 3x²)


def by_hand(x: float, lr: float, steps: int) -> list[float]:
    """The seed's loop, written independently with the hand derivative."""
    xs = [x]
    for _ in range(steps):
        x = x - lr * cubic_slope(x)
        xs.append(x)
    return xs


def test_seed003_square_from_one():
    # x ← x − 0.3·2x = 0.4x: 1, 0.4, 0.16, 0.064 (the seed's "0.016" on one line is a slip).
    path = descend(lambda x: x**2, 1.0, lr=0.3, steps=3)
    np.testing.assert_allclose(path.xs, [1.0, 0.4, 0.16, 0.064], rtol=1e-12)
    np.testing.assert_allclose(path.fs, np.array([1.0, 0.4, 0.16, 0.064]) ** 2, rtol=1e-12)
    np.testing.assert_allclose(path.grads, 2 * np.array([1.0, 0.4, 0.16, 0.064]), rtol=1e-12)
    assert path.steps == 3 and not path.diverged and path.reason is None
    assert path.xs.shape == (4,) and path.dim == 1


def test_seed003_cubic_small_rate_settles_in_local_minimum():
    path = descend(cubic, -1.99, lr=0.04, steps=50)
    np.testing.assert_allclose(path.xs, by_hand(-1.99, 0.04, 50), rtol=1e-12, atol=1e-15)
    assert not path.diverged
    assert abs(path.final) < 0.01  # the local minimum at x = 0
    assert np.all(np.diff(path.xs) > 0)  # slides monotonically to the right


def test_seed003_cubic_large_rate_is_erratic_but_bounded():
    path = descend(cubic, -1.99, lr=0.45, steps=50)
    np.testing.assert_allclose(path.xs, by_hand(-1.99, 0.45, 50), rtol=1e-9, atol=1e-12)
    assert not path.diverged
    signs = np.sign(path.xs[5:])
    assert np.count_nonzero(signs[1:] != signs[:-1]) >= 10  # bounces back and forth
    assert np.all(np.abs(path.xs) < 2)


def test_start_left_of_the_hump_diverges_without_crashing():
    path = descend(cubic, -2.01, lr=0.04, steps=500, bound=1e6)
    assert path.diverged
    assert "bound" in path.reason and "step" in path.reason
    assert path.steps < 500
    assert np.all(np.isfinite(path.xs)) and np.all(np.abs(path.xs) <= 1e6)


def test_overflow_and_non_finite_values_stop_the_path():
    path = descend(lambda x: x**4, 3.0, lr=10.0, steps=50, bound=math.inf)
    assert path.diverged
    assert np.all(np.isfinite(path.fs)) and np.all(np.isfinite(path.grads))


def test_leaving_the_domain_stops_the_path():
    # f = ln x from 0.5 with α = 1: x₁ = 0.5 − 1·(1/0.5) = −1.5, where ln is undefined.
    path = descend(lambda x: x.log(), 0.5, lr=1.0, steps=5)
    assert path.diverged and "step 1" in path.reason and "log" in path.reason
    np.testing.assert_allclose(path.xs, [0.5])


def test_quadratic_bowl_matches_closed_form():
    # f = x² + 10y²: x_k = (1 − 2α)^k x₀, y_k = (1 − 20α)^k y₀.
    lr, steps = 0.04, 30
    path = descend(lambda x, y: x**2 + 10 * y**2, (2.0, -1.0), lr=lr, steps=steps)
    k = np.arange(steps + 1)
    np.testing.assert_allclose(path.xs[:, 0], 2.0 * (1 - 2 * lr) ** k, rtol=1e-12)
    np.testing.assert_allclose(path.xs[:, 1], -1.0 * (1 - 20 * lr) ** k, rtol=1e-9)
    assert path.xs.shape == (steps + 1, 2) and path.variables == ("x", "y")


def test_rosenbrock_gradient_and_progress():
    def rosen(x, y):
        return (1 - x) ** 2 + 100 * (y - x**2) ** 2

    path = descend(rosen, (-1.2, 1.0), lr=0.001, steps=2000)
    x, y = -1.2, 1.0
    expected = [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]
    np.testing.assert_allclose(path.grads[0], expected, rtol=1e-12)
    assert not path.diverged
    assert path.fs[-1] < 0.1 * path.fs[0]
    assert path.label == "rosen(x, y)"


@given(st.floats(-3, 3), st.floats(0.001, 0.1))
def test_first_step_uses_the_true_slope(x0, lr):
    def f(x):
        return x.sin() * x + x**3

    path = descend(f, x0, lr=lr, steps=1)
    slope = derivative(lambda t: math.sin(t) * t + t**3, x0).value
    assert path.grads[0] == pytest.approx(slope, rel=1e-7, abs=1e-9)
    assert path.xs[1] == pytest.approx(x0 - lr * slope, rel=1e-9, abs=1e-9)


def test_labels():
    assert descend(lambda x: x**2, 1.0, 0.1, 1).label == "f(x)"
    assert descend(lambda x: x**2, 1.0, 0.1, 1, label="x²").label == "f(x) = x²"
    assert descend(lambda a, b: a * b, (1, 2), 0.1, 1, variables=("a", "b")).label == "f(a, b)"


@pytest.mark.parametrize(("x0", "lr", "steps", "match"), [
    (1.0, 0.0, 3, "lr"), (1.0, -0.1, 3, "lr"), (1.0, math.nan, 3, "lr"),
    (1.0, 0.1, -1, "steps"), (math.nan, 0.1, 3, "x0"), ((), 0.1, 3, "x0"),
])
def test_bad_arguments(x0, lr, steps, match):
    with pytest.raises(ConfigError, match=match):
        descend(lambda x: x**2, x0, lr, steps)


def test_a_bad_start_is_an_error_not_divergence():
    with pytest.raises(ConfigError, match="x0 = -1"):
        descend(lambda x: x.log(), -1.0, 0.1, 3)
    with pytest.raises(ConfigError, match="not finite at x0"):
        descend(lambda x: x * 1e308 * 10, 1.0, 0.1, 3)


def test_function_must_return_a_value():
    with pytest.raises(ConfigError, match="must return a Value"):
        descend(lambda x: "nope", 1.0, 0.1, 2)
    with pytest.raises(ConfigError, match="variable names"):
        descend(lambda x: x, 1.0, 0.1, 2, variables=("a", "b"))


def test_repr_and_evaluate():
    path = descend(lambda x: x**2, 1.0, 0.3, 3)
    assert isinstance(path, DescentPath)
    assert "lr=0.3" in repr(path) and "steps=3" in repr(path)
    assert path.evaluate(3.0) == 9.0


def test_formula_string():
    path = descend("x^3 + 3x^2", -1.99, lr=0.04, steps=50)
    np.testing.assert_allclose(path.xs, by_hand(-1.99, 0.04, 50), rtol=1e-12, atol=1e-15)
    assert path.label == "f(x) = x^3 + 3x^2"
