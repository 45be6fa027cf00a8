"""Names as LaTeX, LaTeX as MathML, and the explain ops' local derivatives."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from chainrule.explain.render.mathml import latex_to_mathml
from chainrule.explain.render.notation import latex_name, natural_key
from chainrule.explain.walk import ops as xops
from chainrule.explain.walk.ops import EXPLAIN_OPS, find_op
from chainrule.rules import FLOAT, row


@pytest.mark.parametrize(("name", "latex"), [
    ("y1^a", "y_{1}^{a}"), ("w5", "w_{5}"), ("E_total", r"E_{\mathrm{total}}"),
    ("target₁", r"\mathrm{target}_{1}"), ("ŷ0", r"\hat{y}_{0}"),
    ("w_i0^a0", "w_{i_{0}}^{a_{0}}"), ("b^c1", "b^{c_{1}}"), ("w[1]_{1,2}", "w_{1,2}^{[1]}"),
    ("b[2]", "b^{[2]}"), ("y1^a⁽²⁾", "y_{1}^{a,(2)}"), ("σ", r"\sigma"), ("0.5", "0.5"),
])
def test_latex_names(name, latex):
    assert latex_name(name) == latex


def test_natural_order():
    assert sorted(["w10", "w2", "w1"], key=natural_key) == ["w1", "w2", "w10"]


# The engine's primitives and the explain ops (other modules may declare ops of their own).
ENGINE = ("add", "sub", "mul", "div", "neg", "powc", "pow", "exp", "log", "sqrt", "sin", "cos",
          "tanh", "sigmoid", "relu", "abs", "max", "min", "linear", "half_squared_error",
          "squared_error_mean", "bce_term", "cce_term", "sum", "mean")


@pytest.mark.parametrize("op", [*ENGINE, *sorted(EXPLAIN_OPS)])
def test_every_op_formula_becomes_well_formed_mathml(op):
    o = find_op(op)
    names = ["x_{1}", "w_{2}", "b", "y^{j}"][: o.arity or 3]
    for latex in (*o.local_latex(names, "z^{a}"), *o.expr_latex(names, "z^{a}")):
        root = ET.fromstring(latex_to_mathml(latex))
        assert root.tag == "math" and "mtext" not in latex_to_mathml(latex), latex


POINTS = {
    xops.SOFTMAX: [(0.3, -1.2, 0.5)],
    row("sum"): [(0.2, 0.5, -1.0)], row("mean"): [(0.2, 0.5)],
    row("half_squared_error"): [(0.7, 0.1)], row("squared_error_mean"): [(0.7, 0.1, 2.0)],
    row("bce_term"): [(0.3, 0.8, 2.0), (0.6, 1.0, 1.0)], row("cce_term"): [(0.3, 0.8)],
}  # the loss rows explain applies; the elementwise activations are tested with the table


@pytest.mark.parametrize(("op", "xs"), [(op, xs) for op, pts in POINTS.items() for xs in pts])
def test_local_derivatives_match_central_differences(op, xs):
    out = op.forward(*xs)
    local = op.local(FLOAT, *xs, out)
    h = 1e-6
    for i in range(len(xs)):
        up = list(xs)
        down = list(xs)
        up[i] += h
        down[i] -= h
        numeric = (op.forward(*up) - op.forward(*down)) / (2 * h)
        assert local[i] == pytest.approx(numeric, rel=1e-6, abs=1e-8), (op.name, i)
    assert len(op.local_text([f"v{i}" for i in range(len(xs))], "out")) == len(xs)
