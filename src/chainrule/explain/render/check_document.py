"""Lay out a :class:`~chainrule.explain.checking.check.BackpropCheck` as a document: a summary,
the first
wrong step with its hint, and one table row per value the learner wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chainrule.explain.render import document as doc
from chainrule.explain.render.document import Block, Document, Heading, Math, Para, Table
from chainrule.explain.render.notation import d_latex, fmt, latex_name

if TYPE_CHECKING:
    from chainrule.explain.checking.check import BackpropCheck, Judgement

_VERDICT_TEXT = {"right": "right", "carried": "follows from your values",
                 "wrong": "WRONG", "differs": "differs from the network"}


def _quantity(j: Judgement) -> Math:
    q = j.quantity
    if q.startswith("∂") and "/∂" in q:
        num, den = q[1:].split("/∂", 1)
        return Math(q, d_latex(num, den))
    if q.endswith("⁺"):
        return Math(q, latex_name(q[:-1]) + "^{+}")
    return doc.name(q)


def _written(j: Judgement, digits: int) -> Math:
    shown = fmt(j.given, 12)
    return Math(shown, shown) if j.tolerance == 0 else Math(
        f"{shown} ± {fmt(j.tolerance, 2)}", rf"{shown} \pm {fmt(j.tolerance, 2)}")


def check_document(result: BackpropCheck, digits: int = 6) -> Document:
    """The check as a document."""
    counts = {v: len(result.with_verdict(v)) for v in _VERDICT_TEXT}
    blocks: list[Block] = [Para((
        f"{len(result.judgements)} values checked against network {result.network.name!r}: "
        f"{counts['right']} right, {counts['carried']} follow correctly from earlier values of "
        f"yours but differ from the true ones, {counts['wrong']} wrong, {counts['differs']} "
        "given values differ from the network's. Each value is recomputed from your own "
        "earlier values, within the precision you wrote (±half a unit of your last digit, plus "
        "the rounding of the values it comes from), so one slip is marked once.",))]
    first = result.first_wrong
    if result.all_right:
        blocks.append(Para(("Everything is right.",)))
    elif first is not None:
        blocks += [Heading(2, "First wrong step"), Para((
            _quantity(first) + doc.raw(f" = {fmt(first.given, 12)}"), ": from your own values it "
            "is ", doc.number(first.local if first.local is not None else float("nan"), digits),
            "; the true value is ", doc.number(first.true, digits), "."))]
        if first.hint:
            blocks.append(Para(("Hint: " + first.hint,)))
    differs = result.with_verdict("differs")
    if differs:
        blocks.append(Para(("Given values that differ from the network: ", doc.join(
            [_quantity(j) + doc.raw(f" = {fmt(j.given, 12)} (network: {fmt(j.true, 12)})")
             for j in differs], "; ", "; "), ".")))
    rows = []
    for j in result.judgements:
        local = doc.number(j.local, digits) if j.local is not None else doc.raw("(given)")
        rows.append((_quantity(j), _written(j, digits), local, doc.number(j.true, digits),
                     _VERDICT_TEXT[j.verdict], j.hint or ""))
    blocks += [Heading(2, "Every value"), Table(
        ("quantity", "you wrote", "from your values", "true value", "verdict", "hint"),
        tuple(rows), (False, True, True, True, False, False))]
    if result.unknown:
        blocks.append(Para(("Keys that name nothing in the network: " + "; ".join(
            k + (f" (did you mean {s}?)" if s else "") for k, s in result.unknown) + ".",)))
    return Document(f"Check my work: {result.network.name}", tuple(blocks))


__all__ = ["check_document"]
