"""Notation (issue 12): softmax derivatives in the outputs, the loss/activation cancellations,
batch inputs per sample, numbers and operators in HTML, named constants."""

from __future__ import annotations

import math
import re

import pytest

from chainrule.explain import Network, explain


def softmax_net(batch: bool = False) -> Network:
    inputs = [[0.5, -0.2], [0.1, 0.3]] if batch else [0.5, -0.2]
    targets = [[0, 1, 0], [1, 0, 0]] if batch else [0, 1, 0]
    return Network.from_dict({
        "learning_rate": 0.1, "inputs": inputs, "targets": targets, "loss": {"kind": "cce"},
        "layers": [{"weights": [[0.1, 0.2], [0.3, -0.1], [0.05, 0.4]], "activation": "softmax"}]})


def test_softmax_local_derivatives_read_in_the_outputs():
    step = explain(softmax_net()).detail()
    paths = {p.via: p.local for p in step.derivation("z[1]_1").paths}
    assert paths["a[1]_1"].text == "a[1]_1(1 − a[1]_1)"
    assert paths["a[1]_2"].text == "−a[1]_2·a[1]_1"
    a1, a2 = step.values["a[1]_1"], step.values["a[1]_2"]
    assert paths["a[1]_2"].value == pytest.approx(-a2 * a1, rel=1e-14)
    denominators = {r.formula().split("/", 1)[1] for r in step.forward
                    if r.op == "explain.softmax"}
    assert denominators == {"(e^(z[1]_1) + e^(z[1]_2) + e^(z[1]_3))"}  # same order every row


def test_softmax_cross_entropy_cancels_to_a_minus_t():
    net = softmax_net(batch=True)
    md = explain(net).to_markdown()
    assert "Softmax and categorical cross-entropy cancel" in md and "(a − t)/B" in md
    z = [0.5 * 0.3 + -0.2 * -0.1, 0.5 * 0.1 + -0.2 * 0.2, 0.5 * 0.05 + -0.2 * 0.4]
    a2 = math.exp(z[0]) / sum(math.exp(v) for v in z)
    assert "(a − t)/B" in md and f"({a2:.6g} − 1)/2 = {(a2 - 1) / 2:.6g}" in md


def test_sigmoid_bce_cancels():
    net = Network.from_dict({"learning_rate": 0.1, "inputs": [0.5, -0.2], "targets": [0, 1],
                             "layers": [{"weights": [[0.1, 0.2], [0.3, -0.1]],
                                         "activation": "sigmoid"}], "loss": {"kind": "bce"}})
    md = explain(net).to_markdown()
    a = 1 / (1 + math.exp(-(0.5 * 0.3 + -0.2 * -0.1)))
    assert "Sigmoid and binary cross-entropy cancel" in md
    assert f"({a:.6g} − 1)/2 = {(a - 1) / 2:.6g}" in md


def test_no_cancellation_claimed_for_other_pairs(seed000):
    assert "cancel" not in explain(seed000).to_markdown()


def test_batch_inputs_one_row_per_sample(seed003):
    two = Network([[1, 0.5, 1], [0.2, -1, 0.3]], seed003.layers, [[0.5, 1], [0, 0.25]], 0.1,
                  seed003.loss, input_names=seed003.input_names)
    md = explain(two).to_markdown()
    assert "| sample | i0 | i1 | i2 | ŷ0 | ŷ1 |" in md
    assert "| 2 | `0.2` | `-1` | `0.3` | `0` | `0.25` |" in md
    assert "i0 = 1, i1 = 0.5, i2 = 1, i0 =" not in md


def test_html_numbers_operators_and_alignment(seed000):
    html = explain(seed000, 3000, show=[3000]).to_html()
    assert not re.search(r"<mn>\d+</mn><mi>e</mi>", html)  # no 5e−05 as a variable e
    assert "<mo>×</mo><msup><mn>10</mn>" in html
    cce = explain(softmax_net()).to_html()
    assert "<mo>·</mo><mi>ln</mi>" in cce  # 1·ln 0.8, not 1ln0.8
    # Aligned at "=": Chromium moves a cell's (block) content only with -webkit-right/left.
    assert '<mtd style="text-align:right;text-align:-webkit-right">' in html
    assert '<mtd style="text-align:left;text-align:-webkit-left">' in html


def test_constants_are_named(seed003):
    step = explain(seed003).detail()
    assert "n" in step.values and step.values["n"] == 2
    assert not any(re.fullmatch(r"[\d.]+", name) for name in step.values)
