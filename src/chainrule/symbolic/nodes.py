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


def terms(node: Node, sign: int = 1) -> list[tuple[int, Node]]:
    """The terms of a chain of + and − with their signs: a − (b + c) -> +a, −b, −c."""
    if isinstance(node, Bin) and node.op in "+-":
        right_sign = sign if node.op == "+" else -sign
        return terms(node.left, sign) + terms(node.right, right_sign)
    return [(sign, node)]


def sums(node: Node) -> list[list[tuple[int, Node]]]:
    """Every maximal chain of + and − in the tree, as :func:`terms` lists, outermost first."""
    found, stack = [], [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Bin) and n.op in "+-":
            chain = terms(n)
            found.append(chain)
            stack += [t for _, t in reversed(chain)]
        elif isinstance(n, Neg):
            stack.append(n.operand)
        elif isinstance(n, Bin):
            stack += [n.right, n.left]
        elif isinstance(n, Call):
            stack.append(n.arg)
    return found


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}


def show(node: Node, outer: int = 0) -> str:
    """The tree written back with every product explicit: ``2·x·y``, ``(x/2)·x``, ``sin(2·x)``.

    This is how the parser read the text (``read as …``), so it keeps the tree's own order and
    grouping; ``outer`` is the precedence of the operator around ``node`` (0 at the top).
    """
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Neg):
        inner = show(node.operand, 3)
        return f"(-{inner})" if outer >= 2 else f"-{inner}"
    if isinstance(node, Call):
        if node.fn == "exp":
            if isinstance(node.arg, Num) and node.arg.value == 1:
                return "e"
            arg = show(node.arg, 5)
            return f"e^{arg}"
        if node.fn == "abs":
            return f"|{show(node.arg)}|"
        if node.fn == "sqrt":
            return f"√({show(node.arg)})"
        return f"{node.fn}({show(node.arg)})"
    prec = _PRECEDENCE[node.op]
    if node.op == "^":
        text = f"{show(node.left, 5)}^{show(node.right, 5)}"
    else:
        right_prec = prec + 1 if node.op in "-/" else prec
        op = {"*": "·", "/": "/"}.get(node.op, f" {node.op} ")
        # (x/2)·x: the quotient in parentheses, though * and / would read it so anyway
        left_prec = 3 if node.op == "*" and isinstance(node.left, Bin) and node.left.op == "/" \
            else prec
        text = f"{show(node.left, left_prec)}{op}{show(node.right, right_prec)}"
    return f"({text})" if prec < outer or (prec == outer == 4) else text
