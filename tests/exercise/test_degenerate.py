"""Draws never give a degenerate problem: the derivative asked for is not 0 at the point, and
the function (the chain rule's inner function included) is not constant. Checked over many
seeds with central differences, independently of the symbolic derivative the key uses."""

from __future__ import annotations

import pytest

from chainrule.exercise import generate
from chainrule.symbolic import to_function

# (kind, level, seeds): chain level 1 drew (4x − 4)² at x₀ = 1 for seed 36 (f′(1) = 0).
SWEEPS = [("chain", 1, range(120)), ("power", 1, range(200)), ("quotient", 1, range(60)),
          ("derivative-at", 1, range(60)), ("tangent", 1, range(60))]


@pytest.mark.parametrize(("kind", "level", "seeds"), SWEEPS, ids=[s[0] for s in SWEEPS])
def test_the_slope_at_x0_is_not_zero_and_f_is_not_constant(kind, level, seeds, ref):
    for seed in seeds:
        ex = generate(kind, level, seed)
        f = to_function(ex.extra["formula"])
        x0 = ex.extra["x0"]
        slope = ref.central(lambda x, f=f: float(f(x)), x0)
        assert abs(slope) >= 0.01, (kind, seed, ex.extra["formula"], x0, slope)
        values = {round(float(f(x0 + d)), 9) for d in (-0.3, 0.0, 0.4)}
        assert len(values) == 3, (kind, seed, ex.extra["formula"])


def test_partial_derivatives_at_the_point_are_not_zero(ref):
    for seed in range(60):
        ex = generate("partial", 1, seed)
        f = to_function(ex.extra["formula"])
        x0, y0 = ex.extra["x0"], ex.extra["y0"]
        dx = ref.central(lambda x, f=f, y0=y0: float(f(x, y0)), x0)
        dy = ref.central(lambda y, f=f, x0=x0: float(f(x0, y)), y0)
        assert abs(dx) >= 0.01 and abs(dy) >= 0.01, (seed, ex.extra["formula"], x0, y0)


def test_descent_never_starts_at_the_minimum(ref):
    for level in (1, 2):
        for seed in range(80):
            ex = generate("descent", level, seed)
            f = to_function(ex.extra["formula"])
            assert abs(ref.central(lambda x, f=f: float(f(x)), ex.extra["x0"])) >= 0.01, seed
