"""How a tour section looks: on the terminal (through :class:`Output`) and as Markdown.

The tour's content (:mod:`chainrule.tour`) is data; these two functions are its only views.
The Markdown view links the figures relative to the tour's folder, so ``tour.md`` written into
that folder shows its pictures in any Markdown viewer.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from chainrule.cli.output import Output
from chainrule.escape import markdown_fence

PICTURES = (".png", ".svg", ".gif")


def render_section(out: Output, section: Any, index: int, total: int) -> None:
    """One section: heading, text, derivations, tables, corrections, figures, commands."""
    out.heading(f"[{index}/{total}] {section.heading}")
    for paragraph in section.text:
        out.text(paragraph)
        out.blank()
    for block in section.derivations:
        out.text(_indent(block), style="green")
        out.blank()
    for table in section.tables:
        align = "l" + "r" * (len(table.columns) - 1)
        if any(not _numeric(row[1]) for row in table.rows if len(row) > 1):
            align = "l" * len(table.columns)
        out.table(table.columns, table.rows, title=table.title or None, align=align)
        out.blank()
    for c in section.corrections:
        out.verdict(False, f"the seed says:  {c.seed_says}")
        out.verdict(True, f"correct:        {c.correct}")
        out.text(f"  evidence: {c.evidence}", style="dim")
        out.blank()
    for fig in section.figures:
        kind = "picture" if fig.path.suffix.lower() in PICTURES else "file"
        out.text(f"{kind}: {fig.path} — {fig.caption}", style="cyan")
    for command in section.commands:
        out.text(f"$ {command}", style="dim")
    out.blank()


def _numeric(cell: str) -> bool:
    try:
        float(cell.rstrip("%"))
    except ValueError:
        return False
    return True


def _indent(block: str) -> str:
    return "\n".join("    " + line for line in block.splitlines())


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|") if text else " "


def section_markdown(section: Any, folder: Path) -> str:
    """The section as Markdown; figure links are relative to ``folder``."""
    lines = [f"## {section.heading}", ""]
    for paragraph in section.text:
        lines += [paragraph, ""]
    for block in section.derivations:
        fence = markdown_fence(block.splitlines())
        lines += [fence + "text", block, fence, ""]
    for table in section.tables:
        if table.title:
            lines += [f"**{table.title}**", ""]
        lines.append("| " + " | ".join(_md_cell(c) for c in table.columns) + " |")
        lines.append("|" + "|".join("---" for _ in table.columns) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table.rows]
        lines.append("")
    if section.corrections:
        lines += ["**Corrections**", ""]
        for c in section.corrections:
            lines.append(f"- The seed says: {c.seed_says}  \n  Correct: {c.correct}  \n"
                         f"  Evidence: {c.evidence}")
        lines.append("")
    for fig in section.figures:
        rel = os.path.relpath(fig.path, folder)
        if Path(rel).suffix.lower() in PICTURES:
            lines += [f"![{fig.caption}]({rel})", ""]
        else:
            lines += [f"[{fig.caption}]({rel})", ""]
    if section.commands:
        lines += ["```sh", *section.commands, "```", ""]
    return "\n".join(lines)


def tour_markdown(sections: list[Any], folder: Path, seconds: float) -> str:
    """The whole tour as one Markdown page."""
    head = ["# chainrule tour: the seed curriculum, recomputed", "",
            "Every worked example of seeds 000–003 in order, computed by chainrule; where a "
            "seed slipped, the correction and the recomputed evidence follow the example.",
            "", f"Built in {seconds:.1f} s.", ""]
    return "\n".join(head + [section_markdown(s, folder) for s in sections])
