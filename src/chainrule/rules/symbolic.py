"""The SymPy namespace: the rows' compute and local derivatives as SymPy expressions.

SymPy has no logistic sigmoid, no ReLU with ReLU'(0) = 0 and no unit step with step(0) = 0, so
they are defined here as SymPy functions whose derivatives are read from the rule table (σ′ is
written once, in the sigmoid row). ``rewrite(sympy.exp)`` / ``rewrite(sympy.Max)`` /
``rewrite(sympy.Heaviside)`` turn them into SymPy's own functions, which is how the tests check
each row against ``sympy.diff`` independently.

Import this module only when SymPy is wanted: importing SymPy takes about a second.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from chainrule.rules.record import ROWS, Rule


def _local(name: str, *args: sp.Expr, out: sp.Expr) -> sp.Expr:
    return sp.sympify(ROWS[name].local(SYMPY, *args, out)[0])


class sigmoid(sp.Function):  # noqa: N801 - SymPy functions are lower case, like sp.exp
    """The logistic function σ(x) = 1/(1 + e^(−x)); its derivative is the sigmoid row's."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return _local("sigmoid", self.args[0], out=self)

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:
        if arg.is_zero:
            return sp.Rational(1, 2)
        return None

    def _eval_rewrite_as_exp(self, arg: sp.Expr, **kwargs: Any) -> sp.Expr:
        return 1 / (1 + sp.exp(-arg))

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return (1 / (1 + sp.exp(-self.args[0])))._eval_evalf(prec)

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _latex(self, printer: Any) -> str:
        return rf"\sigma\left({printer._print(self.args[0])}\right)"


class step(sp.Function):  # noqa: N801
    """The unit step: 1 for x > 0, 0 for x ≤ 0 (so relu'(0) = 0); derivative 0 for x ≠ 0."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return _local("step", self.args[0], out=self)

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:
        if arg.is_number and arg.is_real:
            return sp.Integer(1) if arg.is_positive else sp.Integer(0)
        return None

    def _eval_rewrite_as_Heaviside(self, arg: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.Heaviside(arg, 0)

    def _latex(self, printer: Any) -> str:
        return rf"\operatorname{{step}}\left({printer._print(self.args[0])}\right)"


class relu(sp.Function):  # noqa: N801
    """ReLU(x) = max(0, x); its derivative (step(x), 0 at x = 0) is the relu row's."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return _local("relu", self.args[0], out=self)

    @classmethod
    def eval(cls, arg: sp.Expr) -> sp.Expr | None:
        if arg.is_number and arg.is_real:
            return sp.Max(0, arg)
        return None

    def _eval_rewrite_as_Max(self, arg: sp.Expr, **kwargs: Any) -> sp.Expr:
        return sp.Max(0, arg)

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return sp.Max(0, self.args[0])._eval_evalf(prec)

    def _latex(self, printer: Any) -> str:
        return rf"\operatorname{{ReLU}}\left({printer._print(self.args[0])}\right)"


class SympyMath:
    """Functions on SymPy expressions (see :data:`chainrule.rules.namespaces.NAMES`).

    Rows with a SymPy function of their own (sec, csc, cot, sech) are built with it, so a
    formula shows ``sec(x)``, not ``1/cos(x)``: see :func:`sympy_function`.
    """

    pi = sp.pi
    sqrt2 = sp.sqrt(2)
    sqrt_pi = sp.sqrt(sp.pi)
    ln10 = sp.log(10)
    sec = staticmethod(sp.sec)
    csc = staticmethod(sp.csc)
    cot = staticmethod(sp.cot)
    sech = staticmethod(sp.sech)

    exp = staticmethod(sp.exp)
    log = staticmethod(sp.log)
    sqrt = staticmethod(sp.sqrt)
    sin = staticmethod(sp.sin)
    cos = staticmethod(sp.cos)
    tan = staticmethod(sp.tan)
    asin = staticmethod(sp.asin)
    acos = staticmethod(sp.acos)
    atan = staticmethod(sp.atan)
    sinh = staticmethod(sp.sinh)
    cosh = staticmethod(sp.cosh)
    tanh = staticmethod(sp.tanh)
    asinh = staticmethod(sp.asinh)
    acosh = staticmethod(sp.acosh)
    atanh = staticmethod(sp.atanh)
    erf = staticmethod(sp.erf)
    sigmoid = sigmoid
    relu = relu
    step = step
    abs = staticmethod(sp.Abs)
    sign = staticmethod(sp.sign)
    maximum = staticmethod(sp.Max)
    minimum = staticmethod(sp.Min)

    @staticmethod
    def expm1(x: sp.Expr) -> sp.Expr:
        return sp.exp(x) - 1

    @staticmethod
    def log1p(x: sp.Expr) -> sp.Expr:
        return sp.log(1 + x)

    @staticmethod
    def log10(x: sp.Expr) -> sp.Expr:
        return sp.log(x, 10)

    @staticmethod
    def softplus(x: sp.Expr) -> sp.Expr:
        return sp.log(1 + sp.exp(x))

    @staticmethod
    def ge(a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return sp.Piecewise((1, a >= b), (0, True))

    @staticmethod
    def where(cond: Any, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return sp.Piecewise((a, cond), (b, True))

    @staticmethod
    def value(x: sp.Expr) -> sp.Expr:
        return x


SYMPY = SympyMath()


def sympy_function(rule: Rule) -> Callable[[sp.Expr], sp.Expr]:
    """How a one-operand row is written in SymPy: its own SymPy function when there is one
    (``sp.sin``, :class:`sigmoid`, ``sp.sec``), else its ``compute`` in SymPy (softplus)."""
    own = getattr(SYMPY, rule.name, None)
    if isinstance(own, sp.FunctionClass):
        return own
    if rule.name == "abs":
        return sp.Abs
    return lambda arg: rule.compute(SYMPY, arg)
