"""Many steps: the array engine against plain-float hand loops and the scalar graph.

Matt Mazur's "A Step by Step Backpropagation Example" (which seed 000 adapts) reports that after
10,000 iterations "the error plummets to 0.0000351085". The test recomputes his network with a
plain-Python loop of his own formulas and compares step by step; the recomputation says his
figure is the error measured before the 10,000th update (after 10,000 updates it is 0.0000351019).
"""

from __future__ import annotations

import math

import pytest

from chainrule.explain import Network, explain


def sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


MAZUR = {"learning_rate": 0.5, "inputs": [0.05, 0.1], "targets": [0.01, 0.99],
         "frozen": ["b1", "b2"],  # Mazur updates the weights only
         "layers": [{"weights": [[0.15, 0.2], [0.25, 0.3]], "biases": 0.35, "bias_names": "b1"},
                    {"weights": [[0.4, 0.45], [0.5, 0.55]], "biases": 0.6, "bias_names": "b2"}],
         "loss": {"kind": "half_sse"}}


def mazur_by_hand(steps: int) -> list[float]:
    """Mazur's network in his notation, plain floats: the total error before each update, and
    the error after the last one."""
    i1, i2, t1, t2, b1, b2, eta = 0.05, 0.1, 0.01, 0.99, 0.35, 0.6, 0.5
    w = [0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55]
    errors = []
    for _ in range(steps + 1):
        h1 = sig(w[0] * i1 + w[1] * i2 + b1)
        h2 = sig(w[2] * i1 + w[3] * i2 + b1)
        o1 = sig(w[4] * h1 + w[5] * h2 + b2)
        o2 = sig(w[6] * h1 + w[7] * h2 + b2)
        errors.append(0.5 * (t1 - o1) ** 2 + 0.5 * (t2 - o2) ** 2)
        d1 = (o1 - t1) * o1 * (1 - o1)
        d2 = (o2 - t2) * o2 * (1 - o2)
        e1 = (d1 * w[4] + d2 * w[6]) * h1 * (1 - h1)
        e2 = (d1 * w[5] + d2 * w[7]) * h2 * (1 - h2)
        grads = [e1 * i1, e1 * i2, e2 * i1, e2 * i2, d1 * h1, d1 * h2, d2 * h1, d2 * h2]
        w = [wi - eta * g for wi, g in zip(w, grads)]
    return errors


def test_mazur_10000_iterations():
    hand = mazur_by_hand(10_000)
    ex = explain(Network.from_dict(MAZUR), 10_000)
    assert len(ex.losses) == 10_000
    for k in (0, 1, 9, 99, 999, 9_999):
        assert ex.losses[k] == pytest.approx(hand[k], rel=1e-10)
    assert ex.final_loss == pytest.approx(hand[10_000], rel=1e-10)
    assert hand[0] == pytest.approx(0.298371109, abs=5e-10)  # Mazur's first error
    assert f"{hand[9_999]:.10f}" == "0.0000351085"  # his figure: before the 10,000th update
    assert f"{ex.losses[-1]:.10f}" == "0.0000351085"
    assert ex.final_loss < ex.losses[-1]


def test_parameters_replay_from_the_kept_steps(seed003):
    ex = explain(seed003, 50, show=[1, 50])
    again = explain(seed003, 50, show=list(range(1, 51)))
    for k in (1, 7, 30, 50):
        assert ex.parameters_at(k) == pytest.approx(again.parameters_at(k), rel=1e-15)
    assert [s.step for s in ex.steps[-2:]] == [49, 50]
    assert ex.shown == (1, 50)
    md = ex.to_markdown()
    assert "## Step 1" in md and "## Step 50" in md and "## Training: 50 steps" in md


def test_json_has_every_loss_and_only_the_shown_detail(seed000):
    data = explain(seed000, 200, show=[200]).to_dict(matrices=True)
    assert len(data["losses"]) == 200
    assert [d["step"] for d in data["details"]] == [200]
    assert [m["step"] for m in data["matrices"]] == [200]
    assert data["matrices"][0]["checked"] == 22
