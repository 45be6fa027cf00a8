"""The two worked networks of the seeds, and seed 000's printed numbers, as data.

They mirror ``examples/seed000.toml`` and ``examples/seed003.toml`` (a test keeps them equal)
but live in the package, so the tour runs from an installed wheel as well as from a checkout.

Seed 000's network, with its corrections (see the tour's text for the evidence): x1 = 0.05 (the
seed's input table says 0.5, its own y1 = 0.3825 needs 0.05), the second bias is c2 = 0.60 (the
table prints "c1" twice), the logistic function is σ(x) = 1/(1 + e^(−x)) (the seed's activations
are 1 − σ), η = 0.5 (the seed gives none; Mazur's example, which it adapts, uses 0.5), and the
biases are not updated (the seed updates only weights).
"""

from __future__ import annotations

from typing import Any

SEED000: dict[str, Any] = {
    "name": "seed000",
    "description": "Seed 000: a 2-2-2 network with logistic activations and E = E1 + E2, "
                   "Ei = ½(targetᵢ − zᵢ^a)², trained for one step with η = 0.5; the biases "
                   "c1, c2 are frozen.",
    "learning_rate": 0.5,
    "frozen": ["c1", "c2"],
    "input_names": ["x1", "x2"],
    "inputs": [0.05, 0.1],
    "targets": [0.1, 0.99],
    "layers": [
        {"activation": "logistic", "weights": [[0.15, 0.25], [0.2, 0.3]],
         "weight_names": [["w1", "w3"], ["w2", "w4"]], "biases": 0.35, "bias_names": "c1",
         "net_names": ["y1", "y2"], "out_names": ["y1^a", "y2^a"]},
        {"activation": "logistic", "weights": [[0.4, 0.5], [0.45, 0.55]],
         "weight_names": [["w5", "w7"], ["w6", "w8"]], "biases": 0.60, "bias_names": "c2",
         "net_names": ["z1", "z2"], "out_names": ["z1^a", "z2^a"]},
    ],
    "loss": {"kind": "half_sse", "name": "E_total", "term_names": ["E1", "E2"],
             "target_names": ["target₁", "target₂"]},
}

SEED003: dict[str, Any] = {
    "name": "seed003",
    "description": "Seed 003: inputs [1, 0.5, 1], a Dense 3→1 layer and ReLU (a0, b0), a Dense "
                   "1→2 layer and ReLU (c0, c1 → o0, o1), mean squared error against [0.5, 1], "
                   "one step with α = 0.1.",
    "learning_rate": 0.1,
    "input_names": ["i0", "i1", "i2"],
    "inputs": [1, 0.5, 1],
    "targets": [0.5, 1],
    "layers": [
        {"activation": "relu", "weights": [[0.5, 1, -0.5]],
         "weight_names": [["w_i0^a0", "w_i1^a0", "w_i2^a0"]], "biases": [0],
         "bias_names": ["b^a0"], "net_names": ["a0"], "out_names": ["b0"]},
        {"activation": "relu", "weights": [[-1], [1]],
         "weight_names": [["w_b0^c0"], ["w_b0^c1"]], "biases": [0, 0],
         "bias_names": ["b^c0", "b^c1"], "net_names": ["c0", "c1"], "out_names": ["o0", "o1"]},
    ],
    "loss": {"kind": "mse", "name": "E", "term_names": ["e0", "e1"],
             "target_names": ["ŷ0", "ŷ1"]},
}

# Seed 000's tables exactly as printed (slips included), in the learner-file keys of
# chainrule.explain.check_backprop. The seed's second "c1" is its c2; its targets "z1", "z2" are the
# targets of z1^a and z2^a. Strings keep the trailing zeros the seed wrote (precision).
SEED000_PRINTED: dict[str, Any] = {
    "x1": 0.5, "x2": 0.1, "w1": 0.15, "w2": 0.2, "w3": 0.25, "w4": 0.3, "w5": 0.4,
    "w6": 0.45, "w7": 0.5, "w8": 0.55, "c1": 0.35, "c2": "0.60",
    "target₁": 0.1, "target₂": 0.99,
    "y1": 0.3825, "y1^a": 0.4055, "y2": 0.39, "y2^a": 0.4037,
    "z1": 0.96405, "z1^a": 0.2761, "z2": 1.00451, "z2^a": 0.2681,
    "E1": 0.0155, "E2": 0.2605, "E_total": "0.2760",
}

# Seed 003's printed results of its one step (all of them right).
SEED003_PRINTED: dict[str, float] = {
    "w_b0^c0": -1.0, "w_b0^c1": 1.025, "b^c0": 0.0, "b^c1": 0.05,
    "w_i0^a0": 0.55, "w_i1^a0": 1.025, "w_i2^a0": -0.45, "b^a0": 0.05,
}


def network(data: dict[str, Any]) -> Any:
    """A :class:`chainrule.explain.Network` from one of the dicts above."""
    from chainrule.explain import Network

    return Network.from_dict(data, source=f"chainrule.tour:{data['name']}")
