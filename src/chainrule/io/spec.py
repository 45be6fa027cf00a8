"""A model's architecture as plain JSON, so a saved file can rebuild it without pickle.

The layers of :mod:`chainrule.nn` are described by type and constructor arguments, and a
``Sequential`` by its list of layers (nesting allowed)::

    {"type": "Sequential", "layers": [
        {"type": "Conv2d", "in_channels": 1, "out_channels": 2, "kernel_size": [3, 3],
         "stride": [1, 1], "padding": [0, 0], "bias": true, "dtype": "float32"},
        {"type": "ReLU"}, {"type": "Flatten", "start_dim": 1, "end_dim": -1}, ...]}

One table, :data:`LAYER_FILES`, says for each layer type its class, its fields (each with its
reader and default), how to read them off a module and how many parameters they allocate; the
activation layers come from the rule table's rows (:data:`chainrule.nn.activations.BY_NAME`),
their fields being the row's declared parameters. Building goes through this whitelist: a file
names layers, it cannot name code, and a field the type does not have is refused. A model with
a layer outside the table (a subclass of your own) has no spec; its weights are still saved
and load into the same code with ``load(path, model=...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule import nn
from chainrule.errors import ConfigError
from chainrule.nn.activations import BY_NAME as _ACTIVATIONS

#: A field without a default must be in the file.
REQUIRED = object()


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, list) and len(value) == 2:
        return (_int(value[0]), _int(value[1]))
    raise TypeError(f"expected a pair of integers [a, b], got {value!r}")


def _dtype(value: Any) -> np.dtype:
    if value not in ("float32", "float64"):
        raise TypeError(f"expected \"float32\" or \"float64\", got {value!r}")
    return np.dtype(value)


@dataclass(frozen=True)
class LayerFile:
    """How one layer type is written to and built from a model file.

    ``fields`` maps each field to ``(reader, default)`` (``REQUIRED`` when it has none), in
    the constructor's keyword names; ``read`` gives a module's fields as JSON values;
    ``count`` the number of parameters checked fields would allocate (for the budget).
    """

    cls: type[nn.Module]
    fields: Mapping[str, tuple[Callable[[Any], Any], Any]]
    read: Callable[[Any], dict[str, Any]]
    count: Callable[[Mapping[str, Any]], int] = lambda f: 0


def _dense_count(f: Mapping[str, Any]) -> int:
    return f["in_features"] * f["out_features"] + (f["out_features"] if f["bias"] else 0)


def _conv_count(f: Mapping[str, Any]) -> int:
    kh, kw = f["kernel_size"]
    out = f["out_channels"]
    return out * f["in_channels"] * kh * kw + (out if f["bias"] else 0)


def _rnn_count(f: Mapping[str, Any]) -> int:
    h, n = f["hidden_size"], f["num_layers"]
    first = h * f["input_size"] + h * h
    rest = (n - 1) * 2 * h * h
    return first + rest + (2 * h * n if f["bias"] else 0)


_DTYPE = (_dtype, np.dtype("float32"))
_BIAS = (_bool, True)

LAYER_FILES: dict[str, LayerFile] = {
    "Dense": LayerFile(
        nn.Dense, {"in_features": (_int, REQUIRED), "out_features": (_int, REQUIRED),
                   "bias": _BIAS, "dtype": _DTYPE},
        lambda m: {"in_features": m.in_features, "out_features": m.out_features,
                   "bias": m.bias is not None, "dtype": str(m.weight.dtype)}, _dense_count),
    "Conv2d": LayerFile(
        nn.Conv2d, {"in_channels": (_int, REQUIRED), "out_channels": (_int, REQUIRED),
                    "kernel_size": (_pair, REQUIRED), "stride": (_pair, (1, 1)),
                    "padding": (_pair, (0, 0)), "bias": _BIAS, "dtype": _DTYPE},
        lambda m: {"in_channels": m.in_channels, "out_channels": m.out_channels,
                   "kernel_size": list(m.kernel_size), "stride": list(m.stride),
                   "padding": list(m.padding), "bias": m.bias is not None,
                   "dtype": str(m.weight.dtype)}, _conv_count),
    "MaxPool2d": LayerFile(
        nn.MaxPool2d, {"kernel_size": (_pair, REQUIRED), "stride": (_pair, None),
                       "padding": (_pair, (0, 0))},
        lambda m: {"kernel_size": list(m.kernel_size), "stride": list(m.stride),
                   "padding": list(m.padding)}),
    "RNN": LayerFile(
        nn.RNN, {"input_size": (_int, REQUIRED), "hidden_size": (_int, REQUIRED),
                 "num_layers": (_int, 1), "bias": _BIAS, "batch_first": (_bool, False),
                 "dtype": _DTYPE},
        lambda m: {"input_size": m.input_size, "hidden_size": m.hidden_size,
                   "num_layers": m.num_layers, "bias": m.bias, "batch_first": m.batch_first,
                   "dtype": str(m.weight_ih_l0.dtype)}, _rnn_count),
    "Flatten": LayerFile(nn.Flatten, {"start_dim": (_int, 1), "end_dim": (_int, -1)},
                         lambda m: {"start_dim": m.start_dim, "end_dim": m.end_dim}),
    "LogSoftmax": LayerFile(nn.LogSoftmax, {"axis": (_int, -1)}, lambda m: {"axis": m.axis}),
    "Softmax": LayerFile(nn.Softmax, {"axis": (_int, -1)}, lambda m: {"axis": m.axis}),
    "Dropout": LayerFile(nn.Dropout, {"p": (_float, REQUIRED)}, lambda m: {"p": m.p}),
}


def layer_file(kind: str) -> LayerFile | None:
    """The table entry of layer type ``kind``: :data:`LAYER_FILES`' or, for an activation,
    one made from its rule row (fields: the row's declared parameters, defaults its own)."""
    if kind in LAYER_FILES:
        return LAYER_FILES[kind]
    cls = _ACTIVATIONS.get(kind)
    if cls is None:
        return None
    defaults = dict(zip(cls.rule.params, cls.rule.defaults))
    return LayerFile(cls, {name: (_float, defaults.get(name, REQUIRED))
                           for name in cls.rule.params},
                     lambda m: dict(zip(m.rule.params, m.params)))


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
    entry = layer_file(kind)
    if entry is None or type(model) is not entry.cls:
        raise ConfigError(f"cannot describe a {kind} layer in a model file; "
                          "save it anyway and load with load(path, model=...)")
    return {"type": kind, **entry.read(model)}


def layer_fields(spec: Mapping[str, Any], source: str, where: str) -> tuple[LayerFile, dict]:
    """The table entry and the checked fields (defaults filled in) of one layer's ``spec``.

    Raises
    ------
    ConfigError
        One line naming ``source``, the layer's position and type: an unknown type, a field
        the type does not have (with the ones it has), a missing or mistyped one.
    """
    kind = spec["type"]
    entry = layer_file(kind)
    if entry is None:
        raise ConfigError(f"{source}: {where}: unknown layer type {kind!r}")
    extra = sorted(set(spec) - set(entry.fields) - {"type"})
    if extra:
        raise ConfigError(f"{source}: {where} ({kind}): unknown field {extra[0]!r}; "
                          f"{kind} has {', '.join(entry.fields) or 'no fields'}")
    fields = {}
    for name, (reader, default) in entry.fields.items():
        if name not in spec:
            if default is REQUIRED:
                raise ConfigError(f"{source}: {where} ({kind}): missing field {name!r}")
            fields[name] = default
            continue
        try:
            fields[name] = reader(spec[name])
        except TypeError as exc:
            raise ConfigError(f"{source}: {where} ({kind}): field {name!r}: {exc}") from None
    return entry, fields


def _layers(spec: Any, source: str) -> list[tuple[Mapping[str, Any], str]]:
    """Every layer spec under ``spec`` with its position, Sequentials flattened (iterative)."""
    out, stack = [], [(spec, "model")]
    while stack:
        node, where = stack.pop()
        if not isinstance(node, dict) or not isinstance(node.get("type"), str):
            raise ConfigError(f"{source}: {where}: expected an object with a 'type'")
        if node["type"] == "Sequential":
            layers = node.get("layers")
            if not isinstance(layers, list) or set(node) - {"type", "layers"}:
                raise ConfigError(f"{source}: {where} (Sequential): needs only a list "
                                  "'layers'")
            stack.extend((item, f"{where} layer {i}") for i, item in
                         reversed(list(enumerate(layers))))
        else:
            out.append((node, where))
    return out


def parameter_count(spec: Any, source: str, max_dim: int) -> int:
    """The parameters the layers of ``spec`` would allocate, from the file alone.

    Every field is checked first (as :func:`build_model` would) and every size must lie in
    1..``max_dim``; nothing is allocated.
    """
    total = 0
    for node, where in _layers(spec, source):
        entry, fields = layer_fields(node, source, where)
        for name, value in fields.items():
            sizes = value if isinstance(value, tuple) else (value,)
            if (name.endswith(("features", "channels", "size", "layers"))
                    and any(not 0 < v <= max_dim for v in sizes)):
                raise ConfigError(f"{source}: {where} ({node['type']}): {name} = {value} is "
                                  f"not a size in 1..{max_dim:,}")
        total += entry.count(fields)
    return total


def build_model(spec: Any, source: str, where: str = "model") -> nn.Module:
    """The module described by ``spec`` (see the module docstring).

    Raises
    ------
    ConfigError
        Naming ``source`` and the layer's position, for an unknown type or a bad field.
    """
    if isinstance(spec, dict) and spec.get("type") == "Sequential":
        _layers(spec, source)  # the shape of the tree, one line for the first bad node
        return nn.Sequential(*(build_model(item, source, f"{where} layer {i}")
                               for i, item in enumerate(spec["layers"])))
    if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
        raise ConfigError(f"{source}: {where}: expected an object with a 'type'")
    entry, fields = layer_fields(spec, source, where)
    if entry.cls in _ACTIVATIONS.values():
        return entry.cls(*fields.values())
    return entry.cls(**fields)


__all__ = ["LAYER_FILES", "REQUIRED", "LayerFile", "build_model", "layer_fields", "layer_file",
           "model_spec", "parameter_count"]
