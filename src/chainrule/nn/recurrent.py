"""The Elman recurrent layer ``RNN`` (tanh), with ``torch.nn.RNN``'s semantics and names.

Each layer l runs h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh) over t = 1 … T, from
h_0 (zeros unless given); layer l + 1 reads layer l's h_t as its x_t. The same weights serve
every step, so backpropagation through time sums each step's contribution to ∂E/∂W_hh, ∂E/∂W_ih
and the biases (the engine's graph does that sum). Parameters are named as PyTorch's:
``weight_ih_l0`` (H, in), ``weight_hh_l0`` (H, H), ``bias_ih_l0`` (H,), ``bias_hh_l0`` (H,).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.nn.layers import Seed, _positive_int, _rng
from chainrule.nn.module import Module
from chainrule.rules.functions import TANH
from chainrule.tensor import Tensor, stack

#: The rule-table row of the Elman cell's activation, h_t = tanh(z_t): its forward, local
#: derivative 1 − h_t² and texts, read by the explanation of an RNN and the torch bridge.
CELL = TANH


class RNN(Module):
    """Elman RNN with tanh, as ``torch.nn.RNN(input_size, hidden_size, num_layers, ...)``.

    Parameters
    ----------
    input_size, hidden_size : int
    num_layers : int
    bias : bool
    batch_first : bool
        Input and output as (N, T, features) instead of (T, N, features).
    seed : int or numpy.random.Generator
        All parameters start U(−1/√H, 1/√H), as PyTorch's (different draws).
    dtype : numpy dtype

    Shapes: x (T, N, in) (or (N, T, in) with ``batch_first``, or unbatched (T, in)); h0
    (num_layers, N, H) or None. ``forward`` returns (output, h_n): output (T, N, H) — the last
    layer's h_t for every t — and h_n (num_layers, N, H), the last step's h of each layer.
    """

    #: The cell's activation, by its rule-table name (``torch.nn.RNN.nonlinearity``).
    nonlinearity = CELL.name

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, seed: Seed = 0,
                 dtype: Any = np.float32) -> None:
        where = "RNN"
        self.input_size = _positive_int(input_size, "input_size", where)
        self.hidden_size = _positive_int(hidden_size, "hidden_size", where)
        self.num_layers = _positive_int(num_layers, "num_layers", where)
        self.bias, self.batch_first = bool(bias), bool(batch_first)
        dt = np.dtype(dtype)
        if dt.kind != "f":
            raise ConfigError(f"RNN: dtype must be float32 or float64, got {dt}")
        rng, h = _rng(seed, where), self.hidden_size
        bound = 1 / np.sqrt(h)

        def param(name: str, *shape: int) -> None:
            setattr(self, name, Tensor(rng.uniform(-bound, bound, shape).astype(dt),
                                       requires_grad=True, name=name))

        for layer in range(self.num_layers):
            param(f"weight_ih_l{layer}", h, self.input_size if layer == 0 else h)
            param(f"weight_hh_l{layer}", h, h)
            if self.bias:
                param(f"bias_ih_l{layer}", h)
                param(f"bias_hh_l{layer}", h)

    def __call__(self, x: Any, h0: Any = None) -> tuple[Tensor, Tensor]:  # type: ignore[override]
        return self.forward(x, h0)

    def forward(self, x: Any, h0: Any = None) -> tuple[Tensor, Tensor]:
        dt = self.weight_ih_l0._data.dtype
        x = x if isinstance(x, Tensor) else Tensor(x, dtype=dt)
        unbatched = x.ndim == 2
        if unbatched:
            x = x.reshape(x.shape[0], 1, x.shape[1])
        elif self.batch_first and x.ndim == 3:
            x = x.transpose(0, 1)
        if x.ndim != 3 or x.shape[2] != self.input_size or x.shape[0] == 0:
            raise ShapeError(f"RNN: input of shape {tuple(x.shape)} does not fit: needs "
                             f"{'(N, T, ' if self.batch_first else '(T, N, '}"
                             f"{self.input_size}) or (T, {self.input_size}), T ≥ 1")
        steps, n, hs = x.shape[0], x.shape[1], self.hidden_size
        if h0 is None:
            h0 = Tensor(np.zeros((self.num_layers, n, hs), dt))
        else:
            h0 = h0 if isinstance(h0, Tensor) else Tensor(h0, dtype=dt)
            if unbatched and h0.ndim == 2:
                h0 = h0.reshape(self.num_layers, 1, hs)
            if tuple(h0.shape) != (self.num_layers, n, hs):
                raise ShapeError(f"RNN: h0 of shape {tuple(h0.shape)} must be "
                                 f"({self.num_layers}, {n}, {hs})")
        last = []
        seq = x
        for layer in range(self.num_layers):
            w_ih, w_hh = (getattr(self, f"weight_ih_l{layer}"),
                          getattr(self, f"weight_hh_l{layer}"))
            pre = seq @ w_ih.T  # every step's x_t W_ihᵀ at once
            if self.bias:
                pre = pre + (getattr(self, f"bias_ih_l{layer}")
                             + getattr(self, f"bias_hh_l{layer}"))
            h, outs, w_hh_t = h0[layer], [], w_hh.T
            for t in range(steps):
                h = (pre[t] + h @ w_hh_t).tanh()
                outs.append(h)
            last.append(h)
            seq = stack(outs, axis=0)
        out = seq
        if unbatched:
            return out.reshape(steps, hs), stack(last, axis=0).reshape(self.num_layers, hs)
        if self.batch_first:
            out = out.transpose(0, 1)
        return out, stack(last, axis=0)

    def extra_repr(self) -> str:
        return (f"{self.input_size}, {self.hidden_size}, num_layers={self.num_layers}, "
                f"bias={self.bias}, batch_first={self.batch_first}")
