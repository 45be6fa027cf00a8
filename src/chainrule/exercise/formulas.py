"""Formulas to differentiate, by rule family and level, with hand-friendly coefficients.

Each family is a list of templates per level; a template takes the random generator and
returns a formula in the syntax of :func:`chainrule.symbolic.parse` (only the functions the
parser reads today: sin, cos, tan, exp, log, sqrt, sigmoid, tanh, relu). ``point`` picks an
x₀ inside the formula's domain where the derivative is a moderate number.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from chainrule.exercise.handnumbers import draw, draw_int

Template = Callable[[np.random.Generator], str]


def _c(rng: np.random.Generator, lo: int = 1, hi: int = 5) -> int:
    """A nonzero integer coefficient in ±[lo, hi]."""
    k = draw_int(rng, lo, hi)
    return -k if rng.random() < 0.35 else k


def _pos(rng: np.random.Generator, lo: int = 1, hi: int = 5) -> int:
    return draw_int(rng, lo, hi)


def _n(rng: np.random.Generator, lo: int = 2, hi: int = 5) -> int:
    return draw_int(rng, lo, hi)


FAMILIES: dict[str, dict[int, list[Template]]] = {
    "power": {
        1: [lambda r: f"{_c(r)}*x^{_n(r)} + {_c(r)}*x + {_c(r, 0, 9)}"],
        2: [lambda r: f"{_c(r)}*x^{_n(r, 3, 5)} + {_c(r)}*x^2 + {_c(r)}/x"],
        3: [lambda r: f"{_c(r)}*sqrt(x) + {_c(r)}/x^{_n(r, 2, 3)} + {_c(r)}*x^{_n(r, 3, 4)}"],
    },
    "chain": {
        1: [lambda r: f"({_c(r)}*x + {_c(r)})^{_n(r, 2, 4)}"],
        2: [lambda r: f"({_pos(r)}*x^2 + {_c(r)}*x + {_c(r)})^{_n(r, 2, 4)}",
            lambda r: f"sin({_c(r)}*x^2 + {_c(r)})"],
        3: [lambda r: f"sqrt({_pos(r)}*x^2 + {_pos(r)})",
            lambda r: f"exp(sin({_c(r, 1, 3)}*x))"],
    },
    "product": {
        1: [lambda r: f"x^{_n(r, 2, 4)}*({_c(r)}*x + {_c(r)})"],
        2: [lambda r: f"x^{_n(r, 2, 3)}*sin({_c(r, 1, 3)}*x)",
            lambda r: f"x^{_n(r, 1, 3)}*exp({_c(r, 1, 3)}*x)"],
        3: [lambda r: f"({_c(r)}*x^2 + {_c(r)})*log(x)",
            lambda r: f"exp({_c(r, 1, 2)}*x)*cos({_c(r, 1, 3)}*x)"],
    },
    "quotient": {
        1: [lambda r: f"({_c(r)}*x + {_c(r)})/({_pos(r)}*x + {_pos(r)})"],
        2: [lambda r: f"({_c(r)}*x^2 + {_c(r)})/(x + {_pos(r)})"],
        3: [lambda r: f"sin(x)/(x^2 + {_pos(r)})",
            lambda r: f"exp({_c(r, 1, 2)}*x)/(x + {_pos(r)})"],
    },
    "exp-log": {
        1: [lambda r: f"{_c(r)}*exp({_c(r, 1, 3)}*x)", lambda r: f"{_c(r)}*log({_pos(r)}*x)"],
        2: [lambda r: f"{_c(r)}*exp({_c(r, 1, 3)}*x) + {_c(r)}*log(x^2 + {_pos(r)})"],
        3: [lambda r: f"exp({_c(r, 1, 2)}*x^2 + {_c(r)}*x)",
            lambda r: f"log({_pos(r)}*x^2 + {_pos(r)}*x + {_pos(r)})"],
    },
    "trig": {
        1: [lambda r: f"{_c(r)}*sin(x) + {_c(r)}*cos(x)"],
        2: [lambda r: f"sin({_c(r)}*x + {_c(r)})", lambda r: f"{_c(r)}*cos({_c(r, 1, 4)}*x)"],
        3: [lambda r: f"tan({_c(r, 1, 3)}*x)", lambda r: f"sin(x)*cos({_c(r, 2, 3)}*x)"],
    },
    "activation": {
        1: [lambda r: f"sigmoid({_c(r, 1, 3)}*x)", lambda r: f"tanh({_c(r, 1, 3)}*x)"],
        2: [lambda r: f"sigmoid({_c(r, 1, 3)}*x + {_c(r, 1, 3)})",
            lambda r: f"tanh({_c(r, 1, 3)}*x + {_c(r, 1, 3)})",
            lambda r: f"{_c(r)}*sigmoid(x)^2"],
        3: [lambda r: f"x*sigmoid({_c(r, 1, 3)}*x)",
            lambda r: f"relu({_pos(r, 1, 3)}*x^2 + {_c(r)})"],
    },
}

# Two-variable formulas for partial derivatives.
PARTIALS: dict[int, list[Template]] = {
    1: [lambda r: f"{_c(r)}*x^2*y + {_c(r)}*x*y^2 + {_c(r)}*y"],
    2: [lambda r: f"x*exp({_c(r, 1, 3)}*y) + {_c(r)}*sin(x*y)",
        lambda r: f"{_c(r)}*x^{_n(r, 2, 3)}*y^{_n(r, 2, 3)} + {_c(r)}*x/y"],
    3: [lambda r: f"log(x^2 + y^2) + {_c(r)}*x*y",
        lambda r: f"sigmoid({_c(r, 1, 3)}*x*y + {_c(r)})"],
}


def formula(rng: np.random.Generator, family: str, level: int) -> str:
    """A formula of ``family`` at ``level`` (a template picked, coefficients drawn)."""
    templates = FAMILIES[family][level]
    return templates[int(rng.integers(len(templates)))](rng)


def partial_formula(rng: np.random.Generator, level: int) -> str:
    """A formula of x and y for partial derivatives."""
    templates = PARTIALS[level]
    return templates[int(rng.integers(len(templates)))](rng)


def point(rng: np.random.Generator, level: int) -> float:
    """An x₀ for evaluating: a small integer at level 1, one decimal above; always > 0 so that
    log, sqrt and 1/x are defined."""
    return float(draw_int(rng, 1, 3)) if level == 1 else draw(rng, 0.5, 2.5, 1)


__all__ = ["FAMILIES", "PARTIALS", "formula", "partial_formula", "point"]
