"""The conv step as matrices: each kernel's gradient as a correlation of the input with ∂E/∂Y,
∂E/∂X as the full convolution with the flipped kernel, and the updates.

For a conv layer with stride s and padding p (X̃ the input padded with p zeros, G = ∂E/∂Y)::

    ∂E/∂K[o,c] = Σ_n X̃[n,c] ⋆ G↑s[n,o]          (⋆ valid cross-correlation; G↑s: G with s − 1
                                                   zeros between its entries)
    ∂E/∂X[n,c] = Σ_o pad(G↑s[n,o], k − 1 − p) ⋆ rot180(K[o,c])      (the full convolution)

The drawn matrices are built with :func:`pad` and :func:`dilate`; the tests correlate exactly
those and check the result against the tensor engine's gradients.
"""

from __future__ import annotations

import numpy as np

from chainrule.explain.conv import layout as lay
from chainrule.explain.conv.engine import Pass
from chainrule.explain.conv.model import ConvNetwork, Params, grad, map_symbol, whole
from chainrule.explain.render import document as doc
from chainrule.explain.render.compose_matrix import mat
from chainrule.explain.render.document import Block, Heading, Math, MatrixEquation, Para
from chainrule.text.numbers import fmt

STAR, PLUS = doc.raw(" ⋆ ", r" \star "), doc.raw(" + ")


def dilate(g: np.ndarray, s: tuple[int, int]) -> np.ndarray:
    """``g`` with s − 1 zeros between neighbouring entries (rows and columns)."""
    out = np.zeros(((g.shape[0] - 1) * s[0] + 1, (g.shape[1] - 1) * s[1] + 1))
    out[::s[0], ::s[1]] = g
    return out


def pad(a: np.ndarray, p: tuple[int, int]) -> np.ndarray:
    """2-D ``a`` with p[0] rows and p[1] columns of zeros on each side."""
    return np.pad(a, ((p[0], p[0]), (p[1], p[1])))


def _pairs(O: int, C: int) -> list[tuple[int, int]]:
    return [(o, c) for o in range(O) for c in range(C)][:lay.MAPS_MAX]


def _conv(net: ConvNetwork, p: Params, g: Pass, l: int, digits: int) -> list[Block]:
    layer, K = net.layers[l - 1], p[f"K{l}"]
    x, G, N = g.ys[l - 1], g.dys[l], net.samples
    s, zeros = layer.config["stride"], layer.config["padding"]
    O, C = K.shape[:2]
    xs, ys = map_symbol(l - 1), map_symbol(l)
    out: list[Block] = [Para((
        f"Layer {l}: ∂E/∂K{l}[o,c] = Σ_n {xs}[n,c] ⋆ ∂E/∂{ys}[n,o] — the input"
        + (f" padded with {zeros[0]} zero(s)" if zeros != (0, 0) else "")
        + " correlated with the output's gradient"
        + (f" (with {s[0] - 1} zero(s) between its entries, for stride {s[0]})"
           if s != (1, 1) else "") + ".",))]
    for o, c in _pairs(O, C):
        terms: list[object] = []
        for n in range(N):
            terms += ([PLUS] if n else []) + [mat(pad(x[n, c], zeros), digits), STAR,
                                              mat(dilate(G[n, o], s), digits)]
        lhs = grad(lay.kernel_name(l, o, c, O, C))
        out.append(MatrixEquation(lhs, (tuple(terms),  # type: ignore[arg-type]
                                        (mat(g.grads[f"K{l}"][o, c], digits),))))
    if l > 1 and s == (1, 1):
        out.append(Para((f"∂E/∂{xs}[n,c] = Σ_o ∂E/∂{ys}[n,o] (padded with k − 1 − p zeros) ⋆ "
                         f"K{l}[o,c] flipped 180° — the full convolution.",)))
        for n, c in [(n, c) for n in range(N) for c in range(C)][:lay.MAPS_MAX]:
            terms = []
            for o in range(O):
                terms += ([PLUS] if o else []) + [
                    mat(pad(G[n, o], (K.shape[2] - 1 - zeros[0], K.shape[3] - 1 - zeros[1])),
                        digits), STAR, mat(K[o, c, ::-1, ::-1], digits)]
            lhs = grad(lay.slice_name(xs, n, c, N))
            out.append(MatrixEquation(lhs, (tuple(terms),  # type: ignore[arg-type]
                                            (mat(g.dys[l - 1][n, c], digits),))))
    return out


def _update(m: Math, a: np.ndarray, da: np.ndarray, eta: float, digits: int) -> MatrixEquation:
    return MatrixEquation(Math(m.text + "⁺", "{" + m.latex + "}^{+}"), (
        (mat(a, digits), doc.raw(f" − {fmt(eta, digits)} ", rf" - {fmt(eta, digits)} "),
         mat(da, digits)), (mat(a - eta * da, digits),)))


def matrix_blocks(net: ConvNetwork, p: Params, g: Pass, digits: int) -> list[Block]:
    """The step as matrices (large ones show their corners)."""
    eta = net.learning_rate
    out: list[Block] = [Heading(3, "The same step as matrices"), Para((
        "⋆ is the valid cross-correlation: slide the right-hand matrix over the left and add "
        "the products at each position.",))]
    for l, layer in enumerate(net.layers, 1):
        if layer.kind == "conv2d":
            out += _conv(net, p, g, l, digits)
        elif layer.kind == "dense":
            G, x = g.dys[l], g.ys[l - 1]
            out.append(MatrixEquation(grad(whole(f"W{l}")), (
                (mat(G.T, digits), mat(x, digits)), (mat(g.grads[f"W{l}"], digits),))))
    for l, layer in enumerate(net.layers, 1):
        if layer.kind == "conv2d":
            K, dK = p[f"K{l}"], g.grads[f"K{l}"]
            out += [_update(lay.kernel_name(l, o, c, *K.shape[:2]), K[o, c], dK[o, c], eta,
                            digits) for o, c in _pairs(*K.shape[:2])]
        elif layer.kind == "dense":
            out.append(_update(whole(f"W{l}"), p[f"W{l}"], g.grads[f"W{l}"], eta, digits))
    return out


__all__ = ["dilate", "matrix_blocks", "pad"]
