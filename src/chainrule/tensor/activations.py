"""Softmax and log-softmax on arrays: the rule table's vector rows as array ops.

Element-wise activations (sigmoid, tanh, ReLU, leaky ReLU, ELU, GELU, softplus, …) are rows of
the rule table (:mod:`chainrule.rules`) and become array ops in
:mod:`chainrule.tensor.elementwise`. Softmax and log-softmax are its vector rows
(:data:`chainrule.rules.VECTOR_ROWS`, declared in :mod:`chainrule.rules.vector`): the forward is
the row's ``compute(m, x, axis)`` (the maximum subtracted first, so exp never overflows) and the
VJP is the row's ``vjp(m, g, out, axis)`` — softmax's out·(g − Σⱼ gⱼ·outⱼ), log-softmax's
g − e^out·Σⱼ gⱼ — with arrays, and with Tensors under ``create_graph`` (the same line).
"""

from __future__ import annotations

from typing import Any

from chainrule.rules import NUMPY, VECTOR_ROWS, VectorRule
from chainrule.tensor.op import Array, TensorOp, defop_on


def vector_op(row: VectorRule) -> TensorOp:
    """The array op of a vector row: ``out = row.compute(m, x, axis)``, ctx ``(out, axis)``."""

    def forward(x: Array, axis: int) -> tuple[Array, Any]:
        out = row.compute(NUMPY, x, axis)
        return out, (out, axis)

    def vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> tuple[Any]:
        out, axis = ctx
        return (row.vjp(m, g, out, axis),)

    return defop_on(row.name, forward, vjp, row.vjp_text,
                    graph_ctx=lambda node: (node, node._ctx[1]))


SOFTMAX = vector_op(VECTOR_ROWS["softmax"])
LOG_SOFTMAX = vector_op(VECTOR_ROWS["log_softmax"])
