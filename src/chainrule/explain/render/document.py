"""A renderer-neutral document: headings, paragraphs, tables and equation chains.

Every piece of mathematics is a :class:`Math` holding the same formula twice — as text
(``∂E_total/∂w5``) and as LaTeX (``\\frac{\\partial E_{\\mathrm{total}}}{\\partial w_{5}}``) —
so the Markdown, LaTeX, HTML (MathML) and terminal renderers lay out one document and never
rebuild the mathematics themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chainrule.explain.render.notation import d_latex, d_text, latex_name
from chainrule.text.numbers import fmt, fmt_latex, operand


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


@dataclass(frozen=True)
class Matrix:
    """A matrix of numbers already written as strings (row by row); ``elided`` rows/columns
    (``"⋯"``/``"⋮"`` cells) stand for the ones left out of a large matrix."""

    cells: tuple[tuple[str, ...], ...]

    @property
    def latex(self) -> str:
        """``\\begin{bmatrix} … \\end{bmatrix}``."""
        body = r" \\ ".join(" & ".join(_tex_cell(c) for c in row) for row in self.cells)
        return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"

    def lines(self) -> list[str]:
        """The matrix drawn with bracket characters, one string per line, columns aligned."""
        widths = [max(len(row[j]) for row in self.cells) for j in range(len(self.cells[0]))]
        body = [" ".join(c.rjust(w) for c, w in zip(row, widths)) for row in self.cells]
        if len(body) == 1:
            return [f"[{body[0]}]"]
        left = ["⎡", *["⎢"] * (len(body) - 2), "⎣"]
        right = ["⎤", *["⎥"] * (len(body) - 2), "⎦"]
        return [f"{lb}{b}{rb}" for lb, b, rb in zip(left, body, right)]


def _spaced(left: list[str], right: list[str]) -> bool:
    """A space between two neighbouring terms, unless one of them brings its own or is a
    parenthesis that hugs its neighbour."""
    a, b = left[-1] if len(left) == 1 else "]", right[0] if len(right) == 1 else "["
    return not (a.endswith((" ", "(")) or b.startswith((" ", ")")))


def _tex_cell(cell: str) -> str:
    return {"⋯": r"\cdots", "⋮": r"\vdots", "⋱": r"\ddots"}.get(cell, cell.replace("−", "-"))


Term = Math | Matrix


@dataclass(frozen=True)
class MatrixEquation:
    """``lhs = line₁ = line₂ …`` where a line mixes formulas and :class:`Matrix` terms."""

    lhs: Math
    lines: tuple[tuple[Term, ...], ...]

    def latex_lines(self) -> tuple[str, ...]:
        """Each right-hand side as LaTeX."""
        return tuple(" ".join(t.latex for t in line) for line in self.lines)

    def as_equation(self) -> Equation:
        """The same equation as an :class:`Equation` (LaTeX is exact; text is the drawing)."""
        texts = self.text_lines()
        return Equation(self.lhs, tuple(Math(t, l) for t, l in zip(texts, self.latex_lines())))

    def text_lines(self) -> list[str]:
        """Each right-hand side drawn as one (multi-line) string, matrices side by side."""
        out = []
        for line in self.lines:
            blocks = [t.lines() if isinstance(t, Matrix) else [t.text] for t in line]
            height = max(len(b) for b in blocks)
            rows = [""] * height
            for i, b in enumerate(blocks):
                width = max(len(x) for x in b)
                top = (height - len(b)) // 2
                gap = " " if i + 1 < len(blocks) and _spaced(b, blocks[i + 1]) else ""
                for r in range(height):
                    cell = b[r - top] if 0 <= r - top < len(b) else ""
                    rows[r] += cell.ljust(width) + gap
            out.append("\n".join(r.rstrip() for r in rows))
        return out

    def text_block(self) -> list[str]:
        """The whole equation as text lines, the ``=`` of each right-hand side on the row of
        its middle."""
        pad = " " * len(self.lhs.text)
        result = []
        for i, drawn in enumerate(self.text_lines()):
            rows = drawn.split("\n")
            mid = (len(rows) - 1) // 2
            for r, row in enumerate(rows):
                head = (self.lhs.text if i == 0 else pad) if r == mid else pad
                eq = " = " if r == mid else "   "
                result.append(f"{head}{eq}{row}".rstrip())
        return result


Block = Heading | Para | Table | Equation | MatrixEquation


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
    tex = fmt_latex(x, digits)
    if factor and tex.startswith("-"):
        tex = rf"\left({tex}\right)"
    return Math(s, tex)


def raw(text: str, latex: str | None = None) -> Math:
    """A formula given as text and LaTeX (the LaTeX defaults to the text)."""
    return Math(text, text if latex is None else latex)


def factor(text: str, latex: str) -> Math:
    """A local-derivative formula used as a factor: compound formulas get parentheses."""
    if not (text.startswith(("−", "-")) or _top_level(text, (" + ", " − ", " if ", "/"))):
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


__all__ = [
    "Block",
    "Document",
    "Equation",
    "Heading",
    "Inline",
    "Math",
    "Matrix",
    "MatrixEquation",
    "Para",
    "Table",
    "Term",
    "deriv",
    "factor",
    "join",
    "name",
    "number",
    "product",
    "raw",
    "total",
]
