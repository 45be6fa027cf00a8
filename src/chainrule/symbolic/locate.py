"""The first step of a derivation where a learner's wrong answer stops agreeing.

When no classic slip (:mod:`chainrule.symbolic.slips`) explains a wrong answer, the answer is
compared with the partial results of the derivation's step tree, parents before children:

* chain rule, dy/dx = f′(u)·u′ with u = g: the answer may be f′(g) alone or u′ alone; or one
  of its factors is f′(g) (then the rest is the learner's u′, followed into u′'s own step) or
  u′ (then the learner's f′(u) is what disagrees);
* product rule, (u·v)′ = u′·v + u·v′: the answer may be one of the two terms alone; or some of
  its terms add up to one of them (then the rest, divided by u or v, is the learner's v′ or u′,
  followed into that step);
* quotient rule, (u/v)′ = (u′·v − u·v′)/v²: the numerator alone (no division by v²), u′/v alone,
  −u·v′/v² alone; or, the answer times v² read as a numerator, as for the product;
* a constant multiple c·u: the answer divided by c is followed into u′.

Equality is numeric (the caller's ``same``: equal at several sample points where both are
defined), so any algebraic form of a partial result is recognised.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

import sympy as sp

from chainrule.symbolic.render import render
from chainrule.symbolic.rules import Step

Same = Callable[[sp.Expr, sp.Expr], bool]
_MAX_SUBSET_TERMS = 6  # terms of an answer tried in groups (2⁶ groups at most)


def first_disagreement(root: Step, given: sp.Expr, same: Same, partial: bool = False
                       ) -> str | None:
    """A hint naming the partial result ``given`` equals, or the first step it gets wrong.

    Parameters
    ----------
    root : Step
        The derivation's step tree (``Derivation.root``).
    given : sympy.Expr
        The learner's (wrong) answer.
    same : callable
        ``same(a, b)``: whether two expressions are equal (numerically, at sample points).
    partial : bool
        The formula has other variables: derivatives by ``root.wrt`` are written ∂.

    Returns
    -------
    str or None
        One clause for the learner, or None when the answer matches no partial result.
    """
    return _Locator(same, root.wrt if partial else None).locate(root, given, top=True)


class _Locator:
    def __init__(self, same: Same, partial_wrt: sp.Symbol | None) -> None:
        self.same, self.partial_wrt = same, partial_wrt

    def dx(self, step: Step | sp.Symbol) -> str:
        """d/dx, or ∂/∂x for the formula's variable when others are held constant."""
        wrt = step.wrt if isinstance(step, Step) else step
        d = "∂" if wrt == self.partial_wrt else "d"
        return f"{d}/{d}{wrt}"

    def says(self, step: Step) -> str:
        return f"{self.dx(step)} {_operand(step.input)} = {render(step.output)}"

    def wrong(self, step: Step) -> str:
        return (f"the first step that does not agree is {self.says(step)} "
                f"({step.rule} rule)")

    def locate(self, step: Step, given: sp.Expr, top: bool = False) -> str | None:
        """What ``given`` (the learner's version of ``step.output``) gets right or wrong."""
        if self.same(given, step.output):
            return None  # this part agrees
        handler = {"chain": self.chain, "product": self.product, "quotient": self.quotient,
                   "constant multiple": self.multiple}.get(step.rule)
        found = handler(step, given) if handler and len(step.children) in (1, 2) else None
        if found is not None or top:
            return found
        return self.wrong(step)

    def chain(self, step: Step, given: sp.Expr) -> str | None:
        if step.inner is None:
            return None
        u, g = step.inner
        outer, inner = step.children
        f_g = outer.output.subs(u, g)
        both = (f"the chain rule multiplies the outer derivative {self.dx(u)} "
                f"{render(outer.input)} = {render(outer.output)} (with {u} = {render(g)}) "
                f"by the inner derivative {self.says(inner)}")
        if self.same(given, f_g):
            return f"the answer is the outer derivative {render(f_g)} alone: {both}"
        if self.same(given, inner.output):
            return f"the answer is the inner derivative {render(inner.output)} alone: {both}"
        for factor in _factors(given):
            rest = given / factor
            if self.same(factor, f_g):  # outer agrees: follow the learner's u′
                return (f"the outer derivative {render(f_g)} agrees; "
                        + (self.locate(inner, rest) or self.wrong(inner)))
            if self.same(factor, inner.output):
                return (f"the inner derivative {render(inner.output)} agrees; {self.wrong(outer)}"
                        f" (with {u} = {render(g)})")
        return None

    def product(self, step: Step, given: sp.Expr) -> str | None:
        du, dv = step.children
        u, v = du.input, dv.input
        first, second = du.output * v, u * dv.output
        rule = "the product rule adds u′·v + u·v′"
        if self.same(given, first):
            return (f"the answer is only the product rule's first term u′·v = {render(first)}; "
                    f"{rule}, and u·v′ = {render(second)} is missing")
        if self.same(given, second):
            return (f"the answer is only the product rule's second term u·v′ = "
                    f"{render(second)}; {rule}, and u′·v = {render(first)} is missing")
        return self.split(given, [(first, dv, u, "u′·v"), (second, du, v, "u·v′")])

    def quotient(self, step: Step, given: sp.Expr) -> str | None:
        du, dv = step.children
        u, v = du.input, dv.input
        top = du.output * v - u * dv.output
        rule = "the quotient rule is (u′·v − u·v′)/v²"
        if self.same(given, top):
            return (f"the answer is the quotient rule's numerator u′·v − u·v′ = {render(top)} "
                    f"not divided by v² = {render(v**2)}")
        if self.same(given, du.output / v):
            return (f"the answer is only u′/v = {render(du.output / v)}; {rule}, and "
                    f"u·v′/v² = {render(u * dv.output / v**2)} is missing")
        if self.same(given, -u * dv.output / v**2):
            return (f"the answer is only −u·v′/v² = {render(-u * dv.output / v**2)}; {rule}, "
                    f"and u′/v = {render(du.output / v)} is missing")
        numerator = sp.expand(given * v**2)
        return self.split(numerator, [(du.output * v, dv, -u, "u′·v"),
                                      (-u * dv.output, du, v, "−u·v′")])

    def multiple(self, step: Step, given: sp.Expr) -> str | None:
        (part,) = step.children
        if part.output == 0:
            return None
        c = sp.simplify(step.output / part.output)
        if c.free_symbols:
            return None
        return self.locate(part, given / c)

    def split(self, given: sp.Expr, pieces: list[tuple[sp.Expr, Step, sp.Expr, str]]
              ) -> str | None:
        """``given`` = (right piece) + rest: follow rest / factor into the other step."""
        terms = list(sp.Add.make_args(given))
        if len(terms) > _MAX_SUBSET_TERMS:
            return None
        for target, other, factor, name in pieces:
            for group in _groups(terms):
                if self.same(sp.Add(*group), target):
                    rest = (given - sp.Add(*group)) / factor
                    return (f"the term {name} = {render(target)} agrees; "
                            + (self.locate(other, rest) or self.wrong(other)))
        return None


def _operand(e: sp.Expr) -> str:
    s = render(e)
    return f"({s})" if e.is_Add else s


def _factors(e: sp.Expr) -> list[sp.Expr]:
    """Groups of the factors of a product (≤ 4 non-number factors), each with and without the
    number coefficient: 4sin(x)³·tan(x) gives sin(x)³, 4sin(x)³, tan(x), 4tan(x), …"""
    coeff, args = e.as_coeff_mul()
    args = tuple(a for a in args if not a.is_number)
    if len(args) <= 1 or len(args) > 4:
        return []
    out = []
    for g in _groups(list(args)):
        if len(g) < len(args):
            out += [sp.Mul(*g), coeff * sp.Mul(*g)] if coeff != 1 else [sp.Mul(*g)]
    return out


def _groups(items: list[sp.Expr]) -> list[tuple[sp.Expr, ...]]:
    return [g for k in range(1, len(items) + 1) for g in combinations(items, k)]
