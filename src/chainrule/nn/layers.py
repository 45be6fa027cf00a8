"""Layers: ``Dense`` (fully connected), the activation layers, and ``Dropout``.

As in seed 003, a fully connected layer and its activation are separate layers: ``Dense``
computes yʲ = Σᵢ wᵢʲ xᵢ + bʲ for a whole batch as ``y = x @ W + b``, and an activation layer
applies σ element-wise. Backpropagation through them is then

    Dense:       ∂E/∂xᵢ = Σⱼ wᵢʲ ∂E/∂yʲ,   ∂E/∂wᵢʲ = xᵢ ∂E/∂yʲ,   ∂E/∂bʲ = ∂E/∂yʲ
    activation:  ∂E/∂xᵢ = σ'(xᵢ) ∂E/∂yᵢ

with the batch's contributions to ∂E/∂W and ∂E/∂b summed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.nn.module import Module
from chainrule.tensor import Tensor, as_tensor
from chainrule.tensor.fused import LINEAR
from chainrule.tensor.tensor import apply

INITS = ("xavier", "he")
Seed = int | np.random.Generator


def _rng(seed: Seed, where: str) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0:
        return np.random.default_rng(int(seed))
    raise ConfigError(f"{where}: seed must be a non-negative int or a numpy Generator, "
                      f"got {seed!r}")


def _positive_int(value: Any, name: str, where: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"{where}: {name} must be a positive int, got {value!r}")
    return int(value)


class Dense(Module):
    """A fully connected layer: y = x @ W + b.

    Parameters
    ----------
    in_features, out_features : int
        Sizes of the input and of the output.
    init : {"xavier", "he"}
        Initial weights: ``"xavier"`` (Glorot uniform) draws from U(−a, a) with
        a = √(6/(in + out)), for tanh and sigmoid; ``"he"`` draws from N(0, 2/in), for ReLU.
        Biases start at 0.
    seed : int or numpy.random.Generator
        Source of the initial weights (a Generator can be shared by several layers).
    dtype : numpy dtype
        float32 (default, for speed) or float64 (for exact checks).
    bias : bool
        Whether the layer has the bias b.

    Attributes
    ----------
    weight : Tensor, shape (in_features, out_features)
        ``weight[i, j]`` is wᵢʲ, the weight from input i to output j — so ``y = x @ W``
        needs no transpose (PyTorch's Linear stores the transpose, (out, in)).
    bias : Tensor, shape (out_features,), or None

    Shapes: x (N, in_features) or (in_features,) → y (N, out_features) or (out_features,).
    """

    def __init__(self, in_features: int, out_features: int, init: str = "xavier",
                 seed: Seed = 0, dtype: Any = np.float32, bias: bool = True) -> None:
        where = "Dense"
        self.in_features = _positive_int(in_features, "in_features", where)
        self.out_features = _positive_int(out_features, "out_features", where)
        if init not in INITS:
            raise ConfigError(f"Dense: init must be one of {', '.join(map(repr, INITS))}; "
                              f"got {init!r}")
        dt = np.dtype(dtype)
        if dt.kind != "f":
            raise ConfigError(f"Dense: dtype must be float32 or float64, got {dt}")
        self.init = init
        rng = _rng(seed, where)
        shape = (self.in_features, self.out_features)
        if init == "xavier":
            limit = np.sqrt(6.0 / (self.in_features + self.out_features))
            w = rng.uniform(-limit, limit, size=shape)
        else:
            w = rng.standard_normal(shape) * np.sqrt(2.0 / self.in_features)
        self.weight = Tensor(w.astype(dt), requires_grad=True, name="weight")
        self.bias = (Tensor(np.zeros(self.out_features, dt), requires_grad=True, name="bias")
                     if bias else None)

    def forward(self, x: Any) -> Tensor:
        if not isinstance(x, Tensor):
            x = Tensor(x, dtype=self.weight._data.dtype)
        shape = x._data.shape
        if not shape or shape[-1] != self.in_features:
            raise ShapeError(f"Dense({self.in_features}, {self.out_features}): input of shape "
                             f"{shape} does not fit weight of shape "
                             f"{tuple(self.weight.shape)}; the last axis must have "
                             f"{self.in_features} features")
        if self.bias is None:
            return apply(LINEAR, x, self.weight)
        return apply(LINEAR, x, self.weight, self.bias)

    def extra_repr(self) -> str:
        text = f"{self.in_features}, {self.out_features}, init={self.init!r}, " \
               f"dtype={self.weight.dtype}"
        return text if self.bias is not None else text + ", bias=False"


class Flatten(Module):
    """Merge axes start_dim … end_dim into one: (N, a, b) -> (N, a·b) with the defaults."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        self.start_dim, self.end_dim = int(start_dim), int(end_dim)

    def forward(self, x: Any) -> Tensor:
        return as_tensor(x).flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class LogSoftmax(Module):
    """yᵢ = xᵢ − ln Σⱼ e^(xⱼ) along ``axis`` (log-probabilities, for :class:`NLLLoss`)."""

    def __init__(self, axis: int = -1) -> None:
        self.axis = int(axis)

    def forward(self, x: Any) -> Tensor:
        return as_tensor(x).log_softmax(self.axis)

    def extra_repr(self) -> str:
        return f"axis={self.axis}"


class Softmax(Module):
    """yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ) along ``axis`` (probabilities; for training from logits prefer
    :class:`~chainrule.nn.CrossEntropyLoss`, which fuses softmax into the loss)."""

    def __init__(self, axis: int = -1) -> None:
        self.axis = int(axis)

    def forward(self, x: Any) -> Tensor:
        return as_tensor(x).softmax(self.axis)

    def extra_repr(self) -> str:
        return f"axis={self.axis}"


class Dropout(Module):
    """Inverted dropout: in training, zero each element with probability p and scale the rest
    by 1/(1 − p); in evaluation, pass the input through unchanged.

    The scaling keeps E[y] = x, so nothing changes between training and evaluation.

    Parameters
    ----------
    p : float
        Probability of dropping an element, 0 ≤ p < 1.
    seed : int or numpy.random.Generator
        Source of the masks; the sequence of masks is reproducible.
    """

    def __init__(self, p: float = 0.5, seed: Seed = 0) -> None:
        if not 0 <= p < 1:
            raise ConfigError(f"Dropout: p must be in [0, 1), got {p!r}")
        self.p = float(p)
        self._rng = _rng(seed, "Dropout")

    def forward(self, x: Any) -> Tensor:
        x = as_tensor(x)
        if not self.training or self.p == 0:
            return x
        dtype = x.dtype if x.dtype in (np.float32, np.float64) else np.float64
        mask = (self._rng.random(x.shape, dtype=dtype) >= self.p).astype(x.dtype)
        mask *= 1 / (1 - self.p)
        return x * mask

    def extra_repr(self) -> str:
        return f"p={self.p:g}"
