"""Helpers for the explain tests: an independent forward pass and central differences.

``reference_loss`` computes a network's loss with NumPy alone — no Value, no op table — so a
gradient the explainer reads off the engine's graph is checked against something that shares
no code with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from chainrule.explain import Network

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _activate(kind: str, z: np.ndarray, alpha: float | None) -> np.ndarray:
    if kind == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if kind == "relu":
        return np.maximum(z, 0.0)
    if kind == "tanh":
        return np.tanh(z)
    if kind == "leaky_relu":
        return np.where(z > 0, z, (0.01 if alpha is None else alpha) * z)
    if kind == "softmax":
        e = np.exp(z - z.max())
        return e / e.sum()
    if kind == "elu":  # α = 1 unless given, as nn.ELU
        return np.where(z > 0, z, (1.0 if alpha is None else alpha)
                        * np.expm1(np.minimum(z, 0.0)))
    if kind == "softplus":
        return np.log1p(np.exp(z))
    if kind == "gelu":
        return z * 0.5 * (1.0 + np.vectorize(math.erf)(z / math.sqrt(2.0)))
    return z


def _loss(kind: str, o: np.ndarray, t: np.ndarray) -> float:
    if kind == "half_sse":
        return float(np.sum(0.5 * (t - o) ** 2))
    if kind == "mse":
        return float(np.mean((o - t) ** 2))
    if kind == "bce":
        return float(-np.mean(t * np.log(o) + (1 - t) * np.log(1 - o)))
    return float(-np.sum(t * np.log(o)))


def reference_loss(net: Network, params: dict[str, float] | None = None) -> float:
    """The loss of ``net`` (mean over samples) with ``params`` overriding its parameters."""
    values = {**net.parameters(), **(params or {})}
    losses = []
    for xs, ts in zip(net.inputs, net.targets):
        a = np.array(xs, dtype=np.float64)
        for layer in net.layers:
            W = np.array([[values[n] for n in row] for row in layer.weight_names])
            b = np.array([values[layer.bias_of(j)[0]] for j in range(layer.units)])
            a = _activate(layer.activation, W @ a + b, (layer.params or {}).get("alpha"))
        losses.append(_loss(net.loss.kind, a, np.array(ts, dtype=np.float64)))
    return float(np.mean(losses))


def numerical_gradient(net: Network, h: float = 1e-6) -> dict[str, float]:
    """Central differences (L(p + h) − L(p − h))/2h of the reference loss, per parameter."""
    out = {}
    for name, value in net.parameters().items():
        up = reference_loss(net, {name: value + h})
        down = reference_loss(net, {name: value - h})
        out[name] = (up - down) / (2 * h)
    return out


@pytest.fixture(scope="session")
def ref_loss() -> Callable[..., float]:
    return reference_loss


@pytest.fixture(scope="session")
def num_grad() -> Callable[..., dict[str, float]]:
    return numerical_gradient


@pytest.fixture
def seed000() -> Network:
    return Network.from_toml(EXAMPLES / "seed000.toml")


@pytest.fixture
def seed003() -> Network:
    return Network.from_toml(EXAMPLES / "seed003.toml")


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
