"""The torch importer: a torch MLP explained by chainrule has torch's own gradients."""

import numpy as np
import pytest

from chainrule.bridge.torch_check import check_against_torch
from chainrule.errors import ConfigError
from chainrule.explain.model.describe import describe

torch = pytest.importorskip("torch")


def _mlp(last=None):
    torch.manual_seed(0)
    layers = [torch.nn.Linear(4, 5), torch.nn.LeakyReLU(0.2), torch.nn.Linear(5, 3),
              torch.nn.ELU(), torch.nn.Linear(3, 2)]
    return torch.nn.Sequential(*layers, *([last] if last else []))


@pytest.mark.parametrize("loss, last, cls", [
    (torch.nn.MSELoss(), None, False), (torch.nn.MSELoss(), torch.nn.Tanh(), False),
    (torch.nn.BCELoss(), torch.nn.Sigmoid(), False),
    (torch.nn.BCEWithLogitsLoss(), None, False), (torch.nn.CrossEntropyLoss(), None, True)])
def test_three_layer_mlp_matches_torch_grad(loss, last, cls):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 4))
    t = rng.integers(0, 2, size=6) if cls else rng.uniform(0, 1, size=(6, 2))
    model = _mlp(last)
    net = describe(model, inputs=x, targets=t, loss=loss)
    ok, line = check_against_torch(net, model, loss, x, t)
    assert ok, line
    assert line.startswith("all 51 gradients")


def test_check_fails_when_weights_differ():
    x, t = np.ones((2, 4)), np.zeros((2, 2))
    model, loss = _mlp(), torch.nn.MSELoss()
    net = describe(model, inputs=x, targets=t, loss=loss)
    with torch.no_grad():
        model[0].weight[0, 0] += 0.5
    ok, line = check_against_torch(net, model, loss, x, t)
    assert not ok and "differ" in line


def test_unknown_module_named():
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Hardswish())
    with pytest.raises(ConfigError, match="module 1 \\(Hardswish\\) is not supported"):
        describe(model, inputs=[[0.0, 1.0]], targets=[[0.0, 1.0]], loss=torch.nn.MSELoss())


def test_elu_alpha_is_read_by_its_declared_name():
    # ELU.alpha reaches the explanation (issue 19's row params): the gradients are torch's
    rng = np.random.default_rng(2)
    x, t = rng.normal(size=(5, 2)), rng.uniform(0, 1, size=(5, 2))
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ELU(0.7), torch.nn.Linear(2, 2))
    loss = torch.nn.MSELoss()
    net = describe(model, inputs=x, targets=t, loss=loss)
    ok, line = check_against_torch(net, model, loss, x, t)
    assert ok, line


def test_softplus_with_other_beta_refused():
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Softplus(beta=2.0))
    with pytest.raises(ConfigError, match=r"module 1 .*Softplus"):
        describe(model, inputs=[[0.0, 1.0]], targets=[[0.0, 1.0]], loss=torch.nn.MSELoss())
