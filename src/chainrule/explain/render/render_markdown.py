"""Markdown for a :class:`~chainrule.explain.render.document.Document`.

Two ways to write the mathematics: ``math="text"`` (the default) uses the unicode text forms
in code spans and fenced blocks — readable as plain text in a terminal, a diff or a golden file;
``math="latex"`` uses ``$…$`` and ``$$\\begin{aligned}…$$`` for renderers with MathJax/KaTeX
(GitHub, Jupyter).
"""

from __future__ import annotations

from chainrule.errors import ConfigError
from chainrule.escape import markdown_code, markdown_fence, markdown_text, terminal
from chainrule.explain.render.document import (
    Document,
    Equation,
    Heading,
    Inline,
    MatrixEquation,
    Para,
    Table,
)

MATH_STYLES = ("text", "latex")


def _inline(part: Inline, math: str, in_table: bool = False) -> str:
    if isinstance(part, str):
        return markdown_text(part)
    text = f"${part.latex}$" if math == "latex" else markdown_code(part.text)
    return text.replace("|", r"\|") if in_table else text


def _table(block: Table, math: str) -> list[str]:
    right = block.numeric or (False,) * len(block.header)
    lines = ["| " + " | ".join(markdown_text(h) for h in block.header) + " |",
             "|" + "|".join("---:" if r else "---" for r in right) + "|"]
    for row in block.rows:
        lines.append("| " + " | ".join(_inline(c, math, True) for c in row) + " |")
    return lines


def _equation(block: Equation, math: str) -> list[str]:
    if math == "latex":
        body = [rf"{block.lhs.latex} &= {block.rhs[0].latex}"]
        body += [rf"&= {m.latex}" for m in block.rhs[1:]]
        return ["$$", r"\begin{aligned}", " \\\\\n".join(body), r"\end{aligned}", "$$"]
    pad = " " * len(terminal(block.lhs.text))
    lines = [terminal(f"{block.lhs.text} = {block.rhs[0].text}")]
    lines += [f"{pad} = {terminal(m.text)}" for m in block.rhs[1:]]
    fence = markdown_fence(lines)
    return [fence + "text", *lines, fence]


def _drawn(lines: list[str]) -> list[str]:
    lines = [terminal(line) for line in lines]
    fence = markdown_fence(lines)
    return [fence + "text", *lines, fence]


def render_markdown(document: Document, math: str = "text") -> str:
    """The document as Markdown.

    Parameters
    ----------
    document : Document
    math : {"text", "latex"}
        How formulas are written (see the module docstring).

    Returns
    -------
    str
        Markdown text ending with a newline.
    """
    if math not in MATH_STYLES:
        raise ConfigError(f"to_markdown: math must be one of {', '.join(MATH_STYLES)}; "
                          f"got {math!r}")
    out = [f"# {markdown_text(document.title)}"]
    for block in document.blocks:
        out.append("")
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + markdown_text(block.text))
        elif isinstance(block, Para):
            out.append("".join(_inline(p, math) for p in block.parts))
        elif isinstance(block, Table):
            out += _table(block, math)
        elif isinstance(block, Equation):
            out += _equation(block, math)
        elif isinstance(block, MatrixEquation):
            out += (_equation(block.as_equation(), math) if math == "latex"
                    else _drawn(block.text_block()))
    return "\n".join(out) + "\n"


__all__ = ["MATH_STYLES", "render_markdown"]
