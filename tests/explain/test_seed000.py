"""Seed 000 with correct arithmetic: x1 = 0.05, σ(x) = 1/(1 + e^(−x)), η = 0.5, biases frozen.

The expected numbers are recomputed here from the seed's own formulas with plain floats
(``math.exp``), independently of the engine; they differ from the seed's printed tables, whose
slips are documented in docs/corrections-backprop.md.
"""

from __future__ import annotations

import math

import pytest

from chainrule.explain import explain


def sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


X1, X2 = 0.05, 0.1
W = dict(w1=0.15, w2=0.2, w3=0.25, w4=0.3, w5=0.4, w6=0.45, w7=0.5, w8=0.55)
C1, C2, T1, T2, ETA = 0.35, 0.60, 0.1, 0.99, 0.5


def by_hand() -> dict[str, float]:
    y1 = X1 * W["w1"] + X2 * W["w3"] + C1
    y2 = X1 * W["w2"] + X2 * W["w4"] + C1
    y1a, y2a = sig(y1), sig(y2)
    z1 = y1a * W["w5"] + y2a * W["w7"] + C2
    z2 = y1a * W["w6"] + y2a * W["w8"] + C2
    z1a, z2a = sig(z1), sig(z2)
    d1 = (z1a - T1) * z1a * (1 - z1a)  # ∂E/∂z1
    d2 = (z2a - T2) * z2a * (1 - z2a)  # ∂E/∂z2
    dy1a = d1 * W["w5"] + d2 * W["w6"]  # ∂E/∂y1^a = ∂E1/∂y1^a + ∂E2/∂y1^a
    dy2a = d1 * W["w7"] + d2 * W["w8"]
    dy1, dy2 = dy1a * y1a * (1 - y1a), dy2a * y2a * (1 - y2a)
    grads = dict(w5=d1 * y1a, w6=d2 * y1a, w7=d1 * y2a, w8=d2 * y2a,
                 w1=dy1 * X1, w2=dy2 * X1, w3=dy1 * X2, w4=dy2 * X2)
    e1, e2 = 0.5 * (T1 - z1a) ** 2, 0.5 * (T2 - z2a) ** 2
    return dict(y1=y1, y2=y2, y1a=y1a, y2a=y2a, z1=z1, z2=z2, z1a=z1a, z2a=z2a, E1=e1, E2=e2,
                E=e1 + e2, **{f"d{k}": v for k, v in grads.items()})


def test_forward_matches_the_seed_where_the_seed_is_right(seed000):
    v = explain(seed000).values
    assert v["y1"] == pytest.approx(0.3825, abs=1e-15)  # the seed's 0.3825: it used x1 = 0.05
    assert v["y2"] == pytest.approx(0.39, abs=1e-15)
    assert v["y1^a"] == pytest.approx(0.594476, abs=5e-7)  # not the seed's 0.4055 = 1 − σ
    assert v["y1^a"] + 0.4055 == pytest.approx(1.0, abs=5e-5)


def test_forward_and_error(seed000):
    ex, h = explain(seed000), by_hand()
    v = ex.values
    for name, key in (("y1", "y1"), ("y2", "y2"), ("y1^a", "y1a"), ("y2^a", "y2a"),
                      ("z1", "z1"), ("z2", "z2"), ("z1^a", "z1a"), ("z2^a", "z2a"),
                      ("E1", "E1"), ("E2", "E2"), ("E_total", "E")):
        assert v[name] == pytest.approx(h[key], rel=1e-13), name


def test_every_weight_has_its_gradient_and_update(seed000):
    ex, h = explain(seed000), by_hand()
    step = ex.detail()
    updates = {u.name: u for u in step.updates}
    for k in range(1, 9):
        name = f"w{k}"
        assert updates[name].grad == pytest.approx(h[f"d{name}"], rel=1e-12), name
        assert updates[name].new == pytest.approx(W[name] - ETA * h[f"d{name}"], rel=1e-12)
        assert not updates[name].frozen
    assert updates["c1"].frozen and updates["c1"].new == 0.35
    assert updates["c2"].frozen and updates["c2"].new == 0.60


def test_w5_is_factored_as_in_the_seed(seed000):
    d = explain(seed000).detail().derivation("w5")
    assert d.anchor == "E1" and d.anchor_grad == 1.0
    assert [(l.out, l.wrt, l.text) for l in d.chain] == [
        ("E1", "z1^a", "z1^a − target₁"), ("z1^a", "z1", "z1^a(1 − z1^a)"), ("z1", "w5", "y1^a")]
    assert d.chain_product == pytest.approx(d.grad, rel=1e-15)


def test_hidden_weight_sums_over_downstream_paths(seed000):
    step = explain(seed000).detail()
    w1 = step.derivation("w1")
    assert w1.anchor == "y1^a"
    assert [(l.out, l.wrt, l.text) for l in w1.chain] == [
        ("y1^a", "y1", "y1^a(1 − y1^a)"), ("y1", "w1", "x1")]
    y1a = step.derivation("y1^a")
    # ∂E_total/∂y1^a = ∂E1/∂y1^a + ∂E2/∂y1^a, reusing ∂E/∂z1 and ∂E/∂z2 (the seed writes
    # ∂E2/∂z1^a in the second term: it is ∂E2/∂z2^a).
    assert [(p.via, p.local.text, p.reaches) for p in y1a.paths] == [
        ("z1", "w5", ("E1",)), ("z2", "w6", ("E2",))]
    assert [p.upstream for p in y1a.paths] == [step.grads["z1"], step.grads["z2"]]


def test_one_step_lowers_the_loss(seed000):
    ex = explain(seed000, steps=2)
    assert ex.losses[1] < ex.losses[0]
    assert ex.detail(2).loss == pytest.approx(ex.losses[1], rel=1e-15)
