"""Network kinds: a forward pass, and one backpropagation step on a small network.

Four networks, named as seed 000 names its own (inputs x1 …, hidden net inputs y1 … and
activations y1^a …, outputs z1 … and z1^a …, weights w1 … numbered input by input, one shared
bias per layer c1, c2, targets t1 …, loss E = E1 + E2 + …):

* ``logistic`` — 2-2-2, σ in both layers, E = Σ ½(tⱼ − zⱼ^a)², η = 0.5 (seed 000);
* ``relu`` — 3-1-2, ReLU in both layers, mean squared error, η = 0.1 (seed 003);
* ``tanh`` — 2-2-1, tanh hidden layer, linear output, ½(t − z1^a)², η = 0.1;
* ``softmax`` — 2-3, softmax output, cross-entropy −Σ tⱼ ln zⱼ^a, one-hot target, η = 0.5.

Every value, gradient and update comes from :mod:`chainrule.explain` (through
:mod:`~chainrule.exercise.explainer`); this module only draws the numbers and rejects the
badly conditioned ones (σ′ or tanh′ vanishing, a ReLU input near its kink, a gradient too small
to write with a few decimals).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.exercise import explainer
from chainrule.exercise.calculus import Redraw
from chainrule.exercise.handnumbers import ANSWER_DECIMALS, GIVEN_DECIMALS, draw, written
from chainrule.exercise.problem import Quantity
from chainrule.rules import loss_table
from chainrule.rules.functions import TANH

Fields = dict[str, Any]
SMALLEST_GRADIENT = 1e-3
MAX_DECIMALS = 6


@dataclass(frozen=True)
class Shape:
    """A network kind: widths, activations, loss, learning rate, and the conditioning bound."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    learning_rate: float
    title: str


SHAPES = {
    "logistic": Shape((2, 2, 2), ("sigmoid", "sigmoid"), "half_sse", 0.5,
                      "2-2-2 network, logistic activations (as in seed 000)"),
    "relu": Shape((3, 1, 2), ("relu", "relu"), "mse", 0.1,
                  "3-1-2 network, ReLU activations (as in seed 003)"),
    TANH.name: Shape((2, 2, 1), (TANH.name, "linear"), "half_sse", 0.1,
                  "2-2-1 network, tanh hidden layer, linear output"),
    "softmax": Shape((2, 3), ("softmax",), "cce", 0.5,
                     "2-3 network, softmax output, cross-entropy loss"),
}
#: E of each loss in the kit's notation, read off the loss table.
LOSS_TEXT = {kind: e.exercise for kind, e in loss_table.LOSSES.items()}


def build(shape: Shape, inputs: list[float], weights: list[list[list[float]]],
          biases: list[float], targets: list[float]) -> dict[str, Any]:
    """The network as a dict for ``chainrule.explain.Network.from_dict``, with seed 000's
    names; ``weights[k][j][i]`` is the weight into neuron j of layer k from input i."""
    layers, offset = [], 0
    for k, (w, act) in enumerate(zip(weights, shape.activations)):
        units, fan_in = len(w), len(w[0])
        last = k == len(weights) - 1
        net = "z" if last else "y"
        layers.append({
            "activation": act, "weights": w, "biases": biases[k], "bias_names": f"c{k + 1}",
            "weight_names": [[f"w{offset + i * units + j + 1}" for i in range(fan_in)]
                             for j in range(units)],
            "net_names": [f"{net}{j + 1}" for j in range(units)],
            "out_names": [f"{net}{j + 1}^a" for j in range(units)],
        })
        offset += units * fan_in
    n_out = shape.sizes[-1]
    return {
        "name": f"exercise-{shape.activations[0]}", "learning_rate": shape.learning_rate,
        "input_names": [f"x{i + 1}" for i in range(len(inputs))], "inputs": inputs,
        "targets": targets, "layers": layers,
        "loss": {"kind": shape.loss, "name": "E", "term_names": [f"E{j + 1}" for j in
                                                                  range(n_out)],
                 "target_names": [f"t{j + 1}" for j in range(n_out)]},
    }


def _draw_network(rng: np.random.Generator, kind: str, level: int) -> dict[str, Any]:
    shape = SHAPES[kind]
    dec = GIVEN_DECIMALS[level]
    low = 0.1 if level == 1 else -1.0
    inputs = [draw(rng, low, 1.0, dec) for _ in range(shape.sizes[0])]
    weights = [[[draw(rng, low, 1.0, dec) for _ in range(a)] for _ in range(b)]
               for a, b in zip(shape.sizes, shape.sizes[1:])]
    biases = [draw(rng, low, 0.9, dec) for _ in shape.sizes[1:]]
    n_out = shape.sizes[-1]
    if kind == "softmax":
        targets = [0.0] * n_out
        targets[int(rng.integers(n_out))] = 1.0
    elif kind == TANH.name:
        targets = [draw(rng, -0.9, 0.9, 1) for _ in range(n_out)]
    else:
        targets = [draw(rng, 0.1, 0.9, 1) for _ in range(n_out)]
    return build(shape, inputs, weights, biases, targets)


def conditioned(kind: str, values: dict[str, float], grads: dict[str, float],
                params: list[str]) -> bool:
    """Good for hand work: no vanishing σ′/tanh′, no ReLU input within 0.1 of its kink, at
    least one live ReLU per layer, softmax outputs in [0.05, 0.9], every gradient of a
    parameter 0 (a dead ReLU) or at least 10⁻³ in size, and a loss of at least 0.01."""
    nets = [v for n, v in values.items() if n[0] in "yz" and "^" not in n]
    if kind == "logistic" and any(abs(z) > 2.5 for z in nets):
        return False
    if kind == TANH.name and any(abs(v) > 1.5 for n, v in values.items() if n.startswith("y")
                              and "^" not in n):
        return False
    if kind == "relu":
        if any(abs(z) < 0.1 for z in nets) or values["y1"] <= 0:
            return False
        if all(values[n] <= 0 for n in values if n.startswith("z") and "^" not in n):
            return False
    if kind == "softmax" and any(not 0.05 <= v <= 0.9 for n, v in values.items()
                                 if n.endswith("^a")):
        return False
    if values["E"] < 0.01:
        return False
    return all(grads[p] == 0 or abs(grads[p]) >= SMALLEST_GRADIENT for p in params)


#: Below this a gradient is 0 in exact arithmetic (a softmax layer's shared bias: softmax
#: ignores a shift of all its inputs) and only rounding left it nonzero.
ROUNDING_ZERO = 1e-12


def structural_zero(g: float) -> float:
    """``g``, or exactly 0.0 when ``|g| <`` :data:`ROUNDING_ZERO`: the draw and the key must not
    depend on the last bits of a sum that is 0 on paper (which change with evaluation order)."""
    return 0.0 if abs(g) < ROUNDING_ZERO else g


def decimals_for(value: float, base: int) -> int:
    """``base`` decimals, more for a small value so that three significant digits show."""
    if value == 0 or not math.isfinite(value):
        return base
    return min(max(base, 2 - math.floor(math.log10(abs(value)))), MAX_DECIMALS)


def network_exercise(kind: str, *, backprop: bool
                     ) -> Callable[[np.random.Generator, int], Fields]:
    """The generator of a forward-pass (``backprop=False``) or backprop exercise."""

    def generate(rng: np.random.Generator, level: int) -> Fields:
        data = _draw_network(rng, kind, level)
        values, grads, updates = explainer.step(data)
        grads = {p: structural_zero(g) for p, g in grads.items()}
        updates = {p: values[p] if grads.get(p) == 0 and p in values else u
                   for p, u in updates.items()}
        forward, losses, params = explainer.order(data)
        if not conditioned(kind, values, grads, list(params)):
            raise Redraw
        how = explainer.lines(data)
        base = ANSWER_DECIMALS[level]
        qs = [Quantity(n, n, values[n], decimals_for(values[n], base), "forward", hint=how[n])
              for n in forward]
        qs += [Quantity(n, n, values[n], decimals_for(values[n], base), "error", hint=how[n])
               for n in losses]
        if backprop:
            qs += [Quantity(f"dE/d{p}", f"∂E/∂{p}", grads[p], decimals_for(grads[p], base),
                            "gradient", hint=how[f"d:{p}"]) for p in params]
            qs += [Quantity(f"{p}+", f"{p}⁺", updates[p], decimals_for(updates[p] - values[p]
                                                                     or updates[p], base),
                            "update", hint=how[f"u:{p}"]) for p in params]
        shape = SHAPES[kind]
        task = ("Do the forward pass: fill in every net input, activation and error"
                if not backprop else
                f"Do one step of backpropagation with η = {written(shape.learning_rate)}: the "
                "forward pass, the error, ∂E/∂p for every weight and bias p, and the updated "
                "values p⁺ = p − η·∂E/∂p")
        return {
            "title": ("Backpropagation: " if backprop else "Forward pass: ") + shape.title,
            "statement": f"{task}, each to the decimals shown in its row. Loss: "
                         f"{LOSS_TEXT[shape.loss]}.",
            "givens": tuple((n, v) for n, v in _givens(data)),
            "quantities": tuple(qs),
            "network": data,
            "extra": {"network_kind": kind},
        }

    return generate


def _givens(data: dict[str, Any]) -> list[tuple[str, float]]:
    """Inputs, weights (w1, w2, … in number order), biases, targets."""
    weights, biases = [], []
    for layer in data["layers"]:
        for names, row in zip(layer["weight_names"], layer["weights"]):
            weights += list(zip(names, row))
        biases.append((layer["bias_names"], layer["biases"]))
    weights.sort(key=lambda p: int(p[0][1:]))
    return [*zip(data["input_names"], data["inputs"]), *weights, *biases,
            *zip(data["loss"]["target_names"], data["targets"])]


__all__ = ["ROUNDING_ZERO", "SHAPES", "Shape", "build", "conditioned", "decimals_for",
           "network_exercise", "structural_zero"]
