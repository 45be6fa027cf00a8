"""The vector rows (softmax, log-softmax) against independent methods, through every engine.

For each row: its VJP on arrays against central differences of its forward (along several axes,
float32 kept), against ``sympy.diff`` of its forward built from SymPy's own ``exp``/``log``, its
one-output view (explain's softmax neuron) against central differences, its Jacobian against
the textbook matrices, properties with hypothesis, text and LaTeX; then the tensor engine
(gradcheck, and second derivatives through ``create_graph``) and the scalar engine (the
one-output op on Values, differentiated twice). Nothing here names a row except to state the
textbook Jacobian.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from chainrule import rules
from chainrule.numeric import gradcheck
from chainrule.rules.symbolic import SYMPY
from chainrule.scalar import Value, apply, grad
from chainrule.scalar.ops import Op
from chainrule.tensor import Tensor
from chainrule.tensor import grad as tensor_grad

VECTOR = list(rules.VECTOR_ROWS.values())
LAYERS = [(0.4, -1.7, 2.2), (-0.7, 0.55, 1.3, -1.7), (1.3, 1.3), (0.25,)]
RNG = np.random.default_rng(7)
X = RNG.uniform(-2, 2, size=(3, 4))


def _central(f, x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """∂f/∂x element by element, five-point central differences (error O(h⁴))."""
    out = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        def at(d: float, idx: tuple[int, ...] = idx) -> float:
            y = x.copy()
            y[idx] += d
            return f(y)

        out[idx] = (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h)
    return out


def _neuron_op(row: rules.VectorRule) -> Op:
    return Op(f"test.{row.name}", None, row.neuron_forward, row.neuron_local, row.local_text,
              row.local_latex, row.expr_text, row.expr_latex)


@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("row", VECTOR, ids=lambda r: r.name)
def test_vjp_matches_central_differences_on_arrays(row: rules.VectorRule, axis: int) -> None:
    g = RNG.uniform(-1, 1, size=X.shape)
    out = row.compute(rules.NUMPY, X, axis)
    got = row.vjp(rules.NUMPY, g, out, axis)
    want = _central(lambda y: float((g * row.compute(rules.NUMPY, y, axis)).sum()), X)
    np.testing.assert_allclose(got, want, rtol=1e-8, atol=1e-10)
    x32 = X.astype(np.float32)
    out32 = row.compute(rules.NUMPY, x32, axis)
    assert out32.dtype == np.float32
    assert row.vjp(rules.NUMPY, g.astype(np.float32), out32, axis).dtype == np.float32


@pytest.mark.parametrize("row", VECTOR, ids=lambda r: r.name)
def test_forward_never_overflows(row: rules.VectorRule) -> None:
    x = np.array([[1000.0, 999.0, -1000.0]])
    out = row.compute(rules.NUMPY, x, 1)
    assert np.all(np.isfinite(out))
    # the same numbers as the shifted input (softmax and log-softmax ignore a shift)
    np.testing.assert_allclose(out, row.compute(rules.NUMPY, x - 1000.0, 1), rtol=1e-12)


@pytest.mark.parametrize("row", VECTOR, ids=lambda r: r.name)
def test_vjp_agrees_with_sympy_diff(row: rules.VectorRule) -> None:
    syms = sp.symbols("x0:3", real=True)
    m = rules.ElementArrays(SYMPY, shift=False)
    s = row.compute(m, np.array(syms, dtype=object), 0)
    assert not any(sp.sympify(e).atoms(sp.Float) for e in s)  # exact, no floats
    for i in range(3):
        onehot = np.zeros(3, dtype=object)
        onehot[i] = 1
        local = row.vjp(m, onehot, s, 0)  # row i of the Jacobian
        for xs in LAYERS[:2]:
            at = dict(zip(syms, (sp.Float(v, 30) for v in xs[:3])))
            for j in range(3):
                want = sp.diff(s[i], syms[j]).subs(at).evalf(20)
                got = sp.sympify(local[j]).subs(at).evalf(20)
                assert math.isclose(float(got), float(want), rel_tol=1e-12, abs_tol=1e-15), \
                    (row, i, j, got, want)


@pytest.mark.parametrize("row", VECTOR, ids=lambda r: r.name)
def test_one_output_view_matches_central_differences(row: rules.VectorRule) -> None:
    for xs in LAYERS:
        out = row.neuron_forward(*xs)
        assert type(out) is float
        assert out == pytest.approx(float(row.compute(rules.NUMPY, np.array(xs), 0)[0]),
                                    rel=1e-14)
        local = row.neuron_local(rules.FLOAT, *xs, out)
        assert len(local) == len(xs)
        want = _central(lambda y: row.neuron_forward(*y), np.array(xs))
        np.testing.assert_allclose(np.array(local, dtype=float), want, rtol=1e-8, atol=1e-10)


def test_jacobians_are_the_textbook_matrices() -> None:
    z = np.array([0.3, -1.2, 2.0, 0.7])
    e = np.exp(z)
    s = e / e.sum()
    soft, log_soft = rules.VECTOR_ROWS["softmax"], rules.VECTOR_ROWS["log_softmax"]
    np.testing.assert_allclose(soft.jacobian(s), np.diag(s) - np.outer(s, s), rtol=1e-13)
    # log-softmax: ∂(zᵢ − ln Σ e^z)/∂zⱼ = δᵢⱼ − sⱼ
    np.testing.assert_allclose(log_soft.jacobian(np.log(s)), np.eye(4) - s[None, :],
                               rtol=1e-13, atol=1e-15)


LAYER_ARRAYS = hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1,
                                                       max_side=5),
                          elements=st.floats(-30, 30))


@settings(max_examples=40, deadline=None)
@given(LAYER_ARRAYS, st.floats(-20, 20), st.sampled_from([0, 1]))
def test_shift_invariance_and_its_consequence_for_the_vjp(x: np.ndarray, c: float,
                                                          axis: int) -> None:
    g = np.cos(np.arange(x.size, dtype=float)).reshape(x.shape)
    for row in VECTOR:
        out = row.compute(rules.NUMPY, x, axis)
        # adding c along the axis changes nothing ...
        np.testing.assert_allclose(row.compute(rules.NUMPY, x + c, axis), out, atol=1e-12)
        # ... so every VJP sums to 0 along the axis (J·1 = 0, hence 1ᵀJᵀg = 0)
        v = row.vjp(rules.NUMPY, g, out, axis)
        np.testing.assert_allclose(v.sum(axis=axis), 0.0, atol=1e-12)
    probs = rules.VECTOR_ROWS["softmax"].compute(rules.NUMPY, x, axis)
    np.testing.assert_allclose(probs.sum(axis=axis), 1.0, rtol=1e-12)
    logs = rules.VECTOR_ROWS["log_softmax"].compute(rules.NUMPY, x, axis)
    np.testing.assert_allclose(np.exp(logs), probs, rtol=1e-10, atol=1e-300)


@pytest.mark.parametrize("row", VECTOR, ids=lambda r: r.name)
def test_text_and_latex_render_every_operand(row: rules.VectorRule) -> None:
    names = ["q2", "q1", "q3"]
    for render in (row.expr_text, row.expr_latex):
        (shown,) = render(names, "OUT")
        assert all(n in shown for n in names), shown
        (ordered,) = render(names, "OUT", layer=["q1", "q2", "q3"])
        assert ordered.index("q1") < ordered.rindex("q2") < ordered.index("q3"), ordered
    outs = ["o2", "o1", "o3"]
    for render in (row.local_text, row.local_latex):
        parts = render(outs, "o2")
        assert len(parts) == 3 and all("o2" in p for p in parts[:1])
        assert all(o in p for o, p in zip(outs[1:], parts[1:])), parts
    for part in (*row.local_latex(outs, "o2"), *row.expr_latex(names, "OUT")):
        assert part.count("{") == part.count("}"), part
    for part in (*row.local_text(outs, "o2"), *row.expr_text(names, "OUT")):
        assert "{" not in part and "}" not in part, part
    assert row.symbol and row.doc and row.vjp_text and row.layer


@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("row", VECTOR, ids=lambda r: r.name)
def test_tensor_engine_gradchecks_and_differentiates_twice(row: rules.VectorRule,
                                                           axis: int) -> None:
    w = RNG.uniform(0.5, 1.5, size=X.shape)
    v = RNG.uniform(-1, 1, size=X.shape)

    def loss(x: Tensor) -> Tensor:
        out = getattr(x, row.name)(axis)
        return (out * out * w).sum()  # not linear in out, so the Hessian is not the VJP's

    def hvp(x: Tensor) -> Tensor:
        (g,) = tensor_grad(loss(x), x, create_graph=True)
        return (g * v).sum()

    gradcheck(loss, [Tensor(X.copy(), requires_grad=True)], atol=1e-7, rtol=1e-6)
    gradcheck(hvp, [Tensor(X.copy(), requires_grad=True)], atol=1e-6, rtol=1e-5)


@pytest.mark.parametrize("row", VECTOR, ids=lambda r: r.name)
def test_scalar_engine_differentiates_one_output_twice(row: rules.VectorRule) -> None:
    op = _neuron_op(row)
    for xs in LAYERS[:3]:
        vs = [Value(x) for x in xs]
        gradcheck(lambda *ws: apply(op, *ws), vs, atol=1e-7, rtol=1e-6)
        out = apply(op, *vs)
        for i in range(len(xs)):
            first = grad(out, vs[i], create_graph=True)
            assert float(first.data) == pytest.approx(
                row.neuron_local(rules.FLOAT, *xs, out.data)[i], rel=1e-12, abs=1e-15)
            second = grad(first, vs)

            def d_i(*ys: float, i: int = i) -> float:
                return float(row.neuron_local(rules.FLOAT, *ys, row.neuron_forward(*ys))[i])

            want = _central(lambda y: d_i(*y), np.array(xs))
            got = np.array([float(s.data if isinstance(s, Value) else s) for s in second])
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("namespace", [rules.NUMPY, rules.ElementArrays(rules.FLOAT),
                                       rules.ElementArrays(SYMPY, shift=False)], ids=str)
def test_vector_namespaces_provide_what_the_rows_call(namespace: object) -> None:
    # exp, log, total (Σ kept as an axis) and top (the constant shift)
    assert all(callable(getattr(namespace, n, None)) for n in ("exp", "log", "total", "top"))
    x = np.array([[0.5, -1.0], [2.0, 0.25]], dtype=float if namespace is rules.NUMPY else object)
    total = namespace.total(x, 1)
    assert total.shape == (2, 1) and float(total[1, 0]) == 2.25
    top = np.asarray(namespace.top(x, 0), dtype=float)
    shifted = getattr(namespace, "shift", True)
    np.testing.assert_array_equal(top, [[2.0, 0.25]] if shifted else 0.0)


@pytest.mark.parametrize("row", VECTOR, ids=lambda r: r.name)
def test_the_rows_nn_layer_applies_the_row(row: rules.VectorRule) -> None:
    from chainrule import nn

    for axis in (0, -1):
        layer = getattr(nn, row.layer)(axis)
        x = Tensor(X.copy(), requires_grad=True)
        out = layer(x)
        np.testing.assert_array_equal(out.data, row.compute(rules.NUMPY, X, axis))
        g = RNG.uniform(-1, 1, size=X.shape)
        out.backward(g)
        np.testing.assert_array_equal(x.grad, row.vjp(rules.NUMPY, g, out.data, axis))
