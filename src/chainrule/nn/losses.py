"""Losses: callables ``loss(pred, target) -> Tensor``.

``pred`` is a Tensor (the network's output); ``target`` is an array or a Tensor and is never
differentiated. ``reduction`` is PyTorch's: ``"mean"`` (the default) or ``"sum"`` gives one
number, ``"none"`` one loss per element (per row for the cross-entropies). The reduction each
loss is defined with runs as one fused node (see :mod:`chainrule.tensor.fused`); the others are
composed from the per-element terms, so their gradients come from the ops they are made of.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.tensor import Tensor, as_tensor, where
from chainrule.tensor import functions as fn

REDUCTIONS = ("mean", "sum", "none")


def _array(target: Any, dtype: Any = None) -> np.ndarray:
    return np.asarray(target.data if isinstance(target, Tensor) else target, dtype=dtype)


class Loss:
    """Base of the losses: ``loss(pred, target)`` reduces :meth:`terms` as ``reduction`` says.

    Subclasses define ``terms(pred, target)`` (the per-element losses) and, when a fused op
    computes one reduction, ``fused`` (that reduction's name) and :meth:`forward`.
    """

    fused: str | None = None

    def __init__(self, reduction: str = "mean") -> None:
        if reduction not in REDUCTIONS:
            raise ConfigError(f"{type(self).__name__}: reduction must be one of "
                              f"{', '.join(map(repr, REDUCTIONS))}, got {reduction!r}")
        self.reduction = reduction

    def __call__(self, pred: Any, target: Any) -> Tensor:
        pred = as_tensor(pred)
        if self.reduction == self.fused:
            return self.forward(pred, target)
        terms = self.terms(pred, target)
        if self.reduction == "none":
            return terms
        return terms.sum() if self.reduction == "sum" else terms.mean()

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def terms(self, pred: Tensor, target: Any) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not define terms()")

    def __repr__(self) -> str:
        extra = self.extra_repr()
        default = self.reduction == (self.fused or "mean")
        parts = [p for p in (extra, "" if default else f"reduction={self.reduction!r}") if p]
        return f"{type(self).__name__}({', '.join(parts)})"

    def extra_repr(self) -> str:
        return ""


class MSELoss(Loss):
    """Mean squared error over all n elements (seed 003): E = (1/n) Σ (o − t)².

    ∂E/∂o = 2(o − t)/n. ``target`` has ``pred``'s shape or broadcasts to exactly it.
    """

    fused = "mean"

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.mse_loss(pred, target)

    def terms(self, pred: Tensor, target: Any) -> Tensor:
        d = pred - _array(target, pred.dtype)
        return d * d


class HalfSquaredErrorLoss(Loss):
    """Half the summed squared error (seed 000): E = Σ ½ (t − o)², so ∂E/∂o = o − t.

    PyTorch has no such class (``MSELoss(reduction="sum") / 2`` is the same number). Its own
    reduction is the sum (the default here); ``"mean"`` divides by the element count.
    """

    fused = "sum"

    def __init__(self, reduction: str = "sum") -> None:
        super().__init__(reduction)

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.half_sum_squares(pred, target)

    def terms(self, pred: Tensor, target: Any) -> Tensor:
        d = pred - _array(target, pred.dtype)
        return 0.5 * (d * d)


class BCELoss(Loss):
    """Binary cross-entropy of probabilities: E = −mean(t ln p + (1 − t) ln(1 − p)).

    p is clipped to [eps, 1 − eps] so that the logarithms stay finite.
    """

    fused = "mean"

    def __init__(self, eps: float = 1e-7, reduction: str = "mean") -> None:
        if not 0 < eps < 0.5:
            raise ConfigError(f"BCELoss: eps must be in (0, 0.5), got {eps!r}")
        super().__init__(reduction)
        self.eps = float(eps)

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.binary_cross_entropy(pred, target, self.eps)

    def terms(self, pred: Tensor, target: Any) -> Tensor:
        t = _array(target, pred.dtype)
        p = pred.clip(self.eps, 1 - self.eps)
        return -(t * p.log() + (1 - t) * (1 - p).log())

    def extra_repr(self) -> str:
        return f"eps={self.eps:g}"


class BCEWithLogitsLoss(Loss):
    """Binary cross-entropy from logits z (σ fused in, stable): ∂E/∂z = (σ(z) − t)/n.

    ``torch.nn.BCEWithLogitsLoss()`` with its defaults (no ``weight`` or ``pos_weight``).
    """

    fused = "mean"

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.binary_cross_entropy_with_logits(pred, target)

    def terms(self, pred: Tensor, target: Any) -> Tensor:
        # max(z, 0) − z·t + ln(1 + e^(−|z|)), the stable form of −[t ln σ + (1 − t) ln(1 − σ)]
        t = _array(target, pred.dtype)
        return pred.relu() - pred * t + (-pred.abs()).softplus()


class CrossEntropyLoss(Loss):
    """Cross-entropy of softmax(logits), softmax fused in: E = −(1/N) Σₙ ln softmax(zₙ)[tₙ].

    ``pred`` is logits of shape (N, C); ``target`` is class indices of shape (N,) or one-hot
    (or soft) rows of shape (N, C). ∂E/∂z = (softmax(z) − onehot(t))/N. ``"none"`` gives one
    loss per row.

    The same loss as ``torch.nn.CrossEntropyLoss()`` with its defaults, on logits (N, C) with
    integer classes (N,) or probability rows (N, C), for each ``reduction``. Not offered:
    ``weight``, ``label_smoothing``, unbatched (C,) or spatial (N, C, d₁, …) input, and
    ``ignore_index`` — a class index outside [0, C) (PyTorch's default −100 included) is a
    :class:`~chainrule.errors.ConfigError`, not a skipped row.
    """

    fused = "mean"

    def forward(self, pred: Tensor, target: Any) -> Tensor:
        return fn.cross_entropy(pred, target)

    def terms(self, pred: Tensor, target: Any) -> Tensor:
        t = _array(target)
        logp = pred.log_softmax(axis=1)
        if t.ndim == 1:
            return NLLLoss(reduction="none")(logp, t)
        return -(logp * t.astype(pred.dtype)).sum(axis=1)


class L1Loss(Loss):
    """Mean absolute error: E = (1/n) Σ |o − t|; ∂E/∂o = sign(o − t)/n (0 where o = t)."""

    def terms(self, pred: Tensor, target: Any) -> Tensor:
        return (pred - _array(target, pred.dtype)).abs()


class HuberLoss(Loss):
    """Huber loss: ½d² where |d| < δ, else δ(|d| − ½δ), with d = o − t (PyTorch's form).

    Quadratic near the target, linear far from it, so outliers pull with a bounded force δ.
    """

    def __init__(self, delta: float = 1.0, reduction: str = "mean") -> None:
        if not delta > 0:
            raise ConfigError(f"HuberLoss: delta must be > 0, got {delta!r}")
        super().__init__(reduction)
        self.delta = float(delta)

    def terms(self, pred: Tensor, target: Any) -> Tensor:
        d = pred - _array(target, pred.dtype)
        a = d.abs()
        return where(a.data < self.delta, 0.5 * (d * d), self.delta * (a - 0.5 * self.delta))

    def extra_repr(self) -> str:
        return f"delta={self.delta:g}"


class NLLLoss(Loss):
    """Negative log-likelihood of log-probabilities (N, C) (from :class:`LogSoftmax`) at the
    class indices (N,): E = −(1/N) Σₙ pred[n, tₙ]."""

    def terms(self, pred: Tensor, target: Any) -> Tensor:
        t = _array(target)
        if pred.ndim != 2 or t.shape != (pred.shape[0],):
            raise ConfigError(f"NLLLoss: needs log-probabilities (N, C) and class indices (N,); "
                              f"got shapes {tuple(pred.shape)} and {tuple(t.shape)}")
        if t.dtype.kind not in "iu" or (t.size and (t.min() < 0 or t.max() >= pred.shape[1])):
            raise ConfigError(f"NLLLoss: targets must be integer class indices in "
                              f"[0, {pred.shape[1]})")
        return -pred[np.arange(pred.shape[0]), t]
