"""The Conv2d, MaxPool2d, Flatten and RNN entries of a torch architecture TOML.

Sizes come from the weights, as for Linear: a Conv2d's ``"{i}.weight"`` (O, C, kh, kw) gives
its channels and kernel; an RNN's ``"{i}.weight_ih_l{k}"`` (H, in) its sizes and the count of
``l{k}`` its layers. The TOML gives what the weights cannot::

    {type = "Conv2d", stride = 1, padding = [1, 1]}
    {type = "MaxPool2d", kernel_size = 2}          # stride defaults to the kernel size
    {type = "Flatten"}                              # start_dim = 1, end_dim = -1
    {type = "RNN", batch_first = true}              # tanh; the last layer

Each builder returns the torch module and the state keys it takes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError

#: Module type -> the keys its TOML table may hold.
KEYS: dict[str, tuple[str, ...]] = {
    "Conv2d": ("stride", "padding"), "MaxPool2d": ("kernel_size", "stride", "padding"),
    "Flatten": ("start_dim", "end_dim"), "RNN": ("batch_first",)}


def _ints(value: Any, where: str, low: int) -> int | tuple[int, int]:
    """An int ≥ ``low`` or a pair of them, as torch's ``_pair`` arguments."""
    items = value if isinstance(value, list) and len(value) == 2 else [value]
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= low for v in items):
        raise ConfigError(f"{where}: expected an int ≥ {low} or a pair [a, b], got {value!r}")
    return tuple(items) if len(items) == 2 else items[0]  # type: ignore[return-value]


def _weight(state: dict[str, np.ndarray], key: str, ndim: int, where: str) -> np.ndarray:
    w = state.get(key)
    if w is None or w.ndim != ndim:
        raise ConfigError(f"{where} needs a {ndim}-D '{key}' in the weights file")
    return w


def build_layer(torch: Any, kind: str, i: int, spec: dict[str, Any],
                state: dict[str, np.ndarray], where: str) -> tuple[Any, set[str]]:
    """(torch module, the weight keys it uses) for layer ``i`` of type ``kind``."""
    at = f"{where}: layer {i} ({kind})"
    if kind == "Conv2d":
        w = _weight(state, f"{i}.weight", 4, at)
        has_bias = f"{i}.bias" in state
        module = torch.nn.Conv2d(w.shape[1], w.shape[0], tuple(w.shape[2:]),
                                 stride=_ints(spec.get("stride", 1), f"{at} stride", 1),
                                 padding=_ints(spec.get("padding", 0), f"{at} padding", 0),
                                 bias=has_bias, dtype=torch.float64)
        return module, {f"{i}.weight", *([f"{i}.bias"] if has_bias else [])}
    if kind == "MaxPool2d":
        if "kernel_size" not in spec:
            raise ConfigError(f"{at} needs kernel_size = 2 (or [2, 2])")
        k = _ints(spec["kernel_size"], f"{at} kernel_size", 1)
        stride = _ints(spec["stride"], f"{at} stride", 1) if "stride" in spec else k
        return torch.nn.MaxPool2d(k, stride=stride,
                                  padding=_ints(spec.get("padding", 0), f"{at} padding", 0)), set()
    if kind == "Flatten":
        dims = [spec.get("start_dim", 1), spec.get("end_dim", -1)]
        if not all(isinstance(d, int) and not isinstance(d, bool) for d in dims):
            raise ConfigError(f"{at}: start_dim and end_dim must be ints, got {dims}")
        return torch.nn.Flatten(*dims), set()
    if kind == "RNN":
        first = _weight(state, f"{i}.weight_ih_l0", 2, at)
        layers = 1
        while f"{i}.weight_ih_l{layers}" in state:
            layers += 1
        has_bias = f"{i}.bias_ih_l0" in state
        batch_first = spec.get("batch_first", False)
        if not isinstance(batch_first, bool):
            raise ConfigError(f"{at}: batch_first must be true or false, got {batch_first!r}")
        module = torch.nn.RNN(first.shape[1], first.shape[0], num_layers=layers, bias=has_bias,
                              batch_first=batch_first, dtype=torch.float64)
        return module, {f"{i}.{name}" for name, _ in module.named_parameters()}
    raise ConfigError(f"{at}: no builder")  # pragma: no cover - KEYS lists the kinds
