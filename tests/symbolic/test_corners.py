"""Non-differentiable points are named with their one-sided derivatives and the convention;
undefined points and overflows speak of the learner's formula, not of internal ops."""

from __future__ import annotations

import math

import pytest

from chainrule.symbolic import diff, parse
from chainrule.symbolic.corners import corners, where_undefined


def _one(text: str, x: float):
    found = corners(diff(text), {"x": x})
    assert len(found) == 1, found
    return found[0]


def test_relu_at_zero_is_a_corner_with_the_engines_convention():
    c = _one("relu(x)", 0.0)
    assert (c.left, c.right) == (0.0, 1.0)  # slopes of 0 and x on either side
    assert "ReLU'(0) = 0" in c.convention
    assert "corner of relu(x)" in c.sentence("x", "x = 0")


def test_abs_corner_moves_with_its_argument():
    c = _one("|x - 1| + 3x", 1.0)
    assert c.left == pytest.approx(-1 + 3) and c.right == pytest.approx(1 + 3)


def test_sqrt_at_zero_is_the_end_of_the_domain_with_a_vertical_tangent():
    c = _one("sqrt(x)", 0.0)
    assert c.left is None and math.isinf(c.right) and c.right > 0
    assert "vertical tangent" in c.sentence("x", "x = 0")


def test_step_at_zero_is_a_jump():
    c = _one("step(x)", 0.0)
    assert c.jump and "not continuous" in c.sentence("x", "x = 0")


def test_smooth_points_and_smoothed_kinks_are_not_reported():
    assert corners(diff("relu(x)"), {"x": 0.5}) == []
    assert corners(diff("relu(x)^2"), {"x": 0.0}) == []  # slope 0 on both sides
    assert corners(diff("x^2"), {"x": 0.0}) == []


@pytest.mark.parametrize(("text", "x", "words"), [
    ("ln(x - 2)", 1.0, "ln(x - 2) is undefined at x = 1: it needs (x - 2) > 0, but x - 2 = -1"),
    ("x/(x - 1)", 1.0, "division by zero (x - 1 = 0 there)"),
    ("x^2", 1e200, "x^2 overflows at x = 1e+200"),
    ("exp(x) + 1", 1000.0, "e^x overflows"),
])
def test_undefined_points_name_the_part_of_the_formula(text, x, words):
    message = where_undefined(parse(text), {"x": x})
    assert words in message
    assert "powc" not in message and "div:" not in message
