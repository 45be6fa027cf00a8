"""The seeds' worked networks as presets: one sample, the seed's own names and numbers.

* ``seed000`` — the 2-2-2 logistic network of seed 000, η = 0.5, biases c1 and c2 frozen, with
  the corrections of ``docs/corrections-backprop.md`` (x1 = 0.05, c2 = 0.60, σ not 1 − σ);
* ``seed003`` — the 3-1-2 ReLU network of seed 003, MSE, α = 0.1;
* ``mazur`` — Matt Mazur's "A Step by Step Backpropagation Example" (which seed 000 adapts):
  h = σ(w1·i1 + w2·i2 + b1) …, targets 0.01 and 0.99, η = 0.5, biases not updated; his
  10,000 iterations bring E_total from 0.298371109 to 0.0000351085.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.playground.model import Names, Net

MAZUR: dict[str, Any] = {
    "name": "mazur",
    "description": "Matt Mazur's 2-2-2 logistic network: inputs 0.05, 0.10, targets 0.01, 0.99, "
                   "E = Σ ½(target − out)², η = 0.5; the biases b1, b2 are not updated.",
    "learning_rate": 0.5,
    "frozen": ["b1", "b2"],
    "input_names": ["i1", "i2"],
    "inputs": [0.05, 0.10],
    "targets": [0.01, 0.99],
    "layers": [
        {"activation": "logistic", "weights": [[0.15, 0.20], [0.25, 0.30]],
         "weight_names": [["w1", "w2"], ["w3", "w4"]], "biases": 0.35, "bias_names": "b1",
         "net_names": ["net_h1", "net_h2"], "out_names": ["out_h1", "out_h2"]},
        {"activation": "logistic", "weights": [[0.40, 0.45], [0.50, 0.55]],
         "weight_names": [["w5", "w6"], ["w7", "w8"]], "biases": 0.60, "bias_names": "b2",
         "net_names": ["net_o1", "net_o2"], "out_names": ["out_o1", "out_o2"]},
    ],
    "loss": {"kind": "half_sse", "name": "E_total", "term_names": ["E_o1", "E_o2"],
             "target_names": ["target_o1", "target_o2"]},
}
PRESETS = ("seed000", "seed003", "mazur")
_NAME_KEYS = ("weight_names", "bias_names", "net_names", "out_names")


def preset_dict(name: str) -> dict[str, Any]:
    """The network file (as a dict) of preset ``name``."""
    from chainrule.tour.networks import SEED000, SEED003

    return {"seed000": SEED000, "seed003": SEED003, "mazur": MAZUR}[name]


def net_from_dict(data: dict[str, Any]) -> tuple[Net, np.ndarray, np.ndarray]:
    """A :class:`Net` and its one sample (inputs, targets) from a network dict."""
    weights = [np.array(layer["weights"], np.float64) for layer in data["layers"]]
    biases = [np.atleast_1d(np.array(layer.get("biases", 0.0), np.float64))
              for layer in data["layers"]]
    acts = [layer["activation"] for layer in data["layers"]]  # Net reads any spelling
    names = Names(list(data["input_names"]),
                  [{k: layer[k] for k in _NAME_KEYS if k in layer} for layer in data["layers"]],
                  {k: v for k, v in data["loss"].items() if k != "kind"},
                  data.get("name", "preset"), data.get("description", ""))
    net = Net(weights, biases, acts, data["loss"]["kind"], data["learning_rate"], names,
              data.get("frozen", ()))
    return net, np.array(data["inputs"], np.float64), np.array(data["targets"], np.float64)
