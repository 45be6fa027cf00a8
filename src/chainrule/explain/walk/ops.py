"""The one op a network walkthrough needs beyond the element-wise rows: a softmax neuron.

Every activation applied element by element, the loss terms and their sums and means are rows
of :mod:`chainrule.rules` (``half_squared_error``, ``squared_error_mean``, ``bce_term``,
``cce_term``, ``sum``, ``mean``). Softmax is a row too, a vector one
(:data:`chainrule.rules.VECTOR_ROWS`): what is left here is one neuron of a softmax layer
seen as a scalar op of all the layer's net inputs, its own first:

========================  ==========================================  ==========================
op                        forward                                     local derivative (text)
========================  ==========================================  ==========================
``explain.softmax``       e^{x0}/(e^{x0} + e^{x1} + …)  (own first)   o(1 − o), −o·oⱼ
========================  ==========================================  ==========================

Its forward, local derivatives (row 0 of the Jacobian: the row's VJP of a one-hot g) and their
text and LaTeX are the softmax row's (:meth:`~chainrule.rules.VectorRule.neuron_forward`,
:meth:`~chainrule.rules.VectorRule.neuron_local`); the only thing added here is the order of the
denominator (the layer's, by natural name order). It is applied with
:func:`~chainrule.scalar.value.apply`, so the explanation prints the very rule the engine
chained. The name carries the ``explain.`` prefix so it can never collide with a row;
:func:`find_op` looks a name up in the rule table or here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chainrule import rules
from chainrule.explain.render.notation import natural_key
from chainrule.scalar.ops import Op

#: The ops declared here, by name. They are kept out of the engine's own table
#: (:data:`chainrule.rules.ROWS`), which lists the engines' primitives and is tested as
#: such; :func:`chainrule.scalar.value.apply` runs any Op, registered or not.
EXPLAIN_OPS: dict[str, Op] = {}


def _declare(op: Op) -> Op:
    EXPLAIN_OPS[op.name] = op
    return op


def find_op(name: str) -> Op:
    """The op called ``name``: an engine primitive or one declared here."""
    return rules.ROWS[name] if name in rules.ROWS else EXPLAIN_OPS[name]


def _in_layer_order(render: Any) -> Any:
    """A row's one-output formula with the sum over the layer in layer (natural name) order."""
    def ordered(names: Sequence[str], out: str) -> tuple[str, ...]:
        return render(names, out, layer=sorted(names, key=natural_key))

    return ordered


_ROW = rules.VECTOR_ROWS["softmax"]
# A neuron of a softmax layer: operand 0 is its own net input, the others follow in layer order.
SOFTMAX = _declare(Op("explain.softmax", None, _ROW.neuron_forward, _ROW.neuron_local,
                      _ROW.local_text, _ROW.local_latex, _in_layer_order(_ROW.expr_text),
                      _in_layer_order(_ROW.expr_latex)))


__all__ = ["EXPLAIN_OPS", "SOFTMAX", "find_op"]
