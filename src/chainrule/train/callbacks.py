"""Callbacks: code that runs at the end of each epoch (early stopping, checkpoints, your own).

A callback has ``on_epoch_end(state)``; ``state`` is the :class:`TrainState` (model, optimizer,
epoch, history, ``stop``). Setting ``state.stop = True`` ends training after this epoch.
``on_train_end(state)`` runs once at the end, if defined.
"""

from __future__ import annotations

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
    """What callbacks see: the run so far."""

    model: Any
    optimizer: Any
    epoch: int = 0
    history: History = field(default_factory=History)
    stop: bool = False
    seed: int = 0


class Callback:
    """Base class: override the hooks you need."""

    def on_epoch_end(self, state: TrainState) -> None:
        """After each epoch's metrics are in ``state.history``."""

    def on_train_end(self, state: TrainState) -> None:
        """Once, when training ends (finished, stopped early)."""


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by ``min_delta`` for ``patience`` epochs.

    Losses improve downwards, other metrics upwards. With ``restore_best`` the parameters of
    the best epoch are put back at the end.
    """

    def __init__(self, monitor: str = "val_loss", patience: int = 5, min_delta: float = 0.0,
                 restore_best: bool = True) -> None:
        if patience < 0:
            raise ConfigError(f"EarlyStopping: patience must be ≥ 0, got {patience!r}")
        self.monitor, self.patience, self.min_delta = monitor, patience, min_delta
        self.restore_best = restore_best
        self.sign = 1.0 if "loss" in monitor else -1.0
        self.best = np.inf
        self.best_epoch = 0
        self.wait = 0
        self._best_state: dict[str, np.ndarray] | None = None

    def on_epoch_end(self, state: TrainState) -> None:
        if self.monitor not in state.history:
            raise ConfigError(f"EarlyStopping: no metric {self.monitor!r} to monitor; "
                              f"measured: {', '.join(state.history.to_dict())}")
        score = self.sign * state.history[self.monitor][-1]
        if score < self.best - self.min_delta:
            self.best, self.best_epoch, self.wait = score, state.epoch, 0
            if self.restore_best:
                self._best_state = state.model.state_dict()
        else:
            self.wait += 1
            if self.wait > self.patience:
                state.stop = True

    def on_train_end(self, state: TrainState) -> None:
        if self.restore_best and self._best_state is not None:
            state.model.load_state_dict(self._best_state)


class Checkpoint(Callback):
    """Save a checkpoint (model, optimizer, epoch, history) every ``every`` epochs, atomically."""

    def __init__(self, path: str | os.PathLike[str], every: int = 1) -> None:
        self.path = Path(path)
        self.every = every

    def on_epoch_end(self, state: TrainState) -> None:
        if state.epoch % self.every == 0:
            save_checkpoint(self.path, state.model, state.optimizer, state.epoch,
                            state.history.to_dict(), {"seed": state.seed})
