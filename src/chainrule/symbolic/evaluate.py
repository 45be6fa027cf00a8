"""Numbers from formulas without ``eval`` or ``lambdify``: two whitelisted tree walkers.

* :func:`evaluate` computes a SymPy expression (a derivative, say) at a point in floats. The
  functions the parser knows run through the rule table (a row's ``forward`` after its domain
  check), so a value and its error match what ``Value`` would do; anything else
  SymPy's simplification may have introduced is evaluated by SymPy's own numerics.
* :func:`evaluate_tree` computes a parsed formula (its AST) either in floats or as a graph of
  :class:`~chainrule.scalar.Value` nodes, keeping the user's operations (``a − b`` is a ``sub``
  node, ``u/v`` a ``div`` node): the graph draws like the formula reads.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from typing import Any

import sympy as sp

from chainrule.errors import ConfigError, DomainError, NumericalError
from chainrule.rules import ROWS
from chainrule.scalar import Value, apply
from chainrule.symbolic.functions import BY_CLASS, CONSTANTS, FUNCTIONS
from chainrule.symbolic.nodes import Bin, Call, Name, Neg, Node, Num

#: The AST's binary operators as Python's (the Value engine overloads them).
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
               "^": operator.pow}


def _op(name: str, *xs: float) -> float:
    """The row ``name`` on floats, with its domain check and overflow as errors."""
    row = ROWS[name]
    reason = row.domain_error(*xs)
    if reason is not None:
        raise DomainError(name, xs[0] if len(xs) == 1 else xs, reason)
    try:
        return float(row.forward(*xs))
    except OverflowError:
        raise NumericalError(f"{name}{xs} overflows a float") from None


def _function(fn: str, x: float) -> float:
    return _op(FUNCTIONS[fn].op, x)


def _power(base: float, exponent: float) -> float:
    if exponent == 0.5:
        return _op("sqrt", base) if base != 0 else 0.0
    return _op("powc", base, exponent)


def evaluate(expr: sp.Expr, values: Mapping[str, float]) -> float:
    """``expr`` at the point ``values`` (variable name -> number), in floats.

    Raises
    ------
    ConfigError
        A variable of ``expr`` has no value.
    DomainError
        The point is outside a function's domain (log of a negative number, 1/0, …).
    NumericalError
        The result overflows or is not a real number.
    """
    if expr.is_Symbol:
        if expr.name not in values:
            raise ConfigError(f"no value given for the variable {expr.name!r}")
        return float(values[expr.name])
    if expr.is_Number or expr in (sp.pi, sp.E):
        out = float(expr)
    elif expr.is_Add:
        out = math.fsum(evaluate(a, values) for a in expr.args)
    elif expr.is_Mul:
        out = 1.0
        for a in expr.args:
            out = _op("mul", out, evaluate(a, values))
    elif expr.is_Pow:
        base, exponent = evaluate(expr.base, values), evaluate(expr.exp, values)
        out = _op("div", 1.0, _power(base, -exponent)) if exponent < 0 else _power(base, exponent)
    elif type(expr) in BY_CLASS:
        out = _function(BY_CLASS[type(expr)].name, evaluate(expr.args[0], values))
    else:  # e.g. cosh from simplification: SymPy's numerics on a SymPy tree (no text involved)
        missing = sorted(s.name for s in expr.free_symbols if s.name not in values)
        if missing:
            raise ConfigError(f"no value given for the variable {missing[0]!r}")
        subs = {s: sp.Float(values[s.name], 30) for s in expr.free_symbols}
        value = sp.N(expr.subs(subs), 17)
        if not value.is_real:
            raise NumericalError(f"{expr} is not a real number at {dict(values)}")
        out = float(value)
    if not math.isfinite(out):
        raise NumericalError(f"{expr} is not finite ({out}) at {dict(values)}")
    return out


def evaluate_tree(node: Node, env: Mapping[str, Any]) -> Any:
    """A parsed formula at ``env`` (name -> float or Value): a float, or a Value graph.

    Constant parts are folded to floats; wherever a Value is involved the result is a Value
    built with the engine's ops, so ``.backward()`` gives exact gradients.
    """
    if isinstance(node, Num):
        return float(node.value)
    if isinstance(node, Name):
        if node.id in CONSTANTS:
            return float(CONSTANTS[node.id])
        return env[node.id]
    if isinstance(node, Neg):
        return -evaluate_tree(node.operand, env)
    if isinstance(node, Call):
        return _call(node, evaluate_tree(node.arg, env))
    assert isinstance(node, Bin)
    a, b = evaluate_tree(node.left, env), evaluate_tree(node.right, env)
    if isinstance(a, Value) or isinstance(b, Value) or node.op in "+-":
        # Value ** float is powc; float ** Value and Value ** Value are pow.
        return _ARITHMETIC[node.op](a, b)
    if node.op == "*":
        return _op("mul", a, b)
    if node.op == "/":
        return _op("div", a, b)
    return _op("div", 1.0, _power(a, -b)) if b < 0 else _power(a, b)


def _call(node: Call, x: Any) -> Any:
    if not isinstance(x, Value):
        return _function(node.fn, x)
    return apply(ROWS[FUNCTIONS[node.fn].op], x)
