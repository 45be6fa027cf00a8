"""Import a PyTorch ``nn.Sequential`` of Linear + activation modules into chainrule.

torch is optional (``pip install 'chainrule[torch]'``) and imported only when a torch model
is given. torch's ``Linear.weight`` is (out, in); chainrule's ``nn.Dense.weight`` is (in, out),
so every weight is transposed on the way in. Parameters are read by their declared names
(``LeakyReLU.negative_slope``, ``ELU.alpha``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

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
    """A float64 chainrule ``nn.Sequential`` with ``model``'s layers and parameters.

    Parameters
    ----------
    model : torch.nn.Sequential
        Linear layers (weight (out, in), bias (out,)) and activation modules.

    Returns
    -------
    chainrule.nn.Sequential
        Dense layers with ``weight = Linear.weight.T`` (in, out).
    """
    from chainrule import nn

    if type(model).__name__ != "Sequential":
        raise ConfigError(f"from_torch: give a torch nn.Sequential, got {type(model).__name__}")
    layers: list[Any] = []
    for i, module in enumerate(model):
        kind = type(module).__name__
        if kind == "Linear":
            W = module.weight.detach().double().numpy()
            dense = nn.Dense(W.shape[1], W.shape[0], dtype=np.float64,
                             bias=module.bias is not None)
            state = {"weight": W.T.copy()}
            if module.bias is not None:
                state["bias"] = module.bias.detach().double().numpy().copy()
            dense.load_state_dict(state)
            layers.append(dense)
        elif kind in _ACTIVATIONS:
            name, attr = _ACTIVATIONS[kind]
            if kind == "Softplus" and (module.beta != 1.0 or module.threshold != 20.0):
                # Softplus' β and threshold are not parameters of its rule row
                raise ConfigError(f"from_torch: module {i} ({module!r}) is not supported; "
                                  "explain takes Softplus() with beta=1, threshold=20 only")
            cls = getattr(nn, name)
            layers.append(cls(float(getattr(module, attr))) if attr else cls())
        else:
            raise ConfigError(f"from_torch: module {i} ({kind}) is not supported; known: "
                              f"{', '.join(['Linear', *_ACTIVATIONS])}")
    return nn.Sequential(*layers)


def loss_from_torch(loss: Any) -> Any:
    """chainrule's loss of the same class name as the torch loss module ``loss``."""
    from chainrule import nn

    kind = type(loss).__name__
    if kind not in _LOSSES:
        raise ConfigError(f"from_torch: loss {kind} is not supported; known: "
                          f"{', '.join(_LOSSES)}")
    return getattr(nn, kind)()
