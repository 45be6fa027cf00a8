"""Seconds to write seed 003's descent GIF: chainrule's blitting writer against matplotlib's.

The peer is what ``animate_descent`` did before (and what a matplotlib tutorial does):
``FuncAnimation`` redrawing the whole figure for every frame and ``PillowWriter`` quantizing each
frame on its own. chainrule draws the axes and the curve once, redraws only the moving point,
tangent and trail per frame (blitting), and maps every frame to one palette. Both draw the same
52 frames of x³ + 3x² from x = −1.99 with α = 0.04, 800 × 600 pixels. Run::

    .venv/bin/python benchmarks/descent_gif.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from matplotlib.animation import FuncAnimation, PillowWriter

from chainrule.optim.descent import descend
from chainrule.viz import animate_descent, canvas


def matplotlib_gif(path, out: Path) -> None:
    """The peer: FuncAnimation + PillowWriter, a full redraw and a quantize per frame."""
    fig = canvas.new_figure(8, 6, dpi=100, layout=None)
    ax = fig.add_subplot()
    grid = np.linspace(-5, 5, 400)
    ax.plot(grid, grid**3 + 3 * grid**2, color="black", lw=2)
    ax.set_xlim(-5, 5)
    ax.set_ylim(-2, 8)
    ax.set_xlabel("x", fontsize=14)
    ax.set_ylabel("f(x)", fontsize=14)
    trail, = ax.plot([], [], "o-", ms=5, color="tab:red", alpha=0.5)
    tangent, = ax.plot([], [], color=canvas.TANGENT_COLOR, lw=3)
    point, = ax.plot([], [], "o", ms=11, color="tab:red")
    title = ax.set_title("", fontsize=14)

    def update(k: int):
        x, fx, g = float(path.xs[k]), float(path.fs[k]), float(path.grads[k])
        trail.set_data(path.xs[: k + 1], path.fs[: k + 1])
        seg = np.array([x - 0.5, x + 0.5])
        tangent.set_data(seg, fx + g * (seg - x))
        point.set_data([x], [fx])
        title.set_text(f"step {k}: x = {x:.4g}, f′ = {g:.3g}")
        return trail, tangent, point, title

    anim = FuncAnimation(fig, update, frames=len(path.fs), interval=1000 / 12, blit=False)
    anim.save(str(out), writer=PillowWriter(fps=12), dpi=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (median shown)")
    args = parser.parse_args()
    path = descend("x^3 + 3x^2", -1.99, 0.04, 51)
    times: dict[str, list[float]] = {"chainrule": [], "matplotlib": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            start = time.perf_counter()
            animate_descent(path, Path(tmp) / "a.gif", xlim=(-5, 5), ylim=(-2, 8))
            times["chainrule"].append(time.perf_counter() - start)
            start = time.perf_counter()
            matplotlib_gif(path, Path(tmp) / "b.gif")
            times["matplotlib"].append(time.perf_counter() - start)
        sizes = {name: (Path(tmp) / f).stat().st_size
                 for name, f in (("chainrule", "a.gif"), ("matplotlib", "b.gif"))}
    ours, peer = (statistics.median(times[k]) for k in ("chainrule", "matplotlib"))
    print(f"seed 003 descent GIF, {len(path.fs)} frames of 800x600, median of {args.repeat}")
    print(f"{'writer':<34}{'seconds':>9}{'KiB':>8}")
    print(f"{'chainrule (blit + one palette)':<34}{ours:>9.2f}{sizes['chainrule'] / 1024:>8.0f}")
    print(f"{'matplotlib FuncAnimation+Pillow':<34}{peer:>9.2f}"
          f"{sizes['matplotlib'] / 1024:>8.0f}")
    print(f"chainrule is {peer / ours:.1f}x faster")


if __name__ == "__main__":
    main()
