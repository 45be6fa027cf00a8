"""What a gradient-descent run did: converged, diverged, oscillating, stalled, or ran out of steps.

:func:`judge` reads a :class:`~chainrule.optim.descent.DescentPath` and returns an
:class:`Outcome` with one sentence a learner can act on. The kinds, checked in this order:

* ``diverged`` — x ran away or left f's domain (the path stopped early), f ended above where it
  started, or f grew at each of the last three steps (swings around a minimum that widen);
* ``converged`` — the slope at the end is ~0 (|∇f| ≤ ``gtol``), f curves upwards there
  (every eigenvalue of the Hessian > 0) and f is no lower a few Newton distances away along
  the flattest direction: a local minimum;
* ``stalled`` — the slope is ~0 but f does not curve upwards (a plateau, saddle or maximum),
  or it does but f falls again just past the point (x crept into an inflection point such as
  0 for x³, where f′ = f″ = 0), or the steps no longer change f at all (α far too small);
* ``oscillating`` — consecutive steps point in opposite directions and do not shrink: x
  bounces between two sides without getting closer (a zig-zag whose swings shrink is still
  converging, and ends as ``step limit`` or ``converged``);
* ``step limit`` — none of these: still moving when the steps ran out.

The learning-rate bound comes from the curvature. On a quadratic f(x) = ½·h·x² + … one step
multiplies the distance to the minimum by (1 − α·h), so descent converges exactly when
|1 − α·h| < 1, i.e. **α < 2/h** (h = f″; with several variables h is the largest eigenvalue of
the Hessian); α = 2/h bounces for ever, α > 2/h diverges. The Hessian is measured by central
differences of the exact gradient (exact for a quadratic); f counts as quadratic when it is
the same at the start, the end and a third point. For other f the bound is local: it holds
near the point where the run ended up — when the last two points straddle a minimum (the
slope along the step changes sign between them), at that minimum, found by bisection.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from chainrule.errors import ChainruleError
from chainrule.optim.descent import DescentPath, value_and_grad

KINDS = ("converged", "diverged", "oscillating", "stalled", "step limit")


@dataclass(frozen=True)
class Outcome:
    """The verdict on one descent run.

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    message : str
        One sentence: what happened, where, and (when known) the learning-rate bound.
    curvature : float or None
        f″ (largest Hessian eigenvalue) where the bound was measured, if measured.
    bound : float or None
        2/curvature: the largest learning rate that settles there (None when curvature ≤ 0).
    quadratic : bool
        The curvature is the same everywhere measured, so the bound is exact, not local.
    advice : str
        What to try next, or "" (a diverged run: a smaller rate, unless f is unbounded below
        the way it went, where no rate helps).
    """

    kind: str
    message: str
    curvature: float | None = None
    bound: float | None = None
    quadratic: bool = False
    advice: str = ""

    @property
    def ok(self) -> bool:
        """False only for ``diverged`` (the CLI's exit status follows this)."""
        return self.kind != "diverged"


def hessian(path: DescentPath, x: np.ndarray) -> np.ndarray | None:
    """The d×d Hessian of ``path.f`` at ``x`` by central differences of the exact gradient.

    None when f cannot be evaluated near x. Symmetrised: H ← (H + Hᵀ)/2.
    """
    x = np.atleast_1d(np.asarray(x, dtype=float))
    d = x.size
    out = np.empty((d, d))
    for i in range(d):
        h = 1e-4 * max(1.0, abs(x[i]))
        e = np.zeros(d)
        e[i] = h
        try:
            _, up = value_and_grad(path.f, x + e)
            _, down = value_and_grad(path.f, x - e)
        except (ChainruleError, OverflowError, ZeroDivisionError):
            return None
        out[:, i] = (up - down) / (2 * h)
    if not np.all(np.isfinite(out)):
        return None
    return (out + out.T) / 2


def _largest(h: np.ndarray) -> float:
    return float(np.linalg.eigvalsh(h)[-1])


def _smallest(h: np.ndarray) -> float:
    return float(np.linalg.eigvalsh(h)[0])


def _slope_along(path: DescentPath, x: np.ndarray, d: np.ndarray) -> float | None:
    try:
        return float(np.atleast_1d(value_and_grad(path.f, x)[1]) @ d)
    except (ChainruleError, OverflowError, ZeroDivisionError):
        return None


def _straddled(path: DescentPath, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The minimum of f on the segment a–b when the slope along it turns from − to + there
    (x bounced across it), by bisection; otherwise the middle of the segment."""
    d = b - a
    lo_s, hi_s = _slope_along(path, a, d), _slope_along(path, b, d)
    if lo_s is None or hi_s is None or not lo_s * hi_s < 0:
        return (a + b) / 2
    lo, hi = (0.0, 1.0) if lo_s < 0 else (1.0, 0.0)
    for _ in range(60):
        mid = (lo + hi) / 2
        s = _slope_along(path, a + mid * d, d)
        if s is None:
            return (a + b) / 2
        lo, hi = (mid, hi) if s < 0 else (lo, mid)
    return a + (lo + hi) / 2 * d


def _curvature(path: DescentPath) -> tuple[float | None, bool, np.ndarray]:
    """(largest curvature, is f quadratic, the point it was measured at)."""
    xs = path.xs.reshape(len(path.fs), -1)
    here = _straddled(path, xs[-2], xs[-1])  # the minimum a bounce straddles
    probes = [xs[0], here, xs[0] + 1.0]
    found = [hessian(path, p) for p in probes]
    if found[1] is None:
        return None, False, here
    scale = max(1.0, float(np.abs(found[1]).max()))
    quadratic = all(h is not None and np.allclose(h, found[1], rtol=1e-5, atol=1e-6 * scale)
                    for h in found)
    return _largest(found[1]), quadratic, here


def _at(path: DescentPath, x: np.ndarray) -> str:
    names = path.variables
    if len(names) == 1:
        return f"{names[0]} = {x[0]:.4g}"
    return "(" + ", ".join(names) + ") = (" + ", ".join(f"{c:.4g}" for c in x) + ")"


def _second(path: DescentPath) -> str:
    return "f″" if path.dim == 1 else "the largest Hessian eigenvalue"


def _bound_text(path: DescentPath, curv: float | None, quadratic: bool, here: np.ndarray
                ) -> tuple[str, float | None]:
    if curv is None or curv <= 0:
        return "", None
    bound = 2.0 / curv
    relation = ("above" if path.lr > bound * (1 + 1e-9) else
                "equal to" if path.lr >= bound * (1 - 1e-9) else "below")
    if quadratic:
        where = f"f is quadratic with {_second(path)} = {curv:.4g} everywhere"
        rule = f"descent settles only for α < 2/{curv:.4g} = {bound:.4g}"
    else:
        where = f"near {_at(path, here)}, {_second(path)} ≈ {curv:.4g}"
        rule = f"steps settle there only for α < 2/{curv:.4g} ≈ {bound:.4g}"
    return f"; {where}, so {rule} (α = {path.lr:g} is {relation} it)", bound


def _falls_past(path: DescentPath, x: np.ndarray, g: np.ndarray, h: np.ndarray
                ) -> np.ndarray | None:
    """A point a few Newton distances from ``x`` along the Hessian's flattest direction where
    f is clearly lower than at x, or None. At a minimum there is none, even a flat-bottomed
    one (x⁴: the point is 1/3 of the way there); at an inflection point (x³) x creeps towards
    the stationary point and f falls again on its far side."""
    values, vectors = np.linalg.eigh(h)
    v = vectors[:, 0]
    reach = 8 * max(abs(float(g @ v)) / float(values[0]), 1e-8 * max(1.0, float(np.abs(x).max())))
    try:
        f_here = float(value_and_grad(path.f, x)[0])
    except (ChainruleError, OverflowError, ZeroDivisionError):
        return None
    for sign in (1.0, -1.0):
        probe = x + sign * reach * v
        try:
            f_probe, _ = value_and_grad(path.f, probe)
        except (ChainruleError, OverflowError, ZeroDivisionError):
            continue
        if float(f_probe) < f_here - 1e-12 * max(1.0, abs(f_here)):
            return probe
    return None


def judge(path: DescentPath, *, gtol: float = 1e-6) -> Outcome:
    """The :class:`Outcome` of a descent run (see the module docstring for the rules).

    Parameters
    ----------
    path : DescentPath
        From :func:`~chainrule.optim.descent.descend`.
    gtol : float
        |∇f| at or below this counts as a zero slope.
    """
    xs = path.xs.reshape(len(path.fs), -1)
    fs, n = path.fs, path.steps
    last, f_last = xs[-1], float(fs[-1])
    g_last = float(np.linalg.norm(np.atleast_1d(path.grads[-1])))
    curv, quadratic, here = _curvature(path) if n >= 1 else (None, False, last)
    bound_note, bound = _bound_text(path, curv, quadratic, here)

    def outcome(kind: str, message: str, advice: str = "") -> Outcome:
        return Outcome(kind, message, curv, bound, quadratic, advice)

    f_from = f"{fs[0]:.4g}"
    smaller = "try a smaller --lr"
    if path.diverged:
        if f_last < fs[0]:  # ran off while f fell: no rate finds a minimum that way
            return outcome("diverged", f"diverged: {path.reason}; f kept falling: it has no "
                           f"minimum that way{bound_note}",
                           "f is unbounded below in that direction: no learning rate finds a "
                           "minimum there; start from another --x0")
        return outcome("diverged", f"diverged: {path.reason}{bound_note}", smaller)
    grew = n >= 1 and f_last > fs[0] + 1e-9 * max(1.0, abs(fs[0]))
    widening = n >= 3 and bool(np.all(np.diff(fs[-4:]) > 0))
    if grew or widening:
        what = (f"f grew from {f_from} to {f_last:.4g} in {n} step(s)" if grew else
                f"f grew at each of the last 3 steps (to {f_last:.4g})")
        return outcome("diverged", f"diverged: {what}{bound_note}", smaller)
    if g_last <= gtol:
        h = hessian(path, last)
        lower = None if h is None or _smallest(h) <= 1e-8 else _falls_past(
            path, last, np.atleast_1d(path.grads[-1]).astype(float), h)
        if lower is not None:
            return outcome("stalled", f"stalled at {_at(path, last)} after {n} step(s): the "
                           f"slope is ~0 but f falls again just past it (lower at "
                           f"{_at(path, lower)}): a stationary point that is not a minimum "
                           "(an inflection point: f′ and f″ both go to 0 there)")
        if h is not None and _smallest(h) > 1e-8:
            return outcome("converged", f"converged to a minimum after {n} step(s): "
                           f"{_at(path, last)}, f = {f_last:.6g}, |slope| = {g_last:.1e}")
        low = "?" if h is None else f"{_smallest(h):.3g}"
        return outcome("stalled", f"stalled at {_at(path, last)} after {n} step(s): the slope is "
                       f"~0 but f does not curve upwards there (f″ = {low}): a flat spot, "
                       "saddle or maximum, not a minimum")
    steps = np.diff(xs, axis=0)[-6:]
    if len(steps) >= 4:
        turns = all(float(a @ b) < 0 for a, b in itertools.pairwise(steps))
        sizes = np.linalg.norm(steps, axis=1)
        shrink = float((sizes[-1] / sizes[0]) ** (1 / (len(sizes) - 1))) if sizes[0] else 0.0
        if turns and shrink >= 1 - 1e-6:
            sides = f"{_at(path, xs[-2])} and {_at(path, xs[-1])}"
            return outcome("oscillating", f"oscillating: x bounces between {sides} without "
                           f"getting closer (f ≈ {f_last:.4g}){bound_note}")
        if turns:
            return outcome("step limit", f"stopped by the step limit after {n} step(s) at "
                           f"{_at(path, last)}, f = {f_last:.6g}: x zig-zags across the "
                           f"minimum but the swings shrink (×{shrink:.3g} a step), so it is "
                           f"converging; more --steps would get closer{bound_note}")
    if n >= 1 and abs(f_last - fs[-2]) <= 1e-15 * max(1.0, abs(f_last)):
        return outcome("stalled", f"stalled after {n} step(s) at {_at(path, last)}: steps of "
                       f"α·|slope| = {path.lr * g_last:.1e} no longer change f; try a larger "
                       "--lr")
    return outcome("step limit", f"stopped by the step limit after {n} step(s) at "
                   f"{_at(path, last)}, f = {f_last:.6g}, still moving (|slope| = "
                   f"{g_last:.2g}); more --steps would go further")


__all__ = ["KINDS", "Outcome", "hessian", "judge"]
