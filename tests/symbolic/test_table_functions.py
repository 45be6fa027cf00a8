"""Every function of the rule table through symbolic.diff: parsed, derived by its row's rule,
displayable in every style, and the result shown at the top equals the one the steps build."""

from __future__ import annotations

import pytest
import sympy as sp

from chainrule import rules
from chainrule.symbolic import diff, render

NAMES = sorted({row.name for row in rules.FUNCTIONS.values()})


@pytest.mark.parametrize("name", NAMES)
def test_each_table_function_derives_and_displays(name: str) -> None:
    d = diff(f"{name}(2x + 1)")
    for style in ("unicode", "ascii", "latex"):
        assert render(d.result, style)
    assert sp.simplify(d.result - d.root.output) == 0
    assert d.root.rule == "chain" and d.root.children[0].rule == rules.row(name).name


@pytest.mark.parametrize("text", ["1/(1 + exp(-x))", "exp(x) + exp(-x)", "exp(x) - exp(-x)",
                                  "(exp(x) - exp(-x))/(exp(x) + exp(-x))"])
def test_simplified_results_are_displayable(text: str) -> None:
    # SymPy's simplification may return cosh, sinh or tanh: each is a row, so each renders
    d = diff(text)
    for style in ("unicode", "ascii", "latex"):
        assert render(d.result, style)
    (x,) = d.formula.expr.free_symbols
    assert sp.simplify(d.result - sp.diff(d.formula.expr, x)) == 0
