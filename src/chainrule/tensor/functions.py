"""Functions of several Tensors, and the fused network ops as functions.

``concatenate``/``stack`` join Tensors, ``where`` selects between two, ``linear`` is PyTorch's
``F.linear`` (y = x Wᵀ + b, W of shape (out, in)) on the fused dense node, and the losses
compare a prediction with a target (an array or a Tensor, never differentiated) and return a
0-d Tensor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.tensor import elementwise as _ew
from chainrule.tensor import fused as _fu
from chainrule.tensor import structure as _st
from chainrule.tensor.tensor import Tensor, _lift, apply


def as_tensor(x: Any, dtype: Any = None) -> Tensor:
    """``x`` itself if it is a Tensor, else a constant Tensor (no copy of a float array)."""
    return x if isinstance(x, Tensor) else Tensor(x, dtype=dtype)


def _target(target: Any, like: Tensor) -> np.ndarray:
    """A loss target as an array of the prediction's dtype (so float32 stays float32)."""
    arr = target.data if isinstance(target, Tensor) else target
    return np.asarray(arr, dtype=like.dtype)


def concatenate(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join Tensors along an existing ``axis``; shapes must agree elsewhere.

    Shapes (n₁, …), (n₂, …), … give (n₁ + n₂ + …, …) for ``axis=0``.
    """
    if not tensors:
        raise ConfigError("concatenate: needs at least one Tensor")
    ts = [as_tensor(t) for t in tensors]
    return apply(_st.CONCATENATE, *ts, axis=axis)


def stack(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join same-shaped Tensors along a new ``axis``: k of shape s give (k, *s) for axis 0."""
    if not tensors:
        raise ConfigError("stack: needs at least one Tensor")
    ts = [as_tensor(t) for t in tensors]
    ax = axis % (ts[0].ndim + 1)
    return concatenate([t.reshape((*t.shape[:ax], 1, *t.shape[ax:])) for t in ts], axis=ax)


def where(cond: Any, a: Any, b: Any) -> Tensor:
    """``a`` where ``cond`` is true, else ``b`` (all broadcast together).

    ``cond`` is a boolean array (a comparison such as ``x > 0`` gives one), never
    differentiated; numbers among ``a``/``b`` take the other operand's dtype.
    """
    cond = np.asarray(cond.data if isinstance(cond, Tensor) else cond, dtype=bool)
    if isinstance(a, Tensor):
        b = _lift(b, a)
    elif isinstance(b, Tensor):
        a = _lift(a, b)
    else:
        a, b = as_tensor(a), as_tensor(b)
    return apply(_ew.WHERE, a, b, cond=cond)


def linear(x: Any, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """PyTorch's ``F.linear``: y = x Wᵀ + b, the weight laid out (out, in).

    Shapes: x (N, in) — or (in,), or (..., in) —, W (out, in) (or (in,): one output, dropped),
    b (out,), y (N, out). Gradients: ∂L/∂x = g W, ∂L/∂W = gᵀ x, ∂L/∂b = Σₙ g (seed 003's
    ∂E/∂xᵢ = Σⱼ wⱼᵢ ∂E/∂yⱼ, ∂E/∂wⱼᵢ = xᵢ ∂E/∂yⱼ, ∂E/∂bⱼ = ∂E/∂yⱼ, for a whole batch at once).
    A weight that does not fit (the (in, out) layout of ``nn.Dense``'s own weight, say) is a
    ShapeError naming the (out, in) shape expected. It runs as the fused dense node on Wᵀ.
    """
    x = as_tensor(x, dtype=weight.dtype)
    features = x.shape[-1] if x.ndim else None
    if weight.ndim not in (1, 2) or weight.shape[-1] != features:
        want = f"(out, {features})" if features is not None else "(out, in)"
        hint = ""
        if weight.ndim == 2 and weight.shape[0] == features:
            hint = f"; an (in, out) weight? pass its transpose W.T, of shape {weight.shape[::-1]}"
        raise ShapeError(f"linear: weight of shape {tuple(weight.shape)} does not fit input of "
                         f"shape {tuple(x.shape)}: the weight is (out, in), here {want}, "
                         f"as PyTorch's F.linear (y = x Wᵀ + b){hint}")
    out = weight.shape[0] if weight.ndim == 2 else None
    if bias is not None and tuple(bias.shape) not in ((out,) if out is not None else (), ()):
        raise ShapeError(f"linear: bias of shape {tuple(bias.shape)} does not fit weight of "
                         f"shape {tuple(weight.shape)}: needs ({out},)")
    w_in_out = weight.T if weight.ndim == 2 else weight
    if bias is None:
        return apply(_fu.LINEAR, x, w_in_out)
    return apply(_fu.LINEAR, x, w_in_out, bias)


def mse_loss(pred: Tensor, target: Any) -> Tensor:
    """Mean squared error over all n elements: (1/n) Σ (o − t)²; ∂/∂o = 2(o − t)/n."""
    return apply(_fu.MSE, pred, target=_target(target, pred))


def half_sum_squares(pred: Tensor, target: Any) -> Tensor:
    """E = Σ ½ (t − o)² over all elements (seed 000's error); ∂E/∂o = o − t."""
    return apply(_fu.HALF_SUM_SQUARES, pred, target=_target(target, pred))


def binary_cross_entropy(prob: Tensor, target: Any, eps: float = 1e-7) -> Tensor:
    """Binary cross-entropy of probabilities p ∈ (0, 1), clipped to [ε, 1 − ε], averaged."""
    if not 0 < eps < 0.5:
        raise ConfigError(f"binary_cross_entropy: eps must be in (0, 0.5), got {eps!r}")
    return apply(_fu.BINARY_CROSS_ENTROPY, prob, target=_target(target, prob), eps=float(eps))


def binary_cross_entropy_with_logits(logits: Tensor, target: Any) -> Tensor:
    """Binary cross-entropy of σ(z) computed from the logits z without overflow, averaged."""
    return apply(_fu.BINARY_CROSS_ENTROPY_WITH_LOGITS, logits, target=_target(target, logits))


def cross_entropy(logits: Tensor, target: Any) -> Tensor:
    """Cross-entropy of softmax(z) against class indices (N,) or one-hot/soft rows (N, C).

    L = −(1/N) Σₙ log softmax(zₙ)[tₙ], computed from the logits with the maximum subtracted;
    ∂L/∂z = (softmax(z) − onehot(t))/N. Logits have shape (N, C).
    """
    arr = np.asarray(target.data if isinstance(target, Tensor) else target)
    if arr.ndim != 1:
        arr = arr.astype(logits.dtype, copy=False)
    return apply(_fu.CROSS_ENTROPY, logits, target=arr)
