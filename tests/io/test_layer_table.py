"""Model files through the one layer table (issue 19 item 1, issue 20's leftover): a CNN and
an RNN save and load with identical outputs, every table entry and activation row round-trips
its spec, and a field the layer does not have is one line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chainrule import io, nn
from chainrule.errors import ConfigError
from chainrule.io.spec import LAYER_FILES, build_model, model_spec
from chainrule.nn.activations import BY_NAME


def cnn() -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(2, 3, (3, 2), stride=(2, 1), padding=1, seed=4,
                                   dtype=np.float64),
                         nn.ELU(0.5), nn.MaxPool2d(2, stride=1), nn.Flatten(),
                         nn.Dense(3 * 2 * 4, 2, seed=5, dtype=np.float64), nn.LeakyReLU(0.2))


def rnn() -> nn.RNN:
    return nn.RNN(3, 4, num_layers=2, batch_first=True, seed=6, dtype=np.float64)


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_a_cnn_saves_and_loads_with_identical_outputs(tmp_path: Path, suffix: str) -> None:
    model, x = cnn(), np.random.default_rng(0).normal(size=(2, 2, 5, 4))
    back = io.load(io.save(model, tmp_path / f"cnn{suffix}"))
    assert [type(m).__name__ for m in back] == [type(m).__name__ for m in model]
    assert back[1].alpha == 0.5 and back[0].stride == (2, 1) and back[2].stride == (1, 1)
    assert np.array_equal(back(x).numpy(), model(x).numpy())


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_an_rnn_saves_and_loads_with_identical_outputs(tmp_path: Path, suffix: str) -> None:
    model = rnn()
    x, h0 = (np.random.default_rng(1).normal(size=s) for s in ((2, 5, 3), (2, 2, 4)))
    back = io.load(io.save(nn.Sequential(model), tmp_path / f"rnn{suffix}"))[0]
    assert (back.num_layers, back.batch_first) == (2, True)
    for got, want in zip(back(x, h0), model(x, h0)):
        assert np.array_equal(got.numpy(), want.numpy())


@pytest.mark.parametrize("kind", sorted(LAYER_FILES) + sorted(BY_NAME))
def test_every_layer_type_round_trips_its_spec(kind: str) -> None:
    samples = {"Dense": nn.Dense(3, 2), "Conv2d": nn.Conv2d(1, 2, 3, padding=(1, 0)),
               "MaxPool2d": nn.MaxPool2d(3, 2), "RNN": rnn(), "Flatten": nn.Flatten(2, 3),
               "LogSoftmax": nn.LogSoftmax(0), "Softmax": nn.Softmax(1),
               "Dropout": nn.Dropout(0.25)}
    cls = BY_NAME.get(kind)
    # an activation with parameters gets values other than its defaults
    layer = samples.get(kind) or cls(*(d + 0.125 for d in cls.rule.defaults))
    spec = model_spec(layer)
    again = build_model(spec, "f")
    assert type(again) is type(layer) and model_spec(again) == spec


def test_a_field_the_layer_does_not_have_is_one_line() -> None:
    spec = {"type": "Sequential", "layers": [
        {"type": "Conv2d", "in_channels": 1, "out_channels": 1, "kernel_size": [2, 2],
         "dilation": [2, 2]}]}
    with pytest.raises(ConfigError) as err:
        build_model(spec, "m.npz")
    assert str(err.value) == ("m.npz: model layer 0 (Conv2d): unknown field 'dilation'; Conv2d "
                              "has in_channels, out_channels, kernel_size, stride, padding, "
                              "bias, dtype")
    with pytest.raises(ConfigError, match=r"layer 0 \(ReLU\): unknown field 'alpha'"):
        build_model({"type": "Sequential", "layers": [{"type": "ReLU", "alpha": 1}]}, "m")


@pytest.mark.parametrize(("field", "value", "says"), [
    ("kernel_size", "3", "expected a pair of integers"),
    ("kernel_size", [3, 2.5], "expected an integer"),
    ("bias", 1, "expected true or false"),
    ("dtype", "object", "float32"),
])
def test_a_mistyped_field_is_named(field: str, value: object, says: str) -> None:
    layer = {"type": "Conv2d", "in_channels": 1, "out_channels": 1, "kernel_size": [2, 2],
             field: value}
    with pytest.raises(ConfigError, match=rf"model \(Conv2d\): field '{field}': .*{says}"):
        build_model(layer, "m")
