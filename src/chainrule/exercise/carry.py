"""Carried-forward values for the calculus kinds: what a quantity should be *from the student's
own earlier answers* (network kinds get this from :func:`chainrule.explain.check_backprop`).

With it a slip is blamed once: a student whose x1 is wrong but whose x2 = x1 − α·f′(x1) follows
from their own x1 gets x2 marked ``carried``, not wrong again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from chainrule.exercise.problem import Exercise
from chainrule.symbolic import diff

Own = Mapping[str, float]


def _descent(ex: Exercise, key: str, own: Own) -> float | None:
    lr, formula = ex.extra["lr"], ex.extra["formula"]
    if key.startswith("f'(x"):
        k = int(key[4:-1])
        x = ex.extra["x0"] if k == 0 else own.get(f"x{k}")
        return None if x is None else float(diff(formula, "x").at(x=x))
    k = int(key[1:])
    prev = ex.extra["x0"] if k == 1 else own.get(f"x{k - 1}")
    grad = own.get(f"f'(x{k - 1})")
    return None if prev is None or grad is None else prev - lr * grad


def _limit(ex: Exercise, key: str, own: Own) -> float | None:
    if key == "quotient" and "f(x0+h)" in own and "f(x0)" in own:
        return (own["f(x0+h)"] - own["f(x0)"]) / ex.extra["h"]
    if key == "error" and "quotient" in own and "f'(x0)" in own:
        return own["quotient"] - own["f'(x0)"]
    return None


def _tangent(ex: Exercise, key: str, own: Own) -> float | None:
    if key == "b" and "f(x0)" in own and "m" in own:
        return own["f(x0)"] - own["m"] * ex.extra["x0"]
    return None


FOLLOWS: dict[str, Callable[[Exercise, str, Own], float | None]] = {
    "descent": _descent, "limit": _limit, "tangent": _tangent}


def follows(ex: Exercise, key: str, own: Own) -> float | None:
    """The value of ``key`` computed from the student's own earlier values ``own``, or None
    when the kind or the quantity depends on nothing the student wrote."""
    rule = FOLLOWS.get(ex.kind)
    return rule(ex, key, own) if rule else None


__all__ = ["FOLLOWS", "follows"]
