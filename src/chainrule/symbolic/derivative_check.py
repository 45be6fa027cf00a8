"""``check_derivative``: is a learner's derivative right? Symbolically if SymPy can tell, else
by sampling.

Two expressions are equal when SymPy simplifies their difference to 0 (with σ written out as
1/(1 + e^(−x)) so that forms like e^(−x)/(1 + e^(−x))² are recognised; differences too large to
simplify quickly skip this). When SymPy cannot show it, both are evaluated at seeded points —
first all ones, all twos, then random integers and reals — and a point where they differ
proves the answer wrong. Points where either is undefined are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import sympy as sp

from chainrule.errors import ChainruleError
from chainrule.symbolic import budget, locate, slips
from chainrule.symbolic.derivation import SIMPLIFY_MAX_OPS, Derivation, diff
from chainrule.symbolic.evaluate import evaluate
from chainrule.symbolic.formula import Formula, parse
from chainrule.symbolic.functions import sigmoid
from chainrule.symbolic.render import render

_RTOL = 1e-9
_NEEDED = 6  # agreeing points needed to call an answer right numerically


@dataclass(frozen=True)
class DerivativeCheck:
    """The verdict on an answer.

    Attributes
    ----------
    correct : bool
        The answer equals the derivative (also ``bool(result)``).
    how : str
        ``"symbolic"`` (SymPy showed the difference is 0), ``"numeric"`` (they agree at every
        sampled point, or differ at ``point``), or ``"undecided"`` (too few points where both
        are defined).
    expected : sympy.Expr
        The correct derivative.
    answer : sympy.Expr
        The learner's answer, parsed.
    point : dict or None
        Where they differ (variable -> value), for a wrong answer.
    expected_value, answer_value : float or None
        Both at ``point``.
    derivation : Derivation
        The full derivation of the correct answer.
    hint : str or None
        For a wrong answer, what probably went wrong: the classic slip whose result the answer
        equals (:mod:`chainrule.symbolic.slips`), a dropped constant factor, the first term
        of a sum whose derivative disagrees, or else the partial result of the derivation the
        answer equals or the first step it gets wrong (:mod:`chainrule.symbolic.locate`).
    """

    correct: bool
    how: str
    expected: sp.Expr
    answer: sp.Expr
    point: dict[str, float] | None
    expected_value: float | None
    answer_value: float | None
    derivation: Derivation
    hint: str | None = None

    def __bool__(self) -> bool:
        return self.correct

    @property
    def message(self) -> str:
        """One sentence for the learner."""
        if self.correct:
            return f"Right: {render(self.answer)} = {render(self.expected)}."
        if self.point is None:
            return (f"Could not decide whether {render(self.answer)} equals "
                    f"{render(self.expected)}.")
        at = ", ".join(f"{k} = {v:g}" for k, v in self.point.items())
        where = f"At {at} it" if at else "It"  # a constant derivative: no point to name
        hint = f" Probably: {self.hint}." if self.hint else ""
        return (f"Not right: the derivative is {render(self.expected)}. {where} is "
                f"{self.expected_value:.6g}, but {render(self.answer)} gives "
                f"{self.answer_value:.6g}.{hint}")

    def __str__(self) -> str:
        return self.message


def _expand_sigmoid(e: sp.Expr) -> sp.Expr:
    return e.replace(sigmoid, lambda a: 1 / (1 + sp.exp(-a)))


def _points(names: list[str], seed: int) -> list[dict[str, float]]:
    rng = np.random.default_rng(seed)
    pts = [dict.fromkeys(names, 1.0), dict.fromkeys(names, 2.0)]
    pts += [{n: float(rng.choice([-2, -1, 1, 2, 3])) for n in names} for _ in range(8)]
    pts += [{n: float(rng.uniform(-3, 3)) for n in names} for _ in range(20)]
    pts += [{n: float(rng.uniform(0.1, 3)) for n in names} for _ in range(20)]
    return pts


def _wide_points(names: list[str], seed: int) -> list[dict[str, float]]:
    """Points far from 0, for a formula defined only there (``acosh(x − 10)`` needs x ≥ 11):
    uniform on [−100, 100] and ±10^u for u uniform on [−2, 3]."""
    rng = np.random.default_rng(seed + 1)
    pts = [{n: float(rng.uniform(-100, 100)) for n in names} for _ in range(40)]
    pts += [{n: float(rng.choice([-1, 1]) * 10 ** rng.uniform(-2, 3)) for n in names}
            for _ in range(40)]
    return pts


def _same_at_points(a: sp.Expr, b: sp.Expr, names: list[str], seed: int, needed: int = 4
                   ) -> bool:
    """Numerically equal at ``needed`` points where both are defined (a quick slip match)."""
    agreed = 0
    for point in _points(names, seed)[:24]:
        try:
            av, bv = evaluate(a, point), evaluate(b, point)
        except ChainruleError:
            continue
        if abs(av - bv) > 1e-7 * max(1.0, abs(av), abs(bv)):
            return False
        agreed += 1
        if agreed >= needed:
            return True
    return False


def diagnose(derivation: Derivation, given: sp.Expr, seed: int = 0) -> str | None:
    """What probably went wrong in a wrong answer ``given`` (see :class:`DerivativeCheck.hint`)."""
    formula, wrt = derivation.formula, derivation.wrt
    names = sorted({s.name for s in derivation.result.free_symbols | given.free_symbols}
                   | {wrt})
    for slip, wrong in slips.candidates(formula, wrt):
        if _same_at_points(wrong, given, names, seed):
            return slip.hint
    factor = slips.constant_factor(derivation.result, given, _points(names, seed))
    if factor is not None:
        return (f"the answer is the derivative divided by {factor}: a constant factor "
                "was dropped (a coefficient, or a constant inner derivative of the chain rule)")
    named = slips.named_constant_factor(derivation.result, given, _points(names, seed))
    if named is not None:
        return (f"the constant factor {named} was dropped (the answer times {named} is the "
                "derivative)")
    found = _first_term(derivation, given, names, seed)
    if found is None:  # not a sum: the first step of the tree the answer gets wrong
        found = locate.first_disagreement(
            derivation.root, given, lambda a, b: _same_at_points(a, b, names, seed),
            derivation.partial)
    return found


def _first_term(derivation: Derivation, given: sp.Expr, names: list[str], seed: int
                ) -> str | None:
    """For a sum, the first term (in the learner's order) whose derivative the answer misses."""
    root = derivation.root
    if root.rule not in ("sum", "difference") or not given.is_Add:
        return None
    remaining = list(given.args)
    for part in root.children:
        target = part.output
        match = next((t for t in remaining if _same_at_points(t, target, names, seed)
                      or _same_at_points(-t, target, names, seed)), None)
        if match is not None:
            remaining.remove(match)
            continue
        if target == 0:
            continue
        d = "∂" if derivation.partial else "d"
        return (f"the first part that does not agree is {d}/{d}{derivation.wrt} "
                f"{render(part.input)} = {render(target)} ({part.rule} rule)")
    return None


def check_derivative(expr: str | Formula, wrt: str, answer: str | Formula, *,
                     seed: int = 0, at: Mapping[str, float] | None = None) -> DerivativeCheck:
    """Whether ``answer`` is the derivative of ``expr`` with respect to ``wrt``.

    Parameters
    ----------
    expr : str or Formula
        The formula, e.g. ``"a*b + a*c**2"``.
    wrt : str
        The variable, e.g. ``"a"``.
    answer : str or Formula
        The learner's derivative, e.g. ``"b + 2*c"``.
    seed : int
        Seed of the sample points used when SymPy cannot decide.
    at : mapping of variable to number, optional
        The point the learner asked about (``derive … --at y=8``): tried first, so a wrong
        answer is shown wrong there when it is (variables it leaves out are 1).

    Returns
    -------
    DerivativeCheck
        ``correct``, how it was decided, and for a wrong answer a point where they differ.

    Raises
    ------
    ParseError
        ``expr`` or ``answer`` is malformed (the error shows which text and where).
    """
    derivation = diff(expr, wrt)
    expected = derivation.result
    given = parse(answer, derivation.formula.declared).expr

    def verdict(correct: bool, how: str, point=None, ev=None, av=None) -> DerivativeCheck:
        return DerivativeCheck(correct, how, expected, given, point, ev, av, derivation)

    difference = _expand_sigmoid(expected - given)
    if difference == 0:
        return verdict(True, "symbolic")
    small = sp.count_ops(difference) <= 2 * budget.limit(SIMPLIFY_MAX_OPS)
    if small and budget.simplify_ok(difference):
        try:  # past its time budget simplify is dropped: the numeric check below decides
            if budget.within(budget.seconds(), lambda: sp.simplify(difference), 1)[0] == 0:
                return verdict(True, "symbolic")
        except Exception:  # simplify may fail on exotic input; the numeric check decides
            pass
    names = sorted(s.name for s in expected.free_symbols | given.free_symbols)
    first = [{n: float(at.get(n, 1.0)) for n in names}] if at else []
    agreed = 0
    for point in _samples(first + _points(names, seed), names, seed):
        if agreed >= _NEEDED and point.get(_WIDE):
            break  # enough agreement already; the far points serve only a narrow domain
        point = {n: v for n, v in point.items() if n != _WIDE}
        try:
            ev, av = evaluate(expected, point), evaluate(given, point)
        except ChainruleError:
            continue  # undefined here (log of a negative, 1/0): try elsewhere
        if abs(ev - av) > _RTOL * max(1.0, abs(ev), abs(av)):
            hint = budget.within(budget.seconds(),  # the hint is optional: bounded
                                 lambda: diagnose(derivation, given, seed), None)[0]
            return DerivativeCheck(False, "numeric", expected, given, point, ev, av, derivation,
                                   hint)
        agreed += 1
    if agreed >= _NEEDED:
        return verdict(True, "numeric")
    return verdict(False, "undecided")


_WIDE = "\0wide"  # marks a far point (never a variable name: names are identifiers)


def _samples(near: list[dict[str, float]], names: list[str], seed: int
             ) -> list[dict[str, float]]:
    """The near points, then the far ones (:func:`_wide_points`), each far one marked."""
    return near + [{**p, _WIDE: 1.0} for p in _wide_points(names, seed)]
