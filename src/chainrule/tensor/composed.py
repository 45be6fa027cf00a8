"""The rest of what a PyTorch user reaches for, composed from the engine's ops.

Each is a few existing ops (so its gradient — and its second derivative — comes from theirs,
nothing new to get wrong), or a forward with no gradient at all (``argmax``, ``tolist``).
They are attached to :class:`~chainrule.tensor.Tensor` as methods with PyTorch's names; axes are
``axis=`` (NumPy's word) and ``dim=`` is accepted too.

============  ===============================================================================
method        as
============  ===============================================================================
min           −max(−x) (ties share the gradient, as ``max``)
argmax/argmin the index array, no gradient
prod          its own op: ∂/∂xᵢ = g·Πⱼ≠ᵢ xⱼ (exclusive products, exact at zeros; twice too)
var, std      Σ(x − mean)²/(n − correction); std = √var, with √'(0) = 0 (a constant row: 0)
squeeze, unsqueeze, flatten, permute, broadcast_to   reshape / the transpose op / broadcast_to
logsumexp     m + ln Σ e^(x − m), m the (constant) maximum: never overflows
norm          (Σ|x|ᵖ)^(1/p) for p = 1, 2 (Frobenius/Euclidean by default); 0 at x = 0
tolist        the data as nested Python lists
============  ===============================================================================
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.tensor import structure as _st
from chainrule.tensor.elementwise import ROW_OPS
from chainrule.tensor.op import Array, defop_on, shape_text
from chainrule.tensor.tensor import Tensor, apply

Axis = int | tuple[int, ...] | None
#: √ with derivative 0 at 0 (the rule row ``sqrt0``): norm's and std's, as PyTorch's
_SQRT0 = ROW_OPS["sqrt0"]


def _axis(axis: Axis, dim: Axis) -> Axis:
    return dim if axis is None else axis


def tensor_min(x: Tensor, axis: Axis = None, keepdims: bool = False, *, dim: Axis = None) -> Tensor:
    """The minimum over ``axis``: −max(−x); tied minima share the gradient equally."""
    return -((-x).max(axis=_axis(axis, dim), keepdims=keepdims))


def argmax(x: Tensor, axis: int | None = None, *, dim: int | None = None) -> np.ndarray:
    """Indices of the maxima along ``axis`` (of the flattened array when None); no gradient."""
    return np.argmax(x.data, axis=_axis(axis, dim))


def argmin(x: Tensor, axis: int | None = None, *, dim: int | None = None) -> np.ndarray:
    """Indices of the minima along ``axis``; no gradient."""
    return np.argmin(x.data, axis=_axis(axis, dim))


def _prod_fwd(x: Array, axis: int | None, keepdims: bool) -> tuple[Array, Any]:
    if axis is not None and not -x.ndim <= axis < x.ndim:
        raise ShapeError(f"prod: axis {axis} is out of range for an array of {x.ndim} dims")
    return np.asarray(x.prod(axis=axis, keepdims=keepdims)), (x, axis, keepdims)


def _prod_vjp(m: Any, g: Any, ctx: Any, needs: tuple[bool, ...]) -> tuple[Any]:
    # ∂/∂xᵢ = g·Πⱼ≠ᵢ xⱼ: the exclusive products come from the namespace (prefix and suffix
    # products on arrays, a chain of Tensor products under create_graph): exact at zeros
    x, axis, keepdims = ctx
    if axis is None:
        return (m.exclusive_products(x.reshape(-1), 0).reshape(x.shape) * g,)
    axis %= x.ndim
    gk = g if keepdims else g.reshape((*x.shape[:axis], 1, *x.shape[axis + 1:]))
    return (m.exclusive_products(x, axis) * gk,)


PROD = defop_on("prod", _prod_fwd, _prod_vjp, "∂/∂xᵢ = g·Πⱼ≠ᵢ xⱼ",
                graph_ctx=lambda node: (node._parents[0], *node._ctx[1:]))


def prod(x: Tensor, axis: int | None = None, keepdims: bool = False, *,
         dim: int | None = None) -> Tensor:
    """Π over ``axis`` (all elements by default); exact gradients even where an x is 0."""
    return apply(PROD, x, axis=_axis(axis, dim), keepdims=keepdims)


def var(x: Tensor, axis: Axis = None, keepdims: bool = False, *, correction: int = 1,
        dim: Axis = None) -> Tensor:
    """Σ(x − x̄)²/(n − correction) over ``axis`` (PyTorch's default correction=1, unbiased)."""
    ax = _axis(axis, dim)
    axes = tuple(range(x.ndim)) if ax is None else ((ax,) if isinstance(ax, int) else ax)
    n = int(np.prod([x.shape[a] for a in axes])) if axes else 1
    if n - correction <= 0:
        raise ConfigError(f"var: {n} element(s) with correction={correction} leave no "
                          "degrees of freedom")
    centred = x - x.mean(axis=ax, keepdims=True)
    return (centred * centred).sum(axis=ax, keepdims=keepdims) / (n - correction)


def std(x: Tensor, axis: Axis = None, keepdims: bool = False, *, correction: int = 1,
        dim: Axis = None) -> Tensor:
    """√var over ``axis``; where every element is equal (var = 0) the gradient is 0, as
    PyTorch's (√'(0) taken as 0: the row ``sqrt0``)."""
    return apply(_SQRT0, var(x, axis, keepdims, correction=correction, dim=dim))


def squeeze(x: Tensor, axis: int | None = None, *, dim: int | None = None) -> Tensor:
    """Drop length-1 axes (only ``axis``, when given and of length 1, as PyTorch)."""
    ax = _axis(axis, dim)
    if ax is None:
        return x.reshape(tuple(n for n in x.shape if n != 1))
    if not -x.ndim <= ax < x.ndim:
        raise ShapeError(f"squeeze: axis {ax} is out of range for shape {shape_text(x.shape)}")
    ax %= x.ndim
    if x.shape[ax] != 1:
        return x
    return x.reshape(x.shape[:ax] + x.shape[ax + 1:])


def unsqueeze(x: Tensor, axis: int | None = None, *, dim: int | None = None) -> Tensor:
    """Insert a length-1 axis at ``axis`` (negative counts from the end of the result)."""
    ax = _axis(axis, dim)
    if ax is None or not -x.ndim - 1 <= ax <= x.ndim:
        raise ShapeError(f"unsqueeze: axis {ax} is out of range for shape {shape_text(x.shape)}")
    ax %= x.ndim + 1
    return x.reshape((*x.shape[:ax], 1, *x.shape[ax:]))


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge the axes start_dim … end_dim into one."""
    if x.ndim == 0:
        return x.reshape(1)
    lo, hi = start_dim % x.ndim, end_dim % x.ndim
    if lo > hi:
        raise ShapeError(f"flatten: start_dim {start_dim} comes after end_dim {end_dim}")
    merged = int(np.prod(x.shape[lo:hi + 1]))
    return x.reshape((*x.shape[:lo], merged, *x.shape[hi + 1:]))


def permute(x: Tensor, *dims: int) -> Tensor:
    """Axes in the order ``dims``, as PyTorch's ``x.permute(2, 0, 1)`` (or a tuple:
    ``x.permute((2, 0, 1))``, NumPy's ``transpose(axes)``): shape (a, b, c) gives (c, a, b);
    negative axes allowed. The gradient is g permuted back (the inverse order)."""
    order = dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
    return apply(_st.TRANSPOSE, x, axes=tuple(order))


def broadcast_to(x: Tensor, *shape: int) -> Tensor:
    """``x`` repeated along broadcast axes (PyTorch's ``expand``); the gradient sums back."""
    target = shape[0] if len(shape) == 1 and isinstance(shape[0], (tuple, list)) else shape
    return apply(_st.BROADCAST_TO, x, shape=tuple(int(n) for n in target))


def logsumexp(x: Tensor, axis: Axis = None, keepdims: bool = False, *, dim: Axis = None) -> Tensor:
    """ln Σ eˣ over ``axis``, as m + ln Σ e^(x − m) with m the maximum (a constant: the
    result does not depend on it), so nothing overflows; the gradient is softmax(x)."""
    ax = _axis(axis, dim)
    top = x.data.max(axis=ax, keepdims=True)
    top = np.where(np.isfinite(top), top, 0)
    out = (x - top).exp().sum(axis=ax, keepdims=True).log() + top
    return out if keepdims else squeeze_axes(out, ax)


def squeeze_axes(x: Tensor, axis: Axis) -> Tensor:
    """Drop the (length-1) axes ``axis`` that a keepdims reduction left."""
    axes = range(x.ndim) if axis is None else ((axis,) if isinstance(axis, int) else axis)
    drop = {a % x.ndim for a in axes}
    return x.reshape(tuple(n for i, n in enumerate(x.shape) if i not in drop))


def norm(x: Tensor, p: float = 2, axis: Axis = None, keepdims: bool = False, *,
         dim: Axis = None) -> Tensor:
    """(Σ|x|ᵖ)^(1/p) for p = 2 (the default: Euclidean/Frobenius) or p = 1.

    ∂‖x‖₂/∂x = x/‖x‖₂, and 0 at x = 0 (PyTorch's subgradient; √'(0) taken as 0, the row
    ``sqrt0``); ∂‖x‖₁/∂x = sign(x)."""
    ax = _axis(axis, dim)
    if p == 2:
        return apply(_SQRT0, (x * x).sum(axis=ax, keepdims=keepdims))
    if p == 1:
        return x.abs().sum(axis=ax, keepdims=keepdims)
    raise ConfigError(f"norm: p must be 1 or 2, got {p!r}")


def tolist(x: Tensor) -> Any:
    """The data as (nested) Python floats."""
    return x.data.tolist()


_METHODS = {"min": tensor_min, "argmax": argmax, "argmin": argmin, "prod": prod, "var": var,
            "std": std, "squeeze": squeeze, "unsqueeze": unsqueeze, "flatten": flatten,
            "permute": permute, "broadcast_to": broadcast_to, "expand": broadcast_to,
            "logsumexp": logsumexp, "norm": norm, "tolist": tolist}
for _name, _fn in _METHODS.items():
    setattr(Tensor, _name, _fn)
