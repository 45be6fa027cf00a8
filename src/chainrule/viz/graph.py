"""Computation graphs of the scalar engine, drawn the way micrograd's ``draw_dot`` draws them.

Every :class:`~chainrule.scalar.Value` becomes a box ``name | data … | grad …``; every op
becomes a small node between its operands and its result (``x → [×] → x·w``). A constant
exponent (``x**2``) is folded into its op node (``^2``) rather than drawn as a box.

The source is always Graphviz DOT (:func:`graph_dot`). :func:`draw_graph` renders it with the
``dot`` program when it is on the PATH; on a machine without Graphviz it draws the same graph
with the pure-Python layered layout of :mod:`chainrule.viz.layered` and matplotlib, so a fresh
install still gets a picture. Big graphs keep the ``max_nodes`` values nearest to the output and
collapse the rest into one "… more" node.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from chainrule.errors import ConfigError
from chainrule.io.atomic import atomic_path
from chainrule.scalar.value import Value
from chainrule.text.numbers import fmt
from chainrule.viz import canvas
from chainrule.viz.layered import layout, text_size

GRAPH_FORMATS = (".dot", ".svg", ".png", ".pdf")
MORE = "__more__"
FONT = 10.0
#: Edge colours of highlighted paths, in order (orange, magenta, blue, green), and the default.
PATH_COLOURS = ("#e08a00", "#c2187a", "#1f77b4", "#2ca02c")
EDGE_COLOUR = "#666666"
Paths = Sequence[Sequence[str]]


def format_number(x: float, digits: int = 4) -> str:
    """A short number for a label: 4 significant digits (``0.3825``, ``16``, ``1.5e-08``)."""
    return fmt(x, digits)  # the one number formatter; a Value (a create_graph grad) reads .data


@dataclass(frozen=True)
class GraphNode:
    """One box or op node: a DOT id, its label parts, and whether it is an op."""

    key: str
    parts: tuple[str, ...]
    is_op: bool = False


@dataclass(frozen=True)
class GraphData:
    """The graph to draw: nodes and edges (operand → op → result), and how many were hidden."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[tuple[str, str], ...]
    hidden: int
    colours: dict[tuple[str, str], str] = field(default_factory=dict)
    """Edge -> colour, for the edges of highlighted paths (the rest are drawn grey)."""


def collect(root: Value, max_nodes: int = 100, digits: int = 4,
            highlight: Paths = ()) -> GraphData:
    """The nodes and edges of ``root``'s graph, keeping at most ``max_nodes`` Values.

    The kept Values are those fewest steps from ``root`` (breadth first), so the output and its
    last operations always show; operands beyond the cap feed one "… N more" node.
    ``highlight`` names paths of Values (``[["a", "b", "d"], ["a", "c", "d"]]``): the edges
    from each named Value through an op into the next get the path's colour
    (:data:`PATH_COLOURS`). Raises ``ConfigError`` naming a Value that is not drawn or two
    neighbours on a path that no single op joins.
    """
    if max_nodes < 1:
        raise ConfigError(f"max_nodes must be at least 1; got {max_nodes}")
    kept: dict[int, Value] = {}
    queue: deque[Value] = deque([root])
    seen = {id(root)}
    total_seen = 1
    while queue:
        v = queue.popleft()
        if len(kept) < max_nodes:
            kept[id(v)] = v
        for p in _operands(v):
            if id(p) not in seen:
                seen.add(id(p))
                total_seen += 1
                queue.append(p)
    # Ids by breadth-first rank from the output: the same graph gives the same DOT every time.
    ids = {k: f"n{i}" for i, k in enumerate(kept)}
    nodes: list[GraphNode] = []
    edges: list[tuple[str, str]] = []
    feeds_more = False
    for v in kept.values():
        key = ids[id(v)]
        name = (v.name or "").replace("\n", " ")
        if v.is_leaf and name == format_number(v.data, digits):
            name = ""  # a lifted constant is named by its own value: say it once
        data = f"data {format_number(v.data, digits)}"
        grad = f"grad {format_number(v.grad, digits)}"
        nodes.append(GraphNode(key, (name, data, grad) if name else (data, grad)))
        if v.op is None:
            continue
        op_key = f"{key}_op"
        nodes.append(GraphNode(op_key, (_op_label(v),), is_op=True))
        edges.append((op_key, key))
        for p in _operands(v):
            if id(p) in kept:
                edges.append((ids[id(p)], op_key))
            else:
                feeds_more = True
                edges.append((MORE, op_key))
    hidden = total_seen - len(kept)
    if feeds_more:
        nodes.append(GraphNode(MORE, (f"… {hidden} more node{'s' * (hidden != 1)}",)))
    colours = _path_colours(list(kept.values()), ids, highlight)
    return GraphData(tuple(nodes), tuple(dict.fromkeys(edges)), hidden, colours)


def _path_colours(kept: list[Value], ids: dict[int, str],
                  highlight: Paths) -> dict[tuple[str, str], str]:
    """Edge -> colour for each path of ``highlight`` (Value names, in order along the path)."""
    by_name: dict[str, list[Value]] = {}
    for v in kept:
        if v.name:
            by_name.setdefault(v.name, []).append(v)
    colours: dict[tuple[str, str], str] = {}
    for k, path in enumerate(highlight):
        colour = PATH_COLOURS[k % len(PATH_COLOURS)]
        for name in path:
            if name not in by_name:
                raise ConfigError(f"highlight: path {k + 1} names {name!r}, which is not a "
                                  "value of the drawn graph")
        for src, dst in pairwise(path):
            hops = [(ids[id(p)], ids[id(v)]) for v in by_name[dst] if v.op is not None
                    for p in _operands(v) if id(p) in ids and p.name == src]
            if not hops:
                raise ConfigError(f"highlight: path {k + 1} goes {src!r} → {dst!r}, but no "
                                  f"op of the graph takes {src!r} to {dst!r}")
            for u, v in hops:
                for edge in ((u, f"{v}_op"), (f"{v}_op", v)):
                    colours.setdefault(edge, colour)
    return colours


def _operands(v: Value) -> tuple[Value, ...]:
    if v.op is not None and v.op.name == "powc":
        return v.parents[:1]  # the exponent is a constant of the op, shown in its label
    return v.parents


def _op_label(v: Value) -> str:
    assert v.op is not None
    if v.op.name == "powc":
        return f"^{format_number(v.parents[1].data)}"
    return getattr(v.op, "symbol", "") or v.op.name  # each rule's display symbol


def _dot_escape(text: str) -> str:
    """Escape a DOT record-label field: braces, bars, angle brackets, quotes, backslashes."""
    out = text.replace("\\", "\\\\")
    for ch in '{}|<>"':
        out = out.replace(ch, "\\" + ch)
    return out


def graph_dot(value: Value, *, max_nodes: int = 100, digits: int = 4,
              highlight: Paths = ()) -> str:
    """Graphviz DOT source of ``value``'s computation graph (left to right, micrograd style).

    Value nodes are records ``{ name | data … | grad … }``; op nodes are ellipses; the edges of
    ``highlight``'s paths (see :func:`collect`) are coloured and drawn thicker.
    """
    data = collect(value, max_nodes, digits, highlight)
    lines = ["digraph chainrule {", "  graph [rankdir=LR, bgcolor=transparent];",
             '  node [fontname="Helvetica", fontsize=11];']
    for n in data.nodes:
        if n.is_op:
            lines.append(f'  "{n.key}" [label="{_dot_escape(n.parts[0])}", shape=ellipse];')
        elif n.key == MORE:
            lines.append(f'  "{n.key}" [label="{_dot_escape(n.parts[0])}", shape=plaintext];')
        else:
            label = " | ".join(_dot_escape(p) for p in n.parts)
            lines.append(f'  "{n.key}" [label="{{ {label} }}", shape=record];')
    for u, v in data.edges:
        colour = data.colours.get((u, v))
        style = f' [color="{colour}", penwidth=2.2]' if colour else ""
        lines.append(f'  "{u}" -> "{v}"{style};')
    lines.append("}")
    return "\n".join(lines) + "\n"


def graphviz_available() -> bool:
    """Whether the ``dot`` program is on the PATH."""
    return shutil.which("dot") is not None


def render_dot(source: str, fmt: str = "svg", *, timeout: float = 30.0) -> bytes:
    """Run Graphviz ``dot -T<fmt>`` on ``source`` (no shell) and return its output.

    Raises
    ------
    ConfigError
        When ``dot`` is missing, fails, or runs past ``timeout`` seconds.
    """
    exe = shutil.which("dot")
    if exe is None:
        raise ConfigError("Graphviz 'dot' is not on the PATH; use renderer='matplotlib'")
    try:
        done = subprocess.run([exe, f"-T{fmt}"], input=source.encode(), capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ConfigError(f"Graphviz 'dot' ran longer than {timeout:g} s") from exc
    if done.returncode != 0:
        raise ConfigError(f"Graphviz 'dot -T{fmt}' failed: "
                          f"{done.stderr.decode(errors='replace').strip()[:300]}")
    return done.stdout


def graph_figure(value: Value, *, max_nodes: int = 100, digits: int = 4,
                 dpi: float = 100, highlight: Paths = ()) -> Figure:
    """The computation graph drawn in pure Python: layered layout + matplotlib boxes and arrows
    (``highlight``: paths whose edges are coloured, see :func:`collect`)."""
    data = collect(value, max_nodes, digits, highlight)
    pad = 0.1
    sizes: dict[str, tuple[float, float]] = {}
    texts: dict[str, str] = {}
    for n in data.nodes:
        texts[n.key] = "  │  ".join(n.parts)
        w, h = text_size(texts[n.key], FONT)
        sizes[n.key] = (w + 2 * pad + (0.1 if n.is_op else 0.0), h + 2 * pad)
    keys = [n.key for n in data.nodes]
    placed = layout(None, keys, list(data.edges), sizes, column_gap=0.45, row_gap=0.3)
    margin = 0.15
    width, height = placed.width + 2 * margin, placed.height + 2 * margin
    # Keep the image under ~16000 pixels a side: a huge graph gets a lower resolution.
    dpi = min(dpi, 16000 / max(width, height, 1.0))
    fig = canvas.new_figure(width, height, dpi=dpi, layout=None)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-margin, placed.width + margin)
    ax.set_ylim(-margin, placed.height + margin)
    ax.set_axis_off()
    by_key = {n.key: n for n in data.nodes}
    for key, box in placed.nodes.items():
        node = by_key[key]
        style = "round,pad=0,rounding_size=0.12" if node.is_op else "square,pad=0"
        face = "#eef6fb" if node.is_op else ("white" if key != MORE else "none")
        edge = "none" if key == MORE else "#444444"
        ax.add_patch(FancyBboxPatch((box.left, box.y - box.height / 2), box.width, box.height,
                                    boxstyle=style, facecolor=face, edgecolor=edge, lw=0.9))
        ax.text(box.x, box.y, _mpl_escape(texts[key]), ha="center", va="center",
                fontsize=FONT, family="DejaVu Sans")
    for u, v in data.edges:
        a, b = placed.nodes[u], placed.nodes[v]
        points = [(a.right, a.y), *placed.routes[(u, v)], (b.left, b.y)]
        colour = data.colours.get((u, v), EDGE_COLOUR)
        lw = 0.9 if (u, v) not in data.colours else 2.0
        xs, ys = zip(*points[:-1])  # one line per route: a long edge has a point per layer
        ax.plot(xs, ys, color=colour, lw=lw)
        (x0, y0), (x1, y1) = points[-2], points[-1]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": lw,
                                "shrinkA": 0, "shrinkB": 0, "mutation_scale": 9})
    return fig


def _mpl_escape(text: str) -> str:
    return text.replace("$", r"\$")  # a lone $ would switch matplotlib into math mode


class GraphDrawing:
    """A computation graph as DOT source, with SVG/PNG renderings on demand.

    Attributes
    ----------
    dot : str
        The Graphviz source (always available).
    renderer : {"graphviz", "matplotlib"}
        What draws the pictures: ``dot`` when it is on the PATH, else pure Python.
    """

    def __init__(self, value: Value, *, renderer: str = "auto", max_nodes: int = 100,
                 digits: int = 4, highlight: Paths = ()) -> None:
        if renderer not in ("auto", "graphviz", "matplotlib"):
            raise ConfigError(f"renderer must be 'auto', 'graphviz' or 'matplotlib'; "
                              f"got {renderer!r}")
        if not isinstance(value, Value):
            raise ConfigError(f"draw_graph needs a chainrule Value; got {type(value).__name__}")
        self.value = value
        self.dot_timeout = 30.0  # seconds Graphviz may take (the CLI lowers it, then falls back)
        self.max_nodes = max_nodes
        self.digits = digits
        self.highlight = tuple(tuple(path) for path in highlight)
        self.dot = graph_dot(value, max_nodes=max_nodes, digits=digits,
                             highlight=self.highlight)
        if renderer == "auto":
            renderer = "graphviz" if graphviz_available() else "matplotlib"
        self.renderer = renderer

    def figure(self) -> Figure:
        """The pure-Python drawing as a matplotlib Figure (whatever ``renderer`` is)."""
        return graph_figure(self.value, max_nodes=self.max_nodes, digits=self.digits,
                            highlight=self.highlight)

    def svg(self) -> str:
        """The picture as SVG text."""
        if self.renderer == "graphviz":
            return render_dot(self.dot, "svg", timeout=self.dot_timeout).decode()
        return canvas.figure_svg(self.figure())

    def png(self) -> bytes:
        """The picture as PNG bytes."""
        if self.renderer == "graphviz":
            return render_dot(self.dot, "png", timeout=self.dot_timeout)
        buffer = io.BytesIO()
        self.figure().savefig(buffer, format="png")
        return buffer.getvalue()

    def save(self, path: str | Path) -> Path:
        """Write ``.dot`` source, or an ``.svg``/``.png``/``.pdf`` picture, chosen by extension."""
        target = canvas.output_path(path, GRAPH_FORMATS, "a graph")
        suffix = target.suffix.lower()
        if suffix == ".dot":
            with atomic_path(target) as tmp:
                tmp.write_text(self.dot, encoding="utf-8")
        elif self.renderer == "graphviz":
            # rendered before touching the target
            picture = render_dot(self.dot, suffix[1:], timeout=self.dot_timeout)
            with atomic_path(target) as tmp:
                tmp.write_bytes(picture)
        else:
            canvas.save_figure(self.figure(), target)
        return target

    def _repr_svg_(self) -> str:
        return self.svg()

    def __repr__(self) -> str:
        count = self.dot.count("shape=record")
        return f"GraphDrawing({count} values, renderer={self.renderer!r})"


def draw_graph(value: Value, path: str | Path | None = None, *, renderer: str = "auto",
               max_nodes: int = 100, digits: int = 4, highlight: Paths = ()) -> GraphDrawing:
    """Draw ``value``'s computation graph; save it to ``path`` (.dot/.svg/.png/.pdf) if given.

    Parameters
    ----------
    value : Value
        The output node; every node it depends on is drawn (up to ``max_nodes`` Values).
    path : str or Path, optional
        Where to write the picture, format by extension.
    renderer : {"auto", "graphviz", "matplotlib"}
        ``"auto"`` uses Graphviz ``dot`` when it is on the PATH, else pure Python.
    max_nodes : int
        Cap on the Values drawn; the rest collapse into one "… N more nodes" node.
    digits : int
        Significant digits of data and grad.
    highlight : sequence of sequences of str
        Paths to colour, each a list of Value names from start to end
        (``[["a", "b", "d"], ["a", "c", "d"]]``): orange, magenta, blue, green in turn.

    Returns
    -------
    GraphDrawing
        With ``.dot``, ``.svg()``, ``.png()``, ``.figure()``, ``.save(path)``.
    """
    drawing = GraphDrawing(value, renderer=renderer, max_nodes=max_nodes, digits=digits,
                           highlight=highlight)
    if path is not None:
        drawing.save(path)
    return drawing


def value_svg(value: Value, *, max_nodes: int = 100) -> str:
    """SVG of a Value's computation graph: what ``Value._repr_svg_`` can return."""
    return GraphDrawing(value, max_nodes=max_nodes).svg()


# Jupyter shows a Value as its computation graph: the picture registers itself from here, so
# the scalar engine never imports viz (chainrule/__init__ also tells IPython, lazily).
Value._repr_svg_ = value_svg  # type: ignore[attr-defined]
