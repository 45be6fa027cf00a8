"""Seed 002 ("Derivatives": slope, numerical derivative, tangent lines, the rules), retold.

Three sections: the constant slope of y = 2x, the tangent lines of f(x) = 2x² from one-sided
estimates against the true slopes 4x (with the step-size trade-off), and the summary of rules,
each applied by ``chainrule.symbolic``.
"""

from __future__ import annotations

import numpy as np

from chainrule import symbolic
from chainrule.numeric import difference_quotient, step_study, tangent_line
from chainrule.tour.files import FigureWriter
from chainrule.tour.model import Correction, Section, TourTable, fmt

SEED = "002"


def linear_slope() -> Section:
    """y = 2x: the change in y over the change in x is 2 between any two points."""
    f = symbolic.to_function("2x")
    xs = np.arange(5.0)
    ys = np.array([f(x) for x in xs])
    slopes = np.diff(ys) / np.diff(xs)
    rows = [(fmt(x), y, "" if i == 0 else fmt(slopes[i - 1]))
            for i, (x, y) in enumerate(zip(xs, ys))]
    return Section(
        SEED, "Impact of a parameter on the output", "y = 2x has slope 2 everywhere",
        text=("Subtracting neighbouring points gives Δy/Δx = 2 between every pair: the measure "
              "of the impact x has on y is 2, the derivative of a linear function.",),
        tables=(TourTable.of(("x", "y = 2x", "Δy/Δx from the previous row"), rows),),
        commands=('chainrule derive "2x" --at x=3',),
        data={"slopes": slopes.tolist()},
    )


def tangent_lines(figures: FigureWriter) -> Section:
    """Tangents of 2x² at x = 0…4: forward estimates (h = 0.0001) against the true slopes 4x."""
    formula = "2x^2"
    f = symbolic.to_function(formula)
    exact = symbolic.diff(formula)
    h = 1e-4
    rows, data = [], {}
    for x in range(5):
        line = tangent_line(f, float(x), method="forward", step=h)  # the seed's own line
        true = exact.at(x=x)
        rows.append((fmt(x), f(x), line.slope, true, fmt(line.slope - true, 4), line.intercept))
        data[x] = {"forward": line.slope, "true": true, "intercept": line.intercept}
    study = step_study(f, 1.0, exact=exact.at(x=1))
    at_hs = {hh: (float(fw), float(ce)) for hh, fw, ce in
             zip(study.hs, study.forward_error, study.central_error)}
    corner_right = difference_quotient(abs, 0.0, h)
    corner_left = difference_quotient(abs, 0.0, -h)
    pictures = (
        figures.write("tangents-2x2.png", "f(x) = 2x² with its true tangents at x = 0…4",
                      lambda p: _tangents(formula, p)),
        figures.write("step-study.png", "Error of forward and central differences of 2x² at "
                      "x = 1 against h", lambda p: _study(study, p)),
    )
    best_f, best_c = study.best_forward_step, study.best_central_step
    return Section(
        SEED, "Numerical Derivative", "tangent lines of f(x) = 2x²",
        text=(
            "The seed estimates each slope from two points h = 0.0001 apart and draws "
            "y = m·x + b through them. For 2x² that forward estimate is 4x + 2h: every "
            "estimate is 0.0002 too steep, while the true slopes are exactly 4x.",
            f"Shrinking h does not help forever: the forward error is smallest near "
            f"h ≈ {best_f:.0e} (about √ε for double precision); below that, rounding in "
            "f(x + h) − f(x) takes over — the V in the picture. The central difference "
            "(f(x + h) − f(x − h))/2h of a quadratic has no truncation error at all "
            "(it is 4x exactly), so only rounding is left, and it grows as h shrinks "
            f"(its smallest error here is at h = {best_c:.0e}).",
            f"At a sharp corner there is no tangent: for |x| at 0 the forward quotient is "
            f"{fmt(corner_right)} and the backward one {fmt(corner_left)}.",
        ),
        derivations=(exact.to_text(),),
        tables=(TourTable.of(("x", "f(x)", "forward, h = 0.0001", "true slope 4x",
                              "estimate − true", "intercept b"), rows, digits=9),),
        corrections=(Correction(
            "the approximate derivatives printed by the loop (e.g. 4.0002 at x = 1) as the "
            "slopes of the tangents",
            "true slopes 0, 4, 8, 12, 16 (f′(x) = 4x); the one-sided estimates are 2h = "
            "0.0002 too steep",
            "forward − true = " + ", ".join(fmt(data[x]['forward'] - data[x]['true'], 3)
                                          for x in range(5))),),
        figures=pictures,
        commands=('chainrule derive "2x^2" --at x=1 --numeric',),
        data={"tangents": data, "best_forward_step": best_f, "best_central_step": best_c,
              "errors_at_h": at_hs, "corner": (corner_right, corner_left)},
    )


def _tangents(formula: str, path: object) -> None:
    from chainrule.viz import plot_tangents

    plot_tangents(formula, [0, 1, 2, 3, 4], path, method="symbolic")


def _study(study: object, path: object) -> None:
    from chainrule.viz import plot_step_study

    plot_step_study(study, path)


RULES = (
    ("constant", "7"),
    ("x", "x"),
    ("linear function", "3x + 2"),
    ("constant multiple", "5x^3"),
    ("sum", "x^3 + 4x"),
    ("difference", "x^3 - 4x"),
    ("power", "x^5"),
)


def rules_summary() -> Section:
    """The seed's derivative rules, each applied to an example by ``symbolic.diff``."""
    rows, data = [], {}
    for name, formula in RULES:
        d = symbolic.diff(formula)
        shown = symbolic.render(symbolic.parse(formula).expr)
        rows.append((name, shown, symbolic.render(d.result), ", ".join(s.rule for s in d.steps)))
        data[formula] = symbolic.render(d.result, "ascii")
    return Section(
        SEED, "Derivatives Summary", "the rules, each applied by chainrule",
        text=("Each row is differentiated by chainrule.symbolic, which names the rules it "
              "applied, outermost first.",),
        derivations=(symbolic.diff("5x^3 - 2x + 7").to_text(),),
        tables=(TourTable.of(("rule", "f(x)", "f′(x)", "rules applied"), rows),),
        commands=('chainrule derive "5x^3 - 2x + 7" --steps',),
        data={"derivatives": data},
    )
