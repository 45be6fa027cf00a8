"""Module bookkeeping, the layers' shapes and inits, Dropout, and gradchecks through layers."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import nn
from chainrule.errors import ConfigError, ShapeError
from chainrule.numeric import gradcheck
from chainrule.tensor import Tensor, no_grad


def mlp(dtype: type = np.float64) -> nn.Sequential:
    return nn.Sequential(nn.Dense(3, 4, seed=1, dtype=dtype), nn.Tanh(),
                         nn.Dense(4, 2, seed=2, dtype=dtype))


def test_named_parameters_and_state_dict() -> None:
    net = mlp()
    names = [n for n, _ in net.named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert [p.shape for p in net.parameters()] == [(3, 4), (4,), (4, 2), (2,)]
    state = net.state_dict()
    state["0.weight"][0, 0] = 123.0  # a copy: the model is untouched
    assert net[0].weight.data[0, 0] != 123.0


def test_load_state_dict_checks_names_and_shapes() -> None:
    net, other = mlp(), nn.Sequential(nn.Dense(3, 4, seed=7, dtype=np.float64), nn.Tanh(),
                                     nn.Dense(4, 2, seed=8, dtype=np.float64))
    w = net[0].weight.data
    net.load_state_dict(other.state_dict())
    assert net[0].weight.data is w  # loaded in place
    np.testing.assert_array_equal(w, other[0].weight.data)
    bad = other.state_dict()
    bad["2.weight"] = np.zeros((2, 4))
    with pytest.raises(ShapeError, match=r"'2.weight'.*\(2, 4\).*\(4, 2\)"):
        net.load_state_dict(bad)
    missing = other.state_dict()
    del missing["0.bias"]
    with pytest.raises(ConfigError, match=r"0\.bias"):
        net.load_state_dict(missing)
    with pytest.raises(ConfigError, match="extra"):
        net.load_state_dict({**other.state_dict(), "extra": np.zeros(1)})


def test_zero_grad_train_eval() -> None:
    net = mlp()
    net(np.ones((2, 3))).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(np.all(p.grad == 0) for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    net.eval()
    assert not net.training and not net[1].training
    net.train()
    assert net[2].training


def test_dense_layout_inits_and_dtype() -> None:
    d = nn.Dense(50, 30, init="xavier", seed=0)
    assert d.weight.shape == (50, 30) and d.weight.dtype == np.float32
    assert np.abs(d.weight.data).max() <= np.sqrt(6 / 80)
    h = nn.Dense(400, 300, init="he", seed=0, dtype=np.float64)
    assert abs(h.weight.data.std() - np.sqrt(2 / 400)) < 0.003  # N(0, 2/in)
    x = np.random.default_rng(0).random((5, 50)).astype(np.float32)
    np.testing.assert_allclose(d(x).data, x @ d.weight.data + d.bias.data, rtol=1e-6)
    assert d(x).dtype == np.float32
    assert np.array_equal(nn.Dense(4, 3, seed=5).weight.data, nn.Dense(4, 3, seed=5).weight.data)
    with pytest.raises(ConfigError, match="init"):
        nn.Dense(2, 2, init="glorot")
    with pytest.raises(ConfigError, match="in_features"):
        nn.Dense(0, 2)


def test_shape_error_names_the_layer_and_shapes() -> None:
    with pytest.raises(ShapeError, match=r"layer 2 \(Dense.*\(5, 3\).*\(4, 2\)"):
        nn.Sequential(nn.Dense(3, 3), nn.ReLU(), nn.Dense(4, 2))(np.ones((5, 3)))


def test_activation_layers() -> None:
    x = np.array([[-2.0, 0.0, 3.0]])
    assert nn.ReLU()(x).data.tolist() == [[0.0, 0.0, 3.0]]
    assert nn.LeakyReLU(0.1)(x).data.tolist() == [[-0.2, 0.0, 3.0]]
    assert nn.Identity()(x).data.tolist() == x.tolist()
    np.testing.assert_allclose(nn.Sigmoid()(x).data, 1 / (1 + np.exp(-x)))
    np.testing.assert_allclose(nn.Tanh()(x).data, np.tanh(x))
    np.testing.assert_allclose(nn.Softmax()(x).data, np.exp(x) / np.exp(x).sum())
    assert repr(nn.LeakyReLU(0.1)) == "LeakyReLU(alpha=0.1)"


def test_dropout_is_inverted_and_only_in_training() -> None:
    drop = nn.Dropout(0.25, seed=3)
    x = Tensor(np.ones((200, 50)), requires_grad=True)
    y = drop(x)
    kept = y.data != 0
    assert set(np.unique(y.data)) == {0.0, 1 / 0.75}
    assert abs(kept.mean() - 0.75) < 0.02
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, kept / 0.75)  # gradient flows only where kept
    drop.eval()
    assert drop(x) is x
    a, b = nn.Dropout(0.5, seed=9), nn.Dropout(0.5, seed=9)
    assert np.array_equal(a(np.ones(20)).data, b(np.ones(20)).data)
    with pytest.raises(ConfigError, match="p must be"):
        nn.Dropout(1.0)


@pytest.mark.parametrize("act", [nn.Sigmoid(), nn.Tanh(), nn.ReLU(), nn.LeakyReLU(0.2),
                                 nn.Softmax(), nn.Identity()])
def test_gradcheck_through_a_network(act: nn.Module) -> None:
    net = nn.Sequential(nn.Dense(3, 4, seed=1, dtype=np.float64), act,
                        nn.Dense(4, 2, seed=2, dtype=np.float64))
    x = Tensor(np.random.default_rng(0).normal(size=(5, 3)), requires_grad=True)
    t = np.random.default_rng(1).normal(size=(5, 2))
    loss = nn.MSELoss()
    # gradcheck perturbs the parameters' own arrays, so the closure sees every change
    gradcheck(lambda x_, *ps: loss(net(x_), t), [x, *net.parameters()], atol=1e-6)


def test_no_grad_forward_keeps_no_graph() -> None:
    net = mlp(np.float32)
    with no_grad():
        y = net(np.ones((2, 3), np.float32))
    assert y.is_leaf and not y.requires_grad and y.dtype == np.float32
