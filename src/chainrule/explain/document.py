"""A renderer-neutral document: headings, paragraphs, tables and equation chains.

Every piece of mathematics is a :class:`Math` holding the same formula twice — as text
(``∂E_total/∂w5``) and as LaTeX (``\\frac{\\partial E_{\\mathrm{total}}}{\\partial w_{5}}``) —
so the Markdown, LaTeX, HTML (MathML) and terminal renderers lay out one document and never
rebuild the mathematics themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chainrule.explain.notation import d_latex, d_text, fmt, latex_name, operand


@dataclass(frozen=True)
class Math:
    """One formula as text and as LaTeX."""

    text: str
    latex: str

    def __add__(self, other: Math) -> Math:
        return Math(self.text + other.text, self.latex + other.latex)


Inline = str | Math


@dataclass(frozen=True)
class Heading:
    """A heading of ``level`` 1–4."""

    level: int
    text: str


@dataclass(frozen=True)
class Para:
    """A paragraph of text and inline formulas."""

    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Table:
    """A table; ``numeric`` marks the columns to align right."""

    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    numeric: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Equation:
    """``lhs = rhs[0] = rhs[1] = …``, one right-hand side per line."""

    lhs: Math
    rhs: tuple[Math, ...]


Block = Heading | Para | Table | Equation


@dataclass(frozen=True)
class Document:
    """A title and the blocks under it."""

    title: str
    blocks: tuple[Block, ...]


# -- building formulas -------------------------------------------------------------------------
def name(n: str) -> Math:
    """A node's name."""
    return Math(n, latex_name(n))


def deriv(num: str, den: str) -> Math:
    """∂num/∂den."""
    return Math(d_text(num, den), d_latex(num, den))


def number(x: float, digits: int, factor: bool = False) -> Math:
    """A number; with ``factor`` negative numbers are parenthesised for use in a product."""
    s = operand(x, digits) if factor else fmt(x, digits)
    return Math(s, s)


def raw(text: str, latex: str | None = None) -> Math:
    """A formula given as text and LaTeX (the LaTeX defaults to the text)."""
    return Math(text, text if latex is None else latex)


def factor(text: str, latex: str) -> Math:
    """A local-derivative formula used as a factor: compound formulas get parentheses."""
    if not _top_level(text, (" + ", " − ", " if ", "/")):
        return Math(text, latex)
    tex = latex if latex.startswith(r"\begin{cases}") else rf"\left({latex}\right)"
    return Math(f"({text})", tex)


def _top_level(text: str, operators: Sequence[str]) -> bool:
    """True when one of ``operators`` occurs outside every parenthesis of ``text``."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and any(text.startswith(op, i) for op in operators):
            return True
    return False


def join(items: Iterable[Math], text_sep: str, latex_sep: str) -> Math:
    """The items joined by separators."""
    items = list(items)
    return Math(text_sep.join(m.text for m in items), latex_sep.join(m.latex for m in items))


def product(items: Sequence[Math]) -> Math:
    """a · b · c."""
    return join(items, " · ", r" \cdot ")


def total(items: Sequence[Math]) -> Math:
    """a + b + c."""
    return join(items, " + ", " + ")


__all__ = ["Block", "Document", "Equation", "Heading", "Inline", "Math", "Para", "Table",
           "deriv", "factor", "join", "name", "number", "product", "raw", "total"]
