"""The one number formatter: significant digits, signs, and the LaTeX power-of-ten form."""

from __future__ import annotations

import math
import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from chainrule.scalar.value import Value
from chainrule.text.numbers import fmt, fmt_latex, operand

finite = st.floats(-1e300, 1e300, allow_nan=False, width=64)


@given(finite)
def test_seventeen_digits_round_trip(x):
    assert float(fmt(x, 17)) == x or (x == 0 and fmt(x, 17) == "0")


@given(finite, st.integers(1, 12))
def test_digits_are_significant(x, digits):
    s = fmt(x, digits)
    assert math.isclose(float(s), x, rel_tol=10.0 ** (1 - digits), abs_tol=0.0) or x == 0
    assert s != "-0"


@given(finite, st.integers(1, 8))
def test_latex_is_the_same_number(x, digits):
    tex = fmt_latex(x, digits)
    assert "e" not in tex.replace(r"\times", "")  # never a variable e
    found = re.fullmatch(r"(-?[\d.]+) \\times 10\^\{(-?\d+)\}|(-?)10\^\{(-?\d+)\}|(-?[\d.]+)", tex)
    assert found, tex
    if found.group(1):
        value = float(found.group(1)) * 10.0 ** int(found.group(2))
    elif found.group(4):
        value = float(f"{found.group(3)}1e{found.group(4)}")
    else:
        value = float(found.group(5))
    assert math.isclose(value, float(fmt(x, digits)), rel_tol=1e-12)


def test_examples_and_kinds():
    assert fmt(0.38250000001) == "0.3825" and fmt(-0.0) == "0" and fmt(3) == "3"
    assert fmt(np.float64(0.5)) == "0.5" and fmt(Value(0.25)) == "0.25"
    assert operand(-0.5) == "(-0.5)" and operand(0.5) == "0.5"
    assert fmt_latex(5e-05) == r"5 \times 10^{-5}" and fmt_latex(float("inf")) == r"\infty"
