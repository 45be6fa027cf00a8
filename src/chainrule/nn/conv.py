"""Convolutional layers: ``Conv2d`` and ``MaxPool2d`` (NCHW, PyTorch's layout and names).

``Conv2d`` computes out[n, o] = b[o] + Σ_c K[o, c] ⋆ X[n, c] (a cross-correlation, no kernel
flip, as in PyTorch); its weight has PyTorch's layout (out_channels, in_channels, kh, kw), so a
``state_dict()`` has the keys ``weight`` and ``bias`` of ``torch.nn.Conv2d``. The math and the
gradients are in :mod:`chainrule.tensor.conv`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.nn.layers import Seed, _positive_int, _rng
from chainrule.nn.module import Module
from chainrule.tensor import Tensor
from chainrule.tensor.conv import _pair, conv2d, max_pool2d


class Conv2d(Module):
    """A 2-D convolution layer, as ``torch.nn.Conv2d`` (no dilation or groups).

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int, int)
    stride : int or (int, int)
    padding : int or (int, int)
        Zeros added on each side.
    bias : bool
    seed : int or numpy.random.Generator
        Weights and bias start as PyTorch's do, U(−1/√fan_in, 1/√fan_in) with
        fan_in = in_channels·kh·kw (the draws differ from PyTorch's).
    dtype : numpy dtype

    Attributes
    ----------
    weight : Tensor, shape (out_channels, in_channels, kh, kw)
    bias : Tensor, shape (out_channels,), or None

    Shapes: (N, in_channels, H, W) → (N, out_channels, Ho, Wo), Ho = ⌊(H + 2p − kh)/s⌋ + 1.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any,
                 stride: Any = 1, padding: Any = 0, bias: bool = True, seed: Seed = 0,
                 dtype: Any = np.float32) -> None:
        where = "Conv2d"
        self.in_channels = _positive_int(in_channels, "in_channels", where)
        self.out_channels = _positive_int(out_channels, "out_channels", where)
        self.kernel_size = _pair(kernel_size, "kernel_size", where, 1)
        self.stride = _pair(stride, "stride", where, 1)
        self.padding = _pair(padding, "padding", where, 0)
        dt = np.dtype(dtype)
        if dt.kind != "f":
            raise ConfigError(f"Conv2d: dtype must be float32 or float64, got {dt}")
        rng = _rng(seed, where)
        shape = (self.out_channels, self.in_channels, *self.kernel_size)
        bound = 1 / np.sqrt(self.in_channels * self.kernel_size[0] * self.kernel_size[1])
        self.weight = Tensor(rng.uniform(-bound, bound, shape).astype(dt), requires_grad=True,
                             name="weight")
        self.bias = (Tensor(rng.uniform(-bound, bound, self.out_channels).astype(dt),
                            requires_grad=True, name="bias") if bias else None)

    def forward(self, x: Any) -> Tensor:
        if not isinstance(x, Tensor):
            x = Tensor(x, dtype=self.weight._data.dtype)
        return conv2d(x, self.weight, self.bias, self.stride, self.padding)

    def extra_repr(self) -> str:
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, padding={self.padding}")
        return text if self.bias is not None else text + ", bias=False"


class MaxPool2d(Module):
    """Max over each window, as ``torch.nn.MaxPool2d`` (stride defaults to the kernel size).

    Shapes: (N, C, H, W) → (N, C, Ho, Wo); the gradient flows to each window's first maximum.
    """

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0) -> None:
        where = "MaxPool2d"
        self.kernel_size = _pair(kernel_size, "kernel_size", where, 1)
        self.stride = self.kernel_size if stride is None else _pair(stride, "stride", where, 1)
        self.padding = _pair(padding, "padding", where, 0)

    def forward(self, x: Any) -> Tensor:
        return max_pool2d(x, self.kernel_size, self.stride, self.padding)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
