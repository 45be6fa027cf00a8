"""Learning-rate schedules, stepped once per epoch (PyTorch's ``lr_scheduler`` shapes).

A schedule owns the epoch counter and sets ``optimizer.lr`` from a closed form of it, so its
state is two numbers (``last_epoch`` and ``base_lr``) and a resumed run gets the same rates.
Call ``scheduler.step()`` after each epoch's optimizer steps; ``fit(..., scheduler=s)`` does it.
"""

from __future__ import annotations

import math
from typing import Any

from chainrule.errors import ConfigError
from chainrule.optim.base import Optimizer, check_hyper


class LRScheduler:
    """Base class: ``optimizer.lr = lr_at(epoch)`` where ``epoch`` counts ``step()`` calls.

    Parameters
    ----------
    optimizer : Optimizer
        Its ``lr`` at construction becomes ``base_lr``; construction sets epoch 0's rate.
    """

    hyper_names: tuple[str, ...] = ()

    def __init__(self, optimizer: Optimizer) -> None:
        if not hasattr(optimizer, "lr"):
            raise ConfigError(
                f"{type(self).__name__}: needs an optimizer with an lr, "
                f"got {type(optimizer).__name__}"
            )
        self.optimizer = optimizer
        self.base_lr = float(optimizer.lr)
        self.last_epoch = 0
        optimizer.lr = self.lr_at(0)

    def lr_at(self, epoch: int) -> float:
        """The learning rate for epoch ``epoch`` (0-based) of the schedule."""
        raise NotImplementedError

    def step(self) -> float:
        """Advance one epoch and set the optimizer's rate; returns the new rate."""
        self.last_epoch += 1
        lr = self.optimizer.lr = self.lr_at(self.last_epoch)
        return lr

    def get_last_lr(self) -> float:
        """The rate most recently set on the optimizer."""
        return self.lr_at(self.last_epoch)

    def state_dict(self) -> dict[str, Any]:
        """``{"type", "base_lr", "last_epoch", <hyperparameters>}``, all plain numbers."""
        sd: dict[str, Any] = {"type": type(self).__name__, "base_lr": self.base_lr,
                              "last_epoch": self.last_epoch}
        sd.update({k: getattr(self, k) for k in self.hyper_names})
        return sd

    def load_state_dict(self, sd: dict[str, Any]) -> None:
        """Restore :meth:`state_dict`'s output and set the optimizer's rate to match."""
        if sd.get("type") != type(self).__name__:
            raise ConfigError(
                f"{type(self).__name__}.load_state_dict: the state is for {sd.get('type')!r}"
            )
        self.base_lr = float(sd["base_lr"])
        self.last_epoch = int(sd["last_epoch"])
        for k in self.hyper_names:
            if k in sd:
                setattr(self, k, sd[k])
        self.optimizer.lr = self.lr_at(self.last_epoch)

    def __repr__(self) -> str:
        hp = "".join(f", {k}={getattr(self, k)!r}" for k in self.hyper_names)
        return f"{type(self).__name__}(base_lr={self.base_lr!r}{hp}, last_epoch={self.last_epoch})"


class StepLR(LRScheduler):
    r"""Multiply the rate by γ every ``step_size`` epochs: :math:`\eta_e = \eta_0\,
    \gamma^{\lfloor e / s \rfloor}`.

    Parameters
    ----------
    optimizer : Optimizer
    step_size : int
        s ≥ 1, epochs between decays.
    gamma : float, default 0.1
        γ > 0.
    """

    hyper_names = ("step_size", "gamma")

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size < 1:
            raise ConfigError(f"StepLR: step_size must be an integer ≥ 1, got {step_size!r}")
        self.step_size = step_size
        self.gamma = check_hyper("StepLR", "gamma", gamma, low_open=True)
        super().__init__(optimizer)

    def lr_at(self, epoch: int) -> float:
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class ExponentialLR(LRScheduler):
    r"""Multiply the rate by γ every epoch: :math:`\eta_e = \eta_0\, \gamma^e`.

    Parameters
    ----------
    optimizer : Optimizer
    gamma : float
        γ > 0.
    """

    hyper_names = ("gamma",)

    def __init__(self, optimizer: Optimizer, gamma: float) -> None:
        self.gamma = check_hyper("ExponentialLR", "gamma", gamma, low_open=True)
        super().__init__(optimizer)

    def lr_at(self, epoch: int) -> float:
        return self.base_lr * self.gamma**epoch


class CosineAnnealingLR(LRScheduler):
    r"""Cosine from η₀ down to η_min over ``T_max`` epochs (SGDR without restarts):

    .. math::

        \eta_e = \eta_{min} + \tfrac12 (\eta_0 - \eta_{min})\,(1 + \cos(\pi e / T_{max}))

    Past ``T_max`` the cosine continues (rises again), as PyTorch's closed form does.

    Parameters
    ----------
    optimizer : Optimizer
    T_max : int
        Half-period in epochs, ≥ 1.
    eta_min : float, default 0
        The lowest rate, ≥ 0.
    """

    hyper_names = ("T_max", "eta_min")

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None:
        if isinstance(T_max, bool) or not isinstance(T_max, int) or T_max < 1:
            raise ConfigError(f"CosineAnnealingLR: T_max must be an integer ≥ 1, got {T_max!r}")
        self.T_max = T_max
        self.eta_min = check_hyper("CosineAnnealingLR", "eta_min", eta_min)
        super().__init__(optimizer)

    def lr_at(self, epoch: int) -> float:
        cos = math.cos(math.pi * epoch / self.T_max)
        return self.eta_min + 0.5 * (self.base_lr - self.eta_min) * (1.0 + cos)
