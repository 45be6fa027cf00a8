"""Check my work on an RNN: verdicts, carried slips, and every hint of the BPTT slips."""

from __future__ import annotations

import numpy as np
import pytest
from tests.explain.rnn.reference import EXAMPLES, numpy_bptt, random_case

from chainrule.explain import check_backprop
from chainrule.explain.families import load_file
from chainrule.explain.rnn import from_dict
from chainrule.explain.rnn.engine import Engine, params_of
from chainrule.explain.rnn.slips import HINTS

NET = EXAMPLES / "rnn.toml"


@pytest.fixture(scope="module")
def hand():
    """rnn.toml's step recomputed by the test's own loops."""
    import tomllib

    d = tomllib.loads(NET.read_text(encoding="utf-8"))
    d["inputs"] = [[v] for v in d["inputs"]]
    return numpy_bptt(d)


def _truth(ref):
    """A learner who got everything right (full precision)."""
    out = {"E": ref["E"], "o": ref["o"][0], "dE/do": ref["delta_o"][0]}
    for t in range(1, 4):
        out[f"z{t}"] = ref["z"][t - 1, 0]
        out[f"h{t}"] = ref["h"][t, 0]
        out[f"δ{t}"] = ref["deltas"][t - 1, 0]
        out[f"dE/dh{t}"] = ref["dh"][t, 0]
    for sym in ("W_hh", "W_xh", "b_ih", "b_hh", "W_hy", "b_y"):
        out[f"dE/d{sym}"] = float(np.ravel(ref["grads"][sym])[0])
    return {k: float(v) for k, v in out.items()}


def test_the_learner_example_blames_each_slip_once():
    report = check_backprop(None, EXAMPLES / "rnn-learner.toml")
    wrong = {j.quantity: j.hint for j in report.with_verdict("wrong")}
    assert set(wrong) == {"∂E/∂z2", "∂E/∂W_hh", "W_hh⁺"}
    assert "leaves out tanh′" in wrong["∂E/∂z2"]
    assert "only the last time step's contribution" in wrong["∂E/∂W_hh"]
    assert "adds η·∂E/∂p" in wrong["W_hh⁺"]
    # δ1 follows from the slipped δ2: carried, not blamed again
    assert report["δ1"].verdict == "carried"
    assert not report.all_right


def test_right_numbers_are_all_right(hand):
    report = check_backprop(load_file(NET), _truth(hand))
    assert report.all_right, [(j.quantity, j.verdict) for j in report]
    assert len(report.judgements) == len(_truth(hand))


def _one(key, value, network=None):
    net = network or load_file(NET)
    report = check_backprop(net, {key: value})
    (j,) = report.judgements
    return j


def test_hint_h_t_where_h_t_minus_1_belongs(hand):
    slipped = sum(hand["deltas"][t - 1, 0] * hand["h"][t, 0] for t in range(1, 4))
    j = _one("dE/dW_hh", float(slipped))
    assert j.verdict == "wrong" and "multiplies each δ_t by h_t" in j.hint


def test_hint_one_earlier_step_only(hand):
    j = _one("dE/dW_xh", float(hand["deltas"][1, 0] * 0.5))  # δ2·x2 alone
    assert j.verdict == "wrong" and "time step 2's contribution" in j.hint


def test_hint_bias_sum_left_out(hand):
    j = _one("dE/db_h", float(hand["deltas"][2, 0]))
    assert j.quantity == "∂E/∂b_ih"
    assert j.verdict == "wrong" and "last time step's" in j.hint


def test_b_h_names_the_gradient_of_either_bias_but_no_value_or_update(hand):
    g = float(hand["grads"]["b_ih"][0])
    report = check_backprop(load_file(NET), {"dE/db_h": g, "b_h+": 0.1 - 0.1 * g})
    assert report["dE/db_h"].verdict == "right" and report["dE/db_h"].quantity == "∂E/∂b_ih"
    assert [k for k, _ in report.unknown] == ["b_h+"]


def test_hint_w_hh_left_out_when_carrying_back(hand):
    j = _one("dE/dh2", float(hand["deltas"][2, 0]))  # δ3 itself, not W_hh·δ3
    assert j.verdict == "wrong" and "leaves out W_hh" in j.hint


def test_hint_w_hh_not_transposed_when_carrying_back():
    net = from_dict(random_case(4, 3, 2, 1, 1), "case")
    g = Engine(net).run(params_of(net))
    slipped = float(net.params["W_hh"][0] @ g.dz[2])  # (W_hh δ3)[1] instead of (W_hhᵀ δ3)[1]
    report = check_backprop(net, {"dE/dh2[1]": slipped})
    assert "transposed index" in report.judgements[0].hint


def test_hint_tanh_prime_with_the_previous_hidden_state(hand):
    j = _one("δ2", float(hand["dh"][2, 0] * (1 - hand["h"][1, 0] ** 2)))
    assert j.verdict == "wrong" and "uses 1 − h1²" in j.hint


def test_hint_tanh_prime_as_one_minus_z_squared(hand):
    j = _one("delta3", float(hand["dh"][3, 0] * (1 - hand["z"][2, 0] ** 2)))
    assert j.verdict == "wrong" and "uses 1 − z3²" in j.hint


def test_hint_output_activation_forgotten():
    net = load_file(EXAMPLES / "rnn-seq.toml")
    g = Engine(net).run(params_of(net))
    j = _one("δ_o", float(g.do[0]), net)
    assert j.verdict == "wrong" and "sigmoid′" in j.hint


def test_hint_wrong_sign(hand):
    j = _one("dE/dW_xh", -float(hand["grads"]["W_xh"][0, 0]))
    assert j.verdict == "wrong" and "sign flipped" in j.hint


def test_hint_update_without_learning_rate(hand):
    old, grad = 0.8, float(hand["grads"]["W_hh"][0, 0])
    j = _one("W_hh+", old - grad)
    assert j.verdict == "wrong" and "leaves out the learning rate" in j.hint


def test_every_rnn_hint_is_exercised():
    # the hints tested above, by name: a new hint needs a test here
    tested = {"one_step_only", "carried_back", "h_t_for_h_prev", "tanh_prime", "output_prime",
              "update_slips", "wrong_rate", "factor_or_sign"}
    assert {h.__name__ for h in HINTS} == tested


def test_hint_other_learning_rate(hand):
    grad = float(hand["grads"]["W_hh"][0, 0])
    j = _one("W_hh+", 0.8 - 0.5 * grad)  # the network's η is 0.1
    assert j.verdict == "wrong" and "learning rate η = 0.5" in j.hint


def test_a_given_that_differs_and_an_unknown_key():
    report = check_backprop(load_file(NET), {"W_hh": 0.7, "W_hhh": 1.0, "x2": 0.5})
    assert report["W_hh"].verdict == "differs"
    assert report["x2"].verdict == "right"
    assert report.unknown == (("W_hhh", "W_hh"),)
    assert not report.all_right


def test_vector_keys_on_a_two_unit_network():
    net = from_dict(random_case(3, 3, 2, 2, 1), "case")
    g = Engine(net).run(params_of(net))
    values = {"h2[1]": float(g.h[2, 0]), "δ3[2]": float(g.dz[2, 1]),
              "dE/dW_hh[1,2]": float(g.grads["W_hh"][0, 1]),
              "W_xh[2,1]+": float(net.params["W_xh"][1, 0] - 0.3 * g.grads["W_xh"][1, 0])}
    report = check_backprop(net, values)
    assert report.all_right, [(j.quantity, j.verdict, j.local, j.true) for j in report]
    report = check_backprop(net, {"dE/dW_hh[1,2]": float(g.dz[2, 0] * g.h[2, 1])})
    assert "last time step's" in report.judgements[0].hint


def test_renderers_of_the_report():
    report = check_backprop(None, EXAMPLES / "rnn-learner.toml")
    assert "leaves out tanh′" in report.to_markdown()
    assert "WRONG" in report.to_html()
    assert report.to_dict()["first_wrong"] == "∂E/∂z2"
    assert r"\frac" in report.to_latex()
