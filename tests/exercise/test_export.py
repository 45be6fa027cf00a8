"""Moodle XML and GIFT: parsed back, every answer recomputed independently (NumPy/math)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from chainrule.exercise.classwork import class_entries
from chainrule.exercise.gift import gift, gift_escape
from chainrule.exercise.moodle import cloze_escape, moodle_xml
from chainrule.exercise.sheets import Student

STUDENTS = [Student(f"s{k}", f"Name {k}") for k in range(1, 5)] + [
    Student("evil", "</text>]]><x>{=~#:}\\ & Co")]
GAP = re.compile(r"\{1:NUMERICAL:=([-0-9.]+):([0-9.]+)\}")


def _expected(ex, ref):
    values, grads, updates = ref.numpy_step(ex.network)
    out = []
    for q in ex.quantities:
        if q.key.startswith("dE/d"):
            out.append((grads[q.key[4:]], q.decimals))
        elif q.key.endswith("+"):
            out.append((updates[q.key[:-1]], q.decimals))
        else:
            out.append((values[q.key], q.decimals))
    return out


@pytest.fixture(scope="module")
def backprop():
    return class_entries("backprop-logistic", 1, STUDENTS)


def test_moodle_cloze_parses_and_every_gap_is_recomputed(backprop, ref):
    root = ET.fromstring(moodle_xml(backprop))
    questions = root.findall("question")
    cats = [q.find("category/text").text for q in questions if q.get("type") == "category"]
    assert cats == [f"$course$/chainrule/backprop-logistic/{s.id}" for s in STUDENTS]
    clozes = [q for q in questions if q.get("type") == "cloze"]
    assert len(clozes) == len(STUDENTS)
    for q, (ex, student) in zip(clozes, backprop):
        text = q.find("questiontext/text").text
        assert html.escape(student.name) in text  # the name is HTML-escaped inside the XML
        gaps = GAP.findall(text)
        expected = _expected(ex, ref)
        assert len(gaps) == len(expected)
        for (answer, tol), (value, decimals) in zip(gaps, expected):
            assert float(tol) == pytest.approx(0.5 * 10.0**-decimals)
            assert abs(float(answer) - value) <= float(tol) + 1e-12
            assert len(answer.split(".")[1]) == decimals


def test_moodle_numerical_question_for_one_number():
    entries = class_entries("derivative-at", 2, STUDENTS[:3])
    root = ET.fromstring(moodle_xml(entries))
    nums = [q for q in root.findall("question") if q.get("type") == "numerical"]
    assert len(nums) == 3
    from chainrule.symbolic import to_function

    for q, (ex, _) in zip(nums, entries):
        answer = float(q.find("answer/text").text)
        tol = float(q.find("answer/tolerance").text)
        f = to_function(ex.extra["formula"])
        x0 = ex.extra["x0"]
        h = 1e-5
        slope = (float(f(x0 + h)) - float(f(x0 - h))) / (2 * h)
        assert abs(answer - slope) <= tol + 1e-6


def parse_gift(text):
    """A small GIFT reader: (category, title, question text, answer) per question, with the
    backslash escapes undone."""
    out, category = [], None
    for block in text.split("\n\n"):
        block = block.strip()
        if block.startswith("$CATEGORY:"):
            category = block.split(":", 1)[1].strip()
            continue
        if not block:
            continue
        m = re.fullmatch(r"::((?:\\.|[^:\\])*)::\[html\]((?:\\.|[^{\\])*)\{((?:\\.|[^}\\])*)\}",
                         block, re.S)
        assert m, block[:200]
        unescape = lambda s: re.sub(r"\\(.)", r"\1", s)  # noqa: E731
        out.append((category, unescape(m.group(1)), unescape(m.group(2)).strip(),
                    m.group(3)))
    return out


def test_gift_parses_and_every_answer_is_recomputed(backprop, ref):
    questions = parse_gift(gift(backprop))
    per = len(backprop[0][0].quantities)
    assert len(questions) == per * len(STUDENTS)
    for k, (ex, student) in enumerate(backprop):
        mine = questions[k * per:(k + 1) * per]
        assert {c for c, *_ in mine} == {f"chainrule/backprop-logistic/{student.id}"}
        for (_, title, text, answer), q, (value, decimals) in zip(mine, ex.quantities,
                                                                   _expected(ex, ref)):
            assert title == f"backprop-logistic {student.id} {q.key}"
            assert html.escape(student.name) in text
            number, tol = answer[1:].split(":")
            assert abs(float(number) - value) <= float(tol) + 1e-12
            assert float(tol) == pytest.approx(0.5 * 10.0**-decimals)


def test_slip_exports_the_line_as_a_short_answer():
    entries = class_entries("slip", 1, STUDENTS[:2])
    root = ET.fromstring(moodle_xml(entries))
    for q, (ex, _) in zip([q for q in root if q.get("type") == "cloze"], entries):
        text = q.find("questiontext/text").text
        assert "{1:SHORTANSWER:=" + cloze_escape(ex.extra["line"]) + "}" in text
    for _, _, _, answer in parse_gift(gift(entries)):
        assert answer.startswith(("#", "="))


def test_formula_answers_are_left_to_paper():
    entries = class_entries("chain", 1, STUDENTS[:1])
    text = ET.fromstring(moodle_xml(entries)).findall("question")[1].find(
        "questiontext/text").text
    assert "Answer on paper" in text and "f′(x)" in text
    assert [a[3][0] for a in parse_gift(gift(entries))] == ["#"]


def test_escapes():
    assert gift_escape("a{b}=c~d#e:f\\g") == "a\\{b\\}\\=c\\~d\\#e\\:f\\\\g"
    assert cloze_escape('dz1^a/dz1 "}#~') == 'dz1^a\\/dz1 \\"\\}\\#\\~'
