"""``check`` names the first step where a wrong answer stops agreeing (no classic slip fits).

Each wrong answer below is built by hand from the right parts with one part changed, and the
test first confirms — numerically, by central differences of the formula — that the answer
really is wrong, so the hint is about a genuinely wrong answer.
"""

from __future__ import annotations

import math

import pytest

from chainrule.symbolic import check_derivative, slips, to_function
from chainrule.symbolic.derivative_check import _same_at_points
from chainrule.symbolic.evaluate import evaluate
from chainrule.symbolic.formula import parse


def _is_wrong(formula: str, answer: str, x: float = 0.7) -> bool:
    f = to_function(formula)
    h = 1e-5
    slope = (f(x=x + h) - f(x=x - h)) / (2 * h)
    return not math.isclose(evaluate(parse(answer).expr, {"x": x}), slope, rel_tol=1e-5)


def _no_slip(formula: str, answer: str) -> bool:
    given = parse(answer).expr
    return not any(_same_at_points(w, given, ["x"], 0)
                   for _, w in slips.candidates(parse(formula), "x"))


CASES = [
    # product: one term alone, or one term right and the other's inner step wrong
    ("x^2*sin(x)", "2x*sin(x)", ["only the product rule's first term", "x²·cos(x) is missing"]),
    ("x^2*sin(x)", "x^2*cos(x)", ["only the product rule's second term", "2x·sin(x) is missing"]),
    ("x^2*sin(x)", "2x*sin(x) + x^2*sin(x)",
     ["u′·v = 2x·sin(x) agrees", "d/dx sin(x) = cos(x) (sin rule)"]),
    ("x^3*e^x", "3x*e^x + x^3*e^x", ["u·v′", "agrees", "d/dx x³ = 3x² (power rule)"]),
    # composition: outer or inner derivative alone, or the outer right and the inner wrong
    ("sin(x^2 + 1)", "2x", ["inner derivative 2x alone", "d/du sin(u) = cos(u)"]),
    ("e^(x^3)", "e^(x^3)*3x", ["outer derivative e^(x³) agrees", "d/dx x³ = 3x² (power rule)"]),
    ("ln(x^2 + x)", "2x + 1", ["inner derivative 2x + 1 alone"]),
    ("sin(x)^4", "4sin(x)^3*tan(x)", ["outer derivative 4sin(x)³ agrees", "sin rule"]),
    # quotient: numerator alone, a part alone, or one term right and the other's step wrong
    ("sin(x)/(x^2 + 1)", "cos(x)*(x^2 + 1) - 2x*sin(x)", ["numerator", "not divided by v²"]),
    ("sin(x)/(x^2 + 1)", "cos(x)/(x^2 + 1)", ["only u′/v", "is missing"]),
    ("sin(x)/(x^2 + 1)", "(cos(x)*(x^2 + 1) - x*sin(x))/(x^2 + 1)^2",
     ["u′·v = cos(x)(x² + 1) agrees", "d/dx (x² + 1) = 2x"]),
    ("e^x/x^3", "(e^x*x^3 - 3x*e^x)/x^6", ["u′·v", "agrees", "d/dx x³ = 3x² (power rule)"]),
]


@pytest.mark.parametrize(("formula", "answer", "words"), CASES)
def test_hint_names_the_step(formula: str, answer: str, words: list[str]) -> None:
    assert _is_wrong(formula, answer)
    assert _no_slip(formula, answer)
    result = check_derivative(formula, "x", answer)
    assert not result.correct
    assert result.hint is not None
    for w in words:
        assert w in result.hint, result.hint
    assert result.hint in result.message


def test_constant_multiple_is_followed_into_its_part() -> None:
    # 5·(x·ln x)′ = 5(ln x + 1); the learner kept u′·v and got v′ wrong (1 instead of 1/x)
    answer = "5(ln(x) + x)"
    assert _is_wrong("5*x*ln(x)", answer) and _no_slip("5*x*ln(x)", answer)
    hint = check_derivative("5*x*ln(x)", "x", answer).hint
    assert hint is not None and "d/dx ln(x) = 1/x" in hint, hint


def test_unrelated_answer_gets_no_step_hint() -> None:
    # nothing of the derivation is in it: no step is named (values at a point still are)
    result = check_derivative("x^2*sin(x)", "x", "tan(x)")
    assert not result.correct and result.hint is None
    assert result.point is not None

