"""The convolutional network's passes on the tensor engine, and the sums behind its gradients.

Nothing here writes a derivative: the numbers of a shown step are the tensor engine's forward
values and its retained gradients (``retain_grad`` on every layer's output Y⁽ˡ⁾), its
``conv2d`` and ``max_pool2d`` nodes carrying their own VJPs. With G = ∂E/∂Y of a conv layer
(stride s, padding p, X its input padded with zeros)::

    ∂E/∂K[o,c,u,v] = Σ_n Σ_i Σ_j G[n,o,i,j] · X[n,c, s·i + u, s·j + v]   (each output position
                                                                          the cell touched)
    ∂E/∂b[o]       = Σ_n Σ_i Σ_j G[n,o,i,j]
    ∂E/∂X[n,c,y,x] = Σ_o Σ_u Σ_v G[n,o,i,j] · K[o,c,u,v]   over s·i + u − p = y, s·j + v − p = x

— for stride 1 the last is the full convolution of G with the kernel flipped 180°.
:func:`kernel_terms` and :func:`input_terms` list those products (which the document writes
out and the tests add up against the engine's ``.grad``); :func:`pool_routes` says which
input each window's gradient went to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from chainrule import rules
from chainrule.errors import ConfigError, DomainError
from chainrule.explain.conv.model import ConvNetwork, Params
from chainrule.explain.conv.network import Layer, activation_args
from chainrule.explain.model.arrays import activate
from chainrule.explain.model.network import LOSS_ROWS
from chainrule.explain.walk.steps import descend
from chainrule.tensor import Tensor, no_grad
from chainrule.tensor.conv import conv2d, max_pool2d, pool_argmax
from chainrule.tensor.elementwise import ROW_OPS
from chainrule.tensor.tensor import apply


@dataclass
class Pass:
    """One forward and backward pass over the batch.

    ``ys[l]`` (N, …) is Y⁽ˡ⁾ (``ys[0]`` = X), ``dys[l]`` = ∂E/∂Y⁽ˡ⁾; ``terms`` (N, n) the loss's
    terms, ``losses`` (N,) each sample's loss, ``E`` their mean; ``grads`` symbol -> ∂E/∂p.
    """

    ys: list[np.ndarray]
    dys: list[np.ndarray]
    terms: np.ndarray
    losses: np.ndarray
    E: float
    grads: Params


def params_of(network: ConvNetwork) -> Params:
    """Copies of the network's parameter arrays."""
    return {k: np.array(v, dtype=float) for k, v in network.params.items()}


def _layer(layer: Layer, y: Tensor, p: dict[str, Tensor]) -> Tensor:
    """One layer's output as a tensor-engine node (``p``: this layer's parameter leaves)."""
    if layer.kind == "conv2d":
        return conv2d(y, p["K"], p["b"], layer.config["stride"], layer.config["padding"])
    if layer.kind == "maxpool2d":
        c = layer.config
        return max_pool2d(y, c["kernel_size"], c["stride"], c["padding"])
    if layer.kind == "flatten":
        return y.reshape(y.shape[0], -1)
    if layer.kind == "dense":
        return y @ p["W"].T + p["b"]
    return activate(layer.kind, y, activation_args(layer.kind))


class Engine:
    """The network's fixed parts (images, targets, layers, loss) for repeated passes."""

    def __init__(self, network: ConvNetwork) -> None:
        self.network = network
        self.rate = float(network.learning_rate)
        self._x = network.xs
        self._target = Tensor(network.targets)
        row = rules.row(LOSS_ROWS[network.loss.kind])
        self._loss_op = ROW_OPS[row.name]
        self._loss_par = (float(network.targets.shape[1]),) if row.params else ()

    def _forward(self, x: Tensor, leaves: dict[str, Tensor],
                 retain: bool = False) -> tuple[list[Tensor], Tensor, Tensor]:
        ys = [x]
        for i, layer in enumerate(self.network.layers, 1):
            ys.append(_layer(layer, ys[-1], {w: leaves[f"{w}{i}"] for w in layer.params}))
            if retain:
                ys[-1].retain_grad()
        terms = apply(self._loss_op, ys[-1], self._target, params=self._loss_par)
        return ys, terms, terms.sum() / self.network.samples

    def run(self, p: Params, where: str = "explain") -> Pass:
        """Forward and backward with parameters ``p``, every Y⁽ˡ⁾ retaining its gradient."""
        leaves = {k: Tensor(np.array(v, dtype=float), requires_grad=True) for k, v in p.items()}
        x = Tensor(self._x.copy(), requires_grad=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            try:
                ys, terms, E = self._forward(x, leaves, retain=True)
            except DomainError as e:
                raise ConfigError(f"{where}: {self.network.name}: {e}") from None
            E.backward()
        return Pass([t.data.copy() for t in ys], [t.grad.copy() for t in ys],  # type: ignore
                    terms.data.copy(), terms.data.sum(axis=1), float(E.data),
                    {k: t.grad.copy() for k, t in leaves.items()})  # type: ignore[union-attr]

    def loss(self, p: Params) -> float:
        """E with parameters ``p`` (forward only)."""
        with no_grad(), np.errstate(divide="ignore", invalid="ignore"):
            leaves = {k: Tensor(v) for k, v in p.items()}
            return float(self._forward(Tensor(self._x), leaves)[2].data)

    def train(self, steps: int, keep: Iterable[int] = ()) -> tuple[np.ndarray, dict[int, Params],
                                                                    Params]:
        """``steps`` steps of gradient descent, p ← p − η·∂E/∂p, leaves updated in place.

        Returns (losses (steps,): E before each step; the parameters before each step of
        ``keep``; the parameters after the last step).
        """
        leaves = {k: Tensor(v, requires_grad=True) for k, v in params_of(self.network).items()}
        x = Tensor(self._x)
        return descend(leaves, lambda: self._forward(x, leaves)[2], steps, keep, self.rate,
                       self.network.name)

    def step(self, p: Params) -> Params:
        """The parameters after one step from ``p``."""
        g = self.run(p).grads
        return {s: p[s] - self.rate * g[s] for s in p}


#: One product of a sum: (sample n, output index (o, i, j), the G factor, the other factor,
#: the other factor's index in its own array (None: a zero of the padding)).
Term = tuple[int, tuple[int, int, int], float, float, tuple[int, ...] | None]


def source_cell(layer: Layer, shape: tuple[int, ...], i: int, j: int, u: int,
            v: int) -> tuple[int, int] | None:
    """The input row and column a kernel cell (u, v) reads at output (i, j), or None."""
    (s0, s1), (p0, p1) = layer.config["stride"], layer.config["padding"]
    y, x = s0 * i + u - p0, s1 * j + v - p1
    return (y, x) if 0 <= y < shape[-2] and 0 <= x < shape[-1] else None


def kernel_terms(layer: Layer, x: np.ndarray, g: np.ndarray, o: int, c: int, u: int,
                 v: int) -> list[Term]:
    """The products G[n,o,i,j] · X[n,c,s·i+u−p, s·j+v−p] of ∂E/∂K[o,c,u,v], every output
    position (i, j) of every sample n in order; a cell on the padding gives a term with
    the other factor 0 and index None. ``x`` (N, C, H, W) the layer's input, ``g`` its
    ∂E/∂Y (N, O, Ho, Wo)."""
    out: list[Term] = []
    for n in range(g.shape[0]):
        for i in range(g.shape[2]):
            for j in range(g.shape[3]):
                src = source_cell(layer, x.shape, i, j, u, v)
                val = 0.0 if src is None else float(x[n, c, src[0], src[1]])
                out.append((n, (o, i, j), float(g[n, o, i, j]), val,
                            None if src is None else (n, c, *src)))
    return out


def input_terms(layer: Layer, g: np.ndarray, n: int, c: int, y: int, x: int) -> list[Term]:
    """The products G[n,o,i,j] · K[o,c,u,v] of ∂E/∂X[n,c,y,x]: every output position whose
    window covered (y, x), with the kernel cell that did (the other factor's index is
    (o, c, u, v))."""
    K = layer.params["K"]
    (s0, s1), (p0, p1) = layer.config["stride"], layer.config["padding"]
    out: list[Term] = []
    for o in range(K.shape[0]):
        for u in range(K.shape[2]):
            for v in range(K.shape[3]):
                ii, jj = y + p0 - u, x + p1 - v
                if ii % s0 or jj % s1:
                    continue
                i, j = ii // s0, jj // s1
                if 0 <= i < g.shape[2] and 0 <= j < g.shape[3]:
                    out.append((n, (o, i, j), float(g[n, o, i, j]), float(K[o, c, u, v]),
                                (o, c, u, v)))
    return out


def pool_routes(layer: Layer, x: np.ndarray) -> np.ndarray:
    """(N, C, Ho, Wo, 2): the input row and column of each window's first maximum (where the
    window's ∂E/∂Y goes back to) — the tensor engine's own choice
    (:func:`~chainrule.tensor.conv.pool_argmax`)."""
    c = layer.config
    _, rows, cols = pool_argmax(x, c["kernel_size"], c["stride"], c["padding"])
    return np.stack([rows - c["padding"][0], cols - c["padding"][1]], axis=-1)


__all__ = ["Engine", "Pass", "Term", "input_terms", "kernel_terms", "params_of", "pool_routes",
           "source_cell"]
