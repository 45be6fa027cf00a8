"""Marking the calculus kinds: tolerance from written precision, carried values, formulas."""

from __future__ import annotations

import pytest

from chainrule.exercise import generate
from chainrule.exercise.handnumbers import at_precision
from chainrule.symbolic import to_function


def test_descent_slip_is_blamed_once(ref):
    ex = generate("descent", 2, 4)
    lr, x = ex.extra["lr"], ex.extra["x0"]
    f = to_function(ex.extra["formula"])
    answers = {}
    for k in range(3):
        g = ref.central(lambda t, f=f: float(f(t)), x)
        answers[f"f'(x{k})"] = at_precision(g, 4)
        x = x - lr * g + (0.5 if k == 0 else 0.0)  # one slip in x1, then carried on
        answers[f"x{k + 1}"] = at_precision(x, 4)
    marking = ex.check(answers)
    verdicts = {m.key: m.verdict for m in marking.marks}
    assert verdicts["x1"] == "wrong"
    assert {verdicts[k] for k in ("f'(x1)", "x2", "f'(x2)", "x3")} == {"carried"}
    assert marking.score == marking.total - 1


def test_tolerance_follows_the_written_precision():
    ex = generate("tangent", 2, 1)
    q = ex.quantity("m")
    six = at_precision(q.value, 6)
    assert ex.check({"m": six})["m"].verdict == "right"
    off = f"{q.value + 3e-4:.4f}"  # 3 units of the 4th decimal away
    assert ex.check({"m": off})["m"].verdict == "wrong"
    assert "slope" in ex.check({"m": off})["m"].hint


def test_formula_answers_judged_symbolically():
    ex = generate("chain", 1, 0)
    expr = ex.extra["formula"]
    right = ex.quantity("f'(x)").formula
    assert ex.check({"f'(x)": right})["f'(x)"].verdict == "right"
    assert ex.check({"f'(x)": f"({right})*1 + 0*x"})["f'(x)"].verdict == "right"
    wrong = ex.check({"f'(x)": expr})["f'(x)"]
    assert wrong.verdict == "wrong" and wrong.hint.startswith("Not right")
    bad = ex.check({"f'(x)": "2*x +"})["f'(x)"]
    assert bad.verdict == "unreadable" and "Could not read" in bad.hint


def test_limit_quotient_carried_from_own_values():
    ex = generate("limit", 2, 3)
    h = ex.extra["h"]
    f0 = ex.quantity("f(x0)").value
    fh = ex.quantity("f(x0+h)").value + 0.01  # a slip in f(x0 + h)
    exact = ex.quantity("f'(x0)").value
    answers = {"f(x0)": f"{f0:g}", "f(x0+h)": f"{fh:.4f}", "quotient": f"{(fh - f0) / h:.2f}",
               "f'(x0)": f"{exact:g}", "error": f"{(fh - f0) / h - exact:.2f}"}
    m = ex.check(answers)
    assert m["f(x0+h)"].verdict == "wrong"
    assert m["quotient"].verdict == "carried" and m["error"].verdict == "carried"


def test_check_needs_a_dict_when_several_values_are_asked():
    from chainrule.errors import ConfigError

    with pytest.raises(ConfigError, match="give a dict"):
        generate("tangent", 1, 0).check(1.0)
    one = generate("derivative-at", 1, 0)
    assert one.check(at_precision(one.quantities[0].value, 3)).ok
