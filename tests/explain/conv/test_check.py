"""Check my work on a conv2d network: verdicts, and a hint for each slip of convolution.

Each slipped number is made here by plain loops over the step's own maps (the maps themselves
are checked against torch in test_torch_parity.py), then handed to the check as a learner's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chainrule.errors import ConfigError
from chainrule.explain.conv.network import from_dict
from chainrule.explain.families import load_file

REPO = Path(__file__).resolve().parents[3]
RNG = np.random.default_rng(4)
STRIDED = {  # two images, stride 2 and padding 1, a second conv layer, softmax + cce
    "kind": "conv2d", "learning_rate": 0.1,
    "inputs": RNG.uniform(-1, 1, (2, 1, 5, 5)).round(2).tolist(),
    "targets": [[1, 0], [0, 1]],
    "layers": [{"type": "conv2d", "weight": RNG.uniform(-1, 1, (2, 1, 3, 3)).round(2).tolist(),
                "stride": 2, "padding": 1}, {"type": "tanh"},
               {"type": "conv2d", "weight": RNG.uniform(-1, 1, (1, 2, 2, 2)).round(2).tolist()},
               {"type": "flatten"},
               {"type": "dense", "weight": RNG.uniform(-1, 1, (2, 4)).round(2).tolist()},
               {"type": "softmax"}],
    "loss": {"kind": "cce"}}


def _judged(net, values):
    report = net.check(values)
    return {j.key: j for j in report.judgements}


def test_the_learner_example_has_its_three_slips():
    net = load_file(REPO / "examples" / "conv.toml")
    import tomllib

    values = tomllib.loads((REPO / "examples" / "conv-learner.toml").read_text())
    judged = _judged(net, values)
    wrong = {k for k, j in judged.items() if j.verdict == "wrong"}
    assert wrong == {"Y1[1,2]", "dE/dK1[2,2]", "K1[1,1]+"}
    assert "flips the kernel" in judged["Y1[1,2]"].hint
    assert "one output position's term only" in judged["dE/dK1[2,2]"].hint
    assert "adds η·∂E/∂p" in judged["K1[1,1]+"].hint
    assert judged["Y4"].verdict == "carried" and judged["Y1[1,1]"].verdict == "right"


def test_the_true_numbers_are_all_right():
    net = from_dict(STRIDED, "t")
    g = net.explain(1).detail(1)
    values = {"E": g.E, "dE/dK1[1,1,1]": float(g.grads["K1"][0, 0, 0, 0]),
              "dE/dY2[1;1,2,2]": float(g.dys[2][0, 0, 1, 1]),
              "Y3[2;1,1]": float(g.ys[3][1, 0, 0, 0]), "Y6[1;2]": float(g.ys[6][0, 1]),
              "dE/dY5[2;1]": float(g.dys[5][1, 0])}  # softmax: forward and its VJP
    judged = _judged(net, values)
    assert all(j.verdict == "right" for j in judged.values()), judged


def test_the_padding_left_out_of_the_index_is_named():
    net = from_dict(STRIDED, "t")
    g = net.explain(1).detail(1)
    X, G = g.ys[0], g.dys[1]
    u = v = 0
    slip = sum(G[n, 0, i, j] * X[n, 0, 2 * i + u, 2 * j + v]  # 2i + u, no − 1 for the padding
               for n in range(2) for i in range(3) for j in range(3)
               if 2 * i + u < 5 and 2 * j + v < 5)
    right = float(g.grads["K1"][0, 0, 0, 0])
    assert abs(slip - right) > 1e-3
    hint = _judged(net, {"dE/dK1[1,1,1]": repr(float(slip))})["dE/dK1[1,1,1]"].hint
    assert hint and "leaves the padding out of the input index" in hint


def test_one_image_only_and_the_mean_left_out_are_named():
    net = from_dict(STRIDED, "t")
    g = net.explain(1).detail(1)
    X, G = g.ys[0], g.dys[1]
    # K1[2,1,2]: o = 2, (u, v) = (1, 2), so input row 2(i − 1) + 1 − 1, column 2(j − 1) + 2 − 1
    # (1-based), 0-based 2i − 1 and 2j; image 1 only
    first = sum(G[0, 1, i, j] * X[0, 0, 2 * i - 1, 2 * j]
                for i in range(3) for j in range(3) if 0 <= 2 * i - 1 < 5 and 2 * j < 5)
    # one check each: a doubled ∂E/∂Y6 would be carried into ∂E/∂K1 (judged from the learner's
    # own numbers), so the two slips are not written in one file
    judged = _judged(net, {"dE/dK1[2,1,2]": repr(float(first))})
    assert "the first image's products only" in judged["dE/dK1[2,1,2]"].hint
    judged = _judged(net, {"dE/dY6[1;1]": repr(float(2 * g.dys[6][0, 0]))})
    assert "leaves out the 1/2 of the mean" in judged["dE/dY6[1;1]"].hint


def test_the_unflipped_kernel_in_dE_dX_is_named():
    net = from_dict(STRIDED, "t")
    g = net.explain(1).detail(1)
    K, G = net.params["K3"], g.dys[3]
    n, c, y, x = 0, 1, 1, 1  # ∂E/∂Y2[1;2,2,2]: Σ G[i,j]·K[y−i, x−j]; unflipped K[1−(y−i), …]
    slip = sum(G[n, 0, i, j] * K[0, c, 1 - (y - i), 1 - (x - j)]
               for i in range(2) for j in range(2) if 0 <= y - i < 2 and 0 <= x - j < 2)
    assert abs(slip - g.dys[2][n, c, y, x]) > 1e-3
    hint = _judged(net, {"dE/dY2[1;2,2,2]": repr(float(slip))})["dE/dY2[1;2,2,2]"].hint
    assert hint and "kernel flipped 180°" in hint


@pytest.mark.parametrize("key", ["dE/dY2[1;1,1,1]", "Y1[2;2,3,3]"])
def test_a_wrong_number_without_a_known_slip_has_no_made_up_hint(key):
    net = from_dict(STRIDED, "t")
    judged = _judged(net, {key: 12.345})
    assert judged[key].verdict == "wrong" and judged[key].hint is None


def test_an_unknown_key_gets_the_closest_name():
    net = from_dict(STRIDED, "t")
    report = net.check({"dE/dK1[1,1,1,1]": 0.5})
    assert report.unknown and report.unknown[0][1] is not None


def test_a_network_too_big_to_check_by_hand_is_one_line(monkeypatch):
    import chainrule.explain.conv.check as check

    net = from_dict(STRIDED, "t")
    monkeypatch.setattr(check, "CHECK_WORK", net.work_per_step() - 1)
    with pytest.raises(ConfigError, match="check my work handles at most"):
        net.check({"E": 1.0})
