"""Calling a user's function safely: one number (or array) out, finite, and errors that say where.

Finite differences call ``f`` at points near ``x`` (the *probes*). Whatever goes wrong there —
``f`` raises, returns NaN or infinity, returns an array where one number is needed — becomes a
:class:`~chainrule.errors.NumericalError` or :class:`~chainrule.errors.ConfigError` that names
the point. A failure at a probe (rather than at ``x`` itself) is a :class:`ProbeError`, which the
step-size search may recover from by moving the probes closer to ``x`` (``√x`` at ``x = 10⁻⁴``,
say, where a probe 10⁻³ to the left is outside the domain).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, NumericalError

#: Machine epsilon of float64, 2⁻⁵² ≈ 2.2e-16: the relative spacing of doubles near 1.
EPS = float(np.finfo(np.float64).eps)


class ProbeError(NumericalError):
    """``f`` failed (raised, or gave NaN/inf) at a probe point near ``x``, not at ``x`` itself."""

    def __init__(self, message: str, point: Any) -> None:
        self.point = point
        super().__init__(message)


def scale_of(x: float) -> float:
    """The step scale s = max(|x|, 1): steps grow with |x| but never shrink below absolute ones."""
    return max(abs(x), 1.0)


def representable(x: float, h: float) -> float:
    """The step actually taken, ``(x + h) − x``, so that ``x + h`` is exactly ``x`` plus it.

    Without this, the rounding of ``x + h`` is an error of up to ε|x|/h in the quotient.
    """
    return (x + h) - x


def show(x: Any) -> str:
    """A short rendering of a point for messages (arrays abbreviated)."""
    if isinstance(x, np.ndarray):
        return np.array2string(x, precision=6, threshold=8)
    if isinstance(x, complex):
        return f"{x.real!r} + {x.imag!r}i"
    return repr(float(x)) if isinstance(x, numbers.Real) else repr(x)


def _unwrap(out: Any) -> Any:
    # A scalar-engine Value (or a Tensor) carries its number in ``.data``.
    if not isinstance(out, (np.ndarray, numbers.Number)) and hasattr(out, "data"):
        return out.data
    return out


def call(
    f: Callable[[Any], Any],
    x: Any,
    *,
    what: str,
    at: Any = None,
    shape: tuple[int, ...] | None = (),
    complex_ok: bool = False,
    probe: bool = False,
) -> Any:
    """Evaluate ``f(x)`` and check the result.

    Parameters
    ----------
    f : callable
        The user's function.
    x : float, complex or ndarray
        Where to call it.
    what : str
        The caller's name for messages, e.g. ``"derivative"``.
    at : object, optional
        The point to name in messages when ``x`` is a transformed argument (the probe of one
        coordinate of a vector, say); defaults to ``x``.
    shape : tuple or None
        ``()`` for one number; a tuple for an array of that shape; ``None`` for any array.
    complex_ok : bool
        Accept (and return) complex results, for the complex step.
    probe : bool
        ``x`` is a probe near the point of interest: failures raise :class:`ProbeError`.

    Returns
    -------
    float, complex or ndarray
        The checked result (a copy for arrays, float64 or complex128).
    """
    where = show(x if at is None else at)
    try:
        with np.errstate(all="ignore"):  # we check finiteness ourselves, below
            out = _unwrap(f(x))
    except Exception as exc:
        msg = f"{what}: f raised {type(exc).__name__} ({exc}) at x = {where}"
        raise (ProbeError(msg, x) if probe else NumericalError(msg)) from exc
    arr = np.asarray(out) if not isinstance(out, (str, bytes)) else np.asarray(None)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise ConfigError(
            f"{what}: f must return a number, got {type(out).__name__} at x = {where}"
        )
    if shape == () and arr.ndim != 0:
        raise ConfigError(
            f"{what}: f must return one number, got an array of shape {arr.shape} at x = {where}"
        )
    if shape is not None and shape != () and arr.shape != shape:
        raise ConfigError(
            f"{what}: f returned shape {arr.shape} at x = {where}, but shape {shape} at the "
            "first point; its output shape must not change"
        )
    if np.iscomplexobj(arr) and not complex_ok:
        raise ConfigError(f"{what}: f returned a complex number at x = {where}")
    if not np.all(np.isfinite(arr)):
        bad = arr if arr.ndim == 0 else arr[~np.isfinite(arr)].flat[0]
        shown = complex(bad) if np.iscomplexobj(bad) else float(bad)
        msg = f"{what}: f returned {shown} at x = {where}"
        raise (ProbeError(msg, x) if probe else NumericalError(msg))
    dtype = np.complex128 if complex_ok else np.float64
    if arr.ndim == 0:
        return complex(arr) if complex_ok else float(arr)
    return np.array(arr, dtype=dtype)


def check_point(x: Any, what: str) -> float:
    """``x`` as a finite float, or a ConfigError naming it."""
    if isinstance(x, bool) or not isinstance(x, (numbers.Real, np.floating, np.integer)):
        if isinstance(x, np.ndarray) and x.ndim == 0:
            x = x.item()
        else:
            raise ConfigError(f"{what}: x must be a real number, got {type(x).__name__}")
    value = float(x)
    if not np.isfinite(value):
        raise ConfigError(f"{what}: x must be finite, got {value}")
    return value


def check_step(step: float | None, what: str) -> float | None:
    """``step`` as a positive finite float (or ``None``), or a ConfigError naming it."""
    if step is None:
        return None
    try:
        value = float(step)
    except (TypeError, ValueError):
        raise ConfigError(f"{what}: step must be a positive number, got {step!r}") from None
    if not (np.isfinite(value) and value > 0):
        raise ConfigError(f"{what}: step must be a positive finite number, got {step!r}")
    return value
