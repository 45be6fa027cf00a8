"""A :class:`~chainrule.symbolic.Derivation` as plain text, Markdown or LaTeX, the way the seeds
write it.

Plain text (unicode math, see :mod:`chainrule.symbolic.render`) puts the answer first and then
one indented line per rule, parts under the whole. The chain rule is a u-substitution with the
product written out and u put back, as seed 000 writes it; product and quotient rules are
written out with their parts; u^v is logarithmic differentiation::

    d/dx (4x² + 5x + 6)⁷ = 7(4x² + 5x + 6)⁶(8x + 5)
      chain rule: y = u⁷ with u = 4x² + 5x + 6
        dy/dx = dy/du · du/dx = 7u⁶ · (8x + 5) = 7(4x² + 5x + 6)⁶(8x + 5)
        power: d/du u⁷ = 7u⁶
        sum: d/dx (4x² + 5x + 6) = 8x + 5
          …

With more than one variable the derivative is written ∂/∂a and the answer line says which
variables are held constant. When SymPy's tidying changed the rules' result, a last line
``simplify: … = …`` joins the two, so the answer line always equals the result of the steps.
Markdown is a nested list with inline LaTeX (``$…$``); LaTeX is an ``aligned`` block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from chainrule.symbolic.render import render
from chainrule.symbolic.rules import Step

if TYPE_CHECKING:
    from chainrule.symbolic.derivation import Derivation


@dataclass(frozen=True)
class Row:
    """One line of a derivation: its depth, the rule's label, and the equation in one style."""

    depth: int
    label: str
    equation: str


class _Writer:
    """Writes the pieces of a derivation in one style, keeping the learner's term order."""

    def __init__(self, d: Derivation, style: str) -> None:
        self.der, self.style = d, style
        self.latex = style == "latex"
        self.order: Sequence[Sequence[sp.Expr]] = d.formula.term_orders
        self.dot = r" \cdot " if self.latex else " · "

    def r(self, e: sp.Expr) -> str:
        return render(e, self.style, order=self.order)

    def paren(self, s: str) -> str:
        return rf"\left({s}\right)" if self.latex else f"({s})"

    def operand(self, e: sp.Expr) -> str:
        """``e`` as a factor: parenthesised when it is a sum or starts with a minus."""
        s = self.r(e)
        needs = e.is_Add or e.could_extract_minus_sign()
        return self.paren(s) if needs else s

    def d(self, top: str, wrt: sp.Symbol, partial: bool) -> str:
        """``dy/dx`` (top = "y"), ``d/dx`` (top = ""), ∂ for partials."""
        name = self.r(wrt)
        sym = (r"\partial" if self.latex else "∂") if partial else "d"
        if self.latex:
            return rf"\frac{{{sym} {top}}}{{{sym} {name}}}".replace("{d }", "{d}").replace(
                r"{\partial }", r"{\partial}")
        return f"{sym}{top}/{sym}{name}"

    def partial(self, step: Step) -> bool:
        # Steps in terms of a chain-rule name u are ordinary derivatives d/du.
        return self.der.partial and step.wrt.name == self.der.wrt

    def plain(self, step: Step) -> str:
        return f"{self.d('', step.wrt, self.partial(step))} {self.operand(step.input)} = " \
               f"{self.r(step.output)}"

    def prime(self, name: str) -> str:
        return f"{name}'" if self.latex else f"{name}′"

    def words(self, text: str) -> str:
        """Words between two formulas of a line: ``\\text{ with }`` in LaTeX (Markdown then
        closes the math around them), plain in the other styles."""
        return rf"\text{{{text}}}" if self.latex else text

    def minus(self) -> str:
        return " - " if self.latex else " − "

    def rows(self, step: Step, depth: int = 0) -> list[Row]:
        """The rows of ``step`` and everything under it."""
        kids = step.children
        if step.rule == "chain" and step.inner is not None:
            u, g = step.inner
            outer, inner = kids
            partial = self.partial(step)
            dy_dx, dy_du = self.d("y", step.wrt, partial), self.d("y", u, False)
            du_dx = self.d(self.r(u), step.wrt, partial)
            equation = (f"{dy_dx} = {dy_du}{self.dot}{du_dx} = {self.operand(outer.output)}"
                        f"{self.dot}{self.operand(inner.output)} = {self.r(step.output)}")
            head = Row(depth, "chain rule",
                       f"y = {self.r(outer.input)}{self.words(' with ')}{self.r(u)} = "
                       f"{self.r(g)}")
            return [head, Row(depth + 1, "", equation), *self.rows(outer, depth + 1),
                    *self.rows(inner, depth + 1)]
        if step.rule == "product" and len(kids) == 2:
            du, dv = kids
            u, v = self.operand(du.input), self.operand(dv.input)
            written = (f"{self.operand(du.output)}{self.dot}{v} + "
                       f"{u}{self.dot}{self.operand(dv.output)}")
            label = (f"product rule, ({'u·v' if not self.latex else 'uv'})' = u'v + uv'"
                     if self.latex else "product rule, (u·v)′ = u′·v + u·v′")
            row = Row(depth, label, f"{self.plain_lhs(step)} = {written} = "
                                    f"{self.r(step.output)}")
            return [row, *self.children(kids, depth)]
        if step.rule == "quotient" and len(kids) == 2:
            du, dv = kids
            u, v = self.operand(du.input), self.operand(dv.input)
            top = (f"{self.operand(du.output)}{self.dot}{v}{self.minus()}"
                   f"{u}{self.dot}{self.operand(dv.output)}")
            bottom = self.r(sp.Pow(dv.input, 2, evaluate=False))  # (x³)², not x^{3}^{2}
            written = rf"\frac{{{top}}}{{{bottom}}}" if self.latex else f"({top})/{bottom}"
            label = ("quotient rule, (u/v)' = (u'v - uv')/v^2" if self.latex else
                     "quotient rule, (u/v)′ = (u′·v − u·v′)/v²")
            row = Row(depth, label, f"{self.plain_lhs(step)} = {written} = "
                                    f"{self.r(step.output)}")
            return [row, *self.children(kids, depth)]
        if step.rule == "general power" and len(kids) == 2:
            return self.logarithmic(step, depth)
        label = step.rule + (f" [{step.note}]" if step.note else "")
        return [Row(depth, label, self.plain(step)), *self.children(kids, depth)]

    def plain_lhs(self, step: Step) -> str:
        return f"{self.d('', step.wrt, self.partial(step))} {self.operand(step.input)}"

    def children(self, kids: Sequence[Step], depth: int) -> list[Row]:
        return [row for k in kids for row in self.rows(k, depth + 1)]

    def logarithmic(self, step: Step, depth: int) -> list[Row]:
        """u^v with both depending on x: take logs, ln y = v·ln(u), differentiate, solve."""
        du, dv = step.children
        base, exponent = du.input, dv.input
        log_y = exponent * sp.log(base)
        d_log = dv.output * sp.log(base) + exponent * du.output / base
        ln = r"\ln" if self.latex else "ln"
        partial = self.partial(step)
        dx = self.d("", step.wrt, partial)
        y_prime = self.prime("y")
        # d/dx [v·ln(u)] by the product rule: v′·ln(u) + v·u′/u
        written = (f"{self.operand(dv.output)}{self.dot}{self.r(sp.log(base))} + "
                   f"{self.operand(exponent)}{self.dot}{self.operand(du.output)}/"
                   f"{self.operand(base)}")
        rows = [
            Row(depth, "logarithmic differentiation",
                f"y = {self.r(step.input)}{self.words(', so ')}{ln} y = {self.r(log_y)}"),
            Row(depth + 1, "product rule",
                f"{dx} {ln} y = {y_prime}/y = {written} = {self.r(d_log)}"),
            Row(depth + 1, "", f"{y_prime} = y{self.dot}{self.operand(d_log)} = "
                               f"{self.r(step.output)}"),
        ]
        # x' = 1 twice says nothing the product line does not; other parts get their steps
        kids = [k for k in step.children if k.rule != "identity"]
        return rows + self.children(kids, depth)

    def headline(self) -> str:
        d = self.der
        wrt = sp.Symbol(d.wrt)
        line = f"{self.d('', wrt, d.partial)} {self.operand(d.formula.expr)} = {self.r(d.result)}"
        return line

    def held(self) -> str:
        others = [v for v in self.der.formula.variables if v != self.der.wrt]
        return f"{', '.join(others)} held constant" if self.der.partial else ""

    def simplify(self, depth: int = 0) -> list[Row]:
        raw, result = self.der.root.output, self.der.result
        if self.r(raw) == self.r(result):
            return []
        return [Row(depth, "simplify", f"{self.r(raw)} = {self.r(result)}")]


def rows(d: Derivation, style: str = "unicode") -> tuple[str, list[Row]]:
    """The answer line and the step rows of ``d`` in ``style`` (unicode, ascii or latex)."""
    w = _Writer(d, style)
    return w.headline(), [*w.rows(d.root), *w.simplify()]


def derivation_text(d: Derivation) -> str:
    """The answer, then one indented line per step: ``rule: equation``."""
    head, body = rows(d, "unicode")
    held = _Writer(d, "unicode").held()
    lines = [head + (f"   ({held})" if held else "")]
    for row in body:
        label = f"{row.label}: " if row.label and row.equation else row.label
        lines.append(f"{'  ' * (row.depth + 1)}{label}{row.equation}")
    return "\n".join(lines)


def derivation_markdown(d: Derivation) -> str:
    """A bold answer line, then a nested list: ``- **rule**: $…$``."""
    head, body = rows(d, "latex")
    held = _Writer(d, "latex").held()
    lines = [f"**${head}$**" + (f" ({held})" if held else ""), ""]
    for row in body:
        label = f"**{_md(row.label)}**: " if row.label else ""
        lines.append(f"{'  ' * row.depth}- {label}${_words_outside(row.equation)}$")
    return "\n".join(lines)


def _words_outside(equation: str) -> str:
    """A LaTeX equation for ``$…$`` with its ``\\text{…}`` words moved out of math mode:
    ``y = u^{2} \\text{ with } u = 4x`` → ``y = u^{2}$ with $u = 4x``."""
    return re.sub(r"\s*\\text\{([^{}]*)\}\s*",
                  lambda m: f"${_md(m.group(1))}$" if m.group(1)[:1] == "," else
                  f"$ {_md(m.group(1).strip())} $", equation)


def _md(text: str) -> str:
    return text.replace("*", r"\*").replace("_", r"\_")


def derivation_latex(d: Derivation) -> str:
    """An ``aligned`` block: the answer, then each step indented, with its rule on the right."""
    head, body = rows(d, "latex")
    out = [head.replace(" = ", " &= ", 1) + r" \\"]
    for row in body:
        indent = r"\quad " * (row.depth + 1)
        equation = row.equation if " = " in row.equation else f"{row.equation} ="
        lhs, rhs = equation.split(" = ", 1)
        note = rf" && \text{{{_tex_text(row.label)}}}" if row.label else ""
        out.append(rf"{indent}{lhs} &= {rhs}{note} \\")
    return "\\begin{aligned}\n" + "\n".join(out) + "\n\\end{aligned}"


def _tex_text(text: str) -> str:
    """A rule label inside \\text{…}: TeX's special characters escaped."""
    for ch, rep in (("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("_", r"\_"),
                    ("^", r"\^{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"), ("#", r"\#")):
        text = text.replace(ch, rep)
    return text.replace("−", "-").replace("·", " ").replace("′", "'")
