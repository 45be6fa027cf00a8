"""Lay out the matrix view (:mod:`~chainrule.explain.walk.matrix`) as document blocks.

Per layer, forward then backward: z = W a + b and a = φ(z); δ, ∂E/∂W = δ aᵀ and ∂E/∂b = δ,
each with its numbers; one sample as column vectors, a batch with the samples as rows. The
last paragraph says whether every entry equals the scalar chain's number.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from chainrule import rules
from chainrule.explain.model.network import SOFTMAX, Network
from chainrule.explain.render import document as doc
from chainrule.explain.render.document import (
    Block,
    Heading,
    Math,
    Matrix,
    MatrixEquation,
    Para,
    Term,
)
from chainrule.explain.render.notation import fmt, sample_suffix
from chainrule.explain.walk.matrix import SHOW_MAX, MatrixLayer, MatrixStep


def phi(activation: str) -> tuple[str, str]:
    """(text, LaTeX) name of an activation: the rule table's symbol (σ, ReLU, tanh, id…)."""
    if activation == SOFTMAX:
        return "softmax", r"\operatorname{softmax}"
    row = rules.row(activation)
    tex = row.latex_name if row.symbol == row.text_name else rf"\operatorname{{{row.symbol}}}"
    return row.symbol, tex


def _keep(n: int) -> list[int | None]:
    """Indices shown of n (None marks the elided middle)."""
    if n <= SHOW_MAX:
        return list(range(n))
    return [0, 1, 2, None, n - 2, n - 1]


def mat(a: np.ndarray, digits: int) -> Matrix:
    """A 2-D array as a :class:`Matrix` of formatted numbers, corners only when large."""
    a = np.atleast_2d(a)
    rows, cols = _keep(a.shape[0]), _keep(a.shape[1])
    cells = []
    for r in rows:
        if r is None:
            cells.append(tuple("⋱" if c is None else "⋮" for c in cols))
        else:
            cells.append(tuple("⋯" if c is None else fmt(float(a[r, c]), digits) for c in cols))
    return Matrix(tuple(cells))


def col(v: np.ndarray, digits: int) -> Matrix:
    """A vector as a column."""
    return mat(np.asarray(v).reshape(-1, 1), digits)


def sym(text: str, latex: str | None = None) -> Math:
    """A symbol or operator."""
    return doc.raw(text, latex)


def _name(base: str, k: int, latex_base: str | None = None, t: bool = False) -> Math:
    sup = sample_suffix(k)
    top = r"\top" if t else ""
    tex = rf"{latex_base or base}^{{({k}){top}}}"
    return Math(f"{base}{sup}{'ᵀ' if t else ''}", tex)


def _eq(lhs: Math, *lines: Sequence[Term]) -> MatrixEquation:
    return MatrixEquation(lhs, tuple(tuple(line) for line in lines))


def _forward(ml: MatrixLayer, batch: bool, digits: int) -> list[Block]:
    k = ml.layer
    W, a_in, b = _name("W", k), _name("a", k - 1), _name("b", k)
    text, tex = phi(ml.activation)
    bias = np.broadcast_to(ml.b, (ml.W.shape[0],)) if ml.shared_bias else ml.b
    if not batch:
        z_eq = _eq(_name("z", k), (W, a_in, sym(" + "), b),
                   (mat(ml.W, digits), col(ml.a_in[0], digits), sym(" + "), col(bias, digits)),
                   (col(ml.z[0], digits),))
        a_eq = _eq(_name("a", k), (sym(f"{text}(", f"{tex}("), _name("z", k), sym(")")),
                   (col(ml.a[0], digits),))
        return [z_eq, a_eq]
    A, Z = _name("A", k - 1), _name("Z", k)
    z_eq = _eq(Z, (A, _name("W", k, t=True), sym(" + 𝟙", r" + \mathbf{1}"), _name("b", k, t=True)),
               (mat(ml.a_in, digits), mat(ml.W.T, digits), sym(" + "),
                mat(bias.reshape(1, -1), digits)), (mat(ml.z, digits),))
    a_eq = _eq(_name("A", k), (sym(f"{text}(", f"{tex}("), Z, sym(")")), (mat(ml.a, digits),))
    return [z_eq, a_eq]


def _delta(ml: MatrixLayer, nxt: MatrixLayer | None, batch: bool, loss: str,
           digits: int) -> list[Block]:
    k = ml.layer
    D = _name("Δ" if batch else "δ", k, r"\Delta" if batch else r"\delta")
    pick = (lambda x: x) if batch else (lambda x: x[0].reshape(-1, 1))
    text, tex = phi(ml.activation)
    dphi = sym(f"{text}′(", rf"{tex}'(") if ml.activation != SOFTMAX else None
    zname = _name("Z" if batch else "z", k)
    had = sym(" ⊙ ", r" \odot ")
    if nxt is None:
        dE = doc.deriv(loss, f"A{sample_suffix(k)}" if batch else f"a{sample_suffix(k)}")
        if ml.jacobians is not None:
            if batch:
                return [_eq(D, (sym("rows: J⁽ᵇ⁾ ", r"\text{rows: } J^{(b)} "), dE),
                            (mat(ml.delta, digits),))]
            J = sym("J", "J")
            jac = sym(" = diag(a) − a aᵀ", r" = \operatorname{diag}(a) - a a^\top")
            return [Para(("Softmax couples the outputs: ", J + jac,
                          ", so δ is a matrix–vector product, not an elementwise one.")),
                    _eq(D, (J, dE), (mat(ml.jacobians[0], digits), mat(pick(ml.da), digits)),
                        (mat(pick(ml.delta), digits),))]
        return [_eq(D, (dE, had, dphi, zname, sym(")")),
                    (mat(pick(ml.da), digits), had, mat(pick(ml.dphi), digits)),
                    (mat(pick(ml.delta), digits),))]
    Wn = _name("W", nxt.layer, t=not batch)
    Dn = _name("Δ" if batch else "δ", nxt.layer, r"\Delta" if batch else r"\delta")
    if batch:
        first: list[Term] = [sym("("), Dn, _name("W", nxt.layer), sym(")"), had, dphi, zname,
                             sym(")")]
        nums: list[Term] = [sym("("), mat(nxt.delta, digits), mat(nxt.W, digits), sym(")"), had,
                            mat(ml.dphi, digits)]
    else:
        first = [sym("("), Wn, Dn, sym(")"), had, dphi, zname, sym(")")]
        nums = [sym("("), mat(nxt.W.T, digits), mat(pick(nxt.delta), digits), sym(")"), had,
                mat(pick(ml.dphi), digits)]
    return [_eq(D, first, nums, (mat(pick(ml.delta), digits),))]


def _grads(ml: MatrixLayer, batch: bool, loss: str, digits: int) -> list[Block]:
    k = ml.layer
    D = _name("Δ" if batch else "δ", k, r"\Delta" if batch else r"\delta")
    dw = doc.deriv(loss, f"W{sample_suffix(k)}")
    db = doc.deriv(loss, f"b{sample_suffix(k)}")
    if batch:
        w_eq = _eq(dw, (_name("Δ", k, r"\Delta", t=True), _name("A", k - 1)),
                   (mat(ml.delta.T, digits), mat(ml.a_in, digits)), (mat(ml.dw, digits),))
        sums = sym("𝟙", r"\mathbf{1}")
        b_line: list[Term] = [_name("Δ", k, r"\Delta", t=True), sums]
    else:
        w_eq = _eq(dw, (D, _name("a", k - 1, t=True)),
                   (col(ml.delta[0], digits), mat(ml.a_in[0].reshape(1, -1), digits)),
                   (mat(ml.dw, digits),))
        b_line = [D]
    if ml.shared_bias:
        b_line = [sym("Σⱼ ", r"\sum_j "), *b_line]
    b_eq = _eq(db, b_line, (col(ml.db, digits),))
    return [w_eq, b_eq]


def _difference(d: float) -> str:
    # Below 1e-15 the digits depend on the platform's libm, not on the method: say so.
    return "to the last bit" if d == 0 else (
        "each within 1e-15" if d < 1e-15 else f"largest difference {fmt(d, 2)}")


def matrix_blocks(m: MatrixStep, network: Network, digits: int = 6) -> list[Block]:
    """The matrix view of one step as blocks (a heading, the convention, the layers, the
    check)."""
    batch = m.samples > 1
    loss = network.loss.name
    blocks: list[Block] = [Heading(3, "Matrix view, layer by layer"), Para((
        "Each layer's weights form a matrix W⁽ˡ⁾ with one row per neuron and one column per "
        "input: row j, column i holds the weight into neuron j from input i (the layout of the "
        "network file). So ", sym("z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾",
                                  r"z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}"),
        ", ", sym("δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ φ′(z⁽ˡ⁾)",
                  r"\delta^{(l)} = \left(W^{(l+1)\top} \delta^{(l+1)}\right) \odot "
                  r"\varphi'\left(z^{(l)}\right)"),
        " and ", sym(f"∂{loss}/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ", doc.deriv(loss, "W^{(l)}").latex
                     + r" = \delta^{(l)} a^{(l-1)\top}"),
        " (in the (in, out) layout of nn.Dense, where y = x W + b, it is the transpose, "
        "a⁽ˡ⁻¹⁾ δ⁽ˡ⁾ᵀ). δ⁽ˡ⁾ = ∂E/∂z⁽ˡ⁾ is the column of the net inputs' gradients."
        + (f" The {m.samples} samples are the rows of A, Z and Δ; ∂E/∂W = Δᵀ A adds up the "
           "samples, and Δ already holds the 1/B of the mean loss." if batch else ""),))]
    blocks.append(Heading(4, "Forward"))
    for ml in m.layers:
        blocks += _forward(ml, batch, digits)
    blocks.append(Heading(4, "Backward"))
    layers = list(m.layers)
    for i in range(len(layers) - 1, -1, -1):
        nxt = layers[i + 1] if i + 1 < len(layers) else None
        blocks += _delta(layers[i], nxt, batch, loss, digits)
        blocks += _grads(layers[i], batch, loss, digits)
    if m.max_difference is not None:
        if m.mismatches:
            blocks.append(Para((f"Check FAILED: {len(m.mismatches)} of {m.checked} entries "
                                f"differ from the scalar chains: {', '.join(m.mismatches[:8])}.",)))
        else:
            blocks.append(Para((f"Check: all {m.checked} entries of z, a, δ, ∂E/∂W and ∂E/∂b "
                                "above equal the scalar chain-rule numbers of the step-by-step "
                                f"walkthrough ({_difference(m.max_difference)}).",)))
    return blocks


__all__ = ["col", "mat", "matrix_blocks", "phi"]
