"""One description for every model: a network file, an nn.Sequential, a scalar MLP and a saved
model file describing the same network explain identically, and go back to nn.Sequential."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import nn
from chainrule.errors import ConfigError
from chainrule.explain import Network, explain
from chainrule.explain.model.describe import describe, to_sequential
from chainrule.io import save
from chainrule.scalar.nn import MLP

W1 = [[0.15, 0.25], [0.2, 0.3]]  # (out, in): row j into neuron j
B1 = [0.35, 0.35]
W2 = [[0.4, 0.5], [0.45, 0.55]]
B2 = [0.6, 0.6]
X, T = [0.05, 0.1], [0.1, 0.99]

TOML = f"""
name = "same"
learning_rate = 0.5
inputs = {X}
targets = {T}
[[layers]]
activation = "sigmoid"
weights = {W1}
biases = {B1}
[[layers]]
activation = "linear"
weights = {W2}
biases = {B2}
[loss]
kind = "half_sse"
"""


def sequential() -> nn.Sequential:
    model = nn.Sequential(nn.Dense(2, 2, dtype=np.float64), nn.Sigmoid(),
                          nn.Dense(2, 2, dtype=np.float64))
    model.load_state_dict({"0.weight": np.array(W1).T, "0.bias": np.array(B1),
                           "2.weight": np.array(W2).T, "2.bias": np.array(B2)})
    return model


def mlp() -> MLP:
    m = MLP(2, [2, 2], activation="sigmoid")
    for layer, W, B in zip(m.layers, (W1, W2), (B1, B2)):
        for neuron, row, b in zip(layer.neurons, W, B):
            for w, v in zip(neuron.w, row):
                w.data = v
            neuron.b.data = b
    return m


@pytest.fixture
def toml_net(tmp_path) -> Network:
    path = tmp_path / "same.toml"
    path.write_text(TOML, encoding="utf-8")
    return Network.from_toml(path)


def test_three_models_explain_identically(toml_net, tmp_path):
    kw = {"inputs": X, "targets": T, "loss": "half_sse", "learning_rate": 0.5, "name": "same"}
    from_seq = describe(sequential(), **kw)
    from_mlp = describe(mlp(), **kw)
    save(sequential(), tmp_path / "model.npz")
    from_file = describe(tmp_path / "model.npz", **kw)
    expected = explain(toml_net, 3).to_markdown()
    for net in (from_seq, from_mlp, from_file):
        assert net.to_dict()["layers"] == toml_net.to_dict()["layers"]
        assert explain(net, 3).to_markdown() == expected


def test_explain_accepts_a_model_directly():
    ex = explain(sequential())
    assert ex.network.layers[0].activation == "sigmoid"
    assert ex.network.layers[1].activation == "identity"  # the rule table's name


def test_back_to_sequential_gives_the_same_forward_pass_and_gradients(toml_net):
    model = to_sequential(toml_net)
    out = model(np.array([X]))
    ex = explain(toml_net)
    assert out.data[0] == pytest.approx([ex.values["a[2]_1"], ex.values["a[2]_2"]], rel=1e-14)
    loss = nn.HalfSquaredErrorLoss()(out, np.array([T]))
    loss.backward()
    g = model[0].weight.grad  # (in, out): g[i, j] = ∂E/∂w into neuron j from input i
    assert g[1, 0] == pytest.approx(ex.grads["w[1]_{1,2}"], rel=1e-12)
    assert describe(model, inputs=X, targets=T, learning_rate=0.5, name="same").to_dict()[
        "layers"] == toml_net.to_dict()["layers"]


def test_cross_entropy_loss_makes_softmax_explicit():
    model = nn.Sequential(nn.Dense(2, 3, dtype=np.float64))
    net = describe(model, inputs=X, targets=[0, 1, 0], loss=nn.CrossEntropyLoss())
    assert net.layers[-1].activation == "softmax" and net.loss.kind == "cce"


@pytest.mark.parametrize(("model", "message"), [
    (nn.Sequential(nn.ReLU()), "must follow a Dense layer"),
    (nn.Sequential(nn.Dense(2, 2), nn.Dropout(0.5)), None),
    (object(), "cannot describe a object"),
])
def test_bad_models(model, message):
    if message is None:
        assert describe(model).layers[0].units == 2
        return
    with pytest.raises(ConfigError, match=message):
        describe(model)


def test_wrong_sample_width():
    with pytest.raises(ConfigError, match="inputs must have 2 values per sample"):
        describe(sequential(), inputs=[1, 2, 3])


def test_cross_entropy_takes_class_indices_as_pytorch_does():
    rng = np.random.default_rng(4)
    model = nn.Sequential(nn.Dense(2, 3, dtype=np.float64, seed=rng))
    xs, classes = rng.uniform(-1, 1, (4, 2)), np.array([2, 0, 1, 2])
    net = describe(model, inputs=xs, targets=classes, loss=nn.CrossEntropyLoss())
    assert np.array_equal(np.array(net.targets), np.eye(3)[classes])
    # the explained loss (mean over the samples) is the module's loss on the same batch
    expected = nn.CrossEntropyLoss()(model(xs), classes).item()
    assert explain(net).losses[0] == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ConfigError, match=r"class index in targets is outside \[0, 3\)"):
        describe(model, inputs=xs, targets=[0, 1, 3, 0], loss=nn.CrossEntropyLoss())


def test_a_loss_is_recognised_by_its_nn_class_not_its_name():
    class MyCrossEntropy(nn.CrossEntropyLoss):  # a user's subclass is still cross-entropy
        pass

    class CrossEntropyLoss:  # same name, not chainrule's: refused, not misread
        pass

    model = nn.Sequential(nn.Dense(2, 3, dtype=np.float64))
    net = describe(model, inputs=X, targets=[0, 1, 0], loss=MyCrossEntropy())
    assert net.layers[-1].activation == "softmax" and net.loss.kind == "cce"
    with pytest.raises(ConfigError, match="cannot explain the loss CrossEntropyLoss"):
        describe(model, inputs=X, targets=[0, 1, 0], loss=CrossEntropyLoss())
