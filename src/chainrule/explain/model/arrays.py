"""The matrix engine of an explanation: a whole layer at a time, on the tensor engine.

The scalar graph (:mod:`~chainrule.explain.walk.graph`) names every number and is the source of the
step-by-step text, but it costs a Python object per multiplication. Steps that are not shown,
and the matrix view of any step, run here instead: the same network, the same numbers (the
tests compare them entry by entry), one ``linear`` node per layer of the tensor engine
(:mod:`chainrule.tensor`), whose ops and VJPs are the rule table's — nothing here writes a
forward or backward pass of its own. ``backward()`` with retained gradients gives every δ.

Orientation: ``W`` of layer l has shape ``(units, fan_in)`` — row j holds the weights *into*
neuron j, as in a network file — so for one sample (column vectors)

    z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,            a⁽ˡ⁾ = φ(z⁽ˡ⁾)
    δ⁽ᴸ⁾ = ∂E/∂z⁽ᴸ⁾ = φ′(z⁽ᴸ⁾)ᵀ ∂E/∂a⁽ᴸ⁾  (a Jacobian for softmax, a diagonal otherwise)
    δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) ⊙ φ′(z⁽ˡ⁾)
    ∂E/∂W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ   (units × fan_in),   ∂E/∂b⁽ˡ⁾ = δ⁽ˡ⁾

and for a batch of B samples the rows of ``A`` (B × width) are the samples:
``Z = A Wᵀ + b``, ``∂E/∂W = Δᵀ A``, ``∂E/∂b = Σ_rows Δ`` with E the mean of the samples' losses
(the 1/B sits in Δ). A shared bias (one number for the layer) gets the sum of its neurons' δ.
An output outside a loss's domain (binary cross-entropy of a saturated σ = 1.0) is one line
naming the step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from chainrule import rules
from chainrule.errors import ConfigError, DomainError
from chainrule.explain.model.network import LOSS_ROWS, SOFTMAX, Network
from chainrule.tensor import Tensor, no_grad
from chainrule.tensor.activations import SOFTMAX as SOFTMAX_OP
from chainrule.tensor.elementwise import ROW_OPS
from chainrule.tensor.fused import LINEAR
from chainrule.tensor.tensor import apply


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


def back_activation(kind: str, z: np.ndarray, a: np.ndarray, da: np.ndarray,
                    par: tuple[float, ...]) -> np.ndarray:
    """∂E/∂z from ∂E/∂a: the rule table's φ′(z) ⊙ da (``par``: the row's parameters, as
    :meth:`LayerSpec.activation_args` gives them), or the softmax row's VJP of da. The matrix
    view reads φ′(z) (``da`` = 1) from here; the passes themselves run on the tensor engine."""
    if kind == SOFTMAX:
        return rules.VECTOR_ROWS[SOFTMAX].vjp(rules.NUMPY, da, a, 1)
    row = rules.row(kind)
    return da * row.local(rules.NUMPY, z, *par, a)[0]


def activate(kind: str, z: Tensor, par: tuple[float, ...]) -> Tensor:
    """φ(z) as a tensor-engine node: the softmax vector op, else the activation row's op."""
    if kind == SOFTMAX:
        return apply(SOFTMAX_OP, z, axis=1)
    return apply(ROW_OPS[rules.row(kind).name], z, params=par)


class Engine:
    """The network's fixed parts (data, activations, loss) ready for repeated passes.

    Every pass runs on the tensor engine (:mod:`chainrule.tensor`): the layers are its
    ``matmul``/``add`` nodes and the rule table's activation and loss-term ops, and
    ``backward()`` with retained gradients gives δ⁽ˡ⁾ = z⁽ˡ⁾.grad and ∂E/∂a⁽ˡ⁾ = a⁽ˡ⁾.grad —
    no forward or backward pass is written here.
    """

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
        row = rules.row(LOSS_ROWS[network.loss.kind])
        self._loss_op = ROW_OPS[row.name]
        self._loss_par = (float(self.T.shape[1]),) if row.params else ()
        self._target = Tensor(self.T)

    def forward(self, X: Tensor, Wt: list[Tensor], b: list[Tensor],
                retain: bool = False) -> tuple[list[Tensor], list[Tensor], Tensor, Tensor]:
        """(z, a, the loss terms (B, n), E) as tensor-engine nodes; ``z[0] = a[0] = X``.

        ``Wt[l]`` is layer l's weight transposed, (fan_in, units), so that a layer is one
        ``linear`` node z = a Wᵀ + b (a shared bias, shape (1,), is a matmul and an add);
        E = (1/B) Σ_samples Σⱼ term(oⱼ, tⱼ), the loss row's term summed over the outputs and
        averaged over the batch. With ``retain``, every z and a keeps its ``grad``.
        """
        z, a = [X], [X]
        for Wl, bl, kind, par, shared in zip(Wt, b, self.kinds, self.params, self.shared):
            z.append(a[-1] @ Wl + bl if shared else apply(LINEAR, a[-1], Wl, bl))
            a.append(activate(kind, z[-1], par))
            if retain:
                z[-1].retain_grad()
                a[-1].retain_grad()
        terms = apply(self._loss_op, a[-1], self._target, params=self._loss_par)
        return z, a, terms, terms.sum() / len(self.X)

    def run(self, p: Params) -> Pass:
        """Forward and backward over the batch with parameters ``p`` (the arrays are copied)."""
        X = Tensor(self.X, requires_grad=True)
        Wt = [Tensor(w.T.copy(), requires_grad=True) for w in p.W]
        b = [Tensor(c.copy(), requires_grad=True) for c in p.b]
        with np.errstate(divide="ignore", invalid="ignore"):
            z, a, terms, E = self.forward(X, Wt, b, retain=True)
            E.backward()
        empty = np.empty(0)
        return Pass([t.data for t in z], [t.data for t in a],
                    [empty] + [t.grad for t in z[1:]],  # type: ignore[misc]
                    [X.grad] + [t.grad for t in a[1:]],  # type: ignore[misc]
                    [w.grad.T for w in Wt], [c.grad for c in b],  # type: ignore[union-attr]
                    terms.data.sum(axis=1), float(E.data))

    def loss(self, p: Params) -> float:
        """The loss with parameters ``p`` (forward only)."""
        with no_grad(), np.errstate(divide="ignore", invalid="ignore"):
            return float(self.forward(Tensor(self.X), [Tensor(w.T) for w in p.W],
                                      [Tensor(c) for c in p.b])[3].data)

    def step(self, p: Params, g: Pass) -> None:
        """Gradient descent in place: p ← p − η·∂E/∂p, frozen parameters kept."""
        for W, b, sW, sb, dw, db in zip(p.W, p.b, self.step_W, self.step_b, g.dw, g.db):
            W -= sW * dw
            b -= sb * db


def train(network: Network, steps: int, keep: Iterable[int] = ()) -> tuple[
        np.ndarray, dict[int, Params], Params]:
    """Run ``steps`` steps of gradient descent on the tensor engine.

    The parameters are leaf Tensors updated in place (p ← p − η·∂E/∂p, frozen ones kept);
    each step is :meth:`Engine.forward` then ``backward()``, with no interior gradient kept.

    Returns
    -------
    (losses, kept, final)
        ``losses`` (steps,): the loss before each step; ``kept``: the parameters before each
        step in ``keep`` (1-based); ``final``: the parameters after the last step. Memory is
        flat in ``steps`` apart from the one float per step of ``losses``.
    """
    engine = Engine(network)
    wanted = set(keep)
    start = params_of(network)
    X = Tensor(engine.X)
    Wt = [Tensor(w.T.copy(), requires_grad=True) for w in start.W]
    b = [Tensor(c, requires_grad=True) for c in start.b]
    leaves = [t for pair in zip(Wt, b) for t in pair]
    rates = [r for pair in zip(engine.step_W, engine.step_b) for r in (pair[0].T, pair[1])]

    def now() -> Params:
        return Params([w.data.T.copy() for w in Wt], [c.data.copy() for c in b])

    losses = np.empty(steps)
    kept: dict[int, Params] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            if k in wanted:
                kept[k] = now()
            try:
                E = engine.forward(X, Wt, b)[3]
            except DomainError as e:
                raise ConfigError(f"explain: step {k} of {network.name}: {e}") from None
            losses[k - 1] = E.data
            E.backward()
            for t, rate in zip(leaves, rates):
                t.data -= rate * t.grad
                t.grad = None
    return losses, kept, now()


__all__ = ["Engine", "Params", "Pass", "activate", "back_activation", "from_named", "params_of",
           "to_named", "train"]
