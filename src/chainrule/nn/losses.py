"""Losses: callables ``loss(pred, target) -> Tensor`` holding one number.

``pred`` is a Tensor (the network's output); ``target`` is an array or a Tensor and is never
differentiated. Each loss is one fused node (see :mod:`chainrule.tensor.fused`).
"""

from __future__ import annotations

from typing import Any

from chainrule.errors import ConfigError
from chainrule.tensor import Tensor, as_tensor
from chainrule.tensor import functions as fn


class Loss:
    """Base of the losses: ``loss(pred, target)`` calls :meth:`forward`."""

    def __call__(self, pred: Any, target: Any) -> Tensor:
        return self.forward(as_tensor(pred), target)

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSELoss(Loss):
    """Mean squared error over all n elements (seed 003): E = (1/n) Σ (o − t)².

    ∂E/∂o = 2(o − t)/n. ``target`` has ``pred``'s shape or broadcasts to exactly it.
    """

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.mse_loss(pred, target)


class HalfSumSquares(Loss):
    """Half the summed squared error (seed 000): E = Σ ½ (t − o)², so ∂E/∂o = o − t."""

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.half_sum_squares(pred, target)


class BCELoss(Loss):
    """Binary cross-entropy of probabilities: E = −mean(t ln p + (1 − t) ln(1 − p)).

    p is clipped to [eps, 1 − eps] so that the logarithms stay finite.
    """

    def __init__(self, eps: float = 1e-7) -> None:
        if not 0 < eps < 0.5:
            raise ConfigError(f"BCELoss: eps must be in (0, 0.5), got {eps!r}")
        self.eps = float(eps)

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.bce(pred, target, self.eps)

    def __repr__(self) -> str:
        return f"BCELoss(eps={self.eps:g})"


class BCEWithLogits(Loss):
    """Binary cross-entropy from logits z (σ fused in, stable): ∂E/∂z = (σ(z) − t)/n."""

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.bce_with_logits(pred, target)


class SoftmaxCrossEntropy(Loss):
    """Cross-entropy of softmax(logits), softmax fused in: E = −(1/N) Σₙ ln softmax(zₙ)[tₙ].

    ``pred`` is logits of shape (N, C); ``target`` is class indices of shape (N,) or one-hot
    (or soft) rows of shape (N, C). ∂E/∂z = (softmax(z) − onehot(t))/N.
    """

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.softmax_cross_entropy(pred, target)
