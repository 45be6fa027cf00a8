"""Training curves: loss and each metric per epoch, training beside validation.

Reads a :class:`chainrule.train.History` or its ``to_dict()`` —
``{"epoch": [1, 2, …], "loss": […], "accuracy": […], "val_loss": […], "val_accuracy": […]}``
with only the keys that were measured. Each metric gets one panel; its ``val_`` twin is drawn
dashed on the same panel, and the best validation epoch is marked.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from chainrule.errors import ConfigError
from chainrule.viz import canvas


def _metrics(history: Any) -> dict[str, list[float]]:
    data = history.to_dict() if hasattr(history, "to_dict") else history
    if not isinstance(data, Mapping):
        raise ConfigError(f"plot_history needs a History or its to_dict(); got "
                          f"{type(history).__name__}")
    out = {str(k): [float(v) for v in vals] for k, vals in data.items()}
    lengths = {k: len(v) for k, v in out.items()}
    if len(set(lengths.values())) > 1:
        raise ConfigError(f"history lists differ in length: {lengths}")
    return out


def plot_history(history: Any, path: str | Path | None = None, *,
                 title: str | None = None) -> Figure:
    """Loss and metrics per epoch, train (solid) vs validation (dashed).

    Parameters
    ----------
    history : History or dict
        Per-epoch lists; ``"epoch"`` is the x axis (1, 2, … when absent).
    path : str or Path, optional
        Save the figure there (.png, .svg, .pdf).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per metric (``loss`` first), in the order the history lists them.
    """
    data = _metrics(history)
    epochs = data.pop("epoch", None)
    names = [k for k in data if not k.startswith("val_")]
    names += [k[4:] for k in data if k.startswith("val_") and k[4:] not in names]
    names = sorted(names, key=lambda k: k != "loss")  # stable: loss first, others in order
    if not names:
        raise ConfigError("the history has no metric to plot (expected 'loss', 'accuracy', …)")
    count = len(next(iter(data.values())))
    xs = np.arange(1, count + 1) if epochs is None else np.asarray(epochs)
    fig = canvas.new_figure(4.2 * len(names), 3.6)
    axes = np.atleast_1d(fig.subplots(1, len(names)))
    for ax, name in zip(axes, names):
        if name in data:
            ax.plot(xs, data[name], "o-", ms=3, color="tab:blue", label=f"train {name}")
        if f"val_{name}" in data:
            val = np.asarray(data[f"val_{name}"])
            ax.plot(xs, val, "s--", ms=3, color="tab:orange", label=f"validation {name}")
            best = int(np.argmin(val) if "loss" in name else np.argmax(val))
            ax.scatter([xs[best]], [val[best]], s=90, facecolors="none",
                       edgecolors="tab:red", zorder=3, label=f"best: {val[best]:.4g} "
                                                         f"(epoch {xs[best]:g})")
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.set_title(name)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        if len(xs) <= 12:
            ax.set_xticks(xs)
    if title:
        fig.suptitle(title)
    if path is not None:
        canvas.save_figure(fig, path)
    return fig
