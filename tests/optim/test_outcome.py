"""Verdicts on descent runs: each kind on a run built to show it, and the α < 2/f″ bound."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.optim.descent import descend
from chainrule.optim.outcome import hessian, judge


def test_quadratic_above_the_bound_diverges_and_names_it():
    # f = x², f″ = 2: x ← (1 − 2α)x; α = 1.1 multiplies x by −1.2 each step.
    out = judge(descend("x^2", 1.0, 1.1, 10))
    assert out.kind == "diverged" and not out.ok
    assert out.quadratic and out.curvature == pytest.approx(2.0)
    assert out.bound == pytest.approx(1.0)
    assert "f grew from 1 to " + f"{1.2 ** 20:.4g}" in out.message
    assert "α < 2/2 = 1" in out.message and "above" in out.message


def test_quadratic_at_the_bound_oscillates():
    out = judge(descend("x^2", 1.0, 1.0, 10))  # x ← −x: 1, −1, 1, …
    assert out.kind == "oscillating" and out.ok
    assert "x = -1" in out.message and "x = 1" in out.message and "equal to" in out.message


def test_below_the_bound_converges():
    out = judge(descend("x^2", 1.0, 0.3, 60))  # x ← 0.4x: 0.4⁶⁰ ≈ 1e-24
    assert out.kind == "converged" and "minimum" in out.message


def test_zigzag_below_the_bound_still_converges():
    out = judge(descend("x^2", 1.0, 0.9, 200))  # x ← −0.8x: shrinks while alternating
    assert out.kind == "converged"


def test_too_few_steps_is_the_step_limit():
    out = judge(descend("x^2", 1.0, 0.3, 5))
    assert out.kind == "step limit" and f"{0.4 ** 5:.4g}" in out.message


def test_two_variables_use_the_largest_hessian_eigenvalue():
    # f = x² + 10y²: Hessian diag(2, 20), so α < 2/20 = 0.1.
    out = judge(descend("x^2 + 10y^2", [1.0, 1.0], 0.11, 20))
    assert out.kind == "diverged" and out.bound == pytest.approx(0.1)


def test_seed003_bounce_is_a_local_divergence_with_a_local_bound():
    # x³ + 3x² from −1.99 with α = 0.45 swings around the minimum at 0, ever wider:
    # f″(0) = 6, so near 0 only α < 1/3 settles.
    out = judge(descend("x^3 + 3x^2", -1.99, 0.45, 50))
    assert out.kind == "diverged" and not out.quadratic
    assert 0.3 < out.bound < 0.45 and "near x = " in out.message


def test_falling_off_a_cubic_is_divergence_without_a_minimum():
    out = judge(descend("x^3 + 3x^2", -2.01, 0.04, 60))
    assert out.kind == "diverged" and "no minimum that way" in out.message


def test_flat_points_that_are_not_minima_are_stalls():
    assert judge(descend("x^3", 0.0, 0.1, 5)).kind == "stalled"          # inflection
    assert judge(descend("-x^2", 0.0, 0.1, 5)).kind == "stalled"         # maximum
    tiny = judge(descend("x^2", 1.0, 1e-20, 5))                           # α far too small
    assert tiny.kind == "stalled" and "larger --lr" in tiny.message


def test_hessian_matches_hand_second_derivatives():
    path = descend("x^2*y + 3y^2", [1.0, 2.0], 0.01, 1)
    h = hessian(path, np.array([1.5, -0.5]))
    # ∂²/∂x² = 2y, ∂²/∂x∂y = 2x, ∂²/∂y² = 6
    np.testing.assert_allclose(h, [[-1.0, 3.0], [3.0, 6.0]], rtol=1e-6, atol=1e-6)


@settings(max_examples=30, deadline=None)
@given(h=st.floats(0.5, 20), ratio=st.floats(0.05, 1.9))
def test_quadratic_verdict_follows_the_rate_bound(h, ratio):
    # f = h/2·x²: x ← (1 − αh)x. Below 2/h it shrinks; above (ratio > 2) it grows.
    lr = ratio / h
    out = judge(descend(f"{h!r}/2*x^2", 1.0, lr, 400))
    assert out.bound == pytest.approx(2 / h, rel=1e-5)
    assert out.kind in ("converged", "step limit")
    over = judge(descend(f"{h!r}/2*x^2", 1.0, (4 - ratio) / h, 30))
    assert over.kind == "diverged"


def test_leaving_the_domain_is_said_in_the_formulas_terms():
    from chainrule.errors import ConfigError

    with pytest.raises(ConfigError, match=r"ln\(x\) is undefined at x = -1: it needs x > 0"):
        descend("ln(x)", -1.0, 0.1, 3)
    path = descend("ln(x) + x^2", 0.1, 1.0, 3)  # 0.1 − (1/0.1 + 0.2) = −10.1
    assert path.diverged and "ln(x) is undefined at x = -10.1" in path.reason
    assert judge(path).kind == "diverged"


def test_creeping_into_an_inflection_point_is_not_a_minimum():
    # x³: x ← x − 0.3x² creeps towards 0, where f′ = f″ = 0 but f keeps falling past it.
    out = judge(descend("x^3", 1.0, 0.1, 10000))
    assert out.kind == "stalled" and "not a minimum" in out.message
    assert "converged" not in out.message
    # a flat-bottomed minimum (x⁴: f″ = 0 there too) is still a minimum
    assert judge(descend("x^4", 1.0, 0.1, 40000)).kind == "converged"


def test_a_shrinking_zigzag_below_the_bound_is_not_oscillating():
    # x ← −0.98x: the swings shrink by 2 % a step; α = 0.99 < 2/2, so it converges (slowly).
    out = judge(descend("x^2", 1.0, 0.99, 100))
    assert out.kind == "step limit" and "below it" in out.message
    assert "without getting closer" not in out.message and "shrink" in out.message


def test_a_bounce_quotes_the_curvature_at_the_minimum_it_straddles():
    # x⁴ − 3x² bounces around its minimum at √1.5, where f″ = 12x² − 6 = 12: α < 1/6.
    out = judge(descend("x^4 - 3x^2", 0.5, 0.2, 10))
    assert out.curvature == pytest.approx(12.0, rel=1e-4)
    assert out.bound == pytest.approx(1 / 6, rel=1e-4)
    assert f"x = {1.5 ** 0.5:.4g}" in out.message and "above it" in out.message


def test_falling_off_a_cubic_advises_no_smaller_rate():
    out = judge(descend("x^3 + 3x^2", -2.01, 0.04, 60))
    assert "unbounded below" in out.advice and "smaller" not in out.advice
    assert "smaller --lr" in judge(descend("x^2", 1.0, 1.1, 10)).advice
