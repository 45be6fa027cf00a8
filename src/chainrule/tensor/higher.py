"""Derivatives of derivatives on Tensors: every op's VJP evaluated with Tensor ops.

``backward(create_graph=True)`` and ``grad(..., create_graph=True)`` sweep the graph with
Tensors instead of arrays, so the gradients are graphs themselves (Hessian-vector products,
gradient penalties). Nothing is written twice for element-wise ops: their VJP is the rule
table's line ``g · row.local(m, *xs, out)`` evaluated with :data:`TENSOR_MATH`, a namespace
whose functions are the rows applied to Tensors. Nor for any other op of the library
(declared with :func:`~chainrule.tensor.op.defop_on`: matmul, the reductions, reshape,
transpose, indexing, concatenation, where, clip, prod, softmax and log-softmax, and the fused
``linear`` and losses of :mod:`~chainrule.tensor.fused`): their one VJP runs again with
:data:`TENSOR_MATH`, whose moves (``broadcast_to``, ``scatter``, ``unbroadcast``,
``minus_at``, …) are Tensor ops, on the ctx the op's ``graph_ctx`` rebuilds from the node's
Tensors. Only an op a user declares with plain ``defop`` has no second derivative.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule import rules
from chainrule.errors import ConfigError
from chainrule.rules import NAMES, ROWS
from chainrule.tensor import elementwise as _ew
from chainrule.tensor import structure as _st
from chainrule.tensor.elementwise import ROW_OPS
from chainrule.tensor.op import ArrayMath
from chainrule.tensor.tensor import Tensor, _lift, apply


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


class TensorMath(ArrayMath):
    """The rule namespace on Tensors: each function is its row applied to Tensors; the
    piecewise constants (step, sign, ge) are arrays read off the data; the moves of the
    non-element-wise VJPs (:class:`~chainrule.tensor.op.ArrayMath`) are Tensor ops
    (``unbroadcast`` is inherited: it is written with ``sum`` and ``shape``, which Tensors
    share with arrays)."""

    @staticmethod
    def value(x: Any) -> Any:
        return _data(x)

    @staticmethod
    def step(x: Any) -> Any:
        return ArrayMath.step(_data(x))

    @staticmethod
    def sign(x: Any) -> Any:
        return np.sign(_data(x))

    @staticmethod
    def ge(a: Any, b: Any) -> Any:
        return ArrayMath.ge(_data(a), _data(b))

    @staticmethod
    def where(cond: Any, a: Any, b: Any) -> Any:
        cond = np.asarray(_data(cond), dtype=bool)
        if isinstance(a, Tensor) or isinstance(b, Tensor):
            like = a if isinstance(a, Tensor) else b
            return apply(_ew.WHERE, _lift(a, like), _lift(b, like), cond=cond)
        return np.where(cond, a, b)

    @staticmethod
    def top(x: Any, axis: int) -> Any:
        return np.max(_data(x), axis=axis, keepdims=True)  # a constant of the graph

    @staticmethod
    def broadcast_to(g: Tensor, shape: tuple[int, ...]) -> Tensor:
        return apply(_st.BROADCAST_TO, g, shape=tuple(shape))

    @staticmethod
    def scatter(g: Tensor, shape: tuple[int, ...], index: Any, dtype: Any = None) -> Tensor:
        return apply(_st.SCATTER, g, shape=shape, index=index)

    @staticmethod
    def take(g: Tensor, index: Any) -> Tensor:
        return g[index]

    @staticmethod
    def transpose(x: Tensor, axes: Any) -> Tensor:
        return x.T if axes is None else apply(_st.TRANSPOSE, x, axes=tuple(axes))

    @staticmethod
    def swap_last(x: Tensor) -> Tensor:
        return x.transpose(-2, -1)

    @staticmethod
    def minus_at(d: Tensor, index: Any, v: Tensor) -> Tensor:
        rows = np.broadcast_shapes(*(np.shape(i) for i in index))
        return d - TensorMath.scatter(TensorMath.broadcast_to(_lift(v, d), rows), d.shape, index)

    @staticmethod
    def mask(keep: np.ndarray, g: Tensor) -> Tensor:
        return g * keep.astype(g.dtype)

    @staticmethod
    def select(cond: np.ndarray, g: Tensor, other: bool) -> Tensor:
        return TensorMath.where(cond, 0.0, g) if other else TensorMath.where(cond, g, 0.0)

    @staticmethod
    def exclusive_products(x: Tensor, axis: int) -> Tensor:
        """Πⱼ≠ᵢ xⱼ along ``axis`` as a chain of Tensor products (prefix × suffix), so that it
        can be differentiated again; exact where an x is 0."""
        n = x.shape[axis]
        if n <= 1:
            return Tensor(np.ones(x.shape, dtype=x.dtype))
        lead = (slice(None),) * axis
        parts = [x[(*lead, slice(k, k + 1))] for k in range(n)]
        left: list[Tensor] = [parts[0]]  # left[k] = x₀⋯x_k
        right: list[Tensor] = [parts[-1]]  # right[k] = x_{n−1−k}⋯x_{n−1}
        for k in range(1, n - 1):
            left.append(left[-1] * parts[k])
            right.append(right[-1] * parts[n - 1 - k])
        pieces = [right[-1], *(left[k - 1] * right[n - 2 - k] for k in range(1, n - 1)),
                  left[-1]]
        return apply(_st.CONCATENATE, *pieces, axis=axis)


_ROW_OF = {"maximum": "max", "minimum": "min"}
for _name in NAMES:
    _row = ROWS.get(_ROW_OF.get(_name, _name))
    if _row is not None and _row.name in ROW_OPS:
        setattr(TensorMath, _name, _on_tensors(_row))

TENSOR_MATH = TensorMath()


def graph_vjp(g: Tensor, node: Tensor) -> tuple[Any, ...]:
    """The gradients of ``node``'s parents as Tensors (a graph), given g = ∂L/∂node."""
    op = node._op
    if op.vjp_on is None:  # an op declared with defop: its VJP runs on arrays only
        raise ConfigError(f"create_graph: the op {op.name!r} has no differentiable VJP (declare "
                          "it with defop_on to give one); its first derivative is available "
                          "with create_graph=False")
    ctx = node._ctx if op.graph_ctx is None else op.graph_ctx(node)
    return op.vjp_on(TENSOR_MATH, g, ctx, node._needs)


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
