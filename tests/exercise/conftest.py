"""Helpers for the exercise tests: a second, independent computation of every number.

``numpy_step`` does a network's forward pass, backward pass and update with NumPy and the
textbook formulas (σ' = σ(1 − σ), tanh' = 1 − tanh², ReLU' = [x > 0], softmax + cross-entropy
δ = p − t) — no Value, no op table, no explain — from the network dict a key file stores.
``central`` is a central difference on plain floats. Tests take them through the ``ref``
fixture.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

ACT = {"sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
       "relu": lambda z: np.maximum(z, 0.0), "linear": lambda z: z}
DACT = {"sigmoid": lambda z, a: a * (1 - a), "tanh": lambda z, a: 1 - a**2,
        "relu": lambda z, a: (z > 0).astype(float), "linear": lambda z, a: np.ones_like(z)}


def numpy_step(net: dict[str, Any], override: dict[str, float] | None = None
               ) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """(values, ∂E/∂parameter, updated parameters) of one step, by the names in ``net``.

    ``override`` replaces a net input's value as soon as it is computed (a learner's slip), so
    everything after it follows from the slipped value."""
    override = override or {}
    x = np.array(net["inputs"], float)
    t = np.array(net["targets"], float)
    values: dict[str, float] = dict(zip(net["input_names"], x))
    cache = []
    a = x
    for layer in net["layers"]:
        W = np.array(layer["weights"], float)
        z = W @ a + layer["biases"]
        z = np.array([override.get(n, v) for n, v in zip(layer["net_names"], z)])
        if layer["activation"] == "softmax":
            e = np.exp(z - z.max())
            out = e / e.sum()
        else:
            out = ACT[layer["activation"]](z)
        values.update(zip(layer["net_names"], z))
        values.update(zip(layer["out_names"], out))
        cache.append((a, W, z, out, layer))
        a = out
    kind, n = net["loss"]["kind"], len(t)
    if kind == "half_sse":
        terms, dout = 0.5 * (t - a) ** 2, a - t
    elif kind == "mse":
        terms, dout = (a - t) ** 2 / n, 2 * (a - t) / n
    else:  # cce with softmax: δ on the net input directly
        terms, dout = -t * np.log(a), None
    values.update(zip(net["loss"]["term_names"], terms))
    values["E"] = float(terms.sum())
    grads: dict[str, float] = {}
    delta = None
    for k in reversed(range(len(cache))):
        a_in, W, z, out, layer = cache[k]
        if layer["activation"] == "softmax":
            delta = out - t
        else:
            delta = dout * DACT[layer["activation"]](z, out)
        for j, names in enumerate(layer["weight_names"]):
            for i, name in enumerate(names):
                grads[name] = float(delta[j] * a_in[i])
        grads[layer["bias_names"]] = float(delta.sum())
        dout = W.T @ delta
    lr = net["learning_rate"]
    params = {name: w for layer in net["layers"]
              for names, row in zip(layer["weight_names"], layer["weights"])
              for name, w in zip(names, row)}
    params.update({layer["bias_names"]: layer["biases"] for layer in net["layers"]})
    updates = {p: v - lr * grads[p] for p, v in params.items()}
    return {k: float(v) for k, v in values.items()}, grads, updates


def central(f: Callable[[float], float], x: float, h: float = 1e-5) -> float:
    """(f(x + h) − f(x − h))/(2h)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def decimals_of(text: str) -> int:
    """Decimals written in ``text`` (``0.50`` → 2)."""
    return len(text.split(".")[1]) if "." in text else 0


@pytest.fixture(scope="session")
def ref() -> SimpleNamespace:
    """The independent helpers."""
    return SimpleNamespace(numpy_step=numpy_step, central=central, decimals_of=decimals_of,
                           isclose=math.isclose)
