"""Per-coordinate step sizes from gradient history: RMSprop and Adagrad (PyTorch's)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from chainrule.optim.base import Optimizer, check_hyper, decayed_grad


class RMSprop(Optimizer):
    r"""RMSprop — PyTorch's ``torch.optim.RMSprop``.

    With :math:`d_t = g_t + \lambda w_{t-1}` (all products elementwise):

    .. math::

        v_t &= \alpha\, v_{t-1} + (1 - \alpha)\, d_t^2, \qquad v_0 = 0 \\
        \bar g_t &= \alpha\, \bar g_{t-1} + (1 - \alpha)\, d_t, \qquad
            \tilde v_t = v_t - \bar g_t^2 \quad \text{(centered; else } \tilde v_t = v_t) \\
        s_t &= d_t / (\sqrt{\tilde v_t} + \epsilon) \\
        b_t &= \mu\, b_{t-1} + s_t, \quad w_t = w_{t-1} - \eta\, b_t
            \quad \text{(momentum } \mu > 0\text{; else } w_t = w_{t-1} - \eta\, s_t)

    Parameters
    ----------
    params : iterable of parameters
        ``.data`` arrays updated in place; ``.grad`` of the same shape or None.
    lr : float, default 0.01
        η > 0.
    alpha : float, default 0.99
        Smoothing constant α ∈ [0, 1).
    eps : float, default 1e-8
        ε > 0, added to the root for stability.
    weight_decay : float, default 0
        λ ≥ 0 (L2 penalty through the gradient).
    momentum : float, default 0
        μ ≥ 0.
    centered : bool, default False
        Normalise by an estimate of the gradient's variance instead of its second moment.
    """

    hyper_names = ("lr", "alpha", "eps", "weight_decay", "momentum", "centered")

    def __init__(self, params: Iterable[Any], lr: float = 0.01, alpha: float = 0.99,
                 eps: float = 1e-8, weight_decay: float = 0.0, momentum: float = 0.0,
                 centered: bool = False) -> None:
        o = "RMSprop"
        super().__init__(
            params,
            lr=check_hyper(o, "lr", lr, low_open=True),
            alpha=check_hyper(o, "alpha", alpha, high=1.0),
            eps=check_hyper(o, "eps", eps, low_open=True),
            weight_decay=check_hyper(o, "weight_decay", weight_decay),
            momentum=check_hyper(o, "momentum", momentum),
            centered=bool(centered),
        )

    @property
    def n_scratch(self) -> int:
        return 2 if self.weight_decay else 1

    def _init_state(self, data: np.ndarray) -> dict[str, Any]:
        st: dict[str, Any] = {"step": 0, "square_avg": np.zeros_like(data)}
        if self.momentum:
            st["momentum_buffer"] = np.zeros_like(data)
        if self.centered:
            st["grad_avg"] = np.zeros_like(data)
        return st

    def _update(self, w: np.ndarray, g: np.ndarray, state: dict[str, Any],
                bufs: tuple[np.ndarray, ...]) -> None:
        work = bufs[-1]
        d = decayed_grad(w, g, self.weight_decay, bufs[0])
        a = self.alpha
        v = state["square_avg"]
        v *= a
        np.multiply(d, d, out=work)
        work *= 1.0 - a
        v += work
        if self.centered:
            ga = state.get("grad_avg")
            if ga is None:  # centered switched on mid-run; no allocation on later steps
                ga = state["grad_avg"] = np.zeros_like(w)
            ga *= a
            np.multiply(d, 1.0 - a, out=work)
            ga += work
            np.multiply(ga, ga, out=work)
            np.subtract(v, work, out=work)
            np.sqrt(work, out=work)
        else:
            np.sqrt(v, out=work)
        work += self.eps
        np.divide(d, work, out=work)
        if self.momentum:
            mb = state.get("momentum_buffer")
            if mb is None:  # momentum switched on mid-run; no allocation on later steps
                mb = state["momentum_buffer"] = np.zeros_like(w)
            mb *= self.momentum
            mb += work
            np.multiply(mb, self.lr, out=work)
        else:
            work *= self.lr
        w -= work


class Adagrad(Optimizer):
    r"""Adagrad — PyTorch's ``torch.optim.Adagrad``.

    With :math:`d_t = g_t + \lambda w_{t-1}` (elementwise):

    .. math::

        \eta_t &= \eta / (1 + (t - 1)\, \delta) \qquad \text{(learning-rate decay } \delta) \\
        s_t &= s_{t-1} + d_t^2, \qquad s_0 = \text{initial\_accumulator\_value} \\
        w_t &= w_{t-1} - \eta_t\, d_t / (\sqrt{s_t} + \epsilon)

    Parameters
    ----------
    params : iterable of parameters
        ``.data`` arrays updated in place; ``.grad`` of the same shape or None.
    lr : float, default 0.01
        η > 0.
    lr_decay : float, default 0
        δ ≥ 0.
    weight_decay : float, default 0
        λ ≥ 0.
    initial_accumulator_value : float, default 0
        Starting value of every :math:`s`, ≥ 0.
    eps : float, default 1e-10
        ε > 0.
    """

    hyper_names = ("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps")

    def __init__(self, params: Iterable[Any], lr: float = 0.01, lr_decay: float = 0.0,
                 weight_decay: float = 0.0, initial_accumulator_value: float = 0.0,
                 eps: float = 1e-10) -> None:
        o = "Adagrad"
        super().__init__(
            params,
            lr=check_hyper(o, "lr", lr, low_open=True),
            lr_decay=check_hyper(o, "lr_decay", lr_decay),
            weight_decay=check_hyper(o, "weight_decay", weight_decay),
            initial_accumulator_value=check_hyper(
                o, "initial_accumulator_value", initial_accumulator_value),
            eps=check_hyper(o, "eps", eps, low_open=True),
        )

    @property
    def n_scratch(self) -> int:
        return 2 if self.weight_decay else 1

    def _init_state(self, data: np.ndarray) -> dict[str, Any]:
        return {"step": 0, "sum": np.full_like(data, self.initial_accumulator_value)}

    def _update(self, w: np.ndarray, g: np.ndarray, state: dict[str, Any],
                bufs: tuple[np.ndarray, ...]) -> None:
        work = bufs[-1]
        d = decayed_grad(w, g, self.weight_decay, bufs[0])
        clr = self.lr / (1.0 + (state["step"] - 1) * self.lr_decay)
        s = state["sum"]
        np.multiply(d, d, out=work)
        s += work
        np.sqrt(s, out=work)
        work += self.eps
        np.divide(d, work, out=work)
        work *= clr
        w -= work
