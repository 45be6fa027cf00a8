"""Every generated number checked against a second, independent computation.

Networks: NumPy with the textbook formulas (conftest ``numpy_step``), not explain. Derivatives:
central differences of f evaluated pointwise, not symbolic.diff. Limits, tangents and descent:
the arithmetic redone here from the givens.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from chainrule.exercise import KINDS, generate
from chainrule.exercise.formulas import FAMILIES
from chainrule.symbolic import to_function

SEEDS = (0, 1, 2, 11)
NETWORK_KINDS = ("forward", "backprop-logistic", "backprop-relu", "backprop-tanh",
                 "backprop-softmax")


def with_formula(kind: str, level: int) -> Iterator[tuple[int, Any, Callable[..., Any]]]:
    """(seed, exercise, its formula as a function) for each of :data:`SEEDS`."""
    for seed in SEEDS:
        ex = generate(kind, level, seed)
        yield seed, ex, to_function(ex.extra["formula"])


@pytest.mark.parametrize("kind", NETWORK_KINDS)
@pytest.mark.parametrize("level", (1, 2, 3))
def test_network_answers_match_numpy(kind, level, ref):
    for seed in SEEDS:
        ex = generate(kind, level, seed)
        values, grads, updates = ref.numpy_step(ex.network)
        for q in ex.quantities:
            if q.key.startswith("dE/d"):
                expected = grads[q.key[4:]]
            elif q.key.endswith("+"):
                expected = updates[q.key[:-1]]
            else:
                expected = values[q.key]
            assert q.value == pytest.approx(expected, rel=1e-9, abs=1e-12), (kind, seed, q.key)


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("level", (1, 2, 3))
def test_derivative_value_matches_central_difference(family, level, ref):
    for seed, ex, f in with_formula(family, level):
        x0 = ex.extra["x0"]
        slope = ex.quantity("f'(x0)").value
        assert slope == pytest.approx(ref.central(lambda x, f=f: float(f(x)), x0), rel=1e-5,
                                      abs=1e-6), (family, seed)


@pytest.mark.parametrize("level", (1, 2, 3))
def test_partials_match_central_differences(level, ref):
    for _seed, ex, f in with_formula("partial", level):
        x0, y0 = ex.extra["x0"], ex.extra["y0"]
        dx = ref.central(lambda x, f=f, y0=y0: float(f(x=x, y=y0)), x0)
        dy = ref.central(lambda y, f=f, x0=x0: float(f(x=x0, y=y)), y0)
        assert ex.quantity("df/dx(x0,y0)").value == pytest.approx(dx, rel=1e-5, abs=1e-6)
        assert ex.quantity("df/dy(x0,y0)").value == pytest.approx(dy, rel=1e-5, abs=1e-6)


def _poly(text: str):
    """The polynomial 'a*x^3 + b*x^2 + c*x^1 + d' as coefficients, read by hand."""
    terms = [t.strip() for t in text.split("+")]
    coeffs = {}
    for t in terms:
        if "*x^" in t:
            c, p = t.split("*x^")
            coeffs[int(p)] = int(c)
        else:
            coeffs[0] = int(t)
    return lambda x: sum(c * x**p for p, c in coeffs.items()), coeffs


@pytest.mark.parametrize("level", (1, 2, 3))
def test_limit_quotient_recomputed(level):
    for seed in SEEDS:
        ex = generate("limit", level, seed)
        f, coeffs = _poly(ex.extra["formula"])
        x0, h = ex.extra["x0"], ex.extra["h"]
        q = (f(x0 + h) - f(x0)) / h
        exact = sum(p * c * x0 ** (p - 1) for p, c in coeffs.items() if p)
        assert ex.quantity("f(x0)").value == pytest.approx(f(x0))
        assert ex.quantity("f(x0+h)").value == pytest.approx(f(x0 + h), rel=1e-12)
        assert ex.quantity("quotient").value == pytest.approx(q, rel=1e-9)
        assert ex.quantity("f'(x0)").value == pytest.approx(exact)
        assert ex.quantity("error").value == pytest.approx(q - exact, abs=1e-9)
        # The stated decimals are enough to write f(x0 + h) exactly.
        d = ex.quantity("f(x0+h)").decimals
        assert round(f(x0 + h), d) == pytest.approx(f(x0 + h), abs=1e-9)


@pytest.mark.parametrize("level", (1, 2, 3))
def test_tangent_recomputed(level, ref):
    for _seed, ex, f in with_formula("tangent", level):
        x0 = ex.extra["x0"]
        m = ref.central(lambda x, f=f: float(f(x)), x0)
        assert ex.quantity("m").value == pytest.approx(m, rel=1e-5, abs=1e-6)
        b = float(f(x0)) - m * x0
        assert ex.quantity("b").value == pytest.approx(b, rel=1e-5, abs=1e-5)


@pytest.mark.parametrize("level", (1, 2, 3))
def test_descent_recomputed(level, ref):
    for _seed, ex, f in with_formula("descent", level):
        x, lr = ex.extra["x0"], ex.extra["lr"]
        for k in range(ex.extra["steps"]):
            g = ref.central(lambda t, f=f: float(f(t)), x)
            assert ex.quantity(f"f'(x{k})").value == pytest.approx(g, rel=1e-6, abs=1e-7)
            x = x - lr * g
            assert ex.quantity(f"x{k + 1}").value == pytest.approx(x, rel=1e-6, abs=1e-7)


def test_every_kind_generates_at_every_level():
    for kind in KINDS:
        for level in (1, 2, 3):
            ex = generate(kind, level, 5)
            assert ex.quantities, kind
            assert all(q.value is None or math.isfinite(q.value) for q in ex.quantities)
