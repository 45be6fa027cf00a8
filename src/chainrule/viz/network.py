"""Network diagrams: inputs and neurons in columns, weights on the edges, values in the neurons.

Seed 003 draws its network twice — once with the weights on the edges, once "evaluated", with
each neuron's value inside its circle. :func:`draw_network` draws both (and gradients too) from
any network chainrule knows (see :mod:`chainrule.viz.netspec`).

Every weight label sits on its own edge, at a point chosen so that it overlaps no other label
and no neuron: candidates along the edge are tried in turn (middle first, then towards the
ends), and if some label finds no free spot the columns move apart and the placement starts
again. Sizes are measured in inches from the fonts, so the result does not depend on luck.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Circle

from chainrule.viz import canvas
from chainrule.viz.graph import format_number
from chainrule.viz.layered import text_size
from chainrule.viz.netspec import NetworkSpec, as_spec, collapse, math_name, with_values

FONT = 10.0
EDGE_FONT = 9.0
CANDIDATES = (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8, 0.33, 0.67, 0.44, 0.56, 0.24, 0.76, 0.15,
              0.85)
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in inches


def _node_text(name: str, value: float | None, grad: float | None, hidden: int = 0) -> str:
    if hidden:
        return f"⋮\n{hidden} more"
    lines = [math_name(name)]
    if value is not None:
        lines.append(format_number(value))
    if grad is not None:
        lines.append(f"∇ {format_number(grad)}")
    return "\n".join(lines)


def _overlaps(a: Box, b: Box, margin: float = 0.02) -> bool:
    return not (a[2] + margin <= b[0] or b[2] + margin <= a[0] or
                a[3] + margin <= b[1] or b[3] + margin <= a[1])


class _Geometry:
    """Where every node, note, caption and edge label goes, for one gap between columns."""

    def __init__(self, spec: NetworkSpec, texts: list[list[str]], gap: float) -> None:
        self.spec = spec
        sizes = [text_size(t, FONT) for layer in texts for t in layer]
        self.radius = max(max(max(w, h) for w, h in sizes) / 2 + 0.1, 0.25)
        notes = [n.note for layer in spec.layers for n in layer if n.note]
        self.note_h = text_size("b", EDGE_FONT)[1] if notes else 0.0
        self.row = 2 * self.radius + self.note_h + 0.35
        tallest = max(len(layer) for layer in spec.layers)
        self.caption_h = text_size("Hg", FONT)[1] + 0.15
        self.height = tallest * self.row + self.caption_h + 0.2
        # Columns joined only by dashed one-to-one (activation) edges sit closer together.
        full = {e.source[0] for e in spec.edges if not e.dashed}
        self.xs = [0.3 + self.radius]
        for k in range(1, len(spec.layers)):
            step = gap if (k - 1) in full else min(gap, 0.9)
            self.xs.append(self.xs[-1] + 2 * self.radius + step)
        note_w = max((text_size(n, EDGE_FONT)[0] for n in notes), default=0.0)
        cap_w = max((text_size(c, FONT)[0] for c in spec.captions), default=0.0)
        side = max(self.radius, note_w / 2, cap_w / 2)
        self.left = self.xs[0] - side - 0.2
        self.width = self.xs[-1] + side + 0.2 - self.left
        self.centres: dict[tuple[int, int], tuple[float, float]] = {}
        body = self.height - self.caption_h
        for k, layer in enumerate(spec.layers):
            top = body / 2 + len(layer) * self.row / 2
            for i in range(len(layer)):
                self.centres[(k, i)] = (self.xs[k], top - (i + 0.5) * self.row + self.note_h / 2)

    def blocked(self) -> list[Box]:
        """Boxes no edge label may cover: neurons with their notes, and the points where two
        edges cross (a label there could belong to either: seed 000's w2/w3, w6/w7)."""
        boxes = []
        r = self.radius
        for x, y in self.centres.values():
            boxes.append((x - r, y - r - self.note_h, x + r, y + r))
        half = text_size("w", EDGE_FONT)[1] * 0.9
        for x, y in self.crossings():
            boxes.append((x - half, y - half, x + half, y + half))
        return boxes

    def crossings(self) -> list[tuple[float, float]]:
        """Where two edges between the same pair of columns cross."""
        edges = [e for e in self.spec.edges if not e.dashed]
        points = []
        for i, a in enumerate(edges):
            for b in edges[i + 1:]:
                if a.source[0] != b.source[0] or a.source == b.source or a.target == b.target:
                    continue
                if (a.source[1] - b.source[1]) * (a.target[1] - b.target[1]) >= 0:
                    continue  # they do not cross
                (x0, y0), (x1, y1) = self.centres[a.source], self.centres[a.target]
                (u0, v0), (u1, v1) = self.centres[b.source], self.centres[b.target]
                den = (x1 - x0) * (v1 - v0) - (y1 - y0) * (u1 - u0)
                if den:
                    t = ((u0 - x0) * (v1 - v0) - (v0 - y0) * (u1 - u0)) / den
                    points.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
        return points

    def edge_ends(self, source: tuple[int, int], target: tuple[int, int]
                  ) -> tuple[float, float, float, float]:
        """The edge's visible segment, from circle rim to circle rim."""
        (x0, y0), (x1, y1) = self.centres[source], self.centres[target]
        d = math.hypot(x1 - x0, y1 - y0)
        ux, uy = (x1 - x0) / d, (y1 - y0) / d
        r = self.radius
        return x0 + ux * r, y0 + uy * r, x1 - ux * r, y1 - uy * r

    def place_labels(self) -> dict[int, tuple[float, float]] | None:
        """A free spot for every edge label, or None when some label fits nowhere."""
        taken = self.blocked()
        spots: dict[int, tuple[float, float]] = {}
        for idx, e in enumerate(self.spec.edges):
            if not e.label:
                continue
            w, h = text_size(e.label, EDGE_FONT)
            w, h = w + 0.06, h + 0.02
            ax0, ay0, ax1, ay1 = self.edge_ends(e.source, e.target)
            for t in CANDIDATES:
                cx, cy = ax0 + t * (ax1 - ax0), ay0 + t * (ay1 - ay0)
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if not any(_overlaps(box, b) for b in taken):
                    taken.append(box)
                    spots[idx] = (cx, cy)
                    break
            else:
                return None
        return spots


def network_figure(spec: NetworkSpec, *, title: str | None = None, dpi: float = 100,
                   legend: bool = True) -> Figure:
    """Draw a :class:`NetworkSpec` (values and gradients already filled in) as a Figure."""
    texts = [[_node_text(n.name, n.value, n.grad, n.hidden) for n in layer]
             for layer in spec.layers]
    label_w = max((text_size(e.label, EDGE_FONT)[0] for e in spec.edges if e.label),
                  default=0.0)
    fan = max((len(layer) for layer in spec.layers), default=1)
    # Room for the labels, and for tall columns a gap that keeps the edge fans from being
    # nearly vertical (about a quarter of the column height).
    rows = _Geometry(spec, texts, 1.0)
    gap = max(1.0, 1.6 * label_w + 0.35 * fan, 0.25 * fan * rows.row)
    for _ in range(12):
        geo = _Geometry(spec, texts, gap)
        spots = geo.place_labels()
        if spots is not None:
            break
        gap *= 1.25
    else:  # pragma: no cover - every label fits once the columns are far enough apart
        spots = {}
    has_values = any(n.value is not None for layer in spec.layers for n in layer)
    has_grads = any(n.grad is not None for layer in spec.layers for n in layer)
    foot = 0.3 if legend and (has_values or has_grads) else 0.0
    head = 0.35 if title else 0.0
    fig = canvas.new_figure(geo.width, geo.height + foot + head, dpi=dpi, layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(geo.left, geo.left + geo.width)
    ax.set_ylim(-foot, geo.height + head)
    ax.set_aspect("equal")
    ax.set_axis_off()
    for idx, e in enumerate(spec.edges):
        x0, y0, x1, y1 = geo.edge_ends(e.source, e.target)
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": "#777777", "lw": 0.8,
                                "linestyle": "--" if e.dashed else "-",
                                "shrinkA": 0, "shrinkB": 0, "mutation_scale": 7})
        if idx in spots:
            cx, cy = spots[idx]
            ax.text(cx, cy, e.label, ha="center", va="center", fontsize=EDGE_FONT,
                    color="#1f4e79", bbox={"boxstyle": "square,pad=0.05", "fc": "white",
                                           "ec": "none"})
    for k, layer in enumerate(spec.layers):
        for i, node in enumerate(layer):
            x, y = geo.centres[(k, i)]
            face = "#f3f3f3" if k == 0 else "#e8f1fa"
            if not node.hidden:
                ax.add_patch(Circle((x, y), geo.radius, facecolor=face, edgecolor="#333333",
                                    lw=1.0))
            ax.text(x, y, texts[k][i], ha="center", va="center", fontsize=FONT,
                    linespacing=1.1)
            if node.note:
                ax.text(x, y - geo.radius - 0.04, node.note, ha="center", va="top",
                        fontsize=EDGE_FONT, color="#555555",
                        bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none"})
        if k < len(spec.captions):
            ax.text(geo.xs[k], geo.height - geo.caption_h / 2, spec.captions[k],
                    ha="center", va="center", fontsize=FONT, color="#333333")
    if title:
        ax.text(geo.left + geo.width / 2, geo.height + head / 2, title, ha="center",
                va="center", fontsize=FONT + 1)
    if foot:
        parts = ["in each circle: name"]
        parts += ["value"] if has_values else []
        parts += ["∇ = ∂E/∂(node)"] if has_grads else []
        ax.text(geo.left + 0.1, -foot / 2, ", ".join(parts) + "; weights on the edges",
                ha="left", va="center", fontsize=EDGE_FONT, color="#555555")
    return fig


def draw_network(network: Any, values: Any = None, grads: Any = None,
                 path: str | Path | None = None, *, show: str | None = None,
                 title: str | None = None, split_activations: bool = True,
                 max_per_column: int = 12, max_edge_labels: int = 40,
                 dpi: float = 100) -> Figure:
    """A layered diagram of a network: weights on the edges, values/gradients in the neurons.

    Parameters
    ----------
    network
        A :class:`~chainrule.viz.netspec.NetworkSpec`, a ``chainrule.explain.Network``, a
        scalar ``MLP``, a ``chainrule.nn.Sequential``, or ``(sizes, weights[, biases])`` with
        ``weights[k]`` of shape (n_{k+1}, n_k).
    values, grads : optional
        Forward values / gradients ∂E/∂node per node: a mapping by node name, a list per
        column, or an ``Explanation`` (its forward values and gradients by name).
    path : str or Path, optional
        Save the picture there (.png, .svg, .pdf).
    show : {"value", "name", "both"}, optional
        What an edge label says about its weight (default: "both" when the weights have
        names, as in an explain Network, else "value").
    title : str, optional
        A line above the diagram.
    split_activations : bool
        For an explain Network: net inputs and activations in separate columns, joined by
        dashed edges (seed 003's picture); otherwise one circle per neuron.
    max_per_column : int
        Taller columns show their first nodes, "⋮", and their last node.
    max_edge_labels : int
        With more edges than this the weight labels are left out (they could not be read).

    Returns
    -------
    matplotlib.figure.Figure
    """
    spec = with_values(as_spec(network, show=show, split_activations=split_activations),
                       values, grads)
    spec = collapse(spec, max_per_column)
    labelled = sum(1 for e in spec.edges if e.label)
    if labelled > max_edge_labels:
        spec = replace(spec, edges=tuple(replace(e, label="") for e in spec.edges))
        title = (title + " — " if title else "") + f"{labelled} weights, too many to label"
    fig = network_figure(spec, title=title, dpi=dpi)
    if path is not None:
        canvas.save_figure(fig, path)
    return fig


def network_svg(network: Any, values: Any = None, grads: Any = None, **options: Any) -> str:
    """SVG text of :func:`draw_network`'s picture: what a network's ``_repr_svg_`` can return.

    ``options`` are :func:`draw_network`'s keyword arguments.
    """
    return canvas.figure_svg(draw_network(network, values, grads, **options))


__all__: Sequence[str] = ["draw_network", "network_figure", "network_svg"]
