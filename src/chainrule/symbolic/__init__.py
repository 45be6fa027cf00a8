"""Derivatives of formulas, rule by rule: a safe parser, ``diff`` with its steps, and
``check_derivative``.

``parse`` reads a formula (tokenizer + recursive descent; never ``eval``/``sympify``), ``diff``
differentiates it by the rules of calculus and keeps each step (``Derivation``), ``partials``
takes every partial derivative, ``check_derivative`` grades a learner's answer, and
``to_value`` / ``to_function`` turn a formula into a scalar-engine graph or a callable.
"""

from chainrule.renamed import renamed_getattr
from chainrule.symbolic.convert import FormulaFunction, to_function, to_value
from chainrule.symbolic.derivation import Derivation, Partials, diff, partials
from chainrule.symbolic.derivative_check import DerivativeCheck, check_derivative
from chainrule.symbolic.formula import Formula, parse
from chainrule.symbolic.render import render
from chainrule.symbolic.rules import RULES, Step

__getattr__ = renamed_getattr(__name__)

__all__ = [
    "RULES",
    "Derivation",
    "DerivativeCheck",
    "Formula",
    "FormulaFunction",
    "Partials",
    "Step",
    "check_derivative",
    "diff",
    "parse",
    "partials",
    "render",
    "to_function",
    "to_value",
]
