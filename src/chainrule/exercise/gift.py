"""GIFT export: one numerical question per asked number, each student's own numbers in their
own category (``$CATEGORY: chainrule/<kind>/<student id>``).

GIFT has no multi-part questions, so a backprop table becomes one question per quantity, each
repeating the task and the givens. Answers are ``{#value:tolerance}`` (tolerance ± half a unit
of the stated last decimal); a name (the slipped line) is a short answer ``{=name}``; formula
answers are left out. Text is HTML (``[html]``) with GIFT's special characters ``~ = # { } :``
and ``\\`` backslash-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from chainrule.escape import html_text
from chainrule.exercise.handnumbers import at_precision
from chainrule.exercise.keyfile import Entry
from chainrule.exercise.moodle import gradable, tolerance
from chainrule.exercise.render import html
from chainrule.exercise.sheets import statement

GIFT_SPECIAL = "~=#{}:\\"


def gift_escape(text: str) -> str:
    """``text`` for a GIFT question or answer: ``~ = # { } : \\`` backslash-escaped, newlines
    as spaces."""
    flat = " ".join(str(text).split())
    return "".join("\\" + c if c in GIFT_SPECIAL else c for c in flat)


def gift(entries: Sequence[Entry]) -> str:
    """The GIFT file of a key."""
    out = []
    for ex, student in entries:
        out.append(f"$CATEGORY: chainrule/{ex.kind}/{student.id}\n")
        task = html(statement(ex, student), standalone=False, style=False)
        for q in gradable(ex):
            title = gift_escape(f"{ex.kind} {student.id} {q.key}")
            text = gift_escape(f"{task}<p>{html_text(q.label)} = ?</p>")
            if q.value is not None:
                tol = at_precision(tolerance(q), q.decimals + 1)
                answer = f"{{#{at_precision(q.value, q.decimals)}:{tol}}}"
            else:
                answer = f"{{={gift_escape(q.text or '')}}}"
            out.append(f"::{title}::[html]{text} {answer}\n")
    return "\n".join(out)


__all__ = ["gift", "gift_escape"]
