"""Moodle XML export: each student's own numbers as their own question.

For every entry of a key (one exercise per student) the export holds a category
``$course$/chainrule/<kind>/<student id>`` with one question:

* a **numerical** question when one number is asked (tolerance ± half a unit of the stated
  last decimal);
* a **cloze** (multi-part) question otherwise: the whole table — a backprop step's forward
  values, gradients and updates — with a ``{1:NUMERICAL:=value:tolerance}`` gap per number
  and a ``{1:SHORTANSWER:=…}`` gap for a name (the slipped line).

Formula answers (a derivative as a formula) have no Moodle question type without plug-ins;
they are listed in the question text as "answer on paper" and left out of the gaps. The XML is
built with :mod:`xml.etree.ElementTree`, which escapes ``& < >``; cloze answers escape
``} # ~ / " \\`` as Moodle's cloze syntax requires.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from chainrule.escape import html_text
from chainrule.exercise.handnumbers import at_precision
from chainrule.exercise.keyfile import Entry
from chainrule.exercise.problem import Exercise, Quantity
from chainrule.exercise.render import html
from chainrule.exercise.sheets import Student, statement

CLOZE_SPECIAL = '}#~/"\\'


def tolerance(q: Quantity) -> float:
    """Half a unit of the stated last decimal: the answers that round to the key's value."""
    return 0.5 * 10.0 ** -q.decimals


def cloze_escape(text: str) -> str:
    """``text`` inside a cloze answer: ``} # ~ / " \\`` backslash-escaped."""
    return "".join("\\" + c if c in CLOZE_SPECIAL else c for c in text)


def _fmt_tol(q: Quantity) -> str:
    return at_precision(tolerance(q), q.decimals + 1)


def gradable(ex: Exercise) -> list[Quantity]:
    """The quantities a platform can grade: numbers and names (not formulas)."""
    return [q for q in ex.quantities if q.formula is None]


def _question_text(ex: Exercise, student: Student, rows: str) -> str:
    paper = [q for q in ex.quantities if q.formula is not None]
    note = ("<p>Answer on paper: " + ", ".join(html_text(q.label) for q in paper) + ".</p>"
            if paper else "")
    return html(statement(ex, student), standalone=False, style=False) + note + rows


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        ET.SubElement(el, "text").text = text
    return el


def question(ex: Exercise, student: Student) -> ET.Element:
    """The Moodle ``<question>`` of one student's exercise."""
    qs = gradable(ex)
    name = f"{ex.kind} {student.id}"
    if len(qs) == 1 and qs[0].value is not None:
        q = qs[0]
        el = ET.Element("question", {"type": "numerical"})
        _sub(el, "name", name)
        text = _question_text(ex, student, f"<p>{html_text(q.label)} = ?</p>")
        _sub(el, "questiontext", text, format="html")
        ET.SubElement(el, "defaultgrade").text = "1"
        ans = ET.SubElement(el, "answer", {"fraction": "100", "format": "moodle_auto_format"})
        ET.SubElement(ans, "text").text = at_precision(q.value, q.decimals)
        ET.SubElement(ans, "tolerance").text = _fmt_tol(q)
        _sub(ans, "feedback", "")
        return el
    gaps = []
    for q in qs:
        if q.value is not None:
            gap = f"{{1:NUMERICAL:={at_precision(q.value, q.decimals)}:{_fmt_tol(q)}}}"
        else:
            gap = f"{{1:SHORTANSWER:={cloze_escape(q.text or '')}}}"
        gaps.append(f"<tr><td>{html_text(q.label)}</td><td>{gap}</td></tr>")
    rows = "<table><tbody>" + "".join(gaps) + "</tbody></table>"
    el = ET.Element("question", {"type": "cloze"})
    _sub(el, "name", name)
    _sub(el, "questiontext", _question_text(ex, student, rows), format="html")
    _sub(el, "generalfeedback", "", format="html")
    ET.SubElement(el, "penalty").text = "0"
    ET.SubElement(el, "hidden").text = "0"
    return el


def moodle_xml(entries: Sequence[Entry]) -> str:
    """The Moodle XML quiz file of a key: a category and a question per student."""
    quiz = ET.Element("quiz")
    for ex, student in entries:
        cat = ET.SubElement(quiz, "question", {"type": "category"})
        _sub(cat, "category", f"$course$/chainrule/{ex.kind}/{student.id}")
        quiz.append(question(ex, student))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, "unicode") + "\n"


__all__ = ["cloze_escape", "gradable", "moodle_xml", "question", "tolerance"]
