"""Marking one student's answers to one exercise.

Each asked quantity gets a :class:`Mark`:

* ``right`` (1 point) — within the tolerance the student's writing implies (half a unit of the
  last digit written), never tighter than the precision the sheet asks for, and never looser
  than one decimal fewer than asked (so "1" is not a right answer to 0.68);
* ``carried`` (1 point) — wrong against the key but right from the student's own earlier
  values: an early slip is blamed once (network kinds: :func:`chainrule.explain.check_backprop`;
  calculus kinds: :mod:`~chainrule.exercise.carry`);
* ``imprecise`` (½ point) — right, but written with fewer decimals than asked;
* ``wrong`` (0) with a hint — check-my-work's hint naming a known slip where it finds one,
  else how the quantity is computed; a formula answer is judged by
  :func:`chainrule.symbolic.check_derivative`, whose message says where it differs;
* ``missing`` / ``unreadable`` (0).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chainrule.errors import ChainruleError
from chainrule.exercise import explainer
from chainrule.exercise.carry import follows
from chainrule.exercise.handnumbers import at_precision
from chainrule.exercise.problem import Exercise, Quantity
from chainrule.symbolic import check_derivative

#: The hint of a ``carried`` mark, whichever check found that it follows.
CARRIED = "Follows from your earlier values (an earlier slip, counted there)."
POINTS = {"right": 1.0, "carried": 1.0, "imprecise": 0.5, "wrong": 0.0, "missing": 0.0,
          "unreadable": 0.0}


@dataclass(frozen=True)
class Mark:
    """The verdict on one quantity: what was written, what the key says, points, hint."""

    key: str
    label: str
    written: str
    expected: str
    verdict: str
    hint: str | None = None

    @property
    def points(self) -> float:
        """1 for right or carried, ½ for imprecise, else 0."""
        return POINTS[self.verdict]


@dataclass(frozen=True)
class Marking:
    """All marks of one student on one exercise."""

    marks: tuple[Mark, ...]

    @property
    def score(self) -> float:
        """Sum of the points."""
        return sum(m.points for m in self.marks)

    @property
    def total(self) -> int:
        """Number of quantities (one point each)."""
        return len(self.marks)

    @property
    def ok(self) -> bool:
        """Every quantity right or carried."""
        return all(m.points == 1.0 for m in self.marks)

    @property
    def hints(self) -> dict[str, str]:
        """The hint for every quantity that lost points, by key."""
        return {m.key: m.hint for m in self.marks if m.hint}

    def __getitem__(self, key: str) -> Mark:
        for m in self.marks:
            if m.key == key:
                return m
        raise KeyError(key)

    def __repr__(self) -> str:
        return f"Marking({self.score:g}/{self.total})"


def _written(raw: Any) -> str | None:
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


def _number(text: str) -> tuple[float, float] | None:
    """(value, half a unit of the last digit written) as check-my-work reads a written value
    (:func:`chainrule.explain.checking.learner.read_values`, through the explainer), or None
    if it is not a number. A unicode minus and a decimal comma are read too."""
    try:
        w = explainer.as_written({"v": text.replace("−", "-").replace(",", ".")}, "answer")["v"]
    except ChainruleError:
        return None
    return w.value, w.tolerance


def _within(x: float, tol: float, target: float, q: Quantity) -> bool:
    asked = 0.5 * 10.0 ** -q.decimals
    allowed = min(max(tol, asked), 10 * asked) + 1e-9 * max(1.0, abs(target))
    return abs(x - target) <= allowed


def _shown(q: Quantity) -> str:
    if q.value is not None:
        return at_precision(q.value, q.decimals)
    return q.formula if q.formula is not None else q.text or ""


def _imprecise(q: Quantity, x: float, tol: float) -> bool:
    """Right, but written with fewer decimals than asked (and not exactly the key's value)."""
    exact = round(q.value or 0.0, q.decimals) == x
    return not exact and tol > 0.5 * 10.0 ** -q.decimals * 1.000001


def _same_line(a: str, b: str) -> bool:
    try:
        return explainer.key_kind(a) == explainer.key_kind(b)
    except ChainruleError:
        return False


def _mark_formula(q: Quantity, text: str) -> Mark:
    try:
        result = check_derivative(q.expr or "", q.wrt or "x", text)
    except ChainruleError as exc:
        return Mark(q.key, q.label, text, _shown(q), "unreadable",
                    f"Could not read {text!r} as a formula: {' '.join(str(exc).split())}")
    if result.correct:
        return Mark(q.key, q.label, text, _shown(q), "right")
    return Mark(q.key, q.label, text, _shown(q), "wrong", result.message)


def _mark_one(ex: Exercise, q: Quantity, text: str, own: dict[str, float],
              verdicts: Mapping[str, Any]) -> Mark:
    if q.formula is not None:
        return _mark_formula(q, text)
    if q.text is not None:
        ok = _same_line(text, q.text)
        return Mark(q.key, q.label, text, _shown(q), "right" if ok else "wrong",
                    None if ok else q.hint)
    parsed = _number(text)
    if parsed is None:
        return Mark(q.key, q.label, text, _shown(q), "unreadable",
                    f"{text!r} is not a number; write it like {_shown(q)}.")
    x, tol = parsed
    assert q.value is not None
    if _within(x, tol, q.value, q):
        verdict = "imprecise" if _imprecise(q, x, tol) else "right"
        hint = f"Give {q.decimals} decimals: {_shown(q)}." if verdict == "imprecise" else None
        return Mark(q.key, q.label, text, _shown(q), verdict, hint)
    judged = verdicts.get(q.key)
    if judged is not None:  # network kinds: check-my-work's verdict on the learner's values
        if judged.verdict == "right":  # only at a precision coarser than the sheet allows
            return Mark(q.key, q.label, text, _shown(q), "wrong",
                        f"Too few decimals to tell: give {q.decimals} decimals.")
        if judged.verdict == "carried":
            return Mark(q.key, q.label, text, _shown(q), "carried", CARRIED)
        return Mark(q.key, q.label, text, _shown(q), "wrong", judged.hint or q.hint)
    local = follows(ex, q.key, own)
    if local is not None and _within(x, tol, local, q):
        return Mark(q.key, q.label, text, _shown(q), "carried", CARRIED)
    return Mark(q.key, q.label, text, _shown(q), "wrong", q.hint or None)


def mark(ex: Exercise, answers: Mapping[str, Any]) -> Marking:
    """Mark ``answers`` (key → value as written; a string keeps trailing zeros) for ``ex``.

    Keys the exercise does not ask for are ignored; an absent or empty answer is ``missing``.
    """
    texts = {q.key: _written(answers.get(q.key)) for q in ex.quantities}
    own = {}
    for q in ex.quantities:
        text = texts[q.key]
        parsed = _number(text) if text is not None and q.value is not None else None
        if parsed is not None:
            own[q.key] = parsed[0]
    verdicts: dict[str, Any] = {}
    if ex.network is not None and ex.kind != "slip":
        learner = {k: texts[k] for k in own}
        verdicts = {j.key: j for j in explainer.judge(ex.network, learner)} if learner else {}
    marks = []
    for q in ex.quantities:
        text = texts[q.key]
        if text is None:
            marks.append(Mark(q.key, q.label, "", _shown(q), "missing",
                              f"No answer. {q.hint}".strip()))
        else:
            marks.append(_mark_one(ex, q, text, own, verdicts))
    return Marking(tuple(marks))


__all__ = ["POINTS", "Mark", "Marking", "mark"]
