"""The forward pass of a :class:`~chainrule.explain.model.network.Network` as a graph of named
Values.

This graph is the single source of every number and formula in an explanation: its ``data``
are the forward values, ``backward()`` fills the gradients, and each node's op states its own
formula and local derivatives (``op.expr_text``, ``op.local_text``).

Per sample b of B the graph has, in creation order (which is a topological order):
inputs → for each layer: every neuron's net input (one ``linear`` node, e.g.
``y1 = x1·w1 + x2·w3 + c1``), then every neuron's activation → one loss term per output →
the sample's loss (their ``sum``). With B > 1 the root is the ``mean`` of the
samples' losses and per-sample names carry a marker (``y1⁽²⁾``); parameters are shared leaves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chainrule import rules
from chainrule.explain.model.network import SOFTMAX, Network
from chainrule.explain.render.notation import GREEK_LETTER, sample_suffix, subscript
from chainrule.explain.walk import ops as xops
from chainrule.rules import loss_table
from chainrule.scalar.value import Value, apply, weighted_sum

#: Kinds of node, in the order they are made.
KINDS = ("input", "weight", "bias", "target", "constant", "net", "activation", "loss_term",
         "sample_loss", "loss")
LOSS_KINDS = ("loss_term", "sample_loss", "loss")
# The loss terms and their sums are rows of the rule table (:mod:`chainrule.rules.losses`).
_SUM, _MEAN = rules.row("sum"), rules.row("mean")


@dataclass(frozen=True)
class Node:
    """A named node: its kind, layer (1-based; 0 for inputs), sample (1-based) and Value."""

    name: str
    kind: str
    value: Value = field(repr=False)
    layer: int | None = None
    sample: int | None = None


@dataclass
class Graph:
    """The named nodes of one forward pass, in creation (topological) order, and the root."""

    network: Network
    root: Value
    nodes: dict[str, Node]
    params: dict[str, Value]

    def node_of(self, value: Value) -> Node:
        """The Node that wraps ``value``."""
        return self._by_id[id(value)]

    def __post_init__(self) -> None:
        self._by_id = {id(n.value): n for n in self.nodes.values()}
        # Every use of a node: (consumer, operand index), in creation order of the consumers.
        self.uses: dict[str, list[tuple[Node, int]]] = {name: [] for name in self.nodes}
        for node in self.nodes.values():
            for idx, parent in enumerate(node.value.parents):
                self.uses[self._by_id[id(parent)].name].append((node, idx))


class _Builder:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}

    def add(self, value: Value, name: str, kind: str, layer: int | None = None,
            sample: int | None = None) -> Value:
        value.name = name
        self.nodes[name] = Node(name, kind, value, layer, sample)
        return value

    def constant(self, x: float, role: str) -> Value:
        """A shared constant leaf named by its role — ``n`` (the count of a mean), ``α`` (a
        slope) — with a subscript when the same role takes another value (``α₂``)."""
        name, k = role, 1
        while name in self.nodes and self.nodes[name].value.data != x:
            k += 1
            name = f"{role}{subscript(k)}"
        if name not in self.nodes:
            self.add(Value(x), name, "constant")
        return self.nodes[name].value


def _activate(b: _Builder, act: str, nets: list[Value], par: tuple[float, ...]) -> list[Value]:
    if act == SOFTMAX:
        # Neuron j's own net input first, then the others in layer order.
        return [apply(xops.SOFTMAX, z, *(o for o in nets if o is not z)) for z in nets]
    row = rules.row(act)  # an elementwise row of the rule table
    if not row.params:
        return [apply(row, z) for z in nets]
    consts = [b.constant(v, GREEK_LETTER.get(n, n)) for n, v in zip(row.params, par)]
    return [apply(row, z, *consts) for z in nets]


def _loss_terms(b: _Builder, net: Network, outs: list[Value], targets: list[Value]) -> list[
        Value]:
    # the loss table's term row; one with the parameter n also takes the output count
    row = rules.row(loss_table.LOSSES[net.loss.kind].term_row)
    extra = [b.constant(len(outs), "n")] if "n" in row.params else []
    return [apply(row, o, t, *extra) for o, t in zip(outs, targets)]


def build_graph(network: Network, params: Mapping[str, Value] | None = None) -> Graph:
    """Run the forward pass of ``network`` on named Values (no backward yet).

    Parameters
    ----------
    network : Network
    params : mapping of name to Value, optional
        Leaves to use for the parameters (``gradcheck`` passes its own); by default fresh
        Values with the network's values.

    Returns
    -------
    Graph
        Root ``E`` (a Value holding the loss) and every named node.
    """
    b = _Builder()
    values = network.parameters()
    leaves = dict(params) if params is not None else {n: Value(v) for n, v in values.items()}
    layer_of = network.parameter_layer()
    for name, leaf in leaves.items():
        kind = "bias" if any(name in l.bias_names for l in network.layers) else "weight"
        b.add(leaf, name, kind, layer_of[name])
    batch = network.n_samples > 1
    sample_losses = []
    for s, (xs, ts) in enumerate(zip(network.inputs, network.targets), 1):
        sfx = sample_suffix(s) if batch else ""
        acts = [b.add(Value(x), n + sfx, "input", 0, s)
                for x, n in zip(xs, network.input_names)]
        for k, layer in enumerate(network.layers, 1):
            nets = []
            for j in range(layer.units):
                weights = [leaves[n] for n in layer.weight_names[j]]
                bias = leaves[layer.bias_of(j)[0]]
                nets.append(b.add(weighted_sum(acts, weights, bias), layer.net_names[j] + sfx,
                                  "net", k, s))
            outs = _activate(b, layer.activation, nets, layer.activation_args())
            acts = [b.add(o, n + sfx, "activation", k, s) for o, n in zip(outs, layer.out_names)]
        targets = [b.add(Value(t), n + sfx, "target", None, s)
                   for t, n in zip(ts, network.loss.target_names)]
        terms = _loss_terms(b, network, acts, targets)
        if len(terms) == 1:
            loss = terms[0]
        else:
            for term, n in zip(terms, network.loss.term_names):
                b.add(term, n + sfx, "loss_term", None, s)
            loss = apply(_SUM, *terms)
        sample_losses.append(b.add(loss, network.loss.name + sfx,
                                   "sample_loss" if batch else "loss", None, s if batch else None))
    root = (b.add(apply(_MEAN, *sample_losses), network.loss.name, "loss") if batch
            else sample_losses[0])
    return Graph(network, root, b.nodes, leaves)


__all__ = ["KINDS", "LOSS_KINDS", "Graph", "Node", "build_graph"]
