"""The engine's policies: dtypes, accumulation, no_grad, errors, deep graphs, memory."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

from chainrule.errors import ConfigError, DomainError, ShapeError
from chainrule.tensor import Tensor, cross_entropy, is_grad_enabled, no_grad


def test_dtype_policy() -> None:
    assert Tensor([1, 2]).dtype == np.float64
    assert Tensor(1.5).dtype == np.float64
    assert Tensor(np.arange(3)).dtype == np.float64  # ints become float64
    x32 = np.ones(3, np.float32)
    t = Tensor(x32)
    assert t.dtype == np.float32 and t.data is x32  # used without a copy
    assert Tensor([1, 2], dtype=np.float32).dtype == np.float32
    with pytest.raises(ConfigError, match="floating"):
        Tensor([1, 2], dtype=np.int64)


def test_scalars_do_not_upcast_float32() -> None:
    x = Tensor(np.ones((2, 2), np.float32), requires_grad=True)
    y = (2.0 * x + np.float64(1.5)) / 3 - 0.25
    y = y**2 + x.exp() * 0.5
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float32


def test_leaf_grads_accumulate_until_zeroed() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0])
    (x * 3).sum().backward()
    np.testing.assert_array_equal(x.grad, [5.0, 7.0])
    x.grad = None
    (x * 3).sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_interior_nodes_keep_no_grad_unless_retained() -> None:
    x = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    h = x * 2
    k = (x * 3).retain_grad()
    (h * k).sum().backward()
    assert h.grad is None
    np.testing.assert_array_equal(k.grad, h.data)  # ∂(h·k)/∂k = h
    np.testing.assert_array_equal(x.grad, 12 * x.data)  # ∂(6x²)/∂x = 12x


def test_reuse_and_diamond_add_over_every_path() -> None:
    a = Tensor(np.array(3.0), requires_grad=True)
    (a + a).backward()
    assert a.grad == 2.0
    b = Tensor(np.array([2.0, 5.0]), requires_grad=True)
    u = b * b
    (u * b + u).sum().backward()  # b³ + b² -> 3b² + 2b
    np.testing.assert_array_equal(b.grad, 3 * b.data**2 + 2 * b.data)


def test_deep_chain_needs_no_recursion() -> None:
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = x
    for _ in range(20_000):
        y = y * 1.0
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0])


def test_no_grad_records_nothing() -> None:
    x = Tensor(np.ones(3), requires_grad=True)
    with no_grad():
        assert not is_grad_enabled()
        y = x * 2
    assert is_grad_enabled()
    assert not y.requires_grad and y.is_leaf
    with pytest.raises(ConfigError, match="does not require grad"):
        y.sum().backward()


def test_numpy_item_detach() -> None:
    x = Tensor(np.array([[2.5]]), requires_grad=True)
    assert x.item() == 2.5
    assert x.numpy() is x.data
    d = (x * 2).detach()
    assert d.is_leaf and not d.requires_grad and d.item() == 5.0
    with pytest.raises(ConfigError, match="exactly one element"):
        Tensor([1.0, 2.0]).item()


def test_backward_needs_a_scalar_or_a_grad() -> None:
    x = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(ConfigError, match="one number"):
        (x * 2).backward()
    (x * 2).backward(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(x.grad, [2.0, 4.0, 6.0])
    with pytest.raises(ShapeError, match=r"\(2,\)"):
        (x * 2).backward(np.ones(2))


def test_shape_errors_name_the_op_and_both_shapes() -> None:
    a, b = Tensor(np.ones((3, 4))), Tensor(np.ones((5, 2)))
    with pytest.raises(ShapeError, match=r"matmul.*\(3, 4\).*\(5, 2\)"):
        a @ b
    with pytest.raises(ShapeError, match=r"add.*\(3, 4\).*\(5, 2\)"):
        a + b
    with pytest.raises(ShapeError, match=r"reshape.*\(3, 4\)"):
        a.reshape(5, 3)
    with pytest.raises(ShapeError, match="concatenate"):
        from chainrule.tensor import concatenate
        concatenate([a, b], axis=0)


def test_domain_errors() -> None:
    with pytest.raises(DomainError, match="log"):
        Tensor([1.0, -1.0]).log()
    with pytest.raises(DomainError, match="division by zero"):
        Tensor([1.0]) / Tensor([0.0])


def test_softmax_is_stable_for_huge_logits() -> None:
    z = Tensor(np.array([[1000.0, 0.0, -1000.0]]), requires_grad=True)
    s = z.softmax()
    np.testing.assert_allclose(s.data, [[1.0, 0.0, 0.0]], atol=1e-300)
    ls = z.log_softmax()
    np.testing.assert_allclose(ls.data, [[0.0, -1000.0, -2000.0]])
    loss = cross_entropy(z, np.array([1]))
    assert np.isfinite(loss.item()) and loss.item() == pytest.approx(1000.0)
    loss.backward()
    np.testing.assert_allclose(z.grad, [[1.0, -1.0, 0.0]], atol=1e-12)
    assert np.all(Tensor(np.array([-800.0, 800.0])).sigmoid().data == [0.0, 1.0])


def test_graph_is_freed_when_the_loss_is_dropped() -> None:
    w = Tensor(np.ones((4, 4)), requires_grad=True)
    x = Tensor(np.ones((2, 4)))
    h = (x @ w).relu()
    ref = weakref.ref(h)
    loss = h.sum()
    loss.backward()
    del h, loss
    gc.disable()  # only reference counting may free it: there are no cycles
    try:
        assert ref() is None
    finally:
        gc.enable()


def test_repr_is_friendly() -> None:
    t = Tensor([1.0, 2.0], requires_grad=True, name="w")
    assert repr(t) == "Tensor([1., 2.], dtype=float64, requires_grad=True, name='w')"
    assert "op='mul'" in repr(t * 2)
