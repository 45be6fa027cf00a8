"""Properties over random compositions of the whitelisted functions (hypothesis).

* the symbolic derivative at a point equals ``numeric.derivative`` of the formula there;
* the step tree's raw output equals ``sympy.diff`` (evaluated at the point);
* rendering and parsing round-trip: parse(render(e)) == e, in unicode and ASCII.

Formulas are built so they are defined everywhere (log and sqrt of u² + 1, division by
u² + 1); points near the kinks of abs/relu are rejected by the numeric error estimate.
"""

from __future__ import annotations

import math

import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chainrule.errors import ChainruleError
from chainrule.numeric import derivative
from chainrule.symbolic import diff, parse, render, to_function
from chainrule.symbolic.evaluate import evaluate

SMOOTH = ["exp", "sin", "cos", "tanh", "sigmoid", "σ", "tan"]
KINKED = ["abs", "relu"]
leaves = st.sampled_from(["x", "x", "2", "3", "0.5", "y"])


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(inner, inner)
    return st.one_of(
        pair.map(lambda t: f"({t[0]}) + ({t[1]})"),
        pair.map(lambda t: f"({t[0]}) - ({t[1]})"),
        pair.map(lambda t: f"({t[0]})*({t[1]})"),
        pair.map(lambda t: f"({t[0]})/(({t[1]})^2 + 1)"),
        st.tuples(inner, st.integers(0, 3)).map(lambda t: f"({t[0]})^{t[1]}"),
        st.tuples(st.sampled_from(SMOOTH + KINKED), inner).map(lambda t: f"{t[0]}({t[1]})"),
        inner.map(lambda s: f"log(({s})^2 + 1)"),
        inner.map(lambda s: f"sqrt(({s})^2 + 1)"),
    )


formulas = st.recursive(leaves, _extend, max_leaves=5)
points = st.floats(-1.5, 1.5).map(lambda v: round(v, 3))


@settings(max_examples=40)
@given(formulas, points)
def test_symbolic_matches_numeric(text: str, x0: float) -> None:
    f = to_function(text)
    y0 = 0.7
    try:
        value = f(**{n: (x0 if n == "x" else y0) for n in f.variables})
        numeric = derivative(lambda t: f(**{n: (t if n == "x" else y0) for n in f.variables}),
                             x0)
    except ChainruleError:
        assume(False)  # overflow or tan at a pole: not a question about derivatives
        return
    scale = max(1.0, abs(numeric.value))
    assume(abs(value) < 1e8 and numeric.error < 1e-7 * scale)  # smooth here (no kink nearby)
    d = diff(text, "x", simplify=False)
    point = {"x": x0, "y": y0}
    assert math.isclose(d.at(point), numeric.value, rel_tol=1e-6, abs_tol=1e-6)
    truth = sp.diff(parse(text).expr, sp.Symbol("x", real=True))
    assert math.isclose(d.at(point), evaluate(truth, point), rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=15)
@given(formulas.filter(lambda s: "tan(" not in s))
def test_simplified_result_is_the_same_function(text: str) -> None:
    d = diff(text, "x")
    for x0 in (-0.9, 0.4, 1.1):
        point = {"x": x0, "y": 0.7}
        try:
            raw = evaluate(d.root.output, point)
        except ChainruleError:
            continue
        assert math.isclose(d.at(point), raw, rel_tol=1e-8, abs_tol=1e-8)


@given(formulas)
def test_render_parse_round_trip(text: str) -> None:
    expr = parse(text).expr
    for style in ("unicode", "ascii"):
        shown = render(expr, style)
        assert parse(shown).expr == expr, (style, shown)
