"""Caps and validators for every message the page sends.

A message is a JSON object; each field is read through one of the functions here, which either
return a clean Python value or raise :class:`PlaygroundError` with one line naming the field and
what was expected. Sizes are capped *before* any work is done, so a crafted message is answered
with an error, never a stall.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from chainrule.errors import ChainruleError

MAX_MESSAGE_BYTES = 256 * 1024     # one WebSocket message (a CSV upload included)
MAX_SESSIONS = 16                  # pages open at once (each holds its data and network)
MAX_HIDDEN_LAYERS = 6
MAX_NEURONS = 8
MAX_CLASSES = 6
MAX_POINTS = 2000                  # generated + added + loaded points together
MAX_EPOCHS_PER_REQUEST = 50
MAX_BATCHES_PER_REQUEST = 20000    # Mazur's 10,000 iterations fit in one request
MAX_WORK_PER_REQUEST = 4_000_000   # samples × parameters summed over one request
MAX_TEXT = 200                     # a typed value, a parameter name
MAX_EDITS = 500                    # hand-set weights and biases a link carries (≥ any network's)
GRID = 50                          # heatmap resolution (GRID × GRID)
DOMAIN = 6.0                       # the picture shows [−6, 6]²
MAX_HISTORY = 2000                 # loss-chart points a session keeps
MAX_HISTORY_PER_REPLY = 500        # … and sends in one reply (evenly decimated)


class PlaygroundError(ChainruleError, ValueError):
    """A message from the page that cannot be honoured; the text is shown to the user."""


def field(msg: Mapping[str, Any], key: str) -> Any:
    """``msg[key]``, or an error naming the missing field."""
    if key not in msg:
        raise PlaygroundError(f"message {msg.get('op', '?')!r}: missing field {key!r}")
    return msg[key]


def integer(value: Any, name: str, lo: int, hi: int) -> int:
    """An int in [lo, hi] (bools refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise PlaygroundError(f"{name}: expected a whole number from {lo} to {hi}, "
                              f"got {_short(value)}")
    return value


def number(value: Any, name: str, lo: float = -1e6, hi: float = 1e6) -> float:
    """A finite float in [lo, hi]; numbers written as strings are refused (no parsing here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value) or not lo <= value <= hi:
        raise PlaygroundError(f"{name}: expected a number from {lo:g} to {hi:g}, "
                              f"got {_short(value)}")
    return float(value)


def choice(value: Any, name: str, options: Sequence[str]) -> str:
    """One of ``options``."""
    if not isinstance(value, str) or value not in options:
        raise PlaygroundError(f"{name}: expected one of {', '.join(options)}, "
                              f"got {_short(value)}")
    return value


def text(value: Any, name: str, limit: int = MAX_TEXT) -> str:
    """A string of at most ``limit`` characters."""
    if not isinstance(value, str) or len(value) > limit:
        raise PlaygroundError(f"{name}: expected text of at most {limit} characters, "
                              f"got {_short(value)}")
    return value


def int_list(value: Any, name: str, max_len: int, lo: int, hi: int) -> list[int]:
    """A list of at most ``max_len`` ints, each in [lo, hi]."""
    if not isinstance(value, list) or len(value) > max_len:
        raise PlaygroundError(f"{name}: expected a list of at most {max_len} whole numbers, "
                              f"got {_short(value)}")
    return [integer(v, f"{name}[{i}]", lo, hi) for i, v in enumerate(value)]


def _short(value: Any) -> str:
    r = repr(value)
    return r if len(r) <= 40 else r[:37] + "…"
