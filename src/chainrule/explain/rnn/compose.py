"""Lay out an RNN explanation as a renderer-neutral document.

Per shown step, as the seeds lay out a dense step: the forward pass one time step at a time
(each z_t and h_t with its numbers), the error, backpropagation through time unrolled (δ_o,
then ∂E/∂h_t and δ_t = ∂E/∂h_t · tanh′(z_t) from t = T back to 1), the shared weights' sums
over the time steps, the update table, and the same step as matrices. Local-derivative
formulas are the op table's (``local_text``/``local_latex``); numbers are the engine's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from chainrule import rules
from chainrule.explain.model.arrays import back_activation
from chainrule.explain.render import document as doc
from chainrule.explain.render.compose_matrix import phi
from chainrule.explain.render.compose_training import training_blocks
from chainrule.explain.render.document import (
    Block,
    Equation,
    Heading,
    Math,
    Para,
    Table,
)
from chainrule.explain.rnn import names as nm
from chainrule.explain.rnn.compose_matrices import matrix_blocks, times
from chainrule.explain.rnn.engine import Pass, contributions
from chainrule.explain.rnn.network import PARAMETERS, RNNNetwork, element_names
from chainrule.explain.walk.explanation import SCALAR_LIMIT
from chainrule.explain.walk.ops import find_op
from chainrule.nn.recurrent import CELL
from chainrule.rules import loss_table
from chainrule.text.numbers import fmt

if TYPE_CHECKING:
    from chainrule.explain.rnn.explanation import RNNExplanation

EQ = doc.raw(" = ")


def _n(x: float, digits: int, factor: bool = True) -> Math:
    return doc.number(float(x), digits, factor)


def _local(op: str, operands: list[Math], out: Math, index: int = 0) -> Math:
    """The op table's local derivative ∂out/∂operand[index], with these names."""
    o = find_op(op)
    return Math(o.local_text([m.text for m in operands], out.text)[index],
                o.local_latex([m.latex for m in operands], out.latex)[index])


def _network_blocks(ex: RNNExplanation, digits: int) -> list[Block]:
    net = ex.network
    entry = loss_table.LOSSES[net.loss.kind]
    act, act_tex = phi(net.activation)
    blocks: list[Block] = [Heading(2, "The network")]
    if net.description:
        blocks.append(Para((net.description,)))
    blocks += [
        Para((f"An Elman RNN over {net.steps} time steps: {net.input_size} number(s) in each "
              f"x_t, {net.hidden_size} hidden unit(s), {net.output_size} output(s) read from "
              f"the last hidden state h{net.steps}. The same weights serve every time step:",)),
        Equation(doc.raw("z_t"), (doc.raw("W_xh x_t + W_hh h_{t−1} + b_h,   b_h = b_ih + b_hh",
                                          r"W_{xh} x_t + W_{hh} h_{t-1} + b_{h},"
                                          r" \quad b_{h} = b_{ih} + b_{hh}"),)),
        Equation(doc.raw("h_t"), (doc.raw("tanh(z_t)", r"\tanh(z_t)"),)),
        Equation(doc.raw("o"), (doc.raw(f"{act}(z_o),   z_o = W_hy h_T + b_y",
                                        rf"{act_tex}(z_{{o}}), \quad z_{{o}} = W_{{hy}} h_T"
                                        r" + b_{y}"),)),
        Para(("Loss: ", entry.prose, doc.name(net.loss.name) + doc.raw(
            f" = {entry.text}", f" = {entry.latex}"), " (o the outputs, target the ŷ). "
            f"Learning rate η = {fmt(net.learning_rate, digits)}; "
            f"h₀ = {_vec(net.h0, digits)}.",)),
        Table(("time step t", "x_t"), _rows(net.steps, lambda t: (
            str(t), _vec(net.xs[t - 1], digits)), 2), (True, True)),
        Table(("parameter", "torch name", "shape", "value"), tuple(
            (Math(s, nm.SYMBOL_LATEX[s]), PARAMETERS[s][2], "×".join(map(str, a.shape)),
             _vec(a, digits)) for s, a in net.params.items()), (False, False, False, True)),
        Para(("Target ŷ = ", _vec(net.targets, digits), ".")),
    ]
    return blocks


_VEC_MAX = 8
def _rows(T: int, row: object, width: int, reverse: bool = False) -> tuple[tuple[str, ...], ...]:
    """Table rows for the shown time steps, a ⋮ row where steps are elided."""
    shown = times(T)
    return tuple(("⋮",) * width if t is None else row(t)  # type: ignore[operator]
                 for t in (reversed(shown) if reverse else shown))


def _row(a: np.ndarray, digits: int) -> str:
    """Numbers joined by commas; a long row shows its first 3 and last 2 (…)."""
    items = [fmt(float(v), digits) for v in (a if len(a) <= _VEC_MAX else a[:3])]
    if len(a) > _VEC_MAX:
        items += ["…", *(fmt(float(v), digits) for v in a[-2:])]
    return ", ".join(items)


def _vec(a: np.ndarray, digits: int) -> str:
    """A number, a vector (…) or a matrix […; …] as text; long ones elided."""
    a = np.asarray(a)
    if a.size == 1:
        return fmt(float(a.reshape(-1)[0]), digits)
    if a.ndim == 1:
        return f"({_row(a, digits)})"
    rows = [_row(r, digits) for r in (a if len(a) <= _VEC_MAX else a[:2])]
    return "[" + "; ".join(rows + (["…"] if len(a) > _VEC_MAX else [])) + "]"


def _forward(net: RNNNetwork, p: dict[str, np.ndarray], g: Pass, digits: int,
             scalar: bool = True) -> list[Block]:
    H, n, m = net.hidden_size, net.output_size, net.input_size
    blocks: list[Block] = [Heading(3, "Forward pass, one time step at a time")]
    sh = {s: p[s].shape for s in p}
    for t in range(1, net.steps + 1 if scalar else 1):
        for i in range(H):
            names, numbers = [], []
            for j in range(m):
                names.append(doc.product([nm.param("W_xh", (i, j), sh["W_xh"]),
                                          nm.state("x", t, j, m)]))
                numbers.append(doc.product([_n(p["W_xh"][i, j], digits),
                                            _n(net.xs[t - 1, j], digits)]))
            for j in range(H):
                names.append(doc.product([nm.param("W_hh", (i, j), sh["W_hh"]),
                                          nm.state("h", t - 1, j, H)]))
                numbers.append(doc.product([_n(p["W_hh"][i, j], digits),
                                            _n(g.h[t - 1, j], digits)]))
            names += [nm.param("b_ih", (i,), sh["b_ih"]), nm.param("b_hh", (i,), sh["b_hh"])]
            numbers += [_n(p["b_ih"][i], digits), _n(p["b_hh"][i], digits)]
            z, h = nm.state("z", t, i, H), nm.state("h", t, i, H)
            blocks += [
                Equation(z, (doc.total(names), doc.total(numbers), _n(g.z[t - 1, i], digits,
                                                                     False))),
                Equation(h, (doc.raw(f"tanh({z.text})", rf"\tanh({z.latex})"),
                             doc.raw("tanh(", r"\tanh(") + _n(g.z[t - 1, i], digits, False)
                             + doc.raw(")"), _n(g.h[t, i], digits, False)))]
    act, act_tex = phi(net.activation)
    for j in range(n if scalar else 0):
        names = [doc.product([nm.param("W_hy", (j, i), sh["W_hy"]),
                              nm.state("h", net.steps, i, H)]) for i in range(H)]
        numbers = [doc.product([_n(p["W_hy"][j, i], digits), _n(g.h[net.steps, i], digits)])
                   for i in range(H)]
        zo, o = nm.output("z_o", j, n), nm.output("o", j, n)
        blocks.append(Equation(zo, (doc.total([*names, nm.param("b_y", (j,), sh["b_y"])]),
                                    doc.total([*numbers, _n(p["b_y"][j], digits)]),
                                    _n(g.zo[j], digits, False))))
        blocks.append(Equation(o, (doc.raw(f"{act}({zo.text})", rf"{act_tex}({zo.latex})"),
                                   _n(g.o[j], digits, False))))
    rows = _rows(net.steps, lambda t: (str(t), _vec(net.xs[t - 1], digits),
                                       _vec(g.z[t - 1], digits), _vec(g.h[t], digits)), 4)
    blocks.append(Table(("t", "x_t", "z_t", "h_t = tanh(z_t)"), rows, (True,) * 4))
    entry = loss_table.LOSSES[net.loss.kind]
    row = rules.row(entry.term_row)
    lines = [doc.raw(entry.text, entry.latex)]
    if not row.params:  # the term row's own formula with the numbers (½(ŷ − o)², −ŷ ln o)
        args = [[_n(g.o[j], digits), _n(net.targets[j], digits)] for j in range(n)]
        lines.append(doc.total([Math(row.expr_text([m.text for m in a], "E")[0],
                                     row.expr_latex([m.latex for m in a], "E")[0])
                                for a in args]))
    if n > 1:
        lines.append(doc.total([_n(v, digits) for v in g.terms]))
    blocks += [Heading(3, "Error"), Equation(doc.name(net.loss.name), (
        *lines, _n(g.E, digits, False)))]
    return blocks


def _backward(net: RNNNetwork, p: dict[str, np.ndarray], g: Pass, digits: int,
              scalar: bool = True) -> list[Block]:
    H, n, T = net.hidden_size, net.output_size, net.steps
    sh = {s: p[s].shape for s in p}
    row = loss_table.LOSSES[net.loss.kind].term_row
    arity = find_op(row).arity or 2
    prime = back_activation(net.activation, g.zo.reshape(1, -1), g.o.reshape(1, -1),
                            np.ones((1, n)), net.activation_args()).reshape(-1)
    act, act_tex = phi(net.activation)
    blocks: list[Block] = [Heading(3, "Backward pass through time"), Para((
        "From the loss back to the output's net input, then back through the time steps: "
        "h_T feeds the output, and each earlier h_{t−1} feeds z_t through W_hh, so ",
        doc.raw("∂E/∂h_{t−1} = W_hhᵀ δ_t", r"\frac{\partial E}{\partial h_{t-1}} = "
                r"W_{hh}^{\top} \delta_t"), " and ",
        doc.raw("δ_t = ∂E/∂h_t ⊙ tanh′(z_t) = ∂E/∂h_t ⊙ (1 − h_t²)",
                r"\delta_t = \frac{\partial E}{\partial h_t} \odot \tanh'(z_t) = "
                r"\frac{\partial E}{\partial h_t} \odot (1 - h_t^2)"), "."))]
    if not scalar:
        return [*blocks, _error_table(net, g, digits)]
    for j in range(n):
        o, zo, t_ = nm.output("o", j, n), nm.output("z_o", j, n), nm.output("ŷ", j, n)
        rule = _local(row, [o, t_, Math("n", "n")][:arity], doc.name(net.loss.name))
        blocks.append(Equation(nm.grad(o), (rule, _n(g.do[j], digits, False))))
        d_o = nm.delta(None, j, n)
        local = _local(net.activation, [zo], o)
        blocks.append(Equation(d_o, (
            nm.grad(zo), doc.product([nm.grad(o), Math(f"{act}′({zo.text})",
                                                         rf"{act_tex}'({zo.latex})")]),
            doc.product([nm.grad(o), doc.factor(local.text, local.latex)]),
            doc.product([_n(g.do[j], digits), _n(prime[j], digits)]),
            _n(g.dzo[j], digits, False))))
    for i in range(H):
        h = nm.state("h", T, i, H)
        names = [doc.product([nm.param("W_hy", (j, i), sh["W_hy"]), nm.delta(None, j, n)])
                 for j in range(n)]
        numbers = [doc.product([_n(p["W_hy"][j, i], digits), _n(g.dzo[j], digits)])
                   for j in range(n)]
        blocks.append(Equation(nm.grad(h), (doc.total(names), doc.total(numbers),
                                            _n(g.dh[T, i], digits, False))))
    for t in range(T, 0, -1):
        for i in range(H):
            h, z = nm.state("h", t, i, H), nm.state("z", t, i, H)
            local = _local(CELL.name, [z], h)
            blocks.append(Equation(nm.delta(t, i, H), (
                doc.product([nm.grad(h), doc.factor(local.text, local.latex)]),
                doc.product([_n(g.dh[t, i], digits), doc.raw("(1 − ", "(1 - ")
                             + _n(g.h[t, i], digits) + doc.raw("²)", "^2)")]),
                _n(g.dz[t - 1, i], digits, False))))
        if t == 1:
            continue
        for j in range(H):
            h = nm.state("h", t - 1, j, H)
            names = [doc.product([nm.param("W_hh", (i, j), sh["W_hh"]), nm.delta(t, i, H)])
                     for i in range(H)]
            numbers = [doc.product([_n(p["W_hh"][i, j], digits), _n(g.dz[t - 1, i], digits)])
                       for i in range(H)]
            blocks.append(Equation(nm.grad(h), (doc.total(names), doc.total(numbers),
                                                _n(g.dh[t - 1, j], digits, False))))
    blocks.append(_error_table(net, g, digits))
    return blocks


def _error_table(net: RNNNetwork, g: Pass, digits: int) -> Table:
    return Table(("t", "∂E/∂h_t", "1 − h_t²", "δ_t = ∂E/∂h_t · (1 − h_t²)"), _rows(
        net.steps, lambda t: (str(t), _vec(g.dh[t], digits), _vec(1 - g.h[t] ** 2, digits),
                              _vec(g.dz[t - 1], digits)), 4, reverse=True), (True,) * 4)


def _sums(net: RNNNetwork, p: dict[str, np.ndarray], g: Pass, digits: int) -> list[Block]:
    H, n, T, m = net.hidden_size, net.output_size, net.steps, net.input_size
    sh = {s: p[s].shape for s in p}
    c = contributions(net, g)
    blocks: list[Block] = [Heading(3, "The shared weights: a sum over the time steps"), Para((
        "W_xh, W_hh and the biases are used at every time step, so each gets one "
        "contribution per step and its gradient is their sum: ",
        doc.raw("∂E/∂W_hh = Σ_t δ_t h_{t−1}ᵀ, ∂E/∂W_xh = Σ_t δ_t x_tᵀ, ∂E/∂b_ih = ∂E/∂b_hh = "
                "Σ_t δ_t", r"\frac{\partial E}{\partial W_{hh}} = \sum_t \delta_t "
                r"h_{t-1}^{\top},\ \frac{\partial E}{\partial W_{xh}} = \sum_t \delta_t "
                r"x_t^{\top},\ \frac{\partial E}{\partial b_{ih}} = \frac{\partial E}"
                r"{\partial b_{hh}} = \sum_t \delta_t"),
        ". Only the output layer is used once."))]
    for sym, letter, width, shift in (("W_hh", "h", H, 1), ("W_xh", "x", m, 0)):
        for i in range(H):
            for j in range(width):
                names = [doc.product([nm.delta(t, i, H), nm.state(letter, t - shift, j, width)])
                         for t in range(1, T + 1)]
                other = g.h[:, j] if letter == "h" else net.xs[:, j]
                numbers = [doc.product([_n(g.dz[t - 1, i], digits),
                                        _n(other[t - 1], digits)]) for t in range(1, T + 1)]
                blocks.append(Equation(nm.grad(nm.param(sym, (i, j), sh[sym])), (
                    doc.total(names), doc.total(numbers),
                    doc.total([_n(c[sym][t][i, j], digits) for t in range(T)]),
                    _n(g.grads[sym][i, j], digits, False))))
    for i in range(H):
        lhs = nm.grad(nm.param("b_ih", (i,), sh["b_ih"]))
        both = lhs + EQ + nm.grad(nm.param("b_hh", (i,), sh["b_hh"]))
        blocks.append(Equation(both, (doc.total([nm.delta(t, i, H) for t in range(1, T + 1)]),
                                      doc.total([_n(g.dz[t, i], digits) for t in range(T)]),
                                      _n(g.grads["b_ih"][i], digits, False))))
    for sym in ("W_hh", "W_xh"):
        cols = element_names(sym, sh[sym])
        rows = list(_rows(T, lambda t, sym=sym: (
            str(t), *(fmt(v, digits) for v in c[sym][t - 1].reshape(-1))), len(cols) + 1))
        rows.append(("Σ", *(fmt(v, digits) for v in g.grads[sym].reshape(-1))))
        blocks.append(Table(("t", *(f"{k} term" for k in cols)), tuple(rows),
                            (True,) * (len(cols) + 1)))
    for j in range(n):
        for i in range(H):
            blocks.append(Equation(nm.grad(nm.param("W_hy", (j, i), sh["W_hy"])), (
                doc.product([nm.delta(None, j, n), nm.state("h", T, i, H)]),
                doc.product([_n(g.dzo[j], digits), _n(g.h[T, i], digits)]),
                _n(g.grads["W_hy"][j, i], digits, False))))
        blocks.append(Equation(nm.grad(nm.param("b_y", (j,), sh["b_y"])), (
            nm.delta(None, j, n), _n(g.grads["b_y"][j], digits, False))))
    return blocks


def _update(net: RNNNetwork, p: dict[str, np.ndarray], g: Pass, digits: int) -> list[Block]:
    eta = net.learning_rate
    rows = []
    for sym in PARAMETERS:
        for idx in np.ndindex(*p[sym].shape):
            old, grad = float(p[sym][idx]), float(g.grads[sym][idx])
            rows.append((nm.param(sym, idx, p[sym].shape), _n(old, digits, False),
                         _n(grad, digits, False), _n(old - eta * grad, digits, False)))
    return [Heading(3, "Update"), Para((
        "Gradient descent on every parameter: ",
        doc.raw(f"W ← W − η·∂E/∂W with η = {fmt(eta, digits)}",
                rf"W \leftarrow W - \eta \frac{{\partial E}}{{\partial W}}, \quad \eta = "
                rf"{fmt(eta, digits)}"), ".")),
        Table(("parameter", "old", "∂E/∂p", "new"), tuple(rows), (False, True, True, True))]


def step_blocks(ex: RNNExplanation, step: int, digits: int = 6) -> list[Block]:
    """The blocks of one shown step."""
    net, p, g = ex.network, ex.params_at(step), ex.detail(step)
    if len(net.parameters()) * net.steps > SCALAR_LIMIT:
        return [Heading(2, f"Step {step}"), Para((
            f"{len(net.parameters())} parameters over {net.steps} time steps: too many for an "
            "equation per entry, so this step is shown by its tables and as matrices (large "
            "matrices show their corners).",)), *_forward(net, p, g, digits, scalar=False),
            *_backward(net, p, g, digits, scalar=False), *matrix_blocks(net, p, g, digits)]
    return [Heading(2, f"Step {step}"), *_forward(net, p, g, digits),
            *_backward(net, p, g, digits), *_sums(net, p, g, digits),
            *_update(net, p, g, digits), *matrix_blocks(net, p, g, digits)]


def rnn_document(ex: RNNExplanation, steps: Sequence[int], digits: int = 6) -> doc.Document:
    """The whole explanation: the network, a long run's losses, the shown steps."""
    blocks = _network_blocks(ex, digits)
    if len(ex.losses) > 1:
        blocks += training_blocks(ex, digits)  # type: ignore[arg-type]
    for k in steps:
        blocks += step_blocks(ex, k, digits)
    return doc.Document(f"Backpropagation through time, step by step: {ex.network.name}",
                        tuple(blocks))


__all__ = ["rnn_document", "step_blocks"]
