"""``to_value`` and ``to_function``: formulas as engine graphs and callables, checked against
``diff`` and numerical differentiation."""

from __future__ import annotations

import math

import pytest

from chainrule.errors import ConfigError, DomainError, NumericalError
from chainrule.numeric import derivative, gradcheck
from chainrule.scalar import Value
from chainrule.symbolic import diff, partials, to_function, to_value

FORMULAS = [
    ("3x^2 + 4x + 6", {"x": 2.0}),
    ("(4x^2 + 5x + 6)^7 / 1e6", {"x": 0.3}),
    ("a*b + a*c**2", {"a": 2.0, "b": 3.0, "c": -1.0}),
    ("σ(w1*x1 + w2*x2 + b)", {"w1": 0.15, "x1": 0.5, "w2": 0.25, "x2": 0.1, "b": 0.35}),
    ("tan(x) + tanh(x) - relu(x - 1) + abs(x) * sqrt(x) / ln(x + 1)", {"x": 0.8}),
    ("2^x + x^x + exp(-x^2) - cos(pi x)", {"x": 1.3}),
]


@pytest.mark.parametrize(("text", "point"), FORMULAS)
def test_backward_matches_the_symbolic_gradient(text: str, point: dict) -> None:
    out = to_value(text, **point)
    out.backward()
    g = partials(text).at(point)
    leaves = {n.name: n for n in _leaves(out)}
    for name, value in g.items():
        assert leaves[name].grad == pytest.approx(value, rel=1e-10, abs=1e-12)
    assert out.data == pytest.approx(to_function(text)(**point), rel=1e-12)


def _leaves(root: Value) -> list[Value]:
    from chainrule.scalar import topological_order

    return [n for n in topological_order(root) if n.is_leaf and n.name and n.name[0].isalpha()]


@pytest.mark.parametrize(("text", "point"), FORMULAS)
def test_symbolic_derivative_matches_numeric(text: str, point: dict) -> None:
    f = to_function(text)
    for name in f.variables:
        def along(t: float, name: str = name) -> float:
            return f(**(point | {name: t}))

        numeric = derivative(along, point[name])
        assert diff(text, name).at(point) == pytest.approx(numeric.value, rel=1e-8, abs=1e-10)


def test_values_passed_in_are_the_leaves() -> None:
    x = Value(2.0, name="x")
    y = to_value("x*x + 3x", x=x)  # one leaf used three times
    y.backward()
    assert y.data == 10.0 and x.grad == 7.0  # 2x + 3
    assert gradcheck(lambda v: to_value("sin(x)*exp(x)/(1 + x^2)", x=v), [Value(0.4)]).ok


def test_graph_keeps_the_formulas_operations() -> None:
    y = to_value("a - b/c", a=1.0, b=2.0, c=4.0)
    assert y.op.name == "sub" and y.parents[1].op.name == "div"
    assert [p.name for p in y.parents[1].parents] == ["b", "c"]


def test_to_function() -> None:
    f = to_function("3x^2 + 4x + 6")
    assert f(2) == f(x=2) == 26.0 and f.variables == ("x",)
    g = to_function("a*b + c")
    assert g.variables == ("a", "b", "c") and g(1, 2, 3) == g(c=3, b=2, a=1) == 5.0
    assert isinstance(f(Value(2.0)), Value) and f(Value(2.0)).data == 26.0
    assert "FormulaFunction" in repr(f)
    assert to_value("2 + 3").data == 5.0  # constants become one Value


@pytest.mark.parametrize(
    ("call", "kind", "fragment"),
    [
        (lambda: to_function("a*b")(1.0), ConfigError, "needs a value for 'b'"),
        (lambda: to_function("a*b")(1, 2, 3), ConfigError, "takes 2 values"),
        (lambda: to_function("a*b")(a=1, b=2, q=3), ConfigError, "no variable 'q'"),
        (lambda: to_function("a*b")(1, a=2), ConfigError, "given twice"),
        (lambda: to_function("x")(x="1"), ConfigError, "must be a number"),
        (lambda: to_function("ln(x)")(-1.0), DomainError, "log"),
        (lambda: to_function("1/x")(0.0), DomainError, "division by zero"),
        (lambda: to_function("x^0.5")(-4.0), DomainError, "sqrt"),
        (lambda: to_function("exp(x)")(1000.0), NumericalError, "overflows"),
        (lambda: to_value("ln(x)", x=-1.0), DomainError, "log"),
    ],
)
def test_errors(call, kind: type, fragment: str) -> None:
    with pytest.raises(kind, match=fragment):
        call()


def test_float_path_matches_math() -> None:
    f = to_function("sqrt(x) + tan(x) + σ(x) + abs(-x) + relu(-x) + sign(x) + step(x)")
    t = 0.7
    expected = math.sqrt(t) + math.tan(t) + 1 / (1 + math.exp(-t)) + t + 0 + 1 + 1
    assert f(t) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("text", ["step(x)", "sec(x)", "asinh(x)", "softplus(x)", "tan(x)"])
def test_every_formula_function_builds_a_value_graph(text: str) -> None:
    # every function of the rule table is an engine op: the graph's gradient matches a
    # central difference of the formula evaluated in floats
    x = Value(0.3, name="x")
    y = to_value(text, x=x)
    y.backward()
    f = to_function(text)
    h = 1e-6
    assert x.grad == pytest.approx((f(0.3 + h) - f(0.3 - h)) / (2 * h), rel=1e-6, abs=1e-8)
