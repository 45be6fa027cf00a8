"""Tangent lines, f beside f′, and the step study: the data behind each picture."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from chainrule.errors import ConfigError
from chainrule.numeric import step_study
from chainrule.viz import plot_derivative, plot_step_study, plot_tangents, tangents
from chainrule.viz.canvas import figure_svg, sample, save_figure
from chainrule.viz.functions import slope_function


def two_x_squared(x):
    return 2 * x**2


@pytest.mark.parametrize("method", ["auto", "numeric", "backprop"])
def test_seed002_tangent_slopes_and_intercepts(method):
    # f = 2x², f′ = 4x: slopes 0, 4, 8, 12, 16; b = f(x₀) − m·x₀ = 2x₀² − 4x₀² = −2x₀².
    lines = tangents(two_x_squared, range(5), method=method)
    for x0, t in zip(range(5), lines):
        assert t.x0 == x0 and t.y0 == pytest.approx(2 * x0**2)
        assert t.slope == pytest.approx(4 * x0, abs=1e-7)
        assert t.intercept == pytest.approx(-2 * x0**2, abs=1e-6)
        assert t(x0) == pytest.approx(t.y0)


def test_plot_tangents_draws_each_tangent_through_its_point(tmp_path):
    fig = plot_tangents(two_x_squared, [0, 1, 2, 3, 4], tmp_path / "tangents.png")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    curve, *segments = ax.get_lines()
    xs, ys = curve.get_data()
    np.testing.assert_allclose(ys, 2 * np.asarray(xs) ** 2)
    assert len(segments) == 5
    for x0, seg in zip(range(5), segments):
        sx, sy = (np.asarray(a, dtype=float) for a in seg.get_data())
        np.testing.assert_allclose(sx, [x0 - 0.9, x0, x0 + 0.9])
        slope = (sy[2] - sy[0]) / (sx[2] - sx[0])
        assert slope == pytest.approx(4 * x0, abs=1e-6)
        assert sy[1] == pytest.approx(2 * x0**2, abs=1e-6)  # touches f at x₀
    assert len(ax.collections) == 5  # one marker per point of contact
    assert (tmp_path / "tangents.png").stat().st_size > 1000


def test_tangent_legend_and_svg_labels():
    fig = plot_tangents(two_x_squared, [1, 2], label="2x²")
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[0] == "f(x) = 2x²"
    assert texts[1] == "x = 1: y = 4x − 2" and texts[2] == "x = 2: y = 8x − 8"
    svg = figure_svg(fig)
    for text in texts:
        assert text in svg


def test_plot_derivative_shares_x_and_draws_f_prime():
    fig = plot_derivative(lambda x: 3 * x**2 + 4 * x + 6, x_range=(-3, 3), points=61,
                          method="backprop", label="3x² + 4x + 6")
    ax_f, ax_d = fig.axes
    xs, ys = ax_f.get_lines()[0].get_data()
    dxs, dys = ax_d.get_lines()[0].get_data()
    np.testing.assert_allclose(xs, dxs)
    np.testing.assert_allclose(ys, 3 * xs**2 + 4 * xs + 6)
    np.testing.assert_allclose(dys, 6 * xs + 4, rtol=1e-12)  # seed 000: f′(2) = 16
    assert ax_f.get_title() == "f(x) = 3x² + 4x + 6"
    assert ax_f.get_shared_x_axes().joined(ax_f, ax_d)


def test_plot_derivative_numeric_slopes_of_a_math_function():
    fig = plot_derivative(math.sin, x_range=(0, 3), points=31)
    xs, dys = fig.axes[1].get_lines()[0].get_data()
    np.testing.assert_allclose(dys, np.cos(xs), atol=1e-8)


def test_step_study_plot_shows_the_study(tmp_path):
    study = step_study(lambda x: 2 * x**2, 2.0, exact=8.0)
    fig = plot_step_study(study, tmp_path / "study.svg")
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    forward, central = ax.get_lines()
    np.testing.assert_allclose(central.get_xdata(), study.hs)
    np.testing.assert_allclose(forward.get_xdata(), study.hs)
    err = np.where(study.forward_error > 0, study.forward_error, np.nan)
    np.testing.assert_allclose(forward.get_ydata(), err)
    svg = (tmp_path / "study.svg").read_text()
    assert "forward (f(x+h) − f(x))/h" in svg and "step h" in svg
    best = study.hs[np.argmin(study.forward_error)]
    assert f"best h ≈ {best:.0e}" in svg
    (marker_x, marker_y), = ax.collections[0].get_offsets()
    assert marker_x == best and marker_y == study.forward_error.min()


def test_slope_function_choices():
    with pytest.raises(ConfigError, match="method"):
        slope_function(two_x_squared, "guess")
    with pytest.raises(ConfigError, match="formula"):
        slope_function(two_x_squared, "symbolic")
    with pytest.raises(ConfigError, match="Values"):
        slope_function(lambda x: 1.0, "backprop")(2.0)
    assert slope_function(lambda x: x.exp(), "backprop")(1.0) == pytest.approx(math.e)


def test_sample_vectorised_pointwise_and_undefined():
    grid = np.array([-1.0, 0.5, 2.0])
    np.testing.assert_allclose(sample(lambda x: x * x, grid), grid**2)
    np.testing.assert_allclose(sample(math.exp, grid), np.exp(grid))
    logs = sample(lambda x: x.log(), grid)  # needs Values; undefined at −1
    assert math.isnan(logs[0]) and logs[1:] == pytest.approx(np.log(grid[1:]))


def test_save_figure_rejects_unknown_extension(tmp_path):
    fig = plot_tangents(two_x_squared, [1])
    with pytest.raises(ConfigError, match=r"\.jpg"):
        save_figure(fig, tmp_path / "x.jpg")
    with pytest.raises(ConfigError, match="at least one"):
        plot_tangents(two_x_squared, [])


def test_formula_strings():
    lines = tangents("2x^2", [0, 1, 2, 3, 4])
    assert [t.slope for t in lines] == pytest.approx([0, 4, 8, 12, 16])
    fig = plot_derivative("3x^2 + 4x + 6", x_range=(-2, 2), points=9)
    xs, dys = fig.axes[1].get_lines()[0].get_data()
    np.testing.assert_allclose(dys, 6 * xs + 4)


def test_derivative_figure_marks_seed000s_point_and_slope():
    from chainrule.viz import plot_derivative

    fig = plot_derivative("3x^2 + 4x + 6", x_range=(-4.0, 3.0), mark=2.0)
    ax_f, ax_d = fig.axes
    tangent = next(line for line in ax_f.get_lines() if "tangent" in line.get_label())
    tx, ty = (np.asarray(a, dtype=float) for a in tangent.get_data())
    # By hand: f(2) = 12 + 8 + 6 = 26, f′(2) = 6·2 + 4 = 16.
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(16)
    assert np.interp(2.0, tx, ty) == pytest.approx(26)
    assert any(t.get_text() == "f′(2) = 16" for t in ax_d.texts)
