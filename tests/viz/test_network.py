"""Network diagrams: adapters to the neutral spec, labels that never overlap, values and grads."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.patches import Circle

from chainrule import nn
from chainrule.errors import ConfigError, ShapeError
from chainrule.explain import Network, explain
from chainrule.viz import draw_network, network_svg, spec_from_lists
from chainrule.viz.netspec import (
    EdgeSpec,
    NetworkSpec,
    NodeSpec,
    as_spec,
    collapse,
    math_name,
    with_values,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def explain_network(name: str):
    return Network.from_toml(EXAMPLES / f"{name}.toml")


def assert_no_overlaps(fig) -> int:
    """No two texts overlap, and no edge label covers a neuron; returns the text count."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    texts = [t for t in ax.texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            assert not a.overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())
    circles = [c.get_window_extent(renderer) for c in ax.patches if isinstance(c, Circle)]
    edge_labels = [b for t, b in zip(texts, boxes) if t.get_color() == "#1f4e79"]
    for label in edge_labels:
        for c in circles:
            assert not label.overlaps(c)
    return len(texts)


def seed000_lists():
    # Seed 000's wiring: y1 = x1·w1 + x2·w3 + c1, y2 = x1·w2 + x2·w4 + c1, and likewise z.
    return spec_from_lists(
        (2, 2, 2), [[[0.15, 0.25], [0.2, 0.3]], [[0.4, 0.5], [0.45, 0.55]]],
        [[0.35, 0.35], [0.6, 0.6]], names=[["x1", "x2"], ["y1", "y2"], ["z1", "z2"]],
        weight_names=[[["w1", "w3"], ["w2", "w4"]], [["w5", "w7"], ["w6", "w8"]]],
        show="both")


def test_spec_from_lists_wiring():
    spec = seed000_lists()
    labels = {(e.source, e.target): e.label for e in spec.edges}
    assert labels[((0, 0), (1, 0))] == "$w_{1}$ = 0.15"
    assert labels[((0, 1), (1, 0))] == "$w_{3}$ = 0.25"  # x2 → y1 is w3
    assert labels[((1, 0), (2, 1))] == "$w_{6}$ = 0.45"  # y1 → z2 is w6
    assert spec.layers[1][0].note == "b = 0.35"
    assert spec.node_names() == ["x1", "x2", "y1", "y2", "z1", "z2"]


def test_seed000_diagram_from_lists_has_no_overlaps(tmp_path):
    fig = draw_network(seed000_lists(), values={"x1": 0.05, "x2": 0.1}, path=tmp_path / "n.png")
    assert assert_no_overlaps(fig) >= 6 + 8 + 4
    assert (tmp_path / "n.png").stat().st_size > 2000


def test_seed000_explain_network_split_and_folded():
    net = explain_network("seed000")
    for split, columns in ((True, 5), (False, 3)):
        spec = as_spec(net, split_activations=split)
        assert len(spec.layers) == columns
        assert sum(1 for e in spec.edges if e.label) == 8
        assert_no_overlaps(draw_network(net, split_activations=split))
    spec = as_spec(net)
    assert [n.name for n in spec.layers[2]] == ["y1^a", "y2^a"]
    assert sum(1 for e in spec.edges if e.dashed) == 4
    assert spec.layers[1][0].note == "$c_{1}$ = 0.35"  # the shared bias, under each neuron


def test_seed003_evaluated_network():
    # Seed 003's evaluated network: inputs 1, 0.5, 1; a0 = 0.5·1 + 1·0.5 − 0.5·1 = 0.5;
    # b0 = relu(0.5) = 0.5; c0 = −1·0.5 = −0.5, c1 = 0.5; o0 = relu(−0.5) = 0, o1 = 0.5.
    net = explain_network("seed003")
    values = {"i0": 1, "i1": 0.5, "i2": 1, "a0": 0.5, "b0": 0.5, "c0": -0.5, "c1": 0.5,
              "o0": 0.0, "o1": 0.5}
    fig = draw_network(net, values=values)
    assert_no_overlaps(fig)
    shown = {t.get_text() for t in fig.axes[0].texts}
    assert "$c_{0}$\n-0.5" in shown and "$o_{0}$\n0" in shown and "$a_{0}$\n0.5" in shown
    svg = network_svg(net, values=values)
    for label in ("$w_{i0}^{a0}$ = 0.5", "$w_{b0}^{c1}$ = 1", "$b^{c0}$ = 0", "relu"):
        assert label in svg


def test_values_and_grads_from_an_explanation():
    net = explain_network("seed003")
    ex = explain(net)
    fig = draw_network(net, values=ex, grads=ex)
    assert_no_overlaps(fig)
    texts = {t.get_text() for t in fig.axes[0].texts}
    # Seed 003 by hand: ∂E/∂o = 2(o − ŷ)/2 = −0.5, −0.5; ReLU′(c0 = −0.5) = 0 so ∂E/∂c0 = 0;
    # ∂E/∂b0 = −1·0 + 1·(−0.5) = −0.5 = ∂E/∂a0 (ReLU′(0.5) = 1).
    for node in ("$o_{0}$\n0\n∇ -0.5", "$c_{0}$\n-0.5\n∇ 0", "$a_{0}$\n0.5\n∇ -0.5"):
        assert node in texts


def test_values_and_grads_by_column_and_by_name():
    spec = spec_from_lists((2, 1), [[[1.0, -1.0]]])
    filled = with_values(spec, [[1, 2], [3]], {"y1": -0.25})
    assert [n.value for n in filled.layers[0]] == [1, 2] and filled.layers[1][0].grad == -0.25
    fig = draw_network(spec, [[1, 2], [3]], {"y1": -0.25})
    assert "$y_{1}$\n3\n∇ -0.25" in {t.get_text() for t in fig.axes[0].texts}
    with pytest.raises(ShapeError, match="per column"):
        with_values(spec, [[1], [3]])


def test_sequential_adapter_transposes_dense_weights():
    model = nn.Sequential(nn.Dense(3, 2, seed=1, dtype=np.float64), nn.Sigmoid(),
                          nn.Dense(2, 1, seed=2, dtype=np.float64))
    spec = as_spec(model)
    assert [len(c) for c in spec.layers] == [3, 2, 1]
    w = model.layers[0].weight.data  # (in, out): w[i, j] joins input i to neuron j
    labels = {(e.source, e.target): e.label for e in spec.edges}
    assert labels[((0, 2), (1, 0))] == f"{float(w[2, 0]):.4g}"
    assert spec.captions[1] == "layer 1 (sigmoid)"
    assert_no_overlaps(draw_network(model))


def test_scalar_mlp_adapter():
    from chainrule.scalar.nn import MLP

    mlp = MLP(2, [3, 1], seed=0)
    spec = as_spec(mlp)
    assert [len(c) for c in spec.layers] == [2, 3, 1]
    first = mlp.layers[0].neurons[1].w[0].data  # input 0 → neuron 1
    assert {(e.source, e.target): e.label for e in spec.edges}[((0, 0), (1, 1))] == \
        f"{first:.4g}"


def test_wide_layers_collapse_and_many_weights_lose_labels():
    weights = [np.ones((32, 64)), np.ones((10, 32))]
    fig = draw_network({"sizes": [64, 32, 10], "weights": weights})
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert "⋮\n53 more" in texts and "⋮\n21 more" in texts
    assert any("too many to label" in t for t in texts)
    spec = collapse(as_spec({"sizes": [20, 2]}), 5)
    assert [n.name for n in spec.layers[0]] == ["x1", "x2", "x3", "⋮", "x20"]
    assert {e.source for e in spec.edges} == {(0, 0), (0, 1), (0, 2), (0, 4)}


def test_bad_descriptions():
    with pytest.raises(ShapeError, match=r"weights\[0\] has shape \(3, 2\)"):
        spec_from_lists((3, 2), [np.zeros((3, 2))])
    with pytest.raises(ShapeError, match="at least two"):
        spec_from_lists((3,))
    with pytest.raises(ShapeError, match="neighbouring"):
        NetworkSpec(((NodeSpec("a"),), (NodeSpec("b"),), (NodeSpec("c"),)),
                    (EdgeSpec((0, 0), (2, 0)),))
    with pytest.raises(ConfigError, match="cannot draw"):
        draw_network(42)
    with pytest.raises(ConfigError, match="show"):
        draw_network({"sizes": [1, 1]}, show="everything")


def test_math_names():
    assert math_name("y1^a") == "$y_{1}^{a}$"
    assert math_name("w_i0^a0") == "$w_{i0}^{a0}$"
    assert math_name("E_total") == r"$E_{total}$"
    assert math_name("target") == r"$\mathrm{target}$"
    assert math_name("h1_2") == "$h1_{2}$"
    assert math_name("a b$") == r"a b\$"


@settings(max_examples=15)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=4), st.integers(0, 2**31 - 1))
def test_random_networks_never_overlap(sizes, seed):
    rng = np.random.default_rng(seed)
    weights = [np.round(rng.normal(size=(b, a)), 3) for a, b in pairwise(sizes)]
    fig = draw_network((sizes, weights))
    assert_no_overlaps(fig)


def test_edge_labels_stay_off_the_crossings():
    from chainrule.viz.layered import text_size
    from chainrule.viz.netspec import as_spec
    from chainrule.viz.network import EDGE_FONT, _Geometry, _node_text

    root = Path(__file__).resolve().parents[2] / "examples"
    spec = as_spec(Network.from_toml(root / "seed000.toml"))
    texts = [[_node_text(n.name, n.value, n.grad, n.hidden) for n in layer]
             for layer in spec.layers]
    geo = _Geometry(spec, texts, 2.0)
    crossings = geo.crossings()
    assert len(crossings) == 2  # x1→y2 × x2→y1 and y1^a→z2 × y2^a→z1
    spots = geo.place_labels()
    assert spots is not None
    for idx, (cx, cy) in spots.items():
        w, h = text_size(spec.edges[idx].label, EDGE_FONT)
        for x, y in crossings:
            assert not (abs(cx - x) < w / 2 and abs(cy - y) < h / 2), spec.edges[idx].label
