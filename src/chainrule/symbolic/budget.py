"""Budgets for formulas, checked before SymPy sees them: size, constants, expansion, time.

A short formula can ask for minutes and gigabytes: ``(((9^100)^100)^100)^100`` is a number of
95 million digits, ``(x+y+z+w+v+u)^100`` expands to 96 million terms inside ``simplify``,
``(8⁻¹)**1.04⁹⁹`` raises a constant to a rational of 280 digits, 490 factors ``x*x*…*x`` nest
the tree past Python's recursion limit. Each is estimated from the parse tree (cheap,
iterative) or from the SymPy expression before the expensive call:

* :func:`check_tree` — called by :func:`chainrule.symbolic.formula.parse` through
  :func:`read_checked`: at most :data:`MAX_NODES` nodes and :data:`MAX_DEPTH` levels (a
  product ``a*b*c…`` counts a level per factor, a whole sum one level), exact constants of
  at most :data:`MAX_DIGITS` digits (``(10^100)^50`` has 5,001), exponents of at most
  :data:`MAX_EXPONENT_DIGITS` digits;
* :func:`check_result` — a derivative of more than :data:`MAX_RESULT_OPS` operations is
  refused before it is tidied and written out;
* :func:`simplify_ok` — whether ``sympy.simplify`` may run: the terms a full expansion could
  produce (a multinomial count) stay under :data:`MAX_TERMS`;
* :func:`within` — a wall-clock budget on one SymPy call (``simplify``, a symbolic ``check``):
  past :data:`SIMPLIFY_SECONDS` it is abandoned and the caller's fallback used (the rules'
  result unsimplified, or numeric sampling), and the caller says so.

Over a parse budget: a :class:`~chainrule.errors.ParseError` at the column of the culprit that
names the limit and how to raise it. The module constants are the defaults; all of them are
multiplied by one factor, ``--formula-budget N`` on the command line (``derive``, ``graph``,
``descend``) or :func:`formula_budget` in code::

    with formula_budget(10):  # ten times the parts, depth, digits, terms, operations, seconds
        diff("(x + 1)^5000")
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from fractions import Fraction
from typing import Any, TypeVar

import sympy as sp

from chainrule.errors import BudgetError, ConfigError, ParseError
from chainrule.symbolic.nodes import Bin, Call, Neg, Node, Num

MAX_NODES = 2000
MAX_DEPTH = 120
MAX_DIGITS = 1000
MAX_EXPONENT_DIGITS = 30
MAX_TERMS = 2000
MAX_RESULT_OPS = 2000
SIMPLIFY_SECONDS = 5.0
#: Exact numbers stay below Python's int-to-text limit (4,300 digits) whatever the factor.
DIGITS_CAP = 4000
_LOG2_10 = math.log2(10)
T = TypeVar("T")
#: The option that raises every formula budget, named in each over-budget message.
OPTION = "--formula-budget"
_scale: ContextVar[float] = ContextVar("chainrule_formula_budget", default=1.0)


def set_formula_budget(factor: float | None) -> None:
    """Multiply every formula budget by ``factor`` in this context (None: the defaults)."""
    _scale.set(_checked_factor(1.0 if factor is None else factor))


@contextmanager
def formula_budget(factor: float) -> Iterator[float]:
    """Within the block every formula budget is ``factor`` times its default."""
    token = _scale.set(_checked_factor(factor))
    try:
        yield factor
    finally:
        _scale.reset(token)


def _checked_factor(factor: float) -> float:
    if isinstance(factor, bool) or not isinstance(factor, (int, float)) or not (
            0 < factor <= 1e6):
        raise ConfigError(f"{OPTION}: expected a factor between 0 and 1000000, got {factor!r}")
    return float(factor)


def limit(default: int, cap: int | None = None) -> int:
    """A size budget now in force: ``default`` times the :func:`formula_budget` factor, at
    most ``cap`` (a hard limit no factor lifts)."""
    value = max(1, int(default * _scale.get()))
    return value if cap is None else min(value, cap)


def seconds() -> float:
    """The time budget for one SymPy call now in force (:data:`SIMPLIFY_SECONDS` scaled)."""
    return SIMPLIFY_SECONDS * _scale.get()


def raise_hint() -> str:
    """How to raise the formula budgets: ``--formula-budget 10 raises every formula limit
    10-fold`` (ten times the factor in force)."""
    wanted = 10 * _scale.get()
    return f"{OPTION} {wanted:g} raises every formula limit {wanted:g}-fold"


def _digits(q: Fraction) -> float:
    """Decimal digits of numerator and denominator together (from the bit lengths)."""
    return (max(1, abs(q.numerator).bit_length()) + q.denominator.bit_length() - 1) / _LOG2_10


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Bin):
        return (node.left, node.right)
    if isinstance(node, (Neg,)):
        return (node.operand,)
    if isinstance(node, Call):
        return (node.arg,)
    return ()


def _combine(node: Bin, value: dict[int, Fraction], digits: float) -> None:
    """Keep the exact value of ``a + b``, ``a − b``, ``a·b`` or ``a/b`` when both operands
    are known and the result is small (an exponent such as ``1/3`` is then evaluated)."""
    a, b = value.get(id(node.left)), value.get(id(node.right))
    if a is None or b is None or digits > limit(MAX_EXPONENT_DIGITS):
        return
    if node.op in "+-*":
        value[id(node)] = a + b if node.op == "+" else a - b if node.op == "-" else a * b
    elif node.op == "/" and b != 0:  # a division by 0: build() says so
        value[id(node)] = a / b


def _constant_sizes(order: list[Node], text: str) -> None:
    """Digits of every exact constant subtree, bottom-up; ParseError past the limits."""
    size: dict[int, float] = {}  # id(node) -> digits, for exact rational constants only
    value: dict[int, Fraction] = {}  # small exponents, kept exactly
    for node in reversed(order):
        if isinstance(node, Num):
            size[id(node)] = _digits(node.value)
            value[id(node)] = node.value
        elif isinstance(node, Neg) and id(node.operand) in size:
            size[id(node)] = size[id(node.operand)]
            if id(node.operand) in value:
                value[id(node)] = -value[id(node.operand)]
        elif isinstance(node, Bin) and id(node.left) in size and id(node.right) in size:
            a, b = size[id(node.left)], size[id(node.right)]
            if node.op != "^":
                size[id(node)] = a + b + 1
                _combine(node, value, size[id(node)])
            else:
                e = value.get(id(node.right))
                if e is None or _digits(e) > limit(MAX_EXPONENT_DIGITS):
                    raise ParseError(f"this exponent is an exact number of about {b:.0f} "
                                     f"digits; exponents are limited to "
                                     f"{limit(MAX_EXPONENT_DIGITS)} ({raise_hint()})",
                                     text, node.col)
                base = value.get(id(node.left))
                if e.denominator != 1:
                    size[id(node)] = a + b  # left unevaluated by SymPy: base and exponent
                elif base is not None and base != 0:
                    size[id(node)] = max(1.0, abs(e.numerator) * (
                        math.log10(abs(base.numerator)) + math.log10(base.denominator)))
                else:
                    size[id(node)] = a * abs(e.numerator)
        else:
            continue
        if size[id(node)] > limit(MAX_DIGITS, DIGITS_CAP):
            most = limit(MAX_DIGITS, DIGITS_CAP)
            how = raise_hint() if most < DIGITS_CAP else "the most Python turns into text"
            raise ParseError(f"this constant has about {size[id(node)]:,.0f} digits; exact "
                             f"numbers are limited to {most:,} digits ({how})", text, node.col)
        if isinstance(node, Bin) and node.op == "^" and id(node) in size:
            e = value.get(id(node.right))
            base = value.get(id(node.left))
            if e is not None and base is not None and e.denominator == 1 and size[id(node)] < 40:
                with suppress(ZeroDivisionError):  # 0 to a negative power: build() says so
                    value[id(node)] = base ** e.numerator


def check_tree(tree: Node, text: str) -> None:
    """Refuse a parse tree over the size, depth or constant budgets (module docstring).

    Raises
    ------
    ParseError
        At the column of the node that breaks a limit, naming the limit.
    """
    order: list[Node] = []
    stack: list[tuple[Node, int]] = [(tree, 1)]
    while stack:
        node, level = stack.pop()
        order.append(node)
        if len(order) > limit(MAX_NODES):
            raise ParseError(f"the formula has more than {limit(MAX_NODES):,} parts "
                             f"({raise_hint()})", text, getattr(node, "col", 0))
        if level > limit(MAX_DEPTH):
            raise ParseError(f"the formula nests more than {limit(MAX_DEPTH)} operations deep "
                             f"(a product x*x*…*x counts one level per factor; "
                             f"{raise_hint()})", text, getattr(node, "col", 0))
        for child in _children(node):
            # a chain of + and − is read as one sum (flat everywhere downstream): no level
            flat = (isinstance(node, Bin) and isinstance(child, Bin) and node.op in "+-"
                    and child.op in "+-")
            stack.append((child, level if flat else level + 1))
    _constant_sizes(order, text)


def read_checked(read: Callable[..., Any], text: str, declared: Iterable[str]) -> Any:
    """``read(text, declared)`` (the parser) followed by :func:`check_tree`; a parser that
    recurses too deeply becomes a ParseError too."""
    try:
        reading = read(text, declared)
    except RecursionError:
        raise ParseError("the formula nests too deeply", text if isinstance(text, str) else "",
                         0) from None
    check_tree(reading.tree, text)
    return reading


def check_result(expr: sp.Expr, text: str) -> None:
    """Refuse a derivative too large to tidy and show (the product rule on 69 factors gives
    69 terms of 69 factors: 7,448 operations, 40 s and 1.2 MB of steps).

    Raises
    ------
    BudgetError
        More than :data:`MAX_RESULT_OPS` operations.
    """
    ops = sp.count_ops(expr)
    if ops > limit(MAX_RESULT_OPS):
        raise BudgetError(f"{text[:60]}{'…' if len(text) > 60 else ''}: the derivative has "
                          f"{ops:,} operations; chainrule shows derivatives of at most "
                          f"{limit(MAX_RESULT_OPS):,} ({raise_hint()})")


def expansion_terms(expr: sp.Expr, cap: int = 10**12) -> int:
    """An upper bound on the terms a full expansion of ``expr`` could have (capped).

    A sum adds, a product multiplies, ``(a₁ + … + a_k)^n`` gives C(n + k − 1, k − 1) (the
    multinomial count), anything else is one term.
    """
    memo: dict[sp.Basic, int] = {}
    for node in sp.postorder_traversal(expr):
        if node in memo:
            continue
        args = [memo.get(a, 1) for a in node.args]
        if isinstance(node, sp.Add):
            n = sum(args)
        elif isinstance(node, sp.Mul):
            n = 1
            for a in args:
                n = min(cap, n * a)
        elif isinstance(node, sp.Pow) and node.exp.is_Integer and args:
            k, e = args[0], abs(int(node.exp))
            n = 1 if k == 1 else min(cap, k ** min(e, 64),
                                     math.comb(e + k - 1, k - 1) if k < 10**6 else cap)
        else:
            n = 1
        memo[node] = min(cap, n)
    return memo.get(expr, 1)


def simplify_ok(expr: sp.Expr) -> bool:
    """Whether ``sympy.simplify`` may run on ``expr``: its expansion stays within
    :data:`MAX_TERMS` terms (``simplify`` expands powers of sums while cancelling)."""
    return expansion_terms(expr) <= limit(MAX_TERMS)


class OverTimeError(BaseException):
    """Raised inside a call that ran past its :func:`within` budget (a BaseException, so
    that SymPy's own ``except Exception`` clauses cannot swallow it)."""


def within(seconds: float, call: Callable[[], T], fallback: T) -> tuple[T, bool]:
    """``(call(), True)``, or ``(fallback, False)`` when it ran past ``seconds``.

    The budget uses ``SIGALRM`` (a timer interrupting the Python code SymPy runs), so it holds
    on POSIX in the main thread; elsewhere the call runs unbounded — :func:`simplify_ok` and
    :func:`check_tree` are then the only limits.
    """
    if (not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        return call(), True

    armed = [True]

    def ring(signum: int, frame: Any) -> None:
        if armed[0]:
            raise OverTimeError

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        result = call()
        armed[0] = False  # a late alarm must not escape past the except below
        return result, True
    except OverTimeError:
        return fallback, False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_EXPONENT_DIGITS",
    "MAX_NODES",
    "MAX_RESULT_OPS",
    "MAX_TERMS",
    "OPTION",
    "SIMPLIFY_SECONDS",
    "OverTimeError",
    "check_result",
    "check_tree",
    "expansion_terms",
    "formula_budget",
    "limit",
    "raise_hint",
    "read_checked",
    "seconds",
    "set_formula_budget",
    "simplify_ok",
    "within",
]
