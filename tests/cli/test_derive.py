"""``chainrule derive``: symbolic derivative, value, numerical estimate, verdicts, errors."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st


def test_seed000_limit_example_both_ways(cli):
    result = cli("derive", "3x^2 + 4x + 6", "--at", "x=2", "--numeric", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["derivative_ascii"] == "6*x + 4"
    assert data["value"] == 6 * 2 + 4
    assert data["f"] == 3 * 2**2 + 4 * 2 + 6
    assert abs(data["numeric"]["value"] - 16) <= 1e-8


def test_human_output_shows_rules_value_and_agreement(cli):
    result = cli("derive", "(4x^2 + 5x + 6)^7", "--steps", "--at", "x=1", "--numeric")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "chain" in out and "power" in out and "sum" in out
    expected = 7 * (4 + 5 + 6) ** 6 * (8 + 5)
    assert f"{expected:.12g}" in out
    assert "agree" in out and "DIFFER" not in out


def test_partial_derivative_at_a_point(cli):
    result = cli("derive", "sigmoid(w*x + b)", "--wrt", "w", "--at", "w=0.5,x=2,b=0", "--json")
    data = json.loads(result.stdout)
    s = 1 / (1 + math.exp(-(0.5 * 2 + 0)))
    assert math.isclose(data["value"], 2 * s * (1 - s), rel_tol=1e-12)
    assert data["wrt"] == "w"


def test_check_flags_the_seed001_slip_with_exit_status_1(cli):
    wrong = cli("derive", "a*b + a*c^2", "--wrt", "a", "--check", "b + 2c")
    right = cli("derive", "a*b + a*c^2", "--wrt", "a", "--check", "b + c^2")
    assert wrong.returncode == 1 and "Not right" in wrong.stdout and "b + c²" in wrong.stdout
    assert right.returncode == 0 and "Right" in right.stdout


def test_check_as_json(cli):
    result = cli("derive", "y^(1/3)", "--wrt", "y", "--check", "y^(-3/2)/3", "--json")
    assert result.returncode == 1
    check = json.loads(result.stdout)["check"]
    assert check["correct"] is False
    y = check["point"]["y"]
    assert math.isclose(check["expected_value"], y ** (-2 / 3) / 3, rel_tol=1e-9)


def test_latex(cli):
    result = cli("derive", "x^3", "--latex")
    assert result.returncode == 0
    assert result.stdout.strip() == r"\frac{d}{d x} x^{3} = 3 x^{2}"


def test_parse_error_names_the_column_with_a_caret(cli):
    result = cli("derive", "x^2 +)")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    first, caret = result.stderr.rstrip("\n").splitlines()
    assert "column 6" in first and first.endswith("x^2 +)")
    assert caret.strip() == "^"
    assert caret.index("^") == len(first) - 1  # right under the ')'


def test_several_variables_need_wrt(cli, error_line):
    assert "--wrt" in error_line(cli("derive", "a*b"))


def test_errors_are_one_line(inproc, error_of):
    assert "'y'" in error_of(inproc("derive", "x^2", "--at", "y=1"))
    assert "--at" in error_of(inproc("derive", "x^2", "--numeric"))
    assert "name=number" in error_of(inproc("derive", "x^2", "--at", "x"))
    assert "twice" in error_of(inproc("derive", "x^2", "--at", "x=1,x=2"))
    assert "division by zero" in error_of(inproc("derive", "1/x", "--at", "x=0"))


def test_undefined_value_is_one_line(inproc, error_of):
    # 1/x is defined at −1, but it is the derivative of ln(x), which is not.
    line = error_of(inproc("derive", "log(x)", "--at", "x=-1"))
    assert "ln(x) is undefined at x = -1: it needs x > 0" in line


@settings(max_examples=40)
@given(st.lists(st.tuples(st.sampled_from("xyzw"), st.floats(-1e6, 1e6)), min_size=1,
                max_size=4, unique_by=lambda t: t[0]))
def test_assignments_round_trip(pairs):
    from chainrule.cli.common import assignments

    text = ",".join(f"{k}={v!r}" for k, v in pairs)
    assert assignments([text]) == dict(pairs)


def test_leading_minus_is_a_formula_not_an_option(cli):
    result = cli("derive", "-x^2", "--at", "x=-3", "--check", "-2x", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["value"] == -2 * -3 and data["check"]["correct"] is True


def test_the_reading_is_echoed_when_the_text_does_not_spell_it_out(cli):
    out = cli("derive", "2xy").stdout.splitlines()
    assert out[0] == "read as 2·x·y" and "--var xy" in out[1]
    assert "x/(2x)" in cli("derive", "x/2x").stdout
    assert not cli("derive", "2x*y").stdout.startswith("read as")
    whole = cli("derive", "2xy", "--var", "xy", "--json")
    assert json.loads(whole.stdout)["derivative"] == "2"  # d/dxy 2·xy, xy one variable


def test_e_is_eulers_number_unless_declared(cli):
    data = json.loads(cli("derive", "e^x", "--at", "x=1", "--json").stdout)
    assert math.isclose(data["value"], math.e, rel_tol=1e-12)
    seed001 = json.loads(cli("derive", "c + e", "--var", "e", "--wrt", "e", "--json").stdout)
    assert seed001["derivative"] == "1"


def test_points_may_be_constant_formulas(cli):
    data = json.loads(cli("derive", "sin(x)", "--at", "x=pi/3", "--json").stdout)
    assert math.isclose(data["value"], 0.5, rel_tol=1e-12)  # cos(π/3)
    assert math.isclose(data["at"]["x"], math.pi / 3)


def test_check_names_the_slip_and_exits_1(cli):
    wrong = cli("derive", "sin(x^2)", "--check", "cos(x^2)", "--json")
    assert wrong.returncode == 1
    hint = json.loads(wrong.stdout)["check"]["hint"]
    assert "chain rule stopped early" in hint and "2x" in hint
    right = cli("derive", "x^x", "--check", "x^x (ln(x) + 1)")
    assert right.returncode == 0 and "Right" in right.stdout


def test_cli_says_so_at_a_corner(cli):
    result = cli("derive", "relu(x)", "--at", "x=0", "--numeric")
    assert result.returncode == 0, result.stderr
    assert "not differentiable" in result.stdout and "ReLU'(0) = 0" in result.stdout
    assert "DIFFER" not in result.stdout
    bad = cli("derive", "x^2", "--at", "x=1e200")
    assert bad.returncode == 2 and "x^2 overflows at x = 1e+200" in bad.stderr
