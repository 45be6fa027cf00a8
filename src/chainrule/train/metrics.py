"""Predictions and scores: ``predict``, ``evaluate``, and accuracy for classification losses.

Whether accuracy makes sense is read from the loss: softmax cross-entropy compares the
arg-max class with the label (or the one-hot row's arg-max); binary cross-entropy on
probabilities thresholds at 0.5, on logits at 0. Regression losses (MSE, half sum of squares)
have no accuracy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from chainrule import nn
from chainrule.data.arrays import check_xy
from chainrule.errors import ConfigError
from chainrule.tensor import Tensor, no_grad

#: ``count(pred, target) -> (correct, counted)`` for one batch.
Counter = Callable[[np.ndarray, np.ndarray], tuple[int, int]]
METRICS = ("loss", "accuracy")


def _count_argmax(pred: np.ndarray, y: np.ndarray) -> tuple[int, int]:
    labels = y if y.ndim == 1 else y.argmax(axis=1)
    return int(np.count_nonzero(pred.argmax(axis=1) == labels)), len(labels)


def _threshold_counter(threshold: float) -> Counter:
    def count(pred: np.ndarray, y: np.ndarray) -> tuple[int, int]:
        hits = (pred > threshold) == (y.reshape(pred.shape) > 0.5)
        return int(np.count_nonzero(hits)), hits.size

    return count


def accuracy_counter(loss: Any) -> Counter | None:
    """The per-batch counter of right answers for ``loss``, or None when it is not a classifier's.
    """
    if isinstance(loss, nn.CrossEntropyLoss):
        return _count_argmax
    if isinstance(loss, nn.BCEWithLogitsLoss):
        return _threshold_counter(0.0)
    if isinstance(loss, nn.BCELoss):
        return _threshold_counter(0.5)
    return None


def check_metrics(metrics: Sequence[str], where: str) -> tuple[str, ...]:
    """``metrics`` as a tuple, each one of :data:`METRICS`; ConfigError otherwise."""
    if isinstance(metrics, str):
        metrics = (metrics,)
    bad = [m for m in metrics if m not in METRICS]
    if bad:
        raise ConfigError(f"{where}: unknown metric(s) {bad}; choose from {list(METRICS)}")
    return tuple(metrics)


def predict(model: nn.Module, X: Any, batch_size: int = 1024) -> np.ndarray:
    """The model's outputs for ``X``, in evaluation mode and without recording a graph.

    Parameters
    ----------
    model : Module
    X : array, shape (n, features)
    batch_size : int, default 1024
        Rows per forward pass (bounds memory, not the result).

    Returns
    -------
    ndarray, shape (n, outputs)
        The model's training mode is restored afterwards.
    """
    X, _ = check_xy(X, None, "predict")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigError(f"predict: batch_size must be an integer ≥ 1, got {batch_size!r}")
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            parts = [model(Tensor(X[i:i + batch_size])).data
                     for i in range(0, len(X), batch_size)]
    finally:
        model.train(was_training)
    return np.concatenate(parts) if parts else np.empty((0,))


def accuracy(loss: Any, pred: np.ndarray, y: np.ndarray) -> float | None:
    """Fraction of right answers of ``pred`` against ``y`` under ``loss``'s rule, or None."""
    count = accuracy_counter(loss)
    if count is None:
        return None
    right, total = count(np.asarray(pred), np.asarray(y))
    return right / total if total else float("nan")


def evaluate(model: nn.Module, X: Any, y: Any, loss: Any, batch_size: int = 1024,
             metrics: Sequence[str] = METRICS) -> dict[str, float]:
    """Score ``model`` on (X, y): ``{"loss": L, "accuracy": a}`` (accuracy for classifiers).

    The loss is computed once over all n predictions, so a mean loss is the mean over the
    whole set and a summed loss (``HalfSquaredErrorLoss``) the sum.
    """
    metrics = check_metrics(metrics, "evaluate")
    X, y = check_xy(X, y, "evaluate")
    pred = predict(model, X, batch_size)
    out: dict[str, float] = {}
    if "loss" in metrics:
        with no_grad():
            out["loss"] = float(loss(Tensor(pred), y).item())
    if "accuracy" in metrics:
        acc = accuracy(loss, pred, y)
        if acc is not None:
            out["accuracy"] = acc
    return out
