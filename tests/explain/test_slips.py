"""One learner file per classic backprop slip: each is marked wrong, and its hint names the slip
and the value the slip gives. Every learner number is computed here by hand (plain floats, the
seeds' formulas) and written with 6 significant digits."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from chainrule.explain import check_backprop


def sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def w6(x: float) -> str:
    return f"{x:.6g}"


def seed000_by_hand() -> dict[str, float]:
    y1a, y2a = sig(0.05 * 0.15 + 0.1 * 0.25 + 0.35), sig(0.05 * 0.2 + 0.1 * 0.3 + 0.35)
    z1a = sig(y1a * 0.4 + y2a * 0.5 + 0.6)
    z2a = sig(y1a * 0.45 + y2a * 0.55 + 0.6)
    d1 = (z1a - 0.1) * z1a * (1 - z1a)
    d2 = (z2a - 0.99) * z2a * (1 - z2a)
    return {"y1a": y1a, "y2a": y2a, "z1a": z1a, "z2a": z2a, "d1": d1, "d2": d2,
            "w5": d1 * y1a, "w6": d2 * y1a, "w7": d1 * y2a, "y1a_grad": d1 * 0.4 + d2 * 0.45}


def learner(tmp_path: Path, network: str, examples: Path, **values: str) -> Path:
    """A learner file naming ``network`` with ``values`` (keys may need quoting)."""
    lines = [f'network = "{(examples / network).as_posix()}"']
    lines += [f'"{k}" = "{v}"' for k, v in values.items()]
    path = tmp_path / "mine.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def judged(tmp_path, examples, network, key, value, quantity):
    result = check_backprop(None, learner(tmp_path, network, examples, **{key: value}))
    j = result[quantity]
    assert j.verdict == "wrong", j
    assert j.hint, f"no hint for {quantity} = {value}"
    return j


def test_forgotten_relu_derivative_seed003(tmp_path, examples):
    # Seed 003's lesson: ∂E/∂c0 = ∂E/∂o0 · ReLU′(c0) and ReLU′(c0) = 0 since c0 = −0.5.
    b0 = max(0.5 * 1 + 1 * 0.5 - 0.5 * 1, 0.0)
    o0 = max(-1 * b0, 0.0)
    dE_do0 = 2 * (o0 - 0.5) / 2
    j = judged(tmp_path, examples, "seed003.toml", "dE/dc0", w6(dE_do0), "∂E/∂c0")
    assert dE_do0 == -0.5 and j.true == 0
    assert "ReLU′(c0) = 0" in j.hint and "-0.5" in j.hint and "forgotten ReLU′" in j.hint


def test_forgotten_sigmoid_derivative(tmp_path, examples):
    h = seed000_by_hand()
    slipped = (h["z1a"] - 0.1) * h["y1a"]  # ∂E/∂w5 without σ′(z1)
    j = judged(tmp_path, examples, "seed000.toml", "dE/dw5", w6(slipped), "∂E_total/∂w5")
    assert "forgotten σ′" in j.hint and w6(slipped) in j.hint and w6(h["w5"]) in j.hint


def test_sign_slip_in_the_error_term(tmp_path, examples):
    h = seed000_by_hand()
    slipped = (0.1 - h["z1a"]) * h["z1a"] * (1 - h["z1a"]) * h["y1a"]  # (t − o) for (o − t)
    j = judged(tmp_path, examples, "seed000.toml", "dE/dw5", w6(slipped), "∂E_total/∂w5")
    assert "sign flipped" in j.hint and w6(slipped) in j.hint


def test_extra_factor_two(tmp_path, examples):
    h = seed000_by_hand()
    slipped = 2 * (h["z1a"] - 0.1)  # d/do of (t − o)², the ½ left out
    j = judged(tmp_path, examples, "seed000.toml", "dE/dz1^a", w6(slipped), "∂E_total/∂z1^a")
    assert "factor 2 too many" in j.hint and w6(slipped) in j.hint


def test_missing_factor_two(tmp_path, examples):
    # Seed 003's MSE, E = ((o0 − ŷ0)² + (o1 − ŷ1)²)/2: ∂E/∂o1 = 2(o1 − 1)/2; the 2 forgotten.
    o1 = max(1 * max(0.5 * 1 + 1 * 0.5 - 0.5 * 1, 0.0), 0.0)
    slipped = (o1 - 1) / 2
    j = judged(tmp_path, examples, "seed003.toml", "dE/do1", w6(slipped), "∂E/∂o1")
    assert "factor 2 missing" in j.hint and w6(slipped) in j.hint


def test_forgotten_sum_over_paths(tmp_path, examples):
    h = seed000_by_hand()
    slipped = h["d1"] * 0.4  # only the path through z1
    j = judged(tmp_path, examples, "seed000.toml", "dE/d(y1^a)", w6(slipped),
               "∂E_total/∂y1^a")
    assert "forgotten sum over paths" in j.hint and "z2" in j.hint and w6(slipped) in j.hint


def test_transposed_weight_index_in_the_backward_sum(tmp_path, examples):
    h = seed000_by_hand()
    slipped = h["d1"] * 0.4 + h["d2"] * 0.5  # δ1·w5 + δ2·w7: W δ instead of Wᵀ δ
    j = judged(tmp_path, examples, "seed000.toml", "dE/d(y1^a)", w6(slipped),
               "∂E_total/∂y1^a")
    assert "transposed weight index" in j.hint and "w5, w7" in j.hint
    assert w6(slipped) in j.hint and w6(h["y1a_grad"]) in j.hint


def test_transposed_weight_index_of_a_gradient(tmp_path, examples):
    h = seed000_by_hand()
    j = judged(tmp_path, examples, "seed000.toml", "dE/dw6", w6(h["w7"]), "∂E_total/∂w6")
    assert "transposed weight index" in j.hint and "∂E/∂w7" in j.hint


def test_update_added_not_subtracted(tmp_path, examples):
    h = seed000_by_hand()
    slipped = 0.4 + 0.5 * h["w5"]
    j = judged(tmp_path, examples, "seed000.toml", "w5+", w6(slipped), "w5⁺")
    assert "subtracts" in j.hint and w6(slipped) in j.hint


def test_wrong_learning_rate(tmp_path, examples):
    h = seed000_by_hand()
    slipped = 0.4 - 0.1 * h["w5"]  # η = 0.1 (seed 003's) instead of seed 000's 0.5
    j = judged(tmp_path, examples, "seed000.toml", "w5+", w6(slipped), "w5⁺")
    assert "η = 0.1" in j.hint and "wrong learning rate" in j.hint and "η = 0.5" in j.hint


def test_updated_weight_where_the_old_one_belongs(tmp_path, examples):
    h = seed000_by_hand()
    new5, new6 = 0.4 - 0.5 * h["w5"], 0.45 - 0.5 * h["w6"]
    slipped = h["d1"] * new5 + h["d2"] * new6
    j = judged(tmp_path, examples, "seed000.toml", "dE/dy1^a", w6(slipped), "∂E_total/∂y1^a")
    assert "updated w5, w6" in j.hint and w6(slipped) in j.hint


def test_old_weight_where_the_updated_one_belongs(tmp_path, examples):
    j = judged(tmp_path, examples, "seed000.toml", "w5+", "0.400000", "w5⁺")
    assert "old w5" in j.hint and "not applied" in j.hint


@pytest.mark.parametrize("value", ["0.3825", "0.38250"])
def test_a_true_value_is_never_wrong(tmp_path, examples, value):
    path = learner(tmp_path, "seed000.toml", examples, x1="0.5", y1=value)
    j = check_backprop(None, path)["y1"]
    assert j.verdict == "right" and "x1 = 0.05" in j.hint


@pytest.mark.parametrize("value", [1.2, 2.0, 0.7, -3.0])
def test_an_arbitrary_wrong_value_is_not_blamed_on_an_invented_input(examples, value):
    # seed 003: a0 = 0.5·1 + 1·0.5 − 0.5·1 = 0.5. Any number is "what some i0 gives"; with no
    # other value to confirm it and no recognisable slip (none of these is a moved decimal
    # point or a flipped sign of one operand), no input slip may be claimed.
    got = check_backprop(examples / "seed003.toml", {"a0": value})["a0"]
    assert got.verdict == "wrong"
    assert got.hint is None or "is what" not in got.hint


def test_a_misplaced_decimal_point_in_an_input_is_named(examples):
    # i1 = 5 instead of 0.5: a0 = 0.5·1 + 1·5 − 0.5·1 = 5 (i0 = 10 gives 5 too).
    got = check_backprop(examples / "seed003.toml", {"a0": 5})["a0"]
    assert got.verdict == "wrong" and "decimal point" in got.hint
    assert "is what i1 = 5 gives (you used i1 = 0.5" in got.hint or "i0 = 10 gives" in got.hint


def test_a_flipped_sign_of_a_weight_is_named(examples):
    # w_i2^a0 = +0.5 instead of −0.5: a0 = 0.5 + 0.5 + 0.5 = 1.5 (i2 = −1 gives 1.5 too).
    got = check_backprop(examples / "seed003.toml", {"a0": 1.5})["a0"]
    assert "the sign flipped" in got.hint
    assert "w_i2^a0 = 0.5 gives" in got.hint or "i2 = -1 gives" in got.hint
