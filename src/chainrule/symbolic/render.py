"""SymPy expressions as readable text, ASCII, or LaTeX — one printer, three styles.

``unicode`` (the default) reads like the seeds' math and parses back with
:func:`~chainrule.symbolic.parse`::

    6x + 4        7(4x² + 5x + 6)⁶(8x + 5)        σ(x)(1 − σ(x))        12a³·cos(3a⁴)

* a number coefficient is written against what follows (``6x``, ``7(…)``); other factors are
  joined by ``·``, except that ``(`` may follow ``)`` or a superscript directly;
* integer powers ≥ 2 are superscripts (``x²``, ``(…)⁶``); other powers use ``^`` with
  parentheses (``y^(−2/3)``, ``2^x``); ½ powers are ``sqrt(…)``; negative powers go below a
  ``/`` (``1/x²``); the minus sign is ``−`` (U+2212), the logistic function ``σ``, ln is ``ln``;
* factors are ordered: numbers, variables and their powers, functions, powers of sums, sums.

``ascii`` is the same with ``*``, ``**``, ``-``, ``sigmoid`` and ``log``:
``7*(4*x**2 + 5*x + 6)**6*(8*x + 5)``. ``latex`` gives ``\\frac``, ``^{…}``, ``\\left(…\\right)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp
from sympy.core.sorting import default_sort_key

from chainrule.errors import ConfigError
from chainrule.symbolic.functions import BY_CLASS

STYLES = ("unicode", "ascii", "latex")
ADD, MUL, POW, ATOM = 1, 2, 3, 4
_SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def render(expr: sp.Expr | str | float, style: str = "unicode", *,
           order: Sequence[Sequence[sp.Expr]] = ()) -> str:
    """``expr`` as text in ``style`` (``"unicode"``, ``"ascii"`` or ``"latex"``).

    A string is read with the safe parser; anything else must already be a SymPy object or a
    number (``sympify(strict=True)`` refuses text, so no user string ever reaches SymPy's eval).
    ``order`` lists sums as the learner wrote their terms (``Formula.term_orders``): a sum with
    exactly those terms is printed in that order (``1 + x²``, not ``x² + 1``). Other sums put
    a positive term first (``cos(x)² − sin(x)²``) unless they are a polynomial's.
    """
    if style not in STYLES:
        raise ConfigError(f"render: style must be one of {', '.join(STYLES)}; got {style!r}")
    if isinstance(expr, str):
        from chainrule.symbolic.formula import parse  # formula imports this module

        formula = parse(expr)
        expr, order = formula.expr, formula.term_orders
    return _Printer(style, order).print(sp.sympify(expr, strict=True))[0]


def _group(factor: sp.Expr) -> int:
    base = factor.base if factor.is_Pow else factor
    if base.is_number:
        return 0
    if base.is_Symbol:
        return 1
    if base.is_Add:
        return 3 if factor.is_Pow else 4
    return 2


def _join_roots(factors: list[sp.Expr]) -> list[sp.Expr]:
    """√n·√u as √(n·u) for a whole number n > 0 (SymPy splits √(2x) into √2·√x on sight;
    √n·√u = √(nu) for every real u, so the joined form is the same number)."""
    roots = [f for f in factors if f.is_Pow and f.exp == sp.S.Half]
    number = next((f for f in roots if f.base.is_Integer and f.base > 0), None)
    other = [f for f in roots if not f.base.is_number]
    if number is None or len(other) != 1:
        return factors
    joined = sp.Pow(sp.Mul(number.base, other[0].base, evaluate=False), sp.S.Half,
                    evaluate=False)
    return [f for f in factors if f is not number and f is not other[0]] + [joined]


def _root_below(coeff: sp.Rational, num: list[sp.Expr], den: list[sp.Expr]) -> sp.Rational:
    """√n/(q·√u) as 1/((q/n)·√(nu)) when n divides q (√2/(2√x) is 1/√(2x)); edits ``num``
    and ``den`` in place and returns the new coefficient."""
    top = [f for f in num if f.is_Pow and f.exp == sp.S.Half and f.base.is_Integer
           and f.base > 0]
    below = [f for f in den if f.is_Pow and f.exp == sp.S.Half and not f.base.is_number]
    if len(top) != 1 or len(below) != 1 or coeff.q % int(top[0].base) != 0:
        return coeff
    n = top[0].base
    num.remove(top[0])
    den[den.index(below[0])] = sp.Pow(sp.Mul(n, below[0].base, evaluate=False), sp.S.Half,
                                      evaluate=False)
    return coeff * n


class _Printer:
    def __init__(self, style: str, order: Sequence[Sequence[sp.Expr]] = ()) -> None:
        self.order = {frozenset(o): tuple(o) for o in order if len(set(o)) == len(o)}
        self.style = style
        self.latex = style == "latex"
        self.ascii = style == "ascii"
        self.minus = "-" if style != "unicode" else "−"

    def paren(self, s: str) -> str:
        return rf"\left({s}\right)" if self.latex else f"({s})"

    def wrap(self, printed: tuple[str, int], level: int) -> str:
        s, prec = printed
        return self.paren(s) if prec < level else s

    def print(self, e: sp.Expr) -> tuple[str, int]:
        if e.is_Add:
            return self.add(e)
        if e.is_Mul or (e.is_Pow and e.exp.is_number and e.exp.is_negative) or (
            e.is_Rational and not e.is_Integer
        ):
            return self.mul(e)
        if e.is_Pow:
            return self.pow(e)
        if e.is_Number:
            return self.number(e)
        if e.is_Symbol:
            return (sp.latex(e) if self.latex else e.name), ATOM
        if e is sp.pi:
            return (r"\pi" if self.latex else "pi" if self.ascii else "π"), ATOM
        if e is sp.E:
            return ("exp(1)" if self.ascii else "e"), ATOM
        if isinstance(e, sp.Function) and type(e) in BY_CLASS:
            return self.function(e)
        if e in (sp.oo, -sp.oo, sp.zoo, sp.nan):
            return (sp.latex(e) if self.latex else str(e)), ATOM
        raise ConfigError(f"render: cannot show {type(e).__name__} ({e})")

    def number(self, n: sp.Number) -> tuple[str, int]:
        # Formulas keep exact rationals, but a result may hold a Float.
        s = str(abs(int(n))) if n.is_Integer else repr(abs(float(n)))
        return (self.minus + s, MUL) if n < 0 else (s, ATOM)

    def terms(self, e: sp.Expr) -> list[sp.Expr]:
        """The terms of a sum: as the learner wrote them if known, else positive first."""
        written = self.order.get(frozenset(e.args))
        if written is not None and len(written) == len(e.args):
            return list(written)
        terms = e.as_ordered_terms()
        if e.is_polynomial():  # −3x² − 4x + 3: by degree, as SymPy orders it
            return terms
        first = next((t for t in terms if not t.could_extract_minus_sign()), None)
        if first is not None and terms[0].could_extract_minus_sign():
            terms.remove(first)
            terms.insert(0, first)
        return terms

    def add(self, e: sp.Expr) -> tuple[str, int]:
        parts: list[str] = []
        for i, term in enumerate(self.terms(e)):
            negative = term.could_extract_minus_sign()
            body = self.wrap(self.print(-term if negative else term), MUL)
            if i == 0:
                parts.append(self.minus + body if negative else body)
            else:
                parts.append(f" {self.minus} {body}" if negative else f" + {body}")
        return "".join(parts), ADD

    def mul(self, e: sp.Expr) -> tuple[str, int]:
        if e.could_extract_minus_sign():
            return self.minus + self.wrap(self.print(-e), MUL), MUL
        coeff, factors = e.as_coeff_mul()
        num, den = [], []
        for f in factors:
            if f.is_Pow and f.exp.is_number and f.exp.is_negative:
                den.append(sp.Pow(f.base, -f.exp))
            else:
                num.append(f)
        coeff = _root_below(sp.Rational(coeff), num, den)
        p, q = coeff.p, coeff.q
        top = self.product(p, num)
        if q == 1 and not den:
            alone = p == 1 and len(num) == 1
            return top, self.print(num[0])[1] if alone else MUL
        bottom = self.product(q, den)
        if self.latex:  # the bar groups: no parentheses around a lone sum
            top = self.print(num[0])[0] if p == 1 and len(num) == 1 else top
            bottom = self.print(den[0])[0] if q == 1 and len(den) == 1 else bottom
            return rf"\frac{{{top}}}{{{bottom}}}", MUL
        # One factor below the bar (already parenthesized if a sum) needs no more: 1/x², 2x/3.
        single = (q == 1 and len(den) == 1) or not den
        return f"{top}/{bottom if single else self.paren(bottom)}", MUL

    def product(self, coeff: int, factors: list[sp.Expr]) -> str:
        """Coefficient and factors joined by juxtaposition or a multiplication sign."""
        ordered = sorted(_join_roots(factors), key=lambda f: (_group(f), default_sort_key(f)))
        out = "" if coeff == 1 and ordered else str(coeff)
        for f in ordered:
            text = self.wrap(self.print(f), MUL)
            if text.startswith(("-", "−")):  # only in unevaluated products: a²·(−7a)
                text = self.paren(text)
            out = self.join(out, text)
        return out

    def join(self, left: str, right: str) -> str:
        if not left:
            return right
        if self.ascii:
            return f"{left}*{right}"
        if self.latex:
            sep = " " if (left[-1].isdigit() and not right[0].isdigit()) or right.startswith(
                r"\left(") else r" \cdot "
            return left + sep + right
        coefficient = left.isdigit()
        if (coefficient and not right[0].isdigit()) or (
            right.startswith("(") and (left.endswith(")") or left[-1] in "⁰¹²³⁴⁵⁶⁷⁸⁹")
        ):
            return left + right
        return f"{left}·{right}"

    def pow(self, e: sp.Pow) -> tuple[str, int]:
        base, exp = e.base, e.exp
        if exp == sp.Rational(1, 2):
            inner = self.print(base)[0]
            if self.latex:
                return rf"\sqrt{{{inner}}}", ATOM
            if self.ascii:
                return f"sqrt({inner})", ATOM
            bare = base.is_Symbol or base is sp.pi or (base.is_Integer and base > 0)  # √x, √2
            return (f"√{inner}" if bare else f"√({inner})"), ATOM
        b = self.wrap(self.print(base), ATOM)
        if (base.is_Rational and not (base.is_Integer and base >= 0)) or base.is_Pow:
            b = self.paren(self.print(base)[0])
        if self.latex:
            return f"{b}^{{{self.print(exp)[0]}}}", POW
        if exp.is_Integer and exp >= 2 and not self.ascii:
            return b + str(int(exp)).translate(_SUPER), POW
        x = self.print(exp)
        x_s = x[0] if (exp.is_Symbol or (exp.is_Integer and exp >= 0)) else self.paren(x[0])
        return f"{b}{'**' if self.ascii else '^'}{x_s}", POW

    def function(self, e: sp.Function) -> tuple[str, int]:
        spec = BY_CLASS[type(e)]
        arg = self.print(e.args[0])[0]
        if self.latex:
            if spec.name == "exp":
                return rf"e^{{{arg}}}", POW
            if spec.name == "abs":
                return rf"\left|{arg}\right|", ATOM
            return rf"{spec.latex}\left({arg}\right)", ATOM  # the row's LaTeX name
        if spec.name == "exp" and not self.ascii:  # e^x, e^(−x): as the seeds write it
            inner = self.print(e.args[0])
            simple = e.args[0].is_Symbol or (e.args[0].is_Integer and e.args[0] >= 0)
            return f"e^{inner[0] if simple else self.paren(inner[0])}", POW
        if spec.name == "abs" and not self.ascii:
            return f"|{arg}|", ATOM
        return f"{spec.ascii if self.ascii else spec.name}({arg})", ATOM
