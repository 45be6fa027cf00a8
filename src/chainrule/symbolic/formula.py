"""A parsed formula: the user's text, its AST, and the SymPy expression built from it.

SymPy objects are built node by node from the whitelist — ``Symbol``, ``Rational``, ``Add``,
``Mul``, ``Pow`` and the functions of :mod:`chainrule.symbolic.functions` — never by
``sympify`` on the text. Variables are real symbols (so |x|' is sign(x)).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import sympy as sp

from chainrule.errors import ConfigError, DomainError, ParseError
from chainrule.symbolic import budget, vocabulary
from chainrule.symbolic.functions import CONSTANTS, FUNCTIONS
from chainrule.symbolic.nodes import Bin, Call, Name, Neg, Node, Num, names_in, show, sums
from chainrule.symbolic.parser import read

#: The largest |n| allowed in a constant exponent x^n (keeps expansion and simplification small).
MAX_EXPONENT = 100


def symbol(name: str) -> sp.Symbol:
    """The SymPy symbol for a variable name (real-valued)."""
    return sp.Symbol(name, real=True)


def _undefined(expr: sp.Expr) -> bool:
    return bool(expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan))


def build(node: Node, text: str) -> sp.Expr:
    """The SymPy expression of an AST node.

    Raises ParseError (at the node's column) for a constant exponent beyond
    :data:`MAX_EXPONENT` and for constant parts that are undefined (``1/0``, ``log(0)``).
    """
    if isinstance(node, Num):
        return sp.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Name):
        return CONSTANTS.get(node.id) or symbol(node.id)
    if isinstance(node, Neg):
        return -build(node.operand, text)
    if isinstance(node, Call):
        out = FUNCTIONS[node.fn].build(build(node.arg, text))
        if _undefined(out):
            raise ParseError(f"{node.fn}(…) is undefined here", text, node.col)
        return out
    assert isinstance(node, Bin)
    left, right = build(node.left, text), build(node.right, text)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if node.op == "/":
        if right.is_zero:
            raise ParseError("division by zero", text, node.col)
        return left / right
    if right.is_number and right.is_real and abs(right) > MAX_EXPONENT:
        raise ParseError(f"exponent {right} is larger than {MAX_EXPONENT} in size", text,
                         node.col)
    if left.is_zero and right.is_number and right.is_negative:
        raise ParseError("0 to a negative power is undefined", text, node.col)
    out = sp.Pow(left, right)
    if _undefined(out):
        raise ParseError("this power is undefined", text, node.col)
    return out


@dataclass(frozen=True)
class Formula:
    """A formula as the user wrote it, parsed.

    Attributes
    ----------
    text : str
        The original text.
    tree : Node
        The AST, with the user's structure (differences, quotients) kept.
    expr : sympy.Expr
        The SymPy expression.
    variables : tuple of str
        The variable names, sorted.
    notes : tuple of str
        How the text was read where it did not spell it out (``xy is read as x·y``); empty
        when the text says it all.
    declared : tuple of str
        Names declared as variables when parsing (kept whole; ``e`` then is a variable).
    """

    text: str
    tree: Node = field(repr=False)
    expr: sp.Expr = field(repr=False)
    variables: tuple[str, ...]
    notes: tuple[str, ...] = ()
    declared: tuple[str, ...] = ()

    @property
    def term_orders(self) -> list[tuple[sp.Expr, ...]]:
        """The terms of every sum as the learner wrote them (and negated), so that renderers
        can keep ``1 + x²`` rather than SymPy's ``x² + 1`` (see ``render(order=…)``)."""
        out: list[tuple[sp.Expr, ...]] = []
        for chain in sums(self.tree):
            try:
                written = tuple(sign * build(t, self.text) for sign, t in chain)
            except ParseError:
                continue
            out += [written, tuple(-t for t in written)]
        return out

    @property
    def reading(self) -> str | None:
        """The formula as read, every product explicit (``2·x·y``), when notes say it differs
        from what was typed; None otherwise."""
        return show(self.tree) if self.notes else None

    def to_text(self, style: str = "unicode") -> str:
        """The formula in readable math (``"unicode"``) or ``"ascii"`` (see ``render``)."""
        from chainrule.symbolic.render import render

        return render(self.expr, style, order=self.term_orders)

    def to_latex(self) -> str:
        """The formula in LaTeX."""
        from chainrule.symbolic.render import render

        return render(self.expr, "latex", order=self.term_orders)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_latex_(self) -> str:
        return f"${self.to_latex()}$"


def parse(text: str | Formula, variables: Iterable[str] = ()) -> Formula:
    """Read a formula safely (see :mod:`chainrule.symbolic.parser` for the grammar).

    Parameters
    ----------
    text : str or Formula
        The formula, e.g. ``"3x^2 + 4x + 6"``, ``"(4x² + 5x + 6)^7"``, ``"a*b + a*c**2"``.
        A Formula is returned as it is.
    variables : iterable of str
        Names to read as variables: a longer name kept whole (``"xy"``), or ``"e"`` for a
        variable e instead of Euler's number (seed 001's node e).

    Returns
    -------
    Formula

    Raises
    ------
    chainrule.errors.ParseError
        Malformed text, with the column (``err.column``) and a caret line in the message.
    """
    if isinstance(text, Formula):
        return text
    declared = tuple(check_names(variables))
    reading = budget.read_checked(read, text, declared)  # size, depth and constant budgets
    expr = build(reading.tree, text)
    real_powers(expr)
    names = tuple(sorted(n for n in names_in(reading.tree) if n not in CONSTANTS))
    return Formula(text=text, tree=reading.tree, expr=expr, variables=names,
                   notes=tuple(reading.notes), declared=declared)


def real_powers(expr: sp.Expr) -> None:
    """Refuse a negative constant base to a variable power, such as (−2)^x.

    b^x = e^{x·ln b} is real for every real x only when b > 0; with b < 0 it is real only at
    integer x (ln b is complex), so no derivative of it is a real function.

    Raises
    ------
    chainrule.errors.DomainError
        Naming the power and why it is not real-valued.
    """
    for p in expr.atoms(sp.Pow):
        base, exp = p.as_base_exp()
        if base.is_number and base.is_negative and exp.free_symbols:
            raise DomainError("power", str(p).replace("**", "^"),
                              "a negative base to a variable power is not a real function "
                              f"(ln({base}) is not real; it is real only at integer "
                              f"{', '.join(sorted(map(str, exp.free_symbols)))})")


def check_names(names: Iterable[str]) -> list[str]:
    """``names`` as a list after checking each is a variable name (``x``, ``w1``, ``xy``).

    Raises ConfigError naming the first that is not (a function, a number, ``2x``, ``pi``).
    """
    if isinstance(names, str):
        names = [names]
    out = []
    for name in names:
        if not isinstance(name, str) or not re.fullmatch(r"[^\W\d]\w*", name):
            raise ConfigError(f"{name!r} is not a variable name (a letter, then letters, digits "
                              "or _)")
        if vocabulary.function(name) is not None or name in ("pi", "π"):
            raise ConfigError(f"{name!r} is a function or constant, not a variable name")
        out.append(name)
    return out


def constant_value(text: str) -> float:
    """The number a constant formula stands for: ``"pi/2"`` -> 1.5707…, ``"-1/3"``, ``"√2"``,
    ``"e"``. Read by the safe parser, so a point can be typed like a formula.

    Raises ParseError for malformed text and ConfigError when it has a variable.
    """
    from chainrule.symbolic.evaluate import evaluate

    formula = parse(text)
    if formula.variables:
        raise ConfigError(f"{text!r} is not a number: it has the variable "
                          f"{formula.variables[0]!r}")
    return evaluate(formula.expr, {})
