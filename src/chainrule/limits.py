"""Budgets checked before the work: memory for arrays a file or a flag asks for.

A 2 KB model file can declare Dense(15000, 15000), a 20-line CSV a label of 10000000 (ten
million classes), a network file 10⁶ neurons. Each of those is *estimated* first — bytes of
the arrays it would allocate — and compared with the memory budget; over it, the work never
starts and one line names the need, the budget and how to raise it.

The budget is :data:`DEFAULT_MAX_MEMORY` (512 MB), or the ``CHAINRULE_MAX_MEMORY`` environment
variable, or ``--max-memory`` on the command line, or :func:`memory_budget` in code::

    with memory_budget("4GB"):
        model = chainrule.io.load("big.npz")
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from chainrule.errors import BudgetError, ConfigError

DEFAULT_MAX_MEMORY = 512 * 2**20
ENV = "CHAINRULE_MAX_MEMORY"
_UNITS = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "KIB": 2**10, "M": 2**20, "MB": 2**20,
          "MIB": 2**20, "G": 2**30, "GB": 2**30, "GIB": 2**30, "T": 2**40, "TB": 2**40,
          "TIB": 2**40}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]*)\s*$")
_budget: ContextVar[int | None] = ContextVar("chainrule_max_memory", default=None)


def parse_size(text: str | int | float, where: str = "--max-memory") -> int:
    """``"512MB"``, ``"4 GB"``, ``"1.5G"``, ``"800000"`` (bytes) → bytes (binary units)."""
    if isinstance(text, bool):
        raise ConfigError(f"{where}: expected a size such as 512MB or 4GB, got {text!r}")
    if isinstance(text, (int, float)):
        value, unit = float(text), ""
    else:
        m = _SIZE.match(str(text)[:40])
        if m is None or m.group(2).upper() not in _UNITS:
            raise ConfigError(f"{where}: expected a size such as 512MB or 4GB, got "
                              f"{str(text)[:40]!r}")
        value, unit = float(m.group(1)), m.group(2).upper()
    size = value * _UNITS[unit]
    if not 1 <= size < 2**62:
        raise ConfigError(f"{where}: expected a size between 1 byte and 4 EB, got {text!r}")
    return int(size)


def format_size(nbytes: float) -> str:
    """``2.7 GB``, ``512 MB``, ``3.1 KB`` (binary units, like the budget)."""
    for unit, scale in (("TB", 2**40), ("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if nbytes >= scale:
            value = nbytes / scale
            if value >= 10_000:
                return f"{value:.3g} {unit}".replace("e+", "e")
            return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{int(nbytes)} B"


def max_memory() -> int:
    """The memory budget in bytes now in force."""
    value = _budget.get()
    if value is not None:
        return value
    env = os.environ.get(ENV)
    return parse_size(env, ENV) if env else DEFAULT_MAX_MEMORY


def set_max_memory(size: str | int | None) -> None:
    """Set the budget for this context (``None``: back to the default/environment)."""
    _budget.set(None if size is None else parse_size(size))


@contextmanager
def memory_budget(size: str | int) -> Iterator[int]:
    """Within the block the budget is ``size``; yields it in bytes."""
    token = _budget.set(parse_size(size, "memory_budget"))
    try:
        yield _budget.get() or DEFAULT_MAX_MEMORY
    finally:
        _budget.reset(token)


def check_memory(nbytes: float, what: str) -> None:
    """Raise :class:`BudgetError` when ``what`` would need more than the budget.

    The message names the need, the budget, and the flag (and variable) that raises it.
    """
    limit = max_memory()
    if nbytes <= limit:
        return
    suggest = format_size(2 ** max(20, int(nbytes - 1).bit_length())).replace(" ", "")
    raise BudgetError(f"{what} needs about {format_size(nbytes)}, over the memory budget of "
                      f"{format_size(limit)}; raise it with --max-memory {suggest} (or "
                      f"{ENV}={suggest}) if that is what you meant")


__all__ = ["DEFAULT_MAX_MEMORY", "ENV", "check_memory", "format_size", "max_memory",
           "memory_budget", "parse_size", "set_max_memory"]
