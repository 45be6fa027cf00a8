"""f'(x) and f''(x) from values of f alone: ``derivative`` and the seeds' ``difference_quotient``.

The seeds approximate the limit f'(x) = lim_{h→0} (f(x + h) − f(x)) / h with a small h such as
0.0001 (:func:`difference_quotient`). :func:`derivative` does the same job carefully: it picks the
step for the method, extrapolates central differences to h = 0, and says how far off it may be.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, NumericalError
from chainrule.numeric.extrapolate import Extrapolation, plain, richardson
from chainrule.numeric.probe import call, check_point, check_step
from chainrule.numeric.quotients import (
    ACCURACY,
    LEVELS,
    Evaluate,
    check_method,
    default_step,
    quotient,
)


@dataclass(frozen=True)
class DerivativeEstimate:
    """A numerical derivative and how far off it may be.

    Attributes
    ----------
    value : float
        The estimate of f'(x) (or f''(x) for ``order=2``).
    error : float
        An estimate of the absolute error |value − true derivative|: truncation (how much the
        estimate moves when the step changes) plus rounding (ε·|f|/h, scaled by the formula).
    x : float
        Where the derivative was taken.
    method : str
        ``"central"``, ``"forward"``, ``"backward"`` or ``"complex"``.
    order : int
        1 for f', 2 for f''.
    step : float
        The step h of the chosen estimate (for central differences with ``step=None``, the step
        of the Richardson level that won).
    evaluations : int
        How many times f was called.
    """

    value: float
    error: float
    x: float
    method: str
    order: int
    step: float
    evaluations: int

    def __float__(self) -> float:
        return self.value

    def __str__(self) -> str:
        prime = "'" * self.order
        return f"f{prime}({self.x:g}) ≈ {self.value:.12g} ± {self.error:.2g} ({self.method})"


class Counted:
    """Wraps f and counts its calls."""

    def __init__(self, f: Callable[[Any], Any]) -> None:
        self.f = f
        self.calls = 0

    def __call__(self, x: Any) -> Any:
        self.calls += 1
        return self.f(x)


def estimate(
    ev: Evaluate, x: float, fx: Any, *, method: str, order: int, step: float | None
) -> Extrapolation:
    """The derivative of the (checked) function ``ev`` at ``x``, with ``fx = f(x)`` known.

    Central differences (and the complex-step second derivative, a central difference too) with
    ``step=None`` are extrapolated over a tableau of steps; everything else uses one step and
    estimates its truncation error from a second quotient at twice the step (whose rounding
    noise is smaller, not larger): if D(h) = f' + c·hᵖ then D(h) − f' ≈ (D(2h) − D(h))/(2ᵖ − 1).
    """
    q = quotient(ev, x, fx, method, order)
    if step is None and (method == "central" or (method == "complex" and order == 2)):
        h0 = default_step(method, order, x) * 2.0 ** (LEVELS - 1)
        return richardson(q, h0, levels=LEVELS, power=2)
    h = default_step(method, order, x) if step is None else step
    d1, n1, used = q(h)
    d2, n2, _ = q(2 * h)
    p = ACCURACY[method]
    truncation = np.abs(d2 - d1) / (2.0**p - 1.0)
    return Extrapolation(plain(d1), plain(truncation + n1 + n2), used, 1)


def _with_hint(exc: NumericalError, method: str) -> NumericalError:
    # math.sin(1+1e-20j) raises TypeError: say what the complex step needs.
    if method == "complex" and isinstance(exc.__cause__, TypeError):
        return NumericalError(
            f"{exc}; the complex step evaluates f at complex x, so f must use numpy or cmath "
            "functions (not math.*, float() or abs())"
        )
    return exc


def derivative(
    f: Callable[[Any], Any],
    x: float,
    *,
    method: str = "central",
    step: float | None = None,
    order: int = 1,
) -> DerivativeEstimate:
    """The derivative f'(x) (or f''(x)) of a function of one number, from values of f.

    Parameters
    ----------
    f : callable
        ``f(x) -> number`` (a float, NumPy scalar, or anything with a one-number ``.data`` such
        as a :class:`~chainrule.scalar.Value`). For ``method="complex"`` f must accept complex
        x and carry the imaginary part through (NumPy/cmath functions do).
    x : float
        Where to differentiate.
    method : {"central", "forward", "backward", "complex"}
        The difference quotient: central (f(x+h) − f(x−h))/2h, forward (f(x+h) − f(x))/h,
        backward (f(x) − f(x−h))/h, or the complex step Im f(x + ih)/h.
    step : float, optional
        The step h. By default it is chosen for the method, scaled by s = max(|x|, 1): √ε·s
        one-sided, ε^(1/3)·s central, 10⁻²⁰·s complex (ε^(1/3)·s, ε^(1/4)·s for ``order=2``),
        and central differences are improved by Richardson extrapolation over eight steps
        from 2⁷ times the classic one down to it. The step taken is (x + step) − x, so
        that x + h is exact.
    order : {1, 2}
        1 for f'(x), 2 for f''(x).

    Returns
    -------
    DerivativeEstimate
        ``value`` and ``error`` (an estimate of the absolute error), plus the step and the
        number of evaluations.

    Raises
    ------
    NumericalError
        f raises, or returns NaN/inf, at x or at a probe near it (the message names the point).
    ConfigError
        f returns something other than one real number, or an argument is invalid.

    Examples
    --------
    >>> import math
    >>> d = derivative(math.exp, 1.0)
    >>> abs(d.value - math.e) < 1e-12
    True
    """
    what = "derivative"
    check_method(method, order, what)
    x = check_point(x, what)
    step = check_step(step, what)
    counted = Counted(f)
    complex_step = method == "complex"

    def ev(point: Any, probe: bool) -> Any:
        return call(counted, point, what=what, complex_ok=complex_step, probe=probe)

    fx = ev(x, False)
    if complex_step:
        fx = float(np.real(fx))
    try:
        result = estimate(ev, x, fx, method=method, order=order, step=step)
    except NumericalError as exc:
        raise _with_hint(exc, method) from exc.__cause__
    return DerivativeEstimate(
        value=float(result.value),
        error=float(result.error),
        x=x,
        method=method,
        order=order,
        step=float(result.step),
        evaluations=counted.calls,
    )


def difference_quotient(f: Callable[[float], float], x: float, h: float) -> float:
    """The seeds' one-sided difference quotient (f(x + h) − f(x)) / h, computed exactly so.

    No step correction, no extrapolation: this is the tutorial formula, rounding and all, e.g.
    f(x) = 3x² + 4x + 6 at x = 2 with h = 0.0001 gives 16 + 3h ≈ 16.0003 (the exact f'(2) is
    16; the forward difference of a quadratic ax² + … is off by exactly a·h).

    Parameters
    ----------
    f : callable
        ``f(x) -> number``.
    x : float
        The point.
    h : float
        The step; nonzero (a negative h gives the backward difference).

    Returns
    -------
    float
        (f(x + h) − f(x)) / h.
    """
    what = "difference_quotient"
    x = check_point(x, what)
    try:
        h = float(h)
    except (TypeError, ValueError):
        raise ConfigError(f"{what}: h must be a nonzero number, got {h!r}") from None
    if h == 0 or not np.isfinite(h):
        raise ConfigError(f"{what}: h must be a nonzero finite number, got {h!r}")
    fx = call(f, x, what=what)
    fxh = call(f, x + h, what=what)
    return (fxh - fx) / h
