"""Escaping of text that reaches a worksheet: one function per format.

Until ``chainrule.escape`` (engineer w13) is on main this module holds the exercise package's
only escaping; the functions are named as theirs (``latex_text``, ``html_text``,
``markdown_text``) so that switching is an import change here and nowhere else.

LaTeX output is meant for pdflatex, so :func:`latex_text` also turns the unicode math the sheets
use (σ, ∂, −, ·, ′, subscripts and superscripts …) into LaTeX math; any other non-ASCII
character is kept (``inputenc`` utf8 reads letters such as é).
"""

from __future__ import annotations

import html

_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
                  "#": r"\#", "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
                  "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
_LATEX_UNICODE = {
    "σ": r"\sigma", "η": r"\eta", "α": r"\alpha", "∂": r"\partial", "Σ": r"\Sigma",
    "−": "-", "·": r"\cdot", "′": "'", "½": r"\tfrac12", "≈": r"\approx", "←": r"\leftarrow",
    "→": r"\to", "∇": r"\nabla", "×": r"\times", "√": r"\surd", "≤": r"\le", "≥": r"\ge",
    "π": r"\pi", "±": r"\pm", "⋯": r"\cdots",
    **{c: f"_{{{s}}}" for c, s in zip("₀₁₂₃₄₅₆₇₈₉ₖⱼᵢ₊₋", "0123456789kji+-")},
    **{c: f"^{{{s}}}" for c, s in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁱʲ", "0123456789+-ij")},
}


def latex_text(text: str) -> str:
    """``text`` as LaTeX prose: the ten special characters (and ``< > |``) escaped, so
    ``\\input{…}`` or ``\\write18`` is printed, never run; unicode math as ``$…$``; control
    characters dropped."""
    out = []
    for ch in str(text):
        if ch in _LATEX_SPECIAL:
            out.append(_LATEX_SPECIAL[ch])
        elif ch in _LATEX_UNICODE:
            out.append(f"${_LATEX_UNICODE[ch]}$")
        elif ch == "\n":
            out.append(" ")
        elif ord(ch) >= 32 and not 0x7F <= ord(ch) <= 0x9F:
            out.append(ch)
    return "".join(out).replace("$$", "")


def html_text(text: str) -> str:
    """``text`` for HTML/XML text or a quoted attribute: ``& < > " '`` escaped."""
    return html.escape(str(text), quote=True)


def markdown_text(text: str) -> str:
    """``text`` as Markdown prose (also inside a table cell): the characters CommonMark or a
    pipe table gives a meaning to inside a line (``\\ ` * _ [ ] < > & | #``) are
    backslash-escaped; newlines become spaces."""
    special = set("\\`*_[]<>&|#")
    escaped = "".join("\\" + ch if ch in special else ch for ch in str(text))
    return escaped.replace("\r", " ").replace("\n", " ")


__all__ = ["html_text", "latex_text", "markdown_text"]
