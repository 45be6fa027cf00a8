"""Softmax and log-softmax: the activations that are not element-wise, with their VJPs.

Element-wise activations (sigmoid, tanh, ReLU, leaky ReLU, ELU, GELU, softplus, …) are rows of
the rule table (:mod:`chainrule.rules`) and become array ops in
:mod:`chainrule.tensor.elementwise`. With g = ∂L/∂out, along ``axis``:

==========  =================================  ============================================
op          out                                ∂L/∂x
==========  =================================  ============================================
softmax     eˣⁱ / Σⱼ eˣʲ                       out·(g − Σⱼ gⱼ·outⱼ)
log_softmax xᵢ − log Σⱼ eˣʲ                    g − softmax(x)·Σⱼ gⱼ
==========  =================================  ============================================

Both subtract the maximum first (e^(x − m) never overflows and the result is unchanged).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.tensor.op import Array, defop

Grads = tuple[Array | None, ...]


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


SOFTMAX = defop("softmax", _softmax_fwd, _softmax_vjp, "∂/∂x = s·(g − Σ g·s)")
LOG_SOFTMAX = defop("log_softmax", _log_softmax_fwd, _log_softmax_vjp,
                    "∂/∂x = g − softmax(x)·Σ g")
