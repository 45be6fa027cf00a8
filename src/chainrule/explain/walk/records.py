"""The records of one training step, read off the graph: no printing, only data.

* :class:`Row` — a forward (or error) line: ``y1 = x1·w1 + x2·w3 + c1 = 0.3825``;
* :class:`Local` — one local derivative ∂out/∂wrt with its formula from the op table;
* :class:`Path` — one use of a node: ∂E/∂u · ∂u/∂n;
* :class:`NodeGradient` — ∂E/∂n as the sum over its uses, and, when there is a single path up
  to a loss term or a node used several times (the *anchor*), as one chain-rule product;
* :class:`Update` — ``w⁺ = w − η·∂E/∂w``;
* :class:`LayerGroup` — which derivations make up one layer of seed 003's layer view.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from chainrule.explain.render.notation import fmt, latex_name, operand
from chainrule.explain.walk.ops import find_op


@dataclass(frozen=True)
class Row:
    """A node's forward value and the formula that made it (``op`` names an op of the table)."""

    name: str
    kind: str
    value: float
    op: str
    operands: tuple[str, ...]
    operand_values: tuple[float, ...]
    layer: int | None = None
    sample: int | None = None

    def formula(self, latex: bool = False) -> str:
        """The op applied to the operands' names: ``x1·w1 + x2·w3 + c1``."""
        op = find_op(self.op)
        if latex:
            return op.expr_latex([latex_name(n) for n in self.operands], latex_name(self.name))[0]
        return op.expr_text(list(self.operands), self.name)[0]

    def with_numbers(self, digits: int = 6, latex: bool = False) -> str:
        """The same formula with the operands' values: ``0.05·0.15 + 0.1·0.25 + 0.35``."""
        op = find_op(self.op)
        # A lone argument sits in the op's own parentheses, σ(-0.5); in a sum of products a
        # negative factor needs its own, 0.5·(-1).
        shown = [fmt(v, digits) if op.arity == 1 else operand(v, digits)
                 for v in self.operand_values]
        render = op.expr_latex if latex else op.expr_text
        return render(shown, operand(self.value, digits))[0]


@dataclass(frozen=True)
class Local:
    """∂out/∂wrt read off the op that made ``out``: formula text, LaTeX, and value."""

    out: str
    wrt: str
    text: str
    latex: str
    value: float


@dataclass(frozen=True)
class Path:
    """One use of a node n by ``via`` (= u): the term ∂E/∂u · ∂u/∂n of the sum for ∂E/∂n.

    ``reaches`` lists the loss terms u leads to; when it is one term Eₖ the path is ∂Eₖ/∂n, as
    seed 000 writes ∂E_total/∂y1^a = ∂E1/∂y1^a + ∂E2/∂y1^a.
    """

    via: str
    upstream: float
    local: Local
    value: float
    reaches: tuple[str, ...]


@dataclass(frozen=True)
class NodeGradient:
    """∂E/∂``name`` = Σ over ``paths`` (its uses), and its chain-rule factorisation.

    With a single path, ``grad`` = ∂E/∂anchor · Π ``chain`` where the anchor is the first node
    up the graph that is a loss term or is used more than once (its own sum, derived before),
    and ``chain`` lists the local derivatives from the anchor down to this node. With several
    paths (or for the root) ``anchor`` is None and ``chain`` is empty.
    """

    name: str
    kind: str
    value: float
    grad: float
    paths: tuple[Path, ...]
    anchor: str | None = None
    anchor_grad: float = 1.0
    chain: tuple[Local, ...] = ()
    layer: int | None = None
    sample: int | None = None

    @property
    def chain_product(self) -> float:
        """∂E/∂anchor · Π chain values — equal to ``grad`` up to rounding."""
        return self.anchor_grad * math.prod(f.value for f in self.chain)


@dataclass(frozen=True)
class Update:
    """``new = old − η·grad`` (``new = old`` when the parameter is frozen)."""

    name: str
    old: float
    grad: float
    new: float
    frozen: bool
    layer: int


@dataclass(frozen=True)
class LayerGroup:
    """One block of the layer view: ``kind`` loss, activation or dense, for layer ``layer``."""

    kind: str
    layer: int
    activation: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class StepDetail:
    """Everything about one step: forward rows, error rows, derivations, updates, layer view.

    ``derivations`` run in backward order; ``values`` and ``grads`` map every named node to
    its forward value and to ∂E/∂node.
    """

    step: int
    loss: float
    learning_rate: float
    loss_name: str
    forward: tuple[Row, ...]
    errors: tuple[Row, ...]
    derivations: tuple[NodeGradient, ...]
    updates: tuple[Update, ...]
    layers: tuple[LayerGroup, ...]
    parameter_order: tuple[str, ...]
    values: dict[str, float]
    grads: dict[str, float]
    graph: Any = field(default=None, repr=False, compare=False)

    def derivation(self, name: str) -> NodeGradient:
        """The derivation of ∂E/∂``name``."""
        for d in self.derivations:
            if d.name == name:
                return d
        raise KeyError(f"no derivation for {name!r}; known: {', '.join(self.grads)}")

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data (formulas as text and LaTeX)."""
        out = {k: _plain(v) for k, v in asdict(self).items() if k != "graph"}
        out["forward"] = [_row(r) for r in self.forward]
        out["errors"] = [_row(r) for r in self.errors]
        return out


def _row(r: Row) -> dict[str, Any]:
    return {**_plain(asdict(r)), "formula": r.formula(), "formula_latex": r.formula(latex=True)}


def _plain(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    return x


def product_text(values: Sequence[float], digits: int) -> str:
    """``0.651 · 0.187 · 0.593`` with negative factors in parentheses."""
    return " · ".join(operand(v, digits) for v in values)


__all__ = ["LayerGroup", "Local", "NodeGradient", "Path", "Row", "StepDetail", "Update",
           "product_text"]
