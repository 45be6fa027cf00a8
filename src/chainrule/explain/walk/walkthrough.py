"""One training step read off the graph: forward rows, derivations, updates, layer view.

:func:`read_step` calls ``backward()`` on the graph of
:func:`~chainrule.explain.walk.graph.build_graph`
and then only *reads*: each node's ``.grad`` is ∂E/∂node, each use of a node contributes
``consumer.grad · consumer.local_grads[i]`` (the engine's own product, summed by the engine's
own rule), and the formulas come from ``consumer.op.local_text``. Nothing is recomputed by a
second, hand-typed formula.
"""

from __future__ import annotations

from chainrule.explain.render.notation import latex_name
from chainrule.explain.walk.graph import LOSS_KINDS, Graph, Node
from chainrule.explain.walk.records import (
    LayerGroup,
    Local,
    NodeGradient,
    Path,
    Row,
    StepDetail,
    Update,
)

_SKIP = ("target", "constant")


def _names(graph: Graph, node: Node) -> list[str]:
    return [graph.node_of(p).name for p in node.value.parents]


def local_of(graph: Graph, consumer: Node, index: int) -> Local:
    """∂consumer/∂(operand ``index``): the op table's formula and the engine's number."""
    op = consumer.value.op
    names = _names(graph, consumer)
    shown = names
    if op.name == "explain.softmax":  # its derivatives read in the outputs: −oᵢ·oⱼ
        shown = [_softmax_output(graph, n) for n in names]
    text = op.local_text(shown, consumer.name)[index]
    latex = op.local_latex([latex_name(n) for n in shown], latex_name(consumer.name))[index]
    # float(): a row may state a constant derivative as the int 1 (the sum's ∂/∂xᵢ)
    return Local(consumer.name, names[index], text, latex,
                 float(consumer.value.local_grads[index]))


def _softmax_output(graph: Graph, net: str) -> str:
    """The softmax output whose own net input is ``net`` (its operand 0)."""
    for consumer, index in graph.uses[net]:
        if index == 0 and consumer.value.op.name == "explain.softmax":
            return consumer.name
    return net


def row_of(graph: Graph, node: Node) -> Row:
    """The forward row of an interior node."""
    value = node.value
    return Row(node.name, node.kind, value.data, value.op.name, tuple(_names(graph, node)),
               tuple(p.data for p in value.parents), node.layer, node.sample)


def _term_kind(graph: Graph) -> str:
    kinds = {n.kind for n in graph.nodes.values()}
    if "loss_term" in kinds:
        return "loss_term"
    return "sample_loss" if "sample_loss" in kinds else "loss"


def _derive(graph: Graph) -> list[NodeGradient]:
    term_kind = _term_kind(graph)
    done: dict[str, NodeGradient] = {}
    reaches: dict[str, tuple[str, ...]] = {}
    order = [n for n in graph.nodes.values() if n.kind not in _SKIP]
    rank = {n.name: i for i, n in enumerate(order)}
    for node in reversed(order):
        paths = []
        reach: set[str] = set()
        for consumer, index in graph.uses[node.name]:
            local = local_of(graph, consumer, index)
            upstream = float(consumer.value.grad)
            paths.append(Path(consumer.name, upstream, local, upstream * local.value,
                              reaches[consumer.name]))
            reach.update(reaches[consumer.name])
        reaches[node.name] = ((node.name,) if node.kind == term_kind
                              else tuple(sorted(reach, key=rank.__getitem__)))
        anchor, anchor_grad, chain = None, 1.0, ()
        if len(paths) == 1:
            up = done[paths[0].via]
            if up.kind in LOSS_KINDS or len(up.paths) != 1:
                anchor, anchor_grad, chain = up.name, up.grad, (paths[0].local,)
            else:
                anchor, anchor_grad, chain = up.anchor, up.anchor_grad, (*up.chain,
                                                                         paths[0].local)
        done[node.name] = NodeGradient(node.name, node.kind, node.value.data,
                                       float(node.value.grad), tuple(paths), anchor,
                                       anchor_grad, chain, node.layer, node.sample)
    return list(done.values())


def _layer_groups(graph: Graph, derivs: dict[str, NodeGradient]) -> list[LayerGroup]:
    net = graph.network
    nodes = list(graph.nodes.values())
    last = len(net.layers)

    def pick(kinds: tuple[str, ...], layer: int | None) -> tuple[str, ...]:
        return tuple(n.name for n in nodes if n.kind in kinds and n.name in derivs
                     and (layer is None or n.layer == layer))

    root = graph.node_of(graph.root).name
    groups = [LayerGroup("loss", last, net.layers[-1].activation,
                         tuple(n for n in pick(LOSS_KINDS, None) if n != root)
                         + pick(("activation",), last))]
    params = net.parameter_layer()
    for k in range(last, 0, -1):
        act = net.layers[k - 1].activation
        groups.append(LayerGroup("activation", k, act, pick(("net",), k)))
        inputs = pick(("activation",), k - 1) if k > 1 else pick(("input",), 0)
        groups.append(LayerGroup("dense", k, act, inputs + tuple(
            n for n in net.parameters() if params[n] == k)))
    return groups


def read_step(graph: Graph, step: int = 1) -> StepDetail:
    """Backpropagate through ``graph`` and read the step's records off it.

    Parameters
    ----------
    graph : Graph
        A fresh forward pass (:func:`~chainrule.explain.walk.graph.build_graph`).
    step : int
        The 1-based number of this step, for the record.

    Returns
    -------
    StepDetail
    """
    net = graph.network
    for node in graph.nodes.values():
        if node.value.is_leaf:
            node.value.grad = 0.0  # leaves accumulate; this step starts from zero
    graph.root.backward()
    nodes = list(graph.nodes.values())
    forward = tuple(row_of(graph, n) for n in nodes if n.kind in ("net", "activation"))
    errors = tuple(row_of(graph, n) for n in nodes if n.kind in LOSS_KINDS)
    derivations = _derive(graph)
    by_name = {d.name: d for d in derivations}
    params = net.parameter_layer()
    updates = []
    for name in net.parameters():
        old, g = graph.params[name].data, by_name[name].grad
        frozen = name in net.frozen
        updates.append(Update(name, old, g, old if frozen else old - net.learning_rate * g,
                              frozen, params[name]))
    order = tuple(n for k in range(len(net.layers), 0, -1) for n in net.parameters()
                  if params[n] == k)
    return StepDetail(
        step=step, loss=graph.root.data, learning_rate=net.learning_rate,
        loss_name=graph.node_of(graph.root).name, forward=forward, errors=errors,
        derivations=tuple(derivations), updates=tuple(updates),
        layers=tuple(_layer_groups(graph, by_name)), parameter_order=order,
        values={n.name: n.value.data for n in nodes},
        grads={d.name: d.grad for d in derivations}, graph=graph)


__all__ = ["local_of", "read_step", "row_of"]
