"""Derivatives of formulas, rule by rule: a safe parser, ``diff`` with its steps, ``check``.

``parse`` reads a formula (tokenizer + recursive descent; never ``eval``/``sympify``), ``diff``
differentiates it by the rules of calculus and keeps each step (``Derivation``), ``gradient``
takes every partial derivative, ``check`` grades a learner's answer, and ``to_value`` /
``to_function`` turn a formula into a scalar-engine graph or a callable.
"""

from chainrule.symbolic.check import CheckResult, check
from chainrule.symbolic.convert import FormulaFunction, to_function, to_value
from chainrule.symbolic.derivation import Derivation, Gradient, diff, gradient
from chainrule.symbolic.formula import Formula, parse
from chainrule.symbolic.render import render
from chainrule.symbolic.rules import RULES, Step

__all__ = [
    "RULES",
    "CheckResult",
    "Derivation",
    "Formula",
    "FormulaFunction",
    "Gradient",
    "Step",
    "check",
    "diff",
    "gradient",
    "parse",
    "render",
    "to_function",
    "to_value",
]
