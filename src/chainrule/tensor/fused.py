"""Fused ops for networks: a dense layer and the losses, each one node with one VJP.

Fusing pays twice: the graph has one node where a composition would have five, and the VJP is
the short closed form instead of a chain of general rules. With g = ∂L/∂out (a number for the
losses) and N the batch size:

====================  =======================================  ================================
op                    out                                      gradients
====================  =======================================  ================================
linear                x @ W + b  (W (in, out))                 g @ Wᵀ, xᵀ @ g, Σₙ g
mse                   (1/n) Σ (o − t)²  (n elements)           g·2(o − t)/n
half_sum_squares      Σ ½ (t − o)²                             g·(o − t)
binary_cross_entropy  −mean(t ln p + (1 − t) ln(1 − p))        g·(p − t)/(p(1 − p))/n
 …_with_logits        mean(softplus(z) − z·t)                  g·(σ(z) − t)/n
cross_entropy         −(1/N) Σₙ log softmax(zₙ)[tₙ]            g·(softmax(z) − onehot(t))/N
====================  =======================================  ================================

``binary_cross_entropy`` clips p to [ε, 1 − ε] so the logarithms stay finite; its gradient is
the formula above evaluated at the clipped p, so a saturated prediction still learns. Targets
are data, never differentiated.

The dense node takes W laid out (in, out), as ``nn.Dense`` stores it (no transpose on the hot
path); the public :func:`chainrule.tensor.linear` is PyTorch's ``F.linear`` with W (out, in),
checks that shape and hands this node Wᵀ.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.rules import NUMPY, ROWS, VECTOR_ROWS
from chainrule.tensor.op import Array, defop_on, shape_text
from chainrule.tensor.structure import MATMUL

Grads = tuple[Array | None, ...]
# The sum as a ufunc method: ndarray.sum without its Python wrapper
_sum = np.add.reduce
_UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}  # by item size
# The rows these fused losses are made of: each loss is the sum of its per-output term row
# (forward and ∂/∂o both read off the row); cross-entropy is −log-softmax at the true class.
_SQUARED_ERROR_MEAN, _HALF_SQUARED_ERROR = ROWS["squared_error_mean"], ROWS["half_squared_error"]
_BCE_TERM, _SOFTPLUS = ROWS["bce_term"], ROWS["softplus"]
_LOG_SOFTMAX = VECTOR_ROWS["log_softmax"]


# -- dense layer -------------------------------------------------------------------------
def _linear_fwd(x: Array, W: Array, b: Array | None = None) -> tuple[Array, Any]:
    if x.ndim == 0 or x.shape[-1] != W.shape[0]:
        raise ShapeError(f"linear: input shape {shape_text(x.shape)} does not fit weight shape "
                         f"{shape_text(W.shape)} laid out (in, out) (needs {W.shape[0]} features "
                         "in the last axis)")
    out = x @ W
    if b is not None:
        out += b  # in place: the product is ours, so no second (N, out) array
    return out, (x, W)


def _linear_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    # x @ W is matmul: its one VJP (g·Wᵀ, xᵀ·g); + b broadcast over the batch: Σ over it.
    # Arrays on the array sweep, Tensors (x, W and g) under create_graph: the same lines.
    gx, gW = MATMUL.vjp_on(m, g, ctx, needs)  # type: ignore[misc]
    gb = None
    if len(needs) > 2 and needs[2]:
        gb = g.sum(axis=0) if g.ndim == 2 else m.unbroadcast(g, ctx[1].shape[1:])
    return gx, gW, gb


def _operands(node: Any) -> Any:
    return node._parents[0], node._parents[1]


LINEAR = defop_on("linear", _linear_fwd, _linear_vjp,
                  "∂/∂x = g @ Wᵀ, ∂/∂W = xᵀ @ g, ∂/∂b = Σₙ g", graph_ctx=_operands)


# -- losses ------------------------------------------------------------------------------
def _check_target(name: str, pred: Array, target: Array) -> None:
    """The target must have the prediction's shape or broadcast to exactly that shape."""
    try:
        fits = np.broadcast_shapes(pred.shape, target.shape) == pred.shape
    except ValueError:
        fits = False
    if not fits:
        raise ShapeError(f"{name}: prediction shape {shape_text(pred.shape)} and target shape "
                         f"{shape_text(target.shape)} do not match")


def _scalar(x: Any, dtype: np.dtype) -> Array:
    return np.asarray(x, dtype=dtype)


def _mse_fwd(pred: Array, target: Array) -> tuple[Array, Any]:
    _check_target("mse", pred, target)
    n = pred.size
    terms = _SQUARED_ERROR_MEAN.compute(NUMPY, pred, target, n)  # (o − t)²/n each
    return _scalar(_sum(terms, axis=None), pred.dtype), (pred, target, n)


def _mse_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    pred, target, n = ctx
    return (_SQUARED_ERROR_MEAN.local(m, pred, target, n, None)[0] * g,)  # 2(o − t)/n · g


def _prediction_first(node: Any) -> Any:
    """The array ctx with the prediction as the node's operand (a Tensor) in front."""
    return (node._parents[0], *node._ctx[1:])


def _hss_fwd(pred: Array, target: Array) -> tuple[Array, Any]:
    _check_target("half_sum_squares", pred, target)
    terms = _HALF_SQUARED_ERROR.compute(NUMPY, pred, target)  # ½(t − o)² each
    return _scalar(_sum(terms, axis=None), pred.dtype), (pred, target)


def _hss_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    pred, target = ctx
    return (_HALF_SQUARED_ERROR.local(m, pred, target, None)[0] * g,)  # (o − t) · g


def _bce_fwd(p: Array, target: Array, eps: float) -> tuple[Array, Any]:
    _check_target("binary_cross_entropy", p, target)
    pc = np.clip(p, eps, 1 - eps)
    t = np.broadcast_to(target, p.shape)
    terms = _BCE_TERM.compute(NUMPY, pc, t, pc.size)  # −(t ln p + (1 − t) ln(1 − p))/n each
    loss = _scalar(_sum(terms, axis=None), p.dtype)
    return loss, (pc, t, loss)


def _bce_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    # the bce_term row's ∂/∂o = (o − t)/(o(1 − o)·n), at the clipped o
    pc, t, loss = ctx
    return (_BCE_TERM.local(m, pc, t, pc.size, loss)[0] * g,)


def _bce_graph_ctx(node: Any) -> Any:
    # The clipped p as a Tensor: p itself where the clip kept it, a constant where it cut (so
    # the second derivative is 0 there); the node is the output the row's local may read.
    (p,), (pc, t, _) = node._parents, node._ctx
    kept = p.data == pc
    return p * kept.astype(pc.dtype) + np.where(kept, 0, pc).astype(pc.dtype), t, node


def _bce_logits_fwd(z: Array, target: Array) -> tuple[Array, Any]:
    _check_target("binary_cross_entropy_with_logits", z, target)
    t = np.broadcast_to(target, z.shape)
    # softplus(z) − z·t equals −[t ln σ(z) + (1 − t) ln(1 − σ(z))]; the softplus row's
    # ln(1 + eᶻ) never overflows.
    loss = _sum(_SOFTPLUS.compute(NUMPY, z) - z * t, axis=None) / z.size
    return _scalar(loss, z.dtype), (z, t)


def _bce_logits_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    # mean(softplus(z) − z·t): the softplus row's derivative σ(z), minus t, over n
    z, t = ctx
    return ((_SOFTPLUS.local(m, z, None)[0] - t) * (g / z.size),)


def _class_indices(target: Array, n: int, c: int) -> Array:
    if target.shape != (n,):
        raise ShapeError(f"cross_entropy: class targets need shape ({n},), got "
                         f"{shape_text(target.shape)}")
    if target.dtype.kind not in "iu":
        if target.dtype.kind != "f" or not np.array_equal(target, np.round(target)):
            raise ConfigError("cross_entropy: 1-D targets are class indices and must "
                              f"be integers; got dtype {target.dtype}")
        target = target.astype(np.intp)
    # Seen as unsigned, a negative index is huge, so one max() checks both ends of [0, c).
    as_unsigned = target.view(_UNSIGNED[target.dtype.itemsize])
    if n and as_unsigned.max() >= c:
        bad = int(np.argmax((target < 0) | (target >= c)))
        raise ConfigError(f"cross_entropy: target[{bad}] = {int(target[bad])} is not a "
                          f"class index in [0, {c})")
    return target


def _sce_fwd(z: Array, target: Array) -> tuple[Array, Any]:
    if z.ndim != 2:
        raise ShapeError("cross_entropy: logits must have shape (N, C), got "
                         f"{shape_text(z.shape)}")
    n, c = z.shape
    if n == 0:
        raise ShapeError("cross_entropy: the batch is empty")
    logp = _LOG_SOFTMAX.compute(NUMPY, z, 1)  # log softmax(z), row by row
    if target.ndim == 1:
        # (rows, classes): the positions of the true classes, kept for the VJP too
        t = (np.arange(n), _class_indices(target, n, c))
        loss = -_sum(logp[t], axis=None) / n
    else:
        if target.shape != z.shape:
            raise ShapeError(f"cross_entropy: logits shape {shape_text(z.shape)} and "
                             f"target shape {shape_text(target.shape)} do not match")
        t = target
        loss = -np.vdot(t, logp) / n
    return _scalar(loss, z.dtype), (np.exp(logp, out=logp), t)  # softmax(z), in logp's place


def _sce_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    # ∂L/∂z = (p − onehot(t))·g/N with p = softmax(z); for soft or one-hot rows t,
    # (p·Σⱼtⱼ − t)·g/N, which is (p − t)·g/N when the rows sum to 1.
    p, t = ctx
    scale = g * (1 / p.shape[0])
    if type(t) is tuple:  # (rows, classes) of the true classes
        return (m.minus_at(p * scale, t, scale),)
    return (p * (t.sum(axis=1, keepdims=True) * scale) - t * scale,)


def _softmax_of_logits(node: Any) -> Any:
    return node._parents[0].softmax(axis=1), node._ctx[1]


MSE = defop_on("mse", _mse_fwd, _mse_vjp, "∂/∂o = g·2(o − t)/n", graph_ctx=_prediction_first)
HALF_SUM_SQUARES = defop_on("half_sum_squares", _hss_fwd, _hss_vjp, "∂/∂o = g·(o − t)",
                            graph_ctx=_prediction_first)
BINARY_CROSS_ENTROPY = defop_on("binary_cross_entropy", _bce_fwd, _bce_vjp,
                                "∂/∂p = g·(p − t)/(p(1 − p))/n", graph_ctx=_bce_graph_ctx)
BINARY_CROSS_ENTROPY_WITH_LOGITS = defop_on(
    "binary_cross_entropy_with_logits", _bce_logits_fwd, _bce_logits_vjp,
    "∂/∂z = g·(σ(z) − t)/n", graph_ctx=_prediction_first)
CROSS_ENTROPY = defop_on("cross_entropy", _sce_fwd, _sce_vjp,
                                 "∂/∂z = g·(softmax(z) − onehot(t))/N",
                                 graph_ctx=_softmax_of_logits)
