"""``diff``: each rule, the step tree, agreement with SymPy, partials, and the renderings."""

from __future__ import annotations

import pytest
import sympy as sp

from chainrule.errors import ConfigError, DomainError, ParseError
from chainrule.symbolic import RULES, Derivation, diff, parse, partials
from chainrule.symbolic.derivation import SIMPLIFY_MAX_OPS
from chainrule.symbolic.functions import relu, sigmoid, step

x, y, u = (sp.Symbol(n, real=True) for n in "xyu")


@pytest.mark.parametrize(
    ("text", "rule", "expected"),
    [
        ("7", "constant", 0),
        ("y^2", "partial", 0),
        ("x", "identity", 1),
        ("3x^2", "constant multiple", 6 * x),
        ("-x", "constant multiple", -1),
        ("x/4", "constant multiple", sp.Rational(1, 4)),
        ("x + sin(x)", "sum", 1 + sp.cos(x)),
        ("x - sin(x)", "difference", 1 - sp.cos(x)),
        ("x*sin(x)", "product", sp.sin(x) + x * sp.cos(x)),
        ("sin(x)/x", "quotient", sp.cos(x) / x - sp.sin(x) / x**2),
        ("x^5", "power", 5 * x**4),
        ("sqrt(x)", "sqrt", 1 / (2 * sp.sqrt(x))),
        ("2^x", "exponential", 2**x * sp.log(2)),
        ("x^x", "general power", x**x * (sp.log(x) + 1)),
        ("exp(x)", "exp", sp.exp(x)),
        ("ln(x)", "log", 1 / x),
        ("sin(x)", "sin", sp.cos(x)),
        ("cos(x)", "cos", -sp.sin(x)),
        ("tan(x)", "tan", 1 / sp.cos(x) ** 2),
        ("tanh(x)", "tanh", 1 - sp.tanh(x) ** 2),
        ("σ(x)", "sigmoid", sigmoid(x) * (1 - sigmoid(x))),
        ("relu(x)", "relu", step(x)),
        ("abs(x)", "abs", sp.sign(x)),
        ("step(x)", "step", 0),
        ("exp(x^2)", "chain", 2 * x * sp.exp(x**2)),
    ],
)
def test_each_rule(text: str, rule: str, expected: sp.Expr) -> None:
    d = diff(text)
    assert d.root.rule == rule and rule in RULES
    assert sp.simplify(d.result - expected) == 0
    assert sp.simplify(d.root.output - sp.diff(parse(text).expr, x)) == 0


FORMULAS = [
    "3x^2 + 4x + 6", "(4x^2 + 5x + 6)^7", "x^3 * exp(-x)", "sin(x)^2 + cos(x)^2",
    "ln(x^2 + 1)/(x + 2)", "sqrt(1 + tanh(2x))", "σ(3x - 1)^2", "tan(x)/exp(x)",
    "(x + 1)^(x)", "relu(x^2 - 1) + abs(x - 2)", "exp(sin(cos(x)))", "x/(x^2 + y^2)",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_agrees_with_sympy(text: str) -> None:
    d = diff(text)
    truth = sp.diff(parse(text).expr, x)
    for t in (0.3, 1.7, -0.6):
        point = {"x": t, "y": 0.4}
        try:
            expected = float(truth.subs({x: t, y: 0.4}).rewrite(sp.Heaviside).evalf())
        except TypeError:
            continue  # undefined at this point (ln of a negative number)
        assert d.at(point) == pytest.approx(expected, rel=1e-10, abs=1e-12)


def test_every_step_is_consistent() -> None:
    d = diff("x^2*sin(3x + 1) - exp(x)/x")
    for s in d.steps:
        assert s.rule in RULES
        # Each output is the derivative of its input (in its own variable, u for chains).
        assert sp.simplify(s.output - sp.diff(s.input, s.wrt)) == 0
    assert d.steps[0] is d.root and len(d.steps) > 8


def test_nested_chains_name_distinct_inner_functions() -> None:
    d = diff("exp(sin(x^2))")
    names = [s.inner[0].name for s in d.steps if s.rule == "chain"]
    assert names == ["u", "v"]
    # A formula already using u gets other names.
    d2 = diff("u*exp(sin(x^2))")
    assert all(s.inner[0].name != "u" for s in d2.steps if s.rule == "chain")


def test_simplify_off_keeps_the_rules_output() -> None:
    raw = diff("x*x", simplify=False)
    assert raw.result == raw.root.output
    assert sp.simplify(raw.result - 2 * x) == 0


def test_partials_and_their_gradient_vector() -> None:
    g = partials("x^2*y + y^3")
    assert list(g) == ["x", "y"] and len(g) == 2
    assert g["x"].result == 2 * x * y
    assert g["y"].result == x**2 + 3 * y**2
    assert g.at(x=1, y=2) == {"x": 4.0, "y": 13.0}
    assert "∂/∂x" in g.to_text() and "∂/∂y" in str(g)


def test_at() -> None:
    d = diff("x*y^2", "x")
    assert d.at(y=3) == 9  # only the result's variables are needed
    assert d.at({"y": 2}) == 4
    with pytest.raises(ConfigError, match="no value given for the variable 'y'"):
        d.at(x=1)
    with pytest.raises(ConfigError, match="must be a number"):
        d.at(y="two")
    with pytest.raises(DomainError):
        diff("ln(x)").at(x=0)


def test_bad_wrt_and_formula() -> None:
    with pytest.raises(ConfigError, match="variable name"):
        diff("x^2", "2x")
    with pytest.raises(ConfigError, match="function or constant"):
        diff("x^2", "sin")
    with pytest.raises(ParseError):
        diff("x^^2")


def test_renderings() -> None:
    d = diff("(4x^2 + 5x + 6)^7")
    assert isinstance(d, Derivation)
    text = d.to_text()
    assert str(d) == text
    # Seed 000's line: the chain rule as a u-substitution, u put back at the end.
    assert "  chain rule: y = u⁷ with u = 4x² + 5x + 6" in text
    assert ("    dy/dx = dy/du · du/dx = 7u⁶ · (8x + 5) = 7(4x² + 5x + 6)⁶(8x + 5)"
            in text.splitlines())
    assert "    power: d/du u⁷ = 7u⁶" in text
    md = d.to_markdown()
    assert md == d._repr_markdown_()
    # Words stay outside math mode: "with" is text between two formulas, not italic math.
    assert "- **chain rule**: $y = u^{7}$ with $u = 4 x^{2} + 5 x + 6$" in md
    assert "  - **power**: $\\frac{d}{d u} u^{7} = 7 u^{6}$" in md
    tex = d.to_latex()
    assert tex.startswith("\\begin{aligned}") and tex.endswith("\\end{aligned}")
    assert "&= 7 \\left(4 x^{2} + 5 x + 6\\right)^{6} \\left(8 x + 5\\right)" in tex
    assert "\\frac{d y}{d u} \\cdot \\frac{d u}{d x}" in tex
    assert "y &= u^{7}\\text{ with }u = 4 x^{2} + 5 x + 6" in tex
    assert d._repr_latex_() == f"$$\n{tex}\n$$"
    # One line per row after the headline, and as many list items; every step has a row.
    items = [line for line in md.splitlines() if line.lstrip().startswith("- ")]
    assert len(text.splitlines()) == len(items) + 1
    assert len(items) >= len(d.steps)


def test_partial_renders_with_curly_d() -> None:
    d = diff("a*b + a*c**2", "a")
    assert d.partial
    assert "\\frac{\\partial}{\\partial a}" in d.to_latex()
    assert not diff("x^2").partial


def test_relu_convention_matches_the_engine() -> None:
    d = diff("relu(x)")
    assert d.result == step(x)
    assert (d.at(x=0), d.at(x=2), d.at(x=-1)) == (0.0, 1.0, 0.0)
    assert relu(x).diff(x) == step(x)


def test_large_results_skip_simplify_but_stay_right() -> None:
    # This derivative has ~70 operations; sympy.simplify on it ran for over ten minutes.
    text = "exp(sin(x^2))*ln(x^2+1)/(1+tanh(3x))^2 + sqrt(x^4+1)*σ(x)"
    d = diff(text)
    assert sp.count_ops(d.root.output) > SIMPLIFY_MAX_OPS
    truth = sp.diff(parse(text).expr, x)
    for t in (-0.7, 0.2, 1.3):
        assert d.at(x=t) == pytest.approx(float(truth.subs(x, t).evalf()), rel=1e-12)


def test_words_of_a_derivation_are_never_in_math_mode() -> None:
    """Markdown: no word of three or more letters inside $…$ but a LaTeX command or
    \\operatorname's name; LaTeX: words only in \\text{…}."""
    import re

    for formula in ("(4x^2 + 5x + 6)^7", "x^x", "sin(x*y)^2 + relu(3x^2 + 5)"):
        for wrt in ("x", "y") if "y" in formula else ("x",):
            d = diff(formula, wrt)
            for span in re.findall(r"\$([^$]+)\$", d.to_markdown()):
                bare = re.sub(r"\\[a-zA-Z]+(\{[a-zA-Z]+\})?", "", span)
                assert not re.search(r"[a-zA-Z]{3,}", bare), (formula, span)
            tex = re.sub(r"\\text\{[^}]*\}", "", d.to_latex())
            bare = re.sub(r"\\[a-zA-Z]+(\{[a-zA-Z]+\})?", "", tex)
            assert not re.search(r"[a-zA-Z]{3,}", bare), (formula, tex)
