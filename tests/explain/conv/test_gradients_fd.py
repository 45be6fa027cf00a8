"""The conv2d explanation's gradients against central differences of E: an independent method
(the forward pass alone, E(p + h) and E(p − h), no backward) on random small networks."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from chainrule.explain.conv.engine import Engine, params_of
from chainrule.explain.conv.network import from_dict

H = 1e-6


def _agree(explained: float, numeric: float) -> bool:
    return abs(explained - numeric) <= 1e-6 * max(1.0, abs(numeric))


@st.composite
def networks(draw: Any) -> dict[str, Any]:
    """A small random conv2d network dict: one or two convolutions (stride 1–2, padding 0–1),
    maybe a max pool, an activation, flatten, dense, and one of the four losses."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    u = lambda *s: rng.uniform(-1, 1, s).tolist()  # noqa: E731
    N, C, side = draw(st.integers(1, 2)), draw(st.integers(1, 2)), draw(st.integers(3, 5))
    act = draw(st.sampled_from(["relu", "tanh", "sigmoid", "leaky_relu", "softplus"]))
    loss = draw(st.sampled_from(["half_sse", "mse", "bce", "cce"]))
    layers: list[dict[str, Any]] = []
    shape = (C, side, side)
    for k in range(draw(st.integers(1, 2))):
        O, kern = draw(st.integers(1, 2)), draw(st.integers(1, min(3, shape[1])))
        s, p = draw(st.integers(1, 2)), draw(st.integers(0, 1))
        layers.append({"type": "conv2d", "weight": u(O, shape[0], kern, kern), "bias": u(O),
                       "stride": s, "padding": p})
        out = (shape[1] + 2 * p - kern) // s + 1
        shape = (O, out, out)
        if k == 0 and out >= 2 and draw(st.booleans()):
            ps = draw(st.integers(1, 2))
            layers.append({"type": "maxpool2d", "kernel_size": 2, "stride": ps})
            out = (out - 2) // ps + 1
            shape = (O, out, out)
        layers.append({"type": act})
        if out < 2:
            break
    n = draw(st.integers(2, 3)) if loss == "cce" else draw(st.integers(1, 2))
    layers += [{"type": "flatten"},
               {"type": "dense", "weight": u(n, int(np.prod(shape))), "bias": u(n)}]
    if loss == "cce":
        layers.append({"type": "softmax"})
        targets = np.eye(n)[rng.integers(0, n, N)].tolist()
    elif loss == "bce":
        layers.append({"type": "sigmoid"})
        targets = rng.uniform(0.05, 0.95, (N, n)).tolist()
    else:
        targets = u(N, n)
    return {"kind": "conv2d", "learning_rate": 0.1, "inputs": u(N, C, side, side),
            "targets": targets, "layers": layers, "loss": {"kind": loss}}


@settings(max_examples=25, deadline=None)
@given(d=networks())
def test_parameter_gradients_match_central_differences(d):
    net = from_dict(d, "case")
    engine = Engine(net)
    p = params_of(net)
    explained = net.explain(1).detail(1).grads
    for sym, a in p.items():
        for idx in np.ndindex(*a.shape):
            up = {k: v.copy() for k, v in p.items()}
            down = {k: v.copy() for k, v in p.items()}
            up[sym][idx] += H
            down[sym][idx] -= H
            numeric = (engine.loss(up) - engine.loss(down)) / (2 * H)
            assert _agree(explained[sym][idx], numeric), (sym, idx, explained[sym][idx],
                                                          numeric)


@settings(max_examples=25, deadline=None)
@given(d=networks())
def test_input_gradient_matches_central_differences(d):
    # ∂E/∂X (dys[0]) by moving one pixel of the images at a time
    net = from_dict(d, "case")
    p = params_of(net)
    explained = net.explain(1).detail(1).dys[0]
    assert explained.shape == net.xs.shape
    for idx in np.ndindex(*net.xs.shape):
        up, down = net.xs.copy(), net.xs.copy()
        up[idx] += H
        down[idx] -= H
        numeric = (Engine(replace(net, xs=up)).loss(p)
                   - Engine(replace(net, xs=down)).loss(p)) / (2 * H)
        assert _agree(explained[idx], numeric), (idx, explained[idx], numeric)


def test_the_loss_is_the_mean_of_the_samples_losses():
    # the same image twice is the same E as once: E is a mean over the samples, not a sum
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, (1, 1, 4, 4))
    d = {"kind": "conv2d", "learning_rate": 0.1, "inputs": x.tolist(), "targets": [[0.3]],
         "layers": [{"type": "conv2d", "weight": rng.uniform(-1, 1, (2, 2)).tolist()},
                    {"type": "tanh"}, {"type": "flatten"},
                    {"type": "dense", "weight": rng.uniform(-1, 1, (1, 9)).tolist()}]}
    one = from_dict(d).explain(1).detail(1)
    d2 = dict(d, inputs=np.concatenate([x, x]).tolist(), targets=[[0.3], [0.3]])
    two = from_dict(d2).explain(1).detail(1)
    assert abs(two.E - one.E) <= 1e-15
    for sym in one.grads:
        np.testing.assert_allclose(two.grads[sym], one.grads[sym], rtol=0, atol=1e-15)
