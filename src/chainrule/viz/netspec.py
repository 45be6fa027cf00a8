"""A neutral description of a layered network diagram, and adapters that build it.

A :class:`NetworkSpec` is columns of :class:`NodeSpec` (a name, optionally a value, a gradient
and a note such as the bias) plus :class:`EdgeSpec` s between neighbouring columns (a label such
as the weight, solid for a weight, dashed for an activation). :func:`as_spec` builds one from

* a plain description: layer sizes and weight matrices (:func:`spec_from_lists`),
* the scalar engine's :class:`chainrule.scalar.nn.MLP`,
* an array-engine ``chainrule.nn.Sequential`` of ``Dense`` layers and activations,
* the explain engineer's ``chainrule.explain.Network`` (seed 000's and seed 003's networks),

and :func:`with_values` fills in forward values and gradients by node name (from a mapping, a
list per layer, or an ``Explanation``). The drawing itself is in :mod:`chainrule.viz.network`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.escape import mathtext
from chainrule.viz.graph import format_number


@dataclass(frozen=True)
class NodeSpec:
    """One neuron (or input): its name, and optionally its value, gradient and a note."""

    name: str
    value: float | None = None
    grad: float | None = None
    note: str | None = None
    hidden: int = 0  # > 0: a "⋮" placeholder standing for this many nodes left out


@dataclass(frozen=True)
class EdgeSpec:
    """A connection from node ``source`` = (column, row) to ``target`` in the next column."""

    source: tuple[int, int]
    target: tuple[int, int]
    label: str = ""
    dashed: bool = False


@dataclass(frozen=True)
class NetworkSpec:
    """Columns of nodes, edges between neighbouring columns, and a caption per column."""

    layers: tuple[tuple[NodeSpec, ...], ...]
    edges: tuple[EdgeSpec, ...]
    captions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for e in self.edges:
            for end in (e.source, e.target):
                k, i = end
                if not (0 <= k < len(self.layers) and 0 <= i < len(self.layers[k])):
                    raise ShapeError(f"edge {e.source} -> {e.target}: node {end} does not exist")
            if e.target[0] != e.source[0] + 1:
                raise ShapeError(f"edge {e.source} -> {e.target} must join neighbouring columns")

    def node_names(self) -> list[str]:
        """Every node's name, column by column."""
        return [n.name for layer in self.layers for n in layer]


_NAME = re.compile(r"^([A-Za-z]+)(\d*)(?:_\{?([A-Za-z0-9]+)\}?)?(?:\^\{?([A-Za-z0-9]+)\}?)?$")


def math_name(name: str) -> str:
    """A name as matplotlib mathtext when it is simple: ``y1^a`` → ``$y_{1}^{a}$``.

    Letters, trailing digits (a subscript), then an optional ``_sub`` and ``^sup``
    (``w_i0^a0`` → ``$w_{i0}^{a0}$``). Anything else stays plain text (with ``$`` escaped).
    """
    m = _NAME.match(name)
    if m is None:
        return mathtext(name)
    base, digits, sub, sup = m.groups()
    base = base if len(base) == 1 else rf"\mathrm{{{base}}}"
    if digits and sub:
        base, sub = base + digits, sub
    elif digits:
        sub = digits
    return "$" + base + (f"_{{{sub}}}" if sub else "") + (f"^{{{sup}}}" if sup else "") + "$"


def edge_label(name: str | None, value: float | None, show: str) -> str:
    """An edge's text: the weight's value, its name, or ``name = value``."""
    if value is None or show == "name":
        return math_name(name) if name else ""
    if name is None or show == "value":
        return format_number(value)
    return f"{math_name(name)} = {format_number(value)}"


def spec_from_lists(sizes: Sequence[int], weights: Sequence[Any] | None = None,
                    biases: Sequence[Any] | None = None, *,
                    names: Sequence[Sequence[str]] | None = None,
                    weight_names: Sequence[Sequence[Sequence[str]]] | None = None,
                    activations: Sequence[str] | None = None,
                    show: str = "value") -> NetworkSpec:
    """A fully connected network from layer sizes and weight matrices.

    Parameters
    ----------
    sizes : sequence of int
        n₀ inputs, then the width of each layer: (n₀, n₁, …, n_L).
    weights : sequence of arrays, optional
        ``weights[k]`` of shape (n_{k+1}, n_k): ``weights[k][j][i]`` joins node i of column k to
        node j of column k + 1 (row j holds the weights into neuron j, as in y_j = Σᵢ w_ji xᵢ).
        Without weights the edges carry no labels.
    biases : sequence of arrays, optional
        ``biases[k]`` of shape (n_{k+1},), shown under each neuron.
    names : list of lists of str, optional
        Node names per column; default x1.. for inputs, h{k}_{j} for hidden, y1.. for outputs.
    weight_names : nested lists of str, optional
        Names of the weights, shaped like ``weights``.
    activations : sequence of str, optional
        One per layer, shown in the column caption.
    show : {"value", "name", "both"}
        What an edge label says.
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ShapeError(f"sizes must list at least two layer widths >= 1; got {sizes}")
    depth = len(sizes) - 1
    for what, given in (("weights", weights), ("biases", biases), ("activations", activations)):
        if given is not None and len(given) != depth:
            raise ShapeError(f"{what} has {len(given)} entries for {depth} layers")
    if names is None:
        names = [[f"x{i + 1}" for i in range(sizes[0])]]
        names += [[f"h{k}_{j + 1}" for j in range(sizes[k])] for k in range(1, depth)]
        names += [[f"y{j + 1}" for j in range(sizes[-1])]]
    if [len(n) for n in names] != sizes:
        raise ShapeError(f"names has {[len(n) for n in names]} per column; sizes are {sizes}")
    mats = []
    for k in range(depth):
        if weights is None:
            mats.append(None)
            continue
        w = np.asarray(weights[k], dtype=float)
        if w.shape != (sizes[k + 1], sizes[k]):
            raise ShapeError(f"weights[{k}] has shape {w.shape}; layer {k + 1} joins "
                             f"{sizes[k]} -> {sizes[k + 1]} nodes and needs "
                             f"({sizes[k + 1]}, {sizes[k]}) (row j = weights into neuron j)")
        mats.append(w)
    layers = [[NodeSpec(n) for n in names[0]]]
    for k in range(depth):
        b = None if biases is None else np.asarray(biases[k], dtype=float).reshape(-1)
        if b is not None and b.shape != (sizes[k + 1],):
            raise ShapeError(f"biases[{k}] has {b.size} values for {sizes[k + 1]} neurons")
        layers.append([NodeSpec(n, note=None if b is None else f"b = {format_number(b[j])}")
                       for j, n in enumerate(names[k + 1])])
    edges = []
    for k, w in enumerate(mats):
        for j in range(sizes[k + 1]):
            for i in range(sizes[k]):
                name = weight_names[k][j][i] if weight_names is not None else None
                value = None if w is None else float(w[j, i])
                edges.append(EdgeSpec((k, i), (k + 1, j), edge_label(name, value, show)))
    captions = ["input"] + [f"layer {k + 1}" for k in range(depth)]
    if activations is not None:
        captions = ["input"] + [f"layer {k + 1} ({a})" for k, a in enumerate(activations)]
    return NetworkSpec(tuple(map(tuple, layers)), tuple(edges), tuple(captions))


def spec_from_description(network: Any, show: str = "value") -> NetworkSpec:
    """A spec from a ``chainrule.explain.Network`` drawn one circle per neuron, named x1…,
    h{k}_{j}…, y1… (the layout used for models, which name nothing)."""
    weights = [layer.weights for layer in network.layers]
    biases = [[layer.bias_of(j)[1] for j in range(layer.units)] for layer in network.layers]
    sizes = list(network.layer_sizes)
    acts = [layer.activation for layer in network.layers]
    return spec_from_lists(sizes, weights, biases, activations=acts, show=show)


def spec_from_mlp(mlp: Any, show: str = "value") -> NetworkSpec:
    """A spec from the scalar engine's ``MLP``, through its one description
    (:func:`chainrule.explain.model.describe.describe`)."""
    from chainrule.explain.model.describe import describe

    return spec_from_description(describe(mlp), show)


def spec_from_sequential(model: Any, show: str = "value") -> NetworkSpec:
    """A spec from a ``chainrule.nn.Sequential`` of Dense and activation layers, through its
    one description (:func:`chainrule.explain.model.describe.describe`; ``Dense.weight`` (in, out)
    is transposed there into rows = receiving neurons; Dropout is skipped)."""
    from chainrule.explain.model.describe import describe

    return spec_from_description(describe(model), show)


def as_spec(network: Any, show: str | None = None, *,
            split_activations: bool = True) -> NetworkSpec:
    """Whatever describes a network, as a :class:`NetworkSpec`.

    Accepts a NetworkSpec, a ``chainrule.explain.Network``, a scalar ``MLP``, a
    ``chainrule.nn.Sequential``, or a dict/tuple ``(sizes, weights[, biases])``. ``show``
    says what edge labels hold: "value", "name" or "both" (default: "both" for an explain
    Network, whose weights have names, else "value"). ``split_activations`` applies to an
    explain Network: net inputs and activations in separate columns.
    """
    if show not in (None, "value", "name", "both"):
        raise ConfigError(f"show must be 'value', 'name' or 'both'; got {show!r}")
    if isinstance(network, NetworkSpec):
        return network
    module = type(network).__module__
    if module.startswith("chainrule.explain"):
        from chainrule.viz.netexplain import spec_from_explain

        return spec_from_explain(network, show=show, split_activations=split_activations)
    show = show or "value"
    if isinstance(network, Mapping):
        if "sizes" not in network:
            raise ConfigError("a network dict needs 'sizes' (and usually 'weights')")
        return spec_from_lists(network["sizes"], network.get("weights"), network.get("biases"),
                               names=network.get("names"), show=show)
    if isinstance(network, tuple) and network and isinstance(network[0], Sequence):
        return spec_from_lists(*network, show=show)
    if module.startswith("chainrule.scalar"):
        return spec_from_mlp(network, show=show)
    if module.startswith("chainrule.nn") or hasattr(network, "layers"):
        return spec_from_sequential(network, show=show)
    raise ConfigError(f"cannot draw a {type(network).__name__} as a network: pass a "
                      f"NetworkSpec, an explain.Network, an MLP, a Sequential, or "
                      f"(sizes, weights)")


def collapse(spec: NetworkSpec, max_per_column: int = 12) -> NetworkSpec:
    """Columns taller than ``max_per_column`` keep their first nodes and their last one, with a
    "⋮" placeholder between (seed 003 draws wide layers the same way); edges of the nodes left
    out are dropped."""
    if max_per_column < 3:
        raise ConfigError(f"max_per_column must be at least 3; got {max_per_column}")
    remap: dict[tuple[int, int], tuple[int, int]] = {}
    layers = []
    for k, layer in enumerate(spec.layers):
        n = len(layer)
        if n <= max_per_column:
            keep = list(range(n))
            nodes = list(layer)
        else:
            keep = [*range(max_per_column - 2), n - 1]
            nodes = [layer[i] for i in keep[:-1]]
            nodes += [NodeSpec("⋮", hidden=n - len(keep)), layer[n - 1]]
        for pos, i in enumerate(keep):
            remap[(k, i)] = (k, pos if i != n - 1 or n <= max_per_column else len(nodes) - 1)
        layers.append(tuple(nodes))
    edges = tuple(replace(e, source=remap[e.source], target=remap[e.target])
                  for e in spec.edges if e.source in remap and e.target in remap)
    return replace(spec, layers=tuple(layers), edges=edges)


def with_values(spec: NetworkSpec, values: Any = None, grads: Any = None) -> NetworkSpec:
    """``spec`` with node values and gradients filled in.

    ``values``/``grads`` may be a mapping from node name to number, a list of lists (one per
    column), or an object whose ``.values`` / ``.grads`` are such mappings (an Explanation).
    Names absent from a mapping keep their node empty.
    """
    vals = _per_node(spec, values, "values")
    grs = _per_node(spec, grads, "grads")
    layers = tuple(
        tuple(n if n.hidden else replace(n, value=vals[k][i] if vals else n.value,
                                         grad=grs[k][i] if grs else n.grad)
              for i, n in enumerate(layer))
        for k, layer in enumerate(spec.layers))
    return replace(spec, layers=layers)


def _per_node(spec: NetworkSpec, given: Any, what: str) -> list[list[float | None]] | None:
    if given is None:
        return None
    if not isinstance(given, Mapping) and isinstance(getattr(given, what, None), Mapping):
        given = getattr(given, what)  # an Explanation: .values / .grads by node name
    if isinstance(given, Mapping):
        return [[_num(given.get(n.name)) for n in layer] for layer in spec.layers]
    rows = [list(r) for r in given]
    if [len(r) for r in rows] != [len(layer) for layer in spec.layers]:
        raise ShapeError(f"{what} has {[len(r) for r in rows]} per column; the network has "
                         f"{[len(layer) for layer in spec.layers]}")
    return [[_num(v) for v in r] for r in rows]


def _num(v: Any) -> float | None:
    if v is None:
        return None
    return float(getattr(v, "data", v))
