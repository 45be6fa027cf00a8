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
    {"dataset": "spirals", "classes": 2, "hidden": [3], "loss": "cce", "activation": "linear"},
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


def test_the_menus_are_the_rule_table_and_explains_losses():
    """Every activation row of the rule table with an nn layer is offered (by its first
    activation name, other spellings accepted), and every loss kind explain knows."""
    from chainrule import nn, rules
    from chainrule.explain.model.network import LOSSES as EXPLAIN_LOSSES
    from chainrule.playground import model
    from chainrule.playground.state import Settings

    rows = {r.activation[0] for r in rules.ACTIVATIONS.values() if getattr(nn, r.layer, None)}
    assert set(model.ACTIVATIONS) == rows and "tanh" in rows
    assert set(model.LOSSES) == set(EXPLAIN_LOSSES.values())
    state = handle(Session(), {"op": "config", "settings": {}})
    assert [c[0] for c in state["choices"]["activation"]] == list(model.ACTIVATIONS)
    assert [c[0] for c in state["choices"]["loss"]] == list(model.LOSSES)
    for alias, row in rules.ACTIVATIONS.items():
        if row.activation[0] in rows:
            assert Settings.read({"activation": alias}).activation == row.activation[0]


@pytest.mark.parametrize("activation", __import__("chainrule.playground.model",
                                                  fromlist=["ACTIVATIONS"]).ACTIVATIONS)
def test_every_offered_activation_steps_as_the_explanation(activation):
    """The array engine's step (nn layer of the row) equals the scalar engine's (the row)."""
    test_walk_numbers_equal_the_explanation({"hidden": [3, 2], "activation": activation,
                                             "loss": "mse", "features": ["x1", "x2", "x1x2"]})


@pytest.mark.parametrize("loss", __import__("chainrule.playground.model",
                                            fromlist=["LOSSES"]).LOSSES)
def test_every_offered_loss_steps_as_the_explanation(loss):
    test_walk_numbers_equal_the_explanation({"dataset": "gaussian", "classes": 3,
                                             "hidden": [3], "loss": loss})
