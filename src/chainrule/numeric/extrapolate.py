"""Richardson extrapolation: a difference quotient at several steps, combined toward h = 0.

A central difference D(h) = (f(x + h) − f(x − h)) / 2h has the error series

    D(h) = f'(x) + c₁h² + c₂h⁴ + …,

so two steps h and h/t cancel the h² term: (t²·D(h/t) − D(h)) / (t² − 1) = f'(x) + O(h⁴).
Repeating this on a sequence of steps h₀, h₀/t, h₀/t², … gives Neville's tableau

    T[i][0] = D(h₀/tⁱ),   T[i][j] = T[i][j−1] + (T[i][j−1] − T[i−1][j−1]) / (t^{p·j} − 1),

(p = 2 for central differences), whose entries converge to f'(x) faster along each column. As in
Ridders' method (Numerical Recipes §5.7) every entry gets an error estimate — how far it moved
from its neighbours, plus the rounding noise of the level it came from — and the entry with the
smallest estimate wins. Large steps have truncation error, small ones rounding error; the
tableau finds the balance by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import NumericalError
from chainrule.numeric.probe import ProbeError

#: How much an entry's rounding noise can grow through the tableau: Π (t^{pj}+1)/(t^{pj}−1) < 2.
NOISE_GROWTH = 2.0


@dataclass(frozen=True)
class Extrapolation:
    """The best entry of a Richardson tableau.

    Attributes
    ----------
    value : float or ndarray
        The extrapolated quotient (arrays for vector-valued functions, element by element).
    error : float or ndarray
        Its error estimate, shaped like ``value``.
    step : float or ndarray
        The step of the level each chosen entry came from.
    levels : int
        How many steps the tableau used.
    """

    value: Any
    error: Any
    step: Any
    levels: int


Quotient = Callable[[float], tuple[Any, Any, float]]


def richardson(
    quotient: Quotient,
    h0: float,
    *,
    levels: int = 8,
    shrink: float = 2.0,
    power: int = 2,
    min_levels: int = 3,
) -> Extrapolation:
    """Extrapolate ``quotient(h)`` to h = 0 over the steps h₀, h₀/shrink, h₀/shrink², ….

    Parameters
    ----------
    quotient : callable
        ``quotient(h) -> (D, noise, h_used)``: the difference quotient at step ``h`` (a float or
        an array), an estimate of its rounding error (same shape), and the step actually taken.
        It raises :class:`~chainrule.numeric.probe.ProbeError` where a probe fails.
    h0 : float
        The largest step.
    levels : int
        How many steps to try.
    shrink : float
        The ratio t between consecutive steps.
    power : int
        p in the error series D(h) = f' + c₁hᵖ + c₂h²ᵖ + … (2 for central differences).
    min_levels : int
        Fewest levels worth extrapolating. When probes fail before that many levels exist
        (x near the edge of f's domain), the table starts again four times closer to x.

    Returns
    -------
    Extrapolation
        The entry with the smallest error estimate, element by element.
    """
    rows: list[list[Any]] = []
    noise: list[Any] = []
    steps: list[float] = []
    h = h0
    floor = h0 * 4.0**-24  # probes this close to x failing means f fails *at* x, in effect
    while len(rows) < levels:
        try:
            d, n, used = quotient(h)
        except ProbeError as exc:
            if len(rows) >= min_levels:
                break  # keep the levels we have: they are enough to extrapolate
            rows, noise, steps = [], [], []
            h /= 4.0
            if h < floor:
                raise NumericalError(
                    f"{exc}; every probe from step {h0:.3g} down to {h * 4:.3g} failed, "
                    "so f is not defined on both sides of x here (try method='forward' or "
                    "'backward')"
                ) from exc
            continue
        row = [np.asarray(d, dtype=np.result_type(d, np.float64))]
        for j in range(1, len(rows) + 1):
            fac = shrink ** (power * j)
            row.append(row[j - 1] + (row[j - 1] - rows[-1][j - 1]) / (fac - 1.0))
        rows.append(row)
        noise.append(np.asarray(n, dtype=np.float64))
        steps.append(used)
        h /= shrink

    best = rows[0][0]
    best_err = np.full(np.shape(best), np.inf)
    best_step = np.full(np.shape(best), steps[0])
    for i in range(1, len(rows)):
        for j in range(1, i + 1):
            entry = rows[i][j]
            moved = np.maximum(np.abs(entry - rows[i][j - 1]), np.abs(entry - rows[i - 1][j - 1]))
            err = moved + NOISE_GROWTH * noise[i]
            better = err < best_err
            best = np.where(better, entry, best)
            best_err = np.where(better, err, best_err)
            best_step = np.where(better, steps[i], best_step)
    if len(rows) == 1:  # nothing to compare with: the rounding noise is all we know
        best_err = NOISE_GROWTH * noise[0]
    return Extrapolation(plain(best), plain(best_err), plain(best_step), len(rows))


def plain(a: Any) -> Any:
    """``a`` as an array, with 0-d ones as Python numbers, so scalar callers get floats."""
    a = np.asarray(a)
    return a.item() if a.ndim == 0 else a
