"""Ops' local derivatives against a central difference (hypothesis), composed ones too.

Every row of the rule table is gradchecked on Values by ``tests/rules/test_engines.py``; these
draw many points for the common ops.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from chainrule.errors import DomainError
from chainrule.numeric import gradcheck
from chainrule.scalar import Value

reals = st.floats(-3.0, 3.0, allow_nan=False)
positive = st.floats(0.1, 5.0, allow_nan=False)


def central(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


UNARY: dict[str, tuple[Callable[[Value], Value], Callable[[float], float], st.SearchStrategy]] = {
    "exp": (Value.exp, math.exp, reals),
    "log": (Value.log, math.log, positive),
    "sqrt": (Value.sqrt, math.sqrt, positive),
    "sin": (Value.sin, math.sin, reals),
    "cos": (Value.cos, math.cos, reals),
    "tanh": (Value.tanh, math.tanh, reals),
    "sigmoid": (Value.sigmoid, lambda x: 1 / (1 + math.exp(-x)), reals),
    "relu": (Value.relu, lambda x: max(0.0, x), reals),
    "abs": (abs, abs, reals),
    "neg": (lambda v: -v, lambda x: -x, reals),
    "cube": (lambda v: v**3, lambda x: x**3, reals),
    "recip": (lambda v: 1 / v, lambda x: 1 / x, positive),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@given(data=st.data())
def test_unary_op_matches_central_difference(name: str, data: st.DataObject) -> None:
    engine, plain, domain = UNARY[name]
    x0 = data.draw(domain)
    if name in ("relu", "abs"):
        assume(abs(x0) > 1e-3)  # the kink is not differentiable
    x = Value(x0)
    y = engine(x)
    assert y.data == pytest.approx(plain(x0), rel=1e-12, abs=1e-12)
    y.backward()
    assert x.grad == pytest.approx(central(plain, x0), rel=1e-6, abs=1e-6)


BINARY = {
    "add": (lambda a, b: a + b),
    "sub": (lambda a, b: a - b),
    "mul": (lambda a, b: a * b),
    "div": (lambda a, b: a / b),
    "pow": (lambda a, b: a**b),
    "max": (lambda a, b: a.max(b) if isinstance(a, Value) else max(a, b)),
    "min": (lambda a, b: a.min(b) if isinstance(a, Value) else min(a, b)),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@given(a0=positive, b0=st.floats(-2.0, 2.0))
def test_binary_op_matches_central_difference(name: str, a0: float, b0: float) -> None:
    f = BINARY[name]
    if name in ("max", "min"):
        assume(abs(a0 - b0) > 1e-3)
    if name == "div":
        assume(abs(b0) > 0.1)
    gradcheck(lambda a, b: f(a, b), [Value(a0), Value(b0)], atol=1e-6, rtol=1e-6)


@given(xs=st.lists(reals, min_size=1, max_size=5), bias=reals, data=st.data())
def test_linear_node_matches_central_difference(xs: list[float], bias: float,
                                                data: st.DataObject) -> None:
    from chainrule.scalar import weighted_sum

    ws = data.draw(st.lists(reals, min_size=len(xs), max_size=len(xs)))
    leaves = [Value(v) for v in (*xs, *ws, bias)]
    n = len(xs)
    gradcheck(lambda *v: weighted_sum(v[:n], v[n:2 * n], v[-1]), leaves, atol=1e-6, rtol=1e-6)


# Random compositions: a small grammar of expressions over two variables.
def expressions(depth: int = 3) -> st.SearchStrategy:
    leaf = st.sampled_from(["x", "y", "c"])
    if depth == 0:
        return leaf
    sub = expressions(depth - 1)
    unary = st.tuples(st.sampled_from(["tanh", "sigmoid", "sin", "exp_small", "sq"]), sub)
    binary = st.tuples(st.sampled_from(["+", "-", "*"]), sub, sub)
    return st.one_of(leaf, unary, binary)


def build(expr: object, env: dict[str, object]) -> object:
    if isinstance(expr, str):
        return env[expr]
    op, *args = expr  # type: ignore[misc]
    vals = [build(a, env) for a in args]
    if op == "+":
        return vals[0] + vals[1]
    if op == "-":
        return vals[0] - vals[1]
    if op == "*":
        return vals[0] * vals[1]
    v = vals[0]
    if op == "sq":
        return v * v
    if op == "exp_small":  # keep magnitudes tame: exp(tanh(v))
        return v.tanh().exp()
    return getattr(v, op)()


@given(expr=expressions(), x0=reals, y0=reals)
def test_random_composition_gradients(expr: object, x0: float, y0: float) -> None:
    def f(x: Value, y: Value) -> Value:
        out = build(expr, {"x": x, "y": y, "c": Value(0.7)})
        return out + 0.0 * x  # make sure the output is a node even for a bare leaf

    gradcheck(f, [Value(x0), Value(y0)], atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize(
    ("thunk", "op"),
    [
        (lambda: Value(-1.0).log(), "log"),
        (lambda: Value(0.0).log(), "log"),
        (lambda: Value(-4.0).sqrt(), "sqrt"),
        (lambda: Value(1.0) / 0, "div"),
        (lambda: Value(0.0) ** -1, "powc"),
        (lambda: Value(-2.0) ** Value(0.5), "pow"),
    ],
)
def test_domain_errors_name_the_op_and_value(thunk: Callable[[], Value], op: str) -> None:
    with pytest.raises(DomainError) as info:
        thunk()
    assert info.value.op == op
    assert op in str(info.value)


@pytest.mark.parametrize("bad", ["2", None, [1.0], {"a": 1}])
def test_non_numeric_operands_raise_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="expected a real number or a Value"):
        Value(1.0) + bad  # type: ignore[operator]
    with pytest.raises(TypeError, match="expected a real number"):
        Value(bad)  # type: ignore[arg-type]


def test_integer_power_of_negative_base_is_fine() -> None:
    x = Value(-2.0)
    y = x**3
    y.backward()
    assert (y.data, x.grad) == (-8.0, 12.0)


def test_zero_to_a_positive_value_power() -> None:
    a, b = Value(0.0), Value(2.0)
    y = a**b
    y.backward()
    assert (y.data, a.grad, b.grad) == (0.0, 0.0, 0.0)
