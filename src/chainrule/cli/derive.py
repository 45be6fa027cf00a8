"""``chainrule derive``: a formula's derivative with the rules applied, a value, a check."""

from __future__ import annotations

import argparse
import re
from typing import Any

from chainrule.cli.common import Formatter, add_common, add_formula_budget
from chainrule.cli.output import Output, emit_json
from chainrule.errors import ChainruleError, ConfigError

HELP = "differentiate a formula, rule by rule; evaluate it, estimate it, or check an answer"
EPILOG = """\
examples:
  chainrule derive "3x^2 + 4x + 6" --at x=2 --numeric   # seed 000: f'(2) = 16, both ways
  chainrule derive "(4x^2 + 5x + 6)^7" --steps          # the chain rule, step by step
  chainrule derive "a*b + a*c^2" --wrt a --check "b + 2c"   # seed 001's slip: not right
  chainrule derive "x^(1/3)" --at x=8 --latex
  chainrule derive "sigmoid(w*x + b)" --wrt w --at w=0.5,x=2,b=0 --json
  chainrule derive "1/(1 + e^(-x))" --at x=0                 # e is Euler's number
  chainrule derive "sin x cos x" --at x=pi/4
  chainrule derive "c + e" --var e --wrt c                   # seed 001: e as a variable

Formulas are written as on paper: + - * / ^ (or **, ², ·, ×), implicit products (3x, 2xy is
2·x·y), |x|, √x, sin^2(x), e and pi, and the functions listed in docs/formulas.md. A run of
letters is one variable per letter unless it is a function, a constant, a Greek name or
declared with --var. When the reading is not spelled out in the text, it is echoed ("read as
2·x·y"). Formulas are parsed by chainrule's own reader, never eval'd. Variables other than
--wrt are held constant (a partial derivative). --check exits with status 1 when the answer
is wrong (0 when right), so scripts can grade answers."""


def register(subparsers: Any) -> None:
    """Add the ``derive`` subcommand to ``subparsers`` (an argparse subparsers action)."""
    p = subparsers.add_parser("derive", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
                              epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("expr", metavar="EXPR", help="the formula, e.g. \"3x^2 + 4x + 6\"")
    p.add_argument("--wrt", metavar="VAR",
                   help="the variable to differentiate by (default: x, or the only variable)")
    p.add_argument("--at", action="append", metavar="NAME=V[,…]",
                   help="a point, e.g. x=2, a=1,b=2 or x=pi/4: evaluate the derivative there")
    p.add_argument("--var", action="append", metavar="NAME[,…]",
                   help="declare variables: keep a longer name whole (--var xy) or make e a "
                        "variable instead of Euler's number (--var e)")
    p.add_argument("--steps", action="store_true", help="show every rule applied")
    p.add_argument("--check", metavar="ANSWER", help="is ANSWER the derivative? (a formula)")
    p.add_argument("--numeric", action="store_true",
                   help="also estimate the derivative at --at from function values alone")
    p.add_argument("--latex", action="store_true", help="write the derivation as LaTeX")
    add_formula_budget(p)
    add_common(p, json=True)
    allow_leading_minus(p)
    p.set_defaults(run=run)


def allow_leading_minus(parser: argparse.ArgumentParser) -> None:
    """Let values start with ``-``: ``derive "-x^2"``, ``--x0 -1,2``, ``--check "-sin(x)"``.

    argparse takes any ``-…`` that is not a negative number for an option. These commands have
    no option that looks like ``-x``, so everything starting with one ``-`` (not ``--``) and not
    a known option such as ``-h`` is read as a value. (argparse keeps this test in a private
    attribute, ``_negative_number_matcher``, unchanged since Python 3.2.)
    """
    parser._negative_number_matcher = re.compile(r"^-(?!-)")  # type: ignore[attr-defined]


def pick_wrt(variables: tuple[str, ...], wrt: str | None) -> str:
    """``--wrt`` if given, else ``x`` when present, else the formula's only variable."""
    if wrt is not None:
        return wrt
    if "x" in variables or not variables:
        return "x"
    if len(variables) == 1:
        return variables[0]
    raise ConfigError(f"the formula has the variables {', '.join(variables)}; say which one "
                      "to differentiate by with --wrt")


def point_values(items: list[str] | None) -> dict[str, float]:
    """``--at`` values: ``["x=2", "a=1,b=-pi/4"]`` -> ``{"x": 2.0, "a": 1.0, "b": -0.785…}``.

    Each value may be any constant formula (``pi/2``, ``1/3``, ``√2``, ``e``).
    """
    from chainrule.symbolic.formula import check_names, constant_value

    out: dict[str, float] = {}
    for item in items or []:
        for part in item.split(","):
            name, sep, value = (s.strip() for s in part.partition("="))
            if not sep or not name or not value:
                raise ConfigError(f"--at: expected name=number such as x=2, got {part!r}")
            check_names([name])
            if name in out:
                raise ConfigError(f"--at: {name} is given twice")
            try:
                out[name] = constant_value(value)
            except ChainruleError as exc:
                raise ConfigError(f"--at {name}: {getattr(exc, 'message', exc)}") from None
    return out


def declared(items: list[str] | None, wrt: str | None) -> list[str]:
    """``--var`` names, plus ``--wrt`` (naming it says it is a variable: --wrt e, --wrt xy)."""
    names = [n.strip() for item in items or [] for n in item.split(",") if n.strip()]
    return names + ([wrt] if wrt and wrt not in names else [])


def numeric_estimate(formula: Any, wrt: str, point: dict[str, float]) -> Any:
    """f′ along ``wrt`` at ``point`` by central differences (others held at their values)."""
    from chainrule import symbolic
    from chainrule.numeric import derivative

    f = symbolic.to_function(formula)
    missing = [v for v in f.variables if v not in point]
    if missing:
        raise ConfigError(f"--numeric needs a value for every variable; add --at "
                          f"{missing[0]}=…")
    held = {k: v for k, v in point.items() if k != wrt}
    return derivative(lambda t: f(**held, **{wrt: t}), point[wrt])


def evaluate(formula: Any, derivation: Any, point: dict[str, float], corners: list[Any]
             ) -> tuple[float, float | None]:
    """f and its derivative at ``point``; an error names the part of the formula (or of the
    derivative) that is undefined or overflows there.

    f itself must be defined at the point: 1/x is a fine formula at x = −1, but it is the
    derivative of ln(x), which is not. At a corner (√x at 0) the derivative may be undefined:
    it is None and the corner says why.
    """
    from chainrule import symbolic
    from chainrule.symbolic import corners as where

    try:
        f_value = symbolic.to_function(formula)(**point)
    except ChainruleError:
        raise ConfigError(where.where_undefined(formula, point)) from None
    try:
        value = derivation.at(point)
    except ChainruleError:
        if corners:
            return f_value, None
        raise ConfigError("the derivative " + where.where_undefined_expr(
            derivation.result, point, derivation.formula.term_orders)) from None
    return f_value, value


def latex_headline(derivation: Any) -> str:
    """The first line of the derivation's ``aligned`` block, as a plain equation."""
    row = derivation.to_latex().splitlines()[1]
    return row.replace(" &= ", " = ", 1).removesuffix(r" \\").strip()


def run(args: argparse.Namespace) -> int:
    """Run ``chainrule derive`` with parsed ``args``; return the exit status."""
    from chainrule import symbolic

    point = point_values(args.at)
    formula = symbolic.parse(args.expr, declared(args.var, args.wrt))
    wrt = pick_wrt(formula.variables, args.wrt)
    if args.numeric and not point:
        raise ConfigError("--numeric estimates the derivative at a point: add --at "
                          f"{wrt}=…")
    unknown = sorted(set(point) - set(formula.variables))
    if unknown:
        raise ConfigError(f"--at {unknown[0]}: the formula has no variable {unknown[0]!r} "
                          f"(it has {', '.join(formula.variables) or 'none'})")
    verdict = (symbolic.check_derivative(formula, wrt, args.check, at=point) if args.check
               else None)
    derivation = verdict.derivation if verdict is not None else symbolic.diff(formula, wrt)
    from chainrule.symbolic.corners import corners as find_corners

    kinks = find_corners(derivation, point) if point else []
    f_value, value = evaluate(formula, derivation, point, kinks) if point else (None, None)
    estimate = numeric_estimate(formula, wrt, point) if args.numeric else None
    status = 0 if verdict is None or verdict.correct else 1
    if args.json:
        data = to_dict(derivation, point, f_value, value, estimate, verdict)
        if point:
            data["corners"] = [{"part": c.part, "left": c.left, "right": c.right,
                                "convention": c.convention} for c in kinks]
        emit_json(data)
        return status
    out = Output()
    if formula.reading is not None and not args.latex:
        out.text(f"read as {formula.reading}", style="dim")
        for note in formula.notes:
            out.text(f"  note: {note}", style="dim")
    if args.latex:
        out.text(derivation.to_latex() if args.steps else latex_headline(derivation))
    else:
        lines = derivation.to_text().splitlines()
        out.text(lines[0], style="bold")
        if args.steps:
            out.text("\n".join(lines[1:]))
    if derivation.note:  # simplification skipped or stopped: the result is the rules' own
        out.text(f"note: {derivation.note}", style="dim")
    _report(out, derivation, point, f_value, value, estimate, verdict, kinks)
    return status


def _report(out: Output, derivation: Any, point: dict[str, float], f_value: float | None,
            value: float | None, estimate: Any, verdict: Any, kinks: list[Any]) -> None:
    d = "∂" if derivation.partial else "d"
    at = ", ".join(f"{k} = {v:g}" for k, v in point.items())
    pairs = []
    if f_value is not None:
        pairs.append((f"f at {at}", f"{f_value:.12g}"))
    if value is not None or kinks:
        shown = "undefined" if value is None else f"{value:.12g}"
        if kinks and value is not None:
            shown += " (by convention)"
        pairs.append((f"{d}/{d}{derivation.wrt} at {at}", shown))
    if estimate is not None:
        pairs.append(("numerical estimate", f"{estimate.value:.12g} ± {estimate.error:.1g} "
                                            f"(central differences, {estimate.evaluations} "
                                            "evaluations)"))
    if pairs:
        out.pairs(pairs)
    for corner in kinks:
        out.text(f"! {corner.sentence(derivation.wrt, at)}", style="yellow")
    if kinks and estimate is not None:
        out.text("  (the central difference averages the two sides)", style="dim")
    elif estimate is not None and value is not None:
        gap = abs(estimate.value - value)
        agree = gap <= max(10 * estimate.error, 1e-9 * max(1.0, abs(value)))
        out.verdict(agree, f"symbolic and numerical {'agree' if agree else 'DIFFER'} "
                           f"(difference {gap:.1g})")
    if verdict is not None:
        out.verdict(verdict.correct, verdict.message)


def to_dict(derivation: Any, point: dict[str, float], f_value: float | None,
            value: float | None, estimate: Any, verdict: Any) -> dict[str, Any]:
    """The derivation and whatever was asked, as JSON-able data."""
    from chainrule import symbolic

    data: dict[str, Any] = {
        "formula": derivation.formula.text,
        "wrt": derivation.wrt,
        "derivative": symbolic.render(derivation.result),
        "derivative_ascii": symbolic.render(derivation.result, "ascii"),
        "derivative_latex": symbolic.render(derivation.result, "latex"),
        "read_as": derivation.formula.reading,
        "notes": [*derivation.formula.notes, *([derivation.note] if derivation.note else [])],
        "steps": [{"rule": s.rule, "note": s.note or None} for s in derivation.steps],
        "text": derivation.to_text(),
    }
    if point:
        data["at"] = point
        data["f"] = f_value
        data["value"] = value
    if estimate is not None:
        data["numeric"] = {"value": estimate.value, "error": estimate.error,
                           "method": estimate.method, "evaluations": estimate.evaluations}
    if verdict is not None:
        data["check"] = {
            "answer": symbolic.render(verdict.answer), "correct": verdict.correct,
            "how": verdict.how, "message": verdict.message, "hint": verdict.hint,
            "point": verdict.point,
            "expected_value": verdict.expected_value, "answer_value": verdict.answer_value}
    return data
