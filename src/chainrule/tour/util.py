"""Small helpers the tour's sections share: slopes from values, explanation excerpts, numbers.

Every number the tour shows is computed by a library call made here or in a section module;
these helpers only package the calls (a numerical slope with its error, a chain-rule equation
read off an explanation's document) so that each section reads as a story.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from chainrule.numeric import derivative
from chainrule.tour.files import FigureWriter
from chainrule.tour.model import Figure


def slope(f: Callable[[float], float], x: float) -> tuple[float, float]:
    """f′(x) from values of f alone (central differences + Richardson), and its error bound."""
    est = derivative(f, x)
    return est.value, est.error


def equation_text(lhs: str, rhs: Iterable[str]) -> str:
    """``lhs = r0`` then ``= r1`` … aligned under the first ``=``, one line each."""
    rhs = list(rhs)
    pad = " " * len(lhs)
    lines = [f"{lhs} = {rhs[0]}"] + [f"{pad} = {r}" for r in rhs[1:]]
    return "\n".join(lines)


def chain_equations(explanation: Any, parameters: Iterable[str]) -> list[str]:
    """The explanation's chain-rule equations for ``parameters``, as aligned text.

    They are read from ``explanation.document()`` (the blocks the explain renderers lay out),
    so the tour prints exactly what ``chainrule explain`` prints for these parameters.
    """
    from chainrule.explain.render.document import Equation

    wanted = set(parameters)
    found: dict[str, str] = {}
    for block in explanation.document().blocks:
        if not isinstance(block, Equation):
            continue
        den = block.lhs.text.rsplit("∂", 1)[-1]
        if den in wanted and den not in found:
            found[den] = equation_text(block.lhs.text, (r.text for r in block.rhs))
    return [found[p] for p in parameters if p in found]


def forward_rows(detail: Any, digits: int = 6) -> list[tuple[str, str, str, float]]:
    """(name, formula, formula with numbers, value) for every forward and error row."""
    return [(r.name, r.formula(), r.with_numbers(digits), r.value)
            for r in (*detail.forward, *detail.errors)]


def sigmoid(x: float) -> float:
    """σ(x) = 1/(1 + e^(−x)) through the scalar engine's own op (one source of truth)."""
    from chainrule.scalar import Value

    return Value(x).sigmoid().data


def network_figure(figures: FigureWriter, net: Any, explanation: Any) -> Figure:
    """``network-<name>.png``: the worked network drawn with its forward values."""
    def draw(path: object) -> None:
        from chainrule.viz import draw_network

        draw_network(net, explanation, path=path, title=f"{net.name}: forward values")

    seed = net.name.removeprefix("seed")
    return figures.write(f"network-{net.name}.png",
                         f"Seed {seed}'s network with its forward values", draw)


def draw_graph_to(root: Any, path: object, highlight: Sequence[Sequence[str]] = ()) -> None:
    """The computation graph below ``root`` (viz imported only when a picture is drawn), the
    paths named in ``highlight`` coloured (see :func:`chainrule.viz.draw_graph`)."""
    from chainrule.viz import draw_graph

    draw_graph(root, path, highlight=highlight)
