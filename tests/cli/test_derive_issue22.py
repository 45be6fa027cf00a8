"""``chainrule derive`` corners from issue 22: fraction exponents in the budget, a negative
base to a variable power, dropped irrational factors, domain sampling, the --at point."""

from __future__ import annotations

import json

import pytest
import sympy as sp


@pytest.mark.parametrize(("text", "sym"), [
    ("2^(1/3)*x", sp.Rational(2) ** sp.Rational(1, 3) * sp.Symbol("x")),
    ("x^2 + 2^(1/2)", sp.Symbol("x") ** 2 + sp.sqrt(2)),
    ("3^(1/2) x", sp.sqrt(3) * sp.Symbol("x")),
])
def test_a_small_fraction_exponent_is_within_budget(cli, text, sym):
    result = cli("derive", text, "--at", "x=1.5", "--json")
    assert result.returncode == 0, result.stderr
    want = float(sp.diff(sym, sp.Symbol("x")).subs(sp.Symbol("x"), 1.5))
    assert abs(json.loads(result.stdout)["value"] - want) <= 1e-12


@pytest.mark.parametrize("text", ["2^(10^40/3) x", "2^(1/(10^40))", "2^(2^100)"])
def test_a_huge_exponent_is_still_refused(cli, text):
    result = cli("derive", text)
    assert result.returncode == 2
    assert "exponents are limited" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("text", ["(-2)^x", "(-2)^(2x)", "x + (-1/2)^(x y)"])
def test_a_negative_base_to_a_variable_power_is_a_domain_message(inproc, error_of, text):
    # b^x = e^(x ln b) is real for all real x only when b > 0; the old code got as far as
    # rendering SymPy's I ("render: cannot show ImaginaryUnit (I)")
    line = error_of(inproc("derive", text))
    assert "negative base to a variable power is not a real function" in line
    assert "ImaginaryUnit" not in line


@pytest.mark.parametrize(("text", "want"), [("(-2)^3 x", -8.0), ("(-x)^2", 3.0)])
def test_a_negative_base_to_a_constant_power_still_derives(inproc, text, want):
    code, out, err = inproc("derive", text, "--at", "x=1.5", "--json")
    assert code == 0, err
    assert abs(json.loads(out)["value"] - want) <= 1e-12
