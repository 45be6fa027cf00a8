"""Import a PyTorch ``nn.Sequential`` of Linear, activation, Conv2d, MaxPool2d, Flatten and
RNN modules (or one bare ``nn.RNN``) into chainrule.

torch is optional (``pip install 'chainrule[torch]'``) and imported only when a torch model
is given. torch's ``Linear.weight`` is (out, in); chainrule's ``nn.Dense.weight`` is (in, out),
so every weight is transposed on the way in. Parameters are read by their declared names
(``LeakyReLU.negative_slope``, ``ELU.alpha``); the conv and recurrent layers are converted
by :mod:`chainrule.bridge.torch_layers`. An ``RNN`` returns ``(output, h_n)``, as torch's, so it
can only be a Sequential's last module.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.bridge.torch_layers import CONVERTERS
from chainrule.errors import ConfigError, MissingDependencyError

#: torch module class -> (chainrule nn class name, the torch attribute holding its parameter).
_ACTIVATIONS = {"ReLU": ("ReLU", None), "Sigmoid": ("Sigmoid", None), "Tanh": ("Tanh", None),
                "LeakyReLU": ("LeakyReLU", "negative_slope"), "ELU": ("ELU", "alpha"),
                "Softplus": ("Softplus", None), "GELU": ("GELU", None),
                "Identity": ("Identity", None)}
_LOSSES = ("MSELoss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss")


def torch_module(purpose: str = "the PyTorch bridge") -> Any:
    """The ``torch`` module, or a :class:`MissingDependencyError` saying how to install it."""
    try:
        import torch
    except ImportError:
        raise MissingDependencyError("torch", "torch", purpose) from None
    return torch


def is_torch(obj: Any) -> bool:
    """Whether ``obj`` is a torch module (checked without importing torch)."""
    return any(c.__module__.startswith("torch.") for c in type(obj).__mro__)


def from_torch(model: Any) -> Any:
    """A float64 chainrule model with ``model``'s layers and parameters.

    Parameters
    ----------
    model : torch.nn.Sequential or torch.nn.RNN
        Linear layers (weight (out, in), bias (out,)), activation modules, Conv2d (weight
        (O, C, kh, kw)), MaxPool2d, Flatten, and an RNN as the last module.

    Returns
    -------
    chainrule.nn.Sequential (or chainrule.nn.RNN for a bare RNN)
        Dense layers with ``weight = Linear.weight.T`` (in, out); the other layers keep
        torch's layouts and parameter names.
    """
    from chainrule import nn

    kind = type(model).__name__
    if kind == "RNN":
        return CONVERTERS["RNN"](model, 0)
    if kind != "Sequential":
        raise ConfigError(f"from_torch: give a torch nn.Sequential or nn.RNN, got {kind}")
    layers: list[Any] = []
    for i, module in enumerate(model):
        layers.append(_layer(module, i))
        if type(module).__name__ == "RNN" and i != len(model) - 1:
            raise ConfigError(f"from_torch: module {i} (RNN) must be the last module: it "
                              "returns (output, h_n), which no next module takes")
    return nn.Sequential(*layers)


def _layer(module: Any, i: int) -> Any:
    """The chainrule layer of torch module number ``i``."""
    from chainrule import nn

    kind = type(module).__name__
    if kind == "Linear":
        W = module.weight.detach().double().numpy()
        dense = nn.Dense(W.shape[1], W.shape[0], dtype=np.float64, bias=module.bias is not None)
        state = {"weight": W.T.copy()}
        if module.bias is not None:
            state["bias"] = module.bias.detach().double().numpy().copy()
        dense.load_state_dict(state)
        return dense
    if kind in CONVERTERS:
        return CONVERTERS[kind](module, i)
    if kind in _ACTIVATIONS:
        name, attr = _ACTIVATIONS[kind]
        if kind == "Softplus" and (module.beta != 1.0 or module.threshold != 20.0):
            # Softplus' β and threshold are not parameters of its rule row
            raise ConfigError(f"from_torch: module {i} ({module!r}) is not supported; "
                              "explain takes Softplus() with beta=1, threshold=20 only")
        cls = getattr(nn, name)
        return cls(float(getattr(module, attr))) if attr else cls()
    raise ConfigError(f"from_torch: module {i} ({kind}) is not supported; known: "
                      f"{', '.join(['Linear', *CONVERTERS, *_ACTIVATIONS])}")


def loss_from_torch(loss: Any) -> Any:
    """chainrule's loss of the same class name as the torch loss module ``loss``."""
    from chainrule import nn

    kind = type(loss).__name__
    if kind not in _LOSSES:
        raise ConfigError(f"from_torch: loss {kind} is not supported; known: "
                          f"{', '.join(_LOSSES)}")
    return getattr(nn, kind)()
