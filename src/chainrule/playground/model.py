"""The playground's network: an :class:`chainrule.nn.Sequential` trained with
:class:`chainrule.optim.SGD`, plus the names the explanation gives its parameters.

Layer k is ``Dense(fan_in, units)`` followed by its activation layer; the last activation is
sigmoid (binary classification), softmax (classes, or cross-entropy) or identity (regression).
The choices of activation and loss are read from the rule table and from the explanation's
table of losses (:func:`activations`, :data:`LOSSES`).
The loss is one of the library's: ``bce`` (:class:`nn.BCELoss`), ``cce``
(:class:`nn.CrossEntropyLoss` on the logits), ``mse`` (:class:`nn.MSELoss`) or
``half_sse`` (:class:`nn.HalfSquaredErrorLoss` divided by the batch size, so that a batch's loss is
the mean of its samples' losses, as in :mod:`chainrule.explain`). Regularisation adds
λ·Σ|w| (L1) or λ·½Σw² (L2) over the weights (not the biases).

Weights are kept as the library keeps them, ``W[i, j]`` from input i to neuron j; the
explanation's layout is the transpose, ``weights[j][i]``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chainrule import nn, optim, rules
from chainrule.errors import ConfigError
from chainrule.explain.model.network import LOSSES as LOSS_NAMES
from chainrule.nn.activations import BY_NAME
from chainrule.rules import loss_table
from chainrule.tensor import Tensor, no_grad
from chainrule.tensor.higher import TENSOR_MATH


def activation_names() -> dict[str, str]:
    """Activation spelling -> the name the playground uses: every activation row of the rule
    table (:data:`chainrule.rules.ACTIVATIONS`) whose ``nn`` layer class is registered
    (:data:`chainrule.nn.activations.BY_NAME`), under the first of its activation names;
    aliases (``linear``, ``logistic``) are accepted. Read now: a new row with its ``nn`` class,
    in any module, appears on the page without a change here."""
    return {alias: r.activation[0] for alias, r in rules.ACTIVATIONS.items()
            if r.layer in BY_NAME}


def activations() -> tuple[str, ...]:
    """The activations a hidden layer may have (what the page offers), in the rule table's
    order."""
    return tuple(dict.fromkeys(activation_names().values()))


def __getattr__(name: str) -> Any:
    if name == "ACTIVATION_NAMES":  # the old constants, now read live
        return activation_names()
    if name == "ACTIVATIONS":
        return activations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Loss kind -> E of the outputs ``a`` (n, units) and targets ``t``: the mean of the samples'
#: losses, each as :mod:`chainrule.explain` writes it (softmax + cross-entropy as
#: E = −Σⱼ tⱼ ln aⱼ, so that ∂E/∂aⱼ exists; training fuses it with the softmax instead).


def _loss_of(entry: loss_table.LossKind) -> Callable[[Tensor, np.ndarray], Tensor]:
    """E of the outputs ``a`` (n_samples, units) and targets ``t`` for a loss of the loss table:
    its nn class that takes the outputs themselves, summed, over the samples (and over the
    outputs where the term row divides by their count n); a loss without such a class
    (cross-entropy's takes logits) sums its term row on Tensors."""
    row = rules.row(entry.term_row)
    plain = [name for name, fused in entry.nn_classes.items() if fused is None]

    def loss(a: Tensor, t: np.ndarray) -> Tensor:
        count = len(t) * (a.shape[1] if "n" in row.params else 1)
        if plain:
            return getattr(nn, plain[0])(reduction="sum")(a, t) / count
        extra = (float(a.shape[1]),) if "n" in row.params else ()
        return row.compute(TENSOR_MATH, a, Tensor(t), *extra).sum() / count

    return loss


_LOSS_OF: dict[str, Callable[[Tensor, np.ndarray], Tensor]] = {
    kind: _loss_of(entry) for kind, entry in loss_table.LOSSES.items()}
#: The loss kinds of :mod:`chainrule.explain` (its table of spellings) that the playground
#: computes; a test keeps this every kind explain has.
LOSSES: tuple[str, ...] = tuple(k for k in dict.fromkeys(LOSS_NAMES.values()) if k in _LOSS_OF)
DEFAULT_ACTIVATION = nn.Tanh.rule.name  # TensorFlow Playground's default


def activation_layer(name: str) -> nn.Module:
    """The ``nn`` layer of activation ``name`` (any spelling of :func:`activation_names`, or
    ``softmax``), built with the rule table's parameter defaults (leaky ReLU's α = 0.01, as
    :mod:`chainrule.explain` assumes)."""
    if name == "softmax":  # couples the layer's neurons: not an elementwise row
        return nn.Softmax()
    row = rules.ACTIVATIONS[name]
    return BY_NAME[row.layer](*row.defaults)


def choices() -> dict[str, list[list[str]]]:
    """What the page's menus offer: ``[value, label, description]`` per activation and loss
    (a loss's label is its longest spelling in :mod:`chainrule.explain`)."""
    acts = [[a, a.replace("_", " "), rules.ACTIVATIONS[a].doc] for a in activations()]
    losses = []
    for kind in LOSSES:
        names = [n for n, v in LOSS_NAMES.items() if v == kind]
        losses.append([kind, max(names, key=len).replace("_", " "), ", ".join(names)])
    return {"activation": acts, "loss": losses}


#: The regularisers, as the derivation panel writes them.
PENALTY_TEXT = {"l1": "λ·Σ|w|", "l2": "λ·½Σw²"}


def penalty(w: Tensor, reg: str, rate: float) -> Tensor:
    """The regularisation term of weights ``w``: λ·Σ|w| (``l1``) or λ·½Σw² (``l2``), 0-d."""
    return rate * (w.abs().sum() if reg == "l1" else 0.5 * (w * w).sum())


def penalty_step(w: float, reg: str, rate: float) -> tuple[float, float]:
    """One weight's share of :func:`penalty` and its derivative, by the array engine
    (λ·sign w, or λ·w), for the derivation panel."""
    t = Tensor(np.array([float(w)]), requires_grad=True)
    value = penalty(t, reg, rate)
    value.backward()
    return float(value.item()), float(t.grad[0])


@dataclass
class Names:
    """Names for the explanation (all optional; ``chainrule.explain`` fills the rest)."""

    input_names: list[str]
    layers: list[dict[str, Any]] = field(default_factory=list)  # weight_names, bias_names, …
    loss: dict[str, Any] = field(default_factory=dict)          # name, term_names, …
    name: str = "playground"
    description: str = ""


class Net:
    """A fully connected network with its loss, learning rate and frozen parameters.

    Parameters
    ----------
    weights : list of arrays, layer k of shape (units_k, fan_in_k)
        The explanation's layout (row j: the weights into neuron j).
    biases : list of arrays, shape (units_k,) — or (1,) for one bias shared by the layer
    activations : list of str, one per layer (the last is the output's): a spelling of
        :func:`activation_names` or ``softmax``; kept as the playground's names
    loss : str, one of :data:`LOSSES` (or another spelling of explain's)
    lr : float, the learning rate η of p ← p − η·∂E/∂p
    frozen : names of parameters that are not updated (their gradients are still shown)
    """

    def __init__(self, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray],
                 activations: Sequence[str], loss: str, lr: float, names: Names,
                 frozen: Sequence[str] = ()) -> None:
        spelled = activation_names()
        self.activations = [a if a == "softmax" else spelled[a] for a in activations]
        self.shared = [len(b) == 1 and len(w) > 1 for w, b in zip(weights, biases)]
        mods: list[nn.Module] = []
        for w, b, act in zip(weights, biases, activations):
            d = nn.Dense(w.shape[1], w.shape[0], dtype=np.float64)
            d.weight.data = np.array(w, np.float64).T.copy()
            d.bias.data = np.broadcast_to(np.asarray(b, np.float64), (w.shape[0],)).copy()
            mods += [d, activation_layer(act)]
        self.model = nn.Sequential(*mods)
        self.dense = [m for m in mods if isinstance(m, nn.Dense)]
        kind = LOSS_NAMES.get(loss, loss)
        if kind not in _LOSS_OF:
            raise ConfigError(f"loss: expected one of {', '.join(LOSSES)}, got {loss!r}")
        self.loss = kind
        self.names = names
        self.frozen = list(frozen)
        self.optimizer = optim.SGD(self.model.parameters(), lr=lr)
        self.initial = self.snapshot()

    # -- reading -----------------------------------------------------------------------------
    @property
    def lr(self) -> float:
        """The learning rate η."""
        return float(self.optimizer.lr)

    @lr.setter
    def lr(self, value: float) -> None:
        self.optimizer.lr = float(value)

    @property
    def sizes(self) -> list[int]:
        """Units per column: inputs, then each layer."""
        return [self.dense[0].in_features] + [d.out_features for d in self.dense]

    def weights(self) -> list[np.ndarray]:
        """Weights per layer in the explanation's layout (units, fan_in)."""
        return [d.weight.data.T.copy() for d in self.dense]

    def biases(self) -> list[np.ndarray]:
        """Biases per layer; one number for a shared bias."""
        return [d.bias.data[:1].copy() if s else d.bias.data.copy()
                for d, s in zip(self.dense, self.shared)]

    def snapshot(self) -> list[np.ndarray]:
        """A copy of every parameter (for rewinding)."""
        return [p.data.copy() for p in self.model.parameters()]

    def restore(self, snap: Sequence[np.ndarray]) -> None:
        """Set every parameter back to a :meth:`snapshot`."""
        for p, v in zip(self.model.parameters(), snap):
            p.data = v.copy()

    def set_value(self, layer: int, row: int, col: int | None, value: float) -> None:
        """Set weight (layer, neuron ``row``, input ``col``), or the bias when ``col`` is None."""
        d = self.dense[layer]
        if col is None:
            if self.shared[layer]:
                d.bias.data[:] = value
            else:
                d.bias.data[row] = value
        else:
            d.weight.data[col, row] = value

    # -- computing ---------------------------------------------------------------------------
    def forward(self, X: np.ndarray) -> list[np.ndarray]:
        """Every layer's output (after its activation) for inputs ``X`` (n, fan_in)."""
        outs = []
        h: Any = Tensor(np.asarray(X, np.float64))
        with no_grad():
            for i, m in enumerate(self.model):
                h = m(h)
                if i % 2 == 1:
                    outs.append(h.data)
        return outs

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Targets shaped like the output: (n, 1) values/labels, or one-hot rows (n, C)."""
        units = self.sizes[-1]
        if np.ndim(y) == 2:  # already one target row per sample (a preset's targets)
            return np.asarray(y, np.float64)
        if units == 1:
            return np.asarray(y, np.float64).reshape(-1, 1)
        return np.eye(units)[np.asarray(y, np.int64)]

    def loss_tensor(self, X: np.ndarray, y: np.ndarray, reg: str = "none",
                    reg_rate: float = 0.0) -> Tensor:
        """The mean loss over the samples (plus the regulariser) as a 0-d Tensor."""
        h: Any = Tensor(np.asarray(X, np.float64))
        mods = list(self.model)
        last = len(mods) - 1
        t = self.targets(y)
        for i, m in enumerate(mods):
            if i == last and self.loss == "cce":
                break  # the fused loss takes the logits
            h = m(h)
        # the fused loss of the logits is exact where softmax underflows
        loss = nn.CrossEntropyLoss()(h, t) if self.loss == "cce" else _LOSS_OF[self.loss](h, t)
        if reg != "none" and reg_rate > 0:
            for d in self.dense:
                loss = loss + penalty(d.weight, reg, reg_rate)
        return loss

    def train_batch(self, X: np.ndarray, y: np.ndarray, reg: str = "none",
                    reg_rate: float = 0.0, masks: Sequence[np.ndarray] | None = None) -> float:
        """One step of SGD on the batch (X, y); returns the batch's loss before the step.

        ``masks`` (one 0/1 array per parameter) zero the gradients of frozen parameters.
        """
        self.optimizer.zero_grad()
        loss = self.loss_tensor(X, y, reg, reg_rate)
        loss.backward()
        self._share_bias_grads()
        if masks is not None:
            for p, m in zip(self.model.parameters(), masks):
                if p.grad is not None:
                    p.grad = p.grad * m
        self.optimizer.step()
        return float(loss.item())

    def sample_step(self, x: np.ndarray, target: np.ndarray,
                    masks: Sequence[np.ndarray] | None = None) -> dict[str, Any]:
        """One sample's forward and backward pass on the array engine, and the SGD step.

        E is the sample's loss without the regulariser, as in :mod:`chainrule.explain`
        (softmax + cross-entropy written as E = −Σⱼ tⱼ ln aⱼ so that ∂E/∂aⱼ exists). Returns
        per layer ``nets``, ``outs`` (values, shape (units,)), ``d_nets``, ``d_outs`` (∂E/∂…),
        ``d_weights``, ``d_biases`` (∂E/∂p, explanation layout) and ``new_weights``,
        ``new_biases`` (after one step of the optimizer, frozen entries masked); ``loss``.
        The network itself is left unchanged.
        """
        h: Any = Tensor(np.asarray(x, np.float64).reshape(1, -1))
        t = np.asarray(target, np.float64).reshape(1, -1)
        nets, outs = [], []
        mods = list(self.model)
        for i in range(0, len(mods), 2):
            z = mods[i](h).retain_grad()
            h = mods[i + 1](z).retain_grad()
            nets.append(z)
            outs.append(h)
        loss = _LOSS_OF[self.loss](h, t)
        self.optimizer.zero_grad()
        loss.backward()
        d_weights = [d.weight.grad.T.copy() for d in self.dense]
        d_biases = [d.bias.grad.sum(keepdims=True) if s else d.bias.grad.copy()
                    for d, s in zip(self.dense, self.shared)]
        self._share_bias_grads()
        if masks is not None:
            for p, m in zip(self.model.parameters(), masks):
                p.grad = p.grad * m if p.grad is not None else None
        before = self.snapshot()
        self.optimizer.step()
        new_w, new_b = self.weights(), self.biases()
        self.restore(before)
        self.optimizer.zero_grad()
        return {"nets": [z.data[0] for z in nets], "outs": [a.data[0] for a in outs],
                "d_nets": [z.grad[0] for z in nets], "d_outs": [a.grad[0] for a in outs],
                "d_weights": d_weights, "d_biases": d_biases, "new_weights": new_w,
                "new_biases": new_b, "loss": float(loss.item())}

    def _share_bias_grads(self) -> None:
        """A bias shared by a layer's neurons gets the sum of their gradients in each entry,
        so that the entries stay equal (one parameter, ∂E/∂b = Σⱼ ∂E/∂bⱼ)."""
        for d, shared in zip(self.dense, self.shared):
            if shared and d.bias.grad is not None:
                d.bias.grad = np.full_like(d.bias.data, d.bias.grad.sum())

    def mean_loss(self, X: np.ndarray, y: np.ndarray) -> float:
        """The loss on (X, y) without the regulariser (nan for no points)."""
        if len(X) == 0:
            return float("nan")
        with no_grad():
            return float(self.loss_tensor(X, y).item())

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Class indices (classification) for ``X``."""
        out = self.forward(X)[-1]
        return (out[:, 0] > 0.5).astype(np.int64) if out.shape[1] == 1 else out.argmax(1)
