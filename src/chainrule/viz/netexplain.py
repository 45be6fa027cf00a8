"""Adapter: a ``chainrule.explain.Network`` (seed 000's and seed 003's networks) as a diagram.

The explain engineer's Network names everything: inputs (``x1``, ``i0``), each neuron's net
input and activation (``y1`` → ``y1^a``; seed 003's ``a0`` → ``b0``), weights (``w1``,
``w_i0^a0``) and biases (``c1``, shared by a layer in seed 000). Drawn with
``split_activations=True`` (the default) each layer takes two columns, net inputs then
activations joined by dashed edges — seed 003's picture, where activation layers are layers of
their own; otherwise each neuron is one circle named after its activation.
"""

from __future__ import annotations

from typing import Any

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
