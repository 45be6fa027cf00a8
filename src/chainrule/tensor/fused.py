"""Fused ops for networks: a dense layer and the losses, each one node with one VJP.

Fusing pays twice: the graph has one node where a composition would have five, and the VJP is
the short closed form instead of a chain of general rules. With g = ∂L/∂out (a number for the
losses) and N the batch size:

====================  =======================================  ================================
op                    out                                      gradients
====================  =======================================  ================================
linear                x @ W + b                                g @ Wᵀ, xᵀ @ g, Σₙ g
mse                   (1/n) Σ (o − t)²  (n elements)           g·2(o − t)/n
half_sum_squares      Σ ½ (t − o)²                             g·(o − t)
bce                   −mean(t ln p + (1 − t) ln(1 − p))        g·(p − t)/(p(1 − p))/n
bce_with_logits       mean(max(z,0) − z·t + ln(1 + e^(−|z|)))  g·(σ(z) − t)/n
softmax_cross_entropy −(1/N) Σₙ log softmax(zₙ)[tₙ]            g·(softmax(z) − onehot(t))/N
====================  =======================================  ================================

``bce`` clips p to [ε, 1 − ε] so the logarithms stay finite; its gradient is the formula above
evaluated at the clipped p, so a saturated prediction still learns. Targets are data, never
differentiated.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.rules import NUMPY, ROWS
from chainrule.tensor.op import Array, defop, shape_text

Grads = tuple[Array | None, ...]
# The reductions as ufunc methods: the same sums as ndarray.sum/max without their Python wrapper
_sum, _max = np.add.reduce, np.maximum.reduce
_UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}  # by item size
# The per-output loss rows whose ∂/∂o these fused losses apply element-wise.
_SQUARED_ERROR_MEAN, _HALF_SQUARED_ERROR = ROWS["squared_error_mean"], ROWS["half_squared_error"]
_BCE_TERM = ROWS["bce_term"]


# -- dense layer -------------------------------------------------------------------------
def _linear_fwd(x: Array, W: Array, b: Array | None = None) -> tuple[Array, Any]:
    if x.ndim == 0 or x.shape[-1] != W.shape[0]:
        raise ShapeError(f"linear: input shape {shape_text(x.shape)} does not fit weight shape "
                         f"{shape_text(W.shape)} (needs {W.shape[0]} features in the last axis)")
    out = x @ W
    if b is not None:
        out += b  # in place: the product is ours, so no second (N, out) array
    return out, (x, W)


def _linear_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    x, W = ctx
    gx = g @ W.T if needs[0] else None
    gW = gb = None
    if x.ndim == 2:
        if needs[1]:
            gW = x.T @ g
        if len(needs) > 2 and needs[2]:
            gb = _sum(g, axis=0)
    else:  # one sample (in,) or extra leading axes (..., in): flatten them into the batch
        g2 = g.reshape(-1, g.shape[-1])
        if needs[1]:
            gW = x.reshape(-1, x.shape[-1]).T @ g2
        if len(needs) > 2 and needs[2]:
            gb = g2.sum(axis=0)
    return gx, gW, gb


LINEAR = defop("linear", _linear_fwd, _linear_vjp, "∂/∂x = g @ Wᵀ, ∂/∂W = xᵀ @ g, ∂/∂b = Σₙ g")


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
    diff = pred - target
    n = diff.size
    return _scalar(np.vdot(diff, diff) / n, pred.dtype), (pred, target, n)


def _mse_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    pred, target, n = ctx
    local = _SQUARED_ERROR_MEAN.local(NUMPY, pred, target, n, None)[0]  # 2(o − t)/n
    return (local * g.astype(pred.dtype),)


def _hss_fwd(pred: Array, target: Array) -> tuple[Array, Any]:
    _check_target("half_sum_squares", pred, target)
    diff = pred - target
    return _scalar(0.5 * np.vdot(diff, diff), pred.dtype), (pred, target)


def _hss_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    pred, target = ctx
    local = _HALF_SQUARED_ERROR.local(NUMPY, pred, target, None)[0]  # o − t
    return (local * g.astype(pred.dtype),)


def _bce_fwd(p: Array, target: Array, eps: float) -> tuple[Array, Any]:
    _check_target("bce", p, target)
    pc = np.clip(p, eps, 1 - eps)
    t = np.broadcast_to(target, p.shape)
    loss = _scalar(-(t * np.log(pc) + (1 - t) * np.log1p(-pc)).mean(), p.dtype)
    return loss, (pc, t, loss)


def _bce_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    # the bce_term row's ∂/∂o = (o − t)/(o(1 − o)·n), at the clipped o
    pc, t, loss = ctx
    local = _BCE_TERM.local(NUMPY, pc, t, pc.size, loss)[0]
    return (local * g.astype(pc.dtype),)


def _bce_logits_fwd(z: Array, target: Array) -> tuple[Array, Any]:
    _check_target("bce_with_logits", z, target)
    t = np.broadcast_to(target, z.shape)
    # max(z, 0) − z·t + ln(1 + e^(−|z|)) equals −[t ln σ(z) + (1 − t) ln(1 − σ(z))] and never
    # overflows.
    loss = (np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))).mean()
    return _scalar(loss, z.dtype), (z, t)


def _bce_logits_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    z, t = ctx
    return ((NUMPY.sigmoid(z) - t) * (g / z.size).astype(z.dtype),)


def _class_indices(target: Array, n: int, c: int) -> Array:
    if target.shape != (n,):
        raise ShapeError(f"softmax_cross_entropy: class targets need shape ({n},), got "
                         f"{shape_text(target.shape)}")
    if target.dtype.kind not in "iu":
        if target.dtype.kind != "f" or not np.array_equal(target, np.round(target)):
            raise ConfigError("softmax_cross_entropy: 1-D targets are class indices and must "
                              f"be integers; got dtype {target.dtype}")
        target = target.astype(np.intp)
    # Seen as unsigned, a negative index is huge, so one max() checks both ends of [0, c).
    as_unsigned = target.view(_UNSIGNED[target.dtype.itemsize])
    if n and as_unsigned.max() >= c:
        bad = int(np.argmax((target < 0) | (target >= c)))
        raise ConfigError(f"softmax_cross_entropy: target[{bad}] = {int(target[bad])} is not a "
                          f"class index in [0, {c})")
    return target


def _sce_fwd(z: Array, target: Array) -> tuple[Array, Any]:
    if z.ndim != 2:
        raise ShapeError("softmax_cross_entropy: logits must have shape (N, C), got "
                         f"{shape_text(z.shape)}")
    n, c = z.shape
    if n == 0:
        raise ShapeError("softmax_cross_entropy: the batch is empty")
    shifted = z - _max(z, axis=1, keepdims=True)
    e = np.exp(shifted)
    s = _sum(e, axis=1, keepdims=True)
    log_s = np.log(s)
    if target.ndim == 1:
        # (rows, classes): the positions of the true classes, kept for the VJP too
        t = (np.arange(n), _class_indices(target, n, c))
        picked = shifted[t]
        loss = (_sum(log_s, axis=None) - _sum(picked, axis=None)) / n
    else:
        if target.shape != z.shape:
            raise ShapeError(f"softmax_cross_entropy: logits shape {shape_text(z.shape)} and "
                             f"target shape {shape_text(target.shape)} do not match")
        t = target
        loss = -np.vdot(t, shifted - log_s) / n
    e /= s  # e is ours: turn it into the probabilities in place
    return _scalar(loss, z.dtype), (e, t)


def _sce_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    p, t = ctx
    n = p.shape[0]
    scale = g * (1 / n)  # 0-d, g's dtype (the output's, so p's)
    if scale.dtype != p.dtype:
        scale = scale.astype(p.dtype)
    d = p * scale
    if type(t) is tuple:
        d[t] -= scale
    else:  # soft or one-hot rows: ∂/∂z = (p·Σⱼtⱼ − t)/N, which is (p − t)/N when rows sum to 1
        d *= t.sum(axis=1, keepdims=True)
        d -= t * scale
    return (d,)


MSE = defop("mse", _mse_fwd, _mse_vjp, "∂/∂o = g·2(o − t)/n")
HALF_SUM_SQUARES = defop("half_sum_squares", _hss_fwd, _hss_vjp, "∂/∂o = g·(o − t)")
BCE = defop("bce", _bce_fwd, _bce_vjp, "∂/∂p = g·(p − t)/(p(1 − p))/n")
BCE_WITH_LOGITS = defop("bce_with_logits", _bce_logits_fwd, _bce_logits_vjp,
                        "∂/∂z = g·(σ(z) − t)/n")
SOFTMAX_CROSS_ENTROPY = defop("softmax_cross_entropy", _sce_fwd, _sce_vjp,
                              "∂/∂z = g·(softmax(z) − onehot(t))/N")
