"""torch Conv2d / MaxPool2d / Flatten / RNN imported into chainrule: the tensor engine's
gradients of every parameter equal torch's .grad (float64, within 1e-12)."""

import numpy as np
import pytest

from chainrule import nn
from chainrule.bridge.model_check import check_model_against_torch, gradient_pairs
from chainrule.bridge.torch_import import from_torch
from chainrule.errors import ConfigError

torch = pytest.importorskip("torch")


def _cnn():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, stride=1), torch.nn.Tanh(), torch.nn.Flatten(),
        torch.nn.Linear(144, 10))


def _digits_batch(n=6, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 1, 10, 10)), rng.integers(0, 10, size=n)


def test_cnn_layers_config_and_weights_read_off_the_modules():
    model = _cnn()
    ours = from_torch(model)
    assert [type(layer).__name__ for layer in ours] == [
        "Conv2d", "ReLU", "MaxPool2d", "Conv2d", "Tanh", "Flatten", "Dense"]
    assert ours[0].padding == (1, 1) and ours[0].kernel_size == (3, 3)
    assert ours[2].stride == (2, 2)
    np.testing.assert_array_equal(ours[3].weight.data, model[3].weight.detach().numpy())


def test_cnn_gradients_equal_torch_grad():
    x, t = _digits_batch()
    model = _cnn()
    ok, line = check_model_against_torch(from_torch(model), model, torch.nn.CrossEntropyLoss(),
                                         x, t)
    # 8·1·3·3 + 8 = 80, 16·8·3·3 + 16 = 1168, 144·10 + 10 = 1450: 2,698 in all
    assert ok and line == "all 2,698 gradients equal torch's .grad within 1e-12"


def test_check_fails_when_the_models_differ():
    x, t = _digits_batch()
    model = _cnn()
    ours = from_torch(model)
    ours[3].weight.data[0, 0, 0, 0] += 0.25
    ok, line = check_model_against_torch(ours, model, torch.nn.CrossEntropyLoss(), x, t)
    assert not ok and line.startswith("gradients differ from torch's .grad")


@pytest.mark.parametrize("batch_first", [True, False])
def test_rnn_two_layers_gradients_equal_torch_grad(batch_first):
    torch.manual_seed(2)
    model = torch.nn.RNN(3, 5, num_layers=2, batch_first=batch_first)
    rng = np.random.default_rng(3)
    x, t = rng.normal(size=(4, 6, 3)), rng.normal(size=(4, 6, 5))
    ours = from_torch(model)
    assert isinstance(ours, nn.RNN) and ours.batch_first is batch_first
    names = [name for name, _, _ in gradient_pairs(ours, model, torch.nn.MSELoss(), x, t)]
    assert names == [n for n, _ in model.named_parameters()]  # weight_ih_l0, … by name
    ok, line = check_model_against_torch(ours, model, torch.nn.MSELoss(), x, t)
    assert ok, line


def test_rnn_last_in_a_sequential():
    torch.manual_seed(4)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(),
                                torch.nn.RNN(4, 2, batch_first=True))
    rng = np.random.default_rng(5)
    x, t = rng.normal(size=(3, 5, 3)), rng.normal(size=(3, 5, 2))
    ok, line = check_model_against_torch(from_torch(model), model, torch.nn.MSELoss(), x, t)
    assert ok and line.startswith("all 32 gradients")  # 3·4 + 4, then 2·4 + 2·2 + 2 + 2


@pytest.mark.parametrize("module, message", [
    (lambda: torch.nn.Conv2d(1, 2, 3, dilation=2), r"module 0 \(Conv2d\): dilation=\(2, 2\)"),
    (lambda: torch.nn.Conv2d(2, 2, 3, groups=2), r"module 0 \(Conv2d\): groups=2"),
    (lambda: torch.nn.Conv2d(1, 2, 3, padding_mode="reflect"), "padding_mode='reflect'"),
    (lambda: torch.nn.Conv2d(1, 2, 3, padding="same"), "padding='same'"),
    (lambda: torch.nn.MaxPool2d(2, dilation=2), r"module 0 \(MaxPool2d\): dilation=2"),
    (lambda: torch.nn.MaxPool2d(2, ceil_mode=True), "ceil_mode=True"),
    (lambda: torch.nn.RNN(2, 2, bidirectional=True), r"module 0 \(RNN\): bidirectional=True"),
    (lambda: torch.nn.RNN(2, 2, nonlinearity="relu"), "nonlinearity='relu'"),
    (lambda: torch.nn.RNN(2, 2, num_layers=2, dropout=0.5), "dropout=0.5"),
])
def test_unsupported_setting_refused_in_one_line(module, message):
    with pytest.raises(ConfigError, match=message) as err:
        from_torch(torch.nn.Sequential(module()))
    assert "\n" not in str(err.value) and "not supported" in str(err.value)


def test_rnn_before_another_module_refused():
    model = torch.nn.Sequential(torch.nn.RNN(2, 2), torch.nn.Linear(2, 2))
    with pytest.raises(ConfigError, match=r"module 0 \(RNN\) must be the last module"):
        from_torch(model)
