"""The conv document's small pieces: numbers, shapes, maps as matrices, long sums elided.

A network of real size would write thousands of equations; the document keeps each group to
:data:`EQ_MAX` equations, each sum to :data:`TERMS_MAX` terms (the first ones, ``…``, the
last), and each map to its corners (:func:`~chainrule.explain.render.compose_matrix.mat`),
saying what it left out — every number is in the JSON output.
"""

from __future__ import annotations

import numpy as np

from chainrule.explain.render import document as doc
from chainrule.explain.render.compose_matrix import mat
from chainrule.explain.render.document import Block, Math, MatrixEquation, Para
from chainrule.text.numbers import fmt

#: Equations written per group (a layer's outputs, a kernel's cells …).
EQ_MAX = 16
#: Terms written per sum; a longer one shows its first 6, "…", its last 2 and the count.
TERMS_MAX = 12
#: Rows of the update table.
UPDATE_MAX = 60
#: Maps (one per sample and channel) drawn per array.
MAPS_MAX = 6


def number(x: float, digits: int, factor: bool = True) -> Math:
    """A number; as a factor, negative ones in parentheses."""
    return doc.number(float(x), digits, factor)


def shape_text(shape: tuple[int, ...]) -> str:
    """``3×4×4``."""
    return "×".join(map(str, shape))


def vector(a: np.ndarray, digits: int) -> str:
    """A number, or rows of numbers ``(1, 0, 0); (0, 1, 0)``."""
    a = np.asarray(a)
    if a.size == 1:
        return fmt(float(a.reshape(-1)[0]), digits)
    rows = np.atleast_2d(a)
    return "; ".join("(" + ", ".join(fmt(float(v), digits) for v in r) + ")" for r in rows)


def window_index(config: dict[str, tuple[int, int]], out: str, cell: str, axis: int) -> str:
    """The input index (counting from 1, as the documents do) a kernel cell reads along one
    axis: ``i + u − 1`` (stride 1, no padding), ``i + u − 2`` (padding 1), ``2(i − 1) + u − 1``
    (stride 2, padding 1) — s·(i − 1) + u − p."""
    s, p = config["stride"][axis], config["padding"][axis]
    if s == 1:
        return f"{out} + {cell} − {1 + p}"
    return f"{s}({out} − 1) + {cell}" + (f" − {p}" if p else "")


def tex(text: str) -> str:
    """A plain index formula as LaTeX (− to -)."""
    return text.replace("−", "-")


def more(count: int, what: str = "entries") -> Para:
    """The line standing for what a group left out."""
    return Para((f"⋮ {count} more {what} likewise (every number is in the JSON output).",))


def sums(names: list[Math], numbers: list[Math]) -> tuple[Math, ...]:
    """(Σ names, Σ numbers), each elided past :data:`TERMS_MAX` terms; a single term is one
    line."""
    def total(items: list[Math]) -> Math:
        if len(items) <= TERMS_MAX:
            return doc.total(items)
        gap = doc.raw(f"… ({len(items)} terms)", rf"\dots\ ({len(items)}\text{{ terms}})")
        return doc.total([*items[:6], gap, *items[-2:]])
    return (total(names), total(numbers)) if names else ()


def chain(*parts: Math) -> tuple[Math, ...]:
    """The right-hand sides of an equation, a line equal (as text) to the one before it left
    out (``∂E/∂b4 = ∂E/∂Y4 = 4.025``, not ``= 4.025 = 4.025``)."""
    out: list[Math] = []
    for m in parts:
        if not out or out[-1].text != m.text:
            out.append(m)
    return tuple(out)


def kernel_name(l: int, o: int, c: int, O: int, C: int) -> Math:
    """Kernel o over input channel c of layer l: ``K1`` (one of each), ``K1[o=2,c=1]``."""
    base = f"K^{{({l})}}"
    if O == 1 and C == 1:
        return Math(f"K{l}", base)
    return Math(f"K{l}[o={o + 1},c={c + 1}]", rf"{base}_{{o = {o + 1},\, c = {c + 1}}}")


def slice_name(sym: str, n: int, c: int | None, samples: int) -> Math:
    """One sample's channel of a map: ``Y1``, ``Y1[c=2]``, ``Y1[n=2,c=1]``."""
    parts = ([f"n={n + 1}"] if samples > 1 else []) + ([f"c={c + 1}"] if c is not None else [])
    letter, layer = sym[0], sym[1:]
    tex = f"{letter}^{{({layer})}}" if layer else letter
    if not parts:
        return Math(sym, tex)
    inner = ",".join(parts)
    return Math(f"{sym}[{inner}]", f"{tex}_{{{inner.replace('=', ' = ')}}}")


def maps(sym: str, a: np.ndarray, digits: int, lhs: str = "") -> list[Block]:
    """Each sample's channels of ``a`` ((N, C, H, W), or (N, n) rows) as matrices named
    ``lhs + sym``; at most :data:`MAPS_MAX` of them."""
    a = np.asarray(a)
    out: list[Block] = []
    if a.ndim == 2:
        name = Math(lhs + sym, (r"\frac{\partial E}{\partial " if lhs else "") +
                    slice_name(sym, 0, None, 1).latex + ("}" if lhs else ""))
        return [MatrixEquation(name, ((mat(a, digits),),))]
    N, C = a.shape[:2]
    pairs = [(n, c) for n in range(N) for c in range(C)]
    for n, c in pairs[:MAPS_MAX]:
        m = slice_name(sym, n, c if C > 1 else None, N)
        if lhs:
            m = Math(lhs + m.text, rf"\frac{{\partial E}}{{\partial {m.latex}}}")
        out.append(MatrixEquation(m, ((mat(a[n, c], digits),),)))
    if len(pairs) > MAPS_MAX:
        out.append(more(len(pairs) - MAPS_MAX, "maps"))
    return out


__all__ = [
    "EQ_MAX",
    "MAPS_MAX",
    "TERMS_MAX",
    "UPDATE_MAX",
    "chain",
    "kernel_name",
    "maps",
    "more",
    "number",
    "shape_text",
    "slice_name",
    "sums",
    "tex",
    "vector",
    "window_index",
]
