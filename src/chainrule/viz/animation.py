"""Gradient descent animated (seed 003's GIFs): the point sliding down f with its tangent.

One variable: f, the current point, the tangent there and the trail of visited points; two
variables: the contour map, the path and the direction of −∇f. Several paths (learning rates)
move together. The frames are blitted — the still parts drawn once — and written by Pillow
against one palette, which ``benchmarks/descent_gif.py`` measures against matplotlib's
``FuncAnimation`` + ``PillowWriter``. The input is a
:class:`chainrule.optim.descent.DescentPath`; nothing here recomputes the descent.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from PIL import Image

from chainrule.errors import ConfigError
from chainrule.io.atomic import atomic_path
from chainrule.optim.descent import DescentPath
from chainrule.viz import canvas
from chainrule.viz.descent import _auto_xlim, _auto_ylim, _check, _contour, _grid_1d, _tangent_span

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
