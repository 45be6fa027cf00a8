"""Find the slip: exactly one planted mistake, found by check-my-work where it is planted."""

from __future__ import annotations

import math

import pytest

from chainrule.exercise import generate
from chainrule.exercise.slip import SLIPS, worked_lines
from chainrule.explain import Network, check_backprop


def _kinds_seen(level: int) -> set[str]:
    return {generate("slip", level, s).extra["slip"] for s in range(40)}


def test_every_slip_is_planted_for_some_seed():
    assert _kinds_seen(2) == set(SLIPS)


@pytest.mark.parametrize("seed", range(12))
def test_check_my_work_flags_the_planted_line_and_only_it(seed):
    ex = generate("slip", 2, seed)
    shown = {name: value for name, _, value in ex.extra["worked"]}
    result = check_backprop(Network.from_dict(ex.network), shown)
    wrong = [j.key for j in result if j.verdict == "wrong"]
    assert wrong == [ex.extra["line"]], (ex.extra["slip"], wrong)


@pytest.mark.parametrize("seed", range(12))
def test_right_value_and_update_recomputed_with_math(seed, ref):
    ex = generate("slip", 1, seed)
    v, _, _ = ref.numpy_step(ex.network)
    w5, t1, eta = v_given(ex, "w5"), v_given(ex, "t1"), ex.network["learning_rate"]
    za, ya = v["z1^a"], v["y1^a"]
    right = {"z1^a": 1 / (1 + math.exp(-v["z1"])), "dE/dz1^a": za - t1,
             "dz1^a/dz1": za * (1 - za), "dE/dw5": (za - t1) * za * (1 - za) * ya}
    right["w5+"] = w5 - eta * right["dE/dw5"]
    assert ex.quantity("slip_value").value == pytest.approx(right[ex.extra["line"]])
    assert ex.quantity("w5+").value == pytest.approx(right["w5+"])


def v_given(ex, name):
    return dict(ex.givens)[name]


def test_worked_lines_without_a_slip_are_the_true_values(ref):
    ex = generate("slip", 2, 3)
    v, grads, updates = ref.numpy_step(ex.network)
    lines = worked_lines({**v, "w5": v_given(ex, "w5"), "t1": v_given(ex, "t1")},
                         ex.network["learning_rate"], None)
    assert lines["dE/dw5"] == pytest.approx(grads["w5"])
    assert lines["w5+"] == pytest.approx(updates["w5"])
