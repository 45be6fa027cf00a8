"""Each optimizer against its formula: hand-worked steps, and an element-by-element reference.

The reference functions below are written out in plain Python floats from the formulas in
PyTorch's documentation — an independent second implementation to check the NumPy one against.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule.optim import SGD, Adagrad, Adam, AdamW, RMSprop


class Param:
    """The smallest thing an optimizer accepts: a ``.data`` array and a ``.grad``."""

    def __init__(self, values, dtype=np.float64):
        self.data = np.array(values, dtype=dtype)
        self.grad = None


def run(opt_cls, w0, grads, **hyper):
    p = Param(w0)
    opt = opt_cls([p], **hyper)
    for g in grads:
        p.grad = np.array(g, dtype=np.float64)
        opt.step()
    return p.data


def sgd(w, grads, lr, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
    w = list(w)
    buf = None
    for g in grads:
        d = [gi + weight_decay * wi for gi, wi in zip(g, w)]
        if momentum:
            if buf is None:
                buf = list(d)
            else:
                buf = [momentum * b + (1 - dampening) * di for b, di in zip(buf, d)]
            d = [di + momentum * b for di, b in zip(d, buf)] if nesterov else list(buf)
        w = [wi - lr * di for wi, di in zip(w, d)]
    return w


def rmsprop(w, grads, lr, alpha, eps, weight_decay=0.0, momentum=0.0, centered=False):
    w = list(w)
    n = len(w)
    v, ga, b = [0.0] * n, [0.0] * n, [0.0] * n
    for g in grads:
        for i in range(n):
            d = g[i] + weight_decay * w[i]
            v[i] = alpha * v[i] + (1 - alpha) * d * d
            vt = v[i]
            if centered:
                ga[i] = alpha * ga[i] + (1 - alpha) * d
                vt = v[i] - ga[i] ** 2
            s = d / (math.sqrt(vt) + eps)
            if momentum:
                b[i] = momentum * b[i] + s
                w[i] -= lr * b[i]
            else:
                w[i] -= lr * s
    return w


def adagrad(w, grads, lr, lr_decay=0.0, weight_decay=0.0, init=0.0, eps=1e-10):
    w = list(w)
    s = [init] * len(w)
    for t, g in enumerate(grads, start=1):
        clr = lr / (1 + (t - 1) * lr_decay)
        for i in range(len(w)):
            d = g[i] + weight_decay * w[i]
            s[i] += d * d
            w[i] -= clr * d / (math.sqrt(s[i]) + eps)
    return w


def adam(w, grads, lr, betas, eps, weight_decay=0.0, amsgrad=False, decoupled=False):
    w = list(w)
    n = len(w)
    b1, b2 = betas
    m, v, vmax = [0.0] * n, [0.0] * n, [0.0] * n
    for t, g in enumerate(grads, start=1):
        for i in range(n):
            if decoupled:
                w[i] *= 1 - lr * weight_decay
                d = g[i]
            else:
                d = g[i] + weight_decay * w[i]
            m[i] = b1 * m[i] + (1 - b1) * d
            v[i] = b2 * v[i] + (1 - b2) * d * d
            vmax[i] = max(vmax[i], v[i])
            vh = (vmax[i] if amsgrad else v[i]) / (1 - b2**t)
            mh = m[i] / (1 - b1**t)
            w[i] -= lr * mh / (math.sqrt(vh) + eps)
    return w


# -- hand-worked steps ------------------------------------------------------------------------
# w0 = (1, -2), g1 = (0.5, -1), g2 = (0.2, 0.4), lr = 0.1, μ = 0.9, worked on paper:
#   classical: b1 = g1, w1 = (0.95, -1.9); b2 = 0.9·b1 + g2 = (0.65, -0.5), w2 = (0.885, -1.85)
#   Nesterov:  u1 = g1 + 0.9·b1 = (0.95, -1.9), w1 = (0.905, -1.81);
#              u2 = g2 + 0.9·b2 = (0.785, -0.05), w2 = (0.8265, -1.805)
W0, G = [1.0, -2.0], [[0.5, -1.0], [0.2, 0.4]]


def test_sgd_plain_two_steps_by_hand():
    # w1 = w0 - 0.1 g1 = (0.95, -1.9); w2 = w1 - 0.1 g2 = (0.93, -1.94)
    np.testing.assert_allclose(run(SGD, W0, G, lr=0.1), [0.93, -1.94], rtol=0, atol=1e-15)


def test_sgd_momentum_two_steps_by_hand():
    np.testing.assert_allclose(run(SGD, W0, G, lr=0.1, momentum=0.9), [0.885, -1.85], atol=1e-15)


def test_sgd_nesterov_two_steps_by_hand():
    got = run(SGD, W0, G, lr=0.1, momentum=0.9, nesterov=True)
    np.testing.assert_allclose(got, [0.8265, -1.805], atol=1e-15)


def test_sgd_weight_decay_by_hand():
    # d1 = g1 + 0.5·w0 = (1.0, -2.0); w1 = w0 - 0.1·d1 = (0.9, -1.8)
    np.testing.assert_allclose(run(SGD, W0, G[:1], lr=0.1, weight_decay=0.5), [0.9, -1.8],
                               atol=1e-15)


def test_adam_first_step_moves_lr_against_the_sign():
    # m̂1 = g1, v̂1 = g1², so the first step is lr·g/(|g| + ε) ≈ lr·sign(g)
    got = run(Adam, W0, G[:1], lr=0.1)
    np.testing.assert_allclose(got, [0.9, -1.9], atol=1e-8)


def test_adam_second_step_by_hand():
    # m2 = 0.9·0.05 + 0.1·0.2 = 0.065, v2 = 0.999·0.00025 + 0.001·0.04 = 0.00028975
    # step = 0.1·(0.065/0.19)/√(0.00028975/0.001999)
    step2 = 0.1 * (0.065 / 0.19) / math.sqrt(0.00028975 / 0.001999)
    got = run(Adam, W0[:1], [[0.5], [0.2]], lr=0.1)
    np.testing.assert_allclose(got, [1.0 - 0.1 - step2], rtol=1e-7)


def test_adagrad_two_steps_by_hand():
    # s1 = 0.25: w1 = 1 - 0.1·0.5/0.5 = 0.9; s2 = 0.29: w2 = 0.9 - 0.1·0.2/√0.29
    got = run(Adagrad, W0[:1], [[0.5], [0.2]], lr=0.1)
    np.testing.assert_allclose(got, [0.9 - 0.02 / math.sqrt(0.29)], rtol=1e-9)


def test_rmsprop_first_step_by_hand():
    # v1 = 0.01·0.25 = 0.0025, step = 0.01·0.5/0.05 = 0.1
    np.testing.assert_allclose(run(RMSprop, W0[:1], [[0.5]], lr=0.01), [0.9], rtol=1e-6)


def test_adamw_decays_the_weights_outside_the_moments():
    # with g = 0 the moments stay 0 and only the decay acts: w1 = w0·(1 - lr·λ)
    got = run(AdamW, [2.0], [[0.0]], lr=0.1, weight_decay=0.5)
    np.testing.assert_allclose(got, [2.0 * 0.95], rtol=1e-15)
    # Adam's coupled decay instead feeds λw into the moments: a full lr-sized step
    np.testing.assert_allclose(run(Adam, [2.0], [[0.0]], lr=0.1, weight_decay=0.5), [1.9])


# -- against the element-by-element reference ---------------------------------------------
vectors = st.lists(st.floats(-3, 3, allow_nan=False), min_size=3, max_size=3)
grad_runs = st.lists(vectors, min_size=1, max_size=3)


@given(w0=vectors, grads=grad_runs, lr=st.floats(1e-3, 0.5), mu=st.floats(0, 0.99),
       damp=st.floats(0, 1), nesterov=st.booleans(), wd=st.floats(0, 0.1))
def test_sgd_matches_reference(w0, grads, lr, mu, damp, nesterov, wd):
    if nesterov:
        mu, damp = max(mu, 0.1), 0.0
    got = run(SGD, w0, grads, lr=lr, momentum=mu, dampening=damp, nesterov=nesterov,
              weight_decay=wd)
    want = sgd(w0, grads, lr, mu, damp, nesterov, wd)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@given(w0=vectors, grads=grad_runs, alpha=st.floats(0.5, 0.99), mu=st.floats(0, 0.9),
       centered=st.booleans(), wd=st.floats(0, 0.1))
def test_rmsprop_matches_reference(w0, grads, alpha, mu, centered, wd):
    got = run(RMSprop, w0, grads, lr=0.01, alpha=alpha, eps=1e-3, weight_decay=wd,
              momentum=mu, centered=centered)
    want = rmsprop(w0, grads, 0.01, alpha, 1e-3, wd, mu, centered)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


@given(w0=vectors, grads=grad_runs, decay=st.floats(0, 0.5), wd=st.floats(0, 0.1),
       init=st.floats(0, 1))
def test_adagrad_matches_reference(w0, grads, decay, wd, init):
    got = run(Adagrad, w0, grads, lr=0.1, lr_decay=decay, weight_decay=wd,
              initial_accumulator_value=init, eps=1e-3)
    want = adagrad(w0, grads, 0.1, decay, wd, init, 1e-3)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


@given(w0=vectors, grads=grad_runs, b1=st.floats(0, 0.95), b2=st.floats(0.5, 0.999),
       wd=st.floats(0, 0.1), amsgrad=st.booleans(), decoupled=st.booleans())
def test_adam_and_adamw_match_reference(w0, grads, b1, b2, wd, amsgrad, decoupled):
    cls = AdamW if decoupled else Adam
    got = run(cls, w0, grads, lr=0.01, betas=(b1, b2), eps=1e-3, weight_decay=wd,
              amsgrad=amsgrad)
    want = adam(w0, grads, 0.01, (b1, b2), 1e-3, wd, amsgrad, decoupled)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


# -- convergence on a quadratic bowl ------------------------------------------------------
CENTER = np.array([1.5, -0.5, 3.0])
CURV = np.array([1.0, 4.0, 10.0])  # f(w) = ½ Σ cᵢ (wᵢ - wᵢ*)², condition number 10


@pytest.mark.parametrize(("cls", "hyper"), [
    (SGD, {"lr": 0.09}),
    (SGD, {"lr": 0.05, "momentum": 0.8}),
    (SGD, {"lr": 0.05, "momentum": 0.8, "nesterov": True}),
    (RMSprop, {"lr": 0.01}),
    (RMSprop, {"lr": 0.01, "momentum": 0.5, "centered": True}),
    (Adagrad, {"lr": 0.5}),
    (Adam, {"lr": 0.05}),
    (AdamW, {"lr": 0.05, "weight_decay": 0.0}),
])
def test_converges_on_a_quadratic_bowl(cls, hyper):
    p = Param(np.zeros(3))
    opt = cls([p], **hyper)
    for _ in range(2000):
        opt.zero_grad()
        p.grad = CURV * (p.data - CENTER)
        opt.step()
    np.testing.assert_allclose(p.data, CENTER, atol=2e-2)
    f = 0.5 * np.sum(CURV * (p.data - CENTER) ** 2)
    assert f < 1e-3
