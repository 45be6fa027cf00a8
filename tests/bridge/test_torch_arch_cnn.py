"""A torch CNN / RNN from weights + an architecture TOML (``explain W --torch ARCH``)."""

import numpy as np
import pytest

from chainrule.bridge.model_check import check_model_against_torch
from chainrule.bridge.torch_arch import load_torch
from chainrule.bridge.torch_import import from_torch
from chainrule.cli.main import main
from chainrule.errors import ConfigError

torch = pytest.importorskip("torch")

X = np.random.default_rng(0).normal(size=(2, 1, 6, 6))
CNN_ARCH = f"""layers = [{{type = "Conv2d", padding = 1}}, {{type = "ReLU"}},
          {{type = "MaxPool2d", kernel_size = 2}}, {{type = "Conv2d", stride = [1, 1]}},
          {{type = "Flatten"}}, {{type = "Linear"}}]
loss = "CrossEntropyLoss"
inputs = {X.tolist()}
targets = [0, 2]
"""


@pytest.fixture
def cnn_files(tmp_path):
    from safetensors.torch import save_file

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 3, 3, padding=1), torch.nn.ReLU(),
                                torch.nn.MaxPool2d(2), torch.nn.Conv2d(3, 4, 2),
                                torch.nn.Flatten(), torch.nn.Linear(16, 3)).double()
    save_file(model.state_dict(), str(tmp_path / "cnn.safetensors"))
    (tmp_path / "cnn.toml").write_text(CNN_ARCH)
    return tmp_path, model


def test_cnn_read_back_is_the_same_model(cnn_files):
    tmp_path, original = cnn_files
    model, loss, inputs, targets = load_torch(tmp_path / "cnn.safetensors", tmp_path / "cnn.toml")
    assert model[0].padding == (1, 1) and model[2].stride == 2 and model[3].kernel_size == (2, 2)
    x = torch.as_tensor(X)
    np.testing.assert_array_equal(model(x).detach().numpy(), original(x).detach().numpy())
    ok, line = check_model_against_torch(from_torch(model), model, loss, inputs, targets)
    # 3·9 + 3 = 30, 4·3·4 + 4 = 52, 16·3 + 3 = 51 parameters
    assert ok and line == "all 133 gradients equal torch's .grad within 1e-12"


def test_rnn_read_back(tmp_path):
    from safetensors.torch import save_file

    torch.manual_seed(1)
    rnn = torch.nn.Sequential(torch.nn.RNN(2, 3, num_layers=2, batch_first=True)).double()
    save_file(rnn.state_dict(), str(tmp_path / "r.safetensors"))
    (tmp_path / "r.toml").write_text('layers = [{type = "RNN", batch_first = true}]\n'
                                     "inputs = [[[1.0, 2.0], [0.5, -1.0]]]\n"
                                     "targets = [[[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]]\n")
    model, loss, inputs, targets = load_torch(tmp_path / "r.safetensors", tmp_path / "r.toml")
    assert model[0].num_layers == 2 and model[0].batch_first
    ok, line = check_model_against_torch(from_torch(model), model, loss, inputs, targets)
    assert ok, line


def test_bad_padding_one_line(cnn_files):
    tmp_path, _ = cnn_files
    (tmp_path / "bad.toml").write_text(CNN_ARCH.replace("padding = 1", "padding = -1"))
    with pytest.raises(ConfigError, match=r"layer 0 \(Conv2d\) padding: expected an int ≥ 0"):
        load_torch(tmp_path / "cnn.safetensors", tmp_path / "bad.toml")


def test_cnn_explained_gradients_are_the_ones_checked(cnn_files, monkeypatch, capsys):
    # the check reads the explanation's own ∂E/∂K, ∂E/∂W: a wrong explained number is refused
    from chainrule.cli.torchexplain import torch_network
    from chainrule.explain.conv.explanation import ConvExplanation

    tmp_path, _ = cnn_files
    net = torch_network(str(tmp_path / "cnn.safetensors"), str(tmp_path / "cnn.toml"), 0.1)
    assert net.kind == "conv2d" and [layer.kind for layer in net.layers] == [
        "conv2d", "relu", "maxpool2d", "conv2d", "flatten", "dense", "softmax"]
    assert "all 133 gradients equal torch's .grad within 1e-12" in capsys.readouterr().err
    real = ConvExplanation.gradients

    def off(self, step=1):
        g = real(self, step)
        g["3.weight"] = g["3.weight"] + 1e-9
        return g

    monkeypatch.setattr(ConvExplanation, "gradients", off)
    with pytest.raises(ConfigError, match="gradients differ from torch"):
        torch_network(str(tmp_path / "cnn.safetensors"), str(tmp_path / "cnn.toml"), 0.1)


def test_cli_explain_cnn_prints_the_torch_check(cnn_files, capsys):
    tmp_path, _ = cnn_files
    rc = main(["explain", str(tmp_path / "cnn.safetensors"), "--torch", str(tmp_path / "cnn.toml")])
    out, err = capsys.readouterr()
    assert rc == 0 and "all 133 gradients equal torch's .grad within 1e-12" in err
    # K1 is 3×1×3×3: the one input channel is left out of the index (o, u, v)
    assert "∂E/∂K1[1,1,1] = " in out and "Layer 3 (maxpool2d)" in out
