"""Derivatives written as textbooks write them: csc′ = −csc·cot, √(2x) kept whole."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.rules import FUNCTIONS
from chainrule.symbolic import diff, parse, render, to_function
from chainrule.symbolic.evaluate import evaluate


def _slope(formula: str, x: float, h: float = 1e-6) -> float:
    f = to_function(formula)
    return (f(x=x + h) - f(x=x - h)) / (2 * h)


@pytest.mark.parametrize("formula", ["csc(x)", "csc(x^2)", "3csc(2x)"])
def test_cosecant_derivative_reads_csc_cot(formula: str) -> None:
    d = diff(formula)
    text = d.to_text()
    assert "cot(" in text and "tan(" not in text, text
    for x in (0.4, 1.1, 2.5):
        assert d.at(x=x) == pytest.approx(_slope(formula, x), rel=1e-6)


def test_rule_table_text_for_csc_names_cot() -> None:
    row = FUNCTIONS["csc"]
    assert "cot" in row.local_text(["x"], "csc(x)")[0]


@pytest.mark.parametrize(("typed", "shown"), [("√2x", "√(2x)"), ("sqrt(2x)", "√(2x)"),
                                              ("sqrt(3x + 0)", "√(3x)")])
def test_root_of_a_multiple_is_kept_whole(typed: str, shown: str) -> None:
    assert render(parse(typed).expr) == shown


def test_derivative_of_root_2x_is_one_over_root_2x() -> None:
    d = diff("√2x")
    assert d.to_text().splitlines()[0] == "d/dx √(2x) = 1/√(2x)"
    assert d.at(x=0.8) == pytest.approx(1 / math.sqrt(2 * 0.8))  # d/dx √(2x) = 1/√(2x)
    assert r"\sqrt{2 x}" in d.to_latex()


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 50), st.integers(1, 9), st.sampled_from(["x", "(x + 1)", "x^3"]),
       st.floats(0.1, 5))
def test_joined_roots_parse_back_to_the_same_number(n: int, q: int, inner: str, x: float
                                                    ) -> None:
    for formula in (f"sqrt({n}*{inner})", f"sqrt({n})/({q}*sqrt({inner}))"):
        expr = parse(formula).expr
        back = parse(render(expr)).expr
        assert evaluate(back, {"x": x}) == pytest.approx(evaluate(expr, {"x": x}), rel=1e-12)
