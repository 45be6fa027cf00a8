"""A model's architecture as plain JSON, so a saved file can rebuild it without pickle.

Only the layers of :mod:`chainrule.nn` inside a ``Sequential`` (or one such layer) are described:
``[{"type": "Dense", "in_features": 64, "out_features": 10, "bias": true, "dtype": "float32"},
{"type": "ReLU"}, ...]``. Building from a spec uses a whitelist of layer types.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule import nn
from chainrule.errors import ConfigError

_SIMPLE = {"Identity": nn.Identity, "Sigmoid": nn.Sigmoid, "Tanh": nn.Tanh, "ReLU": nn.ReLU}


def layer_spec(layer: nn.Module) -> dict[str, Any]:
    """The JSON description of one layer; ConfigError for a layer type it cannot describe."""
    kind = type(layer).__name__
    if isinstance(layer, nn.Dense):
        return {"type": "Dense", "in_features": layer.in_features,
                "out_features": layer.out_features, "bias": layer.bias is not None,
                "dtype": str(layer.weight.dtype)}
    if kind in _SIMPLE and type(layer) is _SIMPLE[kind]:
        return {"type": kind}
    if isinstance(layer, nn.LeakyReLU):
        return {"type": "LeakyReLU", "alpha": layer.alpha}
    if isinstance(layer, nn.Softmax):
        return {"type": "Softmax", "axis": layer.axis}
    if isinstance(layer, nn.Dropout):
        return {"type": "Dropout", "p": layer.p}
    raise ConfigError(f"cannot describe a {kind} layer in a model file; "
                      "save its state_dict and rebuild it in code")


def model_spec(model: nn.Module) -> list[dict[str, Any]]:
    """The JSON description of a Sequential (or of a single layer, as a one-item list)."""
    layers = list(model) if isinstance(model, nn.Sequential) else [model]
    return [layer_spec(layer) for layer in layers]


def build_model(spec: Any, source: str) -> nn.Sequential:
    """A Sequential built from ``spec``.

    Raises ConfigError naming ``source`` and the layer on bad input.
    """
    if not isinstance(spec, list):
        raise ConfigError(f"{source}: the architecture must be a list of layers")
    layers: list[nn.Module] = []
    for i, item in enumerate(spec):
        where = f"{source}: layer {i}"
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise ConfigError(f"{where}: expected an object with a 'type'")
        kind = item["type"]
        try:
            if kind == "Dense":
                layers.append(nn.Dense(int(item["in_features"]), int(item["out_features"]),
                                       bias=bool(item.get("bias", True)),
                                       dtype=np.dtype(str(item.get("dtype", "float32")))))
            elif kind in _SIMPLE:
                layers.append(_SIMPLE[kind]())
            elif kind == "LeakyReLU":
                layers.append(nn.LeakyReLU(float(item["alpha"])))
            elif kind == "Softmax":
                layers.append(nn.Softmax(int(item.get("axis", -1))))
            elif kind == "Dropout":
                layers.append(nn.Dropout(float(item["p"])))
            else:
                raise ConfigError(f"{where}: unknown layer type {kind!r}")
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{where} ({kind}): missing or invalid field {exc}") from None
    return nn.Sequential(*layers)
