"""conv2d network files: every bad field is one ConfigError line naming the file and the field;
a hostile file is refused before any array is made; a network round-trips through to_dict."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import numpy as np
import pytest
import tomllib

from chainrule.errors import BudgetError, ConfigError
from chainrule.explain.conv.model import ConvNetwork
from chainrule.explain.conv.network import from_dict
from chainrule.explain.families import load_file
from chainrule.explain.model import fields

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
BASE = tomllib.loads((EXAMPLES / "conv.toml").read_text(encoding="utf-8"))
# conv.toml: X 3×3 → conv2d 2×2 (1×2×2) → relu → flatten (4) → dense (1), half_sse, t = 1


def _layer(i, **changes):
    def edit(d):
        d["layers"][i].update(changes)
    return edit


def _insert(i, table):
    def edit(d):
        d["layers"].insert(i, table)
    return edit


def _softmax_in_the_middle(d):
    d["layers"][3].update(weight=[[1, 0, 0, 1], [0, 1, 1, 0]], bias=[0, 0])
    d["layers"] += [{"type": "softmax"}, {"type": "dense", "weight": [[1.0, 1.0]]}]


BAD = [
    ("layers[0].weight", _layer(0, weight=[[[[0.5, -1], [0.25, 1]]] * 2]),
     "kernels over 1 input channel"),  # (1, 2, 2, 2): two input channels on a 1-channel image
    ("layers[3].weight", _layer(3, weight=[[1.0, -0.5, 0.5]]), "rows of 4 numbers"),
    ("layers[4].type", _softmax_in_the_middle, "softmax as the last layer"),
    ("layers[1].type", _insert(1, {"type": "softmax"}), "softmax as the last layer"),
    ("layers[0].weight", _layer(0, weight=[[1.0] * 4] * 4), "a kernel that fits the 3×3"),
    ("layers[0].weight", _layer(0, weight=[[1.0] * 6] * 6, padding=1), "padding (1, 1)"),
    ("layers[0].weigth", _layer(0, weigth=[[1.0]]), "one of the keys"),
    ("layers[2].colour", _layer(2, colour="red"), "one of the keys type"),
    ("layers[1].type", _layer(1, type="conv3d"), "one of conv2d"),
    ("targets", lambda d: d.update(targets=[1.0, 0.0]), "1 row(s) of 1 number(s)"),
    ("targets", lambda d: d.update(targets=[[1.0], [0.0]]), "1 row(s) of 1 number(s)"),
    ("layers[0].stride", _layer(0, stride=0), "an int ≥ 1"),
    ("layers[0].stride", _layer(0, stride=[1, 0]), "an int ≥ 1"),
    ("layers[0].padding", _layer(0, padding=-1), "an int ≥ 0"),
    ("layers[0].bias", _layer(0, bias=[0.1, 0.2]), "one per output channel"),
    ("layers[0].weight", lambda d: d["layers"][0].pop("weight"), "missing"),
    ("layers[2].kernel_size", _insert(2, {"type": "maxpool2d", "kernel_size": 3}), "fits 2×2"),
    ("layers[2].padding", _insert(2, {"type": "maxpool2d", "kernel_size": 2, "padding": 2}),
     "at most half"),
    ("layers[4]", _insert(4, {"type": "conv2d", "weight": [[1.0]]}), "a conv2d on images"),
    ("layers[2]", lambda d: d["layers"].pop(2), "a dense layer after a flatten"),
    ("layers", lambda d: d["layers"].pop(2) and d["layers"].pop(2), "ending in a row"),
    ("inputs", lambda d: d.update(inputs=[[[[[1.0]]]]]), "2-D or 3-D or 4-D"),
    ("learning_rate", lambda d: d.update(learning_rate=0), "a number > 0"),
    ("loss.kind", lambda d: d["loss"].update(kind="hinge"), "half_sse"),
    ("colour", lambda d: d.update(colour=1), "one of the keys"),
]


@pytest.mark.parametrize(("field", "edit", "says"), BAD,
                         ids=[f"{i}-{b[0]}" for i, b in enumerate(BAD)])
def test_a_bad_field_is_one_line_naming_file_and_field(field, edit, says):
    d = copy.deepcopy(BASE)
    edit(d)
    with pytest.raises(ConfigError) as err:
        from_dict(d, "net.toml")
    message = str(err.value)
    assert message.startswith(f"net.toml: {field}:"), message
    assert "\n" not in message and says in message


def test_the_base_file_is_fine():
    # every BAD case above is its one edit away from a file that loads
    net = from_dict(copy.deepcopy(BASE), "net.toml")
    assert isinstance(net, ConvNetwork) and net.xs.shape == (1, 1, 3, 3)
    assert [layer.kind for layer in net.layers] == ["conv2d", "relu", "flatten", "dense"]
    assert net.targets.shape == (1, 1)


@pytest.fixture
def no_arrays(monkeypatch):
    """Fail the test if the file's numbers are turned into an array."""
    def boom(*args, **kwargs):
        raise AssertionError("an array was made before the size check")
    monkeypatch.setattr(fields, "numbers_array", boom)
    monkeypatch.setattr(fields, "numbers_list", boom)


def test_a_file_over_the_size_budget_is_refused_before_its_arrays(monkeypatch, no_arrays):
    monkeypatch.setenv("CHAINRULE_MAX_EXPLAIN_SIZE", "50")
    d = copy.deepcopy(BASE)
    d["inputs"] = np.zeros((8, 8)).tolist()
    with pytest.raises(BudgetError, match="CHAINRULE_MAX_EXPLAIN_SIZE") as err:
        from_dict(d, "net.toml")
    assert str(err.value).startswith("net.toml: ") and "\n" not in str(err.value)


@pytest.mark.parametrize("where", ["inputs", "targets", "kernel", "dense", "layers"])
def test_a_hostile_huge_network_is_refused_at_the_default_budget(where, no_arrays):
    # a million numbers (rows shared, so the dict itself is small): 8 MB as one array, and a
    # walkthrough of every one; refused by counting, quickly, before any array exists
    row = [0.0] * 1000
    huge = [row] * 1000
    d = copy.deepcopy(BASE)
    if where == "inputs":
        d["inputs"] = huge
    elif where == "targets":
        d["targets"] = huge
    elif where == "kernel":
        d["layers"][0]["weight"] = [[huge]]
    elif where == "dense":
        d["layers"][3]["weight"] = huge
    else:
        d["layers"] = d["layers"][:1] + [{"type": "relu"}] * 200_000 + d["layers"][1:]
    start = time.perf_counter()
    with pytest.raises(BudgetError, match="numbers in the network's arrays"):
        from_dict(d, "huge.toml")
    assert time.perf_counter() - start < 5


def test_a_hostile_file_on_disk_is_one_line(tmp_path):
    text = (EXAMPLES / "conv.toml").read_text(encoding="utf-8")
    side = 400  # 160,000 pixels
    rows = ",\n".join("[" + ", ".join(["0.5"] * side) + "]" for _ in range(side))
    start = text.index("inputs = ")
    end = text.index("targets = ")
    path = tmp_path / "huge.toml"
    path.write_text(text[:start] + f"inputs = [{rows}]\n" + text[end:], encoding="utf-8")
    with pytest.raises(BudgetError) as err:
        load_file(path)
    assert "\n" not in str(err.value) and "huge.toml" in str(err.value)


def test_too_deep_a_nesting_is_a_config_error_not_an_array():
    d = copy.deepcopy(BASE)
    d["inputs"] = [[[[[[[[0.0] * 1000] * 1000]]]]]]  # deeper than any image
    with pytest.raises(ConfigError, match=r"^net\.toml: inputs: "):
        from_dict(d, "net.toml")


def test_too_many_steps_are_refused_before_training():
    net = from_dict(copy.deepcopy(BASE), "net.toml")
    start = time.perf_counter()
    with pytest.raises(ConfigError, match="over the budget"):
        net.explain(10**9)
    assert time.perf_counter() - start < 5


def _rich_network() -> dict:
    """Two images of two channels, every layer kind, pairs, aliases and softmax + cce."""
    rng = np.random.default_rng(12)
    u = lambda *s: rng.uniform(-1, 1, s).round(4).tolist()  # noqa: E731
    return {"kind": "conv2d", "name": "rich", "description": "all the layers",
            "learning_rate": 0.2, "inputs": u(2, 2, 6, 7), "targets": [[0, 1, 0], [1, 0, 0]],
            "layers": [
                {"type": "conv", "weight": u(3, 2, 3, 2), "bias": u(3), "stride": [1, 2],
                 "padding": [1, 0]},
                {"type": "maxpool", "kernel_size": [2, 2], "stride": 1},
                {"type": "tanh"},
                {"type": "conv2d", "weight": u(2, 3, 2, 2)},
                {"type": "sigmoid"},
                {"type": "flatten"},
                {"type": "linear", "weight": u(3, 2 * 4 * 1), "bias": u(3)},
                {"type": "softmax"}],
            "loss": {"kind": "cce", "name": "L"}}


@pytest.mark.parametrize("network", [lambda: copy.deepcopy(BASE), _rich_network],
                         ids=["conv.toml", "rich"])
def test_the_network_round_trips_through_to_dict(network):
    net = from_dict(network(), "net.toml")
    data = net.to_dict()
    again = from_dict(json.loads(json.dumps(data)), "again")
    assert again.to_dict() == data
    assert again.named() == net.named()
    np.testing.assert_array_equal(again.xs, net.xs)
    np.testing.assert_array_equal(again.targets, net.targets)
    assert [(a.kind, a.config, a.shape) for a in again.layers] == [
        (b.kind, b.config, b.shape) for b in net.layers]
    assert (again.loss, again.learning_rate, again.name, again.description) == (
        net.loss, net.learning_rate, net.name, net.description)
    one, two = net.explain(4, show=[1, 4]), again.explain(4, show=[1, 4])
    assert one.to_dict() == two.to_dict()  # every number of every shown step, exactly
    assert one.losses == two.losses and one.final_parameters == two.final_parameters
    for k in (1, 4):
        for sym, grad in one.detail(k).grads.items():
            np.testing.assert_array_equal(two.detail(k).grads[sym], grad)


def test_aliases_and_spellings_are_written_back_canonical():
    data = from_dict(_rich_network(), "net.toml").to_dict()
    assert [t["type"] for t in data["layers"]] == [
        "conv2d", "maxpool2d", "tanh", "conv2d", "sigmoid", "flatten", "dense", "softmax"]
    assert data["layers"][0]["stride"] == [1, 2] and data["layers"][0]["padding"] == [1, 0]
    assert data["layers"][1] == {"type": "maxpool2d", "kernel_size": [2, 2], "stride": [1, 1],
                                 "padding": [0, 0]}
    assert data["layers"][3]["bias"] == [0.0, 0.0]  # bias left out: zeros


def test_the_input_layouts_are_the_same_network():
    # H×W, C×H×W and N×C×H×W of one image are one network; flat targets of N·n numbers too
    x = [[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [2.0, 0.0, 1.0]]
    nets = [from_dict(dict(copy.deepcopy(BASE), inputs=v), "net.toml")
            for v in (x, [x], [[x]])]
    for net in nets:
        assert net.xs.shape == (1, 1, 3, 3)
        np.testing.assert_array_equal(net.xs, nets[0].xs)
    d = copy.deepcopy(BASE)
    d["inputs"] = [[x], [x]]
    d["targets"] = [1.0, 0.5]
    net = from_dict(d, "net.toml")
    np.testing.assert_array_equal(net.targets, [[1.0], [0.5]])
