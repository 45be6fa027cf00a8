"""Points where a formula is not differentiable: kinks, jumps and vertical tangents.

``relu``, ``abs``, ``sign`` and ``step`` are not differentiable where their argument is 0, and
``sqrt`` has a vertical tangent there. At such a point a derivative "value" is a convention
(the engines use ReLU′(0) = 0, |x|′(0) = 0 — each row of the rule table states its own in
``kink``), and a central difference averages the two sides. :func:`corners` finds the parts
of a formula whose argument is 0 at a point and gives the one-sided derivatives of the whole
formula there: the rules' derivative just left and just right of the point, x ∓ δ with
δ = 10⁻⁷·max(1, |x|). Where both sides agree (relu(x)² at 0) the formula is differentiable
after all and nothing is reported.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy as sp

from chainrule.errors import ChainruleError, DomainError
from chainrule.symbolic.derivation import Derivation
from chainrule.symbolic.evaluate import evaluate, evaluate_tree
from chainrule.symbolic.formula import Formula
from chainrule.symbolic.functions import FUNCTIONS
from chainrule.symbolic.nodes import Bin, Call, Name, Node, Num, show
from chainrule.symbolic.render import render
from chainrule.symbolic.slips import parts


@dataclass(frozen=True)
class Corner:
    """A part of the formula that is not differentiable at the point.

    Attributes
    ----------
    part : str
        The part as read, e.g. ``relu(x)``.
    left, right : float or None
        The derivative of the whole formula just left / right of the point (None: f is not
        defined on that side).
    convention : str
        What the engines use there (from the rule table), or "" when none applies.
    """

    part: str
    left: float | None
    right: float | None
    convention: str
    jump: bool = False

    def sentence(self, wrt: str, at: str) -> str:
        """One line for the learner."""
        def side(v: float | None) -> str:
            if v is None:
                return "undefined"
            if math.isinf(v):
                return f"{'+' if v > 0 else '−'}∞ (a vertical tangent)"
            return f"{v:.6g}"

        rule = (f"; chainrule's engines use the convention {self.convention}"
                if self.convention else "")
        if self.jump:
            return (f"{at} is a jump of {self.part}: f is not continuous there, so it is not "
                    f"differentiable{rule}")
        if self.left is None or self.right is None:
            where = "right" if self.left is None else "left"
            value = side(self.right if self.left is None else self.left)
            return (f"{at} is an end of the domain of {self.part}: f is defined only to the "
                    f"{where}, where the one-sided derivative is {value}")
        return (f"{at} is a corner of {self.part}: the derivative from the left is "
                f"{side(self.left)}, from the right {side(self.right)}, so the formula is not "
                f"differentiable there{rule}")


def _side(derivation: Derivation, point: Mapping[str, float], delta: float) -> float | None:
    """The derivative just beside the point; ±∞ when it grows without bound towards it."""
    def at(step: float) -> float | None:
        moved = dict(point)
        moved[derivation.wrt] = point[derivation.wrt] + step
        try:
            return derivation.at(moved)
        except ChainruleError:
            return None

    near, nearer = at(delta), at(delta * 1e-4)
    if near is not None and nearer is not None and abs(nearer) > 10 * max(1.0, abs(near)):
        return math.copysign(math.inf, nearer)
    return near


def _jumps(formula: Formula, point: Mapping[str, float], wrt: str, delta: float) -> bool:
    """f(x − δ) and f(x + δ) far apart: a jump (step, sign), not a corner."""
    values = []
    for step in (-delta, delta):
        moved = dict(point)
        moved[wrt] = point[wrt] + step
        try:
            values.append(float(evaluate_tree(formula.tree, moved)))
        except (ChainruleError, KeyError, ArithmeticError, TypeError):
            return False
    return abs(values[1] - values[0]) > 1e-3


def corners(derivation: Derivation, point: Mapping[str, float]) -> list[Corner]:
    """The non-differentiable parts of ``derivation.formula`` at ``point`` (see the module)."""
    formula, wrt = derivation.formula, derivation.wrt
    if wrt not in point:
        return []
    x = point[wrt]
    delta = 1e-7 * max(1.0, abs(x))
    found = []
    for node in parts(formula.tree):
        if not isinstance(node, Call):
            continue
        spec = FUNCTIONS.get(node.fn)
        if spec is None or not (spec.rule.kink or spec.op == "sqrt"):
            continue
        try:
            arg = evaluate_tree(node.arg, point)
        except (ChainruleError, KeyError, ArithmeticError):
            continue
        if not isinstance(arg, float) or abs(arg) > 1e-12:
            continue
        left, right = _side(derivation, point, -delta), _side(derivation, point, delta)
        jump = _jumps(formula, point, wrt, delta)
        if not jump and left is not None and right is not None and math.isclose(
                left, right, rel_tol=1e-4, abs_tol=1e-4):
            continue  # smooth here after all (relu(x)² at 0)
        found.append(Corner(show(node), left, right, spec.rule.kink, jump))
    return found


def value_or_none(derivation: Derivation, point: Mapping[str, float]) -> float | None:
    """The derivative at ``point``, or None where the rules' result is undefined (√ at 0)."""
    try:
        return evaluate(derivation.result, dict(point))
    except ChainruleError:
        return None


def _why(node: Node, exc: ChainruleError, point: Mapping[str, float]) -> str:
    """``needs x − 2 > 0, but x − 2 = -1 there``: the op's condition on this part's operand."""
    reason = getattr(exc, "reason", str(exc))
    operand = node.arg if isinstance(node, Call) else (
        node.right if isinstance(node, Bin) else None)
    if operand is None:
        return reason
    text = show(operand)
    try:
        value = f"{float(evaluate_tree(operand, point)):g}"
    except (ChainruleError, KeyError, ArithmeticError, TypeError):
        return reason
    if isinstance(node, Bin) and node.op == "/":
        return f"division by zero ({text} = {value} there)"
    if " needs " in reason:
        shown = text if isinstance(operand, Name | Num) else f"({text})"
        need = re.sub(r"\bx\b", shown, reason.split(" needs ", 1)[1])
        return f"it needs {need}, but {text} = {value} there"
    return f"{reason} ({text} = {value} there)"


def where_undefined(formula: Formula, point: Mapping[str, float]) -> str:
    """Why ``formula`` cannot be evaluated at ``point``, naming the smallest part that fails:
    ``ln(x − 2) is undefined at x = 1: x > 0 is needed, but the value there is -1``."""
    at = ", ".join(f"{k} = {v:g}" for k, v in point.items())
    for node in reversed(list(parts(formula.tree))):  # children before parents
        try:
            evaluate_tree(node, point)
        except ChainruleError as exc:
            if not isinstance(exc, DomainError):
                return f"{show(node)} overflows at {at} (beyond 1.8e308)"
            return f"{show(node)} is undefined at {at}: {_why(node, exc, point)}"
        except (KeyError, ArithmeticError):
            continue
    return f"{formula.text} cannot be evaluated at {at}"


def where_undefined_expr(expr: sp.Expr, point: Mapping[str, float],
                         order: Sequence[Sequence[sp.Expr]] = ()) -> str:
    """The same for a SymPy expression (a derivative): its smallest part that fails."""
    at = ", ".join(f"{k} = {v:g}" for k, v in point.items())
    subs = sorted(set(sp.preorder_traversal(expr)), key=sp.count_ops)
    for sub in subs:
        try:
            evaluate(sub, dict(point))
        except ChainruleError as exc:
            shown = render(sub, order=order)
            if not isinstance(exc, DomainError):
                return f"{shown} overflows at {at} (beyond 1.8e308)"
            return f"{shown} is undefined at {at}: {getattr(exc, 'reason', exc)}"
    return f"{render(expr, order=order)} cannot be evaluated at {at}"
