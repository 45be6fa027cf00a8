"""Network files: the format, the Python API, systematic names, and errors that say where."""

from __future__ import annotations

import re

import pytest

from chainrule.errors import ConfigError
from chainrule.explain import LayerSpec, LossSpec, Network

GOOD = """
name = "tiny"
learning_rate = 0.5
inputs = [1.0, 2.0]
targets = [0.5]

[[layers]]
activation = "tanh"
weights = [[0.1, 0.2], [0.3, 0.4]]

[[layers]]
activation = "sigmoid"
weights = [[0.5, -0.5]]
biases = 0.25

[loss]
kind = "mse"
"""


def write(tmp_path, text: str):
    path = tmp_path / "net.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_systematic_names(tmp_path):
    net = Network.from_toml(write(tmp_path, GOOD))
    assert net.input_names == ("x1", "x2")
    assert net.layers[0].net_names == ("z[1]_1", "z[1]_2")
    assert net.layers[0].out_names == ("a[1]_1", "a[1]_2")
    assert net.layers[0].weight_names == (("w[1]_{1,1}", "w[1]_{1,2}"),
                                          ("w[1]_{2,1}", "w[1]_{2,2}"))
    assert net.layers[0].bias_names == ("b[1]_1", "b[1]_2")
    assert net.layers[0].biases == (0.0, 0.0)
    assert net.layers[1].shared_bias and net.layers[1].bias_names == ("b[2]",)
    assert net.loss.term_names == ("E1",) and net.loss.name == "E"
    assert net.loss.target_names == ("target₁",)
    assert net.layer_sizes == (2, 2, 1)
    assert net.node_names() == (("x1", "x2"), ("a[1]_1", "a[1]_2"), ("a[2]_1",))


def test_round_trip_and_python_api(tmp_path, seed000):
    net = Network.from_toml(write(tmp_path, GOOD))
    assert Network.from_dict(net.to_dict()) == net
    assert Network.from_dict(seed000.to_dict()) == seed000
    same = Network([1.0, 2.0], [LayerSpec([[0.1, 0.2], [0.3, 0.4]], activation="tanh"),
                                LayerSpec([[0.5, -0.5]], 0.25)], [0.5], 0.5, LossSpec("mse"),
                   name="tiny")
    assert same == net


def test_seed000_wiring(seed000):
    hidden = seed000.layers[0]
    assert hidden.bias_of(0) == ("c1", 0.35) and hidden.bias_of(1) == ("c1", 0.35)
    assert hidden.weight_names == (("w1", "w3"), ("w2", "w4"))
    assert seed000.frozen == ("c1", "c2")
    assert list(seed000.parameters()) == ["w1", "w2", "w3", "w4", "c1",
                                          "w5", "w6", "w7", "w8", "c2"]


@pytest.mark.parametrize(("edit", "field", "expected"), [
    (lambda t: t.replace('learning_rate = 0.5\n', ''), "learning_rate", "missing"),
    (lambda t: t.replace('weights = [[0.5, -0.5]]', 'weights = [[0.5, -0.5, 1.0]]'),
     "layers[1].weights[0]", "2 numbers"),
    (lambda t: t.replace('weights = [[0.1, 0.2], [0.3, 0.4]]', 'weights = [[0.1], [0.3]]'),
     "layers[0].weights[0]", "2 numbers"),
    (lambda t: t.replace('"tanh"', '"swish"'), "layers[0].activation", "one of"),
    (lambda t: t.replace('"mse"', '"hinge"'), "loss.kind", "one of"),
    (lambda t: t.replace('[0.1, 0.2]', '[0.1, "x"]'), "layers[0].weights[0][1]", "a number"),
    (lambda t: t.replace('targets = [0.5]', 'targets = [0.5, 1]'), "targets", "1 numbers"),
    (lambda t: t.replace('biases = 0.25', 'biases = [0.25, 1]'), "layers[1].biases",
     "1 numbers"),
    (lambda t: t.replace('weights = [[0.5, -0.5]]', 'wieghts = [[0.5, -0.5]]'),
     "layers[1].wieghts", "one of the keys"),
    (lambda t: t.replace('learning_rate = 0.5', 'learning_rate = -1'), "learning_rate",
     "> 0"),
    (lambda t: t.replace('name = "tiny"', 'name = "tiny"\nfrozen = ["w9"]'), "frozen[0]",
     "weight or bias"),
    (lambda t: t.replace('biases = 0.25', 'biases = 0.25\nbias_names = "x1"'),
     "layers[1].bias_names", "already names input_names[0]"),
    (lambda t: t.replace('kind = "mse"', 'name = "E"'), "loss.kind", "missing"),
])
def test_bad_files_name_the_file_and_the_field(tmp_path, edit, field, expected):
    path = write(tmp_path, edit(GOOD))
    with pytest.raises(ConfigError) as info:
        Network.from_toml(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {field}: expected"), message
    assert expected in message


def test_bad_toml_syntax(tmp_path):
    path = write(tmp_path, GOOD.replace("learning_rate = 0.5", "learning_rate = "))
    with pytest.raises(ConfigError, match=re.escape(str(path)) + ": bad TOML syntax"):
        Network.from_toml(path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the network file"):
        Network.from_toml(tmp_path / "nope.toml")


def test_python_api_errors_name_the_field():
    with pytest.raises(ConfigError, match=r"^Network\(\.\.\.\): layers\[0\]\.weights\[1\]"):
        Network([1, 2], [LayerSpec([[1, 2], [3]])], [0.0, 0.0], 0.1)
    with pytest.raises(ConfigError, match=r"inputs\[1\]: expected 2 numbers"):
        Network([[1, 2], [3]], [LayerSpec([[1, 2]])], [[0.0], [0.0]], 0.1)
    with pytest.raises(ConfigError, match=r"targets: expected 2 samples"):
        Network([[1, 2], [3, 4]], [LayerSpec([[1, 2]])], [0.0], 0.1)
