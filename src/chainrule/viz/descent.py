"""Gradient descent, drawn: the path over f (static) and sliding down f (animated GIF).

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
from PIL import Image

from chainrule.errors import ConfigError
from chainrule.io.atomic import atomic_path
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


#: The longest side of an animation frame, in pixels (readable on a slide).
GIF_WIDTH = 800


def animate_descent(path: DescentPath | Sequence[DescentPath],
                    path_out: str | Path | None = None, *, fps: float = 12.0,
                    width: int = GIF_WIDTH, pause: float = 1.5,
                    xlim: tuple[float, float] | None = None,
                    ylim: tuple[float, float] | None = None,
                    max_frames: int | None = None) -> Figure:
    """Animate gradient descent: one frame per point of the path (seed 003's animation).

    One variable: f, the current point and the tangent line there, with the points already
    visited joined behind it (the trail). Two variables: the contour map, the path so far, and
    the step direction of −∇f as an arrow of fixed length. Several paths (say three learning
    rates) move together, one colour each; a run that stopped early waits at its last point.

    The frames are drawn by blitting — the axes, curve and labels are drawn once, each frame
    redraws only the moving parts — and written with Pillow against one shared palette, which
    is several times faster than matplotlib's animation writer (``benchmarks/descent_gif.py``).

    Parameters
    ----------
    path : DescentPath or sequence of them
    path_out : str or Path, optional
        A ``.gif`` file.
    fps : float
        Frames per second.
    width : int
        Frame width in pixels (height is 3/4 of it); at least 200.
    pause : float
        Seconds the last frame stays before the GIF loops.
    xlim, ylim : (float, float), optional
        Fixed axis ranges (seed 003 uses x in [−5, 5], y in [−2, 8]).
    max_frames : int, optional
        Draw at most this many frames, evenly spread (first and last always kept).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, showing the last frame.
    """
    paths = [_check(p) for p in ([path] if isinstance(path, DescentPath) else path)]
    if not paths or len({p.dim for p in paths}) != 1:
        raise ConfigError("animate_descent needs one or more paths of the same dimension")
    if path_out is not None and Path(path_out).suffix.lower() != ".gif":
        raise ConfigError(f"animate_descent writes GIF files; got {Path(path_out).name!r}")
    if not (isinstance(width, int) and width >= 200):
        raise ConfigError(f"animate_descent: width must be an integer ≥ 200 pixels; got {width!r}")
    count = max(len(p.fs) for p in paths)
    frames = list(range(count))
    if max_frames is not None and count > max_frames:
        frames = sorted({round(i * (count - 1) / (max_frames - 1)) for i in range(max_frames)})
    dpi = 100.0
    fig = canvas.new_figure(width / dpi, 0.75 * width / dpi, dpi=dpi, layout=None)
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.1, right=0.97, bottom=0.11, top=0.9)
    ax.tick_params(labelsize=11)
    update = (_frames_1d if paths[0].dim == 1 else _frames_2d)(ax, paths, xlim, ylim)
    images = _blit(fig, update, frames)
    if path_out is not None:
        Path(path_out).parent.mkdir(parents=True, exist_ok=True)
        durations = [round(1000 / fps)] * len(images)
        durations[-1] = max(durations[-1], round(1000 * pause))
        with atomic_path(path_out) as tmp:  # a failed animation keeps an existing GIF intact
            _write_gif(images, durations, tmp)
    return fig


def _blit(fig: Figure, update: Any, frames: list[int]) -> list[Image.Image]:
    """Each frame as an RGB image: the still parts drawn once, the moving ones per frame."""
    moving = update(frames[0])
    for artist in moving:
        artist.set_animated(True)
    fig.canvas.draw()
    background = fig.canvas.copy_from_bbox(fig.bbox)
    images = []
    for k in frames:
        fig.canvas.restore_region(background)
        for artist in update(k):
            fig.draw_artist(artist)
        rgba = np.asarray(fig.canvas.buffer_rgba())
        images.append(Image.fromarray(rgba[..., :3].copy()))
    for artist in moving:  # the figure itself shows the last frame too
        artist.set_animated(False)
    return images


def _write_gif(images: list[Image.Image], durations: list[int], target: Path | str) -> None:
    """A looping GIF; every frame mapped to the last frame's palette (no per-frame quantize)."""
    palette = images[-1].quantize(colors=255, method=Image.Quantize.MEDIANCUT)  # all drawn
    frames = [im.quantize(palette=palette, dither=Image.Dither.NONE) for im in images]
    frames[0].save(target, format="GIF", save_all=True, append_images=frames[1:],
                   duration=durations, loop=0, optimize=False, disposal=1)


def _label(path: DescentPath, many: bool) -> str:
    return f"α = {path.lr:g}" if many else "point"


def _frames_1d(ax: Axes, paths: Sequence[DescentPath], xlim: tuple[float, float] | None,
               ylim: tuple[float, float] | None) -> Any:
    xl = xlim or _auto_xlim(paths)
    grid, ys = _grid_1d(paths[0], xl)
    ax.plot(grid, ys, color="black", lw=2, label=paths[0].label)
    ax.axhline(0, color="0.75", lw=0.8)
    ax.axvline(0, color="0.75", lw=0.8)
    ax.set_xlim(*xl)
    ax.set_ylim(*(ylim or _auto_ylim(ys, np.concatenate([p.fs for p in paths]))))
    name = paths[0].variables[0]
    ax.set_xlabel(name, fontsize=14)
    ax.set_ylabel(f"f({name})", fontsize=14)
    ax.grid(alpha=0.25)
    many = len(paths) > 1
    movers = []
    for i, p in enumerate(paths):
        color = canvas.COLORS[(i + 2) % len(canvas.COLORS)] if many else "tab:red"
        trail, = ax.plot([], [], "o-", ms=5, lw=1.5, color=color, alpha=0.5)
        tangent, = ax.plot([], [], color=canvas.TANGENT_COLOR if not many else color, lw=3,
                           alpha=0.9 if not many else 0.6,
                           label="tangent, slope f′(x)" if i == 0 else None)
        point, = ax.plot([], [], "o", ms=11, color=color, label=_label(p, many))
        movers.append((p, trail, tangent, point))
    ax.legend(fontsize=11, loc="upper left")
    title = ax.set_title("", fontsize=14)
    span = _tangent_span(xl)

    def update(k: int) -> list[Any]:
        out: list[Any] = []
        parts = []
        for p, trail, tangent, point in movers:
            j = min(k, len(p.fs) - 1)
            x, fx, g = float(p.xs[j]), float(p.fs[j]), float(p.grads[j])
            trail.set_data(p.xs[: j + 1], p.fs[: j + 1])
            seg = np.array([x - span, x + span])
            tangent.set_data(seg, fx + g * (seg - x))
            point.set_data([x], [fx])
            out += [trail, tangent, point]
            parts.append(f"α = {p.lr:g}: {name} = {x:.3g}" if many else
                         f"{name} = {x:.4g}, f′ = {g:.3g}")
        head = "" if many else f"α = {paths[0].lr:g}, "
        title.set_text(f"{head}step {k}: " + "; ".join(parts))
        return [*out, title]

    return update


def _frames_2d(ax: Axes, paths: Sequence[DescentPath], xlim: tuple[float, float] | None,
               ylim: tuple[float, float] | None) -> Any:
    _contour(ax, paths, xlim, ylim)
    ax.xaxis.label.set_fontsize(14)
    ax.yaxis.label.set_fontsize(14)
    # The step itself is often too short to see (α = 0.001), so the arrow shows its direction
    # with a fixed length: a tenth of the visible width.
    length = 0.1 * (ax.get_xlim()[1] - ax.get_xlim()[0])
    many = len(paths) > 1
    movers = []
    for i, p in enumerate(paths):
        color = canvas.COLORS[(i + 2) % len(canvas.COLORS)] if many else "tab:red"
        line, = ax.plot([], [], ".-" if len(p.fs) <= 80 else "-", ms=6, lw=1.8, color=color,
                        label=_label(p, many))
        arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0),
                            arrowprops={"arrowstyle": "->", "color": canvas.TANGENT_COLOR,
                                        "lw": 2.5})
        movers.append((p, line, arrow))
    ax.legend(fontsize=11, loc="upper left")
    title = ax.set_title("", fontsize=14)

    def update(k: int) -> list[Any]:
        out: list[Any] = []
        for p, line, arrow in movers:
            j = min(k, len(p.fs) - 1)
            here = p.xs[j]
            line.set_data(p.xs[: j + 1, 0], p.xs[: j + 1, 1])
            g = p.grads[j]
            norm = float(np.hypot(*g))
            tip = here - length * g / norm if norm > 0 else here
            arrow.xy = (float(tip[0]), float(tip[1]))
            arrow.set_position((float(here[0]), float(here[1])))
            out += [line, arrow]
        p = paths[0]
        j = min(k, len(p.fs) - 1)
        head = "" if many else f"α = {p.lr:g}, "
        title.set_text(f"{head}step {k}: f = {p.fs[j]:.4g}"
                       + ("" if many else f", |∇f| = {float(np.hypot(*p.grads[j])):.3g}"))
        return [*out, title]

    return update
