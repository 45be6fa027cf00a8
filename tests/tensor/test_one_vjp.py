"""Each array op's VJP is written once and run by both sweeps.

The array sweep calls ``op.vjp`` (the op's ``vjp_on`` with the array namespace); the
``create_graph`` sweep calls the same ``vjp_on`` with the Tensor namespace. Only the fused ops
(:mod:`chainrule.tensor.fused`, hand-tuned array paths) keep a Tensor twin in
:data:`chainrule.tensor.higher.GRAPH_VJPS`; this test lists them, so a new twin is a decision.
"""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.tensor import Tensor, grad
from chainrule.tensor.higher import GRAPH_VJPS, TENSOR_MATH, TensorMath
from chainrule.tensor.op import ARRAY_OPS, ARRAYS, ArrayMath

#: The fused ops whose create_graph VJP is still composed apart from their array VJP.
FUSED = {"linear", "mse", "half_sum_squares", "bce", "bce_with_logits", "softmax_cross_entropy"}


@pytest.mark.parametrize("name", sorted(ARRAY_OPS))
def test_each_op_has_one_vjp_for_both_sweeps_or_is_a_listed_fused_op(name: str) -> None:
    op = ARRAY_OPS[name]
    if name in FUSED:
        assert op.vjp_on is None and name in GRAPH_VJPS
        return
    assert op.vjp_on is not None and name not in GRAPH_VJPS
    assert op.vjp.func is op.vjp_on and op.vjp.args == (ARRAYS,)  # type: ignore[attr-defined]


def test_the_tensor_namespace_has_a_tensor_version_of_every_array_move() -> None:
    moves = [n for n in vars(ArrayMath) if not n.startswith("_")]
    assert moves  # broadcast_to, scatter, unbroadcast, …
    assert [n for n in moves if n not in vars(TensorMath)] == []


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
