"""``check_derivative``: right answers in any form, wrong ones with a point that shows it."""

from __future__ import annotations

import pytest

from chainrule.errors import ParseError
from chainrule.symbolic import DerivativeCheck, check_derivative, to_function


@pytest.mark.parametrize(
    ("expr", "wrt", "answer"),
    [
        ("3x^2 + 4x + 6", "x", "6x + 4"),
        ("3x^2 + 4x + 6", "x", "2(3x + 2)"),
        ("(4x^2 + 5x + 6)^7", "x", "7(4x^2 + 5x + 6)^6 (8x + 5)"),
        ("sin(x)^2", "x", "2 sin(x) cos(x)"),
        ("tan(x)", "x", "1 + tan(x)^2"),
        ("tanh(x)", "x", "1 - tanh(x)^2"),
        ("tanh(x)", "x", "sech(x)^2"),  # an equivalent form from the table
        ("sin^-1(x)", "x", "1/√(1 - x²)"),
        ("e^(2x)", "x", "2e^(2x)"),
        ("σ(x)", "x", "exp(-x)/(1 + exp(-x))^2"),
        ("relu(x)", "x", "step(x)"),
        ("x*y", "y", "x"),
    ],
)
def test_right_answers(expr: str, wrt: str, answer: str) -> None:
    result = check_derivative(expr, wrt, answer)
    assert isinstance(result, DerivativeCheck)
    assert result.correct and bool(result) and result.point is None
    assert result.how in ("symbolic", "numeric")
    assert result.message.startswith("Right")


@pytest.mark.parametrize(
    ("expr", "wrt", "answer"),
    [
        ("a*b + a*c**2", "a", "b + 2*c"),
        ("3x^2 + 4x + 6", "x", "6x"),
        ("(4x^2 + 5x + 6)^7", "x", "7(4x^2 + 5x + 6)^6"),  # forgot the inner derivative
        ("sin(x)", "x", "-cos(x)"),
        ("ln(x)", "x", "x"),
    ],
)
def test_wrong_answers_come_with_a_point(expr: str, wrt: str, answer: str) -> None:
    result = check_derivative(expr, wrt, answer)
    assert not result.correct and result.how == "numeric"
    assert result.point is not None
    # Recompute both sides at the point: they really differ there.
    right = result.derivation.at(result.point)
    given = to_function(answer)(**{k: v for k, v in result.point.items()
                                   if k in to_function(answer).variables})
    assert right == pytest.approx(result.expected_value)
    assert given == pytest.approx(result.answer_value)
    assert abs(right - given) > 1e-6
    assert result.message.startswith("Not right: the derivative is")


def test_seeded_points_are_reproducible() -> None:
    one = check_derivative("x^4", "x", "4x^3 + 1e-3x^8", seed=3)
    two = check_derivative("x^4", "x", "4x^3 + 1e-3x^8", seed=3)
    assert one.point == two.point and not one.correct


def test_bad_answers_raise_parse_errors() -> None:
    with pytest.raises(ParseError) as info:
        check_derivative("x^2", "x", "2*x +")
    assert info.value.text == "2*x +"
