"""The backward pass of a conv explanation: from the loss to ∂E/∂Y⁽ᴸ⁾, then layer by layer
back to the first, each layer taking ∂E/∂Y and giving ∂E/∂X and its parameters' gradients (the
seeds' layer view). A kernel cell's gradient is written as its sum of products over every
output position it touched; ∂E/∂X of a convolution as the products from every output whose
window covered the entry (for stride 1: the full convolution of ∂E/∂Y with the flipped
kernel)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from chainrule import rules
from chainrule.explain.conv import layout as lay
from chainrule.explain.conv.engine import Pass, input_terms, kernel_terms, pool_routes
from chainrule.explain.conv.model import ConvNetwork, Params, entry, grad, map_symbol, whole
from chainrule.explain.conv.network import activation_args
from chainrule.explain.model.arrays import back_activation
from chainrule.explain.model.network import SOFTMAX
from chainrule.explain.render import document as doc
from chainrule.explain.render.document import Block, Equation, Heading, Math, Para, Table
from chainrule.explain.walk.ops import find_op
from chainrule.rules import loss_table

_n = lay.number
Name = Callable[[tuple[int, ...]], Math]


def _equations(cells: list[tuple[int, ...]], lhs: Name,
               rhs: Callable[[tuple[int, ...]], tuple[Math, ...]]) -> list[Block]:
    out: list[Block] = [Equation(lhs(idx), lay.chain(*rhs(idx))) for idx in cells[:lay.EQ_MAX]]
    if len(cells) > lay.EQ_MAX:
        out.append(lay.more(len(cells) - lay.EQ_MAX))
    return out


def _loss_blocks(net: ConvNetwork, g: Pass, digits: int) -> list[Block]:
    L, N = len(net.layers), net.samples
    row = rules.row(loss_table.LOSSES[net.loss.kind].term_row)
    out, ys = g.ys[L], map_symbol(L)
    o_name: Name = lambda idx: entry(ys, idx, out.shape, N)  # noqa: E731

    op = find_op(row.name)
    arity = op.arity or 2

    def rhs(idx: tuple[int, ...]) -> tuple[Math, ...]:
        o, t = o_name(idx), entry("t", idx, net.targets.shape, N)
        args = [o, t, Math("n", "n")][:arity]
        nums = [_n(out[idx], digits), _n(net.targets[idx], digits),
                _n(out.shape[1], digits)][:arity]
        pre, pre_tex = (f"1/{N} · ", rf"\frac{{1}}{{{N}}} \cdot ") if N > 1 else ("", "")
        return (*(doc.raw(pre + op.local_text([m.text for m in a], "E")[0],
                          pre_tex + op.local_latex([m.latex for m in a], "E")[0])
                  for a in (args, nums)), _n(g.dys[L][idx], digits, False))
    return [Para((f"From the loss to the last output {ys}"
                  + (f" (E is the mean over {N} images, so each term carries 1/{N})"
                     if N > 1 else "") + ":",)),
            *_equations(list(np.ndindex(*out.shape)), lambda i: grad(o_name(i)), rhs)]


def _activation(net: ConvNetwork, g: Pass, l: int, digits: int, X: Name, Y: Name) -> list[Block]:
    layer, x, y, G = net.layers[l - 1], g.ys[l - 1], g.ys[l], g.dys[l]
    cells = list(np.ndindex(*x.shape))
    if layer.kind == SOFTMAX:
        row = rules.VECTOR_ROWS[SOFTMAX]

        def local(y_k: Math, y_j: Math, own: bool) -> Math:
            """∂y_k/∂x_j in the rule table's words: y_k(1 − y_k), or −y_k·y_j."""
            k = 0 if own else 1
            return doc.factor(row.local_text([y_k.text, y_j.text], y_k.text)[k],
                              row.local_latex([y_k.latex, y_j.latex], y_k.latex)[k])

        def soft(idx: tuple[int, ...]) -> tuple[Math, ...]:
            n, j = idx
            parts = [doc.product([grad(Y((n, k))), local(Y((n, k)), Y((n, j)), k == j)])
                     for k in range(y.shape[1])]
            nums = [doc.product([_n(G[n, k], digits), local(_n(y[n, k], digits),
                                                            _n(y[n, j], digits), k == j)])
                    for k in range(y.shape[1])]
            return (*lay.sums(parts, nums), _n(g.dys[l - 1][idx], digits, False))
        blocks = _equations(cells, lambda i: grad(X(i)), soft)
        cancel = loss_table.LOSSES[net.loss.kind].cancellation
        if cancel is not None and cancel.activation == SOFTMAX and l == len(net.layers):
            N = net.samples
            blocks.append(Para((f"{cancel.who}: the softmax Jacobian cancels against "
                                f"{cancel.outer}, leaving ∂E/∂X = (Y − t)"
                                + (f"/{N}" if N > 1 else "") + " — the numbers above.",)))
        return blocks
    op = find_op(layer.kind)
    prime = back_activation(layer.kind, x, y, np.ones_like(x), activation_args(layer.kind))

    def rhs(idx: tuple[int, ...]) -> tuple[Math, ...]:
        local = op.local_text([X(idx).text], Y(idx).text)[0]
        tex = op.local_latex([X(idx).latex], Y(idx).latex)[0]
        return (doc.product([grad(Y(idx)), doc.factor(local, tex)]),
                doc.product([_n(G[idx], digits), _n(prime[idx], digits)]),
                _n(g.dys[l - 1][idx], digits, False))
    return _equations(cells, lambda i: grad(X(i)), rhs)


def _dense(net: ConvNetwork, p: Params, g: Pass, l: int, digits: int, X: Name,
           Y: Name) -> list[Block]:
    W, x, G, N = p[f"W{l}"], g.ys[l - 1], g.dys[l], net.samples
    gw, gb = g.grads[f"W{l}"], g.grads[f"b{l}"]
    blocks = _equations(list(np.ndindex(*W.shape)), lambda i: grad(entry(f"W{l}", i, W.shape)),
                        lambda i: (*lay.sums(
                            [doc.product([grad(Y((n, i[0]))), X((n, i[1]))]) for n in range(N)],
                            [doc.product([_n(G[n, i[0]], digits), _n(x[n, i[1]], digits)])
                             for n in range(N)]), _n(gw[i], digits, False)))
    blocks += _equations([(j,) for j in range(W.shape[0])],
                         lambda i: grad(entry(f"b{l}", i, gb.shape)),
                         lambda i: (*lay.sums([grad(Y((n, i[0]))) for n in range(N)],
                                              [_n(G[n, i[0]], digits) for n in range(N)]),
                                    _n(gb[i], digits, False)))
    if l > 1:
        blocks += _equations(list(np.ndindex(*x.shape)), lambda i: grad(X(i)), lambda i: (
            *lay.sums([doc.product([entry(f"W{l}", (j, i[1]), W.shape), grad(Y((i[0], j)))])
                       for j in range(W.shape[0])],
                      [doc.product([_n(W[j, i[1]], digits), _n(G[i[0], j], digits)])
                       for j in range(W.shape[0])]), _n(g.dys[l - 1][i], digits, False)))
    return blocks


def _pool(net: ConvNetwork, g: Pass, l: int, digits: int, X: Name, Y: Name) -> list[Block]:
    routes = pool_routes(net.layers[l - 1], g.ys[l - 1])
    cells = list(np.ndindex(*g.ys[l].shape))
    rows = tuple((grad(Y(idx)), X((idx[0], idx[1], *routes[idx])), _n(g.dys[l][idx], digits,
                                                                      False))
                 for idx in cells[:lay.EQ_MAX])
    blocks: list[Block] = [Para((
        "Each window passes its ∂E/∂Y back to the entry that was its maximum; every other "
        "entry gets 0 (an entry that was the maximum of two windows gets both).",)),
        Table(("∂E/∂Y entry", "goes back to", "value"), rows, (False, False, True))]
    return blocks + ([lay.more(len(cells) - lay.EQ_MAX)] if len(cells) > lay.EQ_MAX else [])


def _conv(net: ConvNetwork, p: Params, g: Pass, l: int, digits: int, X: Name,
          Y: Name) -> list[Block]:
    layer, K, x, G = net.layers[l - 1], p[f"K{l}"], g.ys[l - 1], g.dys[l]
    s = layer.config["stride"][0]
    rows, cols = lay.window_index(layer.config, "i", "u", 0), lay.window_index(layer.config,
                                                                               "j", "v", 1)
    xs = map_symbol(l - 1)
    blocks: list[Block] = [Para((
        f"K{l} is used at every output position, so each kernel cell's gradient is a sum over "
        "the positions it touched: ",
        doc.raw(f"∂E/∂K{l}[o,c,u,v] = Σ_n Σ_i Σ_j ∂E/∂Y{l}[n;o,i,j] · {xs}[n;c, {rows}, {cols}]",
                rf"\frac{{\partial E}}{{\partial K^{{({l})}}_{{o,c,u,v}}}} = \sum_{{n,i,j}} "
                rf"\frac{{\partial E}}{{\partial Y^{{({l})}}_{{n,o,i,j}}}} \, "
                rf"{whole(xs).latex}_{{n,c,\,{lay.tex(rows)},\,{lay.tex(cols)}}}"),
        "; products with the zero padding are 0 and left out." if layer.config["padding"]
        != (0, 0) else ".")),
    ]

    def k_rhs(idx: tuple[int, ...]) -> tuple[Math, ...]:
        terms = [t for t in kernel_terms(layer, x, G, *idx) if t[4] is not None]
        return (*lay.sums([doc.product([grad(Y((n, *out))), X(src)])  # type: ignore[arg-type]
                           for n, out, _, _, src in terms],
                          [doc.product([_n(a, digits), _n(b, digits)]) for _, _, a, b, _ in terms]),
                _n(g.grads[f"K{l}"][idx], digits, False))
    blocks += _equations(list(np.ndindex(*K.shape)), lambda i: grad(entry(f"K{l}", i, K.shape)),
                         k_rhs)
    gb = g.grads[f"b{l}"]
    cells = [(n, i, j) for n in range(G.shape[0]) for i in range(G.shape[2])
             for j in range(G.shape[3])]
    blocks += _equations([(o,) for o in range(K.shape[0])],
                         lambda i: grad(entry(f"b{l}", i, gb.shape)), lambda i: (
                             *lay.sums([grad(Y((n, i[0], a, b))) for n, a, b in cells],
                                       [_n(G[n, i[0], a, b], digits) for n, a, b in cells]),
                             _n(gb[i], digits, False)))
    if l == 1:
        return blocks
    blocks.append(Para((
        f"∂E/∂{map_symbol(l - 1)}: each entry collects ∂E/∂Y · K from every output whose window "
        "covered it" + (" — with stride 1 that is the full convolution of ∂E/∂Y with the "
                        "kernel flipped 180° (the matrix view below shows it)." if s == 1 and
                        layer.config["stride"][1] == 1 else "."),)))

    def x_rhs(idx: tuple[int, ...]) -> tuple[Math, ...]:
        terms = input_terms(layer, G, *idx)
        return (*lay.sums([doc.product([grad(Y((n, *out))), entry(f"K{l}", src, K.shape)])
                           for n, out, _, _, src in terms],  # type: ignore[arg-type]
                          [doc.product([_n(a, digits), _n(b, digits)]) for _, _, a, b, _ in terms]),
                _n(g.dys[l - 1][idx], digits, False))
    return blocks + _equations(list(np.ndindex(*x.shape)), lambda i: grad(X(i)), x_rhs)


def backward_blocks(net: ConvNetwork, p: Params, g: Pass, digits: int) -> list[Block]:
    """The backward pass, from the loss to the first layer."""
    N = net.samples
    blocks: list[Block] = [Heading(3, "Backward pass, layer by layer"), *_loss_blocks(
        net, g, digits)]
    for l in range(len(net.layers), 0, -1):
        layer = net.layers[l - 1]
        xs, ys = map_symbol(l - 1), map_symbol(l)
        X: Name = lambda idx, xs=xs, l=l: entry(xs, idx, g.ys[l - 1].shape, N)  # noqa: E731
        Y: Name = lambda idx, ys=ys, l=l: entry(ys, idx, g.ys[l].shape, N)  # noqa: E731
        blocks.append(Heading(4, f"Layer {l} ({layer.kind}): takes ∂E/∂{ys}, gives "
                                 f"∂E/∂{xs}" + (" and its parameters' gradients"
                                                if layer.has_params else "")))
        if layer.kind == "conv2d":
            blocks += _conv(net, p, g, l, digits, X, Y)
        elif layer.kind == "dense":
            blocks += _dense(net, p, g, l, digits, X, Y)
        elif layer.kind == "maxpool2d":
            blocks += _pool(net, g, l, digits, X, Y)
        elif layer.kind == "flatten":
            blocks.append(Para((f"Flatten only moved numbers: ∂E/∂{xs} is ∂E/∂{ys} put back "
                                f"into the shape {lay.shape_text(g.ys[l - 1].shape[1:])}.",)))
        else:
            blocks += _activation(net, g, l, digits, X, Y)
        if l > 1:
            blocks += lay.maps(xs, g.dys[l - 1], digits, lhs="∂E/∂")
    return blocks


__all__ = ["backward_blocks"]
