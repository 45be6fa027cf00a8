"""Convolution and max pooling as array ops (NCHW, PyTorch's layout), im2col style.

With the input padded by p zeros on each side, stride s, kernel K of shape (O, C, kh, kw) and
g = ∂L/∂out:

====================  =================================================  ======================
op                    out[n, o, y, x]                                    gradients
====================  =================================================  ======================
conv2d                Σ_c,i,j X[n, c, s·y + i, s·x + j] K[o, c, i, j]    see below
                      + b[o]
max_pool2d            max_i,j X[n, c, s·y + i, s·x + j]                  g to the arg-max
====================  =================================================  ======================

conv2d's gradients: ∂L/∂K[o, c, i, j] = Σ_n,y,x g[n, o, y, x] X[n, c, s·y + i, s·x + j] (a sum
of products over every output position the kernel cell touched), ∂L/∂b[o] = Σ_n,y,x g[n, o,
y, x], and ∂L/∂X is the full convolution of g (dilated by the stride) with the flipped kernel,
computed here as its equivalent: each output's g·K added back onto the window it read.

The windows are a strided view of the padded input (``sliding_window_view``), contracted with
the kernel by one ``tensordot``; nothing loops over positions in Python (the input gradient
loops over the kh·kw kernel cells only). These ops have array VJPs only (no ``create_graph``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from chainrule.errors import ShapeError
from chainrule.tensor.op import Array, defop, shape_text
from chainrule.tensor.tensor import Tensor, apply

Grads = tuple[Array | None, ...]


def out_size(n: int, k: int, s: int, p: int) -> int:
    """Output length along one axis: ⌊(n + 2p − k)/s⌋ + 1."""
    return (n + 2 * p - k) // s + 1


def _pair(v: Any, name: str, where: str, low: int) -> tuple[int, int]:
    pair = tuple(v) if isinstance(v, (tuple, list)) else (v, v)
    if len(pair) != 2 or not all(isinstance(a, (int, np.integer)) and not isinstance(a, bool)
                                 and a >= low for a in pair):
        raise ShapeError(f"{where}: {name} must be an int ≥ {low} or a pair of them, got {v!r}")
    return int(pair[0]), int(pair[1])


def _windows(x: Array, k: tuple[int, int], s: tuple[int, int], p: tuple[int, int],
             fill: float, where: str) -> tuple[Array, tuple[int, int]]:
    """The (N, C, Ho, Wo, kh, kw) view of the padded x's windows, and (Ho, Wo)."""
    if x.ndim != 4:
        raise ShapeError(f"{where}: input must have shape (N, C, H, W), got {shape_text(x.shape)}")
    ho, wo = (out_size(x.shape[2], k[0], s[0], p[0]), out_size(x.shape[3], k[1], s[1], p[1]))
    if ho < 1 or wo < 1:
        raise ShapeError(f"{where}: input shape {shape_text(x.shape)} is smaller than the "
                         f"kernel {k} with padding {p}")
    if p != (0, 0):
        x = np.pad(x, ((0, 0), (0, 0), (p[0],) * 2, (p[1],) * 2), constant_values=fill)
    view = sliding_window_view(x, k, axis=(2, 3))[:, :, ::s[0], ::s[1]]
    return view[:, :, :ho, :wo], (ho, wo)


def _fold(cols: Array, shape: tuple[int, ...], s: tuple[int, int], p: tuple[int, int]) -> Array:
    """Adjoint of :func:`_windows`: add (N, C, Ho, Wo, kh, kw) shares back onto the input."""
    n, c, ho, wo, kh, kw = cols.shape
    dx = np.zeros((n, c, shape[2] + 2 * p[0], shape[3] + 2 * p[1]), dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            dx[:, :, i:i + s[0] * ho:s[0], j:j + s[1] * wo:s[1]] += cols[..., i, j]
    return dx[:, :, p[0]:p[0] + shape[2], p[1]:p[1] + shape[3]]


def _conv_fwd(x: Array, w: Array, b: Array | None = None, *, stride: Any = 1,
              padding: Any = 0) -> tuple[Array, Any]:
    where = "conv2d"
    if w.ndim != 4 or x.ndim != 4 or x.shape[1] != w.shape[1]:
        raise ShapeError(f"{where}: input shape {shape_text(x.shape)} (N, C, H, W) does not fit "
                         f"weight shape {shape_text(w.shape)} (out, C, kh, kw)")
    if b is not None and b.shape != (w.shape[0],):
        raise ShapeError(f"{where}: bias shape {shape_text(b.shape)} must be ({w.shape[0]},)")
    s, p = _pair(stride, "stride", where, 1), _pair(padding, "padding", where, 0)
    cols, _ = _windows(x, w.shape[2:], s, p, 0.0, where)
    out = np.tensordot(cols, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
    if b is not None:
        out = out + b[:, None, None]
    return np.ascontiguousarray(out), (cols, w, x.shape, s, p)


def _conv_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    cols, w, shape, s, p = ctx
    gx = gw = gb = None
    if needs[0]:  # each position's g·K onto the window it read (= full conv, flipped K)
        shares = np.tensordot(g, w, axes=([1], [0]))  # (N, Ho, Wo, C, kh, kw)
        gx = _fold(shares.transpose(0, 3, 1, 2, 4, 5), shape, s, p)
    if needs[1]:  # Σ over samples and output positions of g · window
        gw = np.tensordot(g, cols, axes=([0, 2, 3], [0, 2, 3]))
    if len(needs) > 2 and needs[2]:
        gb = g.sum(axis=(0, 2, 3))
    return gx, gw, gb


CONV2D = defop("conv2d", _conv_fwd, _conv_vjp,
               "∂/∂K[o,c,i,j] = Σₙ,y,x g·X[n,c,sy+i,sx+j], ∂/∂b = Σ g, "
               "∂/∂X = full convolution of g with the flipped K")


def _pool_fwd(x: Array, *, kernel_size: Any, stride: Any = None,
              padding: Any = 0) -> tuple[Array, Any]:
    where = "max_pool2d"
    k = _pair(kernel_size, "kernel_size", where, 1)
    s = k if stride is None else _pair(stride, "stride", where, 1)
    p = _pair(padding, "padding", where, 0)
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ShapeError(f"{where}: padding {p} must be at most half the kernel {k}")
    out, rows, cols = pool_argmax(x, k, s, p, where)
    return out, (rows, cols, x.shape, p)


def pool_argmax(x: Array, k: tuple[int, int], s: tuple[int, int], p: tuple[int, int],
                where: str = "max_pool2d") -> tuple[Array, Array, Array]:
    """Each window's maximum and where it is: (out (N, C, Ho, Wo), rows, cols), the row and
    column of the first maximum (reading the window row by row, as PyTorch) in the input
    padded with p (−∞)."""
    win, (ho, wo) = _windows(x, k, s, p, -np.inf, where)
    flat = win.reshape(*win.shape[:4], k[0] * k[1])
    arg = flat.argmax(axis=-1)  # the first maximum, as PyTorch
    out = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
    rows = np.arange(ho)[:, None] * s[0] + arg // k[1]
    cols = np.arange(wo)[None, :] * s[1] + arg % k[1]
    return out, rows, cols


def _pool_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    rows, cols, shape, p = ctx
    n, c, h, w = shape
    hp, wp = h + 2 * p[0], w + 2 * p[1]
    base = (np.arange(n * c) * (hp * wp)).reshape(n, c, 1, 1)
    flat = (base + rows * wp + cols).ravel()
    dx = np.bincount(flat, weights=g.ravel(), minlength=n * c * hp * wp).astype(g.dtype)
    dx = dx.reshape(n, c, hp, wp)[:, :, p[0]:p[0] + h, p[1]:p[1] + w]
    return (np.ascontiguousarray(dx),)


MAX_POOL2D = defop("max_pool2d", _pool_fwd, _pool_vjp, "∂/∂X = g at each window's arg-max, else 0")


def conv2d(x: Any, weight: Any, bias: Any = None, stride: Any = 1,
           padding: Any = 0) -> Tensor:
    """2-D cross-correlation, as ``torch.nn.functional.conv2d``: one node, one VJP.

    Parameters
    ----------
    x : Tensor, shape (N, C, H, W)
    weight : Tensor, shape (O, C, kh, kw)
    bias : Tensor, shape (O,), or None
    stride, padding : int or (int, int)
        Step between windows and zeros added on each side (rows, columns).

    Returns
    -------
    Tensor, shape (N, O, Ho, Wo)
        Ho = ⌊(H + 2p − kh)/s⌋ + 1 (likewise Wo); see the module for the math.
    """
    ts = [t if isinstance(t, Tensor) else Tensor(t) for t in (x, weight, bias) if t is not None]
    return apply(CONV2D, *ts, stride=stride, padding=padding)


def max_pool2d(x: Any, kernel_size: Any, stride: Any = None, padding: Any = 0) -> Tensor:
    """Max over each kh × kw window, as ``torch.nn.functional.max_pool2d``.

    ``stride`` defaults to the kernel size; padding (at most half the kernel) is −∞. Shapes:
    (N, C, H, W) → (N, C, Ho, Wo). The gradient goes to each window's first maximum.
    """
    t = x if isinstance(x, Tensor) else Tensor(x)
    return apply(MAX_POOL2D, t, kernel_size=kernel_size, stride=stride, padding=padding)
