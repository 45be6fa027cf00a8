"""Derivatives of functions of NumPy vectors: ``gradient``, ``jacobian`` and ``hessian``.

Each partial derivative is a one-dimensional derivative along a coordinate axis,

    ∂f/∂xᵢ (x) = d/dt f(x + t·eᵢ) at t = 0,

taken by the same central differences with Richardson extrapolation as
:func:`~chainrule.numeric.derivative` (or any of its other methods). Mixed second partials use

    ∂²f/∂xᵢ∂xⱼ ≈ (f(x+hᵢ+hⱼ) − f(x+hᵢ−hⱼ) − f(x−hᵢ+hⱼ) + f(x−hᵢ−hⱼ)) / (4hᵢhⱼ),

also extrapolated over a few steps, and the Hessian is symmetrised.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, NumericalError
from chainrule.numeric.derivative import _with_hint, estimate
from chainrule.numeric.extrapolate import richardson
from chainrule.numeric.probe import EPS, call, check_step, representable, scale_of, show
from chainrule.numeric.quotients import check_method


def _check_array(x: Any, what: str, *, vector: bool = False) -> np.ndarray:
    """``x`` as a finite float64 array (a copy; 1-D when ``vector``), or a ConfigError."""
    try:
        arr = np.array(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ConfigError(f"{what}: x must be an array of real numbers, got {x!r}") from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if vector and arr.ndim != 1:
        raise ConfigError(f"{what}: x must be a vector (1-D), got shape {arr.shape}")
    if arr.size == 0:
        raise ConfigError(f"{what}: x must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ConfigError(f"{what}: x must be finite, got {show(arr)}")
    return arr


def _partials(
    f: Callable[[np.ndarray], Any],
    x: Any,
    *,
    shape: tuple[int, ...] | None,
    method: str,
    step: float | None,
    what: str,
) -> np.ndarray:
    """The axis derivatives d/dt f(x + t·eᵢ), shaped ``f(x).shape + x.shape``."""
    check_method(method, 1, what)
    point = _check_array(x, what)
    step = check_step(step, what)
    complex_step = method == "complex"
    f0 = call(f, point.copy(), what=what, shape=shape, complex_ok=complex_step)
    if complex_step:
        f0 = np.real(f0)
    out_shape = np.shape(f0)
    columns = []
    for i in np.ndindex(point.shape):

        def ev(t: Any, probe: bool, i: tuple[int, ...] = i) -> Any:
            moved = point.astype(np.complex128 if isinstance(t, complex) else np.float64)
            moved[i] = t
            return call(f, moved, what=what, at=moved, shape=out_shape, complex_ok=complex_step,
                        probe=probe)

        try:
            result = estimate(ev, float(point[i]), f0, method=method, order=1, step=step)
        except NumericalError as exc:
            raise _with_hint(exc, method) from exc.__cause__
        columns.append(np.asarray(result.value, dtype=np.float64))
    return np.stack(columns, axis=-1).reshape(out_shape + point.shape)


def gradient(
    f: Callable[[np.ndarray], Any],
    x: Any,
    *,
    method: str = "central",
    step: float | None = None,
) -> np.ndarray:
    """The gradient ∇f(x) = (∂f/∂x₁, …, ∂f/∂xₙ) of a scalar function of a vector.

    Parameters
    ----------
    f : callable
        ``f(x) -> number`` for ``x`` of the shape given.
    x : array_like
        The point, of any shape (a scalar counts as shape ``(1,)``); it is not modified.
    method, step
        As for :func:`~chainrule.numeric.derivative`, applied along each axis.

    Returns
    -------
    ndarray, shaped like x
        The partial derivatives.

    Raises
    ------
    NumericalError
        f raises or is not finite at x or near it (the message names the point).
    ConfigError
        f returns an array, or x or an argument is invalid.
    """
    return _partials(f, x, shape=(), method=method, step=step, what="gradient")


def jacobian(
    f: Callable[[np.ndarray], Any],
    x: Any,
    *,
    method: str = "central",
    step: float | None = None,
) -> np.ndarray:
    """The Jacobian J[i, j] = ∂fᵢ/∂xⱼ of a vector function of a vector.

    Parameters
    ----------
    f : callable
        ``f(x) -> array of shape (m,)`` (or a number, read as ``m = 1``) for ``x`` of shape
        ``(n,)``.
    x : array_like, shape (n,)
        The point.
    method, step
        As for :func:`~chainrule.numeric.derivative`.

    Returns
    -------
    ndarray, shape (m, n)
        Row i is the gradient of fᵢ.
    """
    what = "jacobian"
    point = _check_array(x, what, vector=True)
    jac = _partials(f, point, shape=None, method=method, step=step, what=what)
    if jac.ndim == 1:
        return jac.reshape(1, -1)
    if jac.ndim != 2:
        raise ConfigError(
            f"{what}: f must return a vector, got an array of shape {jac.shape[:-1]}"
        )
    return jac


def hessian(
    f: Callable[[np.ndarray], Any], x: Any, *, step: float | None = None, levels: int = 5
) -> np.ndarray:
    """The Hessian H[i, j] = ∂²f/∂xᵢ∂xⱼ of a scalar function of a vector.

    Central second differences (diagonal) and the four-point mixed difference (off-diagonal)
    with steps hᵢ = h·max(|xᵢ|, 1), extrapolated (Richardson, p = 2) from h = 2^(levels−1)·ε^(1/4)
    down to ε^(1/4); about ``levels·(2n² + 1)`` evaluations of f.

    Parameters
    ----------
    f : callable
        ``f(x) -> number`` for ``x`` of shape ``(n,)``.
    x : array_like, shape (n,)
        The point.
    step : float, optional
        A fixed h (no extrapolation; the error is then O(h²)).
    levels : int
        How many steps the extrapolation uses (at least 2) when ``step`` is None.

    Returns
    -------
    ndarray, shape (n, n)
        The symmetric matrix of second partial derivatives.
    """
    what = "hessian"
    point = _check_array(x, what, vector=True)
    step = check_step(step, what)
    if isinstance(levels, bool) or not isinstance(levels, int) or levels < 2:
        raise ConfigError(f"{what}: levels must be an integer >= 2, got {levels!r}")
    n = point.size
    scales = np.array([scale_of(v) for v in point])

    def ev(p: np.ndarray, probe: bool = True) -> float:
        return call(f, p, what=what, probe=probe)

    f0 = ev(point.copy(), False)

    def quotient(h: float) -> tuple[np.ndarray, np.ndarray, float]:
        hs = np.array([representable(point[i], h * scales[i]) for i in range(n)])
        hmat = np.zeros((n, n))
        noise = np.zeros((n, n))
        for i in range(n):
            for j in range(i, n):
                if i == j:
                    up, down = point.copy(), point.copy()
                    up[i] += hs[i]
                    down[i] -= hs[i]
                    fu, fd = ev(up), ev(down)
                    hmat[i, i] = (fu - 2 * f0 + fd) / hs[i] ** 2
                    noise[i, i] = EPS * (abs(fu) + 2 * abs(f0) + abs(fd)) / hs[i] ** 2
                    continue
                vals = []
                for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                    p = point.copy()
                    p[i] += si * hs[i]
                    p[j] += sj * hs[j]
                    vals.append(ev(p))
                hmat[i, j] = hmat[j, i] = (vals[0] - vals[1] - vals[2] + vals[3]) / (
                    4 * hs[i] * hs[j]
                )
                noise[i, j] = noise[j, i] = EPS * sum(abs(v) for v in vals) / (4 * hs[i] * hs[j])
        return hmat, noise, h

    if step is not None:
        hmat = quotient(step)[0]
    else:
        h0 = EPS**0.25 * 2.0 ** (levels - 1)
        result = richardson(quotient, h0, levels=levels, power=2, min_levels=2)
        hmat = np.asarray(result.value, dtype=np.float64).reshape(n, n)
    return (hmat + hmat.T) / 2
