"""d²y/dx² through ``grad(..., create_graph=True)``, against the exact second derivatives."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule.scalar import Value, grad


def sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


Real = Callable[[float], float]
CASES: dict[str, tuple[Callable[[Value], Value], Real, Real]] = {
    # name: (f on Values, f', f'')
    "cubic": (lambda x: 2 * x**3 - 4 * x**2 + x - 7, lambda x: 6 * x**2 - 8 * x + 1,
              lambda x: 12 * x - 8),
    "quartic_product": (lambda x: (x * x) * (x * x), lambda x: 4 * x**3, lambda x: 12 * x**2),
    "exp": (lambda x: x.exp(), math.exp, math.exp),
    "exp_2x": (lambda x: (2 * x).exp(), lambda x: 2 * math.exp(2 * x),
               lambda x: 4 * math.exp(2 * x)),
    "tanh": (lambda x: x.tanh(), lambda x: 1 - math.tanh(x) ** 2,
             lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2)),
    "sigmoid": (lambda x: x.sigmoid(), lambda x: sig(x) * (1 - sig(x)),
                lambda x: sig(x) * (1 - sig(x)) * (1 - 2 * sig(x))),
    "sin": (lambda x: x.sin(), math.cos, lambda x: -math.sin(x)),
    "log": (lambda x: (x * x + 1).log(), lambda x: 2 * x / (x * x + 1),
            lambda x: (2 - 2 * x * x) / (x * x + 1) ** 2),
}


@pytest.mark.parametrize("name", sorted(CASES))
@given(x0=st.floats(-2.0, 2.0))
def test_second_derivative_is_exact(name: str, x0: float) -> None:
    f, df, d2f = CASES[name]
    x = Value(x0)
    dy = grad(f(x), x, create_graph=True)
    assert isinstance(dy, Value)
    assert dy.data == pytest.approx(df(x0), rel=1e-12, abs=1e-12)
    assert grad(dy, x) == pytest.approx(d2f(x0), rel=1e-10, abs=1e-10)


def test_third_derivative_of_a_polynomial() -> None:
    x = Value(1.5)
    y = x**4  # y''' = 24x
    d1 = grad(y, x, create_graph=True)
    d2 = grad(d1, x, create_graph=True)
    assert grad(d2, x) == pytest.approx(24 * 1.5)


def test_mixed_partial() -> None:
    x, y = Value(0.4), Value(-1.2)
    f = (x * y).sin() + x**2 * y
    fx = grad(f, x, create_graph=True)
    # ∂²f/∂y∂x = cos(xy) − xy·sin(xy) + 2x
    expected = math.cos(0.4 * -1.2) - 0.4 * -1.2 * math.sin(0.4 * -1.2) + 2 * 0.4
    assert grad(fx, y) == pytest.approx(expected, rel=1e-12)


def test_backward_with_create_graph_makes_value_grads() -> None:
    x = Value(3.0)
    y = x * x * x
    y.backward(create_graph=True)
    assert isinstance(x.grad, Value)
    assert x.grad.data == 27.0
