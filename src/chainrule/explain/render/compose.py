"""Lay out an explanation as a :class:`~chainrule.explain.render.document.Document`.

The order follows the seeds: the network, the forward table, the error, the backward pass
layer by layer (seed 003: ∂E/∂x_i = Σ_j w_i^j·∂E/∂y^j, …), every parameter by the chain rule
(seed 000: ∂E/∂w5 = ∂E1/∂z1^a · ∂z1^a/∂z1 · ∂z1/∂w5), and the update table. Formulas of local
derivatives are the op table's (``Local.text``/``Local.latex``), never retyped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from chainrule import rules
from chainrule.explain.model.network import SOFTMAX
from chainrule.explain.render import document as doc
from chainrule.explain.render.compose_matrix import matrix_blocks
from chainrule.explain.render.compose_training import training_blocks
from chainrule.explain.render.document import Block, Equation, Heading, Math, Para, Table
from chainrule.explain.render.notation import fmt, latex_name, sample_suffix
from chainrule.explain.walk.graph import LOSS_KINDS
from chainrule.explain.walk.ops import find_op
from chainrule.explain.walk.records import NodeGradient, StepDetail
from chainrule.rules import loss_table
from chainrule.text.numbers import fmt_latex

if TYPE_CHECKING:
    from chainrule.explain.walk.explanation import Explanation

#: The names a loss's local rule gives its operands: output yʲ, target ŷʲ (and the count n).
_TERM_NAMES = ["y^j", "ŷ^j", "n"]


def _local_rule(op_name: str, names: list[str], out: str, index: int = 0) -> Math:
    op = find_op(op_name)
    return Math(op.local_text(names, out)[index],
                op.local_latex([latex_name(n) for n in names], latex_name(out))[index])


def _term(d: NodeGradient, i: int, loss: str, root: str, digits: int) -> tuple[Math, ...]:
    """(names, formulas, numbers) of path i of d: ∂E/∂u · ∂u/∂n (just ∂u/∂n when u is E)."""
    p = d.paths[i]
    local_name = doc.deriv(p.via, d.name)
    local_formula = doc.factor(p.local.text, p.local.latex)
    if p.via == root:
        return local_name, local_formula, doc.number(p.local.value, digits, True)
    up = doc.deriv(loss, p.via)
    return (doc.product([up, local_name]), doc.product([up, local_formula]),
            doc.product([doc.number(p.upstream, digits, True),
                         doc.number(p.local.value, digits, True)]))


def _sum_lines(d: NodeGradient, loss: str, root: str, digits: int) -> tuple[Math, ...]:
    terms = [_term(d, i, loss, root, digits) for i in range(len(d.paths))]
    return tuple(doc.total([t[k] for t in terms]) for k in range(3))


def _layer_rule(kind: str, activation: str, loss_kind: str) -> Para:
    if kind == "loss":
        op = loss_table.LOSSES[loss_kind].term_row  # the loss table's term row
        rule = _local_rule(op, _TERM_NAMES[:find_op(op).arity or 2], "E_j")
        return Para(("A sample's loss is the sum of its terms Eⱼ, so its derivative by each "
                     "term is 1; for an output yʲ with target ŷʲ: ",
                     doc.deriv("E_j", "y^j") + doc.raw(" = ") + rule, "."))
    if kind == "dense":
        w, x, one = (_local_rule("linear", ["x_i", "w_i^j", "b^j"], "y^j", k) for k in range(3))
        return Para(("For yʲ = Σᵢ xᵢ·wᵢʲ + bʲ: ",
                     doc.deriv("E", "x_i") + doc.raw(" = Σⱼ ", r" = \sum_j ")
                     + doc.deriv("E", "y^j") + doc.raw(" · ", r" \cdot ") + w, ", ",
                     doc.deriv("E", "w_i^j") + doc.raw(" = ") + doc.deriv("E", "y^j")
                     + doc.raw(" · ", r" \cdot ") + x, ", ",
                     doc.deriv("E", "b^j") + doc.raw(" = ") + doc.deriv("E", "y^j")
                     + doc.raw(" · ", r" \cdot ") + one, "."))
    if activation == SOFTMAX:
        return Para(("Each softmax output depends on every net input of the layer, so ",
                     doc.deriv("E", "x_i") + doc.raw(" = Σⱼ ", r" = \sum_j ")
                     + doc.deriv("E", "y^j") + doc.raw(" · ", r" \cdot ")
                     + doc.deriv("y^j", "x_i"), "; the local derivatives are on each line."))
    op = activation  # the rule table's row of that name
    names = ["x_i", "α"] if rules.row(activation).params else ["x_i"]
    return Para(("For yⁱ = φ(xᵢ): ", doc.deriv("E", "x_i") + doc.raw(" = ")
                 + doc.deriv("E", "y^i") + doc.raw(" · ", r" \cdot ") + doc.deriv("y^i", "x_i")
                 + doc.raw(", with ", r", \quad ") + doc.deriv("y^i", "x_i") + doc.raw(" = ")
                 + _local_rule(op, names, "y^i"), "."))


_TITLES = {"loss": "Loss → outputs", "activation": "Activation of layer {k} ({act})",
           "dense": "Fully connected layer {k}"}


def _backward(step: StepDetail, loss_kind: str, digits: int) -> list[Block]:
    loss, root = step.loss_name, step.loss_name
    blocks: list[Block] = [Heading(3, "Backward pass, layer by layer"), Para((
        "Every line is ", doc.raw("∂E/∂n = Σᵤ ∂E/∂u · ∂u/∂n",
                                  r"\frac{\partial E}{\partial n} = \sum_u \frac{\partial E}"
                                  r"{\partial u} \cdot \frac{\partial u}{\partial n}"),
        ", a sum over the nodes u that use n, reusing ∂E/∂u from the lines above; ∂u/∂n is the "
        "local derivative of the op that made u."))]
    for group in step.layers:
        names = [n for n in group.names if step.derivation(n).kind != "input"]
        if not names:
            continue
        blocks.append(Heading(4, _TITLES[group.kind].format(k=group.layer, act=group.activation)))
        blocks.append(_layer_rule(group.kind, group.activation, loss_kind))
        rows = []
        for n in names:
            d = step.derivation(n)
            rows.append((doc.deriv(loss, n), *_sum_lines(d, loss, root, digits),
                         doc.number(d.grad, digits)))
        blocks.append(Table(("", "chain rule", "local derivatives", "numbers", "value"),
                            tuple(rows), (False, False, False, False, True)))
        if group.kind == "activation" and step.graph is not None \
                and group.layer == len(step.graph.network.layers):
            blocks += cancellation(step, group.activation, loss_kind, digits)
    return blocks


def cancellation(step: StepDetail, activation: str, loss_kind: str,
                 digits: int) -> list[Block]:
    """Sigmoid + BCE and softmax + CE: ∂E/∂z collapses to (a − t) (over n outputs and B
    samples for BCE; when the targets of a sample sum to 1 for CE). Checked on the numbers."""
    note = loss_table.cancellation(activation, loss_kind)  # the loss table's note
    if note is None:
        return []
    who, local, outer = note.who, note.local, note.outer
    net = step.graph.network
    layer = net.layers[-1]
    n, batch = layer.units, net.n_samples
    scale = batch * (n if loss_kind == "bce" else 1)
    parts = []
    for s in range(batch):
        sfx = sample_suffix(s + 1) if batch > 1 else ""
        if loss_kind == "cce" and abs(sum(net.targets[s]) - 1.0) > 1e-12:
            return []
        for j in range(n):
            a, t = step.values[layer.out_names[j] + sfx], net.targets[s][j]
            z = layer.net_names[j] + sfx
            if abs((a - t) / scale - step.grads[z]) > 1e-9 * max(1.0, abs(step.grads[z])):
                return []  # not the plain (a − t): say nothing rather than something wrong
            parts.append(doc.deriv(step.loss_name, z) + doc.raw(
                f" = ({fmt(a, digits)} − {fmt(t, digits)})"
                + (f"/{scale}" if scale != 1 else "") + f" = {fmt(step.grads[z], digits)}",
                rf" = \left({fmt_latex(a, digits)} - {fmt_latex(t, digits)}\right)"
                + (f"/{scale}" if scale != 1 else "") + f" = {fmt_latex(step.grads[z], digits)}"))
    over = {(True, True): "/(n·B)", (True, False): "/n", (False, True): "/B"}.get(
        (loss_kind == "bce" and n > 1, batch > 1), "")
    return [Para((f"{who} cancel: the loss's {outer} times {local} leaves ",
                  doc.raw(f"∂E/∂z = (a − t){over}", rf"\frac{{\partial E}}{{\partial z}} = "
                                                    rf"\left(a - t\right){over}"),
                  ", the output minus its target: ", doc.join(parts, "; ", r";\ "), "."))]


def _anchor_equation(step: StepDetail, d: NodeGradient, digits: int) -> Equation:
    loss = step.loss_name
    names, formulas, numbers = _sum_lines(d, loss, loss, digits)
    rhs = [names, formulas, numbers, doc.number(d.grad, digits)]
    reaches = [p.reaches for p in d.paths]
    if all(len(r) == 1 for r in reaches) and len({r[0] for r in reaches}) == len(reaches) > 1:
        # Seed 000's reading: each path leads to one loss term, ∂E/∂y1^a = ∂E1/∂y1^a + ∂E2/∂y1^a.
        rhs.insert(0, doc.total([doc.deriv(r[0], d.name) for r in reaches]))
    return Equation(doc.deriv(loss, d.name), tuple(rhs))


def _chain_equation(step: StepDetail, d: NodeGradient, digits: int) -> Equation:
    loss = step.loss_name
    head = step.derivation(d.anchor) if d.anchor else None
    implicit = head is not None and head.kind in LOSS_KINDS and d.anchor_grad == 1.0
    names = [doc.deriv(l.out, l.wrt) for l in d.chain]
    formulas = [doc.factor(l.text, l.latex) for l in d.chain]
    numbers = [doc.number(l.value, digits, True) for l in d.chain]
    if not implicit and d.anchor is not None:
        names.insert(0, doc.deriv(loss, d.anchor))
        formulas.insert(0, doc.deriv(loss, d.anchor))
        numbers.insert(0, doc.number(d.anchor_grad, digits, True))
    return Equation(doc.deriv(loss, d.name), (doc.product(names), doc.product(formulas),
                                              doc.product(numbers), doc.number(d.grad, digits)))


def _parameters(step: StepDetail, digits: int) -> list[Block]:
    blocks: list[Block] = [Heading(3, "Every parameter by the chain rule"), Para((
        "Each gradient is the product of the local derivatives on the way from the loss down "
        "to the parameter. Where a node is used more than once (its gradient is a sum over "
        "the paths through it) the product starts from that node's ∂E, written out first. "
        "A factor ∂E/∂Eⱼ = 1 (the loss is the sum of its terms Eⱼ) is left out, as in the "
        "seeds.",))]
    shown: set[str] = set()
    for p in step.parameter_order:
        d = step.derivation(p)
        if len(d.paths) != 1:
            blocks.append(_anchor_equation(step, d, digits))
            continue
        anchor = step.derivation(d.anchor) if d.anchor else None
        if anchor is not None and len(anchor.paths) > 1 and anchor.name not in shown:
            shown.add(anchor.name)
            blocks.append(_anchor_equation(step, anchor, digits))
        blocks.append(_chain_equation(step, d, digits))
    return blocks


def _rows(rows: Sequence[Any], digits: int) -> tuple[tuple[Math, ...], ...]:
    return tuple((doc.name(r.name), Math(r.formula(), r.formula(latex=True)),
                  Math(r.with_numbers(digits), r.with_numbers(digits, latex=True)),
                  doc.number(r.value, digits)) for r in rows)


def step_blocks(step: StepDetail, loss_kind: str, digits: int = 6) -> list[Block]:
    """The blocks of one step: forward, error, backward, chain rule per parameter, update."""
    head = ("", "formula", "numbers", "value")
    right = (False, False, False, True)
    blocks: list[Block] = [
        Heading(2, f"Step {step.step}"), Heading(3, "Forward pass"),
        Table(head, _rows(step.forward, digits), right), Heading(3, "Error"),
        Table(head, _rows(step.errors, digits), right)]
    blocks += _backward(step, loss_kind, digits)
    blocks += _parameters(step, digits)
    frozen = [u.name for u in step.updates if u.frozen]
    eta = fmt(step.learning_rate, digits)
    blocks += [Heading(3, "Update"), Para((
        "Gradient descent: ", doc.raw(f"p⁺ = p − η·∂E/∂p with η = {eta}",
                                      rf"p^{{+}} = p - \eta \frac{{\partial E}}{{\partial p}},"
                                      rf" \quad \eta = {eta}"),
        "." if not frozen else "; frozen, so not updated: " + ", ".join(frozen) + ".")),
        Table(("parameter", "old", "∂E/∂p", "new"), tuple(
            (doc.name(u.name), doc.number(u.old, digits), doc.number(u.grad, digits),
             doc.number(u.new, digits) if not u.frozen else doc.raw(
                 f"{fmt(u.new, digits)} (frozen)", rf"{fmt(u.new, digits)}\ (\text{{frozen}})"))
            for u in step.updates), (False, True, True, True))]
    return blocks


_LIST_MAX = 12


def _names_list(names: Sequence[str]) -> Math:
    shown = doc.join([doc.name(n) for n in names[:_LIST_MAX]], ", ", ", ")
    return shown + (doc.raw(", …", r", \ldots") if len(names) > _LIST_MAX else doc.raw(""))


def explanation_document(ex: Explanation, steps: Sequence[int] | None = None,
                         digits: int = 6) -> doc.Document:
    """The whole explanation; ``steps`` picks the steps shown in full (default: the first)."""
    net = ex.network
    blocks: list[Block] = []
    if net.description:
        blocks.append(Para((net.description,)))
    one = net.n_samples == 1

    def values(names: Sequence[str], row: Sequence[float]) -> Math:
        items = [doc.name(n) + doc.raw(" = ") + doc.number(v, digits)
                 for n, v in zip(names[:_LIST_MAX], row[:_LIST_MAX])]
        more = f", … ({len(row)} in all)" if len(row) > _LIST_MAX else ""
        return doc.join(items, ", ", r",\ ") + doc.raw(more, more.replace("…", r"\ldots"))

    entry = loss_table.LOSSES[net.loss.kind]
    prose, text, latex = entry.prose, entry.text, entry.latex
    loss_math = doc.name(net.loss.name) + doc.raw(f" = {text}", f" = {latex}")
    blocks.append(Heading(2, "The network"))
    if one:
        blocks.append(Para(("Inputs: ", values(net.input_names, net.inputs[0]), ". Targets: ",
                            values(net.loss.target_names, net.targets[0]), ".")))
    else:
        # One row per sample, not one flattened line of x1 = …, x2 = …, x1 = …
        names = [*net.input_names[:_LIST_MAX], *net.loss.target_names[:_LIST_MAX]]
        rows = tuple((str(s), *(doc.number(v, digits) for v in xs[:_LIST_MAX]),
                      *(doc.number(v, digits) for v in ts[:_LIST_MAX]))
                     for s, (xs, ts) in enumerate(zip(net.inputs, net.targets), 1))
        blocks += [Para((f"{net.n_samples} samples, one per row (inputs, then targets):",)),
                   Table(("sample", *names), rows, (True,) * (len(names) + 1))]
    blocks += [Para((
        "Loss: ", prose, loss_math, "" if one else "; over the batch, the mean of the samples' "
        "losses", f". Learning rate η = {fmt(net.learning_rate, digits)}.")),
        Table(("layer", "neurons", "activation", "net inputs", "outputs"), tuple(
            (str(k), str(layer.units), layer.activation,
             _names_list(layer.net_names), _names_list(layer.out_names))
            for k, layer in enumerate(net.layers, 1)))]
    if len(ex.losses) > 1:
        blocks += training_blocks(ex, digits)
    for k in steps if steps is not None else (1,):
        if ex.scalar:
            blocks += step_blocks(ex.detail(k), net.loss.kind, digits)
        else:
            blocks += [Heading(2, f"Step {k}"), Para((
                f"{len(net.parameters())} parameters: too many for a chain per weight, so this "
                "step is shown as matrices (the same numbers; large matrices show their "
                "corners).",))]
        blocks += matrix_blocks(ex.matrices(k), net, digits)
    title = f"Backpropagation, step by step: {net.name}"
    return doc.Document(title, tuple(blocks))


__all__ = ["cancellation", "explanation_document", "step_blocks"]
