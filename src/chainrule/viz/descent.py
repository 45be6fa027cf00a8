"""Gradient descent, drawn: the path over f, and f at each step (the GIF is in viz.animation).

Seed 003 animates x ← x − α·f′(x) on f(x) = x³ + 3x² from x = −1.99: with α = 0.04 the point
slides into the local minimum at 0; with α = 0.45 it bounces around it. Each frame shows f,
the current point, and the tangent line there (its slope is the f′ the step uses). For two
variables the picture is a contour map with the path, and each frame points the arrow of
−∇f — the direction of the next step, at right angles to the contour line (the 2-D tangent).

The input is a :class:`chainrule.optim.descent.DescentPath` (from ``descend``); nothing here
recomputes the descent.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from chainrule.errors import ConfigError
from chainrule.optim.descent import DescentPath
from chainrule.viz import canvas


def _grid_1d(path: DescentPath, xlim: tuple[float, float] | None, points: int = 400
             ) -> tuple[np.ndarray, np.ndarray]:
    low, high = xlim or _auto_xlim([path])
    grid = np.linspace(low, high, points)
    return grid, canvas.sample(path.evaluate, grid)


def _auto_xlim(paths: Sequence[DescentPath]) -> tuple[float, float]:
    xs = np.concatenate([p.xs.reshape(-1) for p in paths])
    low, high = float(xs.min()), float(xs.max())
    pad = max(1.0, 0.3 * (high - low))
    return low - pad, high + pad


def _auto_ylim(ys: np.ndarray, fs: np.ndarray) -> tuple[float, float]:
    low, high = canvas.finite_limits(np.concatenate([ys, fs]))
    return low, high


def _tangent_span(xlim: tuple[float, float]) -> float:
    return 0.05 * (xlim[1] - xlim[0])  # seed 003: ±0.5 on an x range of 10


def _check(path: Any) -> DescentPath:
    if not isinstance(path, DescentPath):
        raise ConfigError(f"expected a DescentPath from chainrule.optim.descent.descend; got "
                          f"{type(path).__name__}")
    if path.dim > 2:
        raise ConfigError(f"can draw descent on 1 or 2 variables; this path has {path.dim}")
    return path


def plot_descent(path: DescentPath | Sequence[DescentPath], path_out: str | Path | None = None, *,
                 xlim: tuple[float, float] | None = None,
                 ylim: tuple[float, float] | None = None, title: str | None = None) -> Figure:
    """The descent path over f, and f(xₖ) against the step k.

    Parameters
    ----------
    path : DescentPath or sequence of them
        One variable: the points (xₖ, f(xₖ)) on the curve of f, joined in order. Several paths
        of the same f (say two learning rates) share the picture. Two variables: a contour map
        of f with the path on it.
    path_out : str or Path, optional
        Save the figure there (.png, .svg, .pdf).
    xlim, ylim : (float, float), optional
        Axis ranges of the left panel (default: the path with a margin).

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: the path, then f(xₖ) per step (log scale when every f is positive).
    """
    paths = [_check(p) for p in ([path] if isinstance(path, DescentPath) else path)]
    if not paths or len({p.dim for p in paths}) != 1:
        raise ConfigError("plot_descent needs one or more paths of the same dimension")
    fig = canvas.new_figure(10.0, 4.2)
    ax_path, ax_loss = fig.subplots(1, 2, width_ratios=(1.4, 1.0))
    if paths[0].dim == 1:
        xl = xlim or _auto_xlim(paths)
        grid, ys = _grid_1d(paths[0], xl)
        ax_path.plot(grid, ys, color="0.25", lw=1.6, label=paths[0].label)
        for i, p in enumerate(paths):
            color = canvas.COLORS[(i + 2) % len(canvas.COLORS)]
            ax_path.plot(p.xs, p.fs, "o-" if len(p.fs) <= 80 else "-", ms=3.5, lw=0.9,
                         color=color, alpha=0.85,
                         label=f"α = {p.lr:g}" + (" (diverged)" if p.diverged else ""))
            ax_path.scatter([p.xs[0]], [p.fs[0]], marker="s", s=45, color=color, zorder=3,
                            label="start" if len(paths) == 1 else None)
            ax_path.scatter([p.xs[-1]], [p.fs[-1]], marker="*", s=110, color=color, zorder=3,
                            label="end" if len(paths) == 1 else None)
        ax_path.set_xlim(*xl)
        ax_path.set_ylim(*(ylim or _auto_ylim(ys, np.concatenate([p.fs for p in paths]))))
        ax_path.set_xlabel(paths[0].variables[0])
        ax_path.set_ylabel("f")
    else:
        _contour(ax_path, paths, xlim, ylim)
        for i, p in enumerate(paths):
            color = canvas.COLORS[(i + 2) % len(canvas.COLORS)]
            ax_path.plot(p.xs[:, 0], p.xs[:, 1], ".-" if len(p.fs) <= 80 else "-", ms=3,
                         lw=1.2, color=color,
                         label=f"α = {p.lr:g}" + (" (diverged)" if p.diverged else ""))
            ax_path.scatter(*p.xs[0], marker="s", s=45, color=color, zorder=3,
                            label="start" if len(paths) == 1 else None)
            ax_path.scatter(*p.xs[-1], marker="*", s=110, color=color, zorder=3,
                            label="end" if len(paths) == 1 else None)
    ax_path.set_title(title or f"Gradient descent on {paths[0].label}")
    ax_path.legend(fontsize=8, loc="best")
    for i, p in enumerate(paths):
        color = canvas.COLORS[(i + 2) % len(canvas.COLORS)]
        ax_loss.plot(np.arange(len(p.fs)), p.fs, "o-" if len(p.fs) <= 80 else "-", ms=2.5,
                     lw=1.0, color=color,
                     label=f"α = {p.lr:g}")
    if all(np.all(p.fs > 0) for p in paths):
        ax_loss.set_yscale("log")
    if len(paths) == 1 and paths[0].dim == 1 and len(paths[0].fs) <= 10:
        # A short run reads best with its numbers, as seed 003 writes them: 1, 0.4, 0.16, …
        for k, (x, fx) in enumerate(zip(paths[0].xs, paths[0].fs)):
            ax_loss.annotate(f"x{_sub(k)} = {x:.4g}", (k, fx), textcoords="offset points",
                             xytext=(4, 6), fontsize=8)
        ax_loss.margins(x=0.15, y=0.15)
    ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(paths) > 1:
        ax_loss.legend(fontsize=8, loc="best")
    ax_loss.set_xlabel("step k")
    ax_loss.set_ylabel("f(xₖ)")
    ax_loss.set_title("f at each step")
    ax_loss.grid(alpha=0.3)
    if path_out is not None:
        canvas.save_figure(fig, path_out)
    return fig


def _sub(k: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(d)] for d in str(k))


def _contour(ax: Axes, paths: Sequence[DescentPath], xlim: tuple[float, float] | None,
             ylim: tuple[float, float] | None, points: int = 120) -> None:
    pts = np.concatenate([p.xs for p in paths])
    (x0, x1), (y0, y1) = xlim or _pad(pts[:, 0]), ylim or _pad(pts[:, 1])
    gx, gy = np.meshgrid(np.linspace(x0, x1, points), np.linspace(y0, y1, points))
    zs = np.vectorize(paths[0].evaluate, otypes=[float])(gx, gy)
    finite = zs[np.isfinite(zs)]
    if finite.size and finite.min() >= 0 and finite.max() > 100 * max(finite.min(), 1e-12):
        # Steep valleys (Rosenbrock) need log-spaced levels to show their floor.
        levels = np.geomspace(max(finite.min(), 1e-3), finite.max(), 25)
        norm = LogNorm(levels[0], levels[-1])
    else:
        levels, norm = 25, None
    ax.contour(gx, gy, zs, levels=levels, cmap="viridis", norm=norm, linewidths=0.8)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel(paths[0].variables[0])
    ax.set_ylabel(paths[0].variables[1])


def _pad(values: np.ndarray) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    pad = max(0.5, 0.25 * (high - low))
    return low - pad, high + pad
