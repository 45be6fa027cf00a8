"""Numbers meant for hand work: few decimals, rounded as written, and shown at a stated
precision.

A hand calculation goes wrong on numbers like 0.37281 or on a σ′ of 0.0003; the generators draw
every given with one or two decimals (:func:`draw`) and redraw what is badly conditioned
(``condition`` checks in the kinds). Answers are shown with a fixed number of decimals
(:func:`at_precision`), which is also the precision a key states.
"""

from __future__ import annotations

import math

import numpy as np

# Decimals of the givens, and of the answers asked for, by level (1 easy … 3 hard).
LEVELS = (1, 2, 3)
GIVEN_DECIMALS = {1: 1, 2: 1, 3: 2}
ANSWER_DECIMALS = {1: 3, 2: 4, 3: 4}


def check_level(level: object) -> int:
    """``level`` as 1, 2 or 3, else a ConfigError."""
    from chainrule.errors import ConfigError

    if isinstance(level, bool) or level not in LEVELS:
        raise ConfigError(f"level: expected one of 1, 2, 3; got {level!r}")
    return int(level)  # type: ignore[call-overload]


def draw(rng: np.random.Generator, low: float, high: float, decimals: int, *,
         nonzero: bool = True) -> float:
    """A number in [low, high] with ``decimals`` decimals (uniform on that grid), never 0
    when ``nonzero``."""
    scale = 10 ** decimals
    lo, hi = math.ceil(low * scale), math.floor(high * scale)
    choices = [k for k in range(lo, hi + 1) if k or not nonzero]
    return round(choices[int(rng.integers(len(choices)))] / scale, decimals)


def draw_int(rng: np.random.Generator, low: int, high: int, *, nonzero: bool = True) -> int:
    """An integer in [low, high], never 0 when ``nonzero``."""
    return int(draw(rng, low, high, 0, nonzero=nonzero))


def at_precision(x: float, decimals: int) -> str:
    """``x`` with exactly ``decimals`` decimals, ``0.5945``; never ``-0.0000``."""
    text = f"{x:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def written(x: float) -> str:
    """A given as it is written on the sheet: the shortest text that reads back as ``x``
    (``0.05``, ``-1.2``, ``3``)."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


__all__ = ["ANSWER_DECIMALS", "GIVEN_DECIMALS", "LEVELS", "at_precision", "check_level", "draw",
           "draw_int", "written"]
