"""Sample points for the rule-table tests, shared as a fixture (``table``)."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from chainrule import rules

CANDIDATES = (-1.7, -0.7, 0.4, 0.55, 1.3, 2.2)


def arity(row: rules.Rule) -> int:
    """Number of operands; the variadic ``linear`` is sampled with five (x1, w1, x2, w2, b)."""
    return 5 if row.arity is None else row.arity


def points(row: rules.Rule, limit: int = 6) -> list[tuple[float, ...]]:
    """Sample operand tuples inside the domain, away from kinks (no operand 0, no ties)."""
    n = arity(row)
    combos = itertools.product(CANDIDATES, repeat=n) if n <= 2 else [
        tuple(CANDIDATES[(i + k) % len(CANDIDATES)] for i in range(n)) for k in range(6)]
    good = [p for p in combos if row.domain_error(*p) is None and (n < 2 or p[0] != p[1])]
    assert good, f"{row.name}: no sample point inside its domain"
    return good[:: max(1, len(good) // limit)][:limit]


def central(f, xs: tuple[float, ...], i: int, h: float = 1e-3) -> float:
    """Five-point central difference ∂f/∂xᵢ: error O(h⁴)."""
    def at(d: float) -> float:
        ys = list(xs)
        ys[i] += d
        return f(*ys)

    return (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h)


def differentiable(row: rules.Rule) -> list[int]:
    """Operands with a stated derivative (powc's exponent n is a constant of the graph: 0)."""
    n = arity(row)
    texts = row.local_text(["a"] * n, "o")
    return [i for i in range(n) if i < n - len(row.params) or texts[i] != "0"]


@pytest.fixture
def table() -> SimpleNamespace:
    return SimpleNamespace(arity=arity, points=points, central=central,
                           differentiable=differentiable)
