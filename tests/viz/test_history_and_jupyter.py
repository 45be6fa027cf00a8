"""Training curves from a History, and the SVG helpers for Jupyter."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from chainrule.errors import ConfigError
from chainrule.train import History
from chainrule.viz import figure_svg, plot_history, plot_tangents

LOGS = {"epoch": [1, 2, 3, 4], "loss": [1.0, 0.6, 0.4, 0.35],
        "accuracy": [0.5, 0.7, 0.8, 0.9], "val_loss": [1.1, 0.7, 0.5, 0.55],
        "val_accuracy": [0.45, 0.65, 0.75, 0.7]}


def test_history_panels_train_and_validation(tmp_path):
    fig = plot_history(LOGS, tmp_path / "h.svg")
    loss_ax, acc_ax = fig.axes
    assert loss_ax.get_title() == "loss" and acc_ax.get_title() == "accuracy"
    train, val = loss_ax.get_lines()
    np.testing.assert_allclose(train.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(train.get_ydata(), LOGS["loss"])
    np.testing.assert_allclose(val.get_ydata(), LOGS["val_loss"])
    assert val.get_linestyle() == "--"
    # Best validation: lowest loss at epoch 3, highest accuracy at epoch 3.
    assert loss_ax.collections[0].get_offsets().tolist() == [[3.0, 0.5]]
    assert acc_ax.collections[0].get_offsets().tolist() == [[3.0, 0.75]]
    svg = (tmp_path / "h.svg").read_text()
    assert "validation loss" in svg and "best: 0.5 (epoch 3)" in svg


def test_history_object_and_partial_keys():
    history = History()
    for e, loss in enumerate([0.9, 0.5], 1):
        history.append({"epoch": e, "loss": loss})
    fig = plot_history(history)
    assert len(fig.axes) == 1
    np.testing.assert_allclose(fig.axes[0].get_lines()[0].get_ydata(), [0.9, 0.5])


def test_history_without_epochs_and_bad_input():
    fig = plot_history({"val_loss": [3.0, 2.0, 2.5]})
    line = fig.axes[0].get_lines()[0]
    np.testing.assert_allclose(line.get_xdata(), [1, 2, 3])
    with pytest.raises(ConfigError, match="differ in length"):
        plot_history({"loss": [1.0], "accuracy": [0.1, 0.2]})
    with pytest.raises(ConfigError, match="no metric"):
        plot_history({"epoch": [1]})
    with pytest.raises(ConfigError, match="History"):
        plot_history([1, 2, 3])


def test_figure_svg_keeps_text():
    svg = figure_svg(plot_tangents(lambda x: x * x, [1], title="A title"))
    assert svg.lstrip().startswith("<?xml") and "<text" in svg and "A title" in svg


def test_importing_viz_pulls_in_neither_ipython_nor_pyplot_nor_sympy():
    code = ("import sys, chainrule.viz; "
            "print(any(m in sys.modules for m in ('IPython', 'matplotlib.pyplot', 'sympy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"
