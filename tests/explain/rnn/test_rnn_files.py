"""RNN network files: every bad field one line naming the file and the field, budgets before
any array; describe() of an nn.Sequential(RNN, Dense, activation)."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import tomllib
from tests.explain.rnn.reference import EXAMPLES, SYMBOLS, torch_step

from chainrule import nn
from chainrule.errors import BudgetError, ConfigError
from chainrule.explain import describe, explain
from chainrule.explain.families import load_file
from chainrule.explain.rnn import RNNNetwork, from_dict

BASE = tomllib.loads((EXAMPLES / "rnn.toml").read_text(encoding="utf-8"))


def _set(path, value):
    def edit(d):
        *head, last = path
        for k in head:
            d = d[k]
        if value is KeyError:
            del d[last]
        else:
            d[last] = value
    return edit


BAD = [
    ("rnn.weight_hh", _set(("rnn", "weight_hh"), [[0.8, 0.1]])),
    ("rnn.weight_ih[0]", _set(("rnn", "weight_ih"), [[0.5, 1]])),
    ("rnn.bias_ih", _set(("rnn", "bias_ih"), [0.1, 0.2])),
    ("rnn.weigth_hh", _set(("rnn", "weigth_hh"), 1)),
    ("rnn", _set(("rnn",), KeyError)),
    ("h0", _set(("h0",), [0, 0])),
    ("output.weight[0]", _set(("output", "weight"), [[1.5, 2]])),
    ("output.activation", _set(("output", "activation"), "softmax")),
    ("loss.kind", _set(("loss", "kind"), "hinge")),
    ("learning_rate", _set(("learning_rate",), -1)),
    ("inputs", _set(("inputs",), [])),
    ("inputs[1]", _set(("inputs",), [[1], [1, 2]])),
    ("inputs[0]", _set(("inputs",), [True, 1])),
    ("targets", _set(("targets",), "x")),
    ("name", _set(("name",), " padded ")),
]


@pytest.mark.parametrize(("field", "edit"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_field_is_one_line_naming_file_and_field(field, edit):
    d = copy.deepcopy(BASE)
    edit(d)
    with pytest.raises(ConfigError) as err:
        from_dict(d, "net.toml")
    message = str(err.value)
    assert message.startswith(f"net.toml: {field}:") and "\n" not in message


def test_a_file_over_the_size_budget_is_refused_before_its_arrays(monkeypatch):
    monkeypatch.setenv("CHAINRULE_MAX_EXPLAIN_SIZE", "50")
    d = copy.deepcopy(BASE)
    d["inputs"] = [0.5] * 60
    with pytest.raises(BudgetError, match="CHAINRULE_MAX_EXPLAIN_SIZE"):
        from_dict(d, "net.toml")


def test_too_many_steps_is_refused_before_training():
    with pytest.raises(ConfigError, match="over the budget"):
        explain(load_file(EXAMPLES / "rnn.toml"), 10**9)


def test_the_file_round_trips():
    net = load_file(EXAMPLES / "rnn-seq.toml")
    again = from_dict(net.to_dict(), "again")
    assert again.named() == net.named()
    np.testing.assert_array_equal(again.xs, net.xs)
    assert (again.activation, again.loss, again.learning_rate) == (
        net.activation, net.loss, net.learning_rate)


def _sequential(hidden=3, inputs=2):
    rnn = nn.RNN(inputs, hidden, seed=4, dtype=np.float64)
    return nn.Sequential(rnn, nn.Dense(hidden, 1, seed=5, dtype=np.float64), nn.Sigmoid())


def test_describe_a_sequential_matches_torch():
    model = _sequential()
    x = np.array([[0.5, -1.0], [1.0, 0.25], [0.0, 0.5], [-0.5, 0.5], [1.0, 1.0]])
    net = describe(model, inputs=x, targets=[0.8], loss=nn.BCELoss(), learning_rate=0.2)
    assert isinstance(net, RNNNetwork) and net.kind == "rnn" and net.loss.kind == "bce"
    rnn, dense = model[0], model[1]
    d = {"inputs": x.tolist(), "h0": [0.0] * 3, "targets": [0.8], "learning_rate": 0.2,
         "rnn": {k: np.asarray(getattr(rnn, f"{k}_l0").data).tolist()
                 for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")},
         "output": {"weight": np.asarray(dense.weight.data).T.tolist(),
                    "bias": np.asarray(dense.bias.data).tolist(), "activation": "sigmoid"},
         "loss": {"kind": "bce"}}
    ref = torch_step(d)
    g = explain(net).detail(1)
    for sym in SYMBOLS:
        np.testing.assert_allclose(g.grads[sym], ref["grads"][sym], rtol=0, atol=1e-12)


def test_describe_a_logits_loss_fuses_its_sigmoid():
    rnn = nn.RNN(1, 2, seed=1, dtype=np.float64)
    net = describe(nn.Sequential(rnn, nn.Dense(2, 1, dtype=np.float64)), inputs=[1.0, 0.5],
                   targets=[1.0], loss=nn.BCEWithLogitsLoss())
    assert net.activation == "sigmoid" and net.xs.shape == (2, 1)


def test_describe_an_rnn_network_with_new_data():
    net = load_file(EXAMPLES / "rnn.toml")
    again = describe(net, inputs=[0.1, 0.2], learning_rate=0.05)
    assert again.steps == 2 and again.learning_rate == 0.05
    assert again.named() == net.named()


@pytest.mark.parametrize(("layers", "message"), [
    (lambda: [nn.RNN(1, 2, num_layers=2)], "one-layer RNN"),
    (lambda: [nn.RNN(1, 2), nn.ReLU()], "must be a Dense"),
    (lambda: [nn.RNN(1, 2), nn.Dense(3, 1)], "the Dense takes 3 inputs, the RNN gives 2"),
    (lambda: [nn.RNN(1, 2), nn.Dense(2, 2), nn.Softmax()], "cannot take Softmax"),
])
def test_describe_refuses_what_it_cannot_explain(layers, message):
    with pytest.raises(ConfigError, match=message):
        describe(nn.Sequential(*layers()), inputs=[1.0], targets=[0.0])
