"""LaTeX for a :class:`~chainrule.explain.render.document.Document`.

A fragment (``\\section*``, ``tabular``, ``align*``) to ``\\input`` into a paper, or with
``standalone=True`` a whole ``article`` that compiles with pdfLaTeX (amsmath, booktabs).
Prose is escaped; the few unicode math signs in prose (∂, Σ, η, ·, subscripts…) become math.
"""

from __future__ import annotations

from chainrule.escape import latex_text
from chainrule.explain.render.document import (
    Document,
    Equation,
    Heading,
    Inline,
    MatrixEquation,
    Para,
    Table,
)
from chainrule.explain.render.notation import SUB_DIGITS, SUP_DIGITS

_UNICODE = {"∂": r"\partial", "Σ": r"\Sigma", "σ": r"\sigma", "η": r"\eta", "α": r"\alpha",
            "φ": r"\varphi", "·": r"\cdot", "→": r"\to", "½": r"\tfrac{1}{2}", "≥": r"\ge",
            "≤": r"\le", "ŷ": r"\hat{y}", "ᵢ": "_i", "ⱼ": "_j", "ᵤ": "_u", "ʲ": "^j",
            "ⁱ": "^i", "⁺": "^+", "²": "^2", "ᴮ": "^B", "⁽": "^(", "⁾": "^)", "δ": r"\delta",
            "Δ": r"\Delta", "ˡ": "^l", "ᵀ": r"^\top", "⁻": "^-", "⊙": r"\odot", "′": "'",
            "𝟙": r"\mathbf{1}", "⋯": r"\cdots", "⋮": r"\vdots", "ε": r"\varepsilon",
            "λ": r"\lambda", "μ": r"\mu", "θ": r"\theta", "⋆": r"\star", "°": r"^\circ",
            "ᴸ": "^L", "←": r"\leftarrow"}
_UNICODE.update({c: f"_{d}" for d, c in enumerate(SUB_DIGITS)})
_UNICODE.update({c: f"^{d}" for d, c in enumerate(SUP_DIGITS)})
_TEXT = {"−": "-", "—": "---", "–": "--", "…": r"\ldots{}", "×": r"$\times$"}
_SECTIONS = {1: "section", 2: "subsection", 3: "subsubsection", 4: "paragraph"}


def escape_text(text: str) -> str:
    """Prose as LaTeX: special characters escaped (:func:`chainrule.escape.latex_text`),
    unicode math signs set as math."""
    out = []
    for ch in text:
        if ch in _UNICODE:
            out.append(f"\\ensuremath{{{_UNICODE[ch]}}}")
        else:
            out.append(_TEXT.get(ch) or latex_text(ch))
    return "".join(out)


def _inline(part: Inline) -> str:
    return escape_text(part) if isinstance(part, str) else f"${part.latex}$"


def _table(block: Table) -> list[str]:
    right = block.numeric or (False,) * len(block.header)
    spec = "".join("r" if r else "l" for r in right)
    lines = [r"\begin{center}\small", rf"\begin{{tabular}}{{{spec}}}", r"\toprule",
             " & ".join(escape_text(h) for h in block.header) + r" \\", r"\midrule"]
    lines += [" & ".join(_inline(c) for c in row) + r" \\" for row in block.rows]
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{center}"]
    return lines


def _equation(block: Equation) -> list[str]:
    rows = [rf"{block.lhs.latex} &= {block.rhs[0].latex}"]
    rows += [rf"&= {m.latex}" for m in block.rhs[1:]]
    return [r"\begin{align*}", " \\\\\n".join(rows), r"\end{align*}"]


def render_latex(document: Document, standalone: bool = False) -> str:
    """The document as LaTeX.

    Parameters
    ----------
    document : Document
    standalone : bool
        Wrap in ``\\documentclass{article}`` … ``\\end{document}``.

    Returns
    -------
    str
    """
    out = [rf"\section*{{{escape_text(document.title)}}}"]
    for block in document.blocks:
        out.append("")
        if isinstance(block, Heading):
            out.append(rf"\{_SECTIONS.get(block.level, 'paragraph')}*{{{escape_text(block.text)}}}")
        elif isinstance(block, Para):
            out.append("".join(_inline(p) for p in block.parts))
        elif isinstance(block, Table):
            out += _table(block)
        elif isinstance(block, Equation):
            out += _equation(block)
        elif isinstance(block, MatrixEquation):
            out += _equation(block.as_equation())
    body = "\n".join(out) + "\n"
    if not standalone:
        return body
    return ("\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amsmath}\n"
            "\\usepackage{booktabs}\n\\usepackage[margin=2cm,landscape]{geometry}\n"
            f"\\begin{{document}}\n{body}\\end{{document}}\n")


__all__ = ["escape_text", "render_latex"]
