"""A rich renderable for a :class:`~chainrule.explain.render.document.Document` (terminal output).

Returns a ``rich.console.Group``; computing never prints, the caller (the CLI) does::

    from rich.console import Console
    Console().print(explanation.to_rich())
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from chainrule.escape import terminal, terminal_lines
from chainrule.explain.render.document import (
    Document,
    Equation,
    Heading,
    Inline,
    MatrixEquation,
    Para,
    Table,
)

_HEADING_STYLES = {1: "bold underline", 2: "bold magenta", 3: "bold cyan", 4: "bold"}


def _text(part: Inline) -> Text:
    if isinstance(part, str):
        return Text(terminal(part))
    return Text(terminal(part.text), style="green")


def _table(block: Table) -> RichTable:
    right = block.numeric or (False,) * len(block.header)
    table = RichTable(show_header=True, header_style="bold", show_lines=False)
    for h, r in zip(block.header, right):
        table.add_column(terminal(h), justify="right" if r else "left", overflow="fold")
    for row in block.rows:
        table.add_row(*(_text(c) for c in row))
    return table


def _equation(block: Equation) -> Text:
    pad = " " * len(block.lhs.text)
    text = Text(terminal(f"{block.lhs.text} = {block.rhs[0].text}"), style="green")
    for m in block.rhs[1:]:
        text.append(f"\n{pad} = {terminal(m.text)}")
    return text


def render_rich(document: Document) -> Group:
    """The document as one rich renderable.

    Parameters
    ----------
    document : Document

    Returns
    -------
    rich.console.Group
    """
    items: list[RenderableType] = [Rule(Text(terminal(document.title), style=_HEADING_STYLES[1]))]
    for block in document.blocks:
        if isinstance(block, Heading):
            style = _HEADING_STYLES.get(block.level, "bold")
            items.append(Rule(Text(terminal(block.text), style=style), align="left")
                         if block.level <= 2 else Text("\n" + terminal(block.text), style=style))
        elif isinstance(block, Para):
            text = Text()
            for part in block.parts:
                text.append_text(_text(part))
            items.append(text)
        elif isinstance(block, Table):
            items.append(_table(block))
        elif isinstance(block, Equation):
            items.append(Padding(_equation(block), (0, 0, 0, 2)))
        elif isinstance(block, MatrixEquation):
            items.append(Padding(Text(terminal_lines("\n".join(block.text_block())), style="green"),
                                 (0, 0, 0, 2)))
    return Group(*items)


__all__ = ["render_rich"]
