"""Every row of the rule table against independent methods.

For each row: its local derivatives against a five-point central difference of its forward
(floats, and NumPy arrays with broadcasting and float32 kept), against ``sympy.diff`` of the
forward rewritten into SymPy's own functions, its domain refusals, and its text and LaTeX. A new
row is tested by adding it: nothing here names a row except to pick sample values.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import sympy as sp

from chainrule import rules
from chainrule.rules.symbolic import SYMPY, relu, sigmoid, step

ROWS = list(rules.ROWS.values())


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_local_matches_central_differences_in_floats(row: rules.Rule, table) -> None:
    for xs in table.points(row):
        out = row.compute(rules.FLOAT, *xs)
        local = row.local(rules.FLOAT, *xs, out)
        assert len(local) == table.arity(row)
        for i in table.differentiable(row):
            num = table.central(lambda *ys: row.compute(rules.FLOAT, *ys), xs, i)
            assert math.isclose(float(local[i]), num, rel_tol=1e-7, abs_tol=1e-9), (row, xs, i)


@pytest.mark.parametrize("row", [r for r in ROWS if r.arity is not None], ids=lambda r: r.name)
def test_numpy_namespace_broadcasts_and_agrees_with_floats(row: rules.Rule, table) -> None:
    pts = np.array(table.points(row))  # (k, n)
    n = table.arity(row)
    # operand 0 as a column (k, 1), the others as rows (1, k) or plain numbers (parameters)
    cols = [pts[:, 0].reshape(-1, 1)]
    for i in range(1, n):
        cols.append(float(pts[0, i]) if i >= n - len(row.params) else pts[:, i].reshape(1, -1))
    out = row.compute(rules.NUMPY, *cols)
    local = row.local(rules.NUMPY, *cols, out)
    for a in range(len(pts)):
        for b in range(len(pts) if n > 1 and not row.params else 1):
            xs = tuple(float(np.broadcast_to(c, out.shape)[a, b]) if isinstance(c, np.ndarray)
                       else c for c in cols)
            if row.domain_error(*xs) is not None:
                continue
            f_out = row.compute(rules.FLOAT, *xs)
            assert math.isclose(float(np.broadcast_to(out, out.shape)[a, b]), f_out,
                                rel_tol=1e-12, abs_tol=1e-14)
            f_local = row.local(rules.FLOAT, *xs, f_out)
            for i in range(n):
                got = float(np.broadcast_to(local[i], out.shape)[a, b])
                assert math.isclose(got, float(f_local[i]), rel_tol=1e-12, abs_tol=1e-14)


@pytest.mark.parametrize("row", [r for r in ROWS if r.arity is not None], ids=lambda r: r.name)
def test_float32_stays_float32(row: rules.Rule, table) -> None:
    n = table.arity(row)
    xs = [np.asarray(v, dtype=np.float32) if i < n - len(row.params) else v
          for i, v in enumerate(table.points(row)[0])]
    out = np.asarray(row.compute(rules.NUMPY, *xs))
    assert out.dtype == np.float32
    for i, g in enumerate(row.local(rules.NUMPY, *xs, out)):
        if i < n - len(row.params) and isinstance(g, np.ndarray):
            assert g.dtype == np.float32, (row, i)


def _plain(e: sp.Expr) -> sp.Expr:
    """``e`` in SymPy's own functions: σ, ReLU and step rewritten, so diff owes nothing to us."""
    return (sp.sympify(e).replace(sigmoid, lambda a: 1 / (1 + sp.exp(-a)))
            .replace(relu, lambda a: sp.Max(0, a)).replace(step, lambda a: sp.Heaviside(a, 0)))


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_local_agrees_with_sympy_diff(row: rules.Rule, table) -> None:
    syms = sp.symbols(f"x0:{table.arity(row)}", real=True)
    f = row.compute(SYMPY, *syms)
    local = row.local(SYMPY, *syms, f)
    for xs in table.points(row, limit=3):
        at = dict(zip(syms, (sp.Float(v, 30) for v in xs)))
        for i in table.differentiable(row):
            want = sp.diff(_plain(f), syms[i]).subs(at).evalf(20)
            got = _plain(local[i]).subs(at).evalf(20)
            assert math.isclose(float(got), float(want), rel_tol=1e-10, abs_tol=1e-12), \
                (row, xs, i, got, want)


def test_sympy_functions_read_their_derivative_from_the_table() -> None:
    x = sp.Symbol("x", real=True)
    assert sp.diff(sigmoid(x), x) == sigmoid(x) * (1 - sigmoid(x))
    # exact numbers, no floats, in every row's SymPy derivative
    for row in rules.FUNCTIONS.values():
        for part in row.local(SYMPY, x, row.compute(SYMPY, x)):
            assert not sp.sympify(part).atoms(sp.Float), (row, part)
    assert sp.diff(relu(x), x) == step(x)
    assert sp.diff(step(x), x) == 0


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_text_and_latex_render_every_operand(row: rules.Rule, table) -> None:
    n = table.arity(row)
    names = [f"q{i}" for i in range(n)]
    for render in (row.expr_text, row.expr_latex):
        (shown,) = render(names, "OUT")
        assert all(name in shown for name in names[: n - len(row.params)] or names), shown
    for render in (row.local_text, row.local_latex):
        parts = render(names, "OUT")
        assert len(parts) == n and all(p.strip() for p in parts)
        assert not any("{" in p and "}" not in p for p in parts)
    assert row.symbol and row.doc
    # LaTeX balances its braces; text has none left over from the templates
    for part in (*row.local_latex(names, "OUT"), *row.expr_latex(names, "OUT")):
        assert part.count("{") == part.count("}"), part
    for part in (*row.local_text(names, "OUT"), *row.expr_text(names, "OUT")):
        assert "{" not in part and "}" not in part, part


@pytest.mark.parametrize("row", [r for r in ROWS if r.domain], ids=lambda r: r.name)
def test_domain_refuses_outside_points_with_a_reason(row: rules.Rule, table) -> None:
    n = table.arity(row)
    grid = itertools.product((-2.0, -1.0, 0.0, 1.0, 0.5), repeat=n)
    refused = [(p, row.domain_error(*p)) for p in grid if row.domain_error(*p) is not None]
    assert refused, row
    for p, reason in refused:
        assert isinstance(reason, str) and len(reason) > 8
        # the array check refuses the same points
        arrays = [np.asarray(v) for v in p]
        assert any(not np.all(ok(rules.NUMPY, *arrays)) for ok, _ in row.domain)


def test_lookup_by_alias_and_function_lists() -> None:
    assert rules.row("sigmoid").forward(0.3) == rules.row("sigmoid").compute(rules.FLOAT, 0.3)
    assert rules.row("σ") is rules.row("logistic") is rules.ROWS["sigmoid"]
    assert rules.row("arctan") is rules.row("atan")
    assert rules.row("ln") is rules.FUNCTIONS["log"]
    assert rules.ACTIVATIONS["linear"] is rules.ROWS["identity"]
    with pytest.raises(KeyError, match="no rule named 'nope'"):
        rules.row("nope")
    for name, r in rules.FUNCTIONS.items():
        assert r.formula and name in r.names and r.arity == 1
    for r in rules.ACTIVATIONS.values():
        assert r.layer


@pytest.mark.parametrize("namespace", [rules.FLOAT, rules.NUMPY, SYMPY], ids=str)
def test_every_namespace_provides_every_name(namespace: object) -> None:
    missing = [n for n in rules.NAMES if not callable(getattr(namespace, n, None))]
    assert not missing
    for name in rules.CONSTANTS:
        assert float(getattr(namespace, name)) == pytest.approx(getattr(rules.FLOAT, name))


def test_kink_conventions_are_stated_and_hold() -> None:
    f = rules.FLOAT
    assert rules.row("relu").local(f, 0.0, 0.0) == (0.0,)
    assert rules.row("abs").local(f, 0.0, 0.0) == (0.0,)
    assert rules.row("max").local(f, 2.0, 2.0, 2.0) == (1.0, 0.0)
    assert rules.row("min").local(f, 2.0, 2.0, 2.0) == (1.0, 0.0)
    assert rules.row("leaky_relu").local(f, 0.0, 0.1, 0.0)[0] == 0.1
    assert rules.row("elu").local(f, 0.0, 0.7, 0.0)[0] == 0.7
    assert rules.row("powc").local(f, 0.0, 0.0, 1.0) == (0.0, 0.0)
    for name in ("relu", "abs", "max", "min", "leaky_relu", "elu", "powc"):
        assert rules.row(name).kink
