"""Plain gradient descent on a function of one or a few numbers, with exact slopes by backprop.

Seed 003 minimises f(x) = x² from x = 1 with α = 0.3 by hand,

    x ← x − α·f′(x):   1 → 0.4 → 0.16 → 0.064   (the seed printed "0.016" once: a slip),

and animates f(x) = x³ + 3x² from x = −1.99 with α = 0.04 (it settles in the local minimum at 0)
and α = 0.45 (it bounces). :func:`descend` runs that loop and keeps every point, value and slope
in a :class:`DescentPath`, which the pictures in :mod:`chainrule.viz` draw.

``f`` receives :class:`~chainrule.scalar.Value` s, so f′ (or ∇f) comes from one backward pass,
exactly — no step size to choose. A formula string (``"x^3 + 3x^2"``) is turned into such a
function by :func:`chainrule.symbolic.to_function`. A learning rate that is too large does not
crash the loop: when x leaves ``bound``, f overflows, or a step lands outside f's domain, the path
stops there and says so (``diverged``, ``reason``).

This module is imported as ``chainrule.optim.descent``; the array optimisers (SGD, Adam, …) live
beside it and work on tensors, not on formulas.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from chainrule.errors import ConfigError, DomainError, NumericalError
from chainrule.scalar.value import Value

ValueFunction = Callable[..., Value]


@dataclass(frozen=True)
class DescentPath:
    """Every point gradient descent visited, with f and its gradient there.

    Attributes
    ----------
    xs : ndarray, shape (n + 1,) for one variable, (n + 1, d) for d variables
        x₀, x₁, …, xₙ with xₖ₊₁ = xₖ − lr·∇f(xₖ).
    fs : ndarray, shape (n + 1,)
        f(xₖ).
    grads : ndarray, same shape as ``xs``
        ∇f(xₖ) (f′(xₖ) for one variable), exact by backpropagation.
    lr : float
        The learning rate α.
    variables : tuple of str
        Names of the variables (``("x",)``, ``("x", "y")``), for axis labels.
    label : str
        How f is written in titles: ``f(x) = x^3 + 3x^2`` for a formula (or a given label),
        ``f(x)`` for a lambda, ``rosen(x, y)`` for a named function.
    diverged : bool
        True when the run stopped early because x left ``bound``, f or ∇f stopped being a
        finite number, or a step left f's domain.
    reason : str or None
        Why it stopped early, naming the step and the point; ``None`` when it ran every step.
    f : callable
        The function of Values that was minimised (kept so a picture can draw the curve).
    """

    xs: np.ndarray
    fs: np.ndarray
    grads: np.ndarray
    lr: float
    variables: tuple[str, ...]
    label: str
    f: ValueFunction = field(repr=False, compare=False)
    diverged: bool = False
    reason: str | None = None

    @property
    def dim(self) -> int:
        """Number of variables d."""
        return len(self.variables)

    @property
    def steps(self) -> int:
        """Number of updates actually made (``len(fs) - 1``)."""
        return len(self.fs) - 1

    @property
    def final(self) -> float | np.ndarray:
        """The last point reached."""
        return self.xs[-1]

    def evaluate(self, *coords: float) -> float:
        """f at a point given as plain numbers (``path.evaluate(0.5)``, ``path.evaluate(1, 2)``)."""
        return float(self.f(*(Value(float(c)) for c in coords)).data)

    def __repr__(self) -> str:
        end = self.final
        shown = f"{end:.6g}" if self.dim == 1 else np.array2string(np.asarray(end), precision=6)
        state = f", diverged: {self.reason}" if self.diverged else ""
        return (f"DescentPath({self.label}, lr={self.lr:g}, steps={self.steps}, "
                f"x={shown}, f={self.fs[-1]:.6g}{state})")


def _from_formula(formula: str, variables: Sequence[str] | None) -> tuple[ValueFunction,
                                                                          tuple[str, ...]]:
    """A function of Values (positional, in ``variables`` order) from a formula string."""
    from chainrule import symbolic  # lazy: symbolic is a layer of its own, with SymPy behind it

    by_name = symbolic.to_function(formula)
    names = tuple(variables) if variables is not None else tuple(by_name.variables)

    def f(*values: Value) -> Value:
        return by_name(**dict(zip(names, values)))

    return f, names


def descend(f: ValueFunction | str, x0: float | Sequence[float], lr: float, steps: int, *,
            bound: float = 1e6, variables: Sequence[str] | None = None,
            label: str | None = None) -> DescentPath:
    """Run ``steps`` updates of gradient descent, x ← x − lr·∇f(x), from ``x0``.

    Parameters
    ----------
    f : callable or str
        Takes one :class:`~chainrule.scalar.Value` per variable and returns a Value (e.g.
        ``lambda x: x**3 + 3*x**2`` or ``lambda x, y: (1 - x)**2 + 100*(y - x**2)**2``), or a
        formula string such as ``"x^3 + 3x^2"``.
    x0 : float or sequence of d floats
        Start point: a number for one variable, a sequence for d ≥ 1 variables.
    lr : float
        Learning rate α > 0.
    steps : int
        Number of updates n ≥ 0; the path holds n + 1 points unless it diverges earlier.
    bound : float
        Stop and flag ``diverged`` once some |xᵢ| exceeds this.
    variables : sequence of str, optional
        Names of the variables, in the order of ``x0`` (default ``x`` / ``x, y`` / ``x1..xd``;
        for a formula, the formula's own variables).
    label : str, optional
        How f is written in pictures, e.g. ``"x³ + 3x²"`` (default: the formula string, or
        the function's name).

    Returns
    -------
    DescentPath
        ``xs`` of shape (n + 1,) or (n + 1, d), ``fs`` (n + 1,), ``grads`` like ``xs``.

    Raises
    ------
    ConfigError
        ``lr`` not a positive finite number, ``steps`` negative, ``x0`` empty or not finite,
        f undefined or not finite at ``x0``, or ``f`` not returning a Value.

    Examples
    --------
    >>> descend(lambda x: x**2, 1.0, lr=0.3, steps=3).xs.round(6).tolist()
    [1.0, 0.4, 0.16, 0.064]
    """
    scalar = np.ndim(x0) == 0
    start = np.atleast_1d(np.asarray(x0, dtype=float))
    if start.ndim != 1 or start.size == 0 or not np.all(np.isfinite(start)):
        raise ConfigError(f"descend: x0 must be a finite number or a list of them; got {x0!r}")
    if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
        raise ConfigError(f"descend: lr must be a positive finite number; got {lr!r}")
    if not isinstance(steps, int) or steps < 0:
        raise ConfigError(f"descend: steps must be an integer >= 0; got {steps!r}")
    d = start.size
    text = f if isinstance(f, str) else None
    if isinstance(f, str):
        formula = f
        f, names = _from_formula(f, variables)
        if len(names) != d:
            raise ConfigError(f"descend: the formula {formula!r} has variables {names}, but x0 "
                              f"gives {d} number(s)")
        label = f"f({', '.join(names)}) = {label or formula}"
    else:
        names = tuple(variables) if variables is not None else (
            ("x",) if d == 1 else ("x", "y") if d == 2 else tuple(f"x{i + 1}" for i in range(d)))
        if len(names) != d:
            raise ConfigError(f"descend: {len(names)} variable names for {d} coordinates")
        name = getattr(f, "__name__", "<lambda>")
        args = ", ".join(names)
        label = (f"f({args}) = {label}" if label else
                 f"f({args})" if name == "<lambda>" else f"{name}({args})")

    xs: list[np.ndarray] = []
    fs: list[float] = []
    grads: list[np.ndarray] = []
    reason: str | None = None
    x = start.copy()
    for k in range(steps + 1):
        try:
            fx, g = value_and_grad(f, x)
        except (OverflowError, DomainError, NumericalError) as exc:
            why = _why(text, names, x, exc)
            if k == 0:  # the start itself is bad: the caller's mistake, not divergence
                raise ConfigError(f"descend: f cannot be evaluated at x0 = {_show(x)} "
                                  f"({why})") from exc
            reason = f"step {k}: f could not be evaluated at x = {_show(x)} ({why})"
            break
        if not (math.isfinite(fx) and np.all(np.isfinite(g))):
            if k == 0:
                raise ConfigError(f"descend: f or its gradient is not finite at x0 = "
                                  f"{_show(x)}")
            reason = f"step {k}: f or its gradient is not finite at x = {_show(x)}"
            break
        xs.append(x)
        fs.append(fx)
        grads.append(g)
        if k == steps:
            break
        with np.errstate(over="ignore", invalid="ignore"):
            x = x - lr * g
        if not np.all(np.abs(x) <= bound):  # also catches inf and nan
            reason = f"step {k + 1}: x = {_show(x)} left the bound |x| <= {bound:g}"
            break
    shape = (-1,) if scalar else (-1, d)
    return DescentPath(
        xs=np.array(xs, dtype=float).reshape(shape),
        fs=np.array(fs, dtype=float),
        grads=np.array(grads, dtype=float).reshape(shape),
        lr=float(lr), variables=names, label=label,
        diverged=reason is not None, reason=reason, f=f,
    )


def value_and_grad(f: ValueFunction, x: np.ndarray) -> tuple[float, np.ndarray]:
    """f(x) and ∇f(x) by one forward and one backward pass of the scalar engine."""
    leaves = [Value(float(c)) for c in x]
    out = f(*leaves)
    if not isinstance(out, Value):
        if isinstance(out, (int, float)):  # f ignores its input (a constant): slope 0
            return float(out), np.zeros(len(leaves))
        raise ConfigError(f"descend: f must return a Value (or a number); got "
                          f"{type(out).__name__}")
    out.backward()
    return out.data, np.array([v.grad for v in leaves], dtype=float)


def _why(text: str | None, names: Sequence[str], x: np.ndarray, exc: Exception) -> str:
    """Why f failed at x, in terms of the learner's formula when f is one (``ln(x) is
    undefined at x = -1: it needs x > 0, …``), else the error itself."""
    if text is None:
        return str(exc)
    from chainrule.errors import ChainruleError
    from chainrule.symbolic import parse
    from chainrule.symbolic.corners import where_undefined
    from chainrule.symbolic.evaluate import evaluate_tree

    formula, point = parse(text), dict(zip(names, (float(c) for c in x)))
    try:
        evaluate_tree(formula.tree, point)
    except (ChainruleError, ArithmeticError):
        return where_undefined(formula, point)
    return str(exc)  # f is fine there; its slope is not (√ at 0): the engine says why


def _show(x: np.ndarray) -> str:
    return f"{x[0]:.6g}" if x.size == 1 else "(" + ", ".join(f"{c:.6g}" for c in x) + ")"


__all__ = ["DescentPath", "descend"]
