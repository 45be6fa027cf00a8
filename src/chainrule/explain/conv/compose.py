"""Lay out a convolutional network's explanation as a renderer-neutral document.

Per shown step, as the seeds lay out a dense step: the forward pass layer by layer (each
output entry as its sum of products, the maps as matrices), the error, the backward pass
(:mod:`~chainrule.explain.conv.compose_back`: ∂E/∂Y from the last layer to the first, every
∂E/∂K cell as its sum over the output positions it touched), the update table, and the same
step as matrices (:mod:`~chainrule.explain.conv.compose_maps`). Formulas are the op table's;
numbers are the tensor engine's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from chainrule import rules
from chainrule.explain.conv import layout as lay
from chainrule.explain.conv.compose_back import backward_blocks
from chainrule.explain.conv.compose_maps import matrix_blocks
from chainrule.explain.conv.engine import Pass, pool_routes, source_cell
from chainrule.explain.conv.model import ConvNetwork, Params, entry, map_symbol, whole
from chainrule.explain.model.network import SOFTMAX
from chainrule.explain.render import document as doc
from chainrule.explain.render.compose_matrix import phi
from chainrule.explain.render.compose_training import training_blocks
from chainrule.explain.render.document import Block, Equation, Heading, Math, Para, Table
from chainrule.rules import loss_table
from chainrule.text.numbers import fmt

if TYPE_CHECKING:
    from chainrule.explain.conv.explanation import ConvExplanation

_n = lay.number


def _formula(net: ConvNetwork, l: int) -> tuple[str, Math]:
    """(the layer's type in words, its forward formula) for layer ``l`` (1-based)."""
    layer, Y, X = net.layers[l - 1], map_symbol(l), map_symbol(l - 1)
    if layer.kind == "conv2d":
        rows = lay.window_index(layer.config, "i", "u", 0)
        cols = lay.window_index(layer.config, "j", "v", 1)
        return "convolution", doc.raw(
            f"{Y}[o,i,j] = b{l}[o] + Σ_c Σ_u Σ_v K{l}[o,c,u,v] · {X}[c, {rows}, {cols}]",
            rf"{whole(Y).latex}_{{o,i,j}} = b^{{({l})}}_{{o}} + \sum_c \sum_u \sum_v "
            rf"K^{{({l})}}_{{o,c,u,v}} \, {whole(X).latex}_{{c,\, {lay.tex(rows)},\,"
            rf" {lay.tex(cols)}}}")
    if layer.kind == "maxpool2d":
        k = "×".join(map(str, layer.config["kernel_size"]))
        rows = lay.window_index(layer.config, "i", "u", 0)
        cols = lay.window_index(layer.config, "j", "v", 1)
        return "max pooling", doc.raw(
            f"{Y}[c,i,j] = max over u, v of {X}[c, {rows}, {cols}] (the {k} window)",
            rf"{whole(Y).latex}_{{c,i,j}} = \max_{{u,v}} {whole(X).latex}_{{c,\, "
            rf"{lay.tex(rows)},\, {lay.tex(cols)}}} \quad \text{{(the {k} window)}}")
    if layer.kind == "flatten":
        return "flatten", doc.raw(f"{Y} = {X} read row by row, channel by channel",
                                  rf"{whole(Y).latex} = {whole(X).latex} \text{{ read row by "
                                  r"row, channel by channel}")
    if layer.kind == "dense":
        return "fully connected", doc.raw(
            f"{Y}[j] = b{l}[j] + Σ_i W{l}[j,i] · {X}[i]",
            rf"{whole(Y).latex}_{{j}} = b^{{({l})}}_{{j}} + \sum_i W^{{({l})}}_{{j,i}} \,"
            rf" {whole(X).latex}_{{i}}")
    act, tex = phi(layer.kind)
    return "activation", doc.raw(f"{Y} = {act}({X}), entry by entry"
                                 if layer.kind != SOFTMAX else f"{Y} = softmax({X})",
                                 rf"{whole(Y).latex} = {tex}({whole(X).latex})")


def _network_blocks(net: ConvNetwork, digits: int) -> list[Block]:
    entry_ = loss_table.LOSSES[net.loss.kind]
    N = net.samples
    blocks: list[Block] = [Heading(2, "The network")]
    if net.description:
        blocks.append(Para((net.description,)))
    blocks.append(Para((
        f"{len(net.layers)} layers on {N} image(s) X of {lay.shape_text(net.xs.shape[1:])} "
        "(channels × rows × columns). Each layer takes the output of the one before, as in "
        "the seeds' layer view: Y⁽⁰⁾ = X, and layer l gives Y⁽ˡ⁾. A convolution slides each "
        "kernel over its input without flipping it (a cross-correlation, as PyTorch does); "
        "indices count from 1.",)))
    rows = []
    for l, layer in enumerate(net.layers, 1):
        what, formula = _formula(net, l)
        blocks.append(Para((f"Layer {l}, {what}: ", formula, ".")))
        params = ", ".join(f"{w}{l} {lay.shape_text(a.shape)}" for w, a in layer.params.items())
        config = ", ".join(f"{k.replace('_', ' ')} {v[0]}" if v[0] == v[1] else
                           f"{k.replace('_', ' ')} {v}" for k, v in layer.config.items())
        rows.append((str(l), f"{what} ({layer.kind})", lay.shape_text(layer.shape),
                     params or "—", config or "—"))
    blocks.append(Table(("layer", "type", "output Y⁽ˡ⁾", "parameters", "settings"),
                        tuple(rows), (True, False, False, False, False)))
    mean = f"the mean over the {N} images of " if N > 1 else ""
    blocks.append(Para(("Loss: ", mean, entry_.prose, doc.name(net.loss.name) + doc.raw(
        f" = {entry_.text}", f" = {entry_.latex}"), f" (out the last layer's outputs, target "
        f"t). Learning rate η = {fmt(net.learning_rate, digits)}.",)))
    blocks += lay.maps("X", net.xs, digits)
    blocks.append(Para(("Targets t = ", lay.vector(net.targets, digits), ".")))
    return blocks


def _sum_equations(lhs: Callable[[tuple[int, ...]], Math], cells: list[tuple[int, ...]],
                   terms: Callable[[tuple[int, ...]], tuple[list[Math], list[Math]]],
                   value: Callable[[tuple[int, ...]], float], digits: int) -> list[Block]:
    """An equation per cell (at most :data:`~chainrule.explain.conv.layout.EQ_MAX`):
    lhs = Σ names = Σ numbers = value."""
    out: list[Block] = []
    for idx in cells[:lay.EQ_MAX]:
        names, numbers = terms(idx)
        out.append(Equation(lhs(idx), lay.chain(*lay.sums(names, numbers),
                                                _n(value(idx), digits, False))))
    if len(cells) > lay.EQ_MAX:
        out.append(lay.more(len(cells) - lay.EQ_MAX))
    return out


def _forward_layer(net: ConvNetwork, p: Params, g: Pass, l: int, digits: int) -> list[Block]:
    layer, N = net.layers[l - 1], net.samples
    X, Y = g.ys[l - 1], g.ys[l]
    xs, ys = map_symbol(l - 1), map_symbol(l)
    what, formula = _formula(net, l)
    blocks: list[Block] = [Heading(4, f"Layer {l}: {what}"), Para((formula, "."))]
    name_x = lambda idx: entry(xs, idx, X.shape, N)  # noqa: E731
    name_y = lambda idx: entry(ys, idx, Y.shape, N)  # noqa: E731
    cells = list(np.ndindex(*Y.shape))
    if layer.kind == "conv2d":
        K, b = p[f"K{l}"], p[f"b{l}"]
        def terms(idx: tuple[int, ...]) -> tuple[list[Math], list[Math]]:
            n, o, i, j = idx
            names, numbers = [entry(f"b{l}", (o,), b.shape)], [_n(b[o], digits)]
            for c, u, v in np.ndindex(*K.shape[1:]):
                src = source_cell(layer, X.shape, i, j, u, v)
                if src is not None:
                    names.append(doc.product([entry(f"K{l}", (o, c, u, v), K.shape),
                                              name_x((n, c, *src))]))
                    numbers.append(doc.product([_n(K[o, c, u, v], digits),
                                                _n(X[n, c, src[0], src[1]], digits)]))
            return names, numbers
        if layer.config["padding"] != (0, 0):
            blocks.append(Para(("Products with the zero padding are 0 and left out.",)))
        blocks += _sum_equations(name_y, cells, terms, lambda idx: Y[idx], digits)
    elif layer.kind == "dense":
        W, b = p[f"W{l}"], p[f"b{l}"]

        def dense_terms(idx: tuple[int, ...]) -> tuple[list[Math], list[Math]]:
            n, j = idx
            return ([entry(f"b{l}", (j,), b.shape)] + [doc.product([
                entry(f"W{l}", (j, i), W.shape), name_x((n, i))]) for i in range(W.shape[1])],
                [_n(b[j], digits)] + [doc.product([_n(W[j, i], digits), _n(X[n, i], digits)])
                                      for i in range(W.shape[1])])
        blocks += _sum_equations(name_y, cells, dense_terms, lambda idx: Y[idx], digits)
    elif layer.kind == "maxpool2d":
        routes = pool_routes(layer, X)
        rows = []
        for idx in cells[:lay.EQ_MAX]:
            r, c = routes[idx]
            rows.append((name_y(idx), name_x((idx[0], idx[1], r, c)), _n(Y[idx], digits, False)))
        blocks.append(Table(("output", "the window's maximum (first, reading row by row)",
                             "value"), tuple(rows), (False, False, True)))
        if len(cells) > lay.EQ_MAX:
            blocks.append(lay.more(len(cells) - lay.EQ_MAX))
    elif layer.kind == SOFTMAX:
        row = rules.VECTOR_ROWS[SOFTMAX]  # the rule table's e^x/Σ e^x, with these names

        def formula(items: list[Math], j: int) -> Math:
            return Math(row.expr_text([items[j].text], "", layer=[m.text for m in items])[0],
                        row.expr_latex([items[j].latex], "", layer=[m.latex for m in items])[0])
        for idx in cells[:lay.EQ_MAX]:
            n, j = idx
            names = [name_x((n, k)) for k in range(X.shape[1])]
            nums = [_n(X[n, k], digits, False) for k in range(X.shape[1])]
            blocks.append(Equation(name_y(idx), (formula(names, j), formula(nums, j),
                                                 _n(Y[idx], digits, False))))
        if len(cells) > lay.EQ_MAX:
            blocks.append(lay.more(len(cells) - lay.EQ_MAX))
    elif layer.kind != "flatten":
        act, tex = phi(layer.kind)
        for idx in cells[:lay.EQ_MAX]:
            arg = _n(X[idx], digits, False)
            blocks.append(Equation(name_y(idx), (
                doc.raw(f"{act}(", rf"{tex}(") + name_x(idx) + doc.raw(")"),
                doc.raw(f"{act}(", rf"{tex}(") + arg + doc.raw(")"),
                _n(Y[idx], digits, False))))
        if len(cells) > lay.EQ_MAX:
            blocks.append(lay.more(len(cells) - lay.EQ_MAX))
    blocks += lay.maps(ys, Y, digits)
    return blocks


def _error(net: ConvNetwork, g: Pass, digits: int) -> list[Block]:
    entry_ = loss_table.LOSSES[net.loss.kind]
    row = rules.row(entry_.term_row)
    out, N, L = g.ys[-1], net.samples, len(net.layers)
    lines = [doc.raw(entry_.text, entry_.latex)]
    if not row.params:
        terms = [Math(row.expr_text([fmt(float(out[s, j]), digits),
                                     fmt(float(net.targets[s, j]), digits)], "E")[0],
                      row.expr_latex([fmt(float(out[s, j]), digits),
                                      fmt(float(net.targets[s, j]), digits)], "E")[0])
                 for s, j in np.ndindex(*out.shape)]
        lines.append(doc.total(terms[:lay.TERMS_MAX]) if len(terms) <= lay.TERMS_MAX else
                     doc.total([*terms[:3], doc.raw("…", r"\dots"), terms[-1]]))
    if N > 1:
        lines.append(doc.raw("(", r"\frac{1}{" + str(N) + r"}\left(") + doc.total(
            [_n(v, digits) for v in g.losses]) + doc.raw(f")/{N}", r"\right)"))
    return [Heading(3, "Error"), Para((f"{map_symbol(L)} is the output.",)),
            Equation(doc.name(net.loss.name), (*lines, _n(g.E, digits, False)))]


def _update(net: ConvNetwork, p: Params, g: Pass, digits: int) -> list[Block]:
    eta, rows = net.learning_rate, []
    for sym, a in p.items():
        for idx in np.ndindex(*a.shape):
            old, grad = float(a[idx]), float(g.grads[sym][idx])
            rows.append((entry(sym, idx, a.shape), _n(old, digits, False),
                         _n(grad, digits, False), _n(old - eta * grad, digits, False)))
    shown = tuple(rows[:lay.UPDATE_MAX])
    blocks: list[Block] = [Heading(3, "Update"), Para((
        "Gradient descent on every parameter: ",
        doc.raw(f"p ← p − η·∂E/∂p with η = {fmt(eta, digits)}",
                rf"p \leftarrow p - \eta \frac{{\partial E}}{{\partial p}}, \quad \eta = "
                rf"{fmt(eta, digits)}"), ".")),
        Table(("parameter", "old", "∂E/∂p", "new"), shown, (False, True, True, True))]
    if len(rows) > lay.UPDATE_MAX:
        blocks.append(lay.more(len(rows) - lay.UPDATE_MAX, "parameters"))
    return blocks


def step_blocks(ex: ConvExplanation, step: int, digits: int = 6) -> list[Block]:
    """The blocks of one shown step."""
    net, p, g = ex.network, ex.params_at(step), ex.detail(step)
    blocks: list[Block] = [Heading(2, f"Step {step}"), Heading(3, "Forward pass, layer by "
                                                                  "layer")]
    for l in range(1, len(net.layers) + 1):
        blocks += _forward_layer(net, p, g, l, digits)
    return [*blocks, *_error(net, g, digits), *backward_blocks(net, p, g, digits),
            *_update(net, p, g, digits), *matrix_blocks(net, p, g, digits)]


def conv_document(ex: ConvExplanation, steps: Sequence[int], digits: int = 6) -> doc.Document:
    """The whole explanation: the network, a long run's losses, the shown steps."""
    blocks = _network_blocks(ex.network, digits)
    if len(ex.losses) > 1:
        blocks += training_blocks(ex, digits)  # type: ignore[arg-type]
    for k in steps:
        blocks += step_blocks(ex, k, digits)
    return doc.Document(f"Backpropagation through a convolutional network, step by step: "
                        f"{ex.network.name}", tuple(blocks))


__all__ = ["conv_document", "step_blocks"]
