"""Lay out a long run: the loss at log-spaced steps, the loss curve in block characters, and
the parameters before the first and after the last step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from chainrule.explain.render import document as doc
from chainrule.explain.render.document import Block, Heading, Para, Table

if TYPE_CHECKING:
    from chainrule.explain.walk.explanation import Explanation


def log_steps(n: int) -> list[int]:
    """Steps 1, 2, 5, 10, 20, 50, … up to ``n``, and ``n`` itself: a loss table that stays
    short for any number of steps."""
    out, base = [], 1
    while base <= n:
        out += [k * base for k in (1, 2, 5) if k * base <= n]
        base *= 10
    return sorted({*out, n})


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], width: int = 40) -> str:
    """The loss curve in block characters (``width`` samples, log scale when it spans a
    factor over 100): ``█▆▄▃▂▂▁▁``."""
    import numpy as np

    ys = np.asarray(values, dtype=float)
    idx = np.unique(np.linspace(0, len(ys) - 1, min(width, len(ys))).round().astype(int))
    ys = ys[idx]
    if np.all(ys > 0) and ys.max() > 100 * ys.min():
        ys = np.log(ys)
    lo, hi = float(ys.min()), float(ys.max())
    if hi == lo:
        return _BARS[0] * len(ys)
    return "".join(_BARS[round((y - lo) / (hi - lo) * (len(_BARS) - 1))] for y in ys)


def training_blocks(ex: Explanation, digits: int = 6) -> list[Block]:
    """The loss at log-spaced steps, the curve, and the parameters after the last step."""
    net = ex.network
    n = len(ex.losses)
    losses = ex.losses
    rows = tuple((str(k), doc.number(losses[k - 1], digits)) for k in log_steps(n))
    first = ex.parameters_at(1)
    return [
        Heading(2, f"Training: {n} steps"),
        Para((f"The loss before steps 1, 2, 5, 10, 20, 50, … and {n} (every step is in the "
              "JSON output):",)),
        Table(("step", f"{net.loss.name} before the update"), rows, (True, True)),
        # Block characters have no glyph in pdfLaTeX's fonts: LaTeX points at the table.
        Para(("Loss curve (steps 1 to ", str(n), "): ",
              doc.raw(sparkline(losses), r"\text{see the table above}"), ".")),
        Para((f"After {n} steps: ", doc.name(net.loss.name) + doc.raw(" = ")
              + doc.number(ex.final_loss, digits), ".")),
        Table(("parameter", "before step 1", f"after step {n}"), tuple(
            (doc.name(p), doc.number(first[p], digits), doc.number(v, digits))
            for p, v in ex.final_parameters.items()), (False, True, True)),
    ]


__all__ = ["log_steps", "sparkline", "training_blocks"]
