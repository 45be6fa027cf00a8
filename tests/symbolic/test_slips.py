"""``check`` names the classic slip behind a wrong answer; each slip has its own case.

The wrong answers are written by hand, as a learner making that slip would write them.
"""

from __future__ import annotations

import pytest

from chainrule.symbolic import check_derivative


@pytest.mark.parametrize(
    ("expr", "answer", "words"),
    [
        # forgotten inner derivative (the chain rule stopped early)
        ("sin(x^2)", "cos(x^2)", "inner derivative d/dx (x²) = 2x"),
        ("(4x^2 + 5x + 6)^7", "7(4x^2 + 5x + 6)^6", "chain rule stopped early"),
        ("e^(3x)", "e^(3x)", "chain rule stopped early"),
        ("ln(x^2 + 1)", "1/(x^2 + 1)", "chain rule stopped early"),
        # quotient rule: sign slip, missing square, quotient of derivatives
        ("ln(x)/x", "(ln(x) - 1)/x^2", "quotient rule sign slip"),
        ("x/(x + 1)", "(x + 1 - x)/(x + 1)", "denominator of (u/v)′ is v², squared"),
        ("sin(x)/x", "cos(x)", "(u/v)′ is not u′/v′"),
        # product rule as the product of the derivatives
        ("x^2 sin(x)", "2x cos(x)", "(u·v)′ is not u′·v′"),
        # power rule on a variable exponent, and the exponent rule on a variable base
        ("x^x", "x*x^(x-1)", "power rule n·xⁿ⁻¹ needs a constant exponent"),
        ("x^x", "x^x ln(x)", "needs a constant base"),
        ("2^x", "x*2^(x - 1)", "variable in the exponent"),
        # d/dx e^x as x·e^(x−1)
        ("e^x", "x e^(x - 1)", "the power rule does not apply"),
        # trig sign slips
        ("cos(x)", "sin(x)", "minus sign is missing"),
        ("sin(x)", "-cos(x)", "without a minus sign"),
        # exponent not lowered
        ("x^3", "3x^3", "lowers the exponent"),
        # dropped constant factor
        ("3x^2", "2x", "divided by 3: a constant factor was dropped"),
        ("sin(5x)", "cos(5x)", "chain rule stopped early"),
        ("7(2x + 1)^3", "21(2x + 1)^2", "inner derivative d/dx (2x + 1) = 2"),
        ("4x^3", "3x^2", "divided by 4: a constant factor was dropped"),
    ],
)
def test_each_slip_gets_its_hint(expr: str, answer: str, words: str) -> None:
    result = check_derivative(expr, "x", answer)
    assert not result.correct
    assert result.hint is not None and words in result.hint, result.hint
    assert words in result.message


def test_otherwise_the_first_part_that_disagrees_is_named() -> None:
    result = check_derivative("3x^2 + 4x + 6", "x", "6x + 6")
    assert "first part that does not agree is d/dx 4x = 4" in result.hint


def test_a_wrong_answer_without_a_known_slip_still_gets_the_values() -> None:
    result = check_derivative("x^2", "x", "x + 7")
    assert not result.correct and result.hint is None
    assert "Not right" in result.message and "At x = " in result.message


def test_right_answers_have_no_hint() -> None:
    result = check_derivative("x^x", "x", "x^x (1 + ln(x))")
    assert result.correct and result.hint is None
