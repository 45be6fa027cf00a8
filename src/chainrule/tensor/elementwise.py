"""Element-wise array ops: every row of the rule table as an array op, plus clip and where.

An element-wise op is not written here: :func:`rule_op` turns a row of :mod:`chainrule.rules`
into a :class:`~chainrule.tensor.op.TensorOp` whose forward is the row's ``compute`` on arrays
(after its domain check, element by element) and whose VJP is

    ∂L/∂xᵢ = unbroadcast(g · local_i),   local = row.local(NUMPY, *xs, out),

the row's local derivative evaluated on arrays and summed back over broadcast axes
(:func:`~chainrule.tensor.op.unbroadcast`). With ``create_graph=True`` the same function runs
on Tensors (``m`` = :data:`~chainrule.tensor.higher.TENSOR_MATH`, the row's operands and output
as Tensors), so the gradient is a graph again. A row's parameters (``x ** n``'s n, ELU's α)
are numbers, not operands.

``clip`` and ``where`` select elements and have their own VJPs (g where kept, else 0), written
once against a namespace (:func:`~chainrule.tensor.op.defop_on`) for both sweeps.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from chainrule.errors import DomainError, ShapeError
from chainrule.rules import NUMPY, ROWS, Rule
from chainrule.tensor.op import ARRAYS, Array, TensorOp, defop, defop_on, shape_text

Grads = tuple[Array | None, ...]


def _first_bad(mask: Array) -> str:
    """Where the first True of ``mask`` is, for error messages."""
    if mask.ndim == 0:
        return ""
    return f" at element {tuple(int(i) for i in np.argwhere(mask)[0])}"


def _zero_d_follows(xs: tuple[Array, ...]) -> tuple[Array, ...]:
    """A 0-d operand takes the dtype of the others (float32 (3,) × float64 0-d stays float32),
    as in PyTorch, where a 0-d tensor does not decide the result's precision."""
    full = {x.dtype for x in xs if x.ndim > 0}
    if len(full) != 1:
        return xs
    dtype = full.pop()
    return tuple(x if x.ndim > 0 else x.astype(dtype) for x in xs)


def rule_op(row: Rule) -> TensorOp:
    """The array op of an element-wise row (see the module docstring); registered once."""
    n = row.arity - len(row.params)  # type: ignore[operator]

    def forward(*xs: Array, params: tuple[float, ...] = ()) -> tuple[Array, Any]:
        if n > 1 and xs[0].dtype != xs[1].dtype:
            xs = _zero_d_follows(xs)
        for ok, message in row.domain:
            good = np.asarray(ok(NUMPY, *xs, *params))
            if not good.all():
                bad = ~np.broadcast_to(good, np.broadcast_shapes(*(x.shape for x in xs)))
                where = xs[0] if xs[0].shape == bad.shape else np.broadcast_to(xs[0], bad.shape)
                raise DomainError(row.name, float(where[bad].flat[0]),
                                  f"{message}{_first_bad(bad)}")
        try:
            out = row.compute(NUMPY, *xs, *params)
        except ValueError:
            shapes = " and ".join(shape_text(x.shape) for x in xs)
            raise ShapeError(f"{row.name}: shapes {shapes} do not broadcast") from None
        return out, (xs, params, out)

    def vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
        xs, params, out = ctx
        local = row.local(m, *xs, *params, out)
        grads: list[Any] = []
        for i in range(n):
            if not needs[i]:
                grads.append(None)
                continue
            d = local[i]
            unit = type(d) is int and d in (1, -1)  # add/sub/neg's literal ±1: no multiply
            gi = (g if d == 1 else -g) if unit else g * d
            shape = xs[i].shape
            grads.append(gi if gi.shape == shape else m.unbroadcast(gi, shape))
        return tuple(grads)

    return defop(row.name, forward, partial(vjp, ARRAYS), "; ".join(row.local_text(
        ["x", "y", "z"][:row.arity] if row.arity else [], "out")), rule=row, vjp_on=vjp,
        graph_ctx=lambda node: (node._parents, node._ctx[1], node))


#: The array op of every element-wise row, by row name.
ROW_OPS: dict[str, TensorOp] = {row.name: rule_op(row) for row in ROWS.values()
                                if row.arity is not None}


# -- ops that select elements ---------------------------------------------------------------
def _clip_fwd(x: Array, lo: float | None, hi: float | None) -> tuple[Array, Any]:
    if lo is not None and hi is not None and lo > hi:
        raise DomainError("clip", (lo, hi), "needs lo ≤ hi")
    inside = np.ones(x.shape, dtype=bool)
    if lo is not None:
        inside &= x >= lo
    if hi is not None:
        inside &= x <= hi
    return np.clip(x, lo, hi), inside


def _clip_vjp(m: Any, g: Any, inside: Any, needs: tuple[bool, ...]) -> Grads:
    return (m.mask(inside, g),)


def _where_fwd(a: Array, b: Array, cond: Array) -> tuple[Array, Any]:
    try:
        out = np.where(cond, a, b)
    except ValueError:
        raise ShapeError(
            f"where: condition {shape_text(cond.shape)}, a {shape_text(a.shape)} and "
            f"b {shape_text(b.shape)} do not broadcast"
        ) from None
    return out, (cond, a.shape, b.shape)


def _where_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    cond, sa, sb = ctx
    return (m.unbroadcast(m.select(cond, g, False), sa) if needs[0] else None,
            m.unbroadcast(m.select(cond, g, True), sb) if needs[1] else None)


CLIP = defop_on("clip", _clip_fwd, _clip_vjp, "∂/∂x = g where lo ≤ x ≤ hi, else 0")
WHERE = defop_on("where", _where_fwd, _where_vjp,
                 "∂/∂a = g where c else 0, ∂/∂b = g where not c")
