"""Formula budgets (issue 13, items 2 and 6): short formulas that asked for minutes and
gigabytes are refused — or simplified less — within seconds, with a message naming the limit.
Peak memory is measured with tracemalloc around the call."""

from __future__ import annotations

import math
import time
import tracemalloc

import pytest
import sympy as sp

from chainrule.errors import BudgetError, ParseError
from chainrule.symbolic import budget, check_derivative, diff, parse


def bounded(call, seconds: float = 20, megabytes: float = 200):
    """Run ``call``; return what it returned or raised, after checking time and memory."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        out = call()
    except Exception as exc:  # the test looks at it
        out = exc
    elapsed = time.perf_counter() - start
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < seconds, elapsed
    assert top < megabytes * 2**20, top
    return out


@pytest.mark.parametrize("text, message, column", [
    ("(((9^100)^100)^100)^100", r"about 9,5\d\d digits; exact numbers are limited to 1,000", 9),
    ("((((2^100)^100)^100)^100)^100", r"about 3,0\d\d digits", 10),
    ("(10^100)^50", r"about 5,000 digits", 8),
    ("σ(a) (8⁻¹)**1.04⁹⁹", r"exponent is an exact number of about 2\d\d digits", 10),
    ("*".join(["x"] * 490), r"nests more than 120 operations deep", None),
    ("(x+1)" * 166, r"nests more than 120 operations deep", None),
])
def test_formulas_over_a_parse_budget(text, message, column):
    err = bounded(lambda: parse(text), seconds=5, megabytes=50)
    assert isinstance(err, ParseError), err
    assert re_search(message, err.message)
    if column is not None:  # 0-based, at the operator that makes the number too large
        assert err.column == column and text[column] in "^*"


def re_search(pattern: str, text: str) -> bool:
    import re

    return re.search(pattern, text) is not None


def test_digits_estimate_matches_the_true_size():
    # Independent: the exact integer's decimal length, for sizes Python can still print.
    for text, value in [("(9^10)^10", 9 ** 100), ("(7^5)^20", 7 ** 100), ("2^100", 2 ** 100)]:
        parse(text)  # within the budget
        assert len(str(value)) < budget.MAX_DIGITS
    assert math.log10(9) * 100 ** 4 > budget.MAX_DIGITS  # the refused one really is huge


def test_a_huge_expansion_is_not_simplified():
    d = bounded(lambda: diff("(x+y+z+w+v+u)^100"), seconds=30)
    x, y, z, w, v, u = (sp.Symbol(n, real=True) for n in "xyzwvu")
    assert d.result == 100 * (x + y + z + w + v + u) ** 99
    assert budget.expansion_terms((x + y + z + w + v + u) ** 100) == math.comb(105, 5)


def test_a_derivative_too_large_to_show():
    text = "*".join(f"(x+{k})^99" for k in range(40))  # the issue had 69 factors
    err = bounded(lambda: diff(text), seconds=20)
    assert isinstance(err, BudgetError), err
    assert re_search(r"the derivative has \d,\d\d\d operations; .* at most 2,000", str(err))


def test_nested_sigmoids_in_check_finish_and_decide():
    f = "σ(" * 8 + "x" + ")" * 8
    result = bounded(lambda: check_derivative(f, "x", "x"), seconds=30)
    assert result.correct is False


def test_within_gives_up_and_returns_the_fallback():
    def slow():
        end = time.perf_counter() + 5
        while time.perf_counter() < end:
            pass
        return "done"

    start = time.perf_counter()
    assert budget.within(0.2, slow, "fallback") == ("fallback", False)
    assert time.perf_counter() - start < 2
    assert budget.within(1.0, lambda: 7, 0) == (7, True)


def test_ordinary_formulas_pass_untouched():
    d = diff("(4x^2 + 5x + 6)^7")
    x = sp.Symbol("x", real=True)
    assert sp.expand(d.result - sp.diff((4 * x**2 + 5 * x + 6) ** 7, x)) == 0
