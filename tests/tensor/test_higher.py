"""Higher derivatives on Tensors: PyTorch's backward signature, grad(), Hessian-vector products.

Each non-element-wise op is checked the same way: F(x) = Σ v ⊙ ∂L/∂x with the inner gradient
built by ``create_graph=True``; F's backpropagated gradient (a Hessian-vector product) must match
central differences of F (:func:`chainrule.numeric.gradcheck`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from chainrule.errors import ChainruleError
from chainrule.numeric import gradcheck
from chainrule.tensor import (
    Tensor,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    concatenate,
    cross_entropy,
    grad,
    half_sum_squares,
    linear,
    mse_loss,
    where,
)

RNG = np.random.default_rng(0)
A = RNG.uniform(-1, 1, size=(3, 4))
B = RNG.uniform(-1, 1, size=(4, 2))
T = RNG.uniform(-1, 1, size=(3, 4))
SOFT = np.abs(T) / np.abs(T).sum(axis=1, keepdims=True) * np.array([[1.0], [0.5], [1.5]])
Z = np.zeros((3, 4))
Z[1, 2] = A[1, 2]

CASES: dict[str, Callable[[Tensor], Tensor]] = {
    "sum": lambda x: (x.sum(axis=1) ** 2).sum(),
    "mean": lambda x: (x.mean(axis=0, keepdims=True) ** 3).sum(),
    "amax": lambda x: (x**2).max(axis=1).sum() * x.sum(),
    "matmul": lambda x: ((x @ B) ** 2).sum(),
    "matmul_vector": lambda x: ((x[0] @ B) ** 2).sum() + ((x @ B[:, 0]) ** 2).sum(),
    "linear": lambda x: (linear(x, Tensor(B.T), Tensor(np.ones(2))).tanh()).sum(),  # W (out, in)
    # x's entries as the weights and biases of a layer on a batch (4 rows) and on one sample:
    # the second derivative reaches W and b through the fused node
    "linear_weights": lambda x: (linear(Tensor(A.T), x[:, :3].T, x[0, :3]).tanh() ** 2).sum()
    + (linear(Tensor(B[:, 0]), x, x[1, :3]).sin()).sum(),
    "cross_entropy_of_a_layer": lambda x: cross_entropy(
        linear(Tensor(A), Tensor(A.T) @ x, None), np.array([0, 3, 1])),
    "reshape": lambda x: (x.reshape(2, 6) ** 3).sum(),
    "transpose": lambda x: ((x.transpose(-1, 0) * A.T) ** 2).sum(),
    "getitem": lambda x: (x[1:, ::2] ** 3).sum() + (x[[0, 0, 2]] ** 2).sum(),
    "concatenate": lambda x: (concatenate([x, x**2], axis=1) ** 2).sum(),
    "where": lambda x: (where(A > 0, x**2, x**3)).sum(),
    "clip": lambda x: (x.clip(-0.5, 0.5) * x).sum(),
    "softmax": lambda x: (x.softmax(axis=1) * A).sum(),
    "log_softmax": lambda x: (x.log_softmax(axis=0) ** 2).sum(),
    "mse": lambda x: mse_loss(x**2, T),
    "half_sum_squares": lambda x: half_sum_squares(x.tanh(), T),
    "bce_with_logits": lambda x: binary_cross_entropy_with_logits(x * 2, (T > 0).astype(float)),
    "softmax_cross_entropy": lambda x: cross_entropy(x * 3, np.array([0, 3, 1])),
    "softmax_cross_entropy_soft": lambda x: cross_entropy(x * x * 2, SOFT),
    # prod through an exact zero (x − Z is 0 at (1, 2)): exclusive products, no division
    "prod": lambda x: ((x - Z).prod(axis=1) ** 2).sum() + (x * x).prod(axis=0).sum(),
    "prod_all": lambda x: (x * 0.9).prod() * x.sum(),
    "prod_keepdims": lambda x: ((x - Z).prod(axis=-1, keepdims=True) * x).sum(),
    "bce": lambda x: binary_cross_entropy(x * 0.4 + 0.5, (T > 0).astype(float)),
    # clipped to [0.15, 0.85]: flat (first and second derivative of the clip) where cut
    "bce_clipped": lambda x: binary_cross_entropy((x * 0.6 + 0.5) ** 2, (T > 0).astype(float),
                                                  eps=0.15),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hessian_vector_products_match_central_differences(name: str) -> None:
    f = CASES[name]
    v = RNG.uniform(-1, 1, size=A.shape)

    def hvp(x: Tensor) -> Tensor:
        (g,) = grad(f(x), x, create_graph=True)
        return (g * v).sum()

    x = Tensor(A.copy(), requires_grad=True)
    gradcheck(hvp, [x], atol=1e-6, rtol=1e-5)
    # and the first derivative itself agrees with backward()
    x.grad = None
    f(x).backward()
    np.testing.assert_allclose(grad(f(x), x)[0].data, x.grad, rtol=1e-12, atol=1e-14)


def test_backward_has_pytorchs_signature() -> None:
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x**2
    y.backward(gradient=np.array([1.0, 0.5, 0.25]), retain_graph=True)
    np.testing.assert_allclose(x.grad, [2.0, 2.0, 1.5])  # 2x·g by hand
    y.backward(np.ones(3))  # the graph is kept: leaf gradients add up
    np.testing.assert_allclose(x.grad, [4.0, 6.0, 7.5])


def test_backward_with_create_graph_gives_differentiable_leaf_grads() -> None:
    x = Tensor([0.5, -1.0], requires_grad=True)
    (x**3).sum().backward(create_graph=True)
    first = x.grad
    assert isinstance(first, Tensor)
    np.testing.assert_allclose(first.data, 3 * x.data**2)
    x.grad = None
    first.sum().backward()
    np.testing.assert_allclose(x.grad, 6 * np.array([0.5, -1.0]))  # d²/dx² x³ = 6x


def test_grad_leaves_grad_fields_alone_and_reports_unused_inputs() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    z = Tensor([3.0], requires_grad=True)
    y = (x * x).sum()
    (gx,) = grad(y, x)
    np.testing.assert_allclose(gx.data, [2.0, 4.0])
    assert x.grad is None
    with pytest.raises(ChainruleError, match="input 1 is not used"):
        grad(y, [x, z])
    assert grad(y, [x, z], allow_unused=True)[1] is None


def test_grad_of_several_outputs_with_seeds() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    (g,) = grad([x * 2, x**2], x, grad_outputs=[np.ones(2), np.array([1.0, 0.5])])
    np.testing.assert_allclose(g.data, [2 + 2.0, 2 + 2.0])  # 2 + 2x·s by hand


def test_clipped_bce_is_flat_where_the_clip_cuts() -> None:
    # Where the clip cuts p the second derivative is 0; inside it is, by hand,
    # ∂²/∂p² of −(t ln p + (1 − t) ln(1 − p))/n = (t/p² + (1 − t)/(1 − p)²)/n.
    t = (T > 0).astype(float)
    p = A * 0.6 + 0.5
    x = Tensor(p.copy(), requires_grad=True)
    (g,) = grad(binary_cross_entropy(x, t, eps=0.15), x, create_graph=True)
    (h,) = grad(g.sum(), x)
    cut = (p < 0.15) | (p > 0.85)
    assert cut.any() and (~cut).any()
    want = np.where(cut, 0.0, (t / p**2 + (1 - t) / (1 - p) ** 2) / p.size)
    np.testing.assert_allclose(h.data, want, rtol=1e-12)
