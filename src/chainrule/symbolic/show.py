"""A :class:`~chainrule.symbolic.Derivation` as plain text, Markdown or LaTeX.

Plain text (unicode math, see :mod:`chainrule.symbolic.render`) puts the answer first and then
one indented line per rule, parts under the whole::

    d/dx (4x² + 5x + 6)⁷ = 7(4x² + 5x + 6)⁶(8x + 5)
      chain [u = 4x² + 5x + 6]: d/dx (4x² + 5x + 6)⁷ = 7(4x² + 5x + 6)⁶(8x + 5)
        power: d/du u⁷ = 7u⁶
        sum: d/dx (4x² + 5x + 6) = 8x + 5
          …

With more than one variable the derivative is written ∂/∂a. Markdown is a nested list with
inline LaTeX (``$…$``, as Jupyter and GitHub render it); LaTeX is an ``aligned`` block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from chainrule.symbolic.render import render
from chainrule.symbolic.rules import Step

if TYPE_CHECKING:
    from chainrule.symbolic.derivation import Derivation


def _operand(e: sp.Expr, style: str) -> str:
    s = render(e, style)
    needs = e.is_Add or (e.could_extract_minus_sign() and not e.is_Number)
    if not needs:
        return s
    return rf"\left({s}\right)" if style == "latex" else f"({s})"


def _d(wrt: sp.Symbol, partial: bool, style: str) -> str:
    name = render(wrt, style)
    if style == "latex":
        d = r"\partial" if partial else "d"
        return rf"\frac{{{d}}}{{{d} {name}}}"
    d = "∂" if partial else "d"
    return f"{d}/{d}{name}"


def _is_partial(d: Derivation, step: Step) -> bool:
    # Steps in terms of a chain-rule name u are ordinary derivatives d/du.
    return d.partial and step.wrt.name == d.wrt


def _line(d: Derivation, step: Step, style: str) -> str:
    lhs = f"{_d(step.wrt, _is_partial(d, step), style)} {_operand(step.input, style)}"
    return f"{lhs} = {render(step.output, style)}"


def _rows(step: Step, depth: int = 0) -> list[tuple[int, Step]]:
    rows = [(depth, step)]
    for child in step.children:
        rows += _rows(child, depth + 1)
    return rows


def _headline(d: Derivation, style: str) -> str:
    expr = d.formula.expr
    wrt = sp.Symbol(d.wrt)
    return f"{_d(wrt, d.partial, style)} {_operand(expr, style)} = {render(d.result, style)}"


def derivation_text(d: Derivation) -> str:
    """The answer, then one indented line per step: ``rule [note]: d/dx input = output``."""
    lines = [_headline(d, "unicode")]
    for depth, step in _rows(d.root):
        note = f" [{step.note}]" if step.note else ""
        lines.append(f"{'  ' * (depth + 1)}{step.rule}{note}: {_line(d, step, 'unicode')}")
    return "\n".join(lines)


def derivation_markdown(d: Derivation) -> str:
    """A bold answer line, then a nested list: ``- **rule** (note): $…$``."""
    lines = [f"**${_headline(d, 'latex')}$**", ""]
    for depth, step in _rows(d.root):
        note = f" ({step.note})" if step.note else ""
        lines.append(f"{'  ' * depth}- **{step.rule}**{note}: ${_line(d, step, 'latex')}$")
    return "\n".join(lines)


def _latex_note(step: Step) -> str:
    if step.inner is not None:
        u, g = step.inner
        return rf"\text{{{step.rule}, }} {render(u, 'latex')} = {render(g, 'latex')}"
    text = step.note.replace("−", "-").replace("·", r"\cdot ")
    return rf"\text{{{step.rule}}}" + (rf"\text{{: {text}}}" if text else "")


def derivation_latex(d: Derivation) -> str:
    """An ``aligned`` block: the answer, then each step indented, with its rule on the right."""
    rows = [_headline(d, "latex").replace(" = ", " &= ", 1) + r" \\"]
    for depth, step in _rows(d.root):
        lhs, rhs = _line(d, step, "latex").split(" = ", 1)
        indent = r"\quad " * (depth + 1)
        rows.append(rf"{indent}{lhs} &= {rhs} && {_latex_note(step)} \\")
    return "\\begin{aligned}\n" + "\n".join(rows) + "\n\\end{aligned}"
