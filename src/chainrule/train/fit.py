"""``fit``: the training loop — seeded mini-batches, a progress bar, metrics, callbacks, resume.

One epoch: shuffle the rows with a generator seeded by ``(seed, epoch)`` — so epoch k's order
does not depend on how many epochs ran before, and a resumed run sees the same batches — then for
each batch: forward, loss, ``zero_grad``, ``backward``, ``step``. A NaN or infinite loss or
gradient stops training with :class:`~chainrule.errors.NumericalError` naming the epoch and the
batch; no checkpoint is written for that epoch, so the last good one stays intact.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from chainrule import nn
from chainrule.data.arrays import batches, check_xy
from chainrule.errors import ConfigError, NumericalError
from chainrule.io.checkpoint import load_checkpoint
from chainrule.tensor import Tensor, no_grad
from chainrule.train.callbacks import Callback, TrainState
from chainrule.train.history import History


def predict(model: nn.Module, X: Any, batch_size: int = 1024) -> np.ndarray:
    """The model's outputs for ``X`` (evaluation mode, no graph), shape (n, outputs)."""
    X, _ = check_xy(X, None, "predict")
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            parts = [model(Tensor(X[i:i + batch_size])).data for i in range(0, len(X), batch_size)]
    finally:
        model.train(was_training)
    return np.concatenate(parts)


def accuracy(loss: Any, pred: np.ndarray, y: np.ndarray) -> float | None:
    """Fraction classified right, when ``loss`` is a classification loss; else ``None``.

    Softmax cross-entropy: the arg-max class against labels (or one-hot rows); BCE on
    probabilities: p > 0.5; BCE with logits: z > 0.
    """
    if isinstance(loss, nn.SoftmaxCrossEntropy):
        labels = y if y.ndim == 1 else y.argmax(axis=1)
        return float((pred.argmax(axis=1) == labels).mean())
    threshold = {nn.BCELoss: 0.5, nn.BCEWithLogits: 0.0}.get(type(loss))
    if threshold is None:
        return None
    return float(((pred > threshold) == (y.reshape(pred.shape) > 0.5)).mean())


def evaluate(model: nn.Module, X: Any, y: Any, loss: Any) -> dict[str, float]:
    """``{"loss": ..., "accuracy": ...}`` of ``model`` on (X, y) (accuracy for classifiers)."""
    X, y = check_xy(X, y, "evaluate")
    pred = predict(model, X)
    with no_grad():
        out = {"loss": float(loss(Tensor(pred), y).item())}
    acc = accuracy(loss, pred, y)
    if acc is not None:
        out["accuracy"] = acc
    return out


def _finite_grads(params: Sequence[Tensor]) -> bool:
    return all(p.grad is None or np.isfinite(p.grad).all() for p in params)


def _progress(enabled: bool | None) -> Any:
    if enabled is None:
        enabled = sys.stdout.isatty() and not os.environ.get("CI")
    if not enabled:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[status]}"), transient=True)


def fit(model: nn.Module, data: tuple[Any, Any], loss: Any, optimizer: Any, epochs: int,
        batch_size: int = 32, *, validation: tuple[Any, Any] | None = None,
        callbacks: Iterable[Callback] = (), seed: int = 0, progress: bool | None = None,
        resume: str | os.PathLike[str] | None = None) -> History:
    """Train ``model`` on ``data = (X, y)`` for ``epochs`` epochs (in total, counting resumed ones).

    Parameters
    ----------
    model : Module
    data : (X, y)
        X shape (n, features); y shape (n,) for class labels or (n, outputs).
    loss : callable
        ``loss(pred, target) -> Tensor`` (e.g. ``nn.SoftmaxCrossEntropy()``).
    optimizer : Optimizer
        Built on ``model.parameters()``.
    epochs : int
    batch_size : int
    validation : (X_val, y_val), optional
        Adds ``val_loss`` (and ``val_accuracy``) to the history.
    callbacks : iterable of Callback
        ``EarlyStopping``, ``Checkpoint``, or your own.
    seed : int
        Seeds the shuffling; the same seed gives the same run.
    progress : bool, optional
        Show a progress bar; by default only on a terminal (and never under CI).
    resume : path, optional
        A checkpoint to continue from: parameters, optimizer state, history and epoch are
        restored, and the run continues as if it had never stopped.

    Returns
    -------
    History
        Per-epoch ``loss`` (mean over batches), ``accuracy`` (classification), ``val_*``.
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise ConfigError(f"fit: epochs must be an integer ≥ 1, got {epochs!r}")
    X, y = check_xy(*data, "fit: data")
    callbacks = list(callbacks)
    state = TrainState(model, optimizer, seed=seed)
    if resume is not None:
        ckpt = load_checkpoint(resume)
        ckpt.restore(model, optimizer)
        state.epoch, state.history = ckpt.epoch, History(ckpt.history)
    params = model.parameters()
    bar = _progress(progress)
    n_batches = math.ceil(len(X) / batch_size)
    if bar is not None:
        bar.start()
    try:
        while state.epoch < epochs and not state.stop:
            epoch = state.epoch + 1
            task = bar.add_task(f"epoch {epoch}/{epochs}", total=n_batches, status="") \
                if bar is not None else None
            model.train()
            total = 0.0
            order = np.random.default_rng([seed, epoch])
            for b, (xb, yb) in enumerate(batches(X, y, batch_size, True, order), start=1):
                out = loss(model(Tensor(xb)), yb)
                optimizer.zero_grad()
                out.backward()
                value = out.item()
                if not math.isfinite(value) or not _finite_grads(params):
                    what = f"the loss is {value}" if not math.isfinite(value) else \
                        "a gradient is not finite"
                    raise NumericalError(f"training diverged at epoch {epoch}, batch {b}: "
                                         f"{what}; lower the learning rate")
                optimizer.step()
                total += value
                if task is not None:
                    bar.update(task, advance=1, status=f"loss {total / b:.4f}")
            logs = {"epoch": epoch, "loss": total / n_batches}
            train_acc = accuracy(loss, predict(model, X), y)
            if train_acc is not None:
                logs["accuracy"] = train_acc
            if validation is not None:
                logs.update({f"val_{k}": v for k, v in evaluate(model, *validation, loss).items()})
            state.epoch = epoch
            state.history.append(logs)
            if task is not None:
                bar.remove_task(task)
            for cb in callbacks:
                cb.on_epoch_end(state)
    finally:
        if bar is not None:
            bar.stop()
    for cb in callbacks:
        cb.on_train_end(state)
    return state.history
