"""One escaping function per output format, for every string a user typed.

Names, descriptions, learner keys, formulas and error messages come from files and command
lines; before they reach a document they go through exactly one of these:

==================  ==========================================================================
``latex_text``      LaTeX prose: ``\\ { } $ & # ^ _ % ~`` escaped, so ``\\input{/etc/passwd}``,
                    ``\\write18``, ``\\def``, ``\\catcode`` and ``^^5c`` are printed, never run.
``latex_math``      a fragment of an identifier inside ``$…$``: the same characters as math
                    symbols (``\\backslash``, ``\\{`` …) and ``<`` broken up so that Markdown
                    with ``$…$`` math cannot open an HTML tag.
``markdown_text``   Markdown prose: every character CommonMark gives a meaning to
                    (``\\ ` * _ [ ] < > & | #`` …) backslash-escaped; newlines become spaces.
``markdown_code``   a code span that nothing in the text can close.
``markdown_fence``  the backtick fence for a code block that no line inside can close.
``html_text``       HTML/XML/SVG text and attribute values (``& < > " '``), with the control
                    characters XML forbids shown escaped.
``mathtext``        a matplotlib label: ``$`` escaped so no mathtext is parsed from a name.
``terminal``        one line for a terminal: control characters (ESC, newlines, U+202E and the
                    other bidi overrides, DEL, C1) shown as ``\\x1b``, ``\\n``, ``\\u202e``.
==================  ==========================================================================

Control characters are shown escaped (``\\x1b``) in every format, so what a reader sees is what
the file held.
"""

from __future__ import annotations

import html
import re

# Bidi embeddings/overrides/isolates and marks, zero-width and line/paragraph separators.
_INVISIBLE = set("\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d"
                 "\u202e\u2066\u2067\u2068\u2069\ufeff")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _is_control(ch: str) -> bool:
    o = ord(ch)
    return o < 0x20 or 0x7F <= o <= 0x9F or ch in _INVISIBLE


def visible(ch: str) -> str:
    """A control or invisible character as the escape a reader can see: ``\\x1b``, ``\\n``,
    ``\\u202e``; every other character unchanged."""
    if not _is_control(ch):
        return ch
    if ch in _NAMED:
        return _NAMED[ch]
    o = ord(ch)
    return f"\\x{o:02x}" if o <= 0xFF else f"\\u{o:04x}"


def terminal(text: str) -> str:
    """``text`` safe to print on a terminal: control characters shown escaped, so ESC
    sequences, U+202E reversals and embedded newlines cannot change what the reader sees."""
    return "".join(visible(ch) for ch in str(text))


def terminal_lines(text: str) -> str:
    """Like :func:`terminal`, but the line breaks of a multi-line text are kept."""
    return "\n".join(terminal(line) for line in str(text).split("\n"))


# -- LaTeX ------------------------------------------------------------------------------------
LATEX_TEXT = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
              "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
              "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}"}
LATEX_MATH = {"\\": r"\backslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
              "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\sim{}", "^": r"\wedge{}",
              "<": "<{}", "]": "]{}"}


def _latex(text: str, table: dict[str, str], spaces: str) -> str:
    out = []
    for ch in str(text):
        if ch in "\n\r\t":
            out.append(spaces)
        elif _is_control(ch):
            out.append("".join(table.get(c, c) for c in visible(ch)))
        else:
            out.append(table.get(ch, ch))
    return "".join(out)


def latex_text(text: str) -> str:
    r"""``text`` as LaTeX prose: ``\input{x}`` → ``\textbackslash{}input\{x\}``.

    Every character with a category code other than letter/other is escaped, so no control
    sequence, group, parameter, comment, ``^^`` notation or math shift survives; line breaks
    become spaces and other control characters are shown as ``\x1b``.
    """
    return _latex(text, LATEX_TEXT, " ")


def latex_math(text: str) -> str:
    r"""``text`` as a piece of an identifier inside LaTeX math: ``\def`` → ``\backslash{}def``.

    The same characters as :func:`latex_text`, escaped with math-mode commands; ``<`` and ``]``
    are followed by ``{}`` so that ``$<script>$`` or ``$[a](javascript:…)$`` in Markdown cannot
    be read as an HTML tag or a link.
    """
    return _latex(text, LATEX_MATH, r"\ ")


# -- Markdown ---------------------------------------------------------------------------------
_MD_SPECIAL = set("\\`*_<>&|#~")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def markdown_text(text: str) -> str:
    r"""``text`` as Markdown prose (CommonMark/GFM) that renders as exactly these characters.

    ``\ ` * _ < > & | # ~`` are backslash-escaped (no emphasis, code, autolinks, raw HTML,
    entities, table cells or headings can start), so is a ``]`` before ``(``, ``[`` or ``:``
    (no inline link, image, reference link or link definition can form), a leading
    ``-``/``+``/``=``/``1.`` cannot start a list or an underline, and line breaks become
    spaces so no new block can begin.
    """
    out = []
    text = str(text)
    for i, ch in enumerate(text):
        if ch in "\n\r\t":
            out.append(" ")
        elif ch == "]" and text[i + 1:i + 2] in ("(", "[", ":"):
            out.append("\\]")
        elif _is_control(ch):
            out.append(visible(ch).replace("\\", "\\\\"))
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    s = "".join(out)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2)
                              if len(m.group(2)) == 1 else
                              m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], s)


def _longest_run(text: str, ch: str = "`") -> int:
    runs = re.findall(re.escape(ch) + "+", text)
    return max((len(r) for r in runs), default=0)


def markdown_code(text: str) -> str:
    """``text`` as an inline code span that no backtick inside can close.

    The fence is one backtick longer than the longest run inside; a space pads text that
    starts or ends with a backtick; line breaks become spaces and control characters are
    shown escaped. Inside a code span ``<script>`` is shown, never run.
    """
    body = "".join(" " if ch in "\n\r\t" else visible(ch) for ch in str(text))
    fence = "`" * (_longest_run(body) + 1)
    if body.startswith("`") or body.endswith("`"):
        body = f" {body} "
    return f"{fence}{body}{fence}"


def markdown_fence(lines: list[str]) -> str:
    """The backtick fence (at least three) for a code block holding ``lines``."""
    return "`" * max(3, max((_longest_run(line) for line in lines), default=0) + 1)


# -- HTML / XML / SVG, matplotlib -------------------------------------------------------------
def html_text(text: str) -> str:
    """``text`` for HTML, XML or SVG text and attribute values: ``& < > " '`` as entities,
    control characters (which XML 1.0 forbids) shown as ``\\x1b``."""
    return html.escape("".join(visible(ch) if ch not in "\n\t" else ch for ch in str(text)),
                       quote=True)


def mathtext(text: str) -> str:
    r"""``text`` as a matplotlib label shown literally: ``$`` → ``\$`` so a name never switches
    on mathtext, control characters shown escaped."""
    return terminal(text).replace("$", r"\$")


__all__ = ["LATEX_MATH", "LATEX_TEXT", "html_text", "latex_math", "latex_text",
           "markdown_code", "markdown_fence", "markdown_text", "mathtext", "terminal",
           "terminal_lines", "visible"]
