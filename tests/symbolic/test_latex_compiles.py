"""The ``--steps`` LaTeX of a derivation compiles.

Two checks: a fast one with no TeX (no double superscript such as ``x^{3}^{2}``, balanced
braces and ``\\left``/``\\right``) over hypothesis-built formulas, and a real pdflatex run over
first-course formulas of every rule family (skipped when pdflatex is not installed).
"""

from __future__ import annotations

import re
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainrule.symbolic import diff

#: A formula of every rule family a first course meets (powers of powers, quotients of powers,
#: chain of chain, u^v, trig and inverse trig, hyperbolic, log base b, |x|, sqrt, σ, ReLU, …).
FIRST_COURSE = [
    "(x^3)^2", "((x^2 + 1)^3)^2", "1/x^3", "x^2/x^3", "(x + 1)/x^3", "x/(x^2 + 1)^2",
    "sin(x)/x^2", "x^2/e^x", "e^x/(1 + e^x)", "sqrt(x)/x^2", "x/sqrt(x^2 + 1)",
    "sin(cos(x^2))", "e^(sin(x)^2)", "ln(ln(x))", "(4x^2 + 5x + 6)^7", "x^x", "x^(sin(x))",
    "2^x", "tan(x)", "sec(x)", "csc(x)/x^2", "cot(x)^3", "asin(x)", "arctan(x^2)",
    "acos(2x)", "sinh(x)/cosh(x)^2", "tanh(x)^2", "sech(x)", "log(x, 2)", "log10(x)",
    "|x|/x^2", "sqrt(1 + x^2)", "sigmoid(x)", "1/(1 + exp(-x))", "relu(x)", "softplus(x)^2",
    "x*sin(x)*e^x", "a*x^2/(b + x)^3",
]

_DOUBLE_SUP = re.compile(r"\^\{[^{}]*\}\^")
_DOUBLE_SUB = re.compile(r"_\{[^{}]*\}_")


def _latex(formula: str) -> str:
    return diff(formula).to_latex()


def _well_formed(tex: str) -> None:
    """No double super/subscript, braces and \\left/\\right balanced on every line."""
    assert not _DOUBLE_SUP.search(tex), tex
    assert not _DOUBLE_SUB.search(tex), tex
    for line in tex.splitlines():
        depth = 0
        for i, ch in enumerate(line):
            if ch in "{}" and i > 0 and line[i - 1] == "\\":
                continue  # \{ \}: literal braces
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0, line
        assert depth == 0, line
        assert line.count(r"\left") == line.count(r"\right"), line


@pytest.mark.parametrize("formula", FIRST_COURSE)
def test_first_course_latex_is_well_formed(formula: str) -> None:
    _well_formed(_latex(formula))


def test_quotient_of_a_power_squares_the_power_in_parentheses() -> None:
    # (u/v)' with v = x³: the denominator is (x³)², in every style
    d = diff("(x + 1)/x^3")
    assert r"\left(x^{3}\right)^{2}" in d.to_latex()
    assert "(x³)²" in d.to_text()


_atoms = st.sampled_from(["x", "2", "3x", "(x + 1)", "a", "x^2", "e^x", "sqrt(x)"])
_unary = ["sin", "cos", "tan", "ln", "exp", "sqrt", "sigmoid", "tanh", "sec", "atan", "sinh"]


def _formulas() -> st.SearchStrategy[str]:
    def grow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda f, a: f"{f}({a})", st.sampled_from(_unary), children),
            st.builds(lambda a, b: f"({a})/({b})", children, children),
            st.builds(lambda a, n: f"({a})^{n}", children, st.sampled_from(["2", "3", "-1"])),
            st.builds(lambda a, b: f"({a})*({b})", children, children),
            st.builds(lambda a, b: f"({a}) + ({b})", children, children),
        )
    return st.recursive(_atoms, grow, max_leaves=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_formulas())
def test_generated_latex_is_well_formed(formula: str) -> None:
    _well_formed(_latex(formula))


def test_first_course_latex_compiles(tmp_path, pdflatex) -> None:
    body = "\n".join(f"% {f}\n\\[\n{_latex(f)}\n\\]" for f in FIRST_COURSE)
    (tmp_path / "d.tex").write_text(
        "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
        f"{body}\n\\end{{document}}\n", encoding="utf-8")
    run = subprocess.run([pdflatex, "-no-shell-escape", "-interaction=nonstopmode",
                          "d.tex"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    errors = [line for line in run.stdout.splitlines() if line.startswith("!")]
    assert run.returncode == 0 and not errors, "\n".join(errors) or run.stdout[-2000:]
    assert (tmp_path / "d.pdf").stat().st_size > 0
