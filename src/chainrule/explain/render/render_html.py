"""A self-contained HTML page for a :class:`~chainrule.explain.render.document.Document`.

Mathematics is MathML (converted from each formula's LaTeX by
:mod:`chainrule.explain.render.mathml`),
styles are inline, and there are no scripts, fonts or links to fetch: the page reads the same
offline as online. ``standalone=False`` gives the ``<div>`` alone (for Jupyter).
"""

from __future__ import annotations

from chainrule.escape import html_text as escape
from chainrule.explain.render.document import (
    Document,
    Equation,
    Heading,
    Inline,
    MatrixEquation,
    Para,
    Table,
)
from chainrule.explain.render.mathml import aligned_to_mathml, latex_to_mathml

_CSS = """
.chainrule { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 72rem;
  margin: 1.5rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1f23; }
.chainrule h1 { font-size: 1.6rem; } .chainrule h2 { border-bottom: 1px solid #d0d7de; }
.chainrule table { border-collapse: collapse; margin: 0.75rem 0; }
.chainrule th, .chainrule td { border: 1px solid #d0d7de; padding: 0.25rem 0.6rem;
  vertical-align: middle; }
.chainrule th { background: #f6f8fa; text-align: left; }
.chainrule td.num { text-align: right; font-variant-numeric: tabular-nums; }
.chainrule .eq { overflow-x: auto; margin: 0.5rem 0 1rem; }
.chainrule math { font-size: 1.05em; }
.chainrule mtable.bmatrix { border-left: 1.5px solid; border-right: 1.5px solid;
  padding: 0 0.3em; margin: 0 0.25em;
  background: linear-gradient(currentColor, currentColor) left top / 0.35em 1.5px no-repeat,
    linear-gradient(currentColor, currentColor) left bottom / 0.35em 1.5px no-repeat,
    linear-gradient(currentColor, currentColor) right top / 0.35em 1.5px no-repeat,
    linear-gradient(currentColor, currentColor) right bottom / 0.35em 1.5px no-repeat; }
"""


def _inline(part: Inline) -> str:
    if isinstance(part, str):
        return escape(part)
    return latex_to_mathml(part.latex)


def _table(block: Table) -> str:
    right = block.numeric or (False,) * len(block.header)
    head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
    rows = []
    for row in block.rows:
        cells = "".join(f'<td class="num">{_inline(c)}</td>' if r else f"<td>{_inline(c)}</td>"
                        for c, r in zip(row, right))
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _equation(block: Equation) -> str:
    lines = [(block.lhs.latex, block.rhs[0].latex)]
    lines += [("", m.latex) for m in block.rhs[1:]]
    return f'<div class="eq">{aligned_to_mathml(lines)}</div>'


def render_html(document: Document, standalone: bool = True) -> str:
    """The document as HTML.

    Parameters
    ----------
    document : Document
    standalone : bool
        A whole page (``<!DOCTYPE html>`` … with its style) or only the content ``<div>``.

    Returns
    -------
    str
    """
    parts = [f"<h1>{escape(document.title)}</h1>"]
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(block.level, 6)
            parts.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Para):
            parts.append("<p>" + "".join(_inline(p) for p in block.parts) + "</p>")
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Equation):
            parts.append(_equation(block))
        elif isinstance(block, MatrixEquation):
            parts.append(_equation(block.as_equation()))
    body = '<div class="chainrule">\n' + "\n".join(parts) + "\n</div>"
    if not standalone:
        return f"<style>{_CSS}</style>\n{body}"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(document.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


__all__ = ["render_html"]
