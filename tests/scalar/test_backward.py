"""The sharp cases of backpropagation: reuse, diamonds, repeated calls, very deep graphs."""

import math

import pytest

from chainrule.scalar import Value, grad, topological_order


def test_a_plus_a() -> None:
    a = Value(3.0)
    b = a + a
    b.backward()
    assert a.grad == 2.0


def test_doubling_twice() -> None:
    a = Value(3.0)
    b = a + a
    c = b + b
    c.backward()
    assert b.grad == 2.0
    assert a.grad == 4.0


def test_diamond() -> None:
    # Seed 003: b = a², c = −7a, d = b·c; ∂d/∂a = 2a·c − 7b = −21a².
    a = Value(1.5)
    b = a**2
    c = -7 * a
    d = b * c
    d.backward()
    assert a.grad == pytest.approx(2 * 1.5 * c.data - 7 * b.data)
    assert a.grad == pytest.approx(-21 * 1.5**2)


def test_reused_inner_node() -> None:
    x = Value(0.3)
    h = x.tanh()
    y = h * h + h.exp() + h
    y.backward()
    t = math.tanh(0.3)
    expected = (2 * t + math.exp(t) + 1) * (1 - t * t)
    assert x.grad == pytest.approx(expected, rel=1e-12)


def test_backward_twice_does_not_double_interior_gradients() -> None:
    x = Value(2.0)
    h = x * x
    y = h * 3
    y.backward()
    first_h = h.grad
    y.backward()
    assert h.grad == first_h == 3.0  # interior: afresh each call
    assert x.grad == 2 * 12.0  # leaf: accumulates, like PyTorch


def test_leaf_root_accumulates() -> None:
    x = Value(1.0)
    x.backward()
    x.backward()
    assert x.grad == 2.0


def test_million_node_chain_needs_no_recursion() -> None:
    x = Value(1.0)
    y = x
    for _ in range(1_000_000):
        y = y * 1.0 + 0.0  # two nodes a step, each with derivative 1
    y.backward()
    assert x.grad == 1.0
    assert len(topological_order(y)) > 2_000_000


def test_topological_order_puts_parents_first() -> None:
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for p in node.parents:
            assert position[id(p)] < position[id(node)]
    assert order[-1] is e


def test_grad_leaves_dot_grad_alone() -> None:
    x = Value(2.0)
    x.grad = 5.0
    y = x**3
    assert grad(y, x) == 12.0
    assert x.grad == 5.0


def test_grad_of_unrelated_input_is_zero() -> None:
    x, z = Value(2.0), Value(7.0)
    assert grad(x * x, [x, z]) == [4.0, 0.0]


def test_relu_derivative_at_zero_is_zero() -> None:
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


def test_graph_has_no_reference_cycles() -> None:
    """Dropped graphs are freed by reference counting: the cycle collector finds nothing."""
    import gc

    gc.collect()
    gc.disable()
    try:
        x = Value(1.0)
        for _ in range(200):
            z = x
            for _ in range(20):
                z = (z * 1.0001).tanh() + x
            z.backward()
        del z
        assert gc.collect() == 0
    finally:
        gc.enable()
