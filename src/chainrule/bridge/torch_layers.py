"""torch ``Conv2d``, ``MaxPool2d``, ``Flatten`` and ``RNN`` modules as chainrule nn layers.

Each converter reads the module's configuration off its attributes (``kernel_size``,
``stride``, ``padding``, ``batch_first`` …) and its parameters by torch's declared names
(``weight`` (O, C, kh, kw) and ``bias`` (O,) of a Conv2d; ``weight_ih_l0`` (H, in),
``weight_hh_l0`` (H, H), ``bias_ih_l0``, ``bias_hh_l0`` (H,) of an RNN, one set per layer). The
chainrule layers use the same layouts and names, so the arrays are copied as they are (float64).
A setting chainrule's layer does not have is refused in one line naming the module and the
attribute (``module 0 (Conv2d): dilation=(2, 2) is not supported; chainrule's Conv2d takes
dilation=1``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.errors import ConfigError


def _refuse(i: int, kind: str, attr: str, value: Any, takes: str) -> ConfigError:
    return ConfigError(f"from_torch: module {i} ({kind}): {attr}={value!r} is not supported; "
                       f"chainrule's {kind} takes {takes}")


def _require(module: Any, i: int, kind: str, attr: str, ok: Callable[[Any], bool],
             takes: str) -> Any:
    """``module.attr`` if ``ok`` accepts it, else the one-line refusal."""
    value = getattr(module, attr)
    if not ok(value):
        raise _refuse(i, kind, attr, value, takes)
    return value


def _ones(v: Any) -> bool:
    return all(a == 1 for a in (v if isinstance(v, tuple) else (v,)))


def _arrays(module: Any, names: list[str]) -> dict[str, np.ndarray]:
    return {name: getattr(module, name).detach().double().numpy().copy() for name in names}


def conv2d(module: Any, i: int) -> Any:
    """chainrule ``nn.Conv2d`` with a torch ``nn.Conv2d``'s sizes, stride, padding, weights."""
    from chainrule import nn

    kind = "Conv2d"
    _require(module, i, kind, "dilation", _ones, "dilation=1")
    _require(module, i, kind, "groups", lambda g: g == 1, "groups=1")
    _require(module, i, kind, "padding_mode", lambda m: m == "zeros", "padding_mode='zeros'")
    padding = _require(module, i, kind, "padding", lambda p: not isinstance(p, str),
                       "padding as ints (not 'same'/'valid')")
    layer = nn.Conv2d(module.in_channels, module.out_channels, tuple(module.kernel_size),
                      stride=tuple(module.stride), padding=tuple(padding),
                      bias=module.bias is not None, dtype=np.float64)
    layer.load_state_dict(_arrays(module, ["weight", *(["bias"] if module.bias is not None
                                                        else [])]))
    return layer


def max_pool2d(module: Any, i: int) -> Any:
    """chainrule ``nn.MaxPool2d`` with a torch ``nn.MaxPool2d``'s kernel, stride, padding."""
    from chainrule import nn

    kind = "MaxPool2d"
    _require(module, i, kind, "dilation", _ones, "dilation=1")
    _require(module, i, kind, "ceil_mode", lambda c: not c, "ceil_mode=False")
    _require(module, i, kind, "return_indices", lambda r: not r, "return_indices=False")
    stride = module.stride if module.stride is not None else module.kernel_size
    return nn.MaxPool2d(module.kernel_size, stride=stride, padding=module.padding)


def flatten(module: Any, i: int) -> Any:
    """chainrule ``nn.Flatten(start_dim, end_dim)`` as the torch module's."""
    from chainrule import nn

    return nn.Flatten(module.start_dim, module.end_dim)


def rnn(module: Any, i: int) -> Any:
    """chainrule ``nn.RNN`` (tanh) with a torch ``nn.RNN``'s sizes, layers, ``batch_first``
    and every parameter by its torch name (``weight_ih_l0`` (H, in) …)."""
    from chainrule import nn

    kind = "RNN"
    cell = nn.RNN.nonlinearity  # torch spells the activation as the rule table names it
    _require(module, i, kind, "nonlinearity", lambda n: n == cell, f"nonlinearity={cell!r}")
    _require(module, i, kind, "bidirectional", lambda b: not b, "bidirectional=False")
    _require(module, i, kind, "dropout", lambda d: d == 0, "dropout=0")
    _require(module, i, kind, "proj_size", lambda p: p == 0, "proj_size=0")
    layer = nn.RNN(module.input_size, module.hidden_size, num_layers=module.num_layers,
                   bias=module.bias, batch_first=module.batch_first, dtype=np.float64)
    layer.load_state_dict(_arrays(module, [n for n, _ in layer.named_parameters()]))
    return layer


#: torch module class name -> its converter (module, index) -> chainrule layer.
CONVERTERS: dict[str, Callable[[Any, int], Any]] = {
    "Conv2d": conv2d, "MaxPool2d": max_pool2d, "Flatten": flatten, "RNN": rnn}
