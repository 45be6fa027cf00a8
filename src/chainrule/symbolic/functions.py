"""The whitelist of functions a formula may use, and the SymPy functions SymPy lacks.

Every function a user can write is one :class:`FunctionSpec` in :data:`FUNCTIONS`: its names
(``log`` and ``ln`` are one function; ``σ`` is ``sigmoid``), how to build it in SymPy, and the
scalar-engine op that computes it (``tan`` has none: it is built as sin/cos). Nothing outside
this table can be called — the parser rejects other names, so no user text ever reaches
``eval``/``sympify``.

SymPy has no logistic sigmoid and no ReLU with ReLU'(0) = 0, so they are defined here:
``sigmoid(x) = 1/(1 + e^(−x))`` with σ' = σ(1 − σ), ``relu(x) = max(0, x)`` with
relu' = ``step(x)``, and ``step(x)`` = 1 for x > 0 else 0 (the engine's convention at 0).
``step`` and ``sign`` (the derivative of |x|) may be written too, so that a learner's answer
such as ``step(x)`` can be checked; their derivative is 0 wherever it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy as sp


class sigmoid(sp.Function):  # noqa: N801 - SymPy functions are lower case, like sp.exp
    """The logistic function σ(x) = 1/(1 + e^(−x)); σ'(x) = σ(x)(1 − σ(x))."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

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
        return sp.Integer(0)

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
    """ReLU(x) = max(0, x); ReLU'(x) = step(x) (0 at x = 0, the engine's convention)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return step(self.args[0])

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


@dataclass(frozen=True)
class FunctionSpec:
    """One function users may write.

    Attributes
    ----------
    name : str
        The canonical name (what the text renderer prints, unicode style).
    aliases : tuple of str
        Every name the parser accepts for it.
    build : callable
        ``build(sympy_arg) -> sympy expression``.
    op : str or None
        The scalar-engine op (``chainrule.scalar.ops.OPS``) computing it, or None.
    ascii : str
        The name in ASCII rendering.
    """

    name: str
    aliases: tuple[str, ...]
    build: Callable[[sp.Expr], sp.Expr]
    op: str | None
    ascii: str


_SPECS = [
    FunctionSpec("exp", ("exp",), sp.exp, "exp", "exp"),
    FunctionSpec("ln", ("log", "ln"), sp.log, "log", "log"),
    FunctionSpec("sqrt", ("sqrt", "√"), sp.sqrt, "sqrt", "sqrt"),
    FunctionSpec("sin", ("sin",), sp.sin, "sin", "sin"),
    FunctionSpec("cos", ("cos",), sp.cos, "cos", "cos"),
    FunctionSpec("tan", ("tan",), sp.tan, None, "tan"),
    FunctionSpec("tanh", ("tanh",), sp.tanh, "tanh", "tanh"),
    FunctionSpec("σ", ("sigmoid", "σ"), sigmoid, "sigmoid", "sigmoid"),
    FunctionSpec("relu", ("relu", "ReLU"), relu, "relu", "relu"),
    FunctionSpec("abs", ("abs",), sp.Abs, "abs", "abs"),
    FunctionSpec("sign", ("sign",), sp.sign, None, "sign"),
    FunctionSpec("step", ("step",), step, None, "step"),
]

#: Every accepted function name -> its spec.
FUNCTIONS: dict[str, FunctionSpec] = {alias: spec for spec in _SPECS for alias in spec.aliases}

#: SymPy function class -> its spec (for rendering and evaluating SymPy trees).
BY_CLASS: dict[type, FunctionSpec] = {
    sp.exp: FUNCTIONS["exp"], sp.log: FUNCTIONS["log"], sp.sin: FUNCTIONS["sin"],
    sp.cos: FUNCTIONS["cos"], sp.tan: FUNCTIONS["tan"], sp.tanh: FUNCTIONS["tanh"],
    sigmoid: FUNCTIONS["sigmoid"], relu: FUNCTIONS["relu"], sp.Abs: FUNCTIONS["abs"],
    sp.sign: FUNCTIONS["sign"], step: FUNCTIONS["step"],
}

#: Names that are constants, not variables. ``e`` is deliberately a variable (seed 001 names
#: a node e); Euler's number is written exp(1).
CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "π": sp.pi}
