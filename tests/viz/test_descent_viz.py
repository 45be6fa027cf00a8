"""Descent pictures: the static path and the GIF animation (frame count, tangent per frame)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from chainrule.errors import ConfigError
from chainrule.optim.descent import descend
from chainrule.viz import animate_descent, plot_descent


def cubic(x):
    return x**3 + 3 * x**2


def test_static_plot_draws_the_path_over_f(tmp_path):
    good = descend(cubic, -1.99, lr=0.04, steps=20)
    bad = descend(cubic, -1.99, lr=0.45, steps=20)
    fig = plot_descent([good, bad], tmp_path / "d.png", xlim=(-3, 1))
    ax_path, ax_loss = fig.axes
    curve, path_good, path_bad = ax_path.get_lines()
    xs, ys = curve.get_data()
    np.testing.assert_allclose(ys, xs**3 + 3 * xs**2)
    np.testing.assert_allclose(path_good.get_xdata(), good.xs)
    np.testing.assert_allclose(path_bad.get_ydata(), bad.fs)
    np.testing.assert_allclose(ax_loss.get_lines()[0].get_ydata(), good.fs)
    assert ax_path.get_xlim() == (-3, 1)
    legend = [t.get_text() for t in ax_path.get_legend().get_texts()]
    assert legend == ["cubic(x)", "α = 0.04", "α = 0.45"]
    assert (tmp_path / "d.png").stat().st_size > 2000


def test_static_plot_two_variables_is_a_contour_map():
    path = descend(lambda x, y: x**2 + 10 * y**2, (2.0, 1.0), lr=0.02, steps=15)
    fig = plot_descent(path)
    ax = fig.axes[0]
    assert ax.collections  # the contour lines
    line = ax.get_lines()[0]
    np.testing.assert_allclose(line.get_xdata(), path.xs[:, 0])
    np.testing.assert_allclose(line.get_ydata(), path.xs[:, 1])
    assert fig.axes[1].get_yscale() == "log"  # f > 0 throughout


def test_gif_has_one_frame_per_point_and_the_tangent_of_the_last(tmp_path):
    path = descend(cubic, -1.99, lr=0.45, steps=7)
    out = tmp_path / "a.gif"
    fig = animate_descent(path, out, xlim=(-5, 5), ylim=(-2, 8), fps=10, pause=2)
    with Image.open(out) as gif:
        assert gif.n_frames == 8
        assert gif.size == (800, 600)  # big enough for a slide
        durations = []
        for k in range(gif.n_frames):
            gif.seek(k)
            durations.append(gif.info["duration"])
    assert durations[:-1] == [100] * 7 and durations[-1] == 2000  # a pause on the last frame
    # After saving, the figure shows the last frame: its tangent has slope f′(x₇).
    ax = fig.axes[0]
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "f(x)"
    assert ax.xaxis.label.get_fontsize() >= 12
    tangent = next(line for line in ax.get_lines() if line.get_linewidth() == 3)
    tx, ty = (np.asarray(a, dtype=float) for a in tangent.get_data())
    slope = (ty[1] - ty[0]) / (tx[1] - tx[0])
    x7 = path.xs[-1]
    assert slope == pytest.approx(3 * x7**2 + 6 * x7)
    assert np.mean(tx) == pytest.approx(x7)
    assert f"step 7: x = {x7:.4g}" in ax.get_title()


def test_gif_frames_can_be_thinned_and_two_variables_work(tmp_path):
    # Rosenbrock's valley from (−1.2, 1) with α = 0.001, 60 steps drawn in 5 frames.
    path = descend(lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2, (-1.2, 1.0),
                   lr=0.001, steps=60)
    out = tmp_path / "r.gif"
    fig = animate_descent(path, out, width=400, max_frames=5)
    with Image.open(out) as gif:
        assert gif.n_frames == 5 and gif.size == (400, 300)
    # The last frame's arrow starts at x₆₀ and points along −∇f(x₆₀).
    arrow = next(t for t in fig.axes[0].texts if t.arrow_patch is not None)
    start, tip = np.array(arrow.xyann), np.array(arrow.xy)
    np.testing.assert_allclose(start, path.xs[-1])
    direction = (tip - start) / np.linalg.norm(tip - start)
    np.testing.assert_allclose(direction, -path.grads[-1] / np.linalg.norm(path.grads[-1]))


def test_several_rates_move_together_with_a_trail_each(tmp_path):
    slow, fast = (descend(cubic, -1.99, lr=lr, steps=n) for lr, n in ((0.04, 6), (0.45, 3)))
    fig = animate_descent([slow, fast], tmp_path / "b.gif", xlim=(-5, 5), ylim=(-2, 8))
    with Image.open(tmp_path / "b.gif") as gif:
        assert gif.n_frames == 7  # the longer run; the shorter waits at its end
    trails = [line for line in fig.axes[0].get_lines() if line.get_marker() == "o"
              and len(line.get_xdata()) > 1]
    np.testing.assert_allclose(trails[0].get_xdata(), slow.xs)
    np.testing.assert_allclose(trails[1].get_xdata(), fast.xs)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "α = 0.04" in legend and "α = 0.45" in legend


def test_errors():
    path = descend(cubic, -1.99, lr=0.04, steps=2)
    with pytest.raises(ConfigError, match="GIF"):
        animate_descent(path, "out.mp4")
    with pytest.raises(ConfigError, match="width"):
        animate_descent(path, width=50)
    with pytest.raises(ConfigError, match="DescentPath"):
        plot_descent([1, 2])  # type: ignore[list-item]
    three = descend(lambda a, b, c: a * a + b * b + c * c, (1, 1, 1), lr=0.1, steps=2)
    with pytest.raises(ConfigError, match="1 or 2 variables"):
        plot_descent(three)
    with pytest.raises(ConfigError, match="same dimension"):
        plot_descent([path, descend(lambda x, y: x * y, (1, 1), 0.1, 2)])
