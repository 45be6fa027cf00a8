"""The reverse sweep: order by creation number, leaves filled as gradients arrive.

Random graphs (shared sub-expressions, leaves used many times, leaves made after interior
nodes) are checked against central differences of the same function on plain arrays.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.errors import ConfigError
from chainrule.tensor import Tensor, defop
from chainrule.tensor.autodiff import graph_order
from chainrule.tensor.tensor import apply

# (name, function on Tensors or arrays alike)
_BINARY = [("add", lambda a, b: a + b), ("mul", lambda a, b: a * b),
           ("sub", lambda a, b: a - b)]
_UNARY = [("tanh", lambda a: a.tanh() if isinstance(a, Tensor) else np.tanh(a)),
          ("square", lambda a: a * a)]

_steps = st.lists(st.tuples(st.sampled_from(range(len(_BINARY) + len(_UNARY))),
                            st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=12)


def _build(steps: list[tuple[int, int, int]], leaves: list) -> object:
    """Run ``steps`` on ``leaves`` (Tensors or arrays); each step uses two earlier values."""
    values = list(leaves)
    for kind, i, j in steps:
        a, b = values[i % len(values)], values[j % len(values)]
        if kind < len(_BINARY):
            values.append(_BINARY[kind][1](a, b))
        else:
            values.append(_UNARY[kind - len(_BINARY)][1](a))
    total = values[-1]
    for v in values[len(leaves):-1:3]:  # several outputs feed the loss: a DAG, not a chain
        total = total + v
    return total


@settings(max_examples=60, deadline=None)
@given(_steps, st.integers(0, 2**31 - 1))
def test_random_graphs_match_central_differences(steps: list, seed: int) -> None:
    rng = np.random.default_rng(seed)
    arrays = [rng.uniform(-0.9, 0.9, size=3) for _ in range(3)]
    leaves = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    out = _build(steps, leaves)
    out.sum().backward()

    def f(arrs: list) -> float:
        return float(np.sum(_build(steps, arrs)))

    h = 1e-6
    for k in range(len(arrays)):
        expected = np.zeros(3)
        for e in range(3):
            up = [x.copy() for x in arrays]
            down = [x.copy() for x in arrays]
            up[k][e] += h
            down[k][e] -= h
            expected[e] = (f(up) - f(down)) / (2 * h)
        got = leaves[k].grad if leaves[k].grad is not None else np.zeros(3)
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_a_leaf_made_after_interior_nodes_and_used_twice() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = x * 3.0
    w = Tensor([0.5, -1.0], requires_grad=True)  # created after y
    z = (y * w + w * w).sum()
    z.backward()
    np.testing.assert_allclose(w.grad, [3.0 + 1.0, 6.0 - 2.0])  # y + 2w
    np.testing.assert_allclose(x.grad, [1.5, -3.0])  # 3w


def test_graph_order_puts_parents_first() -> None:
    a = Tensor([1.0], requires_grad=True)
    b = a.exp()
    c = a * b
    d = c + b
    order = graph_order(d)
    pos = {id(t): i for i, t in enumerate(order)}
    for node in order:
        for parent in node._parents:
            if parent.requires_grad:
                assert pos[id(parent)] < pos[id(node)]
    assert order[-1] is d and len(order) == 4


def _boom_vjp(g: np.ndarray, ctx: object, needs: tuple[bool, ...]) -> tuple:
    raise ConfigError("boom")


_BOOM = defop("test_sweep_boom", lambda x: (x.copy(), None), _boom_vjp)


def test_a_failing_vjp_leaves_no_half_gradient_behind() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    a = x * 2.0
    b = apply(_BOOM, x)
    with pytest.raises(ConfigError, match="boom"):
        (a * b).sum().backward()
    assert a._g is None and b._g is None  # nothing stale left for the next sweep
    x.grad = None
    (a * 1.0).sum().backward()
    np.testing.assert_allclose(x.grad, [2.0, 2.0])
