"""``--formula-budget N`` raises every formula limit N-fold, and the limits' messages name it;
``derive`` says in a note line when simplification was skipped or stopped."""

from __future__ import annotations

import json

import pytest

from chainrule.symbolic import budget, diff


def error_of(result: tuple[int, str, str]) -> str:
    """The message of a refused run: exit 2, nothing on stdout, no traceback (a parse error
    adds a caret line under the formula)."""
    code, out, err = result
    assert code == 2 and out == "" and "Traceback" not in err, (code, out, err)
    return err.splitlines()[0]


def _product(n: int) -> str:
    return "*".join(["x"] * n)


def test_over_budget_message_names_the_option_and_the_option_lifts_it(inproc):
    n = budget.MAX_DEPTH + 10  # x*x*…*x nests a level per factor
    line = error_of(inproc("derive", _product(n), "--at", "x=1.5"))
    assert f"nests more than {budget.MAX_DEPTH}" in line
    assert "--formula-budget 10" in line
    code, out, _ = inproc("derive", _product(n), "--at", "x=1.5", "--formula-budget", "10")
    assert code == 0
    # d/dx xⁿ = n·xⁿ⁻¹, recomputed here
    value = float(out.split("d/dx at x = 1.5")[1].split()[0])
    assert value == pytest.approx(n * 1.5 ** (n - 1), rel=1e-9)


def test_constants_past_the_digit_budget(inproc):
    formula = "x^2 + (10^100)^15"  # a constant of 1,501 digits
    line = error_of(inproc("derive", formula))
    assert f"limited to {budget.MAX_DIGITS:,} digits" in line and "--formula-budget" in line
    code, out, _ = inproc("derive", formula, "--formula-budget", "3")
    assert code == 0 and out.splitlines()[0].endswith("= 2x")


def test_the_budget_does_not_outlive_the_command(inproc):
    assert inproc("derive", _product(budget.MAX_DEPTH + 5), "--formula-budget", "2")[0] == 0
    assert "nests more than" in error_of(inproc("derive", _product(budget.MAX_DEPTH + 5)))


@pytest.mark.parametrize("command", [["graph", "-o", "g.svg"], ["descend", "--lr", "0.001",
                                                                  "--x0", "1"]])
def test_graph_and_descend_take_the_option(inproc, command):
    long = "+".join(["x^2"] * 300)  # 1,199 characters, over the 1,000 of the parser
    assert "--formula-budget" in error_of(inproc(command[0], long, *command[1:]))
    code, _, err = inproc(command[0], long, *command[1:], "--formula-budget", "2")
    assert code == 0, err


def test_bad_factor_is_a_usage_error(inproc):
    code, out, err = inproc("derive", "x^2", "--formula-budget", "abc")
    assert code == 2 and "--formula-budget" in err and out == ""


def test_derive_notes_skipped_simplification(inproc):
    big = "exp(x)*ln(x)*tanh(x)*sqrt(x)*sigmoid(x)*sin(x)"  # product rule on six factors
    code, out, _ = inproc("derive", big)
    notes = [line for line in out.splitlines() if line.startswith("note:")]
    assert code == 0 and len(notes) == 1 and "not simplified" in notes[0]
    assert "--formula-budget" in notes[0]
    data = json.loads(inproc("derive", big, "--json")[1])
    assert any("not simplified" in n for n in data["notes"])
    code, out, _ = inproc("derive", "x^2*sin(x)")
    assert code == 0 and "note:" not in out


def test_derive_notes_a_simplification_past_its_time(monkeypatch):
    # The clock is taken out of the test: a real 0.1 ms alarm is not delivered when SymPy
    # answers from its cache (the note then depended on which tests ran before).
    monkeypatch.setattr(budget, "within", lambda seconds, call, fallback: (fallback, False))
    d = diff("(x^2 + 1)^3*sin(x)/(x + 1)")
    assert d.note.startswith("simplification stopped after")
    # the result is still right: the rules' own, checked against central differences
    from chainrule.symbolic import to_function
    f, h = to_function("(x^2 + 1)^3*sin(x)/(x + 1)"), 1e-6
    assert d.at(x=0.5) == pytest.approx((f(x=0.5 + h) - f(x=0.5 - h)) / (2 * h), rel=1e-6)


def test_formula_budget_in_python():
    text = _product(budget.MAX_DEPTH + 5)
    with budget.formula_budget(2):
        assert diff(text).at(x=1.0) == pytest.approx(budget.MAX_DEPTH + 5)
    with pytest.raises(Exception, match="formula-budget"):
        diff(text)
