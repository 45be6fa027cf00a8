"""Every derivative the seeds work by hand, recomputed — and their slips corrected.

See docs/corrections-derivatives.md for the slips (seed 000's unparenthesized limit, seed 001's
b + 2c, seed 003's y^(−3/2)/3).
"""

from __future__ import annotations

import math

import pytest
import sympy as sp

from chainrule.numeric import derivative, difference_quotient
from chainrule.symbolic import check_derivative, diff, parse, partials, to_function
from chainrule.symbolic.functions import sigmoid

x, y, a, b, c = (sp.Symbol(n, real=True) for n in "xyabc")


# --- seed 000 ---------------------------------------------------------------------------------


def test_seed000_quadratic() -> None:
    d = diff("3x^2 + 4x + 6")
    assert d.result == 6 * x + 4
    assert d.to_text().splitlines()[0] == "d/dx (3x² + 4x + 6) = 6x + 4"
    assert d.at(x=2) == 16
    f = to_function("3x^2 + 4x + 6")
    assert difference_quotient(f, 2, 0.0001) == pytest.approx(16.0003, abs=1e-9)
    assert derivative(f, 2).value == pytest.approx(d.at(x=2), rel=1e-12)


def test_seed000_limit_as_printed_is_not_16() -> None:
    # The seed writes the numerator without parentheses around f(2):
    printed = "(3(2+0.0001)^2 + 4(2 + 0.0001) + 6 - 3(2)^2 + 4(2) + 6)/0.0001"
    # which is (f(2.0001) − 12 + 8 + 6)/h = (26.00160003 + 2)/0.0001 = 280016.0003.
    assert float(parse(printed).expr) == pytest.approx(280016.0003, rel=1e-12)
    fixed = "(3(2+0.0001)^2 + 4(2 + 0.0001) + 6 - (3(2)^2 + 4(2) + 6))/0.0001"
    assert float(parse(fixed).expr) == pytest.approx(16.0003, rel=1e-12)


def test_seed000_chain_rule() -> None:
    d = diff("(4x^2 + 5x + 6)^7")
    inner = 4 * x**2 + 5 * x + 6
    assert d.result == 7 * inner**6 * (8 * x + 5)
    assert d.to_text().splitlines()[0] == "d/dx (4x² + 5x + 6)⁷ = 7(4x² + 5x + 6)⁶(8x + 5)"
    chain = d.root
    assert chain.rule == "chain" and chain.note == "u = 4x² + 5x + 6"
    u, g = chain.inner
    assert u.name == "u" and g == inner
    outer, du = chain.children
    assert (outer.rule, outer.input, outer.output) == ("power", u**7, 7 * u**6)
    assert du.output == 8 * x + 5
    assert d.at(x=1) == pytest.approx(7 * 15**6 * 13)


def test_seed000_logistic() -> None:
    d = diff("1/(1+exp(-x))")  # the seed's f(x) = 1/(1 + e^(−x)), by the quotient rule
    s = diff("sigmoid(x)")
    assert s.result == sigmoid(x) * (1 - sigmoid(x))
    assert s.rules == {"sigmoid"}
    assert "quotient" in d.rules
    # f'(x) = f(x)(1 − f(x)) = e^(−x)/(1 + e^(−x))²: all three agree.
    assert check_derivative("sigmoid(x)", "x", "exp(-x)/(1+exp(-x))^2").correct
    assert check_derivative("1/(1+exp(-x))", "x", "σ(x)(1 − σ(x))").correct
    for t in (-2.0, 0.0, 0.7):
        assert d.at(x=t) == pytest.approx(s.at(x=t), rel=1e-12)
    assert s.at(x=0) == 0.25


# --- seed 001 ---------------------------------------------------------------------------------


def test_seed001_quadratic() -> None:
    d = diff("3x^2 - 4x + 5")
    assert d.result == 6 * x - 4
    assert d.at(x=3) == 14
    f = to_function("3x^2 - 4x + 5")
    assert f(3) == 20
    assert difference_quotient(f, 3, 0.001) == pytest.approx(14.003, abs=1e-9)
    assert difference_quotient(f, 3, 1e-7) == pytest.approx(14.0000003, abs=1e-7)


def test_seed001_partials() -> None:
    # d = b·a + c: ∂d/∂a = b, c held constant.
    d1 = diff("b*a + c", "a")
    assert d1.result == b
    assert any(s.rule == "partial" and "c held constant" in s.note for s in d1.steps)
    # d = a·b + a·c²: ∂d/∂a = b + c² (the seed wrote b + 2c).
    d2 = diff("a*b + a*c**2", wrt="a")
    assert d2.result == b + c**2
    assert d2.to_text().splitlines()[0] == "∂/∂a (a·b + a·c²) = b + c²   (b, c held constant)"
    assert any("c held constant" in s.note for s in d2.steps)
    verdict = check_derivative("a*b + a*c**2", "a", answer="b + 2*c")
    assert not verdict.correct and verdict.point is not None
    p = verdict.point
    assert verdict.expected_value == pytest.approx(p["b"] + p["c"] ** 2)
    assert verdict.answer_value == pytest.approx(p["b"] + 2 * p["c"])
    assert verdict.expected_value != pytest.approx(verdict.answer_value)
    assert check_derivative("a*b + a*c**2", "a", answer="b + c^2").correct


def test_seed001_addition_node() -> None:
    # d = c + e: ∂d/∂c = 1; with dL/dd = −2, dL/dc = −2·1 = −2.
    assert diff("c + e", "c").result == 1
    assert -2 * diff("c + e", "c").at() == -2


# --- seed 002 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("point", [0, 1, 2, 3, 4])
def test_seed002_tangent_slopes(point: int) -> None:
    d = diff("2x^2")
    assert d.result == 4 * x
    assert d.at(x=point) == 4 * point  # 0, 4, 8, 12, 16
    f = to_function("2x^2")
    assert difference_quotient(f, point, 0.0001) == pytest.approx(4 * point + 0.0002, abs=1e-8)


# --- seed 003 ---------------------------------------------------------------------------------


def test_seed003_cube_and_its_inverse() -> None:
    assert diff("x^3").result == 3 * x**2
    # x = ∛y: dx/dy = 1/(3∛(y²)) = y^(−2/3)/3 — the seed prints y^(−3/2)/3.
    d = diff("y^(1/3)", "y")
    assert d.result == y ** sp.Rational(-2, 3) / 3
    assert check_derivative("y^(1/3)", "y", "y^(-2/3)/3").correct
    wrong = check_derivative("y^(1/3)", "y", "y^(-3/2)/3")
    assert not wrong.correct and wrong.point is not None
    assert d.at(y=8) == pytest.approx(1 / 12)  # 8^(−2/3)/3 = (1/4)/3


def test_seed003_chain_through_b() -> None:
    # b = 3a⁴, c = sin(b): ∂c/∂a = cos(b)·12a³ = cos(3a⁴)·12a³.
    d = diff("sin(3a^4)", "a")
    assert d.result == sp.cos(3 * a**4) * 12 * a**3
    assert d.root.rule == "chain" and d.root.note == "u = 3a⁴"
    assert check_derivative("sin(3a^4)", "a", "cos(3a^4)*12a^3").correct
    assert d.at(a=0.5) == pytest.approx(math.cos(3 * 0.5**4) * 12 * 0.5**3)


def test_seed003_two_paths() -> None:
    # b = a², c = −7a, d = b·c: ∂d/∂a = 2a·c − 7b (sum over both paths) = −21a².
    whole = diff("a^2 * (-7a)", "a")
    assert whole.result == -21 * a**2
    assert whole.root.rule == "product"
    g = partials("b*c")  # ∂d/∂b = c, ∂d/∂c = b
    db, dc = diff("a^2", "a").result, diff("-7a", "a").result  # 2a, −7
    paths = g["b"].result * db + g["c"].result * dc
    assert paths == 2 * a * c - 7 * b
    assert sp.expand(paths.subs({b: a**2, c: -7 * a})) == -21 * a**2
