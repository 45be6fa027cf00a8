"""Every row of the rule table through the engines that read it, in float64.

The scalar engine: each row applied to Values, its gradient checked against central
differences (:func:`chainrule.numeric.gradcheck`), and its second derivatives — the row's local
derivative differentiated again through ``create_graph`` — against a central difference of the
first derivative. The tensor engine: each element-wise row on Tensors, one operand broadcast
against the other, gradchecked the same way.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from chainrule import rules
from chainrule.numeric import gradcheck
from chainrule.scalar import Value, apply, grad
from chainrule.tensor import Tensor
from chainrule.tensor import apply as tensor_apply
from chainrule.tensor import grad as tensor_grad
from chainrule.tensor.elementwise import ROW_OPS

ROWS = list(rules.ROWS.values())


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_scalar_engine_gradchecks_every_row(row: rules.Rule, table) -> None:
    wanted = table.differentiable(row)
    for xs in table.points(row, limit=4):
        vs = [Value(x) for x in xs]
        out = apply(row, *vs)
        assert out.data == pytest.approx(row.forward(*xs), rel=1e-15)
        assert out._op == row.name and out.op is row

        def f(*ws: Value, vs: list[Value] = vs) -> Value:
            operands = list(vs)
            for i, w in zip(wanted, ws):
                operands[i] = w
            return apply(row, *operands)

        gradcheck(f, [vs[i] for i in wanted], atol=1e-7, rtol=1e-6)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_scalar_second_derivatives_through_create_graph(row: rules.Rule, table) -> None:
    wanted = table.differentiable(row)
    for xs in table.points(row, limit=3):
        vs = [Value(x) for x in xs]
        out = apply(row, *vs)
        for i in wanted:
            first = grad(out, vs[i], create_graph=True)
            assert float(first.data if isinstance(first, Value) else first) == pytest.approx(
                row.local(rules.FLOAT, *xs, out.data)[i], rel=1e-12, abs=1e-15)
            if not isinstance(first, Value):
                continue
            second = grad(first, vs)
            for j in wanted:
                def d_i(*ys: float, i: int = i) -> float:
                    return float(row.local(rules.FLOAT, *ys, row.forward(*ys))[i])

                want = table.central(d_i, xs, j)
                got = float(second[j].data if isinstance(second[j], Value) else second[j])
                assert math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-8), (row, xs, i, j)


def _tensor_operands(row: rules.Rule, table) -> tuple[list[Tensor], tuple[float, ...]]:
    """Operand 0 of shape (2, k) and operand 1 of shape (k,) (broadcast over the rows), built
    from k sample points so that every broadcast pair is a sample point; parameters as numbers."""
    pts = np.array(table.points(row))
    n = table.arity(row) - len(row.params)
    first = np.stack([pts[:, 0], pts[:, 0]])
    ops = [Tensor(first, requires_grad=True)]
    ops += [Tensor(pts[:, i].copy(), requires_grad=True) for i in range(1, n)]
    return ops, tuple(float(pts[0, i]) for i in range(n, table.arity(row)))


ELEMENTWISE = [r for r in ROWS if r.arity is not None]


@pytest.mark.parametrize("row", ELEMENTWISE, ids=lambda r: r.name)
def test_tensor_engine_gradchecks_every_row_with_broadcasting(row: rules.Rule, table) -> None:
    ops, params = _tensor_operands(row, table)
    op = ROW_OPS[row.name]
    weights = np.random.default_rng(5).uniform(0.5, 1.5, size=ops[0].shape)

    def loss(*ts: Tensor) -> Tensor:
        out = tensor_apply(op, *ts, params=params) if params else tensor_apply(op, *ts)
        return (out * weights).sum()

    out = tensor_apply(op, *ops, params=params) if params else tensor_apply(op, *ops)
    for idx in np.ndindex(out.shape):
        xs = tuple(float(np.broadcast_to(t.data, out.shape)[idx]) for t in ops) + params
        assert out.data[idx] == pytest.approx(row.forward(*xs), rel=1e-13, abs=1e-15)
    gradcheck(loss, ops, atol=1e-7, rtol=1e-6)


@pytest.mark.parametrize("row", ELEMENTWISE, ids=lambda r: r.name)
def test_tensor_second_derivatives_through_create_graph(row: rules.Rule, table) -> None:
    # F(x) = Σ v ⊙ ∂L/∂xᵢ with the inner gradient built by create_graph=True; gradcheck
    # compares F's backpropagated gradient (a Hessian-vector product) with central differences
    ops, params = _tensor_operands(row, table)
    op = ROW_OPS[row.name]
    weights = np.random.default_rng(5).uniform(0.5, 1.5, size=ops[0].shape)
    n = len(ops)
    for i in table.differentiable(row):
        if i >= n:
            continue
        v = np.random.default_rng(i).uniform(-1.0, 1.0, size=ops[i].shape)

        def hvp(*ts: Tensor, i: int = i, v: np.ndarray = v) -> Tensor:
            out = tensor_apply(op, *ts, params=params) if params else tensor_apply(op, *ts)
            (g,) = tensor_grad((out * weights).sum(), ts[i], create_graph=True,
                               allow_unused=True)
            return (g * v).sum() + 0 * ts[0].sum()  # keeps every input in the graph

        gradcheck(hvp, ops, atol=1e-6, rtol=1e-5)
