"""Exercises in Jupyter and in autograders (nbgrader, otter-grader).

An :class:`~chainrule.exercise.problem.Exercise` already shows itself in a notebook
(``_repr_html_``: the worksheet, formulas as MathML, the network as inline SVG) and marks an
answer with ``ex.check(...)``. For autograder cells, :func:`assert_answer` raises
:class:`AnswerError` — an ``AssertionError``, so nbgrader and otter count it as a failed test —
whose message is the hint, not a bare ``AssertionError``::

    from chainrule.exercise import generate
    from chainrule.exercise.notebook import assert_answer

    ex = generate("descent", level=1, seed=42)
    assert_answer(ex, {"x1": x1, "x2": x2})     # in the hidden test cell
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chainrule.exercise.grading import Marking
from chainrule.exercise.problem import Exercise


class AnswerError(AssertionError):
    """A checked answer is not right; the message lists each wrong value with its hint."""

    def __init__(self, marking: Marking) -> None:
        self.marking = marking
        lines = [f"{m.label}: {m.verdict}" + (f" — {m.hint}" if m.hint else "")
                 for m in marking.marks if m.points < 1]
        super().__init__(f"{marking.score:g}/{marking.total} right.\n" + "\n".join(lines))


def assert_answer(ex: Exercise, answer: Mapping[str, Any] | Any,
                  keys: tuple[str, ...] | None = None) -> Marking:
    """Mark ``answer`` and raise :class:`AnswerError` with the hints unless every value is
    right (or carried). ``keys`` limits the check to some quantities (one test cell per part
    of an exercise); absent keys are then not counted as missing.

    Returns
    -------
    Marking
        When everything checked is right.
    """
    marking = ex.check(answer)
    if keys is not None:
        unknown = [k for k in keys if k not in ex.keys]
        if unknown:
            raise KeyError(f"{unknown[0]!r} is not asked by this exercise "
                           f"(asked: {', '.join(ex.keys)})")
        marking = Marking(tuple(m for m in marking.marks if m.key in keys))
    if not marking.ok:
        raise AnswerError(marking)
    return marking


__all__ = ["AnswerError", "assert_answer"]
