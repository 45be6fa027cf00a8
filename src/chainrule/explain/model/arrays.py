"""The array engine of an explanation: a whole layer at a time, with NumPy.

The scalar graph (:mod:`~chainrule.explain.walk.graph`) names every number and is the source of the
step-by-step text, but it costs a Python object per multiplication. Steps that are not shown,
and the matrix view of any step, run here instead: the same network, the same numbers (the
tests compare them entry by entry), one matrix product per layer.

Orientation: ``W`` of layer l has shape ``(units, fan_in)`` — row j holds the weights *into*
neuron j, as in a network file — so for one sample (column vectors)

    z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,            a⁽ˡ⁾ = φ(z⁽ˡ⁾)
    δ⁽ᴸ⁾ = ∂E/∂z⁽ᴸ⁾ = φ′(z⁽ᴸ⁾)ᵀ ∂E/∂a⁽ᴸ⁾  (a Jacobian for softmax, a diagonal otherwise)
    δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ φ′(z⁽ˡ⁾)
    ∂E/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ   (units × fan_in),   ∂E/∂b⁽ˡ⁾ = δ⁽ˡ⁾

and for a batch of B samples the rows of ``A`` (B × width) are the samples:
``Z = A Wᵀ + b``, ``∂E/∂W = Δᵀ A``, ``∂E/∂b = Σ_rows Δ`` with E the mean of the samples' losses
(the 1/B sits in Δ). A shared bias (one number for the layer) gets the sum of its neurons' δ.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from chainrule import rules
from chainrule.explain.model.network import LOSS_ROWS, SOFTMAX, Network
from chainrule.tensor.op import ARRAYS
from chainrule.tensor.structure import MATMUL


@dataclass
class Params:
    """The parameters as arrays: ``W[l]`` (units, fan_in), ``b[l]`` (units,) or (1,) if shared."""

    W: list[np.ndarray]
    b: list[np.ndarray]

    def copy(self) -> Params:
        """An independent copy."""
        return Params([w.copy() for w in self.W], [b.copy() for b in self.b])


@dataclass
class Pass:
    """One forward and backward pass over the batch (rows are samples).

    ``a[0]`` is the input matrix X (B, n₀); ``z[l]``, ``a[l]`` (B, nₗ) for l = 1…L (``z[0]`` is
    unused); ``delta[l]`` = ∂E/∂z⁽ˡ⁾ (B, nₗ), ``da[l]`` = ∂E/∂a⁽ˡ⁾; ``dw[l-1]``, ``db[l-1]`` the
    gradients of layer l; ``losses`` (B,) each sample's loss, ``loss`` their mean.
    """

    z: list[np.ndarray]
    a: list[np.ndarray]
    delta: list[np.ndarray]
    da: list[np.ndarray]
    dw: list[np.ndarray]
    db: list[np.ndarray]
    losses: np.ndarray
    loss: float


def params_of(network: Network) -> Params:
    """The network's parameters as float64 arrays."""
    return Params([np.array(layer.weights, dtype=float) for layer in network.layers],
                  [np.array(layer.biases, dtype=float) for layer in network.layers])


def to_named(network: Network, params: Params) -> dict[str, float]:
    """``{name: value}`` in the order of :meth:`Network.parameters`."""
    values: dict[str, float] = {}
    for layer, W, b in zip(network.layers, params.W, params.b):
        for names, row in zip(layer.weight_names or (), W):
            values.update(zip(names, row.tolist()))
        values.update(zip(layer.bias_names or (), b.tolist()))
    return {n: values[n] for n in network.parameters()}


def from_named(network: Network, values: dict[str, float]) -> Params:
    """Arrays from ``{name: value}`` (names as in the network)."""
    W = [np.array([[values[n] for n in names] for names in layer.weight_names or ()])
         for layer in network.layers]
    b = [np.array([values[n] for n in layer.bias_names or ()]) for layer in network.layers]
    return Params(W, b)


def _activate(kind: str, z: np.ndarray, par: tuple[float, ...]) -> np.ndarray:
    """φ(z) row by row: softmax here, every other activation from the rule table."""
    if kind == SOFTMAX:
        return rules.VECTOR_ROWS[SOFTMAX].compute(rules.NUMPY, z, 1)
    return rules.row(kind).compute(rules.NUMPY, z, *par)


def back_activation(kind: str, z: np.ndarray, a: np.ndarray, da: np.ndarray,
                    par: tuple[float, ...]) -> np.ndarray:
    """∂E/∂z from ∂E/∂a: the rule table's φ′(z) ⊙ da (``par``: the row's parameters, as
    :meth:`LayerSpec.activation_args` gives them), or the softmax row's VJP of da."""
    if kind == SOFTMAX:
        return rules.VECTOR_ROWS[SOFTMAX].vjp(rules.NUMPY, da, a, 1)
    row = rules.row(kind)
    return da * row.local(rules.NUMPY, z, *par, a)[0]


def back_layer(delta: np.ndarray, a: np.ndarray, W: np.ndarray, b: np.ndarray,
               need_input: bool = True) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """(∂E/∂a, ∂E/∂W, ∂E/∂b) of ``z = a Wᵀ + b`` from δ = ∂E/∂z (B, units).

    Not written here: ``a Wᵀ`` is the array engine's matmul, whose one VJP
    (:data:`chainrule.tensor.structure.MATMUL`) gives ∂E/∂a = δ W and ∂E/∂Wᵀ = aᵀ δ; a bias
    broadcast over the rows (and over the layer, when shared) gets the sum of δ over what it
    was broadcast to (:func:`chainrule.tensor.op.unbroadcast`).
    """
    da, dWt = MATMUL.vjp_on(ARRAYS, delta, (a, W.T), (need_input, True))  # type: ignore[misc]
    return da, dWt.T, ARRAYS.unbroadcast(delta, b.shape)


def _loss(kind: str, o: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each sample's loss (B,), ∂loss_b/∂o (B, n)) for loss ``kind``: the rule table's term
    row (:data:`LOSS_ROWS`) on arrays, summed over the n outputs."""
    row = rules.row(LOSS_ROWS[kind])
    n = (float(o.shape[1]),) if row.arity == 3 else ()
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = row.compute(rules.NUMPY, o, t, *n)
        return terms.sum(axis=1), row.local(rules.NUMPY, o, t, *n, terms)[0]


class Engine:
    """The network's fixed parts (data, activations, loss) ready for repeated passes."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.X = np.array(network.inputs, dtype=float)
        self.T = np.array(network.targets, dtype=float)
        self.kinds = [layer.activation for layer in network.layers]
        self.params = [layer.activation_args() for layer in network.layers]
        self.shared = [layer.shared_bias for layer in network.layers]
        frozen = set(network.frozen)
        self.train_W = [np.array([[n not in frozen for n in names]
                                  for names in layer.weight_names or ()], dtype=float)
                        for layer in network.layers]
        self.train_b = [np.array([n not in frozen for n in layer.bias_names or ()], dtype=float)
                        for layer in network.layers]
        self.rate = float(network.learning_rate)
        # η per parameter (0 where frozen), so an update is one multiply-subtract per array.
        self.step_W = [self.rate * m for m in self.train_W]
        self.step_b = [self.rate * m for m in self.train_b]

    def run(self, p: Params) -> Pass:
        """Forward and backward over the batch with parameters ``p``."""
        z: list[np.ndarray] = [self.X]
        a: list[np.ndarray] = [self.X]
        for W, b, kind, par in zip(p.W, p.b, self.kinds, self.params):
            z.append(a[-1] @ W.T + b)
            a.append(_activate(kind, z[-1], par))
        losses, d_out = _loss(self.network.loss.kind, a[-1], self.T)
        batch = len(losses)
        L = len(p.W)
        da: list[np.ndarray] = [np.empty(0)] * (L + 1)
        delta: list[np.ndarray] = [np.empty(0)] * (L + 1)
        dw: list[np.ndarray] = [np.empty(0)] * L
        db: list[np.ndarray] = [np.empty(0)] * L
        da[L] = d_out / batch
        for k in range(L, 0, -1):
            delta[k] = back_activation(self.kinds[k - 1], z[k], a[k], da[k],
                                        self.params[k - 1])
            da[k - 1], dw[k - 1], db[k - 1] = back_layer(delta[k], a[k - 1], p.W[k - 1],
                                                         p.b[k - 1])
        return Pass(z, a, delta, da, dw, db, losses, float(losses.sum()) / batch)

    def loss(self, p: Params) -> float:
        """The loss with parameters ``p`` (forward only)."""
        a = self.X
        for W, b, kind, par in zip(p.W, p.b, self.kinds, self.params):
            a = _activate(kind, a @ W.T + b, par)
        losses = _loss(self.network.loss.kind, a, self.T)[0]
        return float(losses.sum()) / len(losses)

    def step(self, p: Params, g: Pass) -> None:
        """Gradient descent in place: p ← p − η·∂E/∂p, frozen parameters kept."""
        for W, b, sW, sb, dw, db in zip(p.W, p.b, self.step_W, self.step_b, g.dw, g.db):
            W -= sW * dw
            b -= sb * db


def _flat(p: Params) -> tuple[np.ndarray, Params]:
    """One flat copy of the parameters and a Params whose arrays are views into it."""
    flat = np.concatenate([x.ravel() for pair in zip(p.W, p.b) for x in pair])
    return flat, _views(flat, p)


def _views(flat: np.ndarray, like: Params) -> Params:
    W, b, o = [], [], 0
    for w, c in zip(like.W, like.b):
        W.append(flat[o:o + w.size].reshape(w.shape))
        o += w.size
        b.append(flat[o:o + c.size])
        o += c.size
    return Params(W, b)


def train(network: Network, steps: int, keep: Iterable[int] = ()) -> tuple[
        np.ndarray, dict[int, Params], Params]:
    """Run ``steps`` steps of gradient descent.

    The same arithmetic as :meth:`Engine.run` and :meth:`Engine.step` (the tests compare them),
    written for speed: the parameters and their gradients live in one flat array each, the
    activations are bound once, and the update is one multiply-subtract.

    Returns
    -------
    (losses, kept, final)
        ``losses`` (steps,): the loss before each step; ``kept``: the parameters before each
        step in ``keep`` (1-based); ``final``: the parameters after the last step. Memory is
        flat in ``steps`` apart from the one float per step of ``losses``.
    """
    engine = Engine(network)
    wanted = set(keep)
    flat, p = _flat(params_of(network))
    grad = np.zeros_like(flat)
    g = _views(grad, p)
    mask = np.concatenate([x.ravel() for pair in zip(engine.step_W, engine.step_b)
                           for x in pair])
    fwd, back = [], []
    for kind, par in zip(engine.kinds, engine.params):
        if kind == SOFTMAX:
            fwd.append(lambda z: _activate(SOFTMAX, z, ()))
            back.append(None)
            continue
        row = rules.row(kind)
        fwd.append(lambda z, row=row, par=par: row.compute(rules.NUMPY, z, *par))
        back.append(lambda z, a, row=row, par=par: row.local(rules.NUMPY, z, *par, a)[0])
    X, T, kind_loss = engine.X, engine.T, network.loss.kind
    scale = 1.0 / len(X)
    layers = range(len(p.W) - 1, -1, -1)
    losses = np.empty(steps)
    kept: dict[int, Params] = {}
    for k in range(1, steps + 1):
        if k in wanted:
            kept[k] = p.copy()
        acts, nets = [X], []
        for W, b, f in zip(p.W, p.b, fwd):
            z = acts[-1] @ W.T
            z += b
            nets.append(z)
            acts.append(f(z))
        per_sample, da = _loss(kind_loss, acts[-1], T)
        losses[k - 1] = per_sample.sum() * scale
        da = da * scale
        for i in layers:
            a = acts[i + 1]
            bk = back[i]
            delta = (back_activation(SOFTMAX, nets[i], a, da, ()) if bk is None
                     else da * bk(nets[i], a))
            da, g.W[i][...], g.b[i][...] = back_layer(delta, acts[i], p.W[i], p.b[i], i > 0)
        flat -= mask * grad
    return losses, kept, p.copy()


__all__ = ["Engine", "Params", "Pass", "back_activation", "back_layer", "from_named", "params_of",
           "to_named", "train"]
