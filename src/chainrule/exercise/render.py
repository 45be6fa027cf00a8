"""Render worksheet/key documents (:mod:`~chainrule.exercise.sheets`) as Markdown, HTML or
LaTeX; and the network picture, drawn by :func:`chainrule.viz.draw_network`.

Every string that is not produced by a library renderer goes through :mod:`chainrule.escape`
for its format (student names and ids come from a class list). Generated numbers and formulas
are escaped too: nothing reaches a file unescaped. LaTeX is meant for pdflatex, so
:func:`latex_prose` also writes the unicode math of the sheets (σ, ∂, −, ·, ′, sub- and
superscripts) as LaTeX math.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from chainrule.errors import ChainruleError
from chainrule.escape import html_text, markdown_text
from chainrule.escape import latex_text as escape_latex
from chainrule.exercise import explainer
from chainrule.exercise.problem import Exercise
from chainrule.exercise.sheets import Block, Label

_UNICODE_MATH = {
    "σ": r"\sigma", "η": r"\eta", "α": r"\alpha", "∂": r"\partial", "Σ": r"\Sigma",
    "−": "-", "·": r"\cdot", "′": "'", "½": r"\tfrac12", "≈": r"\approx", "←": r"\leftarrow",
    "→": r"\to", "∇": r"\nabla", "×": r"\times", "√": r"\surd", "≤": r"\le", "≥": r"\ge",
    "π": r"\pi", "±": r"\pm", "⋯": r"\cdots", "δ": r"\delta", "ε": r"\varepsilon",
    "λ": r"\lambda", "μ": r"\mu", "θ": r"\theta", "φ": r"\varphi", "Δ": r"\Delta",
    "⊙": r"\odot", "ˡ": "^{l}", "ᵀ": r"^{\top}", "ⁿ": "^{n}",
    **{c: f"_{{{s}}}" for c, s in zip("₀₁₂₃₄₅₆₇₈₉ₖⱼᵢ₊₋", "0123456789kji+-")},
    **{c: f"^{{{s}}}" for c, s in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁱʲ", "0123456789+-ij")},
}


# pdflatex reads UTF-8 but knows few math characters; the same table declares them, so unicode
# math inside library-rendered LaTeX (explain's prose) compiles too.
PREAMBLE = ("\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath}\n"
            "\\usepackage{amssymb}\n\\usepackage{booktabs}\n\\usepackage{graphicx}\n"
            "\\usepackage{longtable}\n\\usepackage[margin=2cm]{geometry}\n"
            "\\setlength{\\parindent}{0pt}\n"
            + "".join(f"\\DeclareUnicodeCharacter{{{ord(c):04X}}}{{\\ensuremath{{{v}}}}}\n"
                      for c, v in _UNICODE_MATH.items()))


def latex_prose(text: str) -> str:
    """``text`` as LaTeX prose for pdflatex: escaped by :func:`chainrule.escape.latex_text`,
    with the unicode math above as ``$…$``; a run of subscripts (``ₖ₊₁``) becomes one
    ``_{k+1}``, and likewise superscripts."""
    out: list[str] = []
    run: list[str] = []  # the math of consecutive unicode-math characters
    for ch in str(text):
        if ch in _UNICODE_MATH:
            tex = _UNICODE_MATH[ch]
            if run and tex[:2] in ("_{", "^{") and run[-1][:2] == tex[:2]:
                run[-1] = run[-1][:-1] + tex[2:]  # merge into the previous _{…} or ^{…}
            else:
                run.append(tex)
            continue
        if run:
            out.append("$" + " ".join(run) + "$")
            run = []
        out.append(escape_latex(ch))
    if run:
        out.append("$" + " ".join(run) + "$")
    return "".join(out)


CSS_RULES = ("table{border-collapse:collapse;margin:.5em 0}",
             "td,th{border:1px solid #999;padding:.2em .6em;min-width:6em}",
             ".math{font-family:serif;font-size:1.1em;margin:.5em 1em}",
             ".picture svg{max-width:100%;height:auto}")
PAGE_CSS = "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"


def _css(scope: str = "") -> str:
    """The sheet's CSS; inside a notebook every rule is scoped to the exercise's own div."""
    rules = CSS_RULES if not scope else tuple(
        ",".join(f"{scope} {sel}" for sel in rule.split("{", 1)[0].split(",")) + "{"
        + rule.split("{", 1)[1] for rule in CSS_RULES)
    return "".join(rules)


def picture_svg(ex: Exercise) -> str:
    """The network of ``ex`` as SVG text: names on the edges and nodes, biases' values."""
    from chainrule.viz import network_svg

    return network_svg(explainer.network(ex.network or {}), show="name")


def picture_png(ex: Exercise) -> bytes:
    """The same picture as PNG bytes (for LaTeX)."""
    from chainrule.viz import draw_network

    fig = draw_network(explainer.network(ex.network or {}), show="name")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return buf.getvalue()


# -- Markdown ---------------------------------------------------------------------------------
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def md_cell(cell: str | Label) -> str:
    """A table cell: a plain number as it is (nothing in it is Markdown), anything else
    escaped."""
    if isinstance(cell, Label):
        return markdown_text(cell.label)
    if _NUMBER.fullmatch(cell):
        return cell
    return markdown_text(cell) if cell else " "


def markdown(blocks: Sequence[Block], picture: str = "network.svg") -> str:
    """Markdown text; a picture block links ``picture`` (a file written beside it)."""
    out = []
    for b in blocks:
        if b.kind == "heading":
            out.append("#" * b.level + " " + markdown_text(b.text))
        elif b.kind == "para":
            out.append(markdown_text(b.text))
        elif b.kind == "math":
            out.append(f"$$\n{b.latex}\n$$\n\n`{b.text.replace('`', '')}`")
        elif b.kind == "picture":
            out.append(f"![the network]({picture})")
        elif b.kind == "table":
            lines = ["| " + " | ".join(markdown_text(h) or " " for h in b.header) + " |",
                     "|" + "---|" * len(b.header)]
            lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in b.rows]
            out.append("\n".join(lines))
        elif b.kind == "raw":
            out.append(b.raw["md"].strip())
    return "\n\n".join(out) + "\n"


# -- HTML -------------------------------------------------------------------------------------
def _html_cell(cell: str | Label) -> str:
    if isinstance(cell, Label):
        return f"<code>{html_text(cell.label)}</code>"
    return html_text(cell)


def html(blocks: Sequence[Block], picture: str = "", standalone: bool = True,
         style: bool = True) -> str:
    """HTML: a whole page (inline CSS, no scripts) or a fragment (with its CSS unless
    ``style=False``); a picture block inlines ``picture`` (SVG text from
    :func:`picture_svg`)."""
    out = []
    for b in blocks:
        if b.kind == "heading":
            out.append(f"<h{b.level}>{html_text(b.text)}</h{b.level}>")
        elif b.kind == "para":
            out.append(f"<p>{html_text(b.text)}</p>")
        elif b.kind == "math":
            out.append(f'<div class="math">{_mathml(b)}</div>')
        elif b.kind == "picture" and picture:
            out.append(f'<div class="picture">{picture}</div>')
        elif b.kind == "table":
            head = "".join(f"<th>{html_text(h)}</th>" for h in b.header)
            rows = "".join("<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in row) + "</tr>"
                           for row in b.rows)
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif b.kind == "raw":
            out.append(b.raw["html"])
    body = "\n".join(out)
    if not standalone:
        css = f"<style>{_css('.chainrule-exercise')}</style>" if style else ""
        return f"<div class=\"chainrule-exercise\">{css}{body}</div>"
    title = next((b.text for b in blocks if b.kind == "heading"), "exercise")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html_text(title)}</title><style>{PAGE_CSS}{_css()}</style></head>\n"
            f"<body>\n{body}\n"
            f"</body></html>\n")


def _mathml(b: Block) -> str:
    """MathML of a displayed formula ``name = formula`` (SymPy's presentation printer), with
    the text form as its accessible annotation; the text alone if it cannot be parsed."""
    import sympy as sp

    from chainrule.symbolic import parse

    name, _, rhs = b.text.partition(" = ")
    source = next((d for d in (b.raw.get("formula"),) if d), None)
    try:
        expr = parse(source).expr if source else None
    except ChainruleError:
        expr = None
    if expr is None:
        return html_text(b.text)
    body = sp.mathml(expr, printer="presentation")
    return (f'<math display="block"><mrow><mi>{html_text(name)}</mi><mo>=</mo>{body}</mrow>'
            f'</math><span hidden>{html_text(rhs)}</span>')


# -- LaTeX ------------------------------------------------------------------------------------
def _latex_cell(cell: str | Label) -> str:
    if cell == "":  # a blank to write in: leave room for a hand-written number
        return r"\hspace*{7em}"
    if isinstance(cell, Label):
        return f"${_latex_label(cell)}$" if cell.network else latex_prose(cell.label)
    return latex_prose(cell)


def _latex_label(label: Label) -> str:
    kind, node, wrt = explainer.key_kind(label.key)
    name = explainer.latex_name(node)
    if kind == "gradient":
        return rf"\partial E/\partial {name}"
    if kind == "local":
        return rf"\partial {name}/\partial {explainer.latex_name(wrt or '')}"
    if kind == "update":
        return f"{{{name}}}^{{+}}"
    return name


def latex(blocks: Sequence[Block], picture: str = "network.png", standalone: bool = True) -> str:
    """LaTeX for pdflatex: a whole document or a fragment; a picture block includes
    ``picture`` (a PNG written beside it)."""
    out = []
    for b in blocks:
        if b.kind == "heading":
            cmd = {1: "section*", 2: "subsection*"}.get(b.level, "paragraph*")
            out.append(f"\\{cmd}{{{latex_prose(b.text)}}}")
        elif b.kind == "para":
            out.append(latex_prose(b.text) + "\n")
        elif b.kind == "math":
            out.append(f"\\[{b.latex}\\]")
        elif b.kind == "picture":
            out.append(f"\\begin{{center}}\\includegraphics[width=0.8\\linewidth]"
                       f"{{{latex_prose(picture)}}}\\end{{center}}")
        elif b.kind == "table":
            cols = "l" * len(b.header)
            head = " & ".join(latex_prose(h) for h in b.header)
            rows = "".join(" & ".join(_latex_cell(c) for c in row) + r" \\[6pt]" + "\n"
                           for row in b.rows)
            out.append(f"\\begin{{longtable}}{{{cols}}}\n\\toprule\n{head} \\\\\n\\midrule\n"
                       f"{rows}\\bottomrule\n\\end{{longtable}}")
        elif b.kind == "raw":
            out.append(b.raw["latex"])
    body = "\n".join(out) + "\n"
    if not standalone:
        return body
    return f"{PREAMBLE}\\begin{{document}}\n{body}\\end{{document}}\n"


__all__ = ["html", "latex", "latex_prose", "markdown", "md_cell", "picture_png", "picture_svg"]
