"""What a model file declares, checked against the memory budget before anything is read.

A 2 KB ``.npz`` can declare a member of 3 GB (a deflate bomb) or an architecture of
Dense(15000, 15000); NumPy and the layer constructors would allocate first and complain after.
Here the zip's central directory (declared uncompressed sizes), each ``.npy`` header (dtype
and shape) and the architecture JSON are read — a few hundred bytes each — and compared:

* every member is a ``.npy`` of numbers (the metadata member alone may be text), no objects;
* a member's shape × item size fits in the size it declares (zipfile never inflates more than
  the declared size, so a lying header fails its CRC instead of filling memory);
* the sum of the members, and the parameters the architecture would allocate, fit the budget
  (:func:`chainrule.limits.check_memory`);
* metadata JSON is at most :data:`MAX_META_BYTES` and :data:`MAX_DEPTH` levels deep.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.errors import ModelFileError
from chainrule.io.spec import parameter_count
from chainrule.limits import check_memory

MAX_META_BYTES = 16 * 2**20
MAX_DEPTH = 64
MAX_DIM = 2**40


def _header(f: Any) -> tuple[tuple[int, ...], np.dtype]:
    fmt = np.lib.format
    version = fmt.read_magic(f)
    if version == (1, 0):
        shape, _, dtype = fmt.read_array_header_1_0(f)
    elif version in ((2, 0), (3, 0)):
        shape, _, dtype = fmt.read_array_header_2_0(f)
    else:  # pragma: no cover - read_magic rejects other versions itself
        raise ValueError(f"unsupported .npy version {version}")
    return tuple(int(d) for d in shape), np.dtype(dtype)


def check_npz(source: Path, raw: bytes, meta_member: str) -> None:
    """Check the members of an ``.npz`` (bytes ``raw``) before NumPy reads any of them.

    Raises
    ------
    ModelFileError
        A member that is not a plain numeric ``.npy``, a text array other than the metadata,
        a shape larger than the member's declared size, an unreadable header.
    BudgetError
        The members together are over the memory budget.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ModelFileError(f"{source}: corrupt or truncated .npz file ({exc})") from None
    total = sum(info.file_size for info in infos)
    check_memory(total, f"{source}: the arrays ({len(infos)} members)")
    for info in infos:
        name = info.filename
        if not name.endswith(".npy"):
            raise ModelFileError(f"{source}: member {name!r} is not a .npy array")
        try:
            with zf.open(info) as f:
                shape, dtype = _header(f)
        except (ValueError, OSError, EOFError, SyntaxError, zipfile.BadZipFile,
                zlib.error) as exc:
            raise ModelFileError(f"{source}: member {name!r} has a bad .npy header ({exc})"
                                 ) from None
        if dtype.hasobject:
            raise ModelFileError(f"{source}: member {name!r} holds Python objects; model "
                                 "files hold numbers only")
        is_meta = name == meta_member + ".npy"
        if dtype.kind not in "biuf" and not (is_meta and dtype.kind == "U"):
            raise ModelFileError(f"{source}: member {name!r} is a {dtype} array; model files "
                                 "hold numbers (and one JSON text)")
        if any(d < 0 or d > MAX_DIM for d in shape):
            raise ModelFileError(f"{source}: member {name!r} declares shape {shape}")
        need = math.prod(shape) * dtype.itemsize
        if need > info.file_size:
            raise ModelFileError(f"{source}: member {name!r} declares shape {shape} "
                                 f"({need:,} bytes) but holds {info.file_size:,}")
        if is_meta and need > MAX_META_BYTES:
            raise ModelFileError(f"{source}: the metadata is {need:,} bytes (at most "
                                 f"{MAX_META_BYTES:,})")


def depth(tree: Any) -> int:
    """How deeply lists and dicts nest in ``tree`` (0 for a scalar); iterative, so any depth
    is measured without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        children = (node.values() if isinstance(node, dict)
                    else node if isinstance(node, list) else None)
        if children is None:
            continue
        deepest = max(deepest, level)
        if level <= MAX_DEPTH:
            stack.extend((c, level + 1) for c in children)
    return deepest


def parse_meta(text: str, source: Path) -> Any:
    """The metadata JSON, refused when it is too long or nested too deeply."""
    if len(text) > MAX_META_BYTES:
        raise ModelFileError(f"{source}: the metadata is {len(text):,} characters (at most "
                             f"{MAX_META_BYTES:,})")
    try:
        meta = json.loads(text)
    except RecursionError:
        raise ModelFileError(f"{source}: the metadata nests too deeply (at most {MAX_DEPTH} "
                             "levels)") from None
    except ValueError as exc:
        raise ModelFileError(f"{source}: the metadata is corrupt ({exc})") from None
    if depth(meta) > MAX_DEPTH:
        raise ModelFileError(f"{source}: the metadata nests too deeply (at most {MAX_DEPTH} "
                             "levels)")
    return meta


def check_arch(arch: Any, source: Path) -> None:
    """Refuse an architecture whose layers would not fit the memory budget, before building.

    Counts the parameters every layer would allocate (:func:`chainrule.io.spec.parameter_count`
    reads the layer table, so Dense, Conv2d and RNN alike) × 2 (the parameters and their
    gradients) at 4 bytes each; a size outside 1..:data:`MAX_DIM` or a bad field is one line.
    """
    count = parameter_count(arch, str(source), MAX_DIM)
    check_memory(8 * count, f"{source}: the architecture ({count:,} parameters)")


__all__ = ["MAX_DEPTH", "MAX_META_BYTES", "check_arch", "check_npz", "depth", "parse_meta"]
