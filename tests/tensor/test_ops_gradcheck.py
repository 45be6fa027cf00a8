"""Every array op's VJP against central differences (float64), over random shapes.

Each check reduces the op's output to one number with fixed random weights, L = Σ w ⊙ op(x), so
that every output element contributes a different amount and a VJP that mixes elements up fails.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from chainrule.numeric import gradcheck
from chainrule.tensor import ARRAY_OPS, Tensor, concatenate, linear, stack, where

FEW = settings(max_examples=12)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3)


def leaf(shape: tuple[int, ...], seed: int, lo: float = -2.0, hi: float = 2.0) -> Tensor:
    rng = np.random.default_rng(seed)
    return Tensor(rng.uniform(lo, hi, size=shape), requires_grad=True)


def weighted(f: Callable[..., Tensor], seed: int = 99) -> Callable[..., Tensor]:
    """``L(*xs) = Σ w ⊙ f(*xs)`` with w fixed (drawn once, on the first call)."""
    box: list[np.ndarray] = []

    def loss(*xs: Tensor) -> Tensor:
        out = f(*xs)
        if not box:
            box.append(np.random.default_rng(seed).uniform(0.5, 1.5, size=out.shape))
        return (out * box[0]).sum()

    return loss


def check(f: Callable[..., Tensor], *xs: Tensor) -> None:
    result = gradcheck(weighted(f), xs, eps=1e-6, atol=1e-6, rtol=1e-5)
    assert result.ok


# -- element-wise binary ops with broadcasting --------------------------------------------
BINARY: dict[str, Callable[[Tensor, Tensor], Tensor]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a**b,
}


@pytest.mark.parametrize("name", sorted(BINARY))
@FEW
@given(shapes=pairs, seed=st.integers(0, 1000))
def test_binary_ops_broadcast(name: str, shapes: object, seed: int) -> None:
    sa, sb = shapes.input_shapes  # type: ignore[attr-defined]
    positive = name in ("div", "pow")  # divisor / base kept away from 0
    a = leaf(sa, seed, 0.5, 2.0) if name == "pow" else leaf(sa, seed)
    b = leaf(sb, seed + 1, 0.5, 2.0) if positive else leaf(sb, seed + 1)
    check(BINARY[name], a, b)


def test_unbroadcast_sums_over_broadcast_axes() -> None:
    a = Tensor(np.ones((3, 1)), requires_grad=True)
    b = Tensor(np.arange(4.0), requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.shape == (3, 1) and b.grad.shape == (4,)
    np.testing.assert_array_equal(a.grad, np.full((3, 1), 0 + 1 + 2 + 3))
    np.testing.assert_array_equal(b.grad, np.full(4, 3.0))


# -- element-wise unary ops ---------------------------------------------------------------
UNARY: dict[str, tuple[Callable[[Tensor], Tensor], float, float]] = {
    "neg": (lambda x: -x, -2, 2),
    "exp": (Tensor.exp, -2, 2),
    "log": (Tensor.log, 0.2, 3),
    "sqrt": (Tensor.sqrt, 0.2, 3),
    "abs": (Tensor.abs, -2, 2),
    "powc": (lambda x: x**3, -2, 2),
    "square": (lambda x: x**2, -2, 2),
    "rsqrt": (lambda x: x**-0.5, 0.3, 3),
    "tanh": (Tensor.tanh, -3, 3),
    "sigmoid": (Tensor.sigmoid, -4, 4),
    "relu": (Tensor.relu, 0.1, 2),
    "relu_neg": (Tensor.relu, -2, -0.1),
    "leaky_relu": (lambda x: x.leaky_relu(0.1), -2, 2),
    "clip": (lambda x: x.clip(-0.9, 0.7), -2, 2),
    "scalar_mix": (lambda x: 3.0 - x / 2.0 + 1 / (x * x + 1), -2, 2),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@FEW
@given(shape=shapes, seed=st.integers(0, 1000))
def test_unary_ops(name: str, shape: tuple[int, ...], seed: int) -> None:
    f, lo, hi = UNARY[name]
    x = leaf(shape, seed, lo, hi)
    if name in ("leaky_relu", "clip", "abs"):
        # keep clear of the kinks, where a central difference straddles two slopes
        x.data[np.abs(x.data) < 0.05] = 0.3
        x.data[np.abs(np.abs(x.data) - 0.8) < 0.15] = 0.3
    check(f, x)


# -- reductions, softmax, shapes ----------------------------------------------------------
axes_of = st.sampled_from([None, 0, -1, (0, 1)])


@pytest.mark.parametrize("name", ["sum", "mean", "max", "softmax", "log_softmax"])
@FEW
@given(shape=hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=4),
       axis=axes_of, keepdims=st.booleans(), seed=st.integers(0, 1000))
def test_reductions(name: str, shape: tuple[int, ...], axis: object, keepdims: bool,
                    seed: int) -> None:
    x = leaf(shape, seed)
    if name in ("softmax", "log_softmax"):
        ax = -1 if axis is None or isinstance(axis, tuple) else axis
        check(lambda t: getattr(t, name)(axis=ax), x)
    else:
        check(lambda t: getattr(t, name)(axis=axis, keepdims=keepdims), x)


def test_max_ties_share_the_gradient() -> None:
    x = Tensor(np.array([[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]]), requires_grad=True)
    x.max(axis=1).sum().backward()
    np.testing.assert_array_equal(x.grad, [[0, 0.5, 0.5], [1, 0, 0]])


@FEW
@given(n=st.integers(1, 4), k=st.integers(1, 4), m=st.integers(1, 4), batch=st.booleans(),
       seed=st.integers(0, 1000))
def test_matmul(n: int, k: int, m: int, batch: bool, seed: int) -> None:
    a = leaf((2, n, k) if batch else (n, k), seed)
    b = leaf((k, m), seed + 1)
    check(lambda p, q: p @ q, a, b)
    v = leaf((k,), seed + 2)
    check(lambda p, q: p @ q, a, v)  # matrix @ vector
    check(lambda p, q: q @ p, b, v)  # vector @ matrix


@FEW
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4),
       seed=st.integers(0, 1000))
def test_shape_ops(shape: tuple[int, ...], seed: int) -> None:
    x = leaf(shape, seed)
    check(lambda t: t.reshape(-1), x)
    check(lambda t: t.reshape((1, *shape)), x)
    check(lambda t: t.T, x)
    perm = (*range(1, len(shape)), 0)  # axes rolled by one
    check(lambda t: t.permute(*perm), x)
    check(lambda t: t[0], x)
    check(lambda t: t[..., ::2], x)
    idx = np.array([0, 0, shape[0] - 1])  # fancy index with a repeat: shares add up
    check(lambda t: t[idx], x)


@FEW
@given(rows=st.lists(st.integers(1, 3), min_size=1, max_size=3), cols=st.integers(1, 3),
       seed=st.integers(0, 1000))
def test_concatenate_stack_where(rows: list[int], cols: int, seed: int) -> None:
    xs = [leaf((r, cols), seed + i) for i, r in enumerate(rows)]
    check(lambda *ts: concatenate(ts, axis=0), *xs)
    ys = [leaf((2, cols), seed + 10 + i) for i in range(len(rows))]
    check(lambda *ts: stack(ts, axis=1), *ys)
    a, b = leaf((2, cols), seed + 20), leaf((cols,), seed + 21)
    cond = np.random.default_rng(seed).random((2, cols)) > 0.5
    check(lambda p, q: where(cond, p, q), a, b)


@FEW
@given(n=st.integers(1, 4), i=st.integers(1, 4), o=st.integers(1, 4), seed=st.integers(0, 99))
def test_linear_fused(n: int, i: int, o: int, seed: int) -> None:
    x, w, b = leaf((n, i), seed), leaf((o, i), seed + 1), leaf((o,), seed + 2)  # W (out, in)
    check(linear, x, w, b)
    check(lambda p, q: linear(p, q), leaf((i,), seed + 3), w)  # one sample, no bias
    composed = (x @ w.T + b).data
    np.testing.assert_allclose(linear(x, w, b).data, composed, rtol=1e-12)


def test_every_declared_op_is_covered() -> None:
    # The losses are checked in tests/nn, the rows of the rule table in tests/rules (every
    # one on Tensors with broadcasting); this list must grow with the other ops.
    # broadcast_to and scatter are the VJPs of sum/mean and getitem in graph form: their own
    # VJPs are checked by the Hessian-vector products of tests/tensor/test_higher.py
    # prod is checked in tests/nn/test_pytorch_ops.py with the other PyTorch-named methods
    covered = {"clip", "sum", "mean", "amax", "broadcast_to", "scatter", "prod", "softmax",
               "log_softmax", "matmul", "reshape",
               "transpose", "getitem", "concatenate", "where", "linear", "mse",
               "half_sum_squares", "binary_cross_entropy", "binary_cross_entropy_with_logits",
               "cross_entropy",
               # gradchecked and compared with torch in tests/tensor/test_conv.py
               "conv2d", "max_pool2d"}
    ours = {name for name, op in ARRAY_OPS.items()  # ops others may declare are theirs to test
            if op.forward.__module__.startswith("chainrule.tensor.") and op.rule is None}
    assert ours == covered
