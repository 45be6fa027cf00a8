"""``derivative`` against exact derivatives (mpmath, 40 digits) on a fixed table of functions.

Targets from the issue: central + Richardson within 1e-9 relative, complex step within 1e-13,
forward (and backward) with the automatic step within 1e-6; where the true derivative is near
zero (|f'| < 1e-3) the bound is absolute instead.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule.errors import ConfigError
from chainrule.numeric import DerivativeEstimate, derivative, difference_quotient

mp.mp.dps = 40


def _sig(x):
    return 1 / (1 + np.exp(-x))


# name: (numpy function, mpmath function, points)
TABLE = {
    "exp": (np.exp, mp.exp, [-2.0, 0.0, 1.0, 3.5, 10.0]),
    "sin": (np.sin, mp.sin, [-1.0, 0.0, 0.5, math.pi / 2, 3.0, 20.0]),
    "cube": (lambda x: x**3, lambda x: x**3, [-2.0, 0.0, 0.3, 1.0, 4.0]),
    "reciprocal": (lambda x: 1 / x, lambda x: 1 / x, [-3.0, 0.1, 0.5, 1.0, 7.0]),
    "sqrt": (np.sqrt, mp.sqrt, [0.01, 0.25, 1.0, 2.0, 100.0]),
    "tanh": (np.tanh, mp.tanh, [-2.0, 0.0, 0.5, 3.0]),
    "sigmoid": (_sig, lambda x: 1 / (1 + mp.exp(-x)), [-4.0, 0.0, 1.0, 5.0]),
    "log": (np.log, mp.log, [0.05, 0.5, 1.0, 2.0, 50.0]),
}
CASES = [(name, x) for name, (_, _, xs) in TABLE.items() for x in xs]
TARGET = {"central": 1e-9, "complex": 1e-13, "forward": 1e-6, "backward": 1e-6}


def exact(name: str, x: float, order: int = 1) -> float:
    return float(mp.diff(TABLE[name][1], mp.mpf(x), order))


def off_by(value: float, truth: float) -> float:
    """Relative error, or absolute where the true derivative is near zero."""
    err = abs(value - truth)
    return err / abs(truth) if abs(truth) >= 1e-3 else err


@pytest.mark.parametrize("method", list(TARGET))
@pytest.mark.parametrize(("name", "x"), CASES)
def test_first_derivative_meets_its_accuracy_target(name: str, x: float, method: str) -> None:
    d = derivative(TABLE[name][0], x, method=method)
    truth = exact(name, x)
    assert off_by(d.value, truth) <= TARGET[method]
    # The error estimate is honest: the true error is within it (with a little slack).
    assert abs(d.value - truth) <= 2 * d.error + 1e-300


@pytest.mark.parametrize(("method", "target"), [("central", 1e-8), ("complex", 1e-10),
                                                 ("forward", 2e-3), ("backward", 2e-3)])
@pytest.mark.parametrize(("name", "x"), CASES)
def test_second_derivative(name: str, x: float, method: str, target: float) -> None:
    d = derivative(TABLE[name][0], x, method=method, order=2)
    truth = exact(name, x, order=2)
    assert abs(d.value - truth) <= target * max(abs(truth), 1.0)
    assert abs(d.value - truth) <= 2 * d.error


def test_result_fields() -> None:
    d = derivative(np.exp, 1.0)
    assert isinstance(d, DerivativeEstimate)
    assert (d.x, d.method, d.order) == (1.0, "central", 1)
    assert float(d) == d.value
    assert 0 < d.error < 1e-9 and d.step > 0 and d.evaluations >= 4
    assert "central" in str(d)


def test_explicit_step_is_the_plain_quotient() -> None:
    # Forward difference of x² at 3 with h = 2⁻¹⁰ (exact in binary): 2x + h exactly.
    h = 2.0**-10
    d = derivative(lambda x: x * x, 3.0, method="forward", step=h)
    assert d.value == 6.0 + h and d.step == h
    assert d.error >= h / 2  # the truncation error h is visible in the estimate
    c = derivative(lambda x: x**3, 1.0, method="central", step=h)  # 3x² + h² exactly
    assert c.value == pytest.approx(3.0 + h * h, abs=1e-14)


def test_complex_step_accepts_real_results_for_constants() -> None:
    assert derivative(lambda x: 3.0, 2.0, method="complex").value == 0.0


def test_values_are_accepted_as_outputs() -> None:
    from chainrule.scalar import Value

    d = derivative(lambda x: Value(x).exp() * 2, 0.5)
    assert d.value == pytest.approx(2 * math.exp(0.5), rel=1e-10)


def test_near_a_domain_edge_probes_move_closer() -> None:
    # √x at 1e-4: the first probes (steps ≈ 8e-4) are outside the domain; the tableau restarts
    # with smaller steps rather than failing.
    d = derivative(math.sqrt, 1e-4)
    assert d.value == pytest.approx(0.5 / math.sqrt(1e-4), rel=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [({"method": "secant"}, "method must be one of"), ({"order": 3}, "order must be 1 or 2"),
     ({"step": 0.0}, "step must be a positive"), ({"step": -1e-3}, "step must be a positive"),
     ({"step": "big"}, "step must be a positive")],
)
def test_bad_arguments(kwargs: dict, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        derivative(np.sin, 1.0, **kwargs)


@pytest.mark.parametrize("x", [float("nan"), float("inf"), "1", None])
def test_bad_point(x: object) -> None:
    with pytest.raises(ConfigError, match="x must be"):
        derivative(np.sin, x)


@given(st.lists(st.integers(-5, 5), min_size=1, max_size=6), st.floats(-3, 3))
def test_polynomials_match_their_exact_derivative(coefs: list[int], x: float) -> None:
    p = np.polynomial.Polynomial(coefs)
    truth = p.deriv()(x)
    scale = max(1.0, float(np.sum(np.abs(coefs))) * 3.0 ** len(coefs))
    assert abs(derivative(p, x).value - truth) <= 1e-9 * scale
    assert abs(derivative(p, x, method="complex").value - truth) <= 1e-13 * scale


# --- the seeds' difference quotient, recomputed -------------------------------------------------


def seed000(x):
    return 3 * x**2 + 4 * x + 6


def seed001(x):
    return 3 * x**2 - 4 * x + 5


def test_seed000_difference_quotient() -> None:
    # (f(2 + h) − f(2))/h = 16 + 3h for this quadratic: ≈ 16.0003 with h = 0.0001.
    dq = difference_quotient(seed000, 2, 0.0001)
    assert dq == pytest.approx(16.0003, abs=1e-9)
    assert dq == (seed000(2 + 0.0001) - seed000(2)) / 0.0001


def test_seed001_difference_quotients() -> None:
    # f(3) = 20, f(3.001) = 20.014003; quotients 14 + 3h.
    assert seed001(3) == 20
    assert seed001(3 + 0.001) == pytest.approx(20.014003, abs=1e-12)
    assert difference_quotient(seed001, 3, 0.001) == pytest.approx(14.003, abs=1e-9)
    dq = difference_quotient(seed001, 3, 1e-7)
    assert dq == pytest.approx(14.0000003, abs=1e-7)
    # The seed prints 14.000000305713911: the same floating-point computation gives it.
    assert dq == (seed001(3 + 1e-7) - seed001(3)) / 1e-7 == 14.000000305713911


def test_difference_quotient_rejects_zero_step() -> None:
    with pytest.raises(ConfigError, match="h must be a nonzero"):
        difference_quotient(seed000, 2, 0)
