"""The parser's AST: numbers, names, negation, binary operators and function calls.

Each node keeps the 0-based column where it starts (for binary operators, the operator's
column), so later checks — an exponent too large, a division by zero — can point at the text.
The AST keeps the user's structure (``a − b`` stays a difference, ``u/v`` a quotient), which is
what the rule walker in :mod:`chainrule.symbolic.rules` follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Num:
    """A number literal, kept exactly (``0.1`` is 1/10)."""

    value: Fraction
    text: str
    col: int


@dataclass(frozen=True)
class Name:
    """A variable (or the constant ``pi``)."""

    id: str
    col: int


@dataclass(frozen=True)
class Neg:
    """Unary minus: −operand."""

    operand: Node
    col: int


@dataclass(frozen=True)
class Bin:
    """``left op right`` with op one of ``+ - * / ^``; ``implicit`` marks juxtaposition (3x)."""

    op: str
    left: Node
    right: Node
    col: int
    implicit: bool = False


@dataclass(frozen=True)
class Call:
    """A whitelisted function applied to one argument; ``fn`` is the canonical name."""

    fn: str
    arg: Node
    col: int


Node = Num | Name | Neg | Bin | Call


def names_in(node: Node) -> set[str]:
    """The names (variables and constants) used in ``node``."""
    stack, found = [node], set()
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            found.add(n.id)
        elif isinstance(n, Neg):
            stack.append(n.operand)
        elif isinstance(n, Bin):
            stack += [n.left, n.right]
        elif isinstance(n, Call):
            stack.append(n.arg)
    return found
