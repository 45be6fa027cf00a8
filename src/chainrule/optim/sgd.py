"""Stochastic gradient descent, with momentum, Nesterov momentum and weight decay (PyTorch's)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.optim.base import Optimizer, check_hyper, decayed_grad


class SGD(Optimizer):
    r"""Gradient descent, optionally with (Nesterov) momentum — PyTorch's ``torch.optim.SGD``.

    With gradient :math:`g_t = \nabla_w L(w_{t-1})`, one step is

    .. math::

        d_t &= g_t + \lambda\, w_{t-1}                     && \text{(weight decay } \lambda) \\
        b_1 &= d_1,\quad b_t = \mu\, b_{t-1} + (1 - \tau)\, d_t  && \text{(momentum } \mu,
                                                                     \text{ dampening } \tau) \\
        u_t &= d_t + \mu\, b_t \text{ (Nesterov)}, \quad u_t = b_t \text{ (classical)},
               \quad u_t = d_t \text{ (}\mu = 0) \\
        w_t &= w_{t-1} - \eta\, u_t

    The first momentum buffer is the gradient itself (no dampening), exactly as in PyTorch;
    Nesterov momentum is PyTorch's (Sutskever et al.) formulation, which evaluates the
    gradient at :math:`w` rather than at a look-ahead point.

    Parameters
    ----------
    params : iterable of parameters
        ``.data`` arrays of any shape, updated in place; ``.grad`` of the same shape or None.
    lr : float
        Learning rate η > 0.
    momentum : float, default 0
        μ ≥ 0.
    dampening : float, default 0
        τ ∈ [0, 1]; scales the new gradient's share of the momentum buffer.
    nesterov : bool, default False
        Use Nesterov momentum (needs ``momentum > 0`` and ``dampening == 0``).
    weight_decay : float, default 0
        λ ≥ 0, an L2 penalty ½λ‖w‖² added through the gradient.
    """

    hyper_names = ("lr", "momentum", "dampening", "nesterov", "weight_decay")

    def __init__(self, params: Iterable[Any], lr: float, momentum: float = 0.0,
                 dampening: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0) -> None:
        owner = "SGD"
        lr = check_hyper(owner, "lr", lr, low_open=True)
        momentum = check_hyper(owner, "momentum", momentum)
        dampening = check_hyper(owner, "dampening", dampening, high=1.0, high_open=False)
        weight_decay = check_hyper(owner, "weight_decay", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ConfigError(
                f"SGD: nesterov=True needs momentum > 0 and dampening = 0, "
                f"got momentum={momentum:g}, dampening={dampening:g}"
            )
        super().__init__(params, lr=lr, momentum=momentum, dampening=dampening,
                         nesterov=bool(nesterov), weight_decay=weight_decay)

    @property
    def n_scratch(self) -> int:
        # Nesterov with weight decay holds d_t and d_t + μ b_t at once.
        return 2 if self.nesterov and self.weight_decay else 1

    def _update(self, w: np.ndarray, g: np.ndarray, state: dict[str, Any],
                bufs: tuple[np.ndarray, ...]) -> None:
        b0 = bufs[0]
        # guarded here so plain SGD, the commonest step, pays no call
        d = decayed_grad(w, g, self.weight_decay, b0) if self.weight_decay else g
        mu = self.momentum
        if mu:
            mb = state.get("momentum_buffer")
            if mb is None:
                mb = state["momentum_buffer"] = np.array(d, dtype=w.dtype, copy=True)
            else:
                mb *= mu
                if self.dampening:
                    np.multiply(d, 1.0 - self.dampening, out=b0)  # d is not needed again
                    mb += b0
                else:
                    mb += d
            if self.nesterov:
                t = bufs[1] if d is b0 else b0
                np.multiply(mb, mu, out=t)
                t += d
                d = t
            else:
                d = mb
        np.multiply(d, self.lr, out=b0)
        w -= b0
