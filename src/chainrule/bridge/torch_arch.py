"""A torch ``nn.Sequential`` from weights on disk plus a small architecture TOML.

The TOML names the modules in order (Linear sizes come from the weights' key names and
shapes, ``"0.weight"`` (out, in), ``"0.bias"`` (out,) as torch's ``state_dict`` spells them;
Conv2d, MaxPool2d, Flatten and RNN entries are read by :mod:`chainrule.bridge.torch_arch_layers`),
the loss and the batch::

    layers = [{type = "Linear"}, {type = "LeakyReLU", negative_slope = 0.2},
              {type = "Linear"}, {type = "Tanh"}, {type = "Linear"}]
    loss = "MSELoss"
    inputs = [[0.5, -1.0, 2.0]]
    targets = [[0.0, 1.0]]

Weights: ``.safetensors`` (read with safetensors, no pickle) or a torch ``state_dict`` in a
``.pt``/``.pth`` file, read only through ``torch.load(..., weights_only=True)``.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.bridge.torch_arch_layers import KEYS, build_layer
from chainrule.bridge.torch_import import torch_module
from chainrule.bridge.weights_budget import check_file_size, check_shapes, safetensors_shapes
from chainrule.errors import ConfigError
from chainrule.io.tomlfile import read_toml

#: Module type -> the keyword parameters it may take (torch's declared names).
MODULES: dict[str, tuple[str, ...]] = {
    "Linear": (), "ReLU": (), "Sigmoid": (), "Tanh": (), "GELU": (), "Identity": (),
    "LeakyReLU": ("negative_slope",), "ELU": ("alpha",), "Softplus": ("beta", "threshold"),
    **KEYS}
LOSSES = ("MSELoss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss")
WEIGHT_SUFFIXES = (".safetensors", ".pt", ".pth")


def read_state(path: str | Path) -> dict[str, np.ndarray]:
    """The arrays of a ``.safetensors`` file, or of a torch ``state_dict`` file loaded with
    ``torch.load(path, weights_only=True)`` (never a plain unpickle).

    The size budget (:mod:`chainrule.bridge.weights_budget`) is checked first: the file's
    size, then the tensors' count and elements (from a safetensors header, before loading).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".safetensors", ".pt", ".pth"):
        check_file_size(path)
    if suffix == ".safetensors":
        check_shapes(path, safetensors_shapes(path))
        from safetensors.numpy import load_file

        try:
            return dict(load_file(str(path)))
        except Exception as exc:  # safetensors raises its own error types
            raise ConfigError(f"{path}: not a readable safetensors file ({exc})") from None
    if suffix in (".pt", ".pth"):
        torch = torch_module(f"reading {path.name}")
        try:
            with warnings.catch_warnings():  # torch's notes about the pickle protocol
                warnings.simplefilter("ignore")
                state = torch.load(str(path), map_location="cpu", weights_only=True)
        except Exception as exc:  # torch's weights_only unpickler refuses anything else
            # torch's own message suggests weights_only=False, which chainrule never uses.
            raise ConfigError(f"{path}: not a torch state_dict loadable with weights_only=True "
                              f"(torch refused it: {type(exc).__name__})") from None
        if not isinstance(state, dict) or not all(
                isinstance(v, torch.Tensor) for v in state.values()):
            raise ConfigError(f"{path}: expected a state_dict (names → tensors)")
        check_shapes(path, (v.shape for v in state.values()))
        return {str(k): v.detach().double().numpy() for k, v in state.items()}
    raise ConfigError(f"{path}: torch weights end in {', '.join(WEIGHT_SUFFIXES)}")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise ConfigError(f"{where}: expected a finite number, got {value!r}")
    return float(value)


def build(arch: dict[str, Any], state: dict[str, np.ndarray], where: str) -> Any:
    """The float64 torch ``nn.Sequential`` of ``arch["layers"]`` with the weights ``state``."""
    torch = torch_module("explaining a torch model")
    layers = arch.get("layers")
    if not isinstance(layers, list) or not layers:
        raise ConfigError(f"{where}: 'layers' must be a list of tables like {{type = \"Linear\"}}")
    modules: list[Any] = []
    used: set[str] = set()
    for i, spec in enumerate(layers):
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind not in MODULES:
            raise ConfigError(f"{where}: layer {i} has type {kind!r}; known: "
                              f"{', '.join(MODULES)}")
        extra = set(spec) - {"type", *MODULES[kind]}
        if extra:
            raise ConfigError(f"{where}: layer {i} ({kind}) takes no {', '.join(sorted(extra))}")
        if kind == "Linear":
            W = state.get(f"{i}.weight")
            if W is None or W.ndim != 2:
                raise ConfigError(f"{where}: layer {i} (Linear) needs a 2-D '{i}.weight' in "
                                  "the weights file")
            has_bias = f"{i}.bias" in state
            modules.append(torch.nn.Linear(W.shape[1], W.shape[0], bias=has_bias,
                                           dtype=torch.float64))
            used |= {f"{i}.weight", *([f"{i}.bias"] if has_bias else [])}
        elif kind in KEYS:
            module, keys = build_layer(torch, kind, i, spec, state, where)
            modules.append(module)
            used |= keys
        else:
            kwargs = {k: _number(v, f"{where}: layer {i} {k}")
                      for k, v in spec.items() if k != "type"}
            modules.append(getattr(torch.nn, kind)(**kwargs))
    unknown = sorted(set(state) - used)
    if unknown:
        raise ConfigError(f"{where}: the weights file has arrays no layer takes: "
                          f"{', '.join(unknown[:5])}")
    model = torch.nn.Sequential(*modules)
    try:
        model.load_state_dict({k: torch.as_tensor(np.asarray(v, dtype=float))
                               for k, v in state.items()})
    except RuntimeError as exc:
        raise ConfigError(f"{where}: weights do not fit the layers "
                          f"({str(exc).splitlines()[-1].strip()})") from None
    return model


def load_torch(weights: str | Path, arch_path: str | Path) -> tuple[Any, Any, Any, Any]:
    """(torch model, torch loss, inputs, targets) from a weights file and an architecture TOML."""
    torch = torch_module("explaining a torch model")
    where = str(arch_path)
    arch = read_toml(arch_path, "architecture file")
    loss_name = arch.get("loss", "MSELoss")
    if loss_name not in LOSSES:
        raise ConfigError(f"{where}: loss {loss_name!r} is not one of {', '.join(LOSSES)}")
    if "inputs" not in arch or "targets" not in arch:
        raise ConfigError(f"{where}: give the batch as inputs = [[…]] and targets = [[…]]")
    model = build(arch, read_state(weights), where)
    return model, getattr(torch.nn, loss_name)(), arch["inputs"], arch["targets"]
