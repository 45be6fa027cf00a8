"""Export round trip: chainrule → torch (safetensors + generated script) → chainrule."""

import runpy

import numpy as np
import pytest

from chainrule import nn
from chainrule.bridge.torch_export import to_torch_files
from chainrule.bridge.torch_import import from_torch
from chainrule.errors import ConfigError
from chainrule.tensor import Tensor

torch = pytest.importorskip("torch")


def _model():
    return nn.Sequential(nn.Dense(3, 4, seed=1, dtype=np.float64), nn.LeakyReLU(0.3),
                         nn.Dense(4, 4, seed=2, dtype=np.float64), nn.Tanh(),
                         nn.Dense(4, 2, seed=3, dtype=np.float64))


def test_round_trip_identical_outputs(tmp_path):
    model = _model()
    model[2].bias.data[:] = [0.1, -0.2, 0.3, 0.05]
    to_torch_files(model, tmp_path / "m.safetensors", tmp_path / "m.py")
    rebuilt = runpy.run_path(str(tmp_path / "m.py"))["model"]
    x = np.random.default_rng(0).normal(size=(5, 3))
    ours = model(Tensor(x)).data
    theirs = rebuilt(torch.as_tensor(x)).detach().numpy()
    np.testing.assert_allclose(theirs, ours, rtol=0, atol=1e-15)
    back = from_torch(rebuilt)
    np.testing.assert_array_equal(back(Tensor(x)).data, ours)


def test_unsafe_file_name_refused(tmp_path):
    with pytest.raises(ConfigError, match="weights file name"):
        to_torch_files(_model(), tmp_path / "a'b.safetensors", tmp_path / "m.py")


def _cnn():
    return nn.Sequential(nn.Conv2d(1, 3, 3, padding=1, seed=1, dtype=np.float64), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Conv2d(3, 4, 2, stride=2, seed=2, dtype=np.float64),
                         nn.Tanh(), nn.Flatten(), nn.Dense(4 * 2 * 2, 3, seed=3, dtype=np.float64))


def test_cnn_round_trip_identical_outputs(tmp_path):
    model = _cnn()
    parts = to_torch_files(model, tmp_path / "c.safetensors", tmp_path / "c.py")
    assert parts[0].startswith("torch.nn.Conv2d(1, 3, kernel_size=(3, 3), stride=(1, 1), "
                               "padding=(1, 1)")
    rebuilt = runpy.run_path(str(tmp_path / "c.py"))["model"]
    x = np.random.default_rng(0).normal(size=(2, 1, 8, 8))
    ours = model(Tensor(x)).data
    theirs = rebuilt(torch.as_tensor(x)).detach().numpy()
    np.testing.assert_allclose(theirs, ours, rtol=0, atol=1e-13)  # two conv codes, float64
    back = from_torch(rebuilt)
    np.testing.assert_array_equal(back(Tensor(x)).data, ours)  # same weights, same code


def test_rnn_round_trip_identical_outputs(tmp_path):
    model = nn.Sequential(nn.Dense(3, 4, seed=1, dtype=np.float64), nn.Tanh(),
                          nn.RNN(4, 5, num_layers=2, batch_first=True, seed=2, dtype=np.float64))
    to_torch_files(model, tmp_path / "r.safetensors", tmp_path / "r.py")
    rebuilt = runpy.run_path(str(tmp_path / "r.py"))["model"]
    x = np.random.default_rng(1).normal(size=(2, 6, 3))
    out, h = model(Tensor(x))
    t_out, t_h = rebuilt(torch.as_tensor(x))
    np.testing.assert_allclose(t_out.detach().numpy(), out.data, rtol=0, atol=1e-13)
    np.testing.assert_allclose(t_h.detach().numpy(), h.data, rtol=0, atol=1e-13)
    back_out, _ = from_torch(rebuilt)(Tensor(x))
    np.testing.assert_array_equal(back_out.data, out.data)


def test_rnn_not_last_refused(tmp_path):
    model = nn.Sequential(nn.RNN(2, 2, dtype=np.float64), nn.Dense(2, 2, dtype=np.float64))
    with pytest.raises(ConfigError, match=r"layer 0 \(RNN\) must be the last layer"):
        to_torch_files(model, tmp_path / "m.safetensors", tmp_path / "m.py")
    assert not (tmp_path / "m.py").exists()


def test_failed_export_leaves_old_files_whole(tmp_path):
    (tmp_path / "m.py").write_text("old")
    model = nn.Sequential(nn.Dense(2, 2, dtype=np.float64), nn.Dropout(0.5))
    with pytest.raises(ConfigError, match=r"layer 1 \(Dropout\) has no torch export"):
        to_torch_files(model, tmp_path / "m.safetensors", tmp_path / "m.py")
    assert (tmp_path / "m.py").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.py"]
