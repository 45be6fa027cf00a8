"""Seed 003's worked example, number by number (every value recomputed by hand below).

Forward: a0 = 1·0.5 + 0.5·1 + 1·(−0.5) + 0 = 0.5, b0 = ReLU(0.5) = 0.5, c0 = 0.5·(−1) = −0.5,
c1 = 0.5·1 = 0.5, o0 = ReLU(−0.5) = 0, o1 = 0.5; MSE = ((0 − 0.5)² + (0.5 − 1)²)/2 = 0.25.
Backward: ∂E/∂o_j = 2(o_j − ŷ_j)/2 → −0.5, −0.5; ReLU'(c0 = −0.5) = 0, ReLU'(c1) = 1 →
∂E/∂c = 0, −0.5; ∂E/∂b0 = (−1)·0 + 1·(−0.5) = −0.5; ∂E/∂a0 = 1·(−0.5) = −0.5.
Updates with α = 0.1: w⁺ = w − α·x·∂E/∂y.
"""

from __future__ import annotations

import pytest

from chainrule.explain import explain


def test_forward_and_error(seed003):
    ex = explain(seed003)
    v = ex.values
    assert [v[n] for n in ("a0", "b0", "c0", "c1", "o0", "o1")] == pytest.approx(
        [0.5, 0.5, -0.5, 0.5, 0.0, 0.5], abs=1e-15)
    assert ex.detail().loss == pytest.approx(0.25, abs=1e-15)
    assert [v["e0"], v["e1"]] == pytest.approx([0.125, 0.125], abs=1e-15)


def test_backward(seed003):
    g = explain(seed003).grads
    assert [g["o0"], g["o1"]] == pytest.approx([-0.5, -0.5], abs=1e-15)
    assert [g["c0"], g["c1"]] == pytest.approx([0.0, -0.5], abs=1e-15)
    assert g["b0"] == pytest.approx(-0.5, abs=1e-15)
    assert g["a0"] == pytest.approx(-0.5, abs=1e-15)
    # ∂E/∂w_i^j = x_i·∂E/∂y^j and ∂E/∂b^j = ∂E/∂y^j, as the seed's layer formulas say.
    assert g["w_b0^c1"] == pytest.approx(0.5 * -0.5, abs=1e-15)
    assert g["w_i1^a0"] == pytest.approx(0.5 * -0.5, abs=1e-15)
    assert g["b^c1"] == g["c1"]
    assert g["b^a0"] == g["a0"]


def by_hand() -> dict[str, float]:
    """One step of seed 003 with plain floats, sharing no code with the engine."""
    x, w1, w2, t, alpha = (1.0, 0.5, 1.0), (0.5, 1.0, -0.5), (-1.0, 1.0), (0.5, 1.0), 0.1

    def relu(v: float) -> float:
        return max(v, 0.0)

    a0 = sum(xi * wi for xi, wi in zip(x, w1)) + 0.0
    b0 = relu(a0)
    c = [b0 * w for w in w2]
    o = [relu(cj) for cj in c]
    do = [2 * (oj - tj) / 2 for oj, tj in zip(o, t)]
    dc = [d * (1.0 if cj > 0 else 0.0) for d, cj in zip(do, c)]
    da0 = sum(w * d for w, d in zip(w2, dc)) * (1.0 if a0 > 0 else 0.0)
    new = {f"w_i{i}^a0": w1[i] - alpha * x[i] * da0 for i in range(3)}
    new |= {"b^a0": 0.0 - alpha * da0}
    new |= {f"w_b0^c{j}": w2[j] - alpha * b0 * dc[j] for j in range(2)}
    new |= {f"b^c{j}": 0.0 - alpha * dc[j] for j in range(2)}
    return new


def test_new_parameters(seed003):
    new = explain(seed003).final_parameters
    # The seed's printed results (right, see docs/corrections-backprop.md), recomputed above.
    printed = {"w_i0^a0": 0.55, "w_i1^a0": 1.025, "w_i2^a0": -0.45, "b^a0": 0.05,
               "w_b0^c0": -1.0, "w_b0^c1": 1.025, "b^c0": 0.0, "b^c1": 0.05}
    expected = by_hand()
    assert expected == pytest.approx(printed, abs=1e-15)
    assert new == pytest.approx(expected, abs=1e-15)


def test_layer_view_follows_the_seed(seed003):
    step = explain(seed003).detail()
    kinds = [(g.kind, g.layer) for g in step.layers]
    assert kinds == [("loss", 2), ("activation", 2), ("dense", 2), ("activation", 1),
                     ("dense", 1)]
    # Step 3 of the seed: ∂E/∂b0 = w_(b0)^(c0)·∂E/∂c0 + w_(b0)^(c1)·∂E/∂c1, two paths.
    b0 = step.derivation("b0")
    assert [(p.via, p.local.text, p.local.value, p.upstream) for p in b0.paths] == [
        ("c0", "w_b0^c0", -1.0, 0.0), ("c1", "w_b0^c1", 1.0, -0.5)]
    # Step 1 of the seed: ∂E/∂o0 = 2(o0 − ŷ0)/2, the op table's own text; the count n = 2
    # is a named constant (its value is in the numbers column and in the graph).
    o0 = step.derivation("o0")
    assert o0.paths[0].local.text == "2(o0 − ŷ0)/n"
    assert step.values["n"] == 2
    # Step 2: σ'(c0) for ReLU.
    assert step.derivation("c0").paths[0].local.text == "1 if c0 > 0 else 0"


def test_markdown_states_the_seed_numbers(seed003):
    md = explain(seed003).to_markdown()
    assert "| `∂E/∂b0` | `∂E/∂c0 · ∂c0/∂b0 + ∂E/∂c1 · ∂c1/∂b0` |" in md
    assert "`0 · (-1) + (-0.5) · 1`" in md
    assert "| `w_i1^a0` | `1` | `-0.25` | `1.025` |" in md
