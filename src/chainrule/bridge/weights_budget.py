"""The size budget of a torch weights file, checked before it is loaded.

An explanation walks every weight, so a weights file for ``chainrule explain W --torch A``
may hold at most :func:`~chainrule.io.tomlfile.explain_size_limit` numbers (100,000 unless
``CHAINRULE_MAX_EXPLAIN_SIZE`` says otherwise) in at most :data:`MAX_TENSORS` tensors. Checked,
in this order, each one line naming the file:

1. the file's size: at most 8 bytes (float64) per allowed number plus :data:`SLACK` bytes of
   headers, before a byte is read;
2. for ``.safetensors``, the header alone (8-byte little-endian length + JSON of names, dtypes
   and shapes, at most :data:`MAX_HEADER` bytes): the tensor count and Σ Π shape, before any
   tensor is read;
3. for a torch ``state_dict`` (``.pt``), the same count and sum once ``torch.load`` (with
   ``weights_only=True``) returns, before the tensors are converted.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterable, Sequence
from pathlib import Path

from chainrule.errors import ConfigError
from chainrule.io.tomlfile import ENV_EXPLAIN, explain_size_limit
from chainrule.text.numbers import fmt_count

MAX_TENSORS = 256
SLACK = 2**20
MAX_HEADER = 2**20


def _raise_hint() -> str:
    return f"set {ENV_EXPLAIN} to raise the limit"


def check_file_size(path: Path) -> None:
    """Refuse a file larger than 8 bytes per allowed weight + :data:`SLACK`."""
    limit = 8 * explain_size_limit() + SLACK
    size = path.stat().st_size
    if size > limit:
        raise ConfigError(f"{path}: {fmt_count(size)} bytes, over the {fmt_count(limit)} bytes "
                          f"of {fmt_count(explain_size_limit())} float64 weights an explanation "
                          f"takes ({_raise_hint()})")


def check_shapes(path: Path, shapes: Iterable[Sequence[int]]) -> None:
    """Refuse more than :data:`MAX_TENSORS` tensors or more than the allowed number of weights
    (Σ over tensors of Π shape)."""
    shapes = [tuple(int(d) for d in s) for s in shapes]
    if len(shapes) > MAX_TENSORS:
        raise ConfigError(f"{path}: {fmt_count(len(shapes))} tensors, over the "
                          f"{fmt_count(MAX_TENSORS)} a torch model for explain may hold")
    total = sum(math.prod(s) for s in shapes)
    if total > explain_size_limit():
        raise ConfigError(f"{path}: {fmt_count(total)} weights, over the "
                          f"{fmt_count(explain_size_limit())} an explanation takes "
                          f"({_raise_hint()})")


def safetensors_shapes(path: Path) -> list[tuple[int, ...]]:
    """The tensor shapes a ``.safetensors`` file declares, read from its header alone."""
    with path.open("rb") as f:
        head = f.read(8)
        if len(head) < 8:
            raise ConfigError(f"{path}: not a readable safetensors file (no header)")
        (n,) = struct.unpack("<Q", head)
        if n > MAX_HEADER:
            raise ConfigError(f"{path}: a safetensors header of {fmt_count(n)} bytes, over "
                              f"{fmt_count(MAX_HEADER)}")
        raw = f.read(n)
    try:
        header = json.loads(raw)
        items = [v for k, v in header.items() if k != "__metadata__"]
        shapes = [tuple(v["shape"]) for v in items]
        if not all(isinstance(d, int) and d >= 0 for s in shapes for d in s):
            raise ValueError("shape")
    except (ValueError, TypeError, KeyError, AttributeError):
        raise ConfigError(f"{path}: not a readable safetensors file (bad header)") from None
    return shapes
