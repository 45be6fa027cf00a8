"""Finiteness guards of the training loop: the data before training, every step after it.

A run must never leave NaN or infinity in a model or a checkpoint. :func:`check_data` rejects
non-finite inputs and targets up front (the data is the cause then, not the learning rate);
:class:`StepGuard` copies the parameters and the optimizer's state before each step, checks
the parameters after it — including the last step of an epoch, before any checkpoint — and
puts everything back when the step produced a non-finite number, so what a caller saves after
the :class:`~chainrule.errors.NumericalError` is the last good state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, NumericalError


def first_nonfinite(arr: np.ndarray) -> tuple[int, ...] | None:
    """The index of the first NaN or ±inf in ``arr`` (C order), or None when all are finite.

    ``r·r`` is one BLAS call and finite for every finite ``r`` short of overflow; only then is
    the exact (allocating) test run, so the common all-finite case costs one pass.
    """
    if arr.size == 0 or not np.issubdtype(arr.dtype, np.floating):
        return None
    r = arr.reshape(-1)
    with np.errstate(over="ignore", invalid="ignore"):
        if math.isfinite(float(r @ r)):
            return None
    bad = np.flatnonzero(~np.isfinite(r))
    if bad.size == 0:
        return None
    return tuple(int(i) for i in np.unravel_index(int(bad[0]), arr.shape))


def check_data(X: np.ndarray, y: np.ndarray, where: str) -> None:
    """Raise :class:`ConfigError` when ``X`` or ``y`` holds NaN or ±inf, naming the sample.

    A value that overflowed while being read as float32 (``1e39``) shows up here as ``inf``.
    """
    for name, arr in (("X", X), ("y", y)):
        at = first_nonfinite(np.asarray(arr))
        if at is not None:
            value = np.asarray(arr)[at]
            col = f", column {at[1] + 1}" if len(at) > 1 else ""
            raise ConfigError(
                f"{where}: {name} is not finite at sample {at[0] + 1}{col} ({value}); training "
                "needs finite numbers — fix or drop that row (values beyond ±3.4e38 overflow "
                "float32)")


class StepGuard:
    """Undo one optimizer step: parameters and optimizer state copied before, restored after.

    Parameters
    ----------
    named : sequence of (name, Tensor)
        The model's parameters (``model.named_parameters()``).
    optimizer
        The optimizer; its ``state`` dict (per-parameter arrays and step counts), when it has
        one, is copied too, so a rolled-back run could continue exactly.
    """

    def __init__(self, named: Sequence[tuple[str, Any]], optimizer: Any) -> None:
        self.named = list(named)
        self.optimizer = optimizer
        self._params = [np.empty_like(p.data) for _, p in self.named]
        self._state: dict[int, dict[str, Any]] | None = None
        self._bufs: dict[tuple[int, str], np.ndarray] = {}

    def take(self) -> None:
        """Copy the parameters and the optimizer state (into buffers reused every step)."""
        for buf, (_, p) in zip(self._params, self.named):
            np.copyto(buf, p.data)
        state = getattr(self.optimizer, "state", None)
        if not isinstance(state, dict):
            return
        saved: dict[int, dict[str, Any]] = {}
        for i, st in state.items():
            entry = {}
            for k, v in st.items():
                if isinstance(v, np.ndarray):
                    buf = self._bufs.get((i, k))
                    if buf is None or buf.shape != v.shape or buf.dtype != v.dtype:
                        buf = self._bufs[(i, k)] = np.empty_like(v)
                    np.copyto(buf, v)
                    entry[k] = buf
                else:
                    entry[k] = v
            saved[i] = entry
        self._state = saved

    def restore(self) -> None:
        """Put back what :meth:`take` copied."""
        for buf, (_, p) in zip(self._params, self.named):
            np.copyto(p.data, buf)
        state = getattr(self.optimizer, "state", None)
        if not isinstance(state, dict) or self._state is None:
            return
        for i in list(state):
            if i not in self._state:
                del state[i]  # created by the step being undone
                continue
            for k, v in self._state[i].items():
                cur = state[i].get(k)
                if isinstance(v, np.ndarray) and isinstance(cur, np.ndarray):
                    np.copyto(cur, v)
                else:
                    state[i][k] = v

    def bad_parameter(self) -> str | None:
        """The name of the first parameter holding NaN or ±inf, else None."""
        for name, p in self.named:
            if first_nonfinite(p.data) is not None:
                return name
        return None


def diverged(epoch: int, batch: int, what: str, lr: Any = None,
             rolled_back: bool = True) -> NumericalError:
    """The error for a non-finite loss, gradient or step at ``epoch``/``batch`` (1-based).

    The data was checked before training, so the advice is the step size; the message says
    whether the parameters were put back, and that nothing of this epoch was saved.
    """
    rate = f" (now {lr:g})" if isinstance(lr, (int, float)) else ""
    kept = ("the parameters were left as before that step; " if rolled_back else "")
    err = NumericalError(
        f"training diverged at epoch {epoch}, batch {batch}: {what}; {kept}nothing of this "
        f"epoch was saved; try a lower learning rate{rate}")
    err.epoch, err.batch = epoch, batch  # type: ignore[attr-defined]
    return err


__all__ = ["StepGuard", "check_data", "diverged", "first_nonfinite"]
