"""Layer kinds: consumers find a kind's hooks in one registry, and a kind without a hook is
one line naming what is missing, never a KeyError."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import nn
from chainrule.errors import ConfigError
from chainrule.explain import describe
from chainrule.explain.model import kinds
from chainrule.explain.model.describe import to_sequential


def test_dense_round_trips_through_its_hooks() -> None:
    dense = nn.Dense(3, 2, dtype=np.float64)
    spec = kinds.hook(kinds.kind_of("Dense"), "describe")(dense)
    assert spec.kind == "dense"
    arrays = spec.parameter_arrays()
    assert np.array_equal(np.array(arrays["weight"]), dense.weight.data.T)
    back = kinds.hook("dense", "to_nn")(describe(nn.Sequential(dense)).layers[0])
    assert np.array_equal(back.weight.data, dense.weight.data)


@pytest.mark.parametrize(("kind", "name", "message"), [
    ("conv2d", "matrix_view", "no matrix view of conv2d yet"),
    ("conv2d", "scalar_graph", "no per-weight view of conv2d yet"),
    ("dense", "drawing", "no drawing of dense yet"),
])
def test_a_missing_hook_is_one_line(kind: str, name: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        kinds.hook(kind, name, "somewhere")
    assert str(err.value) == f"somewhere: {message}"


def test_describe_names_a_layer_kind_it_cannot_explain() -> None:
    model = nn.Sequential(nn.Dense(4, 2), nn.Flatten())
    with pytest.raises(ConfigError, match=r"^describe: layer 1 \(Flatten\): no per-weight "
                                          r"view of flatten yet$"):
        describe(model)
    assert kinds.kind_of("Conv2d") == "conv2d"  # a class of no registered kind


def test_to_sequential_uses_the_dense_hook() -> None:
    net = describe(nn.Sequential(nn.Dense(2, 2, dtype=np.float64), nn.Tanh()),
                   inputs=[0.3, -0.1])
    model = to_sequential(net)
    assert type(model[0]) is nn.Dense and type(model[1]) is nn.Tanh


def test_unknown_hook_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown hook"):
        kinds.register("dense", "Dense", matrix=lambda: None)
