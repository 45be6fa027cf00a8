"""Worksheets and answer keys as documents: blocks that :mod:`~chainrule.exercise.render`
turns into Markdown, HTML or LaTeX.

A worksheet has the task, the formulas, the givens, the network picture (network kinds) and
blank answer tables — forward pass, error, ∂E/∂p and p⁺ for a backprop step. The key has the
same tables filled in at the stated precision, then the full working: for a network the
:mod:`chainrule.explain` walkthrough (every chain-rule line with its numbers), for a formula
the :func:`chainrule.symbolic.diff` derivation rule by rule, for the other kinds each quantity
with how it is computed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from chainrule.escape import html_text, latex_text
from chainrule.exercise import explainer
from chainrule.exercise.handnumbers import at_precision, written
from chainrule.exercise.problem import Exercise, Quantity
from chainrule.symbolic import diff, parse

TABLES = (("forward", "Forward pass"), ("error", "Error"), ("gradient", "Gradients"),
          ("update", "Updates"), ("answer", "Answers"), ("slip", "Answers"))


@dataclass(frozen=True)
class Student:
    """Who a sheet is for (``name`` may be empty)."""

    id: str
    name: str = ""

    @property
    def shown(self) -> str:
        """``Ada Lovelace (s001)`` or ``s001``."""
        return f"{self.name} ({self.id})" if self.name else self.id


@dataclass(frozen=True)
class Label:
    """A quantity's name in a table: text ``label``, LaTeX from its key."""

    key: str
    label: str
    network: bool = False


@dataclass(frozen=True)
class Block:
    """One piece of a document: ``heading``, ``para``, ``math`` (text, latex), ``table``
    (header, rows of str or Label), ``picture`` (the exercise's network), or ``raw`` (already
    rendered per format by a library renderer, keyed md/html/latex)."""

    kind: str
    text: str = ""
    latex: str = ""
    level: int = 2
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str | Label, ...], ...] = ()
    raw: dict[str, str] = field(default_factory=dict)


def _head(ex: Exercise, student: Student | None, key: bool) -> list[Block]:
    what = "Answer key" if key else "Worksheet"
    blocks = [Block("heading", f"{what}: {ex.title}", level=1)]
    who = f"Student: {student.shown}. " if student else ""
    blocks.append(Block("para", f"{who}Exercise {ex.kind}, level {ex.level}, seed {ex.seed}."))
    blocks.append(Block("para", ex.statement))
    source = ex.extra.get("formula")
    blocks += [Block("math", text, latex, raw={"formula": source} if i == 0 and source else {})
               for i, (text, latex) in enumerate(ex.displays)]
    net = ex.network is not None
    if ex.network is not None:
        blocks.append(Block("picture"))
    if ex.givens:
        blocks.append(Block("heading", "Given", level=2))
        blocks.append(Block("table", header=("", "value"),
                            rows=tuple((Label(n, n, net), written(v)) for n, v in ex.givens)))
    if ex.kind == "slip":
        blocks.append(Block("heading", "The worked step", level=2))
        blocks.append(Block("table", header=("line", "computed as", "value"),
                            rows=tuple((Label(n, n, True), how, v) for n, how, v
                                       in ex.extra["worked"])))
    return blocks


def _answer(q: Quantity, key: bool) -> str:
    if not key:
        return ""
    if q.value is not None:
        return at_precision(q.value, q.decimals)
    return parse(q.formula).to_text() if q.formula is not None else q.text or ""


def _tables(ex: Exercise, key: bool) -> list[Block]:
    blocks = []
    for group, title in TABLES:
        qs = [q for q in ex.quantities if q.group == group]
        if not qs or group == "update":  # updates share the gradients' table
            continue
        blocks.append(Block("heading", title, level=2))
        if group == "gradient":
            updates = {q.key[:-1]: q for q in ex.quantities if q.group == "update"}
            rows = []
            for q in qs:
                p = q.key[len("dE/d"):]
                u = updates.get(p)
                rows.append((Label(p, p, True), _answer(q, key), _places(q),
                             _answer(u, key) if u else "", _places(u) if u else ""))
            blocks.append(Block("table", header=("p", "∂E/∂p", "decimals", "p⁺", "decimals"),
                                rows=tuple(rows)))
            continue
        net = ex.network is not None and group != "slip"
        rows = [(Label(q.key, q.label, net), _answer(q, key), _places(q)) for q in qs]
        blocks.append(Block("table", header=("", "your answer" if not key else "answer",
                                             "decimals"), rows=tuple(rows)))
    return blocks


def answers_header(keys: Sequence[str]) -> str:
    """The first line of an answers CSV for ``chainrule grade``: ``id`` and the ``keys`` (a
    key with a comma, ``df/dx(x0,y0)``, is quoted as CSV quotes it)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(["id", *keys])
    return buf.getvalue()


def _columns(keys: Sequence[str]) -> Block:
    """The line that names the answers file's columns, as grading reads them."""
    header = answers_header(keys)
    words = "Answers file for chainrule grade: a CSV (a name column may follow id) headed"
    return Block("raw", raw={"md": f"{words} `{header}`",
                             "html": f"<p>{html_text(words)} <code>{html_text(header)}</code>"
                                     f"</p>",
                             "latex": f"{latex_text(words)} \\texttt{{{latex_text(header)}}}\n"})


def _named(ex: Exercise, q: Quantity) -> bool:
    """The quantity is a node of the exercise's network (its LaTeX comes from the name)."""
    return ex.network is not None and q.group != "slip"


def _places(q: Quantity) -> str:
    return str(q.decimals) if q.value is not None else "formula" if q.formula else "name"


def _working(ex: Exercise) -> list[Block]:
    blocks = [Block("heading", "Working", level=2)]
    if ex.network is not None and ex.kind != "slip":
        doc = explainer.explanation(ex.network)
        blocks.append(Block("raw", raw={"md": doc.to_markdown(math="text"),
                                        "html": doc.to_html(standalone=False),
                                        "latex": doc.to_latex(standalone=False)}))
        return blocks
    for q in ex.quantities:
        if q.formula is not None and q.expr is not None:
            d = diff(q.expr, q.wrt or "x")
            blocks.append(Block("raw", raw={"md": d.to_markdown(),
                                            "html": f"<pre>{html_text(d.to_text())}</pre>",
                                            "latex": f"\\[{d.to_latex()}\\]"}))
        else:
            blocks.append(Block("para", f"{q.label} = {_answer(q, True)}: {q.hint}"))
    if ex.kind == "slip":
        blocks.append(Block("para", f"The planted slip: {ex.extra['slip']} in line "
                                    f"{ex.extra['line']}."))
    return blocks


def statement(ex: Exercise, student: Student | None = None) -> list[Block]:
    """The task alone: title, statement, formulas, givens (no picture, no answer tables)."""
    return [b for b in _head(ex, student, False)[1:] if b.kind != "picture"]


def worksheet(ex: Exercise, student: Student | None = None) -> list[Block]:
    """The blank worksheet of ``ex``."""
    return [*_head(ex, student, False), *_tables(ex, False), _columns(ex.keys)]


def key(ex: Exercise, student: Student | None = None) -> list[Block]:
    """The answer key of ``ex``: tables filled in, then the full working."""
    return [*_head(ex, student, True), *_tables(ex, True), _columns(ex.keys), *_working(ex)]


def combined_key(entries: Sequence[tuple[Exercise, Student | None]]) -> list[Block]:
    """One key for a class: every student's answers, one table per student, no working."""
    blocks = [Block("heading", "Answer key for the class", level=1)]
    for ex, student in entries:
        who = student.shown if student else f"seed {ex.seed}"
        blocks.append(Block("heading", f"{who}: {ex.title}", level=2))
        blocks.append(Block("table", header=("", "answer", "decimals"),
                            rows=tuple((Label(q.key, q.label, _named(ex, q)), _answer(q, True),
                                        _places(q)) for q in ex.quantities)))
    return blocks


def worksheet_markdown(ex: Exercise, student: Student | None = None) -> str:
    """The worksheet as Markdown (the picture linked as ``<kind>-network.svg``)."""
    from chainrule.exercise.render import markdown

    return markdown(worksheet(ex, student), picture=f"{ex.kind}-network.svg")


def worksheet_html(ex: Exercise, student: Student | None = None,
                   standalone: bool = True) -> str:
    """The worksheet as HTML with the picture inline (SVG); a fragment for Jupyter."""
    from chainrule.exercise.render import html, picture_svg

    svg = picture_svg(ex) if ex.network is not None else ""
    return html(worksheet(ex, student), picture=svg, standalone=standalone)


__all__ = ["Block", "Label", "Student", "answers_header", "combined_key", "key", "statement",
           "worksheet", "worksheet_html", "worksheet_markdown"]
