"""The safe parser: what it reads, how it reads it, and where it says a formula is wrong."""

from __future__ import annotations

import pytest
import sympy as sp

from chainrule.errors import ChainruleError, ParseError
from chainrule.symbolic import parse
from chainrule.symbolic.formula import MAX_EXPONENT
from chainrule.symbolic.functions import relu, sigmoid
from chainrule.symbolic.parser import MAX_DEPTH, MAX_LENGTH

x, y, a, b, c, e = (sp.Symbol(n, real=True) for n in "xyabce")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3x^2 + 4x + 6", 3 * x**2 + 4 * x + 6),
        ("3*x**2 + 4*x + 6", 3 * x**2 + 4 * x + 6),
        ("3x² + 4x + 6", 3 * x**2 + 4 * x + 6),
        ("(4x² + 5x + 6)^7", (4 * x**2 + 5 * x + 6) ** 7),
        ("2(x + 1)", 2 * (x + 1)),
        ("(x + 1)(x − 1)", (x + 1) * (x - 1)),
        ("x y", x * y),
        ("x·y × 2", 2 * x * y),
        ("1/2x", x / 2),  # implicit multiplication binds like *: (1/2)·x
        ("-x^2", -(x**2)),
        ("x^-2", x**-2),
        ("x⁻¹", 1 / x),
        ("2^3^2", sp.Integer(512)),  # right-associative
        ("x²(x + 1)", x**2 * (x + 1)),
        ("sin(x)²", sp.sin(x) ** 2),
        ("σ(x) + sigmoid(y)", sigmoid(x) + sigmoid(y)),
        ("ln(x) - log(y)", sp.log(x) - sp.log(y)),
        ("relu(x) + abs(x) + sqrt(x) + √(y)", relu(x) + sp.Abs(x) + sp.sqrt(x) + sp.sqrt(y)),
        ("exp(x) + tan(x) + tanh(x) + cos(x)", sp.exp(x) + sp.tan(x) + sp.tanh(x) + sp.cos(x)),
        ("0.1x + .5 + 2e3", x / 10 + sp.Rational(1, 2) + 2000),
        ("2e", 2 * e),  # e is a variable (seed 001 names a node e)
        ("pi x + π", sp.pi * x + sp.pi),
        ("a*b + a*c**2", a * b + a * c**2),
        ("  x  ", x),
    ],
)
def test_reads(text: str, expected: sp.Expr) -> None:
    assert parse(text).expr == expected


def test_formula_fields() -> None:
    f = parse("w1*x1 + b")
    assert f.variables == ("b", "w1", "x1")
    assert f.text == "w1*x1 + b"
    assert parse(f) is f
    assert str(parse("3*x^2")) == "3x²"
    assert parse("3*x^2")._repr_latex_() == "$3 x^{2}$"


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("3*x +* 2", 5, "expected a number, name or '(' but found '*'"),
        ("sin(", 4, "ended where a number, name or '(' was expected"),
        ("2 $ 3", 2, "unexpected character '$'"),
        ("foo(x)", 0, "unknown function 'foo'"),
        ("x + foo(x)", 4, "unknown function 'foo'"),
        ("(x + 1", 6, "'(' at column 1 is never closed"),
        ("x + 1)", 5, "unmatched ')'"),
        ("", 0, "empty formula"),
        ("x 2", 2, "a number cannot follow here"),
        ("sin x", 0, "sin needs parentheses"),
        ("x^1000", 1, f"larger than {MAX_EXPONENT}"),
        ("1/(x - x)", 1, "division by zero"),
        ("log(0)", 0, "undefined"),
        ("1e999", 0, "out of range"),
        ("x²³⁻", 1, "superscript exponent must be an integer"),
        ("__import__('os')", 11, "unexpected character"),
    ],
)
def test_errors_say_where(text: str, column: int, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(text)
    err = info.value
    assert isinstance(err, ChainruleError)
    assert err.column == column and err.text == text
    assert fragment in err.message
    # The message shows the formula with a caret under the column.
    lines = str(err).splitlines()
    assert lines[1].strip() == text.strip() or not text
    assert lines[2].index("^") - 2 == column


def test_limits() -> None:
    with pytest.raises(ParseError, match="longer than"):
        parse("x+" * MAX_LENGTH + "x")
    deep = "(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1)
    with pytest.raises(ParseError, match="nested more than") as info:
        parse(deep)
    assert info.value.column == MAX_DEPTH
    ok = "(" * (MAX_DEPTH - 1) + "x" + ")" * (MAX_DEPTH - 1)
    assert parse(ok).expr == x


def test_not_text() -> None:
    with pytest.raises(ParseError, match="must be text"):
        parse(3)  # type: ignore[arg-type]


def test_names_are_never_evaluated() -> None:
    # Words are variables or whitelisted functions, nothing else: no attribute access, no calls.
    f = parse("os + sys + exec")
    assert f.variables == ("exec", "os", "sys")
    with pytest.raises(ParseError, match="unknown function 'eval'"):
        parse("eval(x)")


def test_render_reads_text_with_the_safe_parser_never_sympify() -> None:
    from chainrule.errors import ParseError
    from chainrule.symbolic import render

    assert render("x^2") == "x²"
    # SymPy's own parser would evaluate this attribute access; the safe parser refuses it.
    with pytest.raises(ParseError):
        render("x.__class__")
