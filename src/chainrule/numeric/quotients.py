"""The difference quotients, and the choice of step for each.

With a step h > 0 and s = max(|x|, 1):

=========  =========================================  =================  =============
method     first derivative (order=1)                 error              default step
=========  =========================================  =================  =============
forward    (f(x + h) − f(x)) / h                      O(h)               √ε · s
backward   (f(x) − f(x − h)) / h                      O(h)               √ε · s
central    (f(x + h) − f(x − h)) / 2h                 O(h²)              ε^(1/3) · s, then
                                                                         Richardson
complex    Im f(x + ih) / h                           O(h²), no          10⁻²⁰ · s
                                                      cancellation
=========  =========================================  =================  =============

and for the second derivative (order=2) forward (f(x+2h) − 2f(x+h) + f(x))/h², backward likewise
mirrored, central (f(x+h) − 2f(x) + f(x−h))/h², complex the central difference of complex-step
first derivatives. The steps balance truncation error (∝ hᵖ) against rounding error
(∝ ε|f|/h): for one-sided first differences the sum hM + ε|f|/h is least near h ≈ √ε, for
central ones near ε^(1/3). The complex step subtracts nothing, so h can be tiny.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.numeric.probe import EPS, representable, scale_of

METHODS = ("central", "forward", "backward", "complex")

#: p in "error ∝ hᵖ" for each method (first and second derivative alike).
ACCURACY = {"central": 2, "forward": 1, "backward": 1, "complex": 2}

#: Tableau of steps for central differences: from 2^(LEVELS−1) times the classic step down to it.
LEVELS = 8
COMPLEX_STEP = 1e-20

Evaluate = Callable[[Any, bool], Any]  # ev(point, probe) -> checked f(point)


def check_method(method: str, order: int, what: str) -> None:
    """Raise ConfigError unless ``method`` and ``order`` are ones we know."""
    if method not in METHODS:
        raise ConfigError(
            f"{what}: method must be one of {', '.join(repr(m) for m in METHODS)}; "
            f"got {method!r}"
        )
    if isinstance(order, bool) or order not in (1, 2):
        raise ConfigError(f"{what}: order must be 1 or 2, got {order!r}")


def default_step(method: str, order: int, x: float) -> float:
    """The classic step for ``method`` and ``order`` at ``x`` (see the module table)."""
    s = scale_of(x)
    if method == "complex":
        return COMPLEX_STEP * s if order == 1 else EPS ** (1 / 3) * s
    if method == "central":
        return (EPS ** (1 / 3) if order == 1 else EPS ** (1 / 4)) * s
    return (EPS ** (1 / 2) if order == 1 else EPS ** (1 / 3)) * s


def quotient(ev: Evaluate, x: float, fx: Any, method: str, order: int):
    """The quotient at step h as a function ``q(h) -> (D, rounding noise, h actually used)``.

    ``ev(point, probe)`` evaluates f (checked); ``fx`` is f(x), already evaluated.
    """
    afx = np.abs(fx)

    def first(h: float) -> tuple[Any, Any, float]:
        if method == "complex":
            out = ev(complex(x, h), True)
            d = np.imag(out) / h
            # No subtraction, so only the rounding of f's own arithmetic: a few ε relative.
            return d, 4 * EPS * (np.abs(d) + afx / scale_of(x)), h
        if method == "forward":
            h = representable(x, h)
            up = ev(x + h, True)
            return (up - fx) / h, EPS * (np.abs(up) + afx) / h, h
        if method == "backward":
            h = -representable(x, -h)
            down = ev(x - h, True)
            return (fx - down) / h, EPS * (np.abs(down) + afx) / h, h
        h = representable(x, h)
        up, down = ev(x + h, True), ev(x - h, True)
        return (up - down) / (2 * h), EPS * (np.abs(up) + np.abs(down)) / (2 * h), h

    def second(h: float) -> tuple[Any, Any, float]:
        if method == "complex":
            # f'' as the central difference of complex-step first derivatives g(t) = Im f(t+iτ)/τ.
            h = representable(x, h)
            tau = COMPLEX_STEP * scale_of(x)
            g_up = np.imag(ev(complex(x + h, tau), True)) / tau
            g_down = np.imag(ev(complex(x - h, tau), True)) / tau
            noise = EPS * (np.abs(g_up) + np.abs(g_down)) / (2 * h)
            return (g_up - g_down) / (2 * h), noise, h
        if method == "central":
            h = representable(x, h)
            up, down = ev(x + h, True), ev(x - h, True)
            d = (up - 2 * fx + down) / (h * h)
            return d, EPS * (np.abs(up) + 2 * afx + np.abs(down)) / (h * h), h
        sign = 1.0 if method == "forward" else -1.0
        h = sign * representable(x, sign * h)
        one, two = ev(x + sign * h, True), ev(x + 2 * sign * h, True)
        d = (two - 2 * one + fx) / (h * h)
        return d, EPS * (np.abs(two) + 2 * np.abs(one) + afx) / (h * h), h

    return first if order == 1 else second
