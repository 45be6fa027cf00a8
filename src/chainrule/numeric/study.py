"""Seed 002's pictures as data: the tangent line y = mx + b, and the trade-off in choosing h.

Seed 002 draws the tangent of f(x) = 2x² at x = 0…4 from a forward difference with h = 0.0001,
and warns that h cannot be made arbitrarily small: the computed difference f(x + h) − f(x) loses
digits to floating point. :func:`step_study` measures that: the error of forward and central
differences over a sweep of h, for the picture a renderer draws (truncation falls as h shrinks,
rounding grows, and the best h sits between).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, NumericalError
from chainrule.numeric.derivative import DerivativeEstimate, derivative
from chainrule.numeric.probe import call, check_point


@dataclass(frozen=True)
class TangentLine:
    """The line y = slope·x + intercept touching f at (x, y).

    Attributes
    ----------
    x, y : float
        The point of tangency, y = f(x).
    slope : float
        f'(x), as estimated by ``estimate``.
    intercept : float
        b = y − slope·x, where the line crosses the y axis.
    estimate : DerivativeEstimate
        The numerical derivative behind the slope (its error, method and step).
    """

    x: float
    y: float
    slope: float
    intercept: float
    estimate: DerivativeEstimate

    def __call__(self, t: Any) -> Any:
        """The line at ``t`` (a number or an array): slope·t + intercept."""
        return self.slope * np.asarray(t, dtype=np.float64) + self.intercept

    def __str__(self) -> str:
        sign = "−" if self.intercept < 0 else "+"
        return f"y = {self.slope:.6g}x {sign} {abs(self.intercept):.6g}"


def tangent_line(
    f: Callable[[float], Any],
    x: float,
    *,
    method: str = "central",
    step: float | None = None,
) -> TangentLine:
    """The tangent of f at x: slope m = f'(x) and intercept b = f(x) − m·x.

    Seed 002 computes b = y₂ − m·x₂ at the second point of its forward difference; that is the
    same line (the secant through both points), so ``method="forward", step=0.0001``
    reproduces the seed's lines.

    Parameters
    ----------
    f : callable
        ``f(x) -> number``.
    x : float
        The point of tangency.
    method, step
        As in :func:`~chainrule.numeric.derivative`.

    Returns
    -------
    TangentLine
    """
    x = check_point(x, "tangent_line")
    y = call(f, x, what="tangent_line")
    est = derivative(f, x, method=method, step=step)
    return TangentLine(x=x, y=y, slope=est.value, intercept=y - est.value * x, estimate=est)


@dataclass(frozen=True)
class StepStudy:
    """Forward and central differences of f at x over a sweep of steps, and their errors.

    Attributes
    ----------
    x : float
        The point.
    hs : ndarray, shape (k,)
        The steps, from large to small.
    forward, central : ndarray, shape (k,)
        The estimates (f(x+h) − f(x))/h and (f(x+h) − f(x−h))/2h, computed as written.
    exact : float
        The reference derivative the errors are measured against.
    reference : str
        Where ``exact`` came from: ``"given"``, ``"complex step"`` or ``"richardson"``.
    forward_error, central_error : ndarray, shape (k,)
        |estimate − exact|.
    """

    x: float
    hs: np.ndarray
    forward: np.ndarray
    central: np.ndarray
    exact: float
    reference: str
    forward_error: np.ndarray
    central_error: np.ndarray

    @property
    def best_forward_step(self) -> float:
        """The h with the smallest forward-difference error."""
        return float(self.hs[np.argmin(self.forward_error)])

    @property
    def best_central_step(self) -> float:
        """The h with the smallest central-difference error."""
        return float(self.hs[np.argmin(self.central_error)])


def step_study(
    f: Callable[[float], Any],
    x: float,
    exact: float | None = None,
    *,
    hs: Any = None,
) -> StepStudy:
    """The error of forward and central differences as the step h sweeps from large to tiny.

    Parameters
    ----------
    f : callable
        ``f(x) -> number``.
    x : float
        The point.
    exact : float, optional
        The true f'(x). Without it the reference is the complex-step derivative when f accepts
        complex numbers and it agrees with the Richardson-extrapolated central one (it is then
        accurate to rounding), else the Richardson estimate itself.
    hs : array_like, optional
        The steps; by default 10⁻¹, 10^(−1.5), …, 10⁻¹⁵ (29 steps). Each is used as given, not
        made representable, so the picture shows the rounding the seeds would see.

    Returns
    -------
    StepStudy
        ``hs``, the estimates, the reference and the absolute errors.
    """
    what = "step_study"
    x = check_point(x, what)
    steps = np.logspace(-1, -15, 29) if hs is None else np.asarray(hs, dtype=np.float64)
    if steps.ndim != 1 or steps.size == 0 or not np.all(np.isfinite(steps)) or np.any(steps <= 0):
        raise ConfigError(f"{what}: hs must be a non-empty 1-d array of positive steps")
    if exact is not None:
        reference, value = "given", check_point(exact, what)
    else:
        central = derivative(f, x)
        value, reference = central.value, "richardson"
        try:
            cs = derivative(f, x, method="complex")
        except (NumericalError, ConfigError):
            cs = None  # f takes real numbers only (math.*): Richardson it is
        # Trust the complex step only where it agrees: a function that drops the imaginary
        # part (abs, .real) would give a confident 0.
        if cs is not None and abs(cs.value - central.value) <= 10 * central.error + 1e-12:
            value, reference = cs.value, "complex step"
    fx = call(f, x, what=what)
    up = np.array([call(f, x + h, what=what) for h in steps])
    down = np.array([call(f, x - h, what=what) for h in steps])
    forward = (up - fx) / steps
    central = (up - down) / (2 * steps)
    return StepStudy(
        x=x,
        hs=steps,
        forward=forward,
        central=central,
        exact=value,
        reference=reference,
        forward_error=np.abs(forward - value),
        central_error=np.abs(central - value),
    )
