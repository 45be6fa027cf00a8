"""Pictures of one-variable functions: tangent lines, f beside f′, and the step-size study.

* :func:`plot_tangents` — seed 002's figure: f(x) = 2x² with its tangent y = m·x + b at x = 0..4,
  each drawn over x₀ ± 0.9 in its own colour with the point of contact marked;
* :func:`plot_derivative` — seed 000's figure: f(x) = 3x² + 4x + 6 and f′(x) = 6x + 4 on one x axis;
* :func:`plot_step_study` — seed 002's "stay numerically stable" trade-off: the error of forward
  and central differences against h, on log axes.

f is a Python callable (slopes from :mod:`chainrule.numeric`, or exact by backpropagation with
``method="backprop"``) or a formula string (slopes from :mod:`chainrule.symbolic`, exact).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from chainrule.errors import ConfigError
from chainrule.scalar.value import Value
from chainrule.viz import canvas

METHODS = ("auto", "numeric", "symbolic", "backprop")


@dataclass(frozen=True)
class Tangent:
    """The tangent of f at x₀: y = slope·x + intercept, touching f at (x0, y0)."""

    x0: float
    y0: float
    slope: float
    intercept: float

    def __call__(self, x: Any) -> Any:
        return self.slope * np.asarray(x, dtype=float) + self.intercept


def _as_callable(f: Callable[[Any], Any] | str) -> tuple[Callable[[Any], Any], str]:
    if isinstance(f, str):
        return canvas.formula_function(f)
    if not callable(f):
        raise ConfigError(f"f must be a callable or a formula string; got {type(f).__name__}")
    return f, "x"


def slope_function(f: Callable[[Any], Any] | str, method: str = "auto"
                   ) -> Callable[[float], float]:
    """x ↦ f′(x) by the chosen method.

    ``"symbolic"`` differentiates a formula string exactly; ``"numeric"`` uses
    :func:`chainrule.numeric.derivative` (central differences with a well chosen step);
    ``"backprop"`` feeds a :class:`Value` through f and reads the exact gradient; ``"auto"``
    is symbolic for a formula and numeric for a callable.
    """
    if method not in METHODS:
        raise ConfigError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    if method == "auto":
        method = "symbolic" if isinstance(f, str) else "numeric"
    if method == "symbolic":
        if not isinstance(f, str):
            raise ConfigError("method='symbolic' needs f as a formula string, e.g. '2x^2'")
        from chainrule import symbolic  # lazy: SymPy loads only when a formula is drawn

        _, name = canvas.formula_function(f)
        derivation = symbolic.diff(f, wrt=name)
        return lambda x: float(derivation.at(**{name: float(x)}))
    fn, _ = _as_callable(f)
    if method == "numeric":
        from chainrule import numeric

        return lambda x: float(numeric.derivative(fn, float(x)).value)

    def backprop(x: float) -> float:
        leaf = Value(float(x))
        out = fn(leaf)
        if not isinstance(out, Value):
            raise ConfigError("method='backprop' needs f to compute with Values (use + - * / "
                              "** and Value methods such as x.exp())")
        out.backward()
        return float(leaf.grad)

    return backprop


def tangents(f: Callable[[Any], Any] | str, xs: Sequence[float], method: str = "auto"
             ) -> list[Tangent]:
    """The tangent line of f at each x in ``xs``: slope m = f′(x₀), intercept b = f(x₀) − m·x₀.

    With ``method="auto"`` a callable's slope comes from :func:`chainrule.numeric.tangent_line`.
    """
    fn, _ = _as_callable(f)
    out: list[Tangent] = []
    if method == "auto" and not isinstance(f, str):
        from chainrule import numeric

        for x in xs:
            line = numeric.tangent_line(fn, float(x))
            out.append(Tangent(float(line.x), float(line.y), float(line.slope),
                               float(line.intercept)))
        return out
    slope = slope_function(f, method)
    for x in xs:
        y0 = float(canvas.sample(fn, np.array([float(x)]))[0])
        m = slope(float(x))
        out.append(Tangent(float(x), y0, m, y0 - m * float(x)))
    return out


def plot_tangents(f: Callable[[Any], Any] | str, xs: Sequence[float],
                  path: str | Path | None = None, *, span: float = 0.9,
                  x_range: tuple[float, float] | None = None, method: str = "auto",
                  label: str | None = None, title: str | None = None) -> Figure:
    """f with its tangent line at each x in ``xs`` (seed 002's figure).

    Parameters
    ----------
    f : callable or str
        The function, or a formula such as ``"2x^2"``.
    xs : sequence of float
        Points of contact x₀; the tangent y = m·x + b is drawn over [x₀ − span, x₀ + span].
    path : str or Path, optional
        Save the figure there (.png, .svg, .pdf).
    x_range : (float, float), optional
        The curve's x range; default covers every tangent with a margin.
    method : {"auto", "numeric", "symbolic", "backprop"}
        Where the slopes come from (see :func:`slope_function`).
    label : str, optional
        How f is written in the legend and title (a formula string labels itself).

    Returns
    -------
    matplotlib.figure.Figure
        One axes: the curve, then for each x₀ a line and a marker, labelled "x₀: y = m·x + b".
    """
    if len(xs) == 0:
        raise ConfigError("plot_tangents needs at least one x")
    fn, name = _as_callable(f)
    lines = tangents(f, xs, method)
    low = min(xs) - span if x_range is None else x_range[0]
    high = max(xs) + span if x_range is None else x_range[1]
    grid = np.linspace(low, high, 400)
    fig = canvas.new_figure(6.4, 4.8)
    ax = fig.add_subplot()
    text = canvas.function_label(f, label, name)
    ax.plot(grid, canvas.sample(fn, grid), color="0.25", lw=1.8, label=text)
    for i, t in enumerate(lines):
        color = canvas.COLORS[i % len(canvas.COLORS)]
        seg = np.array([t.x0 - span, t.x0, t.x0 + span])
        ax.plot(seg, t(seg), color=color, lw=1.3,
                label=f"{name} = {t.x0:g}: y = {t.slope:.4g}{name} {_signed(t.intercept)}")
        ax.scatter([t.x0], [t.y0], color=color, zorder=3, s=28)
    ax.set_xlabel(name)
    ax.set_ylabel(f"f({name})")
    ax.set_title(title or f"Tangent lines of {text}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    if path is not None:
        canvas.save_figure(fig, path)
    return fig


def _signed(b: float) -> str:
    return f"+ {b:.4g}" if b >= 0 else f"− {-b:.4g}"


def plot_derivative(f: Callable[[Any], Any] | str, path: str | Path | None = None, *,
                    x_range: tuple[float, float] = (-4.0, 4.0), method: str = "auto",
                    points: int = 400, label: str | None = None,
                    title: str | None = None, mark: float | None = None) -> Figure:
    """f and f′ side by side on a shared x axis (seed 000's figure for 3x² + 4x + 6).

    f′ is exact for a formula (symbolic) and from :func:`chainrule.numeric.derivative` for a
    callable, unless ``method`` says otherwise; ``label`` writes f in the title (a formula
    labels itself). ``mark`` = x₀ marks the point as seed 000 does at x = 2: the tangent of
    slope f′(x₀) through (x₀, f(x₀)) on the left, the point (x₀, f′(x₀)) on the right, both
    labelled with the slope. Returns a Figure with two axes, f then f′.
    """
    fn, name = _as_callable(f)
    slope = slope_function(f, method)
    grid = np.linspace(x_range[0], x_range[1], points)
    ys = canvas.sample(fn, grid)
    dys = np.array([slope(x) if np.isfinite(y) else np.nan for x, y in zip(grid, ys)])
    fig = canvas.new_figure(9.0, 3.8)
    ax_f, ax_d = fig.subplots(1, 2, sharex=True)
    ax_f.plot(grid, ys, color="tab:blue", lw=1.8)
    ax_f.set_title(canvas.function_label(f, label, name))
    ax_d.plot(grid, dys, color="tab:red", lw=1.8)
    ax_d.set_title(f"f′({name})" + (" (symbolic)" if isinstance(f, str) and method in
                                     ("auto", "symbolic") else ""))
    for ax, what in ((ax_f, f"f({name})"), (ax_d, f"f′({name})")):
        ax.axhline(0, color="0.6", lw=0.8)
        ax.axvline(0, color="0.6", lw=0.8)
        ax.set_xlabel(name)
        ax.set_ylabel(what)
        ax.grid(alpha=0.3)
    if mark is not None:
        _mark_slope(ax_f, ax_d, fn, slope, float(mark), name, x_range)
    if title:
        fig.suptitle(title)
    if path is not None:
        canvas.save_figure(fig, path)
    return fig


def _mark_slope(ax_f: Any, ax_d: Any, fn: Callable[[Any], Any], slope: Callable[[float], float],
                x0: float, name: str, x_range: tuple[float, float]) -> None:
    """Seed 000's marks: the tangent at x₀ on f, the point (x₀, f′(x₀)) on f′."""
    y0, m = float(fn(x0)), float(slope(x0))
    half = 0.15 * (x_range[1] - x_range[0])
    seg = np.array([x0 - half, x0 + half])
    text = f"f′({x0:g}) = {m:.6g}"
    ax_f.plot(seg, y0 + m * (seg - x0), color=canvas.TANGENT_COLOR, lw=2.5,
              label=f"tangent at {name} = {x0:g}, slope {m:.6g}")
    ax_f.plot([x0], [y0], "o", color="tab:red", ms=7, zorder=3)
    ax_f.axvline(x0, color="tab:red", lw=0.8, ls=":")
    ax_f.legend(fontsize=8, loc="upper left")
    ax_d.plot([x0], [m], "o", color="tab:red", ms=7, zorder=3)
    ax_d.axvline(x0, color="tab:red", lw=0.8, ls=":")
    ax_d.annotate(text, (x0, m), textcoords="offset points", xytext=(-8, 8), ha="right",
                  fontsize=10, color="tab:red")


def plot_step_study(study: Any, path: str | Path | None = None, *,
                    title: str | None = None) -> Figure:
    """Error of forward and central differences against the step h, on log–log axes.

    ``study`` is what :func:`chainrule.numeric.step_study` returns (arrays ``hs``,
    ``forward_error``, ``central_error``). Truncation error falls as h (forward) or h²
    (central) while rounding error grows as ε/h, so each curve is a V; the best h of each is
    circled and named in the legend.
    """
    hs = np.asarray(study.hs, dtype=float)
    fig = canvas.new_figure(6.4, 4.6)
    ax = fig.add_subplot()
    for attr, label, color in (("forward_error", "forward (f(x+h) − f(x))/h", "tab:orange"),
                               ("central_error", "central (f(x+h) − f(x−h))/2h", "tab:blue")):
        err = np.asarray(getattr(study, attr), dtype=float)
        shown = np.where(err > 0, err, np.nan)  # log axes: an exact 0 cannot be drawn
        if np.any(np.isfinite(shown)):
            # The best h goes in the legend, not next to the point, where it would sit on a curve.
            best = int(np.nanargmin(shown))
            label += f"; best h ≈ {hs[best]:.0e}"
            ax.scatter([hs[best]], [shown[best]], s=80, facecolors="none", edgecolors=color,
                       zorder=3)
        ax.loglog(hs, shown, "o-", ms=3, lw=1.3, color=color, label=label)
    ax.set_xlabel("step h")
    ax.set_ylabel("|estimate − f′(x)|")
    where = getattr(study, "x", None)
    ax.set_title(title or ("Finite-difference error vs step" +
                           (f" at x = {where:g}" if isinstance(where, (int, float)) else "")))
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    if path is not None:
        canvas.save_figure(fig, path)
    return fig
