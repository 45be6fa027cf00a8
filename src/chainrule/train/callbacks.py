"""Callbacks: code that runs at fixed points of :func:`~chainrule.train.fit`.

The protocol (Keras-shaped; define only the hooks you need — any object with some of them is
a callback, subclassing :class:`Callback` is optional):

* ``set_trainer(state)`` — once, before training: the :class:`TrainState` (model, optimizer,
  scheduler, history, ``stop``…).
* ``on_train_begin(logs)``, ``on_train_end(logs)`` — ``logs`` is the last epoch's metrics.
* ``on_epoch_begin(epoch, logs)``, ``on_epoch_end(epoch, logs)`` — ``epoch`` counts from 1;
  at the end ``logs`` holds the epoch's metrics (``{"loss": …, "val_accuracy": …}``).
* ``on_batch_end(batch, logs)`` — ``logs = {"loss": float, "size": int}``; only called when
  some callback defines it, so the plain loop pays nothing for it.

Setting ``state.stop = True`` ends training after the current epoch. Callbacks run in the order
given, except that those with a larger ``order`` attribute run later: :class:`Checkpoint` has
``order = 100`` so it saves the state other callbacks updated for the epoch. A callback with
``state_dict()``/``load_state_dict()`` is saved in checkpoints and restored on resume.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.io.checkpoint import save_checkpoint
from chainrule.train.history import History


@dataclass
class TrainState:
    """What callbacks see: the run so far. ``epoch`` is the number of finished epochs."""

    model: Any
    optimizer: Any
    scheduler: Any = None
    callbacks: list[Any] = field(default_factory=list)
    epochs: int = 0
    epoch: int = 0
    history: History = field(default_factory=History)
    stop: bool = False
    seed: int = 0


class Callback:
    """Base class with every hook doing nothing; ``self.trainer`` is the :class:`TrainState`."""

    order = 0
    trainer: TrainState | None = None

    def set_trainer(self, state: TrainState) -> None:
        self.trainer = state

    def on_train_begin(self, logs: dict[str, float]) -> None:
        """Before the first epoch (of this call to ``fit``)."""

    def on_epoch_begin(self, epoch: int, logs: dict[str, float]) -> None:
        """Before epoch ``epoch`` (1-based)."""

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        """After epoch ``epoch``; ``logs`` holds its metrics, already in the history."""

    def on_train_end(self, logs: dict[str, float]) -> None:
        """Once, when training ends (all epochs done, or stopped)."""


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by more than ``min_delta`` for ``patience`` epochs.

    Parameters
    ----------
    monitor : str, default "val_loss"
        A history key. Losses improve downwards, accuracies upwards (``mode="auto"``).
    patience : int, default 5
        Epochs in a row without improvement that are tolerated: training stops after the
        (patience + 1)-th (0 stops at the first), counted as PyTorch's ReduceLROnPlateau does.
    min_delta : float, default 0
        An improvement must beat the best by more than this.
    restore_best : bool, default True
        At the end, put back the parameters of the best epoch.
    mode : {"auto", "min", "max"}, default "auto"

    Attributes
    ----------
    best : float
        Best value seen; ``best_epoch`` is its epoch (0 before any).
    stopped_epoch : int
        The epoch after which it stopped training (0 if it did not).
    """

    def __init__(self, monitor: str = "val_loss", patience: int = 5, min_delta: float = 0.0,
                 restore_best: bool = True, mode: str = "auto") -> None:
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 0:
            raise ConfigError(f"EarlyStopping: patience must be an integer ≥ 0, got {patience!r}")
        if not isinstance(min_delta, (int, float)) or not min_delta >= 0:
            raise ConfigError(f"EarlyStopping: min_delta must be ≥ 0, got {min_delta!r}")
        if mode not in ("auto", "min", "max"):
            raise ConfigError(f"EarlyStopping: mode must be 'auto', 'min' or 'max', got {mode!r}")
        if mode == "auto":
            mode = "min" if "loss" in monitor else "max"
        self.monitor, self.patience, self.min_delta = monitor, patience, float(min_delta)
        self.restore_best, self.mode = restore_best, mode
        self.best = math.inf if mode == "min" else -math.inf
        self.best_epoch = self.wait = self.stopped_epoch = 0
        self.best_weights: dict[str, np.ndarray] | None = None

    def _improved(self, value: float) -> bool:
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        if self.monitor not in logs:
            raise ConfigError(f"EarlyStopping: no metric {self.monitor!r} to monitor; "
                              f"measured: {', '.join(logs)} (pass validation= for val_*)")
        value = logs[self.monitor]
        if self._improved(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best and self.trainer is not None:
                self.best_weights = self.trainer.model.state_dict()
            return
        self.wait += 1
        if self.wait > self.patience and self.trainer is not None:
            self.trainer.stop = True
            self.stopped_epoch = epoch

    def on_train_end(self, logs: dict[str, float]) -> None:
        if self.restore_best and self.best_weights is not None and self.trainer is not None:
            self.trainer.model.load_state_dict(self.best_weights)

    def state_dict(self) -> dict[str, Any]:
        """Best value and epoch, the wait so far, and the best weights (for exact resume)."""
        return {"best": self.best, "best_epoch": self.best_epoch, "wait": self.wait,
                "best_weights": self.best_weights}

    def load_state_dict(self, sd: dict[str, Any]) -> None:
        self.best, self.best_epoch, self.wait = float(sd["best"]), int(sd["best_epoch"]), \
            int(sd["wait"])
        self.best_weights = sd.get("best_weights")


class Checkpoint(Callback):
    """Save a checkpoint every ``every`` epochs (and after the last), atomically.

    The file holds the model, optimizer, schedule, epoch, seed, history, random-generator
    states and the state of the other callbacks — all ``fit(..., resume=path)`` needs to
    continue exactly. It is rewritten in place (``os.replace``), so a crash during a save, or
    a run that diverges, leaves the previous good checkpoint whole.

    Parameters
    ----------
    path : path-like
        ``.npz`` or ``.safetensors``. ``{epoch}`` in the name is filled in (one file per save).
    every : int, default 1
    extra : dict, optional
        JSON saved with every checkpoint (the CLI records its data and batch size there).
    """

    order = 100

    def __init__(self, path: str | os.PathLike[str], every: int = 1,
                 extra: dict[str, Any] | None = None) -> None:
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ConfigError(f"Checkpoint: every must be an integer ≥ 1, got {every!r}")
        self.path, self.every = os.fspath(path), every
        self.extra = dict(extra or {})
        self.last_path: Path | None = None

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        state = self.trainer
        if state is None:
            raise ConfigError("Checkpoint: used outside fit (no trainer was set)")
        if epoch % self.every and epoch < state.epochs and not state.stop:
            return
        others = [cb for cb in state.callbacks if cb is not self]
        self.last_path = save_checkpoint(
            self.path.replace("{epoch}", str(epoch)), state.model, state.optimizer, epoch,
            history=state.history.to_dict(), scheduler=state.scheduler, callbacks=others,
            seed=state.seed, extra=self.extra)
