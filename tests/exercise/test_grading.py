"""Ten students' sheets, a mix of right and wrong answers, graded: marks and hints asserted.

Each student's answers are made here from an independent NumPy computation (conftest), with a
planted behaviour per student: all right, extra decimals, seed 000's flipped σ, an arithmetic
slip carried forward consistently, η forgotten, a blank sheet, no sheet at all, too few
decimals, an unreadable cell, a flipped sign.
"""

from __future__ import annotations

import csv
import io
import math

import pytest

from chainrule.errors import ConfigError
from chainrule.exercise.classwork import class_entries
from chainrule.exercise.gradebook import feedback_markdown, grade_class, gradebook_csv
from chainrule.exercise.handnumbers import at_precision
from chainrule.exercise.sheets import Student

STUDENTS = [Student(f"s{k:02d}", f"Student {k}") for k in range(1, 11)]


def _numbers(ex, step):
    values, grads, updates = step
    out = {}
    for q in ex.quantities:
        if q.key.startswith("dE/d"):
            out[q.key] = grads[q.key[4:]]
        elif q.key.endswith("+"):
            out[q.key] = updates[q.key[:-1]]
        else:
            out[q.key] = values[q.key]
    return out


def _written(ex, numbers, extra=0):
    """As a student writes them: each number at the stated precision (+ ``extra`` decimals)."""
    return {q.key: at_precision(numbers[q.key], q.decimals + extra) for q in ex.quantities}


@pytest.fixture(scope="module")
def entries():
    return class_entries("backprop-logistic", 2, STUDENTS)


@pytest.fixture(scope="module")
def answers(entries, ref):
    by_id = {s.id: ex for ex, s in entries}
    out = {}

    def right(sid):
        ex = by_id[sid]
        return ex, _numbers(ex, ref.numpy_step(ex.network))

    ex, n = right("s01")
    out["s01"] = _written(ex, n)
    ex, n = right("s02")
    out["s02"] = _written(ex, n, extra=2)
    ex, n = right("s03")
    n["y1^a"] = 1 - n["y1^a"]  # seed 000's slip: 1/(1 + e^(+y1))
    out["s03"] = _written(ex, n)
    ex = by_id["s04"]  # z1 off by 0.1, everything after it computed from the wrong z1
    slipped = ref.numpy_step(ex.network)[0]["z1"] + 0.1
    out["s04"] = _written(ex, _numbers(ex, ref.numpy_step(ex.network, {"z1": slipped})))
    ex, n = right("s05")
    for q in ex.quantities:
        if q.key.endswith("+"):
            p = q.key[:-1]
            n[q.key] = dict(ex.givens)[p] - n[f"dE/d{p}"]  # η forgotten
    out["s05"] = _written(ex, n)
    out["s06"] = dict.fromkeys(by_id["s06"].keys, "")
    # s07 hands in nothing
    ex, n = right("s08")  # one decimal fewer than asked; the first two values three fewer
    out["s08"] = {q.key: at_precision(n[q.key], q.decimals - (3 if i < 2 else 1))
                  for i, q in enumerate(ex.quantities)}
    ex, n = right("s09")
    out["s09"] = {**_written(ex, n), "z1": "abc"}
    ex, n = right("s10")
    n["dE/dw5"] = -n["dE/dw5"]
    out["s10"] = _written(ex, n)
    out["s99"] = {"y1": "1"}
    return out


@pytest.fixture(scope="module")
def result(entries, answers):
    return grade_class(entries, answers)


def _g(result, sid):
    return next(g for g in result.graded if g.student.id == sid)


def test_right_sheets_get_full_marks(result):
    for sid in ("s01", "s02"):
        g = _g(result, sid)
        assert g.score == g.total == 31
        assert g.marking.ok and not g.marking.hints


def test_flipped_sigmoid_costs_one_mark_with_the_hint(result):
    g = _g(result, "s03")
    assert g.score == g.total - 1
    assert g.marking["y1^a"].verdict == "wrong"
    assert "sign of the exponent is flipped" in g.marking["y1^a"].hint


def test_a_slip_carried_forward_is_blamed_once(result):
    g = _g(result, "s04")
    verdicts = {m.key: m.verdict for m in g.marking.marks}
    assert [k for k, v in verdicts.items() if v == "wrong"] == ["z1"]
    assert list(verdicts.values()).count("carried") >= 10
    assert g.score == g.total - 1
    assert "earlier" in g.marking["z1^a"].hint


def test_forgotten_eta_is_named_for_every_update(result, entries):
    g = _g(result, "s05")
    updates = [m for m in g.marking.marks if m.key.endswith("+")]
    assert all(m.verdict == "wrong" for m in updates)
    assert all("η" in m.hint for m in updates)
    assert g.score == g.total - len(updates)


def test_blank_and_absent_sheets_score_zero(result):
    blank = _g(result, "s06")
    assert blank.score == 0 and all(m.verdict == "missing" for m in blank.marking.marks)
    assert blank.marking["y1"].hint.startswith("No answer. y1 = x1·w1")
    absent = _g(result, "s07")
    assert absent.marking is None and absent.score == 0


def test_too_few_decimals_earn_half_marks_or_none(result, entries):
    g = _g(result, "s08")
    ex = next(e for e, s in entries if s.id == "s08")
    for i, (m, q) in enumerate(zip(g.marking.marks, ex.quantities)):
        short = 3 if i < 2 else 1
        if round(q.value, q.decimals - short) == round(q.value, q.decimals):  # says it all
            assert m.verdict == "right", m.key
        elif short == 1:
            assert m.verdict == "imprecise" and m.points == 0.5, m.key
            assert f"Give {q.decimals} decimals" in m.hint
        else:
            assert m.verdict == "wrong" and "decimals" in m.hint, m.key


def test_unreadable_cell(result):
    g = _g(result, "s09")
    assert g.marking["z1"].verdict == "unreadable"
    assert "'abc' is not a number" in g.marking["z1"].hint
    assert g.score == g.total - 1


def test_flipped_gradient_sign(result):
    g = _g(result, "s10")
    m = g.marking["dE/dw5"]
    assert m.verdict == "wrong" and "sign" in m.hint
    assert g.score == g.total - 1


def test_stranger_rows_are_reported(result):
    assert result.strangers == ("s99",)


def test_an_unknown_column_is_an_error_naming_the_expected_ones(entries, answers):
    with pytest.raises(ConfigError, match=r"answers.csv: unknown column 'dE/dw9'; the key "
                                          r"asks for id,y1,y2,.*dE/dw5.*c1\+"):
        grade_class(entries, {**answers, "s99": {"y1": "1", "dE/dw9": "0"}}, "answers.csv")


def test_gradebook_rows_and_feedback(result):
    rows = list(csv.DictReader(io.StringIO(gradebook_csv(result))))
    assert [r["id"] for r in rows] == [s.id for s in STUDENTS]
    by_id = {r["id"]: r for r in rows}
    assert by_id["s01"]["score"] == "31" and by_id["s01"]["percent"] == "100.0"
    assert by_id["s03"]["y1^a"] == "wrong" and by_id["s03"]["score"] == "30"
    assert by_id["s07"]["y1"] == "no answers"
    assert math.isclose(float(by_id["s08"]["score"]), _g(result, "s08").score)
    text = feedback_markdown(_g(result, "s03"))
    assert "sign of the exponent is flipped" in text and "Score: 30 / 31" in text


def test_gradebook_defuses_spreadsheet_formulas(entries):
    evil = [(entries[0][0], Student("=HYPERLINK(1)", "+cmd"))]
    text = gradebook_csv(grade_class(evil, {}))
    assert "'=HYPERLINK(1)" in text and "'+cmd" in text
