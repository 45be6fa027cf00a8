"""Derivatives of derivatives on Tensors: every op's VJP written again with Tensor ops.

``backward(create_graph=True)`` and ``grad(..., create_graph=True)`` sweep the graph with
Tensors instead of arrays, so the gradients are graphs themselves (Hessian-vector products,
gradient penalties). Element-wise ops need nothing here: their VJP is the rule table's line
``g · row.local(m, *xs, out)`` evaluated with :data:`TENSOR_MATH`, a namespace whose functions
are the rows applied to Tensors. The other ops' VJPs are composed from Tensor ops below — the
same formulas as their array VJPs (:mod:`~chainrule.tensor.structure`,
:mod:`~chainrule.tensor.activations`, :mod:`~chainrule.tensor.fused`), in differentiable form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule import rules
from chainrule.errors import ConfigError
from chainrule.rules import NAMES, ROWS, NumpyMath
from chainrule.tensor import elementwise as _ew
from chainrule.tensor import structure as _st
from chainrule.tensor.elementwise import ROW_OPS
from chainrule.tensor.tensor import Tensor, _lift, apply

GraphVJP = Callable[[Tensor, Tensor], tuple[Any, ...]]


def _data(x: Any) -> Any:
    return x._data if isinstance(x, Tensor) else x


def _on_tensors(row: rules.Rule) -> Any:
    op = ROW_OPS[row.name]

    def call(*xs: Any) -> Any:
        like = next((x for x in xs if isinstance(x, Tensor)), None)
        if like is None:
            return row.compute(rules.NUMPY, *xs)
        return apply(op, *(_lift(x, like) for x in xs))

    call.__name__ = row.name
    return staticmethod(call)


class TensorMath(NumpyMath):
    """The rule namespace on Tensors: each function is its row applied to Tensors; the
    piecewise constants (step, sign, ge) are arrays read off the data."""

    @staticmethod
    def value(x: Any) -> Any:
        return _data(x)

    @staticmethod
    def step(x: Any) -> Any:
        return NumpyMath.step(_data(x))

    @staticmethod
    def sign(x: Any) -> Any:
        return np.sign(_data(x))

    @staticmethod
    def ge(a: Any, b: Any) -> Any:
        return NumpyMath.ge(_data(a), _data(b))

    @staticmethod
    def where(cond: Any, a: Any, b: Any) -> Any:
        cond = np.asarray(_data(cond), dtype=bool)
        if isinstance(a, Tensor) or isinstance(b, Tensor):
            like = a if isinstance(a, Tensor) else b
            return apply(_ew.WHERE, _lift(a, like), _lift(b, like), cond=cond)
        return np.where(cond, a, b)


_ROW_OF = {"maximum": "max", "minimum": "min"}
for _name in NAMES:
    _row = ROWS.get(_ROW_OF.get(_name, _name))
    if _row is not None and _row.name in ROW_OPS:
        setattr(TensorMath, _name, _on_tensors(_row))

TENSOR_MATH = TensorMath()


def unbroadcast(g: Tensor, shape: tuple[int, ...]) -> Tensor:
    """:func:`chainrule.tensor.op.unbroadcast` with Tensor ops: sum over the broadcast axes."""
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    if lead > 0:
        g = g.sum(axis=tuple(range(lead)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    return g.sum(axis=axes, keepdims=True) if axes else g


def _row_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    op = node._op
    row = op.rule
    params = node._ctx[1]
    parents = node._parents
    local = row.local(TENSOR_MATH, *parents, *params, node)
    return tuple(unbroadcast(g * local[i], parents[i].shape) if need else None
                 for i, need in enumerate(node._needs))


def _expand(g: Tensor, axes: tuple[int, ...], keepdims: bool, shape: tuple[int, ...]) -> Tensor:
    if not keepdims:
        g = g.reshape(tuple(1 if i in axes else n for i, n in enumerate(shape)))
    return apply(_st.BROADCAST_TO, g, shape=shape)


def _sum_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    shape, axes, keepdims = node._ctx
    return (_expand(g, axes, keepdims, shape),)


def _mean_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    shape, axes, keepdims, count = node._ctx
    return (_expand(g / count, axes, keepdims, shape),)


def _amax_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    x, top, axes, keepdims = node._ctx
    hit = x == top
    share = (hit / hit.sum(axis=axes, keepdims=True)).astype(g.dtype)
    return (_expand(g, axes, keepdims, x.shape) * share,)


def _swap(t: Tensor) -> Tensor:
    axes = list(range(t.ndim))
    axes[-1], axes[-2] = axes[-2], axes[-1]
    return t.transpose(*axes)


def _matmul_parts(g: Tensor, a: Tensor, b: Tensor, needs: tuple[bool, ...]) -> tuple[Any, Any]:
    a2 = a.reshape(1, a.shape[0]) if a.ndim == 1 else a
    b2 = b.reshape(b.shape[0], 1) if b.ndim == 1 else b
    g2 = g.reshape((*g.shape, 1)) if b.ndim == 1 else g
    if a.ndim == 1:
        g2 = g2.reshape((*g2.shape[:-1], 1, g2.shape[-1]))
    ga = unbroadcast(g2 @ _swap(b2), a2.shape).reshape(a.shape) if needs[0] else None
    gb = unbroadcast(_swap(a2) @ g2, b2.shape).reshape(b.shape) if needs[1] else None
    return ga, gb


def _matmul_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    return _matmul_parts(g, *node._parents, node._needs)


def _linear_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    x, w, *b = node._parents
    gx, gw = _matmul_parts(g, x, w, node._needs)
    return (gx, gw, *(unbroadcast(g, bias.shape) if node._needs[2] else None for bias in b))


def _reshape_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    return (g.reshape(node._ctx),)


def _transpose_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    axes = node._ctx
    return (g.transpose(*np.argsort(axes)) if axes is not None else g.T,)


def _getitem_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    shape, _, index = node._ctx
    return (apply(_st.SCATTER, g, shape=shape, index=index),)


def _scatter_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    return (g[node._ctx],)


def _broadcast_to_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    return (unbroadcast(g, node._ctx),)


def _concatenate_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    bounds, axis = node._ctx
    edges = [0, *(int(b) for b in bounds), g.shape[axis]]
    lead = (slice(None),) * axis
    return tuple(g[(*lead, slice(lo, hi))] if need else None
                 for lo, hi, need in zip(edges[:-1], edges[1:], node._needs))


def _where_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    cond, sa, sb = node._ctx
    keep = cond.astype(g.dtype)
    return (unbroadcast(g * keep, sa) if node._needs[0] else None,
            unbroadcast(g * (1 - keep), sb) if node._needs[1] else None)


def _clip_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    return (g * node._ctx.astype(g.dtype),)


def _softmax_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    axis = node._ctx[1]
    return (node * (g - (g * node).sum(axis=axis, keepdims=True)),)


def _log_softmax_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    axis = node._ctx[1]
    return (g - node.exp() * g.sum(axis=axis, keepdims=True),)


def _mse_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    (pred,), (_, target, n) = node._parents, node._ctx
    return (ROWS["squared_error_mean"].local(TENSOR_MATH, pred, target, n, None)[0] * g,)


def _hss_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    (pred,), (_, target) = node._parents, node._ctx
    return (ROWS["half_squared_error"].local(TENSOR_MATH, pred, target, None)[0] * g,)


def _bce_logits_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    (z,), (_, t) = node._parents, node._ctx
    return ((z.sigmoid() - t) * (g / z.size),)


def _sce_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    (z,), (_, t) = node._parents, node._ctx
    n = z.shape[0]
    if type(t) is tuple:
        onehot = np.zeros(z.shape, dtype=z.dtype)
        onehot[t] = 1
        return ((z.softmax(axis=1) - onehot) * (g / n),)
    return ((z.softmax(axis=1) * t.sum(axis=1, keepdims=True) - t) * (g / n),)


GRAPH_VJPS: dict[str, GraphVJP] = {
    "sum": _sum_vjp, "mean": _mean_vjp, "amax": _amax_vjp, "matmul": _matmul_vjp,
    "linear": _linear_vjp, "reshape": _reshape_vjp, "transpose": _transpose_vjp,
    "getitem": _getitem_vjp, "scatter": _scatter_vjp, "broadcast_to": _broadcast_to_vjp,
    "concatenate": _concatenate_vjp, "where": _where_vjp, "clip": _clip_vjp,
    "softmax": _softmax_vjp, "log_softmax": _log_softmax_vjp, "mse": _mse_vjp,
    "half_sum_squares": _hss_vjp, "bce_with_logits": _bce_logits_vjp,
    "softmax_cross_entropy": _sce_vjp,
}


def graph_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    """The gradients of ``node``'s parents as Tensors (a graph), given g = ∂L/∂node."""
    op = node._op
    if op.rule is not None:
        return _row_vjp(g, node)
    fn = GRAPH_VJPS.get(op.name)
    if fn is None:
        raise ConfigError(f"create_graph: the op {op.name!r} has no differentiable VJP yet; "
                          "its first derivative is available with create_graph=False")
    return fn(g, node)


def sweep(root: Tensor, seed: Tensor, create_graph: bool) -> dict[int, Tensor]:
    """∂(seed · root)/∂node for every node below ``root`` that requires grad, by node id.

    With ``create_graph`` the gradients are Tensors with graphs (each op's :func:`graph_vjp`);
    without, the array VJPs run and the results are wrapped as constant Tensors.
    """
    from chainrule.tensor.autodiff import graph_order
    from chainrule.tensor.grad_mode import no_grad

    order = graph_order(root)
    grads: dict[int, Tensor] = {id(root): seed}
    for node in reversed(order):
        g = grads.get(id(node))
        if g is None or node._op is None:
            continue
        if create_graph:
            parts = graph_vjp(g, node)
        else:
            with no_grad():
                arrays = node._op.vjp(g._data, node._ctx, node._needs)
            parts = tuple(None if r is None else Tensor(np.asarray(r)) for r in arrays)
        for parent, r in zip(node._parents, parts):
            if r is None or not parent.requires_grad:
                continue
            cur = grads.get(id(parent))
            grads[id(parent)] = r if cur is None else cur + r
    return grads
