"""The engine bugs a newcomer hit against PyTorch and micrograd, each pinned by a test.

Expected numbers are worked out by hand in each test (PyTorch is not a dependency).
"""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.errors import ChainruleError
from chainrule.numeric import gradcheck
from chainrule.scalar import Value, grad
from chainrule.tensor import Tensor


def test_transpose_with_a_negative_axis_routes_the_gradient_back() -> None:
    x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    (x.transpose(-1, 0) * w).sum().backward()
    # y = xᵀ, L = Σ w ⊙ xᵀ, so ∂L/∂x = wᵀ
    np.testing.assert_array_equal(x.grad, w.T)


def test_transpose_with_negative_axes_in_three_dims() -> None:
    x = Tensor(np.arange(24.0).reshape(2, 3, 4), requires_grad=True)
    y = x.permute(-1, 0, 1)
    assert y.shape == (4, 2, 3)
    gradcheck(lambda t: (t.permute(-1, 0, 1) * np.arange(24.0).reshape(4, 2, 3)).sum(), [x])


def test_zero_to_the_zero_is_one_with_gradient_zero() -> None:
    x = Value(0.0)
    y = x**0
    y.backward()
    assert (y.data, x.grad) == (1.0, 0.0)


def test_higher_derivatives_of_a_cubic_at_zero() -> None:
    # f = x³ − 2x² + x − 5: f'' = 6x − 4 and f''' = 6, so at 0: −4 and 6
    x = Value(0.0)
    f = x**3 - 2 * x**2 + x - 5
    d1 = grad(f, x, create_graph=True)
    d2 = grad(d1, x, create_graph=True)
    d3 = grad(d2, x)
    assert d1.data == 1.0
    assert d2.data == -4.0
    assert float(getattr(d3, "data", d3)) == 6.0


def test_tensor_to_the_zero_has_gradient_zero_without_warnings() -> None:
    x = Tensor([0.0, 2.0], requires_grad=True)
    with np.errstate(all="raise"):
        (x**0).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])


def test_summing_a_0d_tensor_over_an_axis_is_a_clear_error() -> None:
    with pytest.raises(ChainruleError, match="axis 0 is out of range for an array of 0 dims"):
        Tensor(3.0).sum(axis=0)


def test_a_0d_float64_operand_does_not_upcast_float32() -> None:
    a = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    b = Tensor(2.0, requires_grad=True)
    for y in (a * b, b * a, a + b, a - b, b / a, a**b):
        assert y.dtype == np.float32
    (a * b).sum().backward()
    assert a.grad.dtype == np.float32 and b.grad.dtype == np.float64
    assert b.grad == pytest.approx(3.0)  # Σ a = 3
