"""micrograd's own tests and helpers on chainrule Values, with only the import changed.

micrograd's ``test/test_engine.py`` compares against PyTorch; PyTorch is not a dependency, so
its numbers are recomputed here independently: by hand for the sanity check, by central
differences of the same formula on floats for the other. ``draw_dot`` is the helper from
micrograd's ``trace_graph.ipynb``, verbatim, drawing into a recording stand-in for graphviz.
"""

from __future__ import annotations

import pytest

from chainrule.scalar import Value
from chainrule.scalar.nn import MLP, Layer, Neuron


def test_sanity_check() -> None:
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    # by hand at x = −4: z = 3x + 2 = −10 < 0, so q = z·x = 40, h = z² = 100,
    # y = h + q + q·x = −20; y' = 2z·3 + (3x + z) + (3x + z)·x + q = −60 − 22 + 88 + 40 = 46
    assert y.data == -20.0
    assert x.grad == 46.0


def _more_ops(a, b):
    relu = (lambda v: v.relu()) if isinstance(a, Value) else (lambda v: max(v, 0.0))
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + relu(b + a)
    d += 3 * d + relu(b - a)
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    return g


def test_more_ops() -> None:
    a, b = Value(-4.0), Value(2.0)
    g = _more_ops(a, b)
    g.backward()
    tol = 1e-6
    h = 1e-6
    assert abs(g.data - _more_ops(-4.0, 2.0)) < tol
    da = (_more_ops(-4.0 + h, 2.0) - _more_ops(-4.0 - h, 2.0)) / (2 * h)
    db = (_more_ops(-4.0, 2.0 + h) - _more_ops(-4.0, 2.0 - h)) / (2 * h)
    assert a.grad == pytest.approx(da, rel=1e-6)
    assert b.grad == pytest.approx(db, rel=1e-6)


class _Digraph:
    """Records what graphviz.Digraph would draw."""

    def __init__(self, format: str = "svg", graph_attr: dict | None = None) -> None:
        self.nodes: dict[str, str] = {}
        self.edges: list[tuple[str, str]] = []

    def node(self, name: str, label: str = "", shape: str = "") -> None:
        assert isinstance(name, str) and isinstance(label, str)
        self.nodes[name] = label

    def edge(self, a: str, b: str) -> None:
        self.edges.append((a, b))


def trace(root):
    # builds a set of all nodes and edges in a graph (micrograd's trace_graph.ipynb)
    nodes, edges = set(), set()

    def build(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)
    build(root)
    return nodes, edges


def draw_dot(root):
    dot = _Digraph(format="svg", graph_attr={"rankdir": "LR"})  # LR = left to right

    nodes, edges = trace(root)
    for n in nodes:
        uid = str(id(n))
        # for any value in the graph, create a rectangular ('record') node for it
        dot.node(name=uid, label="{ data %.4f | grad %.4f }" % (n.data, n.grad),  # noqa: UP031
                 shape="record")
        if n._op:
            # if this value is a result of some operation, create an op node for it
            dot.node(name=uid + n._op, label=n._op)
            # and connect this node to it
            dot.edge(uid + n._op, uid)

    for n1, n2 in edges:
        # connect n1 to the op node of n2
        dot.edge(str(id(n1)), str(id(n2)) + n2._op)

    return dot


def test_micrograd_draw_dot_works_on_values() -> None:
    x = Value(1.0)
    y = (x * 2 + 1).relu()
    y.backward()
    dot = draw_dot(y)
    assert sorted(label for label in dot.nodes.values() if not label.startswith("{")) == \
        ["add", "mul", "relu"]
    assert x._op == "" and y._op == "relu"
    # op -> result for 3 ops, operand -> op for x and 2 (mul), x·2 and 1 (add), the sum (relu)
    assert len(dot.edges) == 3 + 5


def test_reprs_match_micrograd() -> None:
    assert repr(Neuron(2)) == "ReLUNeuron(2)"
    assert repr(Neuron(3, nonlin=False)) == "LinearNeuron(3)"
    assert repr(Layer(2, 1)) == "Layer of [ReLUNeuron(2)]"
    model = MLP(2, [2, 1])
    assert repr(model) == "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], " \
        "Layer of [LinearNeuron(2)]]"


@pytest.mark.parametrize("activation", ["elu", "gelu", "softplus", "leaky_relu", "logistic"])
def test_neurons_take_any_activation_row(activation: str) -> None:
    n = Neuron(2, activation=activation, seed=3)
    out = n([0.5, -1.0])
    z = sum(w.data * x for w, x in zip(n.w, [0.5, -1.0])) + n.b.data
    from chainrule import rules

    row = rules.ACTIVATIONS[activation]
    assert out.data == pytest.approx(row.forward(z, *row.defaults), rel=1e-14)


def test_the_scalar_engine_does_not_import_viz_and_viz_registers_the_picture() -> None:
    import inspect

    from chainrule.scalar import value as value_module

    assert "chainrule.viz" not in inspect.getsource(value_module)
    import chainrule.viz  # noqa: F401 - registers Value._repr_svg_

    svg = (Value(2.0, name="a") * 3)._repr_svg_()
    assert svg.lstrip().startswith("<") and "svg" in svg
