"""Checkpoints: everything needed to continue training exactly where it stopped.

One .npz (or .safetensors) file holds, as arrays, the model's parameters (``model/<name>``) and
every array of the optimizer's and the callbacks' state (``optimizer/state/0/exp_avg``…), and,
as JSON, the rest: the epoch, the seed, the history so far, the optimizer's type and
hyperparameters, the schedule's state, the architecture (when it can be described), and the
bit-generator state of every random generator inside the model (Dropout masks) — so a resumed
run draws the same numbers. Saved atomically, so the previous checkpoint survives a crash.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from chainrule import nn
from chainrule.errors import ConfigError, ModelFileError
from chainrule.io.files import read_arrays, write_arrays
from chainrule.io.spec import model_spec


def split_tree(tree: Any, prefix: str, arrays: dict[str, np.ndarray]) -> Any:
    """A JSON-ready copy of ``tree`` with each array moved into ``arrays`` under its path.

    ``{"state": {0: {"exp_avg": A}}}`` under prefix ``"optimizer"`` becomes
    ``{"state": {"0": {"exp_avg": {"__array__": "optimizer/state/0/exp_avg"}}}}`` with
    ``arrays["optimizer/state/0/exp_avg"] = A``. Tuples become lists, NumPy scalars numbers.
    """
    if isinstance(tree, np.ndarray):
        arrays[prefix] = tree
        return {"__array__": prefix}
    if isinstance(tree, dict):
        return {str(k): split_tree(v, f"{prefix}/{k}", arrays) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return [split_tree(v, f"{prefix}/{i}", arrays) for i, v in enumerate(tree)]
    if isinstance(tree, np.generic):
        return tree.item()
    if tree is None or isinstance(tree, (bool, int, float, str)):
        return tree
    raise ConfigError(f"cannot store a {type(tree).__name__} at {prefix!r} in a checkpoint: "
                      "only arrays, numbers, strings, lists and dicts")


def join_tree(tree: Any, arrays: dict[str, np.ndarray], source: str) -> Any:
    """Undo :func:`split_tree`; ModelFileError naming ``source`` when an array is missing."""
    if isinstance(tree, dict):
        if set(tree) == {"__array__"}:
            if tree["__array__"] not in arrays:
                raise ModelFileError(f"{source}: the array {tree['__array__']!r} is missing")
            return arrays[tree["__array__"]]
        return {k: join_tree(v, arrays, source) for k, v in tree.items()}
    if isinstance(tree, list):
        return [join_tree(v, arrays, source) for v in tree]
    return tree


def generators(model: nn.Module) -> dict[str, np.random.Generator]:
    """Every NumPy Generator held by a module of ``model`` (Dropout's mask stream…).

    Keyed ``"<module index>.<attribute>"`` in ``model.modules()`` order.
    """
    return {f"{i}.{name}": value
            for i, m in enumerate(model.modules())
            for name, value in vars(m).items() if isinstance(value, np.random.Generator)}


@dataclass
class CheckpointState:
    """What :func:`load_checkpoint` read; put it back with :meth:`restore`."""

    epoch: int
    model_state: dict[str, np.ndarray]
    optimizer_state: dict[str, Any] | None = None
    scheduler_state: dict[str, Any] | None = None
    history: dict[str, list[float]] = field(default_factory=dict)
    callback_states: list[dict[str, Any]] = field(default_factory=list)
    rng_states: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    path: str = ""

    def restore(self, model: nn.Module, optimizer: Any = None, scheduler: Any = None) -> None:
        """Put parameters, optimizer and schedule state, and generator states back in place.

        Raises
        ------
        ConfigError
            The checkpoint holds optimizer or schedule state but none was passed to take it,
            or the model's generators do not match the saved ones.
        """
        if self.optimizer_state is not None and optimizer is None:
            raise ConfigError(f"{self.path}: the checkpoint has optimizer state; pass the "
                              "optimizer to restore it")
        if self.scheduler_state is not None and scheduler is None:
            raise ConfigError(f"{self.path}: the checkpoint was saved with a "
                              f"{self.scheduler_state.get('type')} schedule; pass it to resume")
        gens = generators(model)
        if set(gens) != set(self.rng_states):
            raise ConfigError(f"{self.path}: the model's random generators {sorted(gens)} do not "
                              f"match the checkpoint's {sorted(self.rng_states)}")
        model.load_state_dict(self.model_state)
        if self.optimizer_state is not None:
            optimizer.load_state_dict(self.optimizer_state)
        if self.scheduler_state is not None:
            scheduler.load_state_dict(self.scheduler_state)
        for key, gen in gens.items():
            gen.bit_generator.state = self.rng_states[key]


def save_checkpoint(path: str | os.PathLike[str], model: nn.Module, optimizer: Any = None,
                    epoch: int = 0, *, history: dict[str, list[float]] | None = None,
                    scheduler: Any = None, callbacks: Iterable[Any] = (),
                    seed: int | None = None, extra: dict[str, Any] | None = None) -> Path:
    """Write a checkpoint after ``epoch`` finished epochs, atomically.

    Parameters
    ----------
    path : path-like
        .npz or .safetensors.
    model : Module
    optimizer, scheduler : optional
        Anything with ``state_dict()`` (arrays, numbers, strings, lists, dicts).
    epoch : int
        Finished epochs.
    history : dict, optional
        ``History.to_dict()`` so far.
    callbacks : iterable, optional
        Those with ``state_dict()`` are saved (EarlyStopping's best score and weights…).
    seed : int, optional
        The run's shuffling seed.
    extra : dict, optional
        Any other JSON.
    """
    arrays = {f"model/{k}": v for k, v in model.state_dict().items()}
    try:
        arch = model_spec(model)
    except ConfigError:  # a custom model: the checkpoint still restores into the same code
        arch = None
    cb_states = [{"type": type(cb).__name__,
                  "state": split_tree(cb.state_dict(), f"callbacks/{i}", arrays)}
                 for i, cb in enumerate(callbacks) if callable(getattr(cb, "state_dict", None))]
    meta = {
        "kind": "checkpoint", "epoch": int(epoch), "seed": seed, "arch": arch,
        "history": split_tree(history or {}, "history", arrays),
        "optimizer": None if optimizer is None
        else split_tree(optimizer.state_dict(), "optimizer", arrays),
        "scheduler": None if scheduler is None
        else split_tree(scheduler.state_dict(), "scheduler", arrays),
        "callbacks": cb_states,
        "rng": {k: g.bit_generator.state for k, g in generators(model).items()},
        "extra": split_tree(extra or {}, "extra", arrays),
    }
    return write_arrays(path, arrays, meta)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _check_meta(meta: dict[str, Any], source: str) -> None:
    """Every field a checkpoint's JSON may hold, checked for type and range before use, so a
    tampered file (``epoch = -100000``, ``lr = "abc"``) is one ModelFileError naming the field."""
    def bad(field_name: str, expected: str) -> ModelFileError:
        got = meta_get(field_name)
        shown = f"{got!r}"[:60]
        return ModelFileError(f"{source}: field {field_name!r} must be {expected}, got {shown}")

    def meta_get(dotted: str) -> Any:
        node: Any = meta
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return node

    epoch = meta.get("epoch")
    if not isinstance(epoch, int) or isinstance(epoch, bool) or not 0 <= epoch < 10**9:
        raise bad("epoch", "a whole number of finished epochs (0 … 10⁹)")
    seed = meta.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or seed < 0):
        raise bad("seed", "a whole number ≥ 0 or null")
    history = meta.get("history", {})
    if not isinstance(history, dict) or not all(
            isinstance(v, list) and all(_is_number(x) or x is None for x in v)
            for v in history.values()):
        raise bad("history", "a table of lists of finite numbers")
    callbacks = meta.get("callbacks", [])
    if not isinstance(callbacks, list) or not all(
            isinstance(c, dict) and isinstance(c.get("type"), str) for c in callbacks):
        raise bad("callbacks", "a list of {type, state} tables")
    rng = meta.get("rng", {})
    if not isinstance(rng, dict) or not all(isinstance(v, dict) for v in rng.values()):
        raise bad("rng", "a table of generator states")
    for part in ("optimizer", "scheduler"):
        value = meta.get(part)
        if value is None:
            continue
        if not isinstance(value, dict) or not isinstance(value.get("type"), str):
            raise bad(part, "a table with a 'type'")
        hyper = value.get("hyper", {})
        if not isinstance(hyper, dict) or not all(
                _is_number(v) or isinstance(v, (bool, str)) or v is None
                or (isinstance(v, list) and all(_is_number(x) for x in v))
                for v in hyper.values()):
            raise bad(f"{part}.hyper", "a table of numbers")
        if "lr" in hyper and not (_is_number(hyper["lr"]) and hyper["lr"] > 0):
            raise bad(f"{part}.hyper.lr", "a finite learning rate > 0")
        state = value.get("state", {})
        if part == "optimizer" and (not isinstance(state, dict) or not all(
                isinstance(v, dict) and isinstance(v.get("step", 0), int)
                and not isinstance(v.get("step", 0), bool) and v.get("step", 0) >= 0
                for v in state.values())):
            raise bad("optimizer.state", "a table of per-parameter states with a step ≥ 0")


def load_checkpoint(path: str | os.PathLike[str]) -> CheckpointState:
    """Read a checkpoint written by :func:`save_checkpoint`.

    Raises
    ------
    ModelFileError
        Missing, corrupt or truncated file, or a model file rather than a checkpoint.
    """
    source = str(path)
    arrays, meta = read_arrays(path)
    if meta.get("kind") != "checkpoint":
        raise ModelFileError(f"{source}: a model file, not a training checkpoint")
    _check_meta(meta, source)
    try:
        return CheckpointState(
            epoch=int(meta["epoch"]),
            model_state={k[6:]: v for k, v in arrays.items() if k.startswith("model/")},
            optimizer_state=join_tree(meta.get("optimizer"), arrays, source),
            scheduler_state=join_tree(meta.get("scheduler"), arrays, source),
            history=join_tree(meta.get("history", {}), arrays, source),
            callback_states=join_tree(meta.get("callbacks", []), arrays, source),
            rng_states=dict(meta.get("rng", {})),
            seed=meta.get("seed"),
            extra=join_tree(meta.get("extra", {}), arrays, source),
            path=source,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"{source}: the checkpoint's metadata is incomplete ({exc})") from None
