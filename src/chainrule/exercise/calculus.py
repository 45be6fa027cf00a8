"""Calculus kinds: derivative by rule family, partial derivatives, a derivative's value at a
point, the limit quotient with a given h, the tangent line, and gradient-descent steps.

Derivatives come from :func:`chainrule.symbolic.diff` (formula and value), the limit quotient
from :func:`chainrule.numeric.difference_quotient`, descent steps from
:func:`chainrule.optim.descend`; nothing here differentiates by itself. A generator returns
the fields of an :class:`~chainrule.exercise.problem.Exercise` (less kind, level, seed) or
raises :class:`Redraw` when the drawn numbers are not good for hand work.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.exercise import formulas
from chainrule.exercise.handnumbers import ANSWER_DECIMALS, at_precision, draw, draw_int, written
from chainrule.exercise.problem import Quantity
from chainrule.numeric import difference_quotient
from chainrule.optim import descend
from chainrule.symbolic import diff, parse, render, to_function

Fields = dict[str, Any]
LARGEST = 200.0  # a value beyond this is not hand work


class Redraw(Exception):  # noqa: N818 - a signal to draw again, not an error
    """The drawn numbers are badly conditioned; draw again."""


def _display(name: str, text: str) -> tuple[str, str]:
    f = parse(text)
    return f"{name} = {f.to_text()}", f"{name} = {f.to_latex()}"


def _value(x: float, *, small_ok: bool = False) -> float:
    """``x`` if it is a number for hand work: finite, at most LARGEST in size, and (unless
    ``small_ok``) 0 or at least 0.01 in size, else :class:`Redraw`."""
    if not math.isfinite(x) or abs(x) > LARGEST or (not small_ok and 0 < abs(x) < 0.01):
        raise Redraw
    return float(x)


def _slope(x: float) -> float:
    """A derivative's value at the asked point, if it is not degenerate: as :func:`_value`,
    and not 0 either — f′(x₀) = 0 (x₀ at a stationary point, or f or the chain rule's inner
    function constant) is a problem whose answer needs no derivative. Else :class:`Redraw`."""
    if abs(x) < 0.01:
        raise Redraw
    return _value(x)


def smooth_at(text: str, x0: float, slope: float) -> bool:
    """f is differentiable around x₀ — no ReLU or |x| kink at or next to it: the one-sided
    difference quotients over h = 10⁻³ both agree with f'(x₀)."""
    f = to_function(text)
    h = 1e-3
    y0 = float(f(x0))
    sides = ((float(f(x0 + h)) - y0) / h, (y0 - float(f(x0 - h))) / h)
    return all(abs(s - slope) <= 0.05 * (1 + abs(slope)) for s in sides)


def derivative(family: str) -> Callable[[np.random.Generator, int], Fields]:
    """The generator of kind ``<family>`` rule: f'(x) as a formula and f'(x₀) as a number."""

    def generate(rng: np.random.Generator, level: int) -> Fields:
        text = formulas.formula(rng, family, level)
        x0 = formulas.point(rng, level)
        d = diff(text, "x")
        slope = _slope(d.at(x=x0))
        if not smooth_at(text, x0, slope):
            raise Redraw
        decimals = ANSWER_DECIMALS[level]
        answer = render(d.result, "ascii")
        return {
            "title": f"Derivative ({family.replace('-', '/')} rule)",
            "statement": f"Differentiate f with respect to x, then evaluate f′ at "
                         f"x₀ = {written(x0)} to {decimals} decimals.",
            "displays": (_display("f(x)", text),),
            "givens": (("x₀", x0),),
            "quantities": (
                Quantity("f'(x)", "f′(x)", formula=answer, expr=text, wrt="x",
                         hint=f"Rules: {', '.join(sorted(d.rules))}. f′(x) = "
                              f"{parse(answer).to_text()}."),
                Quantity("f'(x0)", "f′(x₀)", slope, decimals,
                         hint=f"Put x = {written(x0)} into f′(x) = {parse(answer).to_text()}."),
            ),
            "extra": {"family": family, "formula": text, "x0": x0},
        }

    return generate


def derivative_at(rng: np.random.Generator, level: int) -> Fields:
    """f'(x₀) only, for a formula of any family."""
    family = sorted(formulas.FAMILIES)[int(rng.integers(len(formulas.FAMILIES)))]
    fields = derivative(family)(rng, level)
    fields["title"] = "Value of a derivative at a point"
    fields["statement"] = (f"Compute f′(x₀) at x₀ = {written(fields['extra']['x0'])} to "
                           f"{ANSWER_DECIMALS[level]} decimals.")
    fields["quantities"] = fields["quantities"][1:]
    return fields


def partial(rng: np.random.Generator, level: int) -> Fields:
    """∂f/∂x and ∂f/∂y as formulas, and their values at (x₀, y₀)."""
    text = formulas.partial_formula(rng, level)
    x0, y0 = formulas.point(rng, level), formulas.point(rng, level)
    decimals = ANSWER_DECIMALS[level]
    quantities = []
    for v in ("x", "y"):
        d = diff(text, v)
        answer = render(d.result, "ascii")
        shown = parse(answer).to_text()
        quantities.append(Quantity(f"df/d{v}", f"∂f/∂{v}", formula=answer, expr=text, wrt=v,
                                   hint=f"Treat the other variable as a constant: ∂f/∂{v} = "
                                        f"{shown}."))
    for v in ("x", "y"):
        answer = quantities[("x", "y").index(v)].formula
        value = _slope(diff(text, v).at(x=x0, y=y0))
        quantities.append(Quantity(f"df/d{v}(x0,y0)", f"∂f/∂{v}(x₀, y₀)",
                                   value, decimals,
                                   hint=f"Put x = {written(x0)}, y = {written(y0)} into "
                                        f"∂f/∂{v} = {parse(answer or '0').to_text()}."))
    return {
        "title": "Partial derivatives",
        "statement": f"Find both partial derivatives of f, then evaluate them at (x₀, y₀) = "
                     f"({written(x0)}, {written(y0)}) to {decimals} decimals.",
        "displays": (_display("f(x, y)", text),),
        "givens": (("x₀", x0), ("y₀", y0)),
        "quantities": tuple(quantities),
        "extra": {"formula": text, "x0": x0, "y0": y0},
    }


# h by level, and the polynomial degree: f(x₀ + h) then has degree·log10(1/h) decimals.
_LIMIT = {1: (0.1, 2), 2: (0.01, 2), 3: (0.01, 3)}


def limit(rng: np.random.Generator, level: int) -> Fields:
    """Seed 000/002's limit quotient (f(x₀ + h) − f(x₀))/h with a given h, against f'(x₀)."""
    h, degree = _LIMIT[level]
    coeffs = [draw_int(rng, -5, 5) for _ in range(degree)] + [draw_int(rng, 0, 9, nonzero=False)]
    text = " + ".join(f"{c}*x^{degree - i}" for i, c in enumerate(coeffs[:-1])) + f" + {coeffs[-1]}"
    x0 = float(draw_int(rng, -3, 3))
    f = to_function(text)
    k = round(-math.log10(h))
    dec_f = degree * k
    q = difference_quotient(f, x0, h)
    exact = diff(text, "x").at(x=x0)
    dec_q = max((degree - 1) * k, 1)
    return {
        "title": "Derivative as a limit",
        "statement": f"Estimate f′(x₀) at x₀ = {written(x0)} with the quotient "
                     f"(f(x₀ + h) − f(x₀))/h for h = {written(h)}; then compute f′(x₀) exactly "
                     f"and the error of the estimate.",
        "displays": (_display("f(x)", text),
                     ("f′(x₀) ≈ (f(x₀ + h) − f(x₀))/h",
                      r"f'(x_0) \approx \frac{f(x_0 + h) - f(x_0)}{h}")),
        "givens": (("x₀", x0), ("h", h)),
        "quantities": (
            Quantity("f(x0)", "f(x₀)", _value(f(x0)), 0,
                     hint=f"Put x = {written(x0)} into f."),
            Quantity("f(x0+h)", "f(x₀ + h)", _value(f(x0 + h)), dec_f,
                     hint=f"Put x = {written(x0 + h)} into f; keep every decimal."),
            Quantity("quotient", "(f(x₀ + h) − f(x₀))/h", _value(q), dec_q,
                     hint="Subtract f(x₀) from f(x₀ + h) (the whole of f(x₀), in parentheses) "
                          f"and divide by h = {written(h)}."),
            Quantity("f'(x0)", "f′(x₀)", _slope(exact), 0,
                     hint="Differentiate f by the power rule and put x = x₀ in."),
            Quantity("error", "quotient − f′(x₀)", _value(q - exact, small_ok=True), dec_q,
                     hint="The estimate minus the exact value."),
        ),
        "extra": {"formula": text, "x0": x0, "h": h},
    }


def tangent(rng: np.random.Generator, level: int) -> Fields:
    """The tangent y = m·x + b of f at x₀: f(x₀), m = f'(x₀), b = f(x₀) − m·x₀."""
    family = ("power", "chain", "trig", "exp-log")[int(rng.integers(4))]
    text = formulas.formula(rng, family, min(level, 2))
    x0 = formulas.point(rng, level)
    decimals = ANSWER_DECIMALS[level]
    y0 = _value(to_function(text)(x0))
    m = _slope(diff(text, "x").at(x=x0))
    b = y0 - m * x0
    return {
        "title": "Tangent line",
        "statement": f"Find the tangent line y = m·x + b of f at x₀ = {written(x0)}: f(x₀), "
                     f"the slope m and the intercept b, each to {decimals} decimals.",
        "displays": (_display("f(x)", text),),
        "givens": (("x₀", x0),),
        "quantities": (
            Quantity("f(x0)", "f(x₀)", y0, decimals, hint="Put x₀ into f."),
            Quantity("m", "m = f′(x₀)", m, decimals, hint="The slope is f′(x₀)."),
            Quantity("b", "b = f(x₀) − m·x₀", _value(b), decimals,
                     hint="The line passes through (x₀, f(x₀)): b = f(x₀) − m·x₀."),
        ),
        "extra": {"formula": text, "x0": x0},
    }


def descent(rng: np.random.Generator, level: int) -> Fields:
    """Gradient descent x ← x − α·f'(x) (seed 003): f'(xₖ) and xₖ₊₁ for a few steps."""
    if level == 1:
        a, c = draw_int(rng, 1, 3), 0
    else:
        a, c = draw_int(rng, 1, 3), draw_int(rng, -3, 3)
    text = f"{a}*x^2 + {c}*x" if level < 3 else f"x^4/4 + {a}*x^2/2 + {c}*x"
    x0 = draw(rng, -3, 3, 1)
    lr = (0.1, 0.2, 0.3)[int(rng.integers(3))] if level < 3 else 0.1
    steps = 3
    path = descend(text, x0, lr, steps)
    if path.diverged or not 0 < lr * 2 * a < 1.6 or abs(float(path.grads[0])) < 0.01:
        raise Redraw
    decimals = ANSWER_DECIMALS[level]
    d = diff(text, "x")
    shown = parse(render(d.result, "ascii")).to_text()
    quantities = []
    for k in range(steps):
        quantities.append(Quantity(f"f'(x{k})", f"f′(x{k})", _value(float(path.grads[k])),
                                   decimals, hint=f"f′(x) = {shown}; use x{k} as you found it."))
        quantities.append(Quantity(f"x{k + 1}", f"x{k + 1}", _value(float(path.xs[k + 1])),
                                   decimals,
                                   hint=f"x{k + 1} = x{k} − α·f′(x{k}) with α = {written(lr)}, "
                                        f"from your own x{k} and f′(x{k})."))
    return {
        "title": "Gradient descent",
        "statement": f"Starting at x0 = {written(x0)}, take {steps} steps of gradient descent "
                     f"x ← x − α·f′(x) with learning rate α = {written(lr)}; give each f′(xₖ) "
                     f"and xₖ₊₁ to {decimals} decimals.",
        "displays": (_display("f(x)", text),),
        "givens": (("x0", x0), ("α", lr)),
        "quantities": tuple(quantities),
        "extra": {"formula": text, "x0": x0, "lr": lr, "steps": steps,
                  "exact": at_precision(float(path.xs[-1]), decimals)},
    }


__all__ = ["Redraw", "derivative", "derivative_at", "descent", "limit", "partial", "tangent"]
