"""Pieces every subcommand shares: the parser class, common flags, and value parsing.

:class:`Parser` makes argparse's usage errors one line (``chainrule derive: error: …``) with
exit status 2, like every other error of the command. Values a user types (``--at x=2``,
``--layers 64,32``) are parsed here into plain Python, with a :class:`ConfigError` that names the
option and the text when they do not fit.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any, NoReturn

from chainrule.errors import ConfigError

EXIT_ERROR = 2


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:  # argparse's hook for usage errors
        """Print ``prog: error: message`` as one line and exit with status 2."""
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples in each subcommand's epilog laid out as written."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)


def memory_size(text: str) -> int:
    """argparse ``type=`` for ``--max-memory``: ``512MB``, ``4GB`` → bytes."""
    from chainrule.limits import parse_size

    try:
        return parse_size(text)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--max-memory: ")) from None


def add_max_memory(parser: argparse.ArgumentParser) -> None:
    """``--max-memory SIZE``: the memory budget checked before big allocations."""
    parser.add_argument("--max-memory", type=memory_size, default=argparse.SUPPRESS,
                        metavar="SIZE", help="memory budget for what an input asks to allocate "
                        "(layers, classes, model files), e.g. 2GB (default: 512MB, or "
                        "$CHAINRULE_MAX_MEMORY)")


def formula_factor(text: str) -> float:
    """argparse ``type=`` for ``--formula-budget``: a factor in (0, 10⁶]."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= 1e6:
        raise argparse.ArgumentTypeError(f"expected a factor such as 10 (at most 1000000), "
                                         f"got {text[:40]!r}")
    return value


def add_formula_budget(parser: argparse.ArgumentParser) -> None:
    """``--formula-budget N``: every formula limit (parts, depth, digits, expansion terms,
    derivative size, simplification size and seconds) times N."""
    parser.add_argument("--formula-budget", type=formula_factor, default=None, metavar="N",
                        help="multiply every formula limit (size, depth, digits, terms, "
                             "simplification time) by N, e.g. 10 (default: 1)")


def add_common(parser: argparse.ArgumentParser, *, json: bool = False) -> None:
    """``--debug``, ``--max-memory`` (and ``--json`` when asked) on a subcommand.

    ``--debug`` and ``--max-memory`` are also accepted before the subcommand; ``SUPPRESS``
    keeps the subparser from overwriting the value given there.
    """
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="on an error, show the Python traceback")
    add_max_memory(parser)
    if json:
        parser.add_argument("--json", action="store_true",
                            help="print one JSON document on stdout (for scripts) and nothing "
                                 "else")


def number(text: str, option: str) -> float:
    """A finite float from ``text``; ConfigError naming ``option`` otherwise."""
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{option}: expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise ConfigError(f"{option}: expected a finite number, got {text!r}")
    return value


def assignments(items: list[str] | None, option: str = "--at") -> dict[str, float]:
    """``["x=2", "y=-1,z=0.5"]`` → ``{"x": 2.0, "y": -1.0, "z": 0.5}``.

    Each item is one or more comma-separated ``name=number``; a name given twice is an error.
    """
    out: dict[str, float] = {}
    for item in items or []:
        for part in item.split(","):
            name, sep, value = part.partition("=")
            name = name.strip()
            if not sep or not name or not value.strip():
                raise ConfigError(f"{option}: expected name=number such as x=2, got {part!r}")
            if not (name[0].isalpha() or name[0] == "_") or not all(
                    c.isalnum() or c in "_^" for c in name):
                raise ConfigError(f"{option}: {name!r} is not a variable name")
            if name in out:
                raise ConfigError(f"{option}: {name} is given twice")
            out[name] = number(value.strip(), f"{option} {name}")
    return out


def int_list(text: str, option: str) -> list[int]:
    """``"64,32"`` → ``[64, 32]`` (positive integers); ``""`` → ``[]``."""
    if not text.strip():
        return []
    out = []
    for part in text.split(","):
        try:
            value = int(part)
        except ValueError:
            raise ConfigError(f"{option}: expected positive integers separated by commas, "
                              f"got {text!r}") from None
        if value < 1:
            raise ConfigError(f"{option}: sizes must be at least 1, got {value}")
        out.append(value)
    return out


def _int_at_least(text: str, low: int, wanted: str) -> int:
    """``int(text)`` when it is ≥ ``low``; argparse's usage error naming ``wanted`` otherwise."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {wanted}, got {text!r}") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"expected {wanted}, got {value}")
    return value


def positive_int(text: str) -> int:
    """argparse ``type=`` for counts ≥ 1 (a usage error otherwise)."""
    return _int_at_least(text, 1, "a positive integer")


def nonneg_int(text: str) -> int:
    """argparse ``type=`` for counts ≥ 0."""
    return _int_at_least(text, 0, "an integer ≥ 0")


def finite_float(text: str) -> float:
    """argparse ``type=`` for a finite number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def positive_float(text: str) -> float:
    """argparse ``type=`` for a finite number > 0."""
    value = finite_float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def warn(message: str) -> None:
    """A one-line note on stderr (never on stdout, which may carry JSON)."""
    print(f"chainrule: note: {message}", file=sys.stderr)


def jsonable(obj: Any) -> Any:
    """``obj.to_dict()`` when it has one, else ``obj`` (for objects the libraries return)."""
    to_dict = getattr(obj, "to_dict", None)
    return to_dict() if callable(to_dict) else obj
