"""Reading a TOML file a user wrote (network files, learner files), within budgets.

:func:`read_toml` is the one reader: UTF-8 with or without a byte-order mark; the file's size
against the memory budget (parsed TOML takes tens of bytes per byte of text); a clear error
instead of Python's for arrays nested a thousand deep (``RecursionError``) and for integers of
thousands of digits (the int-to-string limit); and every integer must fit in 64 bits, so a
400-digit number is refused here with its key rather than overflowing a float later.

:func:`check_network_size` is the explain walkthrough's budget: it writes a line per weight
and builds a scalar graph node per multiply, so a file with a 100×100 layer (or 10⁶ neurons)
is refused before any of that starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chainrule.errors import BudgetError, ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

MAX_INT = 2**63
MAX_EXPLAIN_SIZE = 100_000
ENV_EXPLAIN = "CHAINRULE_MAX_EXPLAIN_SIZE"
BYTES_PER_WEIGHT = 32  # a file may hold this much text per weight the walkthrough allows


def explain_size_limit() -> int:
    """The most weights and neurons (× samples) a walkthrough takes: :data:`MAX_EXPLAIN_SIZE`
    or the ``CHAINRULE_MAX_EXPLAIN_SIZE`` environment variable.

    Large layers get the matrix view, so a walkthrough grows about linearly with that count
    (measured: 10,100 → 2 s and 52 MB, 90,300 → 6 s and 136 MB); the default keeps one
    within seconds and a few hundred MB (10⁶ neurons took 28 s and 576 MB).
    """
    env = os.environ.get(ENV_EXPLAIN, "").strip()
    return int(env) if env.isdigit() and len(env) < 12 else MAX_EXPLAIN_SIZE


def _key_path(path: list[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _check_ints(data: Any, source: str) -> None:
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            stack.extend((v, [*where, k]) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, [*where, i]) for i, v in enumerate(node))
        elif isinstance(node, int) and not isinstance(node, bool) and abs(node) >= MAX_INT:
            raise ConfigError(f"{source}: {_key_path(where)}: an integer of "
                              f"{len(str(abs(node)))} digits is too large (at most 2**63)")


def read_toml(path: str | os.PathLike[str], what: str) -> dict[str, Any]:
    """The TOML file at ``path`` as a dict; ``what`` (``"network file"``) names it in errors.

    Raises
    ------
    ConfigError
        Unreadable, not UTF-8, bad syntax (with line and column), nested too deeply, an
        integer too large.
    BudgetError
        The file is larger than the walkthrough's budget allows (parsing TOML in Python
        takes seconds per megabyte).
    """
    source = str(path)
    try:
        size = Path(path).stat().st_size
        limit = max(256 * 1024, BYTES_PER_WEIGHT * explain_size_limit())
        if size > limit:
            raise BudgetError(f"{source}: the {what} is {size:,} bytes; files the walkthrough "
                              f"reads are at most {limit:,} (raise it with {ENV_EXPLAIN}="
                              f"{-(-size // BYTES_PER_WEIGHT)})")
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{source}: cannot read the {what}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: bad TOML syntax: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{source}: arrays or tables are nested too deeply") from None
    except ValueError as exc:  # int("9" * 5000): Python's int-to-string limit
        raise ConfigError(f"{source}: a number is too long ({str(exc).split(';')[0]})") from None
    _check_ints(data, source)
    return data


def check_network_size(data: Mapping[str, Any], source: str) -> None:
    """Refuse a network file (parsed) whose walkthrough would be too long to build.

    Counts the numbers under ``layers[*].weights`` and the rows (neurons), without trusting
    the shapes, times the samples; the limit is :func:`explain_size_limit`.
    """
    layers = data.get("layers") if isinstance(data, Mapping) else None
    if not isinstance(layers, list):
        return
    count = 0
    for layer in layers:
        if not isinstance(layer, Mapping):
            continue
        rows, units = layer.get("weights"), layer.get("units")
        if isinstance(rows, list):
            count += len(rows) + sum(len(r) if isinstance(r, list) else 1 for r in rows)
        if isinstance(units, (int, float)) and not isinstance(units, bool):
            count = max(count, int(min(units, 2**62)))
    inputs = data.get("inputs")
    samples = (len(inputs) if isinstance(inputs, list) and inputs
               and isinstance(inputs[0], list) else 1)
    limit = explain_size_limit()
    if count * samples > limit:
        shown = (f"{count:,} weights and neurons"
                 + (f" × {samples:,} samples" if samples > 1 else ""))
        raise BudgetError(f"{source}: {shown}; the walkthrough writes every one out and "
                          f"handles at most {limit:,} (raise it with {ENV_EXPLAIN}="
                          f"{count * samples}; expect minutes)")


def count_numbers(value: Any, depth: int = 0) -> int:
    """The numbers (and list entries) in a nested list, without trusting its shape; the TOML
    reader bounds the depth, and this stops at 6 levels."""
    if isinstance(value, list) and depth < 6:
        return sum(count_numbers(v, depth + 1) for v in value) + len(value)
    return 1


def check_family_size(data: Mapping[str, Any], source: str, keys: tuple[str, ...],
                      tables: tuple[str, ...]) -> None:
    """Refuse a family network file (conv2d, rnn) whose arrays hold more numbers than a
    walkthrough writes out, before any array is made: the numbers under the top-level
    ``keys`` and under every value of the ``tables`` (a table, or a list of tables), against
    :func:`explain_size_limit`."""
    count = sum(count_numbers(data.get(k)) for k in keys)
    for name in tables:
        sub = data.get(name)
        for table in (sub if isinstance(sub, list) else [sub]):
            if isinstance(table, Mapping):
                count += sum(count_numbers(v) for v in table.values())
    limit = explain_size_limit()
    if count > limit:
        raise BudgetError(f"{source}: {count:,} numbers in the network's arrays; the "
                          f"walkthrough writes every one out and handles at most {limit:,} "
                          f"(raise it with {ENV_EXPLAIN}={count})")


__all__ = ["MAX_EXPLAIN_SIZE", "check_family_size", "check_network_size", "count_numbers",
           "explain_size_limit", "read_toml"]
