"""``gradient``, ``jacobian`` and ``hessian`` against derivatives worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from chainrule.errors import ConfigError, NumericalError
from chainrule.numeric import gradient, hessian, jacobian


def f(v):
    # f(a, b, c) = a²b + sin(c)·a + e^(bc)
    a, b, c = v
    return a * a * b + np.sin(c) * a + np.exp(b * c)


def grad_f(v):
    a, b, c = v
    return np.array([2 * a * b + np.sin(c), a * a + c * np.exp(b * c),
                     np.cos(c) * a + b * np.exp(b * c)])


def hess_f(v):
    a, b, c = v
    e = np.exp(b * c)
    return np.array([
        [2 * b, 2 * a, np.cos(c)],
        [2 * a, c * c * e, e + b * c * e],
        [np.cos(c), e + b * c * e, -np.sin(c) * a + b * b * e],
    ])


POINTS = [np.array([1.0, 2.0, 0.5]), np.array([-0.3, 0.1, 2.0]), np.array([3.0, -1.0, -0.7])]


@pytest.mark.parametrize("x", POINTS)
@pytest.mark.parametrize(("method", "rtol"), [("central", 1e-9), ("complex", 1e-13),
                                              ("forward", 1e-6)])
def test_gradient(x: np.ndarray, method: str, rtol: float) -> None:
    np.testing.assert_allclose(gradient(f, x, method=method), grad_f(x), rtol=rtol, atol=rtol)


@pytest.mark.parametrize("x", POINTS)
def test_hessian(x: np.ndarray) -> None:
    h = hessian(f, x)
    np.testing.assert_allclose(h, hess_f(x), rtol=1e-7, atol=1e-7)
    assert np.array_equal(h, h.T)


def test_hessian_at_an_explicit_step() -> None:
    x = POINTS[0]
    np.testing.assert_allclose(hessian(f, x, step=1e-4), hess_f(x), rtol=1e-5, atol=1e-5)


def test_jacobian_of_the_gradient_is_the_hessian() -> None:
    x = POINTS[1]
    np.testing.assert_allclose(jacobian(grad_f, x), hess_f(x), rtol=1e-9, atol=1e-10)


def test_jacobian_shape_and_values() -> None:
    def g(v):
        return np.array([v[0] * v[1], np.exp(v[0]), v[1] ** 3])

    j = jacobian(g, [1.0, 2.0])
    assert j.shape == (3, 2)
    np.testing.assert_allclose(j, [[2.0, 1.0], [np.e, 0.0], [0.0, 12.0]], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(jacobian(g, [1.0, 2.0], method="complex"), j, rtol=1e-9, atol=1e-12)


def test_gradient_keeps_the_shape_of_x_and_does_not_touch_it() -> None:
    x = np.arange(6.0).reshape(2, 3)
    before = x.copy()
    g = gradient(lambda m: np.sum(m**2), x)
    assert g.shape == (2, 3)
    np.testing.assert_allclose(g, 2 * before, rtol=1e-9, atol=1e-9)
    assert np.array_equal(x, before)


@given(hnp.arrays(np.float64, st.integers(1, 4), elements=st.floats(-2, 2)))
def test_gradient_of_quadratic_forms(x: np.ndarray) -> None:
    # f(x) = ½xᵀAx + bᵀx has ∇f = ½(A + Aᵀ)x + b and Hessian ½(A + Aᵀ).
    n = x.size
    rng = np.random.default_rng(n)
    A, b = rng.normal(size=(n, n)), rng.normal(size=n)
    sym = (A + A.T) / 2
    np.testing.assert_allclose(gradient(lambda v: 0.5 * v @ A @ v + b @ v, x), sym @ x + b,
                               rtol=1e-8, atol=1e-8)
    np.testing.assert_allclose(hessian(lambda v: 0.5 * v @ A @ v, x), sym, rtol=1e-6, atol=1e-6)


def test_gradient_needs_a_scalar_function() -> None:
    with pytest.raises(ConfigError, match="one number, got an array of shape \\(2,\\)"):
        gradient(lambda v: v * 2, [1.0, 2.0])


def test_jacobian_output_shape_must_not_change() -> None:
    def g(v):
        return v if v[0] == 1.0 else v[:1]

    with pytest.raises(ConfigError, match="must not change"):
        jacobian(g, [1.0, 2.0])


def test_nan_names_the_point() -> None:
    with pytest.raises(NumericalError, match=r"returned nan at x = \[ 1\. -1\.\]"):
        gradient(lambda v: np.sum(np.log(v)), [1.0, -1.0])


def test_hessian_needs_a_vector() -> None:
    with pytest.raises(ConfigError, match="must be a vector"):
        hessian(lambda m: np.sum(m), np.ones((2, 2)))


def test_bad_points() -> None:
    with pytest.raises(ConfigError, match="x must be finite"):
        gradient(np.sum, [1.0, np.inf])
    with pytest.raises(ConfigError, match="array of real numbers"):
        gradient(np.sum, ["a", object()])
