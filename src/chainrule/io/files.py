"""Model files and checkpoints: arrays plus JSON, never pickle, always written atomically.

Formats, chosen by the file's extension:

* ``.npz`` — NumPy's zip of named arrays. The metadata (architecture, optimizer hyperparameters,
  epoch…) is one JSON string stored as a unicode array under ``__chainrule__``; files are read
  with ``allow_pickle=False``, so a file can hold numbers and text, never code.
* ``.safetensors`` — the safetensors format (``pip install 'chainrule[safetensors]'``); the JSON
  goes into its string metadata.

A missing, truncated or corrupt file raises :class:`~chainrule.errors.ModelFileError` naming it.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from chainrule import nn
from chainrule.errors import ConfigError, MissingDependencyError, ModelFileError
from chainrule.io.atomic import write_atomic
from chainrule.io.spec import build_model, model_spec

META_KEY = "__chainrule__"
FORMAT_VERSION = 1


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".npz", ".safetensors"):
        return suffix[1:]
    shown = suffix or "(none)"
    raise ConfigError(f"{path}: model files end in .npz or .safetensors, not {shown!r}")


def _safetensors() -> Any:
    try:
        from safetensors import numpy as st_numpy
    except ImportError:
        raise MissingDependencyError("safetensors", "safetensors", "a .safetensors file") from None
    return st_numpy


def write_arrays(path: str | os.PathLike[str], arrays: dict[str, np.ndarray],
                 meta: dict[str, Any]) -> Path:
    """Write named arrays and a JSON-able ``meta`` dict to ``path`` atomically."""
    target = Path(path)
    kind = _kind(target)
    text = json.dumps({"format": FORMAT_VERSION, **meta})
    if kind == "npz":
        payload = {**arrays, META_KEY: np.array(text)}
        return write_atomic(target, lambda f: np.savez(f, **payload))
    st_numpy = _safetensors()
    contiguous = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    blob = st_numpy.save(contiguous, metadata={META_KEY: text})
    return write_atomic(target, lambda f: f.write(blob))


def read_arrays(path: str | os.PathLike[str]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and the metadata of a file written by :func:`write_arrays`."""
    source = Path(path)
    kind = _kind(source)
    if not source.is_file():
        raise ModelFileError(f"{source}: no such model file")
    try:
        if kind == "npz":
            with np.load(source, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            text = str(arrays.pop(META_KEY))
        else:
            st_numpy = _safetensors()
            raw = source.read_bytes()
            arrays = dict(st_numpy.load(raw))
            header_len = int.from_bytes(raw[:8], "little")
            text = json.loads(raw[8:8 + header_len])["__metadata__"][META_KEY]
        meta = json.loads(text)
    except (MissingDependencyError, ModelFileError):
        raise
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, TypeError) as exc:
        raise ModelFileError(
            f"{source}: not a readable chainrule {kind} file (corrupt or truncated?): {exc}"
        ) from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
        raise ModelFileError(f"{source}: unknown chainrule file format {meta!r:.60}")
    return arrays, meta


def save(model: nn.Module, path: str | os.PathLike[str]) -> Path:
    """Save ``model``'s parameters and architecture to ``path`` (.npz or .safetensors).

    Written atomically: if anything fails, a file already at ``path`` is left as it was.
    """
    return write_arrays(path, model.state_dict(), {"kind": "model", "arch": model_spec(model)})


def load(path: str | os.PathLike[str], model: nn.Module | None = None) -> nn.Module:
    """Load a model saved by :func:`save` (or the model part of a checkpoint).

    With ``model`` given, its parameters are replaced (names and shapes must match); otherwise a
    ``Sequential`` is rebuilt from the stored architecture.
    """
    arrays, meta = read_arrays(path)
    if meta.get("kind") == "checkpoint":
        arrays = {k[len("model/"):]: v for k, v in arrays.items() if k.startswith("model/")}
    if model is None:
        model = build_model(meta.get("arch"), str(path))
    model.load_state_dict(arrays)
    return model
