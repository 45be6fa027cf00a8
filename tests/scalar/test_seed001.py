"""Seed 001's worked examples, recomputed by the engine.

Seed 001 also claims d = a·b + a·c² gives ∂d/∂a = b + 2c; that is wrong (c² does not depend on a,
so ∂(a·c²)/∂a = c²): the correct result b + c² is tested here, and b + 2c is shown to differ.
"""

from chainrule.scalar import Value


def test_slope_of_quadratic_at_3_is_exactly_14() -> None:
    x = Value(3.0)
    y = 3 * x**2 - 4 * x + 5
    y.backward()
    assert y.data == 20.0  # f(3) = 27 − 12 + 5
    assert x.grad == 14.0  # f'(x) = 6x − 4


def test_d_equals_ab_plus_c() -> None:
    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    d = a * b + c
    d.backward()
    assert a.grad == b.data
    assert c.grad == 1.0


def test_seed001_graph_L() -> None:
    a, b, c = Value(2.0, name="a"), Value(-3.0, name="b"), Value(10.0, name="c")
    e = a * b
    d = e + c
    f = Value(-2.0, name="f")
    L = d * f
    L.backward()
    assert (e.data, d.data, L.data) == (-6.0, 4.0, -8.0)
    grads = [v.grad for v in (a, b, c, d, e, f)]
    # dL/dd = f, dL/df = d, dL/de = dL/dc = dL/dd·1, dL/da = dL/de·b, dL/db = dL/de·a
    assert grads == [6.0, -4.0, -2.0, -2.0, -2.0, 4.0]


def test_partial_of_ab_plus_ac2_is_b_plus_c_squared_not_b_plus_2c() -> None:
    for av, bv, cv in [(2.0, -3.0, 10.0), (0.5, 4.0, -1.5), (-1.0, 0.0, 3.0)]:
        a, b, c = Value(av), Value(bv), Value(cv)
        d = a * b + a * c**2
        d.backward()
        assert a.grad == bv + cv**2
        assert c.grad == 2 * av * cv
        # The seed's b + 2c agrees only where c² = 2c (c = 0 or 2); none of these points.
        assert a.grad != bv + 2 * cv


def test_local_derivatives_are_recorded() -> None:
    a, b = Value(2.0, name="a"), Value(-3.0, name="b")
    e = a * b
    e.backward()
    assert e.op is not None and e.op.name == "mul"
    assert e.parents == (a, b)
    assert e.local_grads == (-3.0, 2.0)
    assert e.op.local_text(["a", "b"], "e") == ("b", "a")
