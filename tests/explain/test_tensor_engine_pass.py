"""The explanation's matrix passes run on the tensor engine (issue 19 item 4).

Their numbers must equal the tensor engine's own ``nn`` layers bit for bit (the same ops, the
same VJPs), and an output outside the loss's domain is one line naming the step — the old
NumPy engine carried NaN on and ended in "internal error".
"""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import nn
from chainrule.cli.main import main
from chainrule.explain import LayerSpec, LossSpec, Network
from chainrule.explain.model.arrays import Engine, params_of, train
from chainrule.tensor import Tensor

SATURATED = """name = "saturated"
learning_rate = 0.1
inputs = [[1.0, 2.0]]
targets = [[0.0]]

[[layers]]
activation = "logistic"
weights = [[30.0, 40.0]]
biases = [1.0]

[loss]
kind = "bce"
"""


def _net() -> Network:
    rng = np.random.default_rng(3)
    layers = [LayerSpec(rng.normal(size=(3, 2)).tolist(), rng.normal(size=3).tolist(), "tanh"),
              LayerSpec(rng.normal(size=(2, 3)).tolist(), rng.normal(size=2).tolist(), "sigmoid")]
    return Network(rng.normal(size=(4, 2)).tolist(), layers, rng.uniform(size=(4, 2)).tolist(),
                   0.3, LossSpec("half_sse"))


def test_pass_equals_the_nn_layers_of_the_tensor_engine():
    net = _net()
    g = Engine(net).run(params_of(net))
    dense = [nn.Dense(2, 3, dtype=np.float64), nn.Dense(3, 2, dtype=np.float64)]
    for layer, spec in zip(dense, net.layers):
        layer.load_state_dict({"weight": np.array(spec.weights).T.copy(),
                               "bias": np.array(spec.biases)})
    X = Tensor(np.array(net.inputs), requires_grad=True)
    out = nn.Sequential(dense[0], nn.Tanh(), dense[1], nn.Sigmoid())(X)
    E = (((out - Tensor(np.array(net.targets))) ** 2) * 0.5).sum() / 4
    E.backward()
    assert g.loss == float(E.data)
    for k, layer in enumerate(dense):
        np.testing.assert_allclose(g.dw[k], layer.weight.grad.T, rtol=1e-14, atol=1e-16)
        np.testing.assert_allclose(g.db[k], layer.bias.grad, rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(g.da[0], X.grad, rtol=1e-14, atol=1e-16)


def test_input_gradient_against_central_differences():
    net = _net()
    engine = Engine(net)
    g = engine.run(params_of(net))
    h = 1e-6
    for i in range(4):
        for j in range(2):
            plus, minus = np.array(net.inputs), np.array(net.inputs)
            plus[i, j] += h
            minus[i, j] -= h
            fp = Engine(Network(plus.tolist(), net.layers, net.targets, 0.3, net.loss))
            fm = Engine(Network(minus.tolist(), net.layers, net.targets, 0.3, net.loss))
            p = params_of(net)
            assert g.da[0][i, j] == pytest.approx((fp.loss(p) - fm.loss(p)) / (2 * h), abs=1e-8)


def test_training_leaves_the_network_description_alone():
    net = _net()
    before = [np.array(layer.weights) for layer in net.layers]
    train(net, 5)
    for b, layer in zip(before, net.layers):
        np.testing.assert_array_equal(b, np.array(layer.weights))


def test_saturated_output_is_one_line_naming_the_step(tmp_path, capsys):
    path = tmp_path / "sat.toml"
    path.write_text(SATURATED)
    assert main(["explain", str(path), "--steps", "20"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "step 1 of saturated" in err and "0 < o < 1" in err and "internal error" not in err
