"""describe() of an nn.Sequential CNN: the conv2d family, with nn's own gradients as the check."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import nn
from chainrule.errors import ConfigError
from chainrule.explain import describe


def _cnn() -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(1, 2, 3, padding=1, seed=1, dtype=np.float64), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Dropout(0.5), nn.Flatten(),
                         nn.Dense(8, 3, seed=2, dtype=np.float64))


def test_the_explained_gradients_are_nn_s_fused_cross_entropy_gradients():
    model = _cnn()
    model.eval()
    x = np.random.default_rng(0).normal(size=(2, 1, 5, 5))
    net = describe(model, inputs=x, targets=[0, 2], loss=nn.CrossEntropyLoss())
    assert [layer.kind for layer in net.layers] == ["conv2d", "relu", "maxpool2d", "flatten",
                                                    "dense", "softmax"]
    nn.CrossEntropyLoss()(model(x), np.array([0, 2])).backward()  # logits, fused softmax
    g = net.explain(1).gradients(1)
    np.testing.assert_allclose(g["0.weight"], model[0].weight.grad, rtol=0, atol=1e-13)
    np.testing.assert_allclose(g["4.weight"], model[5].weight.grad.T, rtol=0, atol=1e-13)
    np.testing.assert_allclose(g["4.bias"], model[5].bias.grad, rtol=0, atol=1e-13)


def test_without_data_it_draws_zeros_of_the_right_shapes():
    net = describe(_cnn())
    assert net.xs.shape == (1, 1, 4, 4) and net.targets.shape == (1, 3)
    assert np.all(net.targets == 0)


def test_what_it_cannot_explain_is_one_line():
    with pytest.raises(ConfigError, match=r"must start with its nn\.Conv2d"):
        describe(nn.Sequential(nn.Flatten(), nn.Conv2d(1, 1, 2)))
    with pytest.raises(ConfigError, match=r"LeakyReLU\) has parameters"):
        describe(nn.Sequential(nn.Conv2d(1, 1, 2), nn.LeakyReLU(0.3), nn.Flatten(),
                               nn.Dense(9, 1)))
