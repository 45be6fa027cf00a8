"""The page's per-sample numbers (array engine) equal the explanation's (scalar engine)."""

from __future__ import annotations

import pytest

from chainrule.playground.actions import handle
from chainrule.playground.session import Session

CASES = [
    {"preset": "seed000"}, {"preset": "seed003"}, {"preset": "mazur"},
    {"hidden": [8, 8], "activation": "tanh", "loss": "bce"},
    {"hidden": [3, 4], "activation": "relu", "loss": "mse", "features": ["x1", "x1x2"]},
    {"hidden": [2], "activation": "sigmoid", "loss": "half_sse"},
    {"hidden": [5], "activation": "leaky_relu", "loss": "bce"},
    {"dataset": "gaussian", "classes": 3, "hidden": [4], "loss": "cce"},
    {"dataset": "spiral", "classes": 2, "hidden": [3], "loss": "cce", "activation": "linear"},
    {"dataset": "bumps", "hidden": [4, 4], "loss": "mse"},
]


@pytest.mark.parametrize("settings", CASES, ids=[str(c) for c in CASES])
def test_walk_numbers_equal_the_explanation(settings):
    s = Session()
    handle(s, {"op": "config", "settings": settings})
    handle(s, {"op": "train", "unit": "batch", "count": 3})   # away from the initial weights
    walk = handle(s, {"op": "walk", "sample": 0})
    assert walk["type"] == "walk"
    ex = s.walk.ex
    assert set(walk["values"]) <= set(ex.values)
    for name, value in walk["values"].items():
        assert value == pytest.approx(ex.values[name], rel=1e-9, abs=1e-12), name
    for name, grad in walk["grads"].items():
        assert grad == pytest.approx(ex.grads[name], rel=1e-7, abs=1e-12), name
    updates = {u.name: u for u in ex.detail(1).updates}
    assert set(walk["updates"]) == set(updates)
    for name, u in walk["updates"].items():
        assert u["new"] == pytest.approx(updates[name].new, rel=1e-9, abs=1e-12), name
        assert u["frozen"] == updates[name].frozen
    assert walk["loss"] == pytest.approx(ex.detail(1).loss, rel=1e-12)
