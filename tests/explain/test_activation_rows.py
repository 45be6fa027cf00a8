"""Every activation row of the rule table, through every consumer: nn forward, describe →
explain (values and gradients against nn's backward), the playground's menu, model files
and network files. The parameters are set away from their defaults, so a consumer reading a
parameter by the wrong name (ELU's α read as leaky ReLU's, issue 19) fails here."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import nn, rules
from chainrule.explain import Network, describe, explain
from chainrule.explain.model.describe import to_sequential
from chainrule.io import build_model, model_spec
from chainrule.nn.activations import BY_NAME
from chainrule.playground import model as playground

ROWS = sorted({r.name: r for r in rules.ACTIVATIONS.values()}.values(), key=lambda r: r.name)
X = np.array([[-1.3, 0.4], [0.7, -2.1]])
T = np.array([[0.2, -0.5], [1.0, 0.3]])


def _model(row: rules.Rule) -> tuple[nn.Sequential, tuple[float, ...]]:
    # parameters away from the defaults: half of each (leaky ReLU 0.005, ELU 0.5)
    values = tuple(d / 2 for d in row.defaults)
    dense = nn.Dense(2, 2, dtype=np.float64)
    dense.load_state_dict({"weight": np.array([[0.9, -0.4], [0.3, 1.1]]),
                           "bias": np.array([0.1, -0.2])})
    return nn.Sequential(dense, BY_NAME[row.layer](*values)), values


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_nn_forward_is_the_row(row: rules.Rule) -> None:
    model, values = _model(row)
    z = X @ model[0].weight.data + model[0].bias.data
    assert np.allclose(model(X).data, row.compute(rules.NUMPY, z, *values), rtol=0, atol=1e-15)
    assert model[1].params == values


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_describe_explain_matches_nn(row: rules.Rule) -> None:
    model, values = _model(row)
    net = describe(model, inputs=X, targets=T, loss="mse")
    loss = nn.MSELoss()(model(X), T)
    model.zero_grad()
    loss.backward()
    ex = explain(net)
    assert ex.losses[0] == pytest.approx(float(loss.item()), rel=1e-13, abs=1e-15)
    grads = ex.grads
    W = np.array([[grads[f"w[1]_{{{j},{i}}}"] for i in (1, 2)] for j in (1, 2)])
    assert np.allclose(W.T, model[0].weight.grad, rtol=1e-12, atol=1e-14)
    assert tuple(net.layers[0].params.values()) == values
    again = to_sequential(net)  # and back to nn, with the same parameters
    assert np.allclose(again(X).data, model(X).data, rtol=0, atol=1e-15)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_playground_offers_it(row: rules.Rule) -> None:
    name = row.activation[0]
    assert name in playground.activations()
    assert name in [c[0] for c in playground.choices()["activation"]]
    assert type(playground.activation_layer(name)) is BY_NAME[row.layer]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_files_round_trip(row: rules.Rule) -> None:
    model, values = _model(row)
    spec = model_spec(model)
    rebuilt = build_model(spec, "<spec>")
    assert type(rebuilt[1]) is BY_NAME[row.layer] and rebuilt[1].params == values
    net = describe(model, inputs=X, targets=T, loss="mse")
    back = Network.from_dict(net.to_dict())
    assert back.layers[0].params == net.layers[0].params
    assert explain(back).losses == explain(net).losses
