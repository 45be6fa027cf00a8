"""Checkpoints: everything needed to continue training exactly where it stopped.

One .npz (or .safetensors) file holds the model's parameters (``model/<name>``), the optimizer's
state arrays (``optim/<param>/<name>``) and, as JSON, the architecture, the optimizer's type,
hyperparameters and step counts, the epoch, the training history so far, and the bit-generator
states of any Dropout layers. Saved atomically, so the previous checkpoint survives a crash.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chainrule import nn
from chainrule.errors import ModelFileError
from chainrule.io.files import read_arrays, write_arrays
from chainrule.io.spec import model_spec


def _dropout_layers(model: nn.Module) -> list[nn.Dropout]:
    return [m for m in model.modules() if isinstance(m, nn.Dropout)]


@dataclass
class Checkpoint:
    """What :func:`load_checkpoint` returns: restore it with :meth:`restore`."""

    epoch: int
    history: dict[str, list[float]]
    model_state: dict[str, np.ndarray]
    optimizer_state: dict[str, Any]
    dropout_states: list[dict[str, Any]]
    extra: dict[str, Any]

    def restore(self, model: nn.Module, optimizer: Any) -> None:
        """Put the saved parameters, optimizer state and dropout streams back in place."""
        model.load_state_dict(self.model_state)
        optimizer.load_state_dict(self.optimizer_state)
        for layer, state in zip(_dropout_layers(model), self.dropout_states):
            layer._rng.bit_generator.state = state


def save_checkpoint(path: str | os.PathLike[str], model: nn.Module, optimizer: Any, epoch: int,
                    history: dict[str, list[float]] | None = None,
                    extra: dict[str, Any] | None = None) -> Path:
    """Write a checkpoint after ``epoch`` (1-based count of finished epochs) atomically."""
    arrays = {f"model/{k}": v for k, v in model.state_dict().items()}
    opt = optimizer.state_dict()
    opt_meta: dict[str, Any] = {"type": opt["type"], "hyper": opt["hyper"], "state": {}}
    for i, st in opt["state"].items():
        opt_meta["state"][i] = {}
        for k, v in st.items():
            if isinstance(v, np.ndarray):
                arrays[f"optim/{i}/{k}"] = v
            else:
                opt_meta["state"][i][k] = v
    try:
        arch = model_spec(model)
    except Exception:  # a custom model: the checkpoint still restores into the same code
        arch = None
    meta = {"kind": "checkpoint", "epoch": int(epoch), "history": history or {},
            "arch": arch, "optimizer": opt_meta,
            "dropout": [m._rng.bit_generator.state for m in _dropout_layers(model)],
            "extra": extra or {}}
    return write_arrays(path, arrays, meta)


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read a checkpoint written by :func:`save_checkpoint`."""
    arrays, meta = read_arrays(path)
    if meta.get("kind") != "checkpoint":
        raise ModelFileError(f"{path}: a model file, not a training checkpoint")
    opt = meta["optimizer"]
    for key, value in arrays.items():
        if key.startswith("optim/"):
            _, i, name = key.split("/", 2)
            opt["state"].setdefault(i, {})[name] = value
    model_state = {k[len("model/"):]: v for k, v in arrays.items() if k.startswith("model/")}
    return Checkpoint(int(meta["epoch"]), meta.get("history", {}), model_state, opt,
                      meta.get("dropout", []), meta.get("extra", {}))
