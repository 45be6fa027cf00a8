"""Corners where the array engine disagreed with PyTorch (issue 22), each checked against torch.

Every value and gradient is compared with ``torch`` in float64 to 1e-12: the norm and std at
points where √ is not differentiable, ``abs(x)``, ``transpose(d0, d1)`` (two dims swapped, as
torch) and ``permute`` (a full order), and ``linear(x, W, b)`` with W of shape (out, in).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from chainrule.errors import ShapeError
from chainrule.tensor import Tensor, grad, linear

torch = pytest.importorskip("torch")
F = torch.nn.functional

TOL = 1e-12


def _both(fn_ours: Callable[[Tensor], Tensor], fn_torch: Callable[..., object],
          *arrays: np.ndarray) -> None:
    """Forward values and the gradients of Σ out ⊙ v (v fixed) agree with torch."""
    ours = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    y, ty = fn_ours(*ours), fn_torch(*theirs)
    np.testing.assert_allclose(y.data, ty.detach().numpy(), rtol=TOL, atol=TOL)
    v = np.random.default_rng(7).uniform(0.5, 1.5, size=y.shape)
    (y * v).sum().backward()
    (ty * torch.tensor(v)).sum().backward()
    for o, t in zip(ours, theirs, strict=True):
        assert o.grad is not None and np.isfinite(o.grad).all()
        np.testing.assert_allclose(o.grad, t.grad.numpy(), rtol=TOL, atol=TOL)


# -- 1. norm and std where √ meets 0 ----------------------------------------------------------
def test_norm_of_the_zero_vector_has_gradient_zero_as_torch() -> None:
    _both(lambda x: x.norm(), lambda x: x.norm(), np.zeros(3))


def test_norm_of_a_zero_row_among_others() -> None:
    a = np.array([[0.0, 0.0, 0.0], [3.0, -4.0, 1.0]])
    _both(lambda x: x.norm(axis=1), lambda x: x.norm(dim=1), a)


def test_std_of_a_constant_row_has_gradient_zero_as_torch() -> None:
    a = np.array([[2.5, 2.5, 2.5, 2.5], [1.0, -2.0, 0.5, 3.0]])
    _both(lambda x: x.std(axis=1), lambda x: x.std(dim=1), a)
    _both(lambda x: x.std(), lambda x: x.std(), np.full(5, -1.0))


def test_norm_away_from_zero_is_unchanged() -> None:
    a = np.random.default_rng(1).uniform(-2, 2, size=(3, 4))
    _both(lambda x: x.norm(), lambda x: x.norm(), a)
    _both(lambda x: x.std(axis=0, correction=0), lambda x: x.std(dim=0, correction=0), a)


def test_second_derivative_of_the_norm_matches_torch() -> None:
    a = np.array([0.3, -1.2, 2.0])
    x = Tensor(a, requires_grad=True)
    (g,) = grad(x.norm(), [x], create_graph=True)
    (g * np.array([1.0, 2.0, 3.0])).sum().backward()
    t = torch.tensor(a, requires_grad=True)
    (tg,) = torch.autograd.grad(t.norm(), t, create_graph=True)
    (tg * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_allclose(x.grad, t.grad.numpy(), rtol=TOL, atol=TOL)


def _second(ours: Callable[[Tensor], Tensor], theirs: Callable[..., object],
            a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """∂/∂x Σ v ⊙ ∂f/∂x (a Hessian-vector product) from both engines."""
    v = np.arange(1.0, a.size + 1).reshape(a.shape)
    x = Tensor(a, requires_grad=True)
    (g,) = grad(ours(x).sum(), [x], create_graph=True)
    (g * v).sum().backward()
    t = torch.tensor(a, requires_grad=True)
    (tg,) = torch.autograd.grad(theirs(t).sum(), t, create_graph=True)
    (tg * torch.tensor(v)).sum().backward()
    return x.grad, t.grad.numpy()


def test_second_derivative_of_std_at_a_constant_row_matches_torch() -> None:
    a = np.array([[2.5, 2.5, 2.5], [1.0, 2.0, -2.0]])
    ours, theirs = _second(lambda x: x.std(axis=1), lambda t: t.std(dim=1), a)
    np.testing.assert_allclose(ours, theirs, rtol=TOL, atol=TOL)


def test_second_derivative_of_the_norm_at_zero_is_zero_where_torch_gives_nan() -> None:
    # torch's double backward of norm at a zero row is NaN; ours is 0 there: the sqrt0 row's
    # derivative at 0 is the constant 0, whose own derivative is 0 (a documented difference)
    a = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, -2.0]])
    ours, theirs = _second(lambda x: x.norm(axis=1), lambda t: t.norm(dim=1), a)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=TOL, atol=TOL)
    assert np.isnan(theirs[0]).all()
    np.testing.assert_array_equal(ours[0], 0.0)


def test_plain_sqrt_at_zero_still_says_its_derivative_is_infinite() -> None:
    # the zero-derivative √ is norm/std's; x.sqrt() keeps √'s own derivative (torch: inf too)
    x = Tensor(np.zeros(2), requires_grad=True)
    with np.errstate(divide="ignore"):
        x.sqrt().sum().backward()
    assert np.isinf(x.grad).all()


# -- 2. abs(tensor) ------------------------------------------------------------------------------
def test_builtin_abs_of_a_tensor_has_gradient_sign_as_torch() -> None:
    a = np.array([[0.0, 1.5, -2.0], [-0.25, 0.0, 3.0]])
    _both(lambda x: abs(x), lambda x: abs(x), a)


# -- 3. transpose swaps two dims, permute takes the order ----------------------------------------
@pytest.mark.parametrize("dims", [(0, 1), (1, 0), (0, 2), (-1, 0), (1, 1)])
def test_transpose_swaps_two_dims_as_torch(dims: tuple[int, int]) -> None:
    a = np.random.default_rng(2).uniform(-1, 1, size=(2, 3, 4))
    _both(lambda x: x.transpose(*dims), lambda x: x.transpose(*dims), a)


def test_transpose_0_1_of_a_matrix_is_its_transpose() -> None:
    a = np.arange(6.0).reshape(2, 3)
    _both(lambda x: x.transpose(0, 1), lambda x: x.transpose(0, 1), a)
    assert Tensor(a).transpose(0, 1).shape == (3, 2)


@pytest.mark.parametrize("order", [(2, 0, 1), (-1, 0, 1), (0, 1, 2)])
def test_permute_takes_a_full_order_as_torch(order: tuple[int, ...]) -> None:
    a = np.random.default_rng(3).uniform(-1, 1, size=(2, 3, 4))
    _both(lambda x: x.permute(*order), lambda x: x.permute(*order), a)
    _both(lambda x: x.permute(order), lambda x: x.permute(order), a)


@pytest.mark.parametrize("args", [(), ((1, 0),), ((2, 0, 1),), (2, 0, 1), (0,)])
def test_numpy_style_transpose_fails_loudly_pointing_to_permute(args: tuple) -> None:
    x = Tensor(np.zeros((2, 3, 4)))
    with pytest.raises(ShapeError, match="permute") as err:
        x.transpose(*args)
    assert "\n" not in str(err.value)


def test_transpose_of_an_axis_out_of_range_names_it() -> None:
    with pytest.raises(ShapeError, match="out of range"):
        Tensor(np.zeros((2, 3))).transpose(0, 2)


# -- 4. linear takes W as (out, in), as F.linear ------------------------------------------------
def test_linear_with_a_square_weight_is_x_times_w_transposed_as_torch() -> None:
    rng = np.random.default_rng(4)
    x, w, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)
    _both(linear, F.linear, x, w, b)
    _both(lambda p, q: linear(p, q), lambda p, q: F.linear(p, q), x, w)


def test_linear_out_in_shapes_as_torch() -> None:
    rng = np.random.default_rng(5)
    x, w, b = rng.normal(size=(4, 3)), rng.normal(size=(2, 3)), rng.normal(size=2)
    _both(linear, F.linear, x, w, b)
    _both(lambda p, q: linear(p, q), lambda p, q: F.linear(p, q), rng.normal(size=3), w)
    _both(linear, F.linear, rng.normal(size=(2, 4, 3)), w, b)  # (..., in) batches


def test_linear_with_an_in_out_weight_fails_naming_out_in() -> None:
    x, w = Tensor(np.zeros((4, 3))), Tensor(np.zeros((3, 2)))  # the old (in, out) layout
    with pytest.raises(ShapeError, match=r"\(out, in\)") as err:
        linear(x, w)
    assert "(2, 3)" in str(err.value) or "2×3" in str(err.value)
    assert "\n" not in str(err.value)


def test_linear_bias_of_the_wrong_length_fails() -> None:
    x, w = Tensor(np.zeros((4, 3))), Tensor(np.zeros((2, 3)))
    with pytest.raises(ShapeError, match="bias"):
        linear(x, w, Tensor(np.zeros(3)))
