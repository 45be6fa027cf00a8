"""A small layered (Sugiyama-style) layout in pure Python, measured in inches.

Used for computation graphs when Graphviz is not installed, and for network diagrams. Steps:

1. **layers**: each node goes one column left of its leftmost user (the output is the last
   column), so a constant sits next to the op that uses it rather than at the far left;
2. **dummies**: an edge spanning several columns gets a dummy node in each column it crosses,
   so edges route between boxes instead of through them;
3. **order**: barycenter sweeps (each node moves to the mean position of its neighbours in the
   column before/after) reduce crossings;
4. **positions**: columns are as wide as their widest box plus a gap; inside a column the nodes
   keep their order and minimum spacing while moving as close as possible to the mean height
   of their neighbours — a least-squares problem under ordering constraints, solved exactly by
   isotonic regression (pool adjacent violators).

Sizes are measured with matplotlib's Agg text metrics, so the boxes fit their labels and
nothing overlaps by construction.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

POINTS_PER_INCH = 72.0
LINE_SPACING = 1.25


@lru_cache(maxsize=1)
def _renderer() -> RendererAgg:
    # A 72-dpi renderer measures text in points directly; it is never drawn on.
    return RendererAgg(8, 8, POINTS_PER_INCH)


def text_size(text: str, fontsize: float = 10.0, *, weight: str = "normal",
              family: str = "DejaVu Sans") -> tuple[float, float]:
    """Width and height in inches of ``text`` (may hold several lines) at ``fontsize`` points."""
    props = FontProperties(size=fontsize, weight=weight, family=family)
    lines = text.split("\n")
    width = max(_renderer().get_text_width_height_descent(line or " ", props,
                                                          ismath=is_math(line))[0]
                for line in lines)
    height = fontsize * LINE_SPACING * len(lines)
    return width / POINTS_PER_INCH, height / POINTS_PER_INCH


def is_math(line: str) -> bool:
    """Whether matplotlib renders ``line`` with mathtext (an even number ≥ 2 of unescaped $)."""
    dollars = line.count("$") - line.count(r"\$")
    return dollars >= 2 and dollars % 2 == 0


@dataclass(frozen=True)
class Placed:
    """A node's box: centre (x, y) and size (width, height), in inches; y grows upwards."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Layout:
    """Positions of every node, routes of every edge, and the drawing's extent in inches.

    ``routes[(u, v)]`` lists the (x, y) points an edge passes through between its ends (the
    dummy nodes); empty for an edge between neighbouring columns.
    """

    nodes: dict[Hashable, Placed]
    routes: dict[tuple[Hashable, Hashable], list[tuple[float, float]]]
    width: float
    height: float
    columns: list[list[Hashable]]


def assign_columns(nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable]]
                   ) -> dict[Hashable, int]:
    """Column of every node: sinks in the last column, every other node one left of its users.

    ``edges`` run from an operand to its user (left to right). Iterative, so deep graphs are fine.
    """
    users: dict[Hashable, list[Hashable]] = {n: [] for n in nodes}
    indegree: dict[Hashable, int] = dict.fromkeys(nodes, 0)
    for u, v in edges:
        users[u].append(v)
        indegree[v] += 1
    # Kahn's order from the sources, then depth-to-sink in reverse of it.
    order: list[Hashable] = [n for n in nodes if indegree[n] == 0]
    remaining = dict(indegree)
    i = 0
    while i < len(order):
        for v in users[order[i]]:
            remaining[v] -= 1
            if remaining[v] == 0:
                order.append(v)
        i += 1
    height: dict[Hashable, int] = {}
    for n in reversed(order):
        height[n] = 1 + max((height[v] for v in users[n]), default=-1)
    deepest = max(height.values(), default=0)
    return {n: deepest - height[n] for n in order}


def layout(columns: Sequence[Sequence[Hashable]] | None, nodes: Sequence[Hashable],
           edges: Sequence[tuple[Hashable, Hashable]], sizes: dict[Hashable, tuple[float, float]],
           *, column_gap: float = 0.5, row_gap: float = 0.25, sweeps: int = 6,
           align: bool = True) -> Layout:
    """Place ``nodes`` (boxes of ``sizes`` inches) in columns, edges left to right.

    Parameters
    ----------
    columns : list of lists of nodes, optional
        Fixed columns in a fixed order (a network's layers); computed when ``None``.
    nodes, edges
        The graph; edges go from a node to a node in a later column.
    sizes : dict
        (width, height) in inches of each node.
    column_gap, row_gap : float
        Space between columns and between boxes of one column, in inches.
    sweeps : int
        Barycenter sweeps for crossing reduction (only when ``columns`` is ``None``).
    align : bool
        Move nodes towards their neighbours' heights; otherwise each column is centred.
    """
    fixed = columns is not None
    if columns is None:
        col = assign_columns(nodes, edges)
        grid: list[list[Hashable]] = [[] for _ in range(max(col.values(), default=-1) + 1)]
        for n in nodes:
            grid[col[n]].append(n)
    else:
        grid = [list(c) for c in columns]
        col = {n: k for k, c in enumerate(grid) for n in c}
    sizes = dict(sizes)
    links: list[tuple[Hashable, Hashable]] = []
    chains: dict[tuple[Hashable, Hashable], list[Hashable]] = {}
    for u, v in edges:
        chain = [u]
        for k in range(col[u] + 1, col[v]):
            dummy = ("__dummy__", u, v, k)
            grid[k].append(dummy)
            sizes[dummy] = (0.05, 0.05)
            col[dummy] = k
            chain.append(dummy)
        chain.append(v)
        chains[(u, v)] = chain[1:-1]
        links.extend(pairwise(chain))
    before: dict[Hashable, list[Hashable]] = {n: [] for c in grid for n in c}
    after: dict[Hashable, list[Hashable]] = {n: [] for c in grid for n in c}
    for u, v in links:
        after[u].append(v)
        before[v].append(u)
    if not fixed:
        _reduce_crossings(grid, before, after, sweeps)
    xs = _column_centres(grid, sizes, column_gap)
    ys = _rows(grid, sizes, before, after, row_gap, align)
    low = min((ys[n] - sizes[n][1] / 2 for c in grid for n in c), default=0.0)
    high = max((ys[n] + sizes[n][1] / 2 for c in grid for n in c), default=0.0)
    placed = {n: Placed(xs[col[n]], ys[n] - low, *sizes[n]) for c in grid for n in c}
    widths = [max((sizes[n][0] for n in c if not _is_dummy(n)), default=0.0) for c in grid]
    # A long edge crosses each column it spans horizontally, in the slot its dummy reserved,
    # so it never cuts through a box of that column.
    routes = {e: [pt for d in chain for pt in ((placed[d].x - widths[col[d]] / 2, placed[d].y),
                                               (placed[d].x + widths[col[d]] / 2, placed[d].y))]
              for e, chain in chains.items()}
    real = [[n for n in c if not _is_dummy(n)] for c in grid]
    width = (xs[-1] + max(sizes[n][0] for n in grid[-1]) / 2) if grid and grid[-1] else 0.0
    return Layout({n: p for n, p in placed.items() if not _is_dummy(n)}, routes, width,
                  high - low, real)


def _is_dummy(n: Hashable) -> bool:
    return isinstance(n, tuple) and len(n) == 4 and n[0] == "__dummy__"


def _reduce_crossings(grid: list[list[Hashable]], before: dict, after: dict,
                      sweeps: int) -> None:
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        ks = range(1, len(grid)) if downward else range(len(grid) - 2, -1, -1)
        for k in ks:
            ref = grid[k - 1] if downward else grid[k + 1]
            pos = {n: i for i, n in enumerate(ref)}
            nbrs = before if downward else after
            current = {n: i for i, n in enumerate(grid[k])}

            def key(n: Hashable, pos: dict = pos, nbrs: dict = nbrs,
                    current: dict = current) -> float:
                ps = [pos[m] for m in nbrs[n] if m in pos]
                return sum(ps) / len(ps) if ps else float(current[n])

            grid[k].sort(key=key)  # stable: ties keep their order


def _column_centres(grid: list[list[Hashable]], sizes: dict, gap: float) -> list[float]:
    centres: list[float] = []
    right = 0.0
    for c in grid:
        w = max((sizes[n][0] for n in c), default=0.0)
        centres.append(right + w / 2)
        right += w + gap
    return centres


def _rows(grid: list[list[Hashable]], sizes: dict, before: dict, after: dict, gap: float,
          align: bool) -> dict[Hashable, float]:
    """Heights (y up) of every node: stacked top to bottom, then pulled towards neighbours."""
    ys: dict[Hashable, float] = {}
    for c in grid:  # start: each column centred on 0, first node on top
        total = sum(sizes[n][1] for n in c) + gap * max(len(c) - 1, 0)
        top = total / 2
        for n in c:
            ys[n] = top - sizes[n][1] / 2
            top -= sizes[n][1] + gap
    if not align:
        return ys
    for it in range(8):
        ks = range(len(grid)) if it % 2 == 0 else range(len(grid) - 1, -1, -1)
        for k in ks:
            c = grid[k]
            wanted = []
            for n in c:
                nb = [ys[m] for m in before[n] + after[n]]
                wanted.append(sum(nb) / len(nb) if nb else ys[n])
            gaps = [(sizes[a][1] + sizes[b][1]) / 2 + gap for a, b in pairwise(c)]
            for n, y in zip(c, _ordered_fit(wanted, gaps)):
                ys[n] = y
    return ys


def _ordered_fit(wanted: list[float], gaps: list[float]) -> list[float]:
    """Closest y (least squares) to ``wanted`` with y[i] - y[i+1] >= gaps[i] (top to bottom).

    With offsets c[i] = Σ_{k<i} gaps[k], q[i] = -y[i] - c[i] must be non-decreasing: an
    isotonic regression of -wanted[i] - c[i], solved by pooling adjacent violators.
    """
    offsets = [0.0]
    for g in gaps:
        offsets.append(offsets[-1] + g)
    targets = [-w - c for w, c in zip(wanted, offsets)]
    blocks: list[list[float]] = []  # [mean, count]
    for t in targets:
        blocks.append([t, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, n2 = blocks.pop()
            m1, n1 = blocks.pop()
            blocks.append([(m1 * n1 + m2 * n2) / (n1 + n2), n1 + n2])
    q = [m for m, n in blocks for _ in range(int(n))]
    return [-(qi + c) for qi, c in zip(q, offsets)]
