"""Neurons, layers and multi-layer perceptrons made of scalar :class:`Value` s.

Drop-in for micrograd's ``nn`` (``Neuron``, ``Layer``, ``MLP``, ``parameters()``,
``zero_grad()``), with seeded initialisation and a choice of activation. A neuron computes

    out = φ(Σᵢ wᵢ·xᵢ + b)

with its net input as one ``linear`` node, so an explanation reads ``y1 = x1·w1 + x2·w3 + c1``.

Width-1 layers: like micrograd, a ``Layer`` (and so an ``MLP``) whose width is 1 returns the
single Value itself, and a list of Values otherwise. Pass ``squeeze=False`` to always get a list.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from chainrule import rules
from chainrule.errors import ConfigError
from chainrule.scalar.value import Operand, Value, _lift, apply, weighted_sum

#: The activations a neuron may apply: every activation row of the rule table, by name.
ACTIVATIONS = tuple(rules.ACTIVATIONS)


def _activate(z: Value, activation: str) -> Value:
    row = rules.ACTIVATIONS[activation]
    if row.name == "identity":
        return z  # a linear neuron is its net input: no extra node (as micrograd)
    if not row.defaults:
        return apply(row, z)
    return apply(row, z, *[Value(d, name=f"{d:g}") for d in row.defaults])


def _check_activation(activation: str) -> str:
    if activation not in rules.ACTIVATIONS:
        raise ConfigError(
            f"activation must be one of {', '.join(ACTIVATIONS)}; got {activation!r}"
        )
    return activation


class Module:
    """Something with parameters: ``parameters()`` lists them, ``zero_grad()`` resets them."""

    def parameters(self) -> list[Value]:
        """The trainable Values, in a fixed order."""
        return []

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (leaf gradients accumulate across backward)."""
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """One neuron: n weights drawn uniformly from [−1, 1] (seeded) and a bias of 0.

    Parameters
    ----------
    nin : int
        Number of inputs n.
    nonlin : bool
        micrograd's switch: ``False`` means a linear neuron whatever ``activation`` says.
    activation : str
        One of :data:`ACTIVATIONS` (relu, tanh, sigmoid, linear, elu, gelu, … — the rule
        table's activation names); parameters such as leaky ReLU's α take their defaults.
    rng : random.Random, optional
        Source of the initial weights; a fresh ``Random(seed)`` when omitted.
    seed : int
        Seed used when ``rng`` is omitted.
    """

    def __init__(self, nin: int, nonlin: bool = True, activation: str = "relu",
                 rng: random.Random | None = None, seed: int = 0) -> None:
        rng = rng if rng is not None else random.Random(seed)
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0.0)
        self.activation = _check_activation(activation) if nonlin else "linear"

    @property
    def nonlin(self) -> bool:
        """micrograd's flag: whether the neuron applies a nonlinearity."""
        return rules.ACTIVATIONS[self.activation].name != "identity"

    def __call__(self, x: Sequence[Operand]) -> Value:
        return _activate(weighted_sum(x, self.w, self.b), self.activation)

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]

    def __repr__(self) -> str:
        # micrograd's names: ReLUNeuron(2), LinearNeuron(16); others after their nn layer
        row = rules.ACTIVATIONS[self.activation]
        kind = "Linear" if row.name == "identity" else row.layer
        return f"{kind}Neuron({len(self.w)})"


class Layer(Module):
    """``nout`` neurons that each see all ``nin`` inputs."""

    def __init__(self, nin: int, nout: int, *, squeeze: bool = True,
                 rng: random.Random | None = None, seed: int = 0, **kwargs: object) -> None:
        rng = rng if rng is not None else random.Random(seed)
        self.neurons = [Neuron(nin, rng=rng, **kwargs) for _ in range(nout)]  # type: ignore[arg-type]
        self.squeeze = squeeze

    def __call__(self, x: Sequence[Operand]) -> Value | list[Value]:
        # Numbers become constant leaves once for the layer, not once per neuron (micrograd
        # makes one per use): every neuron reads the same x_i, and its gradient is their sum.
        x = [v if isinstance(v, Value) else _lift(v, "Layer input") for v in x]
        out = [n(x) for n in self.neurons]
        return out[0] if self.squeeze and len(out) == 1 else out

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """A multi-layer perceptron: hidden layers use ``activation``, the last layer is linear.

    ``MLP(2, [16, 16, 1], seed=0)`` maps 2 inputs to one output through two ReLU layers of 16.
    """

    def __init__(self, nin: int, nouts: Sequence[int], *, activation: str = "relu",
                 seed: int = 0, squeeze: bool = True) -> None:
        rng = random.Random(seed)
        sizes = [nin, *nouts]
        self.layers = [
            Layer(sizes[i], sizes[i + 1], nonlin=i != len(nouts) - 1, activation=activation,
                  rng=rng, squeeze=squeeze)
            for i in range(len(nouts))
        ]

    def __call__(self, x: Sequence[Operand]) -> Value | list[Value]:
        out: Value | list[Value] = list(x)  # type: ignore[arg-type]
        for layer in self.layers:
            out = layer(out if isinstance(out, list) else [out])
        return out

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
