"""Each array op's VJP is written once and run by both sweeps.

The array sweep calls ``op.vjp`` (the op's ``vjp_on`` with the array namespace); the
``create_graph`` sweep calls the same ``vjp_on`` with the Tensor namespace. That holds for every
op of the library, the fused ``linear`` and losses included: no op keeps a Tensor twin.
"""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.tensor import Tensor, grad, higher
from chainrule.tensor.higher import TENSOR_MATH
from chainrule.tensor.op import ARRAY_OPS, ARRAYS, ArrayMath

#: The library's own ops (a test may declare ops of its own, e.g. tests/tensor/test_sweep.py).
LIBRARY_OPS = sorted(n for n, op in ARRAY_OPS.items()
                     if op.forward.__module__.startswith("chainrule."))


def test_the_library_ops_are_found() -> None:
    assert {"matmul", "softmax", "prod", "getitem", "relu", "linear"} <= set(LIBRARY_OPS)


#: Ops whose VJP runs on arrays only (first derivatives); create_graph refuses them in one line.
ARRAY_ONLY = {"conv2d", "max_pool2d"}


def test_create_graph_through_an_array_only_op_is_refused_in_one_line() -> None:
    from chainrule.errors import ConfigError
    from chainrule.tensor import conv2d

    x = Tensor(RNG.uniform(-1, 1, (1, 1, 3, 3)), requires_grad=True)
    k = Tensor(RNG.uniform(-1, 1, (1, 1, 2, 2)), requires_grad=True)
    with pytest.raises(ConfigError, match="create_graph: the op 'conv2d' has no differentiable"):
        grad((conv2d(x, k) ** 2).sum(), [k], create_graph=True)


@pytest.mark.parametrize("name", [n for n in LIBRARY_OPS if n not in ARRAY_ONLY])
def test_each_op_has_one_vjp_for_both_sweeps(name: str) -> None:
    op = ARRAY_OPS[name]
    assert op.vjp_on is not None
    assert op.vjp.func is op.vjp_on and op.vjp.args == (ARRAYS,)  # type: ignore[attr-defined]


RNG = np.random.default_rng(3)
G23, V3, V4 = RNG.uniform(-1, 1, (2, 3)), RNG.uniform(-1, 1, 3), RNG.uniform(-1, 1, 4)
#: Each move of the array namespace with sample operands (the first one differentiable).
MOVES = {
    "unbroadcast": (G23, (1, 3)), "broadcast_to": (V3, (2, 3)),
    "scatter": (V3, (4,), [0, 2, 0]), "take": (V4, [1, 1, 3]), "transpose": (G23, (1, 0)),
    "swap_last": (G23,), "mask": (np.array([True, False, True]), V3),
    "select": (np.array([True, False, True]), V3, True),
    "exclusive_products": (np.array([[0.5, 0.0, 2.0, -1.5]]), 1),
    # works in place on its (fresh) first operand, so it gets an array of its own
    "minus_at": (RNG.uniform(-1, 1, (2, 3)), (np.array([0, 1]), np.array([2, 0])),
                 np.asarray(0.25)),
}


def test_no_op_keeps_a_tensor_twin_of_its_vjp() -> None:
    # higher.py composes nothing of its own: no table of per-op Tensor VJPs is left in it
    assert not [n for n, v in vars(higher).items()
                if n.endswith("_vjp") and callable(v) and n != "graph_vjp"]
    assert {"linear", "mse", "half_sum_squares", "binary_cross_entropy",
            "binary_cross_entropy_with_logits", "cross_entropy"} <= set(LIBRARY_OPS)


def test_every_array_move_has_a_sample() -> None:
    assert sorted(MOVES) == sorted(n for n in vars(ArrayMath) if not n.startswith("_"))


@pytest.mark.parametrize("name", sorted(MOVES))
def test_each_move_on_tensors_is_a_graph_with_the_arrays_numbers(name: str) -> None:
    args = MOVES[name]
    at = 1 if name in ("mask", "select") else 0  # the operand that is data, not a mask
    t = Tensor(args[at].copy(), requires_grad=True)
    tensor_args = (*args[:at], t, *args[at + 1:])
    got = getattr(TENSOR_MATH, name)(*tensor_args)
    want = getattr(ARRAYS, name)(*args)
    assert isinstance(got, Tensor) and got.requires_grad, name
    np.testing.assert_allclose(got.data, want, rtol=1e-15)


def test_one_vjp_gives_the_same_numbers_on_arrays_and_on_tensors() -> None:
    # getitem with a repeated index: the array scatter (np.add.at) and the Tensor one agree
    rng = np.random.default_rng(3)
    x = Tensor(rng.uniform(-1, 1, size=(4, 3)), requires_grad=True)
    y = x[[0, 2, 0]]
    assert y._op.name == "getitem"
    g = rng.uniform(-1, 1, size=y.shape)
    (on_arrays,) = y._op.vjp(g, y._ctx, y._needs)
    (on_tensors,) = y._op.vjp_on(TENSOR_MATH, Tensor(g), y._ctx, y._needs)
    assert isinstance(on_tensors, Tensor)
    np.testing.assert_allclose(on_tensors.data, on_arrays, rtol=1e-15)
    np.testing.assert_allclose(on_arrays[0], g[0] + g[2])  # row 0 taken twice: shares add
    # and the full first derivative through create_graph matches the array sweep's
    loss = (y * y * x[[1, 1, 3]]).sum()
    (g1,) = grad(loss, x, create_graph=True)
    loss.backward()
    np.testing.assert_allclose(g1.data, x.grad, rtol=1e-14)
