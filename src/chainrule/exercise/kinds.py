"""The problem kinds, and :func:`generate`: one exercise from ``(kind, level, seed)``.

Kinds: one per rule family (``power``, ``chain``, ``product``, ``quotient``, ``exp-log``,
``trig``, ``activation``: f′(x) and f′(x₀)), then ``partial``, ``derivative-at``, ``limit``,
``tangent``, ``descent``, ``forward``, ``backprop-logistic``, ``backprop-relu``,
``backprop-tanh``, ``backprop-softmax`` and ``slip`` (:data:`DESCRIPTIONS` says what each asks).

Levels 1–3 set how many decimals the givens have, how many the answers need, and how involved
the formulas are. A generator whose numbers are badly conditioned is rerun from the next
generator of the same seed (:func:`~chainrule.exercise.seeding.rng_for` with ``attempt``), so
the result still depends on ``(kind, level, seed)`` alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chainrule.errors import ConfigError
from chainrule.exercise import calculus
from chainrule.exercise.formulas import FAMILIES
from chainrule.exercise.handnumbers import check_level
from chainrule.exercise.networks import SHAPES, network_exercise
from chainrule.exercise.problem import Exercise
from chainrule.exercise.seeding import check_seed, rng_for
from chainrule.exercise.slip import slip

MAX_ATTEMPTS = 200
DESCRIPTIONS = {
    "partial": "∂f/∂x, ∂f/∂y as formulas and their values at (x₀, y₀)",
    "derivative-at": "f′(x₀) for a formula of any rule family",
    "limit": "(f(x₀ + h) − f(x₀))/h with a given h, f′(x₀), and the error",
    "tangent": "f(x₀), slope m and intercept b of the tangent at x₀",
    "descent": "three gradient-descent steps with a given learning rate (seed 003)",
    "forward": "the forward pass of a 2-2-2 logistic network (seed 000)",
    "backprop-logistic": "one backprop step: 2-2-2, logistic, squared error (seed 000)",
    "backprop-relu": "one backprop step: 3-1-2, ReLU, mean squared error (seed 003)",
    "backprop-tanh": "one backprop step: 2-2-1, tanh hidden layer, linear output",
    "backprop-softmax": "one backprop step: softmax output, cross-entropy",
    "slip": "find the planted mistake in a worked backprop step, and correct it",
}

Generator = Callable[[Any, int], dict[str, Any]]
KINDS: dict[str, Generator] = {
    **{family: calculus.derivative(family) for family in FAMILIES},
    "partial": calculus.partial,
    "derivative-at": calculus.derivative_at,
    "limit": calculus.limit,
    "tangent": calculus.tangent,
    "descent": calculus.descent,
    "forward": network_exercise("logistic", backprop=False),
    **{f"backprop-{k}": network_exercise(k, backprop=True) for k in SHAPES},
    "slip": slip,
}


def describe(kind: str) -> str:
    """One line on what ``kind`` asks for."""
    if kind in FAMILIES:
        return f"f′(x) of a formula by the {kind} rule(s), and f′(x₀)"
    return DESCRIPTIONS.get(kind, "")


def check_kind(kind: object) -> str:
    """``kind`` if it is a known kind, else a ConfigError listing them."""
    if not isinstance(kind, str) or kind not in KINDS:
        raise ConfigError(f"kind: unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return kind


def generate(kind: str, level: int = 1, seed: int = 0) -> Exercise:
    """The exercise of ``kind`` at ``level`` (1–3) with numbers from ``seed``.

    The same arguments give an equal exercise on every machine and in every process
    (seeds are SHA-256 based, see :mod:`~chainrule.exercise.seeding`). For a student, pass
    ``seed=student_seed(student_id)``.

    Raises
    ------
    ConfigError
        An unknown kind, a level other than 1, 2, 3, or a seed that is not an integer ≥ 0.
    """
    kind, level, seed = check_kind(kind), check_level(level), check_seed(seed)
    for attempt in range(MAX_ATTEMPTS):
        try:
            fields = KINDS[kind](rng_for(kind, level, seed, attempt), level)
        except calculus.Redraw:
            continue
        return Exercise(kind=kind, level=level, seed=seed, **fields)
    raise ConfigError(f"{kind}: no well-conditioned numbers in {MAX_ATTEMPTS} draws for "
                      f"seed {seed} (please report this seed)")


__all__ = ["KINDS", "MAX_ATTEMPTS", "check_kind", "describe", "generate"]
