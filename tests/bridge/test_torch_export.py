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
