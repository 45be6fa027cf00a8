"""Grading a class: each student's answers against their own exercise in the key, a gradebook
CSV, and a feedback file per student.

The gradebook has one row per student of the key: ``id, name, score, total, percent``, then
one column per quantity with its verdict (right, carried, imprecise, wrong, missing,
unreadable). A student without answers gets 0 and ``no answers``. Text that a spreadsheet
would run as a formula (a cell starting with ``= + - @``) is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from chainrule.errors import ConfigError
from chainrule.escape import markdown_text
from chainrule.exercise.answers import Answers
from chainrule.exercise.grading import Marking, mark
from chainrule.exercise.keyfile import Entry
from chainrule.exercise.problem import Exercise
from chainrule.exercise.render import md_cell
from chainrule.exercise.sheets import Student, answers_header


@dataclass(frozen=True)
class Graded:
    """One student's result: their exercise and marking (None: no answers handed in)."""

    student: Student
    exercise: Exercise
    marking: Marking | None

    @property
    def score(self) -> float:
        """Points earned (0 without answers)."""
        return self.marking.score if self.marking else 0.0

    @property
    def total(self) -> int:
        """Points possible."""
        return len(self.exercise.quantities)


@dataclass(frozen=True)
class ClassResult:
    """Every student's result, and the answer rows that matched no student of the key."""

    graded: tuple[Graded, ...]
    strangers: tuple[str, ...]


def grade_class(entries: Sequence[Entry], answers: Answers,
                where: str = "answers") -> ClassResult:
    """Mark every student of the key ``entries`` with their row of ``answers``.

    Raises
    ------
    ConfigError
        For an answer column (or learner-file key) that no exercise of the key asks for —
        a header like ``f'(2)`` where the sheet names ``f'(x0)`` would otherwise mark every
        such answer missing; the message names ``where`` and the expected columns, those of
        :func:`~chainrule.exercise.sheets.answers_header` on the worksheets.
    """
    asked = list(dict.fromkeys(k for e, _ in entries for k in e.keys))
    for column in dict.fromkeys(c for row in answers.values() for c in row):
        if column not in asked:
            raise ConfigError(f"{where}: unknown column {column!r}; the key asks for "
                              f"{answers_header(asked)} (a name column may follow id)")
    graded = tuple(Graded(s, e, mark(e, answers[s.id]) if s.id in answers else None)
                   for e, s in entries)
    known = {s.id for _, s in entries}
    return ClassResult(graded, tuple(sid for sid in answers if sid not in known))


def _cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def gradebook_csv(result: ClassResult) -> str:
    """The gradebook as CSV text."""
    keys: list[str] = []
    for g in result.graded:
        keys += [k for k in g.exercise.keys if k not in keys]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "name", "score", "total", "percent", *keys])
    for g in result.graded:
        verdicts = ({m.key: m.verdict for m in g.marking.marks} if g.marking
                    else dict.fromkeys(g.exercise.keys, "no answers"))
        w.writerow([_cell(g.student.id), _cell(g.student.name), f"{g.score:g}", g.total,
                    f"{100 * g.score / g.total:.1f}", *(verdicts.get(k, "") for k in keys)])
    return buf.getvalue()


def feedback_markdown(g: Graded) -> str:
    """A student's feedback: score, and per quantity what they wrote, the answer, the verdict
    and the hint."""
    lines = [f"# Feedback: {markdown_text(g.exercise.title)}", "",
             f"Student: {markdown_text(g.student.shown)}. Score: {g.score:g} / {g.total}.", ""]
    if g.marking is None:
        return "\n".join([*lines, "No answers were handed in.", ""])
    lines += ["| quantity | you wrote | answer | verdict | hint |", "|---|---|---|---|---|"]
    for m in g.marking.marks:
        cells = (m.label, m.written or "—", m.expected, m.verdict, m.hint or "")
        lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
    return "\n".join([*lines, ""])


__all__ = ["ClassResult", "Graded", "feedback_markdown", "grade_class", "gradebook_csv"]
