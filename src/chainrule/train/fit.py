"""``fit``: the training loop — seeded mini-batches, metrics, callbacks, exact resume.

One epoch: shuffle the rows with a generator seeded by ``(seed, epoch)`` — so epoch k's order
does not depend on how many epochs ran before, and a resumed run sees the same batches — then
for each batch: forward, loss, ``zero_grad``, ``backward``, a finiteness check, ``step``, and a
finiteness check of the parameters the step wrote. The per-batch bookkeeping is one float for
the loss (and, for classifiers, a count of right answers). A NaN or infinite loss, gradient or
parameter — including after the last step of an epoch, and a non-finite validation loss —
stops training with :class:`~chainrule.errors.NumericalError` naming the epoch and the batch,
before any checkpoint for that epoch is written; a bad step is rolled back
(:class:`~chainrule.train.guard.StepGuard`), so neither the model nor a checkpoint ever holds
NaN or infinity. Data that is not finite is refused before training, as the data's fault.
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
from chainrule.errors import ConfigError, ModelFileError
from chainrule.io.checkpoint import load_checkpoint
from chainrule.tensor import Tensor
from chainrule.train.callbacks import TrainState
from chainrule.train.guard import StepGuard, check_data, diverged, first_nonfinite
from chainrule.train.history import History
from chainrule.train.metrics import METRICS, accuracy_counter, check_metrics, evaluate

HOOKS = ("on_train_begin", "on_epoch_begin", "on_batch_end", "on_epoch_end", "on_train_end")


def _bad_gradient(named: Sequence[tuple[str, Tensor]]) -> str | None:
    """The name of the first parameter whose gradient holds NaN or ±inf, else None."""
    for name, p in named:
        if p.grad is not None and first_nonfinite(p.grad) is not None:
            return name
    return None


def _progress(enabled: bool | None) -> Any:
    if enabled is None:
        enabled = sys.stdout.isatty() and not os.environ.get("CI")
    if not enabled:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[status]}"), transient=True)


def _check_args(data: Any, epochs: Any, batch_size: Any) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ConfigError(f"fit: epochs must be an integer ≥ 1, got {epochs!r}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ConfigError(f"fit: batch_size must be an integer ≥ 1, got {batch_size!r}")
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise ConfigError("fit: data must be a pair (X, y) of arrays")
    X, y = check_xy(data[0], data[1], "fit: data")
    if len(X) == 0:
        raise ConfigError("fit: data has no samples")
    check_data(X, y, "fit: data")
    return X, y  # type: ignore[return-value]


def _kind(v: Any) -> str:
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return type(v).__name__
    if isinstance(v, (int, float)):
        return "number"
    return f"list of {len(v)}" if isinstance(v, (list, tuple)) else type(v).__name__


def _check_hyper(path: Any, saved: Any, optimizer: Any) -> None:
    """The checkpoint's hyperparameters must have the kinds the optimizer's have (a tampered
    ``betas = "x"`` would otherwise fail inside the first step)."""
    live = optimizer.hyperparameters() if callable(getattr(optimizer, "hyperparameters",
                                                           None)) else {}
    for name, value in (saved or {}).get("hyper", {}).items():
        if name in live and _kind(value) != _kind(live[name]):
            raise ModelFileError(f"{path}: optimizer hyperparameter {name!r} must be a "
                                 f"{_kind(live[name])}, got {value!r:.40}")


def _resume(path: str | os.PathLike[str], state: TrainState) -> None:
    ckpt = load_checkpoint(path)
    _check_hyper(path, ckpt.optimizer_state, state.optimizer)
    if ckpt.seed is not None and ckpt.seed != state.seed:
        raise ConfigError(f"{path}: the run was started with seed={ckpt.seed}; resume with the "
                          f"same seed (got seed={state.seed}) to continue it exactly")
    ckpt.restore(state.model, state.optimizer, state.scheduler)
    stateful = [cb for cb in state.callbacks if callable(getattr(cb, "load_state_dict", None))]
    saved = ckpt.callback_states
    if [type(cb).__name__ for cb in stateful] != [s["type"] for s in saved]:
        raise ConfigError(f"{path}: the checkpoint has state for callbacks "
                          f"{[s['type'] for s in saved]}; pass the same ones (got "
                          f"{[type(cb).__name__ for cb in stateful]})")
    for cb, s in zip(stateful, saved):
        cb.load_state_dict(s["state"])
    state.epoch, state.history = ckpt.epoch, History(ckpt.history)


def fit(model: nn.Module, data: tuple[Any, Any], loss: Any, optimizer: Any, epochs: int,
        batch_size: int = 32, validation: tuple[Any, Any] | None = None,
        callbacks: Iterable[Any] = (), seed: int = 0, progress: bool | None = None,
        metrics: Sequence[str] = METRICS, *, resume: str | os.PathLike[str] | None = None,
        scheduler: Any = None) -> History:
    """Train ``model`` on ``data = (X, y)`` up to epoch ``epochs`` (counting resumed ones).

    Parameters
    ----------
    model : Module
    data : (X, y)
        X shape (n, features); y shape (n,) for class labels or (n, outputs).
    loss : callable
        ``loss(pred, target) -> Tensor`` (e.g. ``nn.CrossEntropyLoss()``).
    optimizer : Optimizer
        Built on ``model.parameters()``.
    epochs : int
        The last epoch to run, ≥ 1.
    batch_size : int, default 32
    validation : (X_val, y_val), optional
        Scored after each epoch: ``val_loss`` (and ``val_accuracy``).
    callbacks : iterable
        ``EarlyStopping``, ``Checkpoint``, or your own (see :mod:`chainrule.train.callbacks`).
    seed : int, default 0
        Seeds the shuffling; the same seed gives the same run.
    progress : bool, optional
        A progress bar (rich); by default only when stdout is a terminal (never under CI).
    metrics : sequence of {"loss", "accuracy"}, default both
        What to record. ``accuracy`` is kept only for classification losses; the training
        accuracy is the running one over the epoch's batches (as Keras reports it).
    resume : path, optional
        A checkpoint written by :class:`Checkpoint`: parameters, optimizer and schedule state,
        history, generator states and callback states are restored and the run continues as
        if it had never stopped (same ``seed`` required).
    scheduler : LRScheduler, optional
        Stepped once after each epoch.

    Returns
    -------
    History
        Per epoch: ``loss`` (batch losses weighted by batch size: for a mean loss, the mean
        per-sample loss over the epoch), ``accuracy``, ``val_loss``, ``val_accuracy``.

    Raises
    ------
    NumericalError
        The loss or a gradient became NaN or infinite (names epoch, batch and parameter).
    """
    X, y = _check_args(data, epochs, batch_size)
    metrics = check_metrics(metrics, "fit")
    callbacks = sorted(callbacks, key=lambda cb: getattr(cb, "order", 0))
    state = TrainState(model, optimizer, scheduler, callbacks, epochs, seed=seed)
    if resume is not None:
        _resume(resume, state)
    hooks = {h: [getattr(cb, h) for cb in callbacks if callable(getattr(cb, h, None))]
             for h in HOOKS}
    for cb in callbacks:
        if callable(getattr(cb, "set_trainer", None)):
            cb.set_trainer(state)
    count = accuracy_counter(loss) if "accuracy" in metrics else None
    named = list(model.named_parameters())
    guard = StepGuard(named, optimizer)
    params = [p for _, p in named]
    n = len(X)
    bar = _progress(progress)
    logs: dict[str, float] = state.history.last()
    for hook in hooks["on_train_begin"]:
        hook(dict(logs))
    if bar is not None:
        bar.start()
    # Non-finite numbers are checked for explicitly below; NumPy's RuntimeWarnings about them
    # would only print source lines ahead of the one message that explains them.
    quiet = np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore")
    try:
        with quiet:
            while state.epoch < epochs and not state.stop:
                epoch = state.epoch + 1
                for hook in hooks["on_epoch_begin"]:
                    hook(epoch, {})
                task = None if bar is None else bar.add_task(
                    f"epoch {epoch}/{epochs}", total=-(-n // batch_size), status="")
                model.train()
                total, right, counted = 0.0, 0, 0
                order = np.random.default_rng([seed, epoch])
                for b, (xb, yb) in enumerate(batches(X, y, batch_size, True, order), start=1):
                    out = model(Tensor(xb))
                    L = loss(out, yb)
                    for p in params:  # model.zero_grad() without walking the module tree
                        p.grad = None
                    L.backward()
                    value = L.item()
                    lr = getattr(optimizer, "lr", None)
                    if not math.isfinite(value):
                        raise diverged(epoch, b, f"the loss is {value}", lr)
                    bad = _bad_gradient(named)
                    if bad is not None:
                        raise diverged(epoch, b, f"the gradient of {bad} is not finite", lr)
                    guard.take()
                    optimizer.step()
                    bad = guard.bad_parameter()
                    if bad is not None:
                        guard.restore()
                        raise diverged(epoch, b, f"the step made {bad} non-finite", lr)
                    total += value * len(xb)
                    if count is not None:
                        r, c = count(out.data, yb)
                        right, counted = right + r, counted + c
                    for hook in hooks["on_batch_end"]:
                        hook(b, {"loss": value, "size": len(xb)})
                    if task is not None:
                        bar.update(task, advance=1, status=f"loss {value:.4f}")
                logs = {"epoch": epoch, "loss": total / n}
                if count is not None:
                    logs["accuracy"] = right / counted
                if validation is not None:
                    scores = evaluate(model, validation[0], validation[1], loss, metrics=metrics)
                    if not math.isfinite(scores.get("loss", 0.0)):
                        raise diverged(epoch, b, f"the validation loss is {scores['loss']} "
                                       "after the epoch's last step",
                                       getattr(optimizer, "lr", None), rolled_back=False)
                    logs.update({f"val_{k}": v for k, v in scores.items()})
                if scheduler is not None:
                    scheduler.step()
                state.epoch = epoch
                state.history.append(logs)
                if task is not None:
                    bar.remove_task(task)
                for hook in hooks["on_epoch_end"]:
                    hook(epoch, {k: v for k, v in logs.items() if k != "epoch"})
    finally:
        if bar is not None:
            bar.stop()
    for hook in hooks["on_train_end"]:
        hook(dict(logs))
    return state.history
