"""A model's architecture as plain JSON, so a saved file can rebuild it without pickle.

The layers of :mod:`chainrule.nn` are described by type and constructor arguments, and a
``Sequential`` by its list of layers (nesting allowed)::

    {"type": "Sequential", "layers": [
        {"type": "Dense", "in_features": 64, "out_features": 10, "bias": true,
         "dtype": "float32"},
        {"type": "ReLU"}, ...]}

Building from a spec goes through a whitelist of layer types: a file names layers, it cannot
name code. A model with a layer outside the whitelist (a subclass of your own) has no spec; its
weights are still saved and load into the same code with ``load(path, model=...)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule import nn
from chainrule.errors import ConfigError
from chainrule.nn.activations import BY_NAME as _ACTIVATIONS


def model_spec(model: nn.Module) -> dict[str, Any]:
    """The JSON description of a layer or a (nested) Sequential of layers.

    Raises
    ------
    ConfigError
        A layer type it cannot describe (exact types only: a subclass may add behaviour).
    """
    kind = type(model).__name__
    if type(model) is nn.Sequential:
        return {"type": "Sequential", "layers": [model_spec(layer) for layer in model]}
    if type(model) is nn.Dense:
        return {"type": "Dense", "in_features": model.in_features,
                "out_features": model.out_features, "bias": model.bias is not None,
                "dtype": str(model.weight.dtype)}
    if kind in _ACTIVATIONS and type(model) is _ACTIVATIONS[kind]:
        # an activation layer: its row's parameters by name (LeakyReLU's alpha, …)
        return {"type": kind, **dict(zip(model.rule.params, model.params))}
    if type(model) is nn.Flatten:
        return {"type": "Flatten", "start_dim": model.start_dim, "end_dim": model.end_dim}
    if type(model) is nn.LogSoftmax:
        return {"type": "LogSoftmax", "axis": model.axis}
    if type(model) is nn.Softmax:
        return {"type": "Softmax", "axis": model.axis}
    if type(model) is nn.Dropout:
        return {"type": "Dropout", "p": model.p}
    raise ConfigError(f"cannot describe a {kind} layer in a model file; "
                      "save it anyway and load with load(path, model=...)")


def build_model(spec: Any, source: str, where: str = "model") -> nn.Module:
    """The module described by ``spec`` (see the module docstring).

    Raises
    ------
    ConfigError
        Naming ``source`` and the layer's position, for an unknown type or a bad field.
    """
    if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
        raise ConfigError(f"{source}: {where}: expected an object with a 'type'")
    kind = spec["type"]
    try:
        if kind == "Sequential":
            layers = spec["layers"]
            if not isinstance(layers, list):
                raise TypeError("'layers' must be a list")
            return nn.Sequential(*(build_model(item, source, f"{where} layer {i}")
                                   for i, item in enumerate(layers)))
        if kind == "Dense":
            return nn.Dense(int(spec["in_features"]), int(spec["out_features"]),
                            bias=bool(spec.get("bias", True)),
                            dtype=np.dtype(str(spec.get("dtype", "float32"))))
        if kind in _ACTIVATIONS:
            cls = _ACTIVATIONS[kind]
            return cls(*(float(spec[name]) for name in cls.rule.params if name in spec))
        if kind == "Flatten":
            return nn.Flatten(int(spec.get("start_dim", 1)), int(spec.get("end_dim", -1)))
        if kind == "LogSoftmax":
            return nn.LogSoftmax(int(spec.get("axis", -1)))
        if kind == "Softmax":
            return nn.Softmax(int(spec.get("axis", -1)))
        if kind == "Dropout":
            return nn.Dropout(float(spec["p"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: {where} ({kind}): missing or invalid field {exc}") from None
    raise ConfigError(f"{source}: {where}: unknown layer type {kind!r}")
