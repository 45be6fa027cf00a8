"""Array ops that move, gather or reduce elements: matmul, sum, mean, max, reshape, transpose,
indexing and concatenation.

With g = ∂L/∂out:

===========  =======================  ==================================================
op           out                      ∂L/∂operand
===========  =======================  ==================================================
matmul       A @ B                    g @ Bᵀ, Aᵀ @ g (summed over broadcast batch axes)
sum          Σ over ``axis``          g copied back along the summed axes
mean         Σ / count                g / count copied back
max          max over ``axis``        g to the maximal elements (ties share it equally)
reshape      x viewed as a new shape  g reshaped back
transpose    axes permuted            g with the inverse permutation
getitem      x[index]                 g scattered into zeros at index (repeats add up)
concatenate  [x₁, x₂, …] along axis   g split at the same boundaries
===========  =======================  ==================================================

Each VJP is written once, against a namespace ``m`` (:func:`~chainrule.tensor.op.defop_on`):
:data:`~chainrule.tensor.op.ARRAYS` on the array sweep, the Tensor namespace under
``create_graph=True`` (so the gradient of a gradient comes from the same lines).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ShapeError
from chainrule.tensor.op import Array, defop_on, scatter_into, shape_text

Grads = tuple[Array | None, ...]
Axis = int | tuple[int, ...] | None


# -- matmul ------------------------------------------------------------------------------
def _matmul_fwd(a: Array, b: Array) -> tuple[Array, Any]:
    if a.ndim == 0 or b.ndim == 0:
        raise ShapeError(f"matmul: needs arrays of at least 1 dimension, got shapes "
                         f"{shape_text(a.shape)} and {shape_text(b.shape)}")
    inner_b = b.shape[-2] if b.ndim > 1 else b.shape[0]
    if a.shape[-1] != inner_b:
        raise ShapeError(f"matmul: shapes {shape_text(a.shape)} and {shape_text(b.shape)} do "
                         f"not fit: {a.shape[-1]} columns against {inner_b} rows")
    try:
        return a @ b, (a, b)
    except ValueError:
        raise ShapeError(f"matmul: batch shapes of {shape_text(a.shape)} and "
                         f"{shape_text(b.shape)} do not broadcast") from None


def _matmul_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    a, b = ctx
    if a.ndim == 2 and b.ndim == 2:  # a layer's case: ∂/∂a = g·bᵀ, ∂/∂b = aᵀ·g, nothing to promote
        return (g @ b.T if needs[0] else None, a.T @ g if needs[1] else None)
    # Promote vectors to matrices (a row, b a column) so one formula covers every case.
    a2 = a.reshape((1, a.shape[0])) if a.ndim == 1 else a
    b2 = b.reshape((b.shape[0], 1)) if b.ndim == 1 else b
    g2 = g
    if b.ndim == 1:
        g2 = g2.reshape((*g2.shape, 1))
    if a.ndim == 1:
        g2 = g2.reshape((*g2.shape[:-1], 1, g2.shape[-1]))
    ga = gb = None
    if needs[0]:
        ga = m.unbroadcast(g2 @ m.swap_last(b2), a2.shape).reshape(a.shape)
    if needs[1]:
        gb = m.unbroadcast(m.swap_last(a2) @ g2, b2.shape).reshape(b.shape)
    return ga, gb


# -- reductions --------------------------------------------------------------------------
def _normalize_axes(axis: Axis, ndim: int, op: str) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = []
    for ax in axes:
        if not -ndim <= ax < ndim:  # a 0-d array has no axis at all
            raise ShapeError(f"{op}: axis {ax} is out of range for an array of {ndim} dims")
        out.append(int(ax) % ndim)
    return tuple(out)


def _expand(g: Any, axes: tuple[int, ...], keepdims: bool, shape: tuple[int, ...]) -> Any:
    """Put back the reduced axes as length-1 axes, so ``g`` broadcasts against the input."""
    return g if keepdims else g.reshape(tuple(1 if i in axes else n for i, n in enumerate(shape)))


def _sum_fwd(x: Array, axis: Axis, keepdims: bool) -> tuple[Array, Any]:
    axes = _normalize_axes(axis, x.ndim, "sum")
    return np.asarray(x.sum(axis=axes, keepdims=keepdims)), (x.shape, axes, keepdims)


def _sum_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    shape, axes, keepdims = ctx
    return (m.broadcast_to(_expand(g, axes, keepdims, shape), shape),)


def _mean_fwd(x: Array, axis: Axis, keepdims: bool) -> tuple[Array, Any]:
    axes = _normalize_axes(axis, x.ndim, "mean")
    count = int(np.prod([x.shape[a] for a in axes])) if axes else 1
    if count == 0:
        raise ShapeError(f"mean: no elements to average over in shape {shape_text(x.shape)}")
    return np.asarray(x.mean(axis=axes, keepdims=keepdims)), (x.shape, axes, keepdims, count)


def _mean_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    shape, axes, keepdims, count = ctx
    return (m.broadcast_to(_expand(g / count, axes, keepdims, shape), shape),)


def _max_fwd(x: Array, axis: Axis, keepdims: bool) -> tuple[Array, Any]:
    axes = _normalize_axes(axis, x.ndim, "max")
    if x.size == 0:
        raise ShapeError(f"max: an empty array of shape {shape_text(x.shape)} has no maximum")
    top = x.max(axis=axes, keepdims=True)
    out = top if keepdims else np.squeeze(top, axis=axes)
    return np.asarray(out), (x, top, axes, keepdims)


def _max_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    x, top, axes, keepdims = ctx
    hit = x == top
    # Ties share the gradient equally (the mean of the one-sided derivatives).
    share = (hit / hit.sum(axis=axes, keepdims=True)).astype(m.value(g).dtype, copy=False)
    return (_expand(g, axes, keepdims, x.shape) * share,)


# -- shapes ------------------------------------------------------------------------------
def _reshape_fwd(x: Array, shape: tuple[int, ...]) -> tuple[Array, Any]:
    try:
        return x.reshape(shape), x.shape
    except ValueError:
        raise ShapeError(f"reshape: cannot reshape {shape_text(x.shape)} ({x.size} elements) "
                         f"to {shape}") from None


def _reshape_vjp(m: Any, g: Any, shape: Any, needs: tuple[bool, ...]) -> Grads:
    return (g.reshape(shape),)


def _transpose_fwd(x: Array, axes: tuple[int, ...] | None) -> tuple[Array, Any]:
    if axes is not None:
        given = axes
        # Negative axes count from the end; normalised here, so that the VJP's inverse
        # permutation (argsort) sees the same axes the forward used.
        axes = tuple(int(a) % x.ndim if -x.ndim <= a < x.ndim else -1 for a in axes)
        if sorted(axes) != list(range(x.ndim)):
            raise ShapeError(f"transpose: axes {given} are not a permutation of the "
                             f"{x.ndim} axes of shape {shape_text(x.shape)}")
    return x.transpose(axes), axes


def _transpose_vjp(m: Any, g: Any, axes: Any, needs: tuple[bool, ...]) -> Grads:
    return (m.transpose(g, None if axes is None else tuple(int(a) for a in np.argsort(axes))),)


def _getitem_fwd(x: Array, index: Any) -> tuple[Array, Any]:
    try:
        out = x[index]
    except IndexError as err:
        raise ShapeError(f"getitem: index {index!r} does not fit shape "
                         f"{shape_text(x.shape)}: {err}") from None
    return np.asarray(out), (x.shape, x.dtype, index)


def _getitem_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    shape, dtype, index = ctx
    return (m.scatter(g, shape, index, dtype),)  # an index may repeat; each use adds its share


def _broadcast_to_fwd(x: Array, shape: tuple[int, ...]) -> tuple[Array, Any]:
    try:
        return np.broadcast_to(x, shape), x.shape
    except ValueError:
        raise ShapeError(f"broadcast_to: shape {shape_text(x.shape)} does not broadcast to "
                         f"{shape_text(shape)}") from None


def _broadcast_to_vjp(m: Any, g: Any, shape: Any, needs: tuple[bool, ...]) -> Grads:
    return (m.unbroadcast(g, shape),)


def _scatter_fwd(g: Array, shape: tuple[int, ...], index: Any) -> tuple[Array, Any]:
    """zeros(shape) with ``g`` added at ``index``: getitem's VJP as an op of its own (so that
    getitem can be differentiated twice)."""
    return scatter_into(g, shape, index), index


def _scatter_vjp(m: Any, g: Any, index: Any, needs: tuple[bool, ...]) -> Grads:
    return (m.take(g, index),)


def _concatenate_fwd(*xs: Array, axis: int) -> tuple[Array, Any]:
    try:
        out = np.concatenate(xs, axis=axis)
    except ValueError:  # AxisError is a ValueError too
        shapes = ", ".join(shape_text(x.shape) for x in xs)
        raise ShapeError(f"concatenate: shapes {shapes} do not fit along axis {axis}") from None
    ax = axis % out.ndim
    return out, (np.cumsum([x.shape[ax] for x in xs])[:-1], ax)


def _concatenate_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    bounds, axis = ctx
    edges = [0, *(int(b) for b in bounds), g.shape[axis]]
    lead = (slice(None),) * axis
    return tuple(g[(*lead, slice(lo, hi))] if need else None
                 for lo, hi, need in zip(edges[:-1], edges[1:], needs))


MATMUL = defop_on("matmul", _matmul_fwd, _matmul_vjp, "∂/∂A = g @ Bᵀ, ∂/∂B = Aᵀ @ g",
                  graph_ctx=lambda node: node._parents)
SUM = defop_on("sum", _sum_fwd, _sum_vjp, "∂/∂x = g copied along the summed axes")
MEAN = defop_on("mean", _mean_fwd, _mean_vjp, "∂/∂x = g / count copied along the axes")
MAX = defop_on("amax", _max_fwd, _max_vjp, "∂/∂x = g at the maximal elements (ties share)")
RESHAPE = defop_on("reshape", _reshape_fwd, _reshape_vjp, "∂/∂x = g reshaped back")
TRANSPOSE = defop_on("transpose", _transpose_fwd, _transpose_vjp, "∂/∂x = g transposed back")
GETITEM = defop_on("getitem", _getitem_fwd, _getitem_vjp,
                   "∂/∂x = g scattered back, repeats add")
BROADCAST_TO = defop_on("broadcast_to", _broadcast_to_fwd, _broadcast_to_vjp,
                        "∂/∂x = g summed over the broadcast axes")
SCATTER = defop_on("scatter", _scatter_fwd, _scatter_vjp,
                   "∂/∂g = the gradient read back at index")
CONCATENATE = defop_on("concatenate", _concatenate_fwd, _concatenate_vjp,
                       "∂/∂xᵢ = g's slice for xᵢ")
