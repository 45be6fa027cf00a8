"""Losses: values recomputed by hand or by plain NumPy, gradients against central differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule import nn
from chainrule.errors import ConfigError, ShapeError
from chainrule.numeric import gradcheck
from chainrule.tensor import Tensor


def leaf(shape: tuple[int, ...], seed: int, lo: float = -2.0, hi: float = 2.0) -> Tensor:
    return Tensor(np.random.default_rng(seed).uniform(lo, hi, size=shape), requires_grad=True)


@settings(max_examples=10)
@given(n=st.integers(1, 5), c=st.integers(2, 5), seed=st.integers(0, 999))
def test_cross_entropy_loss_indices_and_onehot(n: int, c: int, seed: int) -> None:
    z = leaf((n, c), seed, -3, 3)
    labels = np.random.default_rng(seed).integers(0, c, size=n)
    onehot = np.eye(c)[labels]
    loss = nn.CrossEntropyLoss()
    p = np.exp(z.data) / np.exp(z.data).sum(axis=1, keepdims=True)
    expected = -np.log(p[np.arange(n), labels]).mean()
    assert loss(z, labels).item() == pytest.approx(expected, rel=1e-12)
    assert loss(z, onehot).item() == pytest.approx(expected, rel=1e-12)
    gradcheck(lambda t: loss(t, labels), [z])
    gradcheck(lambda t: loss(t, onehot), [z])
    z.grad = None
    loss(z, labels).backward()
    np.testing.assert_allclose(z.grad, (p - onehot) / n, atol=1e-15)


@settings(max_examples=10)
@given(shape=st.sampled_from([(1,), (3,), (2, 3), (4, 1)]), seed=st.integers(0, 999))
def test_regression_and_binary_losses(shape: tuple[int, ...], seed: int) -> None:
    o = leaf(shape, seed)
    t = np.random.default_rng(seed + 1).uniform(0, 1, size=shape)
    assert nn.MSELoss()(o, t).item() == pytest.approx(((o.data - t) ** 2).mean(), rel=1e-12)
    hss = 0.5 * ((t - o.data) ** 2).sum()
    assert nn.HalfSquaredErrorLoss()(o, t).item() == pytest.approx(hss, rel=1e-12)
    prob = leaf(shape, seed + 2, 0.05, 0.95)
    bce = -(t * np.log(prob.data) + (1 - t) * np.log(1 - prob.data)).mean()
    assert nn.BCELoss()(prob, t).item() == pytest.approx(bce, rel=1e-12)
    sig = 1 / (1 + np.exp(-o.data))
    bcel = -(t * np.log(sig) + (1 - t) * np.log(1 - sig)).mean()
    assert nn.BCEWithLogitsLoss()(o, t).item() == pytest.approx(bcel, rel=1e-10)
    for loss, x in [(nn.MSELoss(), o), (nn.HalfSquaredErrorLoss(), o), (nn.BCELoss(), prob),
                    (nn.BCEWithLogitsLoss(), o)]:
        gradcheck(lambda x_, loss=loss: loss(x_, t), [x])


def test_half_squared_error_loss_seed000_gradient_is_o_minus_t() -> None:
    o = Tensor(np.array([0.75136507, 0.77292847]), requires_grad=True)
    t = np.array([0.01, 0.99])
    nn.HalfSquaredErrorLoss()(o, t).backward()
    np.testing.assert_allclose(o.grad, o.data - t, rtol=1e-15)


def test_stable_extremes() -> None:
    z = Tensor(np.array([[800.0, -800.0]]), requires_grad=True)
    assert nn.BCEWithLogitsLoss()(z, np.array([[0.0, 1.0]])).item() == pytest.approx(800.0)
    p = Tensor(np.array([0.0, 1.0]), requires_grad=True)
    loss = nn.BCELoss(eps=1e-7)(p, np.array([1.0, 0.0]))
    assert loss.item() == pytest.approx(-np.log(1e-7), rel=1e-6)
    loss.backward()
    assert np.all(np.isfinite(p.grad)) and p.grad[0] < 0 < p.grad[1]


def test_float32_stays_float32() -> None:
    z = Tensor(np.ones((4, 3), np.float32), requires_grad=True)
    loss = nn.CrossEntropyLoss()(z, np.array([0, 1, 2, 0]))
    loss.backward()
    assert loss.dtype == np.float32 and z.grad.dtype == np.float32


def test_bad_targets_raise() -> None:
    z = Tensor(np.zeros((2, 3)))
    with pytest.raises(ConfigError, match=r"target\[1\] = 3"):
        nn.CrossEntropyLoss()(z, np.array([0, 3]))
    with pytest.raises(ConfigError, match=r"target\[0\] = -1"):
        nn.CrossEntropyLoss()(z, np.array([-1, 0], dtype=np.int8))
    with pytest.raises(ShapeError, match=r"\(2, 3\).*\(2, 2\)"):
        nn.CrossEntropyLoss()(z, np.zeros((2, 2)))
    with pytest.raises(ShapeError, match=r"mse.*\(2, 3\).*\(3, 2\)"):
        nn.MSELoss()(z, np.zeros((3, 2)))
    assert repr(nn.BCELoss()) == "BCELoss(eps=1e-07)" and repr(nn.MSELoss()) == "MSELoss()"
