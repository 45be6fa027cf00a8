"""Adapter: a ``chainrule.explain.Network`` (seed 000's and seed 003's networks) as a diagram.

The explain engineer's Network names everything: inputs (``x1``, ``i0``), each neuron's net
input and activation (``y1`` → ``y1^a``; seed 003's ``a0`` → ``b0``), weights (``w1``,
``w_i0^a0``) and biases (``c1``, shared by a layer in seed 000). Drawn with
``split_activations=True`` (the default) each layer takes two columns, net inputs then
activations joined by dashed edges — seed 003's picture, where activation layers are layers of
their own; otherwise each neuron is one circle named after its activation.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from chainrule.viz import canvas
from chainrule.viz.graph import format_number
from chainrule.viz.netspec import EdgeSpec, NetworkSpec, NodeSpec, edge_label, math_name


def spec_from_explain(network: Any, show: str | None = None,
                      split_activations: bool = True) -> NetworkSpec:
    """A :class:`NetworkSpec` from a ``chainrule.explain.Network``.

    Reads ``input_names``, and per layer ``weights`` (units × fan_in, row j into neuron j),
    ``weight_names``, ``biases``/``bias_names`` (shown under each neuron), ``net_names``,
    ``out_names`` and ``activation``.
    """
    show = show or "both"
    columns: list[list[NodeSpec]] = [[NodeSpec(n) for n in network.input_names]]
    captions = ["input"]
    edges: list[EdgeSpec] = []
    for k, layer in enumerate(network.layers, 1):
        notes = []
        for j in range(layer.units):
            name, value = layer.bias_of(j)
            notes.append(f"{math_name(name)} = {format_number(value)}" if show != "value"
                         else f"b = {format_number(value)}")
        src = len(columns) - 1
        nets = layer.net_names if split_activations else layer.out_names
        columns.append([NodeSpec(n, note=notes[j]) for j, n in enumerate(nets)])
        captions.append(f"layer {k}" if split_activations else f"layer {k} ({layer.activation})")
        for j, row in enumerate(layer.weights):
            for i, w in enumerate(row):
                edges.append(EdgeSpec((src, i), (src + 1, j),
                                      edge_label(layer.weight_names[j][i], w, show)))
        if split_activations:
            columns.append([NodeSpec(n) for n in layer.out_names])
            captions.append(layer.activation)
            edges.extend(EdgeSpec((src + 1, j), (src + 2, j), dashed=True)
                         for j in range(layer.units))
    return NetworkSpec(tuple(map(tuple, columns)), tuple(edges), tuple(captions))


def plot_loss_curve(losses: Sequence[float], path: str | Path | None = None, *,
                    title: str | None = None, marks: Sequence[int] = (),
                    loss_name: str = "E") -> Figure:
    """The loss before each step of ``chainrule explain --steps N``.

    Parameters
    ----------
    losses : sequence of float, shape (N,)
        ``losses[k - 1]`` is the loss before step k.
    path : str or Path, optional
        Save there (.png, .svg, .pdf).
    marks : sequence of int
        Steps to mark with a dot and their value (the steps shown in full).

    Returns
    -------
    matplotlib.figure.Figure
        One axes: step (log scale from 10 steps on) against the loss (log scale when the loss
        spans more than a factor of 100 and stays positive).
    """
    ys = np.asarray(losses, dtype=float)
    xs = np.arange(1, len(ys) + 1)
    fig = canvas.new_figure(6.4, 3.8)
    ax = fig.add_subplot()
    ax.plot(xs, ys, "-", color="tab:blue", lw=1.6, label=loss_name)
    for k in marks:
        if 1 <= k <= len(ys):
            ax.plot([k], [ys[k - 1]], "o", color="tab:red", ms=5)
            late = k > len(ys) ** 0.5 if len(ys) >= 10 else k > len(ys) / 2
            ax.annotate(f"step {k}: {format_number(float(ys[k - 1]))}", (k, ys[k - 1]),
                        textcoords="offset points", xytext=(-6 if late else 6, 6),
                        ha="right" if late else "left", fontsize=8)
    if len(ys) >= 10:
        ax.set_xscale("log")
    if np.all(ys > 0) and ys.max() > 100 * ys.min():
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel(f"{loss_name} before the update")
    ax.set_title(title or f"loss over {len(ys)} steps")
    ax.grid(alpha=0.3, which="both")
    if path is not None:
        canvas.save_figure(fig, path)
    return fig
