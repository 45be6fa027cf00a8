"""Adding an activation is one rule-table row + one nn class, in a module of one's own: nn,
describe/explain, model files and the playground's menu know it with no other edit."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from chainrule import nn, rules
from chainrule.explain import describe, explain
from chainrule.io import build_model, model_spec
from chainrule.nn import activations as nn_activations
from chainrule.numeric import gradcheck
from chainrule.playground import model as playground
from chainrule.rules import record
from chainrule.tensor import Tensor, elementwise, op

MODULE = '''
from chainrule.nn import Activation
from chainrule.rules import declare

SILU = declare(
    "silu_demo", 1, lambda m, x: x * m.sigmoid(x),
    lambda m, x, out: (m.sigmoid(x) * (1 + x * (1 - m.sigmoid(x))),),
    text="{0}·σ({0})", latex=r"{0} \\sigma({0})", d_text=("σ({0})(1 + {0}(1 − σ({0})))",),
    d_latex=(r"\\sigma({0})\\left(1 + {0}\\left(1 - \\sigma({0})\\right)\\right)",),
    symbol="SiLU", activation=("silu_demo",), layer="SiLUDemo", doc="x·σ(x), a demo row")


class SiLUDemo(Activation):
    pass
'''


@pytest.fixture
def registries() -> Iterator[None]:
    """Leave every registry as it was: the demo row must not leak into other tests."""
    tables = (record.ROWS, record._BY_NAME, record.ACTIVATIONS, nn_activations.BY_NAME,
              nn_activations.BY_ACTIVATION, elementwise.ROW_OPS, op.ARRAY_OPS)
    saved = [dict(t) for t in tables]
    yield
    for table, old in zip(tables, saved):
        table.clear()
        table.update(old)
    sys.modules.pop("silu_demo_module", None)


def _load(tmp_path: Path) -> object:
    path = tmp_path / "silu_demo_module.py"
    path.write_text(textwrap.dedent(MODULE), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("silu_demo_module", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["silu_demo_module"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_one_row_and_one_class_reach_every_consumer(tmp_path: Path, registries: None) -> None:
    assert "silu_demo" not in playground.activations()
    demo = _load(tmp_path)
    cls = demo.SiLUDemo  # type: ignore[attr-defined]
    # nn: registered by being defined; its forward is x·σ(x), its gradient the row's
    assert nn_activations.BY_NAME["SiLUDemo"] is cls and rules.ACTIVATIONS["silu_demo"]
    x = np.linspace(-3, 3, 7)
    assert np.allclose(cls()(x).data, x / (1 + np.exp(-x)), rtol=0, atol=1e-15)
    assert gradcheck(lambda t: cls()(t).sum(), [Tensor(x, requires_grad=True)])
    # explain: described from an nn model, explained with the same loss as nn computes
    dense = nn.Dense(2, 2, dtype=np.float64)
    model = nn.Sequential(dense, cls())
    X, T = np.array([[0.5, -1.0]]), np.array([[0.1, 0.2]])
    net = describe(model, inputs=X, targets=T, loss="mse")
    assert net.layers[0].activation == "silu_demo"
    want = float(nn.MSELoss()(model(X), T).item())
    assert explain(net).losses[0] == pytest.approx(want, rel=1e-13)
    # model files and the playground's menu
    assert type(build_model(model_spec(model), "<spec>")[1]) is cls
    assert "silu_demo" in playground.activations()
    assert "silu_demo" in [c[0] for c in playground.choices()["activation"]]
    assert type(playground.activation_layer("silu_demo")) is cls
