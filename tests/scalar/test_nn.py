"""The micrograd-compatible Neuron / Layer / MLP."""

from __future__ import annotations

import pytest

from chainrule.errors import ConfigError
from chainrule.numeric import gradcheck
from chainrule.scalar import Value
from chainrule.scalar.nn import MLP, Layer, Neuron


def test_parameter_count_and_order() -> None:
    model = MLP(2, [16, 16, 1])
    # (2+1)·16 + (16+1)·16 + (16+1)·1
    assert len(model.parameters()) == 48 + 272 + 17
    first = model.layers[0].neurons[0]
    assert model.parameters()[:3] == [*first.w, first.b]


def test_width_one_returns_a_value_unless_asked_not_to() -> None:
    x = [1.0, -2.0]
    assert isinstance(Layer(2, 1)(x), Value)
    assert isinstance(Layer(2, 3)(x), list)
    assert isinstance(MLP(2, [3, 1])(x), Value)
    out = MLP(2, [3, 1], squeeze=False)(x)
    assert isinstance(out, list) and len(out) == 1


def test_seeded_initialisation_is_deterministic() -> None:
    a = [p.data for p in MLP(3, [4, 2], seed=7).parameters()]
    b = [p.data for p in MLP(3, [4, 2], seed=7).parameters()]
    c = [p.data for p in MLP(3, [4, 2], seed=8).parameters()]
    assert a == b
    assert a != c


def test_last_layer_is_linear_hidden_use_activation() -> None:
    model = MLP(2, [3, 3, 1], activation="tanh")
    assert [n.activation for n in model.layers[0].neurons] == ["tanh"] * 3
    assert model.layers[-1].neurons[0].activation == "linear"


def test_unknown_activation_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="activation must be one of"):
        Neuron(2, activation="swish")


def test_zero_grad_resets_accumulated_gradients() -> None:
    model = MLP(2, [3, 1])
    model([1.0, 2.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_mlp_gradients_match_central_differences(activation: str) -> None:
    model = MLP(2, [4, 3, 1], activation=activation, seed=3)
    for p in model.parameters():
        p.data += 0.05  # move biases off 0 so no ReLU sits on its kink
    X = [[0.5, -1.0], [1.5, 0.25], [-0.7, 0.9]]
    y = [1.0, -1.0, 0.5]

    def loss(*_: Value) -> Value:
        return sum((model(x) - t) ** 2 for x, t in zip(X, y)) * (1 / 3)  # type: ignore[operator]

    gradcheck(loss, model.parameters(), atol=1e-6, rtol=1e-5)


def test_training_reduces_the_loss() -> None:
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    y = [-1.0, 1.0, 1.0, -1.0]  # XOR
    model = MLP(2, [8, 1], activation="tanh", seed=1)
    losses = []
    for _ in range(200):
        loss = sum((model(x) - t) ** 2 for x, t in zip(X, y)) * 0.25
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data -= 0.1 * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.05 < losses[0]


def test_micrograd_lecture_idioms() -> None:
    a = Value(2.0, label="a")
    b = Value(-3.0)
    b.label = "b"
    e = a * b
    e.label = "e"
    assert (a.name, b.name, e.label) == ("a", "b", "e")
    assert e._prev == {a, b}
    assert str(e.op) == "mul"
    assert Value(0.5).label == "0.5"  # unnamed: its value
