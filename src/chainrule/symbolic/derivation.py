"""``diff`` and ``partials``: derivatives of formulas, with the rules that produced them.

>>> d = diff("(4x^2 + 5x + 6)^7")
>>> d.to_text().splitlines()[0]
'd/dx (4x² + 5x + 6)⁷ = 7(4x² + 5x + 6)⁶(8x + 5)'
>>> d.at(x=0)  # 7·6⁶·5
1632960.0
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from chainrule.errors import ConfigError
from chainrule.symbolic import budget
from chainrule.symbolic.evaluate import evaluate
from chainrule.symbolic.formula import Formula, parse
from chainrule.symbolic.functions import CONSTANTS, FUNCTIONS
from chainrule.symbolic.render import render
from chainrule.symbolic.rules import Step, derive_steps

#: Results with more operations than this skip ``sympy.simplify``, whose time can explode (a
#: 70-operation derivative of exp, ln, tanh, sqrt and σ ran for over ten minutes).
SIMPLIFY_MAX_OPS = 30


def _functions(expr: sp.Expr) -> set[sp.Expr]:
    return {f for f in expr.atoms(sp.Function)}


def showable(candidate: sp.Expr, original: sp.Expr) -> bool:
    """A tidied form may be shown: no ∞/NaN, and no function application the rules' result
    lacks (simplify turns σ′ into 1/(4cosh²(x/2)) and sin·cos into cos(2x); neither is what the
    rules gave, and a learner could not follow the step)."""
    if candidate.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        return False
    return _functions(candidate) <= _functions(original)


def tidy(expr: sp.Expr) -> sp.Expr:
    """A simpler form of ``expr`` when SymPy finds one, else ``expr`` as the rules built it
    (see :func:`tidy_noted`, which also says when ``simplify`` was skipped)."""
    return tidy_noted(expr)[0]


def tidy_noted(expr: sp.Expr) -> tuple[sp.Expr, str]:
    """A simpler form of ``expr``, and a note ("" or why ``simplify`` was skipped or stopped).

    Candidates are the rules' own result, ``factor_terms`` of it, a quotient with its
    numerator expanded, and — for results of at most :data:`SIMPLIFY_MAX_OPS` operations
    (scaled by the formula budget) whose expansion stays in budget — ``simplify`` (under a
    time budget) and ``factor_terms(simplify)``; only :func:`showable` ones count (the same
    function applications as the rules' result). The one with the fewest operations wins, but
    ``simplify``'s bare form must save two operations — it likes to multiply constants into sums
    (7(8x + 5) -> 56x + 35), which hides the chain rule's factors — and ``factor_terms`` two as
    well (the product rule's u′v + uv′ reads better than x·(…) for one operation).
    """
    ops = sp.count_ops(expr)
    candidates = [(ops, 0, expr)]
    factored = sp.factor_terms(expr)
    candidates.append((sp.count_ops(factored) + 1, 1, factored))  # x·(…) must save 2 ops
    top, bottom = sp.fraction(sp.together(expr))
    if bottom != 1 and expr.is_Add and budget.simplify_ok(top):  # u′/v − u·v′/v² as one fraction
        expanded = sp.expand(top) / bottom
        candidates.append((sp.count_ops(expanded), -1, expanded))
    note = ""
    if ops > budget.limit(SIMPLIFY_MAX_OPS):
        note = (f"not simplified: the derivative has {ops} operations, over the "
                f"{budget.limit(SIMPLIFY_MAX_OPS)} that simplification takes on")
    elif not budget.simplify_ok(expr):
        note = "not simplified: expanding it could give too many terms"
    else:
        try:
            simple, done = budget.within(budget.seconds(), lambda: sp.simplify(expr), expr)
        except Exception:  # SymPy can fail on odd inputs; the rules' result is still right
            simple, done = expr, True
        if not done:
            note = f"simplification stopped after {budget.seconds():g} s"
        candidates += [(sp.count_ops(sp.factor_terms(simple)), 3, sp.factor_terms(simple)),
                       (sp.count_ops(simple) + 2, 4, simple)]
    if note:
        note += f"; shown as the rules give it ({budget.raise_hint()})"
    fit = [c for c in candidates if showable(c[2], expr)]
    return min(fit, key=lambda c: (c[0], c[1]))[2], note


def _point(values: Mapping[str, Any] | None, kwargs: Mapping[str, Any]) -> dict[str, float]:
    point = dict(values or {}) | dict(kwargs)
    out = {}
    for name, v in point.items():
        try:
            out[name] = float(v)
        except (TypeError, ValueError):
            raise ConfigError(f"the value of {name!r} must be a number, got {v!r}") from None
    return out


def _check_wrt(wrt: str) -> str:
    if not isinstance(wrt, str) or not (wrt[:1].isalpha() or wrt[:1] == "_") or not all(
        c.isalnum() or c == "_" for c in wrt
    ):
        raise ConfigError(f"wrt must be a variable name like 'x' or 'w1', got {wrt!r}")
    if wrt in FUNCTIONS or wrt in CONSTANTS:
        raise ConfigError(f"wrt: {wrt!r} is a function or constant, not a variable")
    return wrt


@dataclass(frozen=True)
class Derivation:
    """The derivative of a formula and the rules that gave it.

    Attributes
    ----------
    formula : Formula
        What was differentiated.
    wrt : str
        The variable.
    result : sympy.Expr
        The derivative, tidied by SymPy (see :func:`tidy`).
    root : Step
        The rule applied to the whole formula; its ``children`` are the steps for the parts.
    note : str
        "" or why the result was not simplified (too large, or past the time budget).
    """

    formula: Formula
    wrt: str
    result: sp.Expr
    root: Step = field(repr=False)
    note: str = ""

    @property
    def steps(self) -> list[Step]:
        """Every step, the whole formula's first, parts after their parent (depth first)."""
        return self.root.walk()

    @property
    def rules(self) -> set[str]:
        """The names of the rules used."""
        return {s.rule for s in self.steps}

    @property
    def partial(self) -> bool:
        """True when the formula has variables other than ``wrt`` (written ∂ rather than d)."""
        return any(v != self.wrt for v in self.formula.variables)

    def at(self, values: Mapping[str, float] | None = None, /, **kwargs: float) -> float:
        """The derivative at a point: ``d.at(x=2)`` or ``d.at({"x": 2})``.

        Raises ConfigError naming a variable of the result that has no value, and
        DomainError/NumericalError where the result is undefined at the point.
        """
        return evaluate(self.result, _point(values, kwargs))

    def to_text(self) -> str:
        """The derivation in readable plain text, one step a line (see ``show``)."""
        from chainrule.symbolic.show import derivation_text

        return derivation_text(self)

    def to_markdown(self) -> str:
        """The derivation as a Markdown list with inline LaTeX."""
        from chainrule.symbolic.show import derivation_markdown

        return derivation_markdown(self)

    def to_latex(self) -> str:
        """The derivation as a LaTeX ``aligned`` block."""
        from chainrule.symbolic.show import derivation_latex

        return derivation_latex(self)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        return f"$$\n{self.to_latex()}\n$$"


def diff(expr: str | Formula, wrt: str = "x", *, simplify: bool = True) -> Derivation:
    """Differentiate a formula by the rules, keeping every step.

    Parameters
    ----------
    expr : str or Formula
        The formula, e.g. ``"3x^2 + 4x + 6"`` (see :func:`~chainrule.symbolic.parse`).
    wrt : str
        The variable. Other variables are held constant (a partial derivative).
    simplify : bool
        Tidy the result with SymPy (:func:`tidy`); False keeps the rules' raw output.

    Returns
    -------
    Derivation
        ``result``, the step tree ``root``, ``at(...)`` and the renderers.

    Raises
    ------
    ParseError
        The formula is malformed.
    ConfigError
        ``wrt`` is not a variable name.
    """
    formula = parse(expr)
    wrt = _check_wrt(wrt)
    root = derive_steps(formula.tree, formula.text, wrt, set(formula.variables))
    budget.check_result(root.output, formula.text)  # too large to tidy and show: say so
    if not showable(root.output, root.output):
        bad = next(s for s in reversed(root.walk()) if not showable(s.output, s.output))
        raise ConfigError(f"{formula.text}: the derivative of {render(bad.input)} is undefined "
                          f"by the {bad.rule} rule (it needs ln(0) or a division by 0); "
                          "rewrite the formula without that part")
    result, note = tidy_noted(root.output) if simplify else (root.output, "")
    return Derivation(formula=formula, wrt=wrt, result=result, root=root, note=note)


@dataclass(frozen=True)
class Partials(Mapping[str, Derivation]):
    """The partial derivatives of a formula, one :class:`Derivation` per variable (sorted).

    ``at(point)`` gives them as numbers (the gradient vector there); for a gradient estimated
    from function values alone see :func:`chainrule.numeric.gradient`.
    """

    formula: Formula
    partials: dict[str, Derivation]

    def __getitem__(self, name: str) -> Derivation:
        return self.partials[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.partials)

    def __len__(self) -> int:
        return len(self.partials)

    def at(self, values: Mapping[str, float] | None = None, /, **kwargs: float) -> dict[str, float]:
        """Every partial derivative at a point: ``{"a": ∂f/∂a, …}``."""
        point = _point(values, kwargs)
        return {name: evaluate(d.result, point) for name, d in self.partials.items()}

    def to_text(self) -> str:
        """One line per variable: ∂f/∂a = …, followed by each derivation."""
        return "\n\n".join(d.to_text() for d in self.partials.values())

    def __str__(self) -> str:
        return self.to_text()


def partials(expr: str | Formula, *, simplify: bool = True) -> Partials:
    """∂f/∂v for every variable v of the formula (the others held constant), seed 002's
    partial derivatives, each with its steps.

    Returns
    -------
    Partials
        A mapping variable name -> Derivation, with ``at(...)`` for the gradient vector.
    """
    formula = parse(expr)
    return Partials(formula, {v: diff(formula, v, simplify=simplify)
                              for v in formula.variables})

