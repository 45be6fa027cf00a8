"""Reading the fields of a network description, with errors that say where.

Every failure is a :class:`~chainrule.errors.ConfigError` whose message reads
``"<source>: <field>: expected <what>; got <what was there>"`` — the source is the file (or
``Network(...)`` for the Python API), the field a path such as ``layers[1].weights[0][2]``
(indices count from 0, so ``layers[1]`` is the second ``[[layers]]`` table).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

from chainrule.errors import ConfigError


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def fail(source: str, field: str, expected: str, got: Any = None, *, missing: bool = False) -> (
        ConfigError):
    """The error for ``field`` of ``source``: what was expected and what was found."""
    found = "nothing (the field is missing)" if missing else _shown(got)
    return ConfigError(f"{source}: {field}: expected {expected}; got {found}")


def number(value: Any, source: str, field: str) -> float:
    """``value`` as a finite float (booleans and strings are refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise fail(source, field, "a number", value)
    x = float(value)
    if not math.isfinite(x):
        raise fail(source, field, "a finite number", value)
    return x


def is_list(value: Any) -> bool:
    """True for a list or tuple (not a string)."""
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def numbers_list(value: Any, source: str, field: str, length: int | None = None,
                 what: str = "") -> tuple[float, ...]:
    """A list of numbers, of ``length`` items when given (``what`` says why that many)."""
    want = f"a list of {length} numbers" if length is not None else "a non-empty list of numbers"
    want += f" ({what})" if what else ""
    if not is_list(value) or (length is None and not value):
        raise fail(source, field, want, value)
    if length is not None and len(value) != length:
        raise fail(source, field, want, f"{len(value)} items: {_shown(value)}")
    return tuple(number(v, source, f"{field}[{i}]") for i, v in enumerate(value))


def numbers_array(value: Any, source: str, field: str, ndims: Sequence[int], what: str) -> Any:
    """A rectangular nested list of finite numbers as a float64 NumPy array of one of the
    ``ndims`` dimensions (``what`` names the layout expected, e.g. "(out, in, kh, kw)")."""
    import numpy as np

    def shape(v: Any, path: str, depth: int) -> tuple[int, ...]:
        if not is_list(v):
            number(v, source, path)
            return ()
        if not v or depth > 4:
            raise fail(source, field, f"a non-empty nested list of numbers {what}", value)
        inner = [shape(x, f"{path}[{i}]", depth + 1) for i, x in enumerate(v)]
        if any(s != inner[0] for s in inner):
            raise fail(source, path, f"rows of equal length {what}", v)
        return (len(v), *inner[0])

    dims = shape(value, field, 0)
    if len(dims) not in ndims:
        raise fail(source, field, f"{' or '.join(f'{n}-D' for n in ndims)} numbers {what}",
                   f"a {len(dims)}-D array" if dims else value)
    return np.array(value, dtype=float)


def family_common(data: Mapping[str, Any], source: str) -> tuple[str, str, float, str]:
    """The fields every family file (conv2d, rnn) reads alike: (the loss's kind from the
    loss table, its name (default E), learning_rate > 0, description)."""
    from chainrule.rules import loss_table

    raw_loss = table(data.get("loss", {}), source, "loss")
    known_keys(raw_loss, ("kind", "name"), source, "loss")
    kind = loss_table.loss_kind(raw_loss.get("kind", "half_sse"), f"{source}: loss.kind").kind
    loss_name = name(raw_loss.get("name", "E"), source, "loss.name")
    rate = number(data["learning_rate"], source, "learning_rate")
    if rate <= 0:
        raise fail(source, "learning_rate", "a number > 0", data["learning_rate"])
    description = data.get("description", "")
    if not isinstance(description, str):
        raise fail(source, "description", "a string", description)
    return kind, loss_name, rate, description


def name(value: Any, source: str, field: str) -> str:
    """A non-empty name without surrounding spaces."""
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise fail(source, field, "a non-empty name without surrounding spaces", value)
    return value


def names_list(value: Any, source: str, field: str, length: int, what: str) -> tuple[str, ...]:
    """A list of ``length`` names."""
    if not is_list(value) or len(value) != length:
        got = value if not is_list(value) else f"{len(value)} names: {_shown(value)}"
        raise fail(source, field, f"a list of {length} names ({what})", got)
    return tuple(name(v, source, f"{field}[{i}]") for i, v in enumerate(value))


def choice(value: Any, source: str, field: str, aliases: Mapping[str, str]) -> str:
    """The canonical spelling of ``value`` among ``aliases`` (case-insensitive)."""
    key = value.strip().lower().replace("-", "_") if isinstance(value, str) else None
    if key not in aliases:
        allowed = ", ".join(sorted(set(aliases.values())))
        raise fail(source, field, f"one of {allowed}", value)
    return aliases[key]


def table(value: Any, source: str, field: str) -> Mapping[str, Any]:
    """A table (a dict)."""
    if not isinstance(value, Mapping):
        raise fail(source, field, "a table", value)
    return value


def known_keys(data: Mapping[str, Any], allowed: Sequence[str], source: str, where: str) -> None:
    """Refuse keys outside ``allowed`` (a typo such as ``weigths`` must not pass silently)."""
    for key in data:
        if key not in allowed:
            field = f"{where}.{key}" if where else str(key)
            raise fail(source, field, "one of the keys " + ", ".join(allowed), key)


def required(data: Mapping[str, Any], key: str, source: str, where: str, expected: str) -> Any:
    """``data[key]``, or the error naming the missing field."""
    if key not in data:
        raise fail(source, f"{where}.{key}" if where else key, expected, missing=True)
    return data[key]


__all__ = ["choice", "fail", "family_common", "is_list", "known_keys", "name", "names_list",
           "number", "numbers_array", "numbers_list", "required", "table"]
