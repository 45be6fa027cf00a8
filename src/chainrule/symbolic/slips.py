"""The classic slips of differentiation, as wrong derivatives to compare a learner's answer with.

A slip is one rule misapplied at one place of the formula, the rest done right. For a part S of
the formula F (a node of the parsed tree) with the slip's wrong derivative W of S, the whole
wrong answer is found by treating S as a symbol T for a moment::

    F_T = F with S replaced by T,     wrong = ∂F_T/∂x + ∂F_T/∂T · W,    then T -> S.

(The right answer is the same with W = S′ — the chain rule once more.) The slips:

======================  ============================================  =====================
slip                    the wrong derivative W of the part             example
======================  ============================================  =====================
inner derivative        f′(g) without ·g′ (chain rule stopped early)   sin(x²) -> cos(x²)
quotient sign           (u·v′ − u′·v)/v²                               ln(x)/x -> (ln x − 1)/x²
quotient square         (u′·v − u·v′)/v (v not squared)
quotient of derivatives u′/v′
product of derivatives  u′·v′ for (u·v)′                               x·sin x -> cos x
power on variable exp.  v·u^(v−1)·u′ for u^v (v depends on x)          x^x -> x·x^(x−1)
exponent as constant    u^v·ln(u)·v′ for u^v (u depends on x)          x^x -> x^x·ln x
power rule on e^u       u·e^(u−1)·u′ (and a^u -> u·a^(u−1)·u′)         e^x -> x·e^(x−1)
trig sign               cos′ = +sin (and sin′ = −cos)                  cos x -> sin x
exponent not lowered    n·uⁿ·u′                                        x³ -> 3x³
======================  ============================================  =====================

A dropped constant factor is found apart from these: the answer times a number ≠ 1 is right.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from chainrule.errors import ChainruleError
from chainrule.symbolic.evaluate import evaluate
from chainrule.symbolic.formula import Formula, build
from chainrule.symbolic.nodes import Bin, Call, Neg, Node


@dataclass(frozen=True)
class Slip:
    """A slip found in an answer: what it is called, where, and what the learner should know."""

    name: str
    part: sp.Expr
    hint: str

    def __str__(self) -> str:
        return self.hint


def parts(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, Neg):
            stack.append(n.operand)
        elif isinstance(n, Bin):
            stack += [n.right, n.left]
        elif isinstance(n, Call):
            stack.append(n.arg)


def _d(e: sp.Expr, x: sp.Symbol) -> sp.Expr:
    return sp.diff(e, x)


def _show(e: sp.Expr) -> str:
    from chainrule.symbolic.render import render

    return render(e)


def _slips(node: Node, s: sp.Expr, x: sp.Symbol, text: str) -> Iterator[tuple[str, str,
                                                                             sp.Expr]]:
    """(name, hint, wrong derivative of this part) for every slip that fits the part."""
    inner = _inner(node, x, text)
    if inner is not None and inner.has(x) and inner != x:
        dg = _d(inner, x)
        if dg != 1 and dg != 0:
            t = sp.Dummy("u")
            outer = _d(s.subs(inner, t), t).subs(t, inner)  # f′(u) at u = inner, no simplify
            yield ("inner derivative",
                   f"the chain rule stopped early at {_show(s)}: its outer derivative "
                   f"{_show(outer)} must be multiplied by the inner derivative "
                   f"d/d{x.name} ({_show(inner)}) = {_show(dg)}", outer)
    if isinstance(node, Call):
        g = build(node.arg, text)
        if node.fn == "exp":
            yield ("power rule on e^u",
                   f"d/d{x.name} e^u is e^u·u′ — the power rule does not apply because the "
                   f"variable is in the exponent (not {_show(g)}·e^({_show(g)} − 1))",
                   g * sp.exp(g - 1) * _d(g, x))
        if node.fn == "cos":
            yield ("trig sign", "d/dx cos(u) = −sin(u)·u′: the minus sign is missing",
                   sp.sin(g) * _d(g, x))
        if node.fn == "sin":
            yield ("trig sign", "d/dx sin(u) = +cos(u)·u′, without a minus sign",
                   -sp.cos(g) * _d(g, x))
        return
    if not isinstance(node, Bin):
        return
    u, v = build(node.left, text), build(node.right, text)
    du, dv = _d(u, x), _d(v, x)
    if node.op == "/" and v.has(x):
        yield ("quotient sign", "quotient rule sign slip: (u/v)′ = (u′·v − u·v′)/v², with u′·v "
               "first", (u * dv - du * v) / v**2)
        yield ("quotient square", "quotient rule: the denominator of (u/v)′ is v², squared",
               (du * v - u * dv) / v)
        yield ("quotient of derivatives", "(u/v)′ is not u′/v′: use the quotient rule "
               "(u′·v − u·v′)/v²", du / dv if dv != 0 else None)
    if node.op == "*" and u.has(x) and v.has(x):
        yield ("product of derivatives", "(u·v)′ is not u′·v′: the product rule is "
               "(u·v)′ = u′·v + u·v′", du * dv)
    if node.op == "^" and v.has(x) and u.has(x):
        yield ("power rule on a variable exponent",
               f"the power rule n·xⁿ⁻¹ needs a constant exponent; {_show(s)} has the variable "
               "in both base and exponent: take logs (logarithmic differentiation)",
               v * u ** (v - 1) * du)
        yield ("exponent taken as constant base",
               f"(aˣ)′ = aˣ·ln(a) needs a constant base; {_show(s)} has the variable in both: "
               "take logs (logarithmic differentiation)", s * sp.log(u) * dv)
    elif node.op == "^" and v.has(x):
        yield ("power rule on an exponential",
               f"{_show(s)} has the variable in the exponent: (aᵘ)′ = aᵘ·ln(a)·u′, not the "
               "power rule", v * u ** (v - 1) * dv)
    elif node.op == "^" and u.has(x) and v.is_number and v != 0:
        yield ("exponent not lowered", f"the power rule lowers the exponent: (uⁿ)′ = "
               f"n·uⁿ⁻¹·u′, here {_show(v)}·{_show(u ** (v - 1))}·…", v * s * du)


def _inner(node: Node, x: sp.Symbol, text: str) -> sp.Expr | None:
    """The inner function u of a part f(u): a call's argument, uⁿ's base, aᵘ's exponent."""
    if isinstance(node, Call):
        return build(node.arg, text)
    if isinstance(node, Bin) and node.op == "^":
        base, exponent = build(node.left, text), build(node.right, text)
        if not exponent.has(x):
            return base
        if not base.has(x):
            return exponent
    return None


def candidates(formula: Formula, wrt: str) -> Iterator[tuple[Slip, sp.Expr]]:
    """Every (slip, the whole wrong derivative it gives) for ``formula`` d/d``wrt``."""
    x = sp.Symbol(wrt, real=True)
    whole = formula.expr
    seen: set[tuple[str, sp.Expr]] = set()
    for node in parts(formula.tree):
        try:
            part = build(node, formula.text)
        except Exception:  # an undefined constant part: no slip to look for there
            continue
        if not part.has(x):
            continue
        t = sp.Dummy("t")
        replaced = whole.subs(part, t)
        if not replaced.has(t):
            continue
        for name, hint, wrong in _slips(node, part, x, formula.text):
            if wrong is None or (name, part) in seen:
                continue
            seen.add((name, part))
            answer = (_d(replaced, x) + _d(replaced, t) * wrong).subs(t, part)
            yield Slip(name, part, hint), answer


def _ratio(expected: sp.Expr, answer: sp.Expr, points: list[dict[str, float]]
           ) -> float | None:
    """expected/answer when it is one constant at the first five sample points where both are
    defined and the answer is not 0 (at least three), else None."""
    ratios = []
    for point in points:
        try:
            a, e = evaluate(answer, point), evaluate(expected, point)
        except ChainruleError:
            continue
        if a == 0:
            continue
        ratios.append(e / a)
        if len(ratios) >= 5:
            break
    if len(ratios) < 3 or not all(math.isclose(r, ratios[0], rel_tol=1e-9) for r in ratios):
        return None
    return ratios[0]


def constant_factor(expected: sp.Expr, answer: sp.Expr, points: list[dict[str, float]]
                    ) -> Fraction | None:
    """The number k ≠ 1 with answer·k = expected at every sample point (a dropped constant
    factor), as a fraction with a small denominator; None if the ratio is not one constant.

    Numeric on purpose: simplifying expected/answer can take minutes on nested functions.
    """
    ratio = _ratio(expected, answer, points)
    if ratio is None:
        return None
    k = Fraction(ratio).limit_denominator(1000)
    if k in (0, 1) or not math.isclose(float(k), ratio, rel_tol=1e-9):
        return None
    return k


def named_constant_factor(expected: sp.Expr, answer: sp.Expr, points: list[dict[str, float]]
                          ) -> str | None:
    """The constant k of the formula's own irrational numbers (π, ln 2, √3, e…) with
    answer·k = expected at every sample point, written out (``"1/ln(2)"``, ``"π"``); None if
    the ratio is not one such constant.

    The candidates are the irrational constants in ``expected`` (``log_2(x)``'s derivative
    1/(ln(2)·x) holds ln(2)); :func:`sympy.nsimplify` finds k as a rational combination of
    them, accepted only when it matches the ratio to 1e-9 and has no rational coefficient
    (the ratio 2π/7 of ``7x`` against 2π·x is a wrong coefficient, not a dropped factor).
    """
    constants = sorted({a for a in expected.atoms(sp.NumberSymbol, sp.log, sp.Pow, sp.exp)
                        if a.is_number and not a.is_rational}, key=sp.default_sort_key)
    ratio = _ratio(expected, answer, points) if constants else None
    if ratio is None:
        return None
    k = sp.nsimplify(ratio, constants, tolerance=1e-10, rational=False)
    if k.is_rational or not k.is_number or not math.isclose(float(k), ratio, rel_tol=1e-9):
        return None
    if k.as_coeff_Mul()[0] != 1:  # 2π/7 for "7x": a wrong coefficient, not a dropped factor
        return None
    return _show(k)
