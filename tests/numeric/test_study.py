"""Seed 002's tangent lines, and the forward/central error as h sweeps (``step_study``)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chainrule.errors import ConfigError
from chainrule.numeric import step_study, tangent_line


def two_x_squared(x):
    return 2 * x**2


@pytest.mark.parametrize("x", [0, 1, 2, 3, 4])
def test_seed002_tangent_slopes(x: int) -> None:
    # d/dx 2x² = 4x: slopes 0, 4, 8, 12, 16 at x = 0..4.
    exact = tangent_line(two_x_squared, x)
    assert exact.slope == pytest.approx(4 * x, abs=1e-9)
    assert exact.intercept == pytest.approx(2 * x**2 - 4 * x * x, abs=1e-8)  # b = −2x²
    # The seed's one-sided quotient with h = 0.0001 is 4x + 2h = 4x + 0.0002.
    seed = tangent_line(two_x_squared, x, method="forward", step=0.0001)
    assert seed.slope == pytest.approx(4 * x + 0.0002, abs=1e-8)


def test_seed002_tangent_at_two_matches_the_seed_construction() -> None:
    # The seed: m = (y2 − y1)/(x2 − x1), b = y2 − m·x2 with x1 = 2, x2 = 2.0001.
    x1, x2 = 2, 2 + 0.0001
    m = (two_x_squared(x2) - two_x_squared(x1)) / (x2 - x1)
    b = two_x_squared(x2) - m * x2
    line = tangent_line(two_x_squared, 2, method="forward", step=0.0001)
    assert line.slope == pytest.approx(m, rel=1e-9)
    assert line.intercept == pytest.approx(b, rel=1e-8)
    assert line(np.array([1.1, 2.0, 2.9])) == pytest.approx([m * t + b for t in (1.1, 2.0, 2.9)])
    assert line(2.0) == pytest.approx(two_x_squared(2.0))
    assert str(line).startswith("y = 8.0002x − 8.000")


def test_step_study_shows_the_trade_off() -> None:
    s = step_study(np.exp, 1.0)
    assert s.reference == "complex step" and s.exact == pytest.approx(math.e, rel=1e-15)
    assert s.hs.shape == s.forward.shape == s.central.shape == s.forward_error.shape == (29,)
    np.testing.assert_allclose(s.forward_error, np.abs(s.forward - math.e))
    # Truncation: at large h forward (O(h)) is worse than central (O(h²)).
    assert s.forward_error[0] > 10 * s.central_error[0]
    # The best steps sit where truncation meets rounding: ≈ √ε for forward, ≈ ε^(1/3) central.
    assert 1e-10 <= s.best_forward_step <= 1e-6
    assert 1e-7 <= s.best_central_step <= 1e-3
    # Too small an h loses precision (seed 002): h = 1e-15 is far worse than the best step.
    assert s.forward_error[-1] > 1e3 * s.forward_error.min()


def test_step_study_references() -> None:
    assert step_study(math.exp, 0.0).reference == "richardson"  # math.exp rejects complex x
    given = step_study(two_x_squared, 1.0, exact=4.0, hs=[1e-2, 1e-3])
    assert given.reference == "given"
    np.testing.assert_allclose(given.forward_error, [0.02, 0.002], rtol=1e-6)
    # abs drops the imaginary part, so its complex step says 0; the study notices.
    assert step_study(abs, -1.0).exact == pytest.approx(-1.0)


def test_step_study_rejects_bad_steps() -> None:
    with pytest.raises(ConfigError, match="positive steps"):
        step_study(np.exp, 1.0, hs=[1e-3, -1e-3])
