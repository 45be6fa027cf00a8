"""Check my work: the seed's own tables, a correct learner, one early slip, and each hint.

Learner values here are computed in the test with plain floats (``math.exp``) from the seed's
formulas, then written with 6 significant digits, as a careful learner would.
"""

from __future__ import annotations

import math

import pytest

from chainrule.errors import ConfigError
from chainrule.explain import Network, check_backprop, explain
from chainrule.explain.checking.learner import Key, parse_key, read_values


def sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def written(x: float) -> str:
    return f"{x:.6g}"


def learner_forward(y1: float | None = None) -> dict[str, float]:
    """Seed 000's forward pass and error, by hand, optionally from a slipped y1."""
    y1 = 0.05 * 0.15 + 0.1 * 0.25 + 0.35 if y1 is None else y1
    y2 = 0.05 * 0.2 + 0.1 * 0.3 + 0.35
    y1a, y2a = sig(y1), sig(y2)
    z1, z2 = y1a * 0.4 + y2a * 0.5 + 0.6, y1a * 0.45 + y2a * 0.55 + 0.6
    z1a, z2a = sig(z1), sig(z2)
    e1, e2 = 0.5 * (0.1 - z1a) ** 2, 0.5 * (0.99 - z2a) ** 2
    return {"y1": y1, "y2": y2, "y1^a": y1a, "y2^a": y2a, "z1": z1, "z2": z2, "z1^a": z1a,
            "z2^a": z2a, "E1": e1, "E2": e2, "E_total": e1 + e2}


def test_seed_tables_reveal_x1_and_the_flipped_sigmoid(examples):
    result = check_backprop(examples / "seed000.toml", examples / "seed000-learner.toml")
    assert result["x1"].verdict == "differs" and result["x1"].true == 0.05
    # y1 = 0.3825 is the true value: never wrong, even though the learner's own x1 = 0.5
    # gives 0.45; the hint still finds the input slip (the tour printed "0.3825 0.3825 wrong").
    y1 = result["y1"]
    assert y1.verdict == "right" and y1.given == y1.true == pytest.approx(0.3825)
    assert y1.local == pytest.approx(0.45)
    assert "does not follow from your own values" in y1.hint
    assert "x1 = 0.05" in y1.hint and "also makes y2 consistent" in y1.hint
    assert "x1 = 0.05" in result["y2"].hint and result["y2"].verdict == "right"
    assert result.first_wrong.quantity == "y1^a"
    for name in ("y1^a", "y2^a", "z1^a", "z2^a"):
        j = result[name]
        assert j.verdict == "wrong" and "1 − σ(" in j.hint and "flipped" in j.hint, name
    # Values computed correctly from the slipped ones are not blamed again.
    for name in ("z1", "z2", "E1", "E2", "E_total"):
        assert result[name].verdict == "carried", name
    assert {j.quantity for j in result.with_verdict("wrong")} == {
        "y1^a", "y2^a", "z1^a", "z2^a"}
    for j in result:  # never a "wrong" value equal to the truth
        assert not (j.verdict == "wrong" and abs(j.given - j.true) <= j.tolerance)


def test_seed_as_printed_still_points_at_x1(examples, seed000):
    printed = Network.from_dict({**seed000.to_dict(), "inputs": [0.5, 0.1]})
    result = check_backprop(printed, examples / "seed000-learner.toml")
    assert result["x1"].verdict == "right"  # the learner copied the printed input table
    assert result.first_wrong.quantity == "y1"
    assert result["y1"].true == pytest.approx(0.45)
    assert "x1 = 0.05" in result.first_wrong.hint


def learner_backward() -> dict[str, float]:
    """Seed 000's gradients by hand (plain floats, no engine), from :func:`learner_forward`."""
    f = learner_forward()
    y1a, y2a, z1a, z2a = f["y1^a"], f["y2^a"], f["z1^a"], f["z2^a"]
    dz1 = (z1a - 0.1) * z1a * (1 - z1a)
    dz2 = (z2a - 0.99) * z2a * (1 - z2a)
    dy1 = (dz1 * 0.4 + dz2 * 0.45) * y1a * (1 - y1a)
    dy2 = (dz1 * 0.5 + dz2 * 0.55) * y2a * (1 - y2a)
    return {"z1^a": z1a - 0.1, "z1": dz1, "w5": dz1 * y1a, "y1^a": dz1 * 0.4 + dz2 * 0.45,
            "y1": dy1, "w1": dy1 * 0.05, "w8": dz2 * y2a, "c1": dy1 + dy2}


def _correct_values() -> dict[str, str]:
    forward, grads = learner_forward(), learner_backward()
    values = {k: written(v) for k, v in forward.items()}
    values.update({"x1": "0.05", "x2": "0.1", "w5": "0.4"})
    spellings = ["dE/d{}", "∂E/∂{}", "dE_total/d({})", "∂E_total / ∂{}"]
    for i, name in enumerate(["z1^a", "z1", "w5", "y1^a", "y1", "w1", "w8", "c1"]):
        values[spellings[i % 4].format(name)] = written(grads[name])
    values["dz1^a/dz1"] = written(forward["z1^a"] * (1 - forward["z1^a"]))
    values.update({"w5+": written(0.4 - 0.5 * grads["w5"]),
                   "w1⁺": written(0.15 - 0.5 * grads["w1"]),
                   "w8^+": written(0.55 - 0.5 * grads["w8"]), "c1_new": "0.35"})
    return values


def test_a_correct_learner_is_all_right(seed000):
    values = _correct_values()
    result = check_backprop(seed000, values)
    assert result.unknown == ()
    assert [j.quantity for j in result if j.verdict != "right"] == []
    assert result.all_right and result.first_wrong is None
    assert len(result.judgements) == len(values)


def test_one_early_slip_is_marked_once(seed000):
    values = {k: written(v) for k, v in learner_forward(y1=0.4125).items()}
    result = check_backprop(seed000, values)
    assert [j.quantity for j in result.with_verdict("wrong")] == ["y1"]
    assert result["y1"].local == pytest.approx(0.3825)
    for name in ("y1^a", "z1", "z2", "z1^a", "z2^a", "E1", "E2", "E_total"):
        assert result[name].verdict == "carried", name
    assert result["y2"].verdict == "right" and result["y2^a"].verdict == "right"


def test_hint_missing_path(seed000):
    g = explain(seed000).grads
    only_z1 = g["z1"] * 0.4  # ∂E/∂z1 · w5, without ∂E/∂z2 · w6
    result = check_backprop(seed000, {"dE/d(y1^a)": written(only_z1)})
    j = result["∂E_total/∂y1^a"]
    assert j.verdict == "wrong" and "only the path(s) through z1" in j.hint and "z2" in j.hint


def test_hint_factor_two_and_sign(seed000):
    z1a = explain(seed000).values["z1^a"]
    twice = check_backprop(seed000, {"dE/dz1^a": written(2 * (z1a - 0.1))})["∂E_total/∂z1^a"]
    assert "factor 2 too many" in twice.hint
    flipped = check_backprop(seed000, {"dE/dz1^a": written(0.1 - z1a)})["∂E_total/∂z1^a"]
    assert "sign flipped" in flipped.hint


def test_hint_updated_weights_used_too_early(seed000):
    ex = explain(seed000)
    new = {u.name: u.new for u in ex.detail().updates}
    early = ex.grads["z1"] * new["w5"] + ex.grads["z2"] * new["w6"]
    j = check_backprop(seed000, {"dE/dy1^a": written(early)})["∂E_total/∂y1^a"]
    assert j.verdict == "wrong" and "updated w5, w6" in j.hint


def test_hint_update_slips(seed000):
    ex = explain(seed000)
    g = ex.grads["w5"]
    plus = check_backprop(seed000, {"w5+": written(0.4 + 0.5 * g)})["w5⁺"]
    assert "subtracts" in plus.hint
    no_eta = check_backprop(seed000, {"w5+": written(0.4 - g)})["w5⁺"]
    assert "learning rate" in no_eta.hint
    frozen = check_backprop(seed000, {"c1+": written(0.35 - 0.5 * ex.grads["c1"])})["c1⁺"]
    assert frozen.verdict == "wrong" and "frozen" in frozen.hint


@pytest.mark.parametrize(("key", "parsed"), [
    ("y1^a", Key("value", "y1^a")), ("dE/dw5", Key("gradient", "w5")),
    ("∂E/∂w5", Key("gradient", "w5")), ("dE_total/d(y1^a)", Key("gradient", "y1^a")),
    ("δL/δw5", Key("gradient", "w5")), ("dz1^a/dz1", Key("local", "z1^a", "z1")),
    ("w5+", Key("update", "w5")), ("w5⁺", Key("update", "w5")),
    ("w5^+", Key("update", "w5")), ("w5_new", Key("update", "w5")),
])
def test_key_spellings(key, parsed):
    assert parse_key(key) == parsed


def test_precision_is_read_from_the_writing():
    values = read_values({"a": 0.4055, "b": "0.40550", "c": 1.2e-05, "d": 3})
    assert values["a"].tolerance == pytest.approx(5e-5)
    assert values["b"].tolerance == pytest.approx(5e-6)
    assert values["c"].tolerance == pytest.approx(5e-7)
    assert values["d"].tolerance == 0.0


def test_unknown_keys_and_bad_values(seed000, tmp_path):
    result = check_backprop(seed000, {"y_1": 0.3825, "w5": 0.4})
    assert result.unknown == (("y_1", "y1"),) and not result.all_right
    bad = tmp_path / "learner.toml"
    bad.write_text('y1 = "about 0.38"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"learner\.toml: y1: expected a number"):
        check_backprop(seed000, bad)
    with pytest.raises(ConfigError, match="name none"):
        check_backprop(None, {"y1": 0.3825})


def test_check_renders(examples):
    result = check_backprop(None, examples / "seed000-learner.toml")
    md = result.to_markdown()
    assert "## First wrong step" in md and "Hint: y1^a = 0.4055 is 1 − σ(0.3825)" in md
    assert "A wrong input value?" in md  # on y1, right but not from the learner's x1
    assert "<math" in result.to_html() and r"\begin{tabular}" in result.to_latex()
    assert result.to_dict()["first_wrong"] == "y1^a"
