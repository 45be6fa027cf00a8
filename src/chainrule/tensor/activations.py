"""Activation functions as array ops, each with its derivative beside it.

With g = ∂L/∂out (softmax and log-softmax along ``axis``):

==========  =================================  ============================================
op          out                                ∂L/∂x
==========  =================================  ============================================
tanh        tanh x                             g·(1 − out²)
sigmoid     σ(x) = 1/(1 + e⁻ˣ)                 g·out·(1 − out)
relu        max(0, x)                          g where x > 0, else 0 (ReLU'(0) = 0)
leaky_relu  x if x > 0 else αx                 g where x > 0, else α·g
softmax     eˣⁱ / Σⱼ eˣʲ                       out·(g − Σⱼ gⱼ·outⱼ)
log_softmax xᵢ − log Σⱼ eˣʲ                    g − softmax(x)·Σⱼ gⱼ
==========  =================================  ============================================

Softmax and log-softmax subtract the maximum first (e^(x − m) never overflows and the result
is unchanged); sigmoid is computed as exp(−log(1 + e⁻ˣ)) with ``logaddexp``, which neither
overflows nor loses the tiny values of σ at very negative x.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.tensor.op import Array, defop

Grads = tuple[Array | None, ...]


def _tanh_fwd(x: Array) -> tuple[Array, Any]:
    out = np.tanh(x)
    return out, out


def _tanh_vjp(g: Array, out: Any, needs: tuple[bool, ...]) -> Grads:
    return (g * (1 - out * out),)


def stable_sigmoid(x: Array) -> Array:
    """σ(x) = exp(−log(1 + e⁻ˣ)): no overflow, and the tiny values at very negative x kept."""
    return np.exp(-np.logaddexp(0, -x))


def _sigmoid_fwd(x: Array) -> tuple[Array, Any]:
    out = stable_sigmoid(x)
    return out, out


def _sigmoid_vjp(g: Array, out: Any, needs: tuple[bool, ...]) -> Grads:
    return (g * out * (1 - out),)


def _relu_fwd(x: Array) -> tuple[Array, Any]:
    # The saved mask is the whole derivative; maximum (not x·mask) keeps −0.0 out of outputs.
    return np.maximum(x, 0), x > 0


def _relu_vjp(g: Array, mask: Any, needs: tuple[bool, ...]) -> Grads:
    return (g * mask,)


def _leaky_relu_fwd(x: Array, alpha: float) -> tuple[Array, Any]:
    slope = np.where(x > 0, np.ones((), x.dtype), np.asarray(alpha, x.dtype))
    return x * slope, slope


def _leaky_relu_vjp(g: Array, slope: Any, needs: tuple[bool, ...]) -> Grads:
    return (g * slope,)


def _softmax_fwd(x: Array, axis: int) -> tuple[Array, Any]:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    e /= e.sum(axis=axis, keepdims=True)
    return e, (e, axis)


def _softmax_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    out, axis = ctx
    return (out * (g - (g * out).sum(axis=axis, keepdims=True)),)


def _log_softmax_fwd(x: Array, axis: int) -> tuple[Array, Any]:
    shifted = x - x.max(axis=axis, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return out, (out, axis)


def _log_softmax_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    out, axis = ctx
    return (g - np.exp(out) * g.sum(axis=axis, keepdims=True),)


TANH = defop("tanh", _tanh_fwd, _tanh_vjp, "∂/∂x = g·(1 − tanh²x)")
SIGMOID = defop("sigmoid", _sigmoid_fwd, _sigmoid_vjp, "∂/∂x = g·σ(x)(1 − σ(x))")
RELU = defop("relu", _relu_fwd, _relu_vjp, "∂/∂x = g where x > 0, else 0")
LEAKY_RELU = defop("leaky_relu", _leaky_relu_fwd, _leaky_relu_vjp,
                   "∂/∂x = g where x > 0, else α·g")
SOFTMAX = defop("softmax", _softmax_fwd, _softmax_vjp, "∂/∂x = s·(g − Σ g·s)")
LOG_SOFTMAX = defop("log_softmax", _log_softmax_fwd, _log_softmax_vjp,
                    "∂/∂x = g − softmax(x)·Σ g")
