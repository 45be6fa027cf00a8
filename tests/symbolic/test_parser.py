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
        ("2e", 2 * sp.E),  # Euler's number (declare e to make it a variable)
        ("e^x", sp.exp(x)),
        ("1/(1 + e^(-x))", 1 / (1 + sp.exp(-x))),
        ("1/(1 + e^-x)", 1 / (1 + sp.exp(-x))),
        ("2xy", 2 * x * y),  # the letter-run rule: one letter per variable
        ("xy^2", x * y**2),
        ("2pix", 2 * sp.pi * x),
        ("sinx", sp.sin(x)),
        ("sin x", sp.sin(x)),
        ("sin 2x cos x", sp.sin(2 * x) * sp.cos(x)),
        ("√x + 1", sp.sqrt(x) + 1),
        ("√(x + 1)", sp.sqrt(x + 1)),
        ("sin^2(x) + cos²x", sp.sin(x) ** 2 + sp.cos(x) ** 2),
        ("|x| + 2|y - |x||", sp.Abs(x) + 2 * sp.Abs(y - sp.Abs(x))),
        ("log(x, 2)", sp.log(x) / sp.log(2)),
        ("log2(x) + log_10(y)", sp.log(x) / sp.log(2) + sp.log(y) / sp.log(10)),
        ("x/2x", x**2 / 2),  # (x/2)·x, with a note
        ("x ÷ 2 ⋅ y", x * y / 2),
        ("[x + 1]{y}", (x + 1) * y),
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
        ("sin + x", 0, "sin needs an argument"),
        ("|x", 2, "'|' at column 1 is never closed"),
        ("x|", 1, "'|' closes no |…|"),
        ("sin(x, 2)", 0, "sin takes one argument"),
        ("x^1000", 1, f"larger than {MAX_EXPONENT}"),
        ("1/(x - x)", 1, "division by zero"),
        ("log(0)", 0, "undefined"),
        ("1e999", 0, "out of range"),
        ("x²³⁻", 1, "superscript exponent must be an integer"),
        ("__import__('os')", 0, "unknown function '__import__'"),
        ("x + os.system", 6, "unexpected character '.'"),
        ("d/dx x^2", 0, "write the function itself, without d/dx"),
        ("y = x^2", 2, "write only the right-hand side"),
        ("∛x", 0, "write a cube root as x^(1/3)"),
        ("x!", 1, "factorials are not supported"),
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
    f = parse("os + sys + exec", variables=("os", "sys", "exec"))
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


@pytest.mark.parametrize(
    ("text", "reading", "note"),
    [
        ("2xy", "2·x·y", "xy is read as x·y"),
        ("x/2x", "(x/2)·x", "for x/(2x) write the parentheses"),
        ("sin 2x", "sin(2·x)", "sin 2x is read as sin(2x)"),
        ("sin^2(x)", "sin(x)^2", "(sin(…))^2"),
        ("log(x, 2)", "ln(x)/ln(2)", "base 2"),
    ],
)
def test_readings_that_differ_from_the_text_are_echoed(text, reading, note) -> None:
    f = parse(text)
    assert f.reading == reading
    assert any(note in n for n in f.notes)
    assert parse(f.reading).expr == f.expr  # the echo reads back as the same formula


def test_plain_formulas_have_no_reading_to_echo() -> None:
    for text in ("3x^2 + 4x + 6", "x*y", "sin(x)", "e^x", "|x|", "√x", "w1*x1 + b"):
        assert parse(text).reading is None and parse(text).notes == ()


def test_declared_names_are_kept_whole_and_e_can_be_a_variable() -> None:
    xy = sp.Symbol("xy", real=True)
    assert parse("2xy", variables=["xy"]).expr == 2 * xy
    f = parse("c + e", variables=["e"])
    assert f.variables == ("c", "e") and f.expr == c + e
    assert parse("theta^2").variables == ("theta",)  # Greek names are whole words
    with pytest.raises(ChainruleError, match="not a variable name"):
        parse("x", variables=["2x"])
    with pytest.raises(ChainruleError, match="function or constant"):
        parse("x", variables=["sin"])


def test_inverse_function_power_needs_the_inverse_in_the_table() -> None:
    with pytest.raises(ParseError, match="inverse of relu"):
        parse("relu^-1(x)")
