"""The RNN explanation's numbers against torch float64 (torch.nn.RNN + Linear) on random small
cases, and the by-hand example against NumPy loops written out in the test helper."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.explain.rnn.reference import EXAMPLES, SYMBOLS, numpy_bptt, random_case, torch_step

from chainrule.explain import explain
from chainrule.explain.families import load_file
from chainrule.explain.rnn import from_dict
from chainrule.explain.rnn.engine import Engine, contributions, params_of

# (seed, T, H, inputs, outputs, loss, output activation): 5 time steps and several hidden
# units among them, every loss of the table but cce (which needs a softmax output).
CASES = [
    (1, 5, 3, 2, 1, "half_sse", "identity"),
    (2, 5, 4, 3, 2, "mse", "tanh"),
    (3, 5, 2, 1, 1, "bce", "sigmoid"),
    (4, 1, 1, 1, 1, "half_sse", "identity"),
    (5, 2, 2, 2, 2, "half_sse", "sigmoid"),
    (6, 3, 3, 1, 1, "mse", "identity"),
    (7, 4, 2, 3, 2, "bce", "sigmoid"),
    (8, 5, 1, 2, 1, "half_sse", "tanh"),
    (9, 3, 4, 2, 3, "mse", "identity"),
    (10, 5, 3, 3, 1, "half_sse", "identity"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"seed{c[0]}" for c in CASES])
def test_every_gradient_and_updated_weight_matches_torch(case):
    d = random_case(*case)
    ref = torch_step(d)
    net = from_dict(d, "case")
    ex = explain(net, 1)
    g = ex.detail(1)
    assert abs(g.E - ref["E"]) <= 1e-12
    np.testing.assert_allclose(g.h[1:], ref["h"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(g.o, ref["o"], rtol=0, atol=1e-12)
    for sym in SYMBOLS:
        np.testing.assert_allclose(g.grads[sym], ref["grads"][sym], rtol=0, atol=1e-12,
                                   err_msg=sym)
    # the update as trained on nn.RNN (explain's steps) and as the shown step's table says
    start = ex.params_at(1)
    trained = Engine(net).train(1)[2]
    for sym in SYMBOLS:
        np.testing.assert_allclose(trained[sym], ref["after"][sym], rtol=0, atol=1e-12)
        np.testing.assert_allclose(start[sym] - net.learning_rate * g.grads[sym],
                                   ref["after"][sym], rtol=0, atol=1e-12)
    assert ex.losses[0] == pytest.approx(ref["E"], abs=1e-12)


@pytest.mark.parametrize("case", CASES[:4], ids=[f"seed{c[0]}" for c in CASES[:4]])
def test_the_listed_contributions_add_up_to_the_engines_gradient(case):
    net = from_dict(random_case(*case), "case")
    g = Engine(net).run(params_of(net))
    c = contributions(net, g)
    assert len(c["W_hh"]) == net.steps
    np.testing.assert_allclose(sum(c["W_hh"]), g.grads["W_hh"], rtol=0, atol=1e-14)
    np.testing.assert_allclose(sum(c["W_xh"]), g.grads["W_xh"], rtol=0, atol=1e-14)
    np.testing.assert_allclose(sum(c["b"]), g.grads["b_ih"], rtol=0, atol=1e-14)
    np.testing.assert_array_equal(g.grads["b_ih"], g.grads["b_hh"])


def test_many_steps_follow_torch_step_by_step():
    d = random_case(11, 5, 3, 2, 1)
    net = from_dict(d, "case")
    ex = explain(net, 20)
    for k in (1, 2, 7, 20):
        d_k = dict(d)
        p = ex.params_at(k)
        d_k["rnn"] = {"weight_ih": p["W_xh"].tolist(), "weight_hh": p["W_hh"].tolist(),
                      "bias_ih": p["b_ih"].tolist(), "bias_hh": p["b_hh"].tolist()}
        d_k["output"] = {"weight": p["W_hy"].tolist(), "bias": p["b_y"].tolist()}
        assert ex.losses[k - 1] == pytest.approx(torch_step(d_k)["E"], abs=1e-12)


def test_the_by_hand_example_recomputed_with_loops():
    import tomllib

    path = EXAMPLES / "rnn.toml"
    d = tomllib.loads(path.read_text(encoding="utf-8"))
    d["inputs"] = [[v] for v in d["inputs"]]
    ref = numpy_bptt(d)
    ex = explain(load_file(path), 1)
    g = ex.detail(1)
    np.testing.assert_allclose(g.z, ref["z"], rtol=0, atol=1e-15)
    np.testing.assert_allclose(g.h, ref["h"], rtol=0, atol=1e-15)
    np.testing.assert_allclose(g.dz, ref["deltas"], rtol=0, atol=1e-15)
    np.testing.assert_allclose(g.dh, ref["dh"], rtol=0, atol=1e-15)
    np.testing.assert_allclose(g.dzo, ref["delta_o"], rtol=0, atol=1e-15)
    for sym in SYMBOLS:
        np.testing.assert_allclose(g.grads[sym], ref["grads"][sym], rtol=0, atol=1e-15)
    # what the page says is those numbers: h2, δ1, ∂E/∂W_hh and the updated W_hh
    text = ex.to_markdown()
    eta = d["learning_rate"]
    new_whh = d["rnn"]["weight_hh"][0][0] - eta * ref["grads"]["W_hh"][0, 0]
    for value in (ref["h"][2, 0], ref["deltas"][0, 0], ref["grads"]["W_hh"][0, 0], new_whh):
        assert f"{value:.6g}" in text, value


def test_the_five_step_example_recomputed_matches_torch():
    import tomllib

    d = tomllib.loads((EXAMPLES / "rnn-seq.toml").read_text(encoding="utf-8"))
    d.setdefault("h0", [0.0, 0.0])
    ref = torch_step(d)
    g = explain(load_file(EXAMPLES / "rnn-seq.toml")).detail(1)
    assert g.z.shape == (5, 2)
    for sym in SYMBOLS:
        np.testing.assert_allclose(g.grads[sym], ref["grads"][sym], rtol=0, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), steps=st.integers(1, 5), hidden=st.integers(1, 3),
       inputs=st.integers(1, 2))
def test_gradients_match_central_differences(seed, steps, hidden, inputs):
    # an independent method: E(p ± ε) from the forward pass alone (nn.RNN, no backward)
    net = from_dict(random_case(seed, steps, hidden, inputs, 1), "case")
    engine = Engine(net)
    p = params_of(net)
    g = engine.run(p).grads
    eps = 1e-6
    for sym in SYMBOLS:
        for idx in np.ndindex(*p[sym].shape):
            up = {k: v.copy() for k, v in p.items()}
            down = {k: v.copy() for k, v in p.items()}
            up[sym][idx] += eps
            down[sym][idx] -= eps
            numeric = (engine.loss(up) - engine.loss(down)) / (2 * eps)
            assert g[sym][idx] == pytest.approx(numeric, abs=1e-7), (sym, idx)
