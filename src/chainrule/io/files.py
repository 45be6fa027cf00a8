"""Model files and checkpoints: arrays plus JSON, never pickle, always written atomically.

Formats, chosen by the file's extension:

* ``.npz`` — NumPy's zip of named arrays. The metadata (architecture, optimizer hyperparameters,
  epoch…) is one JSON string stored as a unicode array under ``__chainrule__``; files are read
  with ``allow_pickle=False``, so a file can hold numbers and text, never code.
* ``.safetensors`` — the safetensors format (``pip install 'chainrule[safetensors]'``); the JSON
  goes into its string metadata.

A missing, truncated or corrupt file raises :class:`~chainrule.errors.ModelFileError` naming it;
a file whose declared arrays or architecture would not fit the memory budget raises
:class:`~chainrule.errors.BudgetError` before anything is allocated (:mod:`.declared`).
"""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from chainrule import nn
from chainrule.errors import ConfigError, MissingDependencyError, ModelFileError
from chainrule.io.atomic import write_atomic
from chainrule.io.declared import check_arch, check_npz, parse_meta
from chainrule.io.spec import build_model, model_spec
from chainrule.limits import check_memory

META_KEY = "__chainrule__"
FORMAT_VERSION = 1


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".npz", ".safetensors"):
        return suffix[1:]
    shown = suffix or "(none)"
    raise ConfigError(f"{path}: model files end in .npz or .safetensors, not {shown!r}")


def _safetensors(purpose: str) -> Any:
    try:
        from safetensors import numpy as st_numpy
    except ImportError:
        raise MissingDependencyError("safetensors", "safetensors", purpose) from None
    return st_numpy


def _safetensors_error() -> type[Exception]:
    from safetensors import SafetensorError

    return SafetensorError


def write_arrays(path: str | os.PathLike[str], arrays: dict[str, np.ndarray],
                 meta: dict[str, Any]) -> Path:
    """Write named arrays and a JSON-able ``meta`` dict to ``path`` atomically.

    Raises
    ------
    ConfigError
        The extension is not .npz/.safetensors, an array is named ``__chainrule__``, or
        ``meta`` is not JSON.
    MissingDependencyError
        A .safetensors file without the safetensors package.
    """
    target = Path(path)
    kind = _kind(target)
    if META_KEY in arrays:
        raise ConfigError(f"{target}: {META_KEY!r} is reserved, not an array name")
    try:
        text = json.dumps({"format": FORMAT_VERSION, **meta})
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{target}: metadata is not JSON: {exc}") from None
    if kind == "npz":
        payload = {**arrays, META_KEY: np.array(text)}
        return write_atomic(target, lambda f: np.savez(f, **payload))
    st_numpy = _safetensors("saving a .safetensors file")
    contiguous = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    blob = st_numpy.save(contiguous, metadata={META_KEY: text})
    return write_atomic(target, lambda f: f.write(blob))


def _read_npz(source: Path, raw: bytes) -> tuple[dict[str, np.ndarray], str]:
    # Without this check np.load would read a bare .npy array, or try to unpickle.
    if not raw.startswith(b"PK"):
        raise ModelFileError(f"{source}: not an .npz file (no zip signature)")
    check_npz(source, raw, META_KEY)  # declared sizes, dtypes and shapes, before any inflating
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise ModelFileError(f"{source}: corrupt or truncated .npz file ({exc})") from None
    meta = arrays.pop(META_KEY, None)
    if meta is None or meta.dtype.kind != "U" or meta.ndim != 0:
        raise ModelFileError(f"{source}: an .npz file, but not one chainrule wrote")
    return arrays, str(meta)


def _read_safetensors(source: Path, raw: bytes) -> tuple[dict[str, np.ndarray], str]:
    st_numpy = _safetensors("loading a .safetensors file")
    (n,) = struct.unpack("<Q", raw[:8]) if len(raw) >= 8 else (len(raw),)
    if len(raw) < 8 or n > len(raw) - 8:
        raise ModelFileError(f"{source}: truncated .safetensors file (header cut short)")
    try:
        header = json.loads(raw[8:8 + n])
        arrays = dict(st_numpy.load(raw))
    except (_safetensors_error(), ValueError) as exc:  # JSON and UTF-8 errors are ValueErrors
        raise ModelFileError(f"{source}: corrupt or truncated .safetensors file ({exc})") from None
    meta = header.get("__metadata__") if isinstance(header, dict) else None
    if not isinstance(meta, dict) or not isinstance(meta.get(META_KEY), str):
        raise ModelFileError(f"{source}: a .safetensors file, but not one chainrule wrote")
    return arrays, meta[META_KEY]


def read_arrays(path: str | os.PathLike[str]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and the metadata of a file written by :func:`write_arrays`.

    Raises
    ------
    ModelFileError
        The file is missing, unreadable, truncated, corrupt, or not a chainrule file.
    """
    source = Path(path)
    kind = _kind(source)
    try:
        check_memory(source.stat().st_size, f"{source}: the file")
        raw = source.read_bytes()
    except FileNotFoundError:
        raise ModelFileError(f"{source}: no such model file") from None
    except OSError as exc:
        raise ModelFileError(f"{source}: cannot read: {exc.strerror}") from None
    arrays, text = _read_npz(source, raw) if kind == "npz" else _read_safetensors(source, raw)
    meta = parse_meta(text, source)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
        raise ModelFileError(f"{source}: unknown chainrule file format {meta!r:.60}")
    return arrays, meta


def save(model: nn.Module, path: str | os.PathLike[str]) -> Path:
    """Save ``model``'s parameters and architecture to ``path`` (.npz or .safetensors).

    The parameters are stored under their dotted names (``"0.weight"``), the architecture as
    JSON (see :mod:`chainrule.io.spec`; ``null`` for a model with a custom layer, whose file
    then loads only into a model built in code). Written atomically: if anything fails, a file
    already at ``path`` is left as it was.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    try:
        arch = model_spec(model)
    except ConfigError:  # a custom layer: weights only, load(path, model=...) reads them back
        arch = None
    return write_arrays(path, model.state_dict(), {"kind": "model", "arch": arch})


def load(path: str | os.PathLike[str], model: nn.Module | None = None) -> nn.Module:
    """Load a model saved by :func:`save` (or the model part of a checkpoint).

    Parameters
    ----------
    path : path-like
        A .npz or .safetensors file written by chainrule.
    model : Module, optional
        When given, its parameters are replaced in place (names and shapes must match) and it
        is returned; otherwise a ``Sequential`` is rebuilt from the stored architecture.

    Raises
    ------
    ModelFileError
        Missing, corrupt or foreign file.
    ConfigError, ShapeError
        The stored architecture is invalid, or does not fit ``model``.
    """
    arrays, meta = read_arrays(path)
    if meta.get("kind") == "checkpoint":
        arrays = {k[len("model/"):]: v for k, v in arrays.items() if k.startswith("model/")}
    if model is None:
        if meta.get("arch") is None:
            raise ModelFileError(f"{path}: no architecture stored (a custom model); "
                                 "pass model= to load the weights into it")
        check_arch(meta["arch"], Path(path))  # the memory it would take, before allocating
        model = build_model(meta["arch"], str(path))
    model.load_state_dict(arrays)
    return model
