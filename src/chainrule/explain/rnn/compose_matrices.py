"""The RNN step as matrices (column vectors, entry-by-entry products ⊙), laid out with the
dense matrix view's helpers (:mod:`~chainrule.explain.render.compose_matrix`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from chainrule.explain.render import document as doc
from chainrule.explain.render.compose_matrix import col, mat
from chainrule.explain.render.document import Block, Heading, Math, MatrixEquation, Para
from chainrule.explain.rnn import names as nm
from chainrule.explain.rnn.engine import Pass, contributions
from chainrule.explain.rnn.network import RNNNetwork
from chainrule.text.numbers import fmt

TIMES, PLUS = doc.raw(" ⊙ ", r" \odot "), doc.raw(" + ")


def matrix_blocks(net: RNNNetwork, p: dict[str, np.ndarray], g: Pass, digits: int) -> list[Block]:
    """The step as matrices: z_t = W_xh x_t + W_hh h_{t−1} + b_h, δ_t = ∂E/∂h_t ⊙ (1 − h_t ⊙
    h_t), ∂E/∂h_{t−1} = W_hhᵀ δ_t, the sums Σ_t δ_t h_{t−1}ᵀ, Σ_t δ_t x_tᵀ, Σ_t δ_t, and
    W⁺ = W − η ∂E/∂W (column vectors; large matrices show their corners)."""
    T, eta = net.steps, net.learning_rate
    c = contributions(net, g)
    sym = doc.raw
    b_h = p["b_ih"] + p["b_hh"]
    out: list[Block] = [Heading(3, "The same step as matrices"), Para((
        "Column vectors; ⊙ multiplies entry by entry.",))]

    def eq(lhs: Math, *lines: Sequence[object]) -> MatrixEquation:
        return MatrixEquation(lhs, tuple(tuple(line) for line in lines))  # type: ignore[misc]

    for t in range(1, T + 1):
        out.append(eq(nm.vector("z", t), [sym(f"W_xh x{t} + W_hh h{t - 1} + b_h",
                                              rf"W_{{xh}} x_{{{t}}} + W_{{hh}} h_{{{t - 1}}}"
                                              r" + b_{h}")],
                      [mat(p["W_xh"], digits), col(net.xs[t - 1], digits), PLUS,
                       mat(p["W_hh"], digits), col(g.h[t - 1], digits), PLUS, col(b_h, digits)],
                      [col(g.z[t - 1], digits)]))
        out.append(eq(nm.vector("h", t), [sym(f"tanh(z{t})", rf"\tanh(z_{{{t}}})")],
                      [col(g.h[t], digits)]))
    out.append(eq(nm.grad(nm.vector("h", T)), [sym("W_hyᵀ δ_o", r"W_{hy}^{\top} \delta_{o}")],
                  [mat(p["W_hy"].T, digits), col(g.dzo, digits)], [col(g.dh[T], digits)]))
    for t in range(T, 0, -1):
        out.append(eq(nm.delta(t), [sym(f"∂E/∂h{t} ⊙ (1 − h{t} ⊙ h{t})",
                                        rf"\frac{{\partial E}}{{\partial h_{{{t}}}}} \odot "
                                        rf"(1 - h_{{{t}}} \odot h_{{{t}}})")],
                      [col(g.dh[t], digits), TIMES, col(1 - g.h[t] ** 2, digits)],
                      [col(g.dz[t - 1], digits)]))
        if t > 1:
            out.append(eq(nm.grad(nm.vector("h", t - 1)),
                          [sym(f"W_hhᵀ δ{t}", rf"W_{{hh}}^{{\top}} \delta_{{{t}}}")],
                          [mat(p["W_hh"].T, digits), col(g.dz[t - 1], digits)],
                          [col(g.dh[t - 1], digits)]))
    for s, text, tex in (("W_hh", "Σ_t δ_t h_{t−1}ᵀ", r"\sum_t \delta_t h_{t-1}^{\top}"),
                         ("W_xh", "Σ_t δ_t x_tᵀ", r"\sum_t \delta_t x_t^{\top}")):
        terms: list[object] = []
        for t in range(T):
            terms += ([PLUS] if t else []) + [mat(c[s][t], digits)]
        out.append(eq(nm.grad(Math(s, nm.SYMBOL_LATEX[s])), [sym(text, tex)], terms,
                      [mat(g.grads[s], digits)]))
    bias_terms: list[object] = []
    for t in range(T):
        bias_terms += ([PLUS] if t else []) + [col(c["b"][t], digits)]
    out.append(eq(nm.grad(Math("b_h", "b_{h}")), [sym("Σ_t δ_t", r"\sum_t \delta_t")],
                  bias_terms, [col(g.grads["b_ih"], digits)]))
    out.append(eq(nm.grad(Math("W_hy", "W_{hy}")), [sym(f"δ_o h{T}ᵀ",
                                                         rf"\delta_{{o}} h_{{{T}}}^{{\top}}")],
                  [col(g.dzo, digits), mat(g.h[T].reshape(1, -1), digits)],
                  [mat(g.grads["W_hy"], digits)]))
    for s in ("W_hh", "W_xh"):
        m = Math(s, nm.SYMBOL_LATEX[s])
        out.append(eq(m + doc.raw("⁺", "^{+}"), [m + doc.raw(" − η ∂E/∂", r" - \eta "
                                                             r"\frac{\partial E}{\partial ")
                                                + m + doc.raw("", "}")],
                      [mat(p[s], digits), doc.raw(f" − {fmt(eta, digits)} ",
                                                  rf" - {fmt(eta, digits)} "),
                       mat(g.grads[s], digits)], [mat(p[s] - eta * g.grads[s], digits)]))
    return out


__all__ = ["matrix_blocks"]
