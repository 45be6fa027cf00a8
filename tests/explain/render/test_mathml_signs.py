"""A minus with no operand before it is a sign, rendered hugging its number (issue 21).

MathML Core spaces an ``<mo>−</mo>`` as an infix operator unless it is first in its row, so
"(−0.39)" showed as "( − 0.39)"; a sign is ``<mo form="prefix">``, a subtraction stays infix.
"""

import re

import pytest

from chainrule.explain.render.mathml import aligned_to_mathml, latex_to_mathml

PREFIX = '<mo form="prefix">−</mo>'
INFIX = "<mo>−</mo>"


@pytest.mark.parametrize("latex", [
    r"\left( -0.39 \right)",      # after an opening fence
    r"(-0.39)",                   # after a plain "("
    r"E = -0.39",                 # after "="
    r"-0.39",                     # at the start
    r"2 \cdot -0.39",             # after an operator symbol
    r"e^{-0.39}",                 # at the start of a group
    r"\begin{cases} -1 & x \\ -0.39 & y \end{cases}",  # at the start of a cell
])
def test_a_minus_with_no_operand_before_it_is_a_prefix_sign(latex):
    out = latex_to_mathml(latex)
    assert INFIX not in out
    assert PREFIX + "<mn>" in out  # the sign sits right before its number


@pytest.mark.parametrize("latex", [r"a - 0.39", r"(a) - 0.39", r"x^{2} - 1", r"\delta - 1",
                                   r"\left( a \right) - 1", r"\frac{a}{b} - 1"])
def test_a_minus_after_an_operand_stays_infix(latex):
    out = latex_to_mathml(latex)
    assert INFIX in out
    assert PREFIX not in out


def test_a_parenthesised_negative_number_in_a_product():
    out = latex_to_mathml(r"0.5 \cdot (-0.39) - 1")
    # "(", prefix "−", "0.39", ")" in a row; the final "−" subtracts.
    assert re.search(r"<mo>\(</mo>" + re.escape(PREFIX) + r"<mn>0\.39</mn><mo>\)</mo>", out)
    assert out.count(INFIX) == 1


def test_the_right_side_of_an_aligned_line_starts_after_equals():
    out = aligned_to_mathml([("δ", "-0.39 + a"), ("", "a - b")])
    assert "<mo>=</mo>" + PREFIX + "<mn>0.39</mn>" in out
    assert out.count(INFIX) == 1  # a − b
