"""Adam and AdamW (PyTorch's): bias-corrected first and second moment estimates."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.optim.base import Optimizer, check_hyper, decayed_grad


def _check_betas(owner: str, betas: Sequence[float]) -> tuple[float, float]:
    try:
        b1, b2 = betas
    except (TypeError, ValueError):
        raise ConfigError(f"{owner}: betas must be a pair (β1, β2), got {betas!r}") from None
    return (check_hyper(owner, "betas[0]", b1, high=1.0),
            check_hyper(owner, "betas[1]", b2, high=1.0))


class Adam(Optimizer):
    r"""Adam — PyTorch's ``torch.optim.Adam`` (Kingma & Ba, 2015).

    With :math:`d_t = g_t + \lambda w_{t-1}` (L2 weight decay through the gradient; see
    :class:`AdamW` for the decoupled kind) and elementwise products:

    .. math::

        m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, d_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, d_t^2, \qquad m_0 = v_0 = 0 \\
        \hat v_t &= \max(\hat v_{t-1}, v_t) \text{ (amsgrad; else } \hat v_t = v_t) \\
        w_t &= w_{t-1} - \frac{\eta}{1 - \beta_1^t}\,
               \frac{m_t}{\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    which is :math:`w - \eta\, \hat m_t / (\sqrt{\hat v_t / (1-\beta_2^t)} + \epsilon)` with
    :math:`\hat m_t = m_t / (1 - \beta_1^t)`, evaluated in PyTorch's order.

    Parameters
    ----------
    params : iterable of parameters
        ``.data`` arrays updated in place; ``.grad`` of the same shape or None.
    lr : float, default 1e-3
        η > 0.
    betas : (float, float), default (0.9, 0.999)
        Decay rates β1, β2 ∈ [0, 1) of the moment estimates.
    eps : float, default 1e-8
        ε > 0.
    weight_decay : float, default 0
        λ ≥ 0.
    amsgrad : bool, default False
        Use the running maximum of :math:`v_t` (Reddi et al., 2018).
    """

    hyper_names = ("lr", "betas", "eps", "weight_decay", "amsgrad")
    _decoupled = False

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: Sequence[float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, amsgrad: bool = False) -> None:
        o = type(self).__name__
        super().__init__(
            params,
            lr=check_hyper(o, "lr", lr, low_open=True),
            betas=_check_betas(o, betas),
            eps=check_hyper(o, "eps", eps, low_open=True),
            weight_decay=check_hyper(o, "weight_decay", weight_decay),
            amsgrad=bool(amsgrad),
        )

    @property
    def n_scratch(self) -> int:
        return 2 if self.weight_decay and not self._decoupled else 1

    def _init_state(self, data: np.ndarray) -> dict[str, Any]:
        st: dict[str, Any] = {"step": 0, "exp_avg": np.zeros_like(data),
                              "exp_avg_sq": np.zeros_like(data)}
        if self.amsgrad:
            st["max_exp_avg_sq"] = np.zeros_like(data)
        return st

    def _update(self, w: np.ndarray, g: np.ndarray, state: dict[str, Any],
                bufs: tuple[np.ndarray, ...]) -> None:
        work = bufs[-1]
        d = g
        if self.weight_decay:
            if self._decoupled:
                w *= 1.0 - self.lr * self.weight_decay
            else:
                d = decayed_grad(w, g, self.weight_decay, bufs[0])
        b1, b2 = self.betas
        t = state["step"]
        m, v = state["exp_avg"], state["exp_avg_sq"]
        m *= b1
        np.multiply(d, 1.0 - b1, out=work)
        m += work
        v *= b2
        np.multiply(d, d, out=work)
        work *= 1.0 - b2
        v += work
        if self.amsgrad:
            vmax = state.get("max_exp_avg_sq")
            if vmax is None:  # amsgrad switched on mid-run; no allocation on later steps
                vmax = state["max_exp_avg_sq"] = np.zeros_like(w)
            np.maximum(vmax, v, out=vmax)
            v = vmax
        np.sqrt(v, out=work)
        work /= math.sqrt(1.0 - b2**t)
        work += self.eps
        np.divide(m, work, out=work)
        work *= self.lr / (1.0 - b1**t)
        w -= work


class AdamW(Adam):
    r"""AdamW — Adam with decoupled weight decay (Loshchilov & Hutter, 2019), PyTorch's.

    The weights shrink before the Adam step, and the decay never enters the moments:

    .. math::

        w' = w_{t-1}\,(1 - \eta\lambda), \qquad
        w_t = w' - \frac{\eta}{1 - \beta_1^t}\,
              \frac{m_t}{\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    with :math:`m_t, v_t` formed from the raw gradient :math:`g_t` as in :class:`Adam`.

    Parameters
    ----------
    params, lr, betas, eps, amsgrad
        As for :class:`Adam`.
    weight_decay : float, default 0.01
        λ ≥ 0 (PyTorch's default).
    """

    _decoupled = True

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: Sequence[float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.01, amsgrad: bool = False) -> None:
        super().__init__(params, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         amsgrad=amsgrad)
