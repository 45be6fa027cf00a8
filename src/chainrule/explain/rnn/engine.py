"""The RNN's passes on the tensor engine: ``nn.RNN`` for training, one node per time step for
the step that is shown.

Nothing here writes a derivative: the numbers of a shown step are the tensor engine's forward
values and its retained gradients (``retain_grad``), the engine summing each time step's
contribution into the shared weights' ``.grad``. For one sequence, with δ_t = ∂E/∂z_t::

    δ_o   = ∂E/∂z_o = φ′(z_o) ⊙ ∂E/∂o
    ∂E/∂h_T = W_hyᵀ δ_o,      ∂E/∂h_{t−1} = W_hhᵀ δ_t
    δ_t   = ∂E/∂h_t ⊙ tanh′(z_t) = ∂E/∂h_t ⊙ (1 − h_t²)
    ∂E/∂W_hh = Σ_t δ_t h_{t−1}ᵀ,   ∂E/∂W_xh = Σ_t δ_t x_tᵀ,   ∂E/∂b_ih = ∂E/∂b_hh = Σ_t δ_t
    ∂E/∂W_hy = δ_o h_Tᵀ,          ∂E/∂b_y = δ_o

:func:`contributions` lists the per-step terms of those sums (outer products of the engine's
δ_t and h_{t−1}, x_t); the tests check that they add up to the engine's ``.grad``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from chainrule import nn, rules
from chainrule.errors import ConfigError, DomainError
from chainrule.explain.model.network import LOSS_ROWS
from chainrule.explain.rnn.network import PARAMETERS, RNNNetwork
from chainrule.explain.walk.steps import descend
from chainrule.tensor import Tensor, no_grad
from chainrule.tensor.elementwise import ROW_OPS
from chainrule.tensor.tensor import apply

Params = dict[str, np.ndarray]


@dataclass
class Pass:
    """One forward and backward pass of the sequence.

    ``z`` (T, H): z_t (row t − 1 is step t); ``h`` (T + 1, H): h₀ … h_T; ``zo``, ``o`` (n,);
    ``terms`` (n,) the loss's terms, ``E`` their sum; ``dz`` (T, H): δ_t; ``dh`` (T + 1, H):
    ∂E/∂h_t (row 0: ∂E/∂h₀); ``dzo``, ``do`` (n,); ``grads``: symbol -> ∂E/∂p, read from the
    leaves' ``.grad``.
    """

    z: np.ndarray
    h: np.ndarray
    zo: np.ndarray
    o: np.ndarray
    terms: np.ndarray
    E: float
    dz: np.ndarray
    dh: np.ndarray
    dzo: np.ndarray
    do: np.ndarray
    grads: Params


def params_of(network: RNNNetwork) -> Params:
    """Copies of the network's parameter arrays."""
    return {k: np.array(v, dtype=float) for k, v in network.params.items()}


class Engine:
    """The network's fixed parts (sequence, target, output activation, loss) for repeated
    passes."""

    def __init__(self, network: RNNNetwork) -> None:
        self.network = network
        self.rate = float(network.learning_rate)
        self._x = Tensor(network.xs)
        self._target = Tensor(network.targets)
        self._act = ROW_OPS[rules.row(network.activation).name]
        self._act_par = network.activation_args()
        row = rules.row(LOSS_ROWS[network.loss.kind])
        self._loss_op = ROW_OPS[row.name]
        self._loss_par = (float(network.output_size),) if row.params else ()

    def head(self, h_last: Tensor, w_hy: Tensor, b_y: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """(z_o, o, the loss terms) from h_T: z_o = W_hy h_T + b_y, o = φ(z_o)."""
        zo = h_last @ w_hy.T + b_y
        o = apply(self._act, zo, params=self._act_par)
        return zo, o, apply(self._loss_op, o, self._target, params=self._loss_par)

    def run(self, p: Params, where: str = "explain") -> Pass:
        """Forward and backward with parameters ``p``, a node per time step, every z_t, h_t,
        z_o and o retaining its gradient."""
        net = self.network
        leaf = {k: Tensor(np.array(v, dtype=float), requires_grad=True) for k, v in p.items()}
        h = Tensor(net.h0.copy(), requires_grad=True)  # ∂E/∂h₀ is shown too
        hs, zs = [h], []
        bias = leaf["b_ih"] + leaf["b_hh"]
        w_ih_t, w_hh_t = leaf["W_xh"].T, leaf["W_hh"].T
        for t in range(net.steps):
            # the order of nn.RNN's sum: (x_t W_ihᵀ + (b_ih + b_hh)) + h_{t−1} W_hhᵀ
            z = (self._x[t] @ w_ih_t + bias) + h @ w_hh_t
            h = z.tanh()
            z.retain_grad()
            h.retain_grad()
            zs.append(z)
            hs.append(h)
        with np.errstate(divide="ignore", invalid="ignore"):
            try:
                zo, o, terms = self.head(h, leaf["W_hy"], leaf["b_y"])
            except DomainError as e:
                raise ConfigError(f"{where}: {net.name}: {e}") from None
            zo.retain_grad()
            o.retain_grad()
            E = terms.sum()
            E.backward()
        stack = np.stack
        return Pass(stack([t.data for t in zs]), stack([t.data for t in hs]), zo.data.copy(),
                    o.data.copy(), terms.data.copy(), float(E.data),
                    stack([t.grad for t in zs]), stack([t.grad for t in hs]),  # type: ignore
                    zo.grad.copy(), o.grad.copy(),  # type: ignore[union-attr]
                    {k: leaf[k].grad.copy() for k in PARAMETERS})  # type: ignore[union-attr]

    def loss(self, p: Params) -> float:
        """E with parameters ``p`` (forward only, through ``nn.RNN``)."""
        rnn, w_hy, b_y = self._modules(p)
        with no_grad(), np.errstate(divide="ignore", invalid="ignore"):
            _, h_n = rnn(self._x, Tensor(self.network.h0.reshape(1, -1)))
            return float(self.head(h_n.reshape(-1), w_hy, b_y)[2].sum().data)

    def _modules(self, p: Params) -> tuple[nn.RNN, Tensor, Tensor]:
        net = self.network
        rnn = nn.RNN(net.input_size, net.hidden_size, dtype=np.float64)
        rnn.load_state_dict({PARAMETERS[s][2]: p[s] for s in ("W_xh", "W_hh", "b_ih", "b_hh")})
        return (rnn, Tensor(p["W_hy"].copy(), requires_grad=True),
                Tensor(p["b_y"].copy(), requires_grad=True))

    def train(self, steps: int, keep: Iterable[int] = ()) -> tuple[np.ndarray, dict[int, Params],
                                                                    Params]:
        """``steps`` steps of gradient descent, W ← W − η·∂E/∂W, on ``nn.RNN`` (its forward,
        the engine's backward).

        Returns (losses (steps,): E before each step; the parameters before each step of
        ``keep``; the parameters after the last step).
        """
        net = self.network
        start = params_of(net)
        rnn, w_hy, b_y = self._modules(start)
        leaves = {**{s: getattr(rnn, PARAMETERS[s][2]) for s in ("W_xh", "W_hh", "b_ih",
                                                                  "b_hh")},
                  "W_hy": w_hy, "b_y": b_y}
        h0 = Tensor(net.h0.reshape(1, -1))

        def loss() -> Tensor:
            return self.head(rnn(self._x, h0)[1].reshape(-1), w_hy, b_y)[2].sum()
        return descend(leaves, loss, steps, keep, self.rate, net.name)

    def step(self, p: Params) -> Params:
        """The parameters after one step from ``p``."""
        g = self.run(p).grads
        return {s: p[s] - self.rate * g[s] for s in PARAMETERS}


def contributions(network: RNNNetwork, g: Pass) -> dict[str, list[np.ndarray]]:
    """Each time step's term of the shared weights' gradients: ``W_hh`` δ_t h_{t−1}ᵀ,
    ``W_xh`` δ_t x_tᵀ, ``b`` δ_t, for t = 1 … T (lists of T arrays)."""
    T = network.steps
    return {"W_hh": [np.outer(g.dz[t], g.h[t]) for t in range(T)],
            "W_xh": [np.outer(g.dz[t], network.xs[t]) for t in range(T)],
            "b": [g.dz[t].copy() for t in range(T)]}


__all__ = ["Engine", "Params", "Pass", "contributions", "params_of"]
