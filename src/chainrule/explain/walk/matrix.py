"""The matrix view of one step: each layer as z = W a + b, δ, ∂E/∂W and ∂E/∂b, with numbers.

Seed 003's "next step": the per-weight chains of a layer are the entries of a few matrix
products. Orientation (as in a network file and :mod:`~chainrule.explain.model.arrays`):
W⁽ˡ⁾ has one
row per neuron of layer l and one column per input, W⁽ˡ⁾ᵢⱼ… = the weight into neuron j from
input i sits at row j, column i. Then, for one sample (column vectors)

    z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,   a⁽ˡ⁾ = φ(z⁽ˡ⁾)
    δ⁽ᴸ⁾ = ∂E/∂a⁽ᴸ⁾ ⊙ φ′(z⁽ᴸ⁾)              (softmax: δ⁽ᴸ⁾ = J ∂E/∂a⁽ᴸ⁾, J = diag(a) − a aᵀ)
    δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ φ′(z⁽ˡ⁾)
    ∂E/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ,   ∂E/∂b⁽ˡ⁾ = δ⁽ˡ⁾

In the (in, out) layout of ``nn.Dense`` (``W[i, j]`` = wᵢʲ, y = x W + b) the same gradient is
the transpose, a⁽ˡ⁻¹⁾ δ⁽ˡ⁾ᵀ. For a batch the samples are the rows: Z = A Wᵀ + b,
Δ⁽ˡ⁾ = (Δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾) ⊙ φ′(Z⁽ˡ⁾), ∂E/∂W = Δᵀ A, ∂E/∂b = Δᵀ𝟙 — the sum over the samples, with
the 1/B of the mean loss inside Δ.

:func:`matrix_step` also compares every entry with the scalar graph's number (when the network
is small enough to have one) and records the largest difference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chainrule import rules
from chainrule.explain.model import arrays
from chainrule.explain.model.network import SOFTMAX, Network
from chainrule.explain.render.notation import sample_suffix

#: Largest matrix side printed in full; larger ones show their corners around ⋯ and ⋮.
SHOW_MAX = 8


@dataclass(frozen=True)
class MatrixLayer:
    """Layer ``layer`` (1-based) of one step; arrays as in
    :class:`~chainrule.explain.model.arrays.Pass`
    (rows are samples). ``dphi`` is φ′(z) (None for softmax, whose Jacobian ``jacobians`` holds
    one (n, n) matrix per sample)."""

    layer: int
    activation: str
    shared_bias: bool
    W: np.ndarray
    b: np.ndarray
    a_in: np.ndarray
    z: np.ndarray
    a: np.ndarray
    da: np.ndarray
    dphi: np.ndarray | None
    jacobians: np.ndarray | None
    delta: np.ndarray
    dw: np.ndarray
    db: np.ndarray


@dataclass(frozen=True)
class MatrixStep:
    """The matrix view of step ``step``; ``checked`` counts the entries compared with the
    scalar chains and ``max_difference`` is the largest |matrix − chain| among them (None when
    the network is too large for the scalar graph)."""

    step: int
    loss: float
    samples: int
    layers: tuple[MatrixLayer, ...]
    checked: int = 0
    max_difference: float | None = None
    mismatches: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every array as nested lists, W as (units, fan_in)."""
        keys = ("W", "b", "a_in", "z", "a", "da", "delta", "dw", "db")
        return {"step": self.step, "loss": self.loss, "samples": self.samples,
                "orientation": "W[j][i]: row j = neuron j of the layer, column i = its input i",
                "checked": self.checked, "max_difference": self.max_difference,
                "layers": [{"layer": m.layer, "activation": m.activation,
                            **{k: getattr(m, k).tolist() for k in keys}}
                           for m in self.layers]}


def _dphi(kind: str, z: np.ndarray, a: np.ndarray, par: tuple[float, ...]) -> np.ndarray:
    return arrays.back_activation(kind, z, a, np.ones_like(z), par)


def matrix_step(network: Network, engine: arrays.Engine, params: arrays.Params, step: int,
                detail: Any = None) -> MatrixStep:
    """The matrix view of one step from the array engine; ``detail`` (a scalar
    :class:`~chainrule.explain.walk.records.StepDetail` of the same step) is checked entry by
    entry when given."""
    g = engine.run(params)
    layers = []
    for k, layer in enumerate(network.layers, 1):
        kind = layer.activation
        z, a = g.z[k], g.a[k]
        jac = None
        if kind == SOFTMAX:
            jac = np.stack([rules.VECTOR_ROWS[SOFTMAX].jacobian(row) for row in a])
            dphi = None
        else:
            dphi = _dphi(kind, z, a, layer.activation_args())
        layers.append(MatrixLayer(k, kind, layer.shared_bias, params.W[k - 1].copy(),
                                  params.b[k - 1].copy(), g.a[k - 1], z, a, g.da[k], dphi, jac,
                                  g.delta[k], g.dw[k - 1], g.db[k - 1]))
    out = MatrixStep(step, g.loss, len(g.losses), tuple(layers))
    return _checked(network, out, detail) if detail is not None else out


def _checked(network: Network, m: MatrixStep, detail: Any) -> MatrixStep:
    """Compare each entry with the scalar graph's value or gradient of the same name."""
    values, grads = detail.values, detail.grads
    diffs: list[tuple[float, str]] = []

    def compare(x: float, table: dict[str, float], name: str) -> None:
        diffs.append((abs(x - table[name]), name))

    batch = m.samples > 1
    for layer, ml in zip(network.layers, m.layers):
        for s in range(m.samples):
            sfx = sample_suffix(s + 1) if batch else ""
            for j in range(layer.units):
                compare(ml.z[s, j], values, layer.net_names[j] + sfx)
                compare(ml.a[s, j], values, layer.out_names[j] + sfx)
                compare(ml.delta[s, j], grads, layer.net_names[j] + sfx)
        for j in range(layer.units):
            for i in range(layer.fan_in):
                compare(ml.dw[j, i], grads, layer.weight_names[j][i])
        for n, v in zip(layer.bias_names, ml.db):
            compare(v, grads, n)
    scale = max(1.0, *(abs(v) for v in grads.values()), *(abs(v) for v in values.values()))
    bad = tuple(n for d, n in diffs if d > 1e-12 * scale)
    return MatrixStep(m.step, m.loss, m.samples, m.layers, len(diffs),
                      max(d for d, _ in diffs), bad)


__all__ = ["SHOW_MAX", "MatrixLayer", "MatrixStep", "matrix_step"]
