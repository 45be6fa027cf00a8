"""LaTeX → MathML for the subset the explanations use, so an HTML page needs no script.

Browsers render MathML Core natively; no MathJax, no CDN. The subset is what the op table and
the explainer write: groups ``{…}``, ``^``/``_``, ``\\frac``, ``\\sqrt``, ``\\left…\\right``,
``\\begin{cases}``/``{aligned}`` with ``&`` and ``\\\\``, ``\\mathrm``/``\\text``/
``\\operatorname``, accents (``\\hat``), Greek letters, function names (``\\ln``, ``\\max``), and
operators (``\\cdot``, ``\\le``, ``\\partial``, ``\\sum``). Anything else is shown verbatim in an
``<mtext>``, never dropped.
"""

from __future__ import annotations

import re

from chainrule import rules
from chainrule.escape import html_text as escape

_TOKEN = re.compile(r"\\\\|\\[A-Za-z]+|\\.|\d+(?:\.\d+)?|\s+|.", re.DOTALL)
_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
          "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
          "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ",
          "omega": "ω", "Delta": "Δ", "Sigma": "Σ", "Phi": "Φ", "Omega": "Ω"}
#: LaTeX function commands (\\ln, \\tanh, \\max…): every row of the rule table written so.
_FUNCS = {r.latex_name[1:] for r in rules.ROWS.values()
          if re.fullmatch(r"\\[a-z]+", r.latex_name)} | {"max", "min"}  # ReLU's \max(0, x)
_SYMBOLS = {"cdot": ("mo", "·"), "times": ("mo", "×"), "le": ("mo", "≤"), "ge": ("mo", "≥"),
            "leq": ("mo", "≤"), "geq": ("mo", "≥"), "ne": ("mo", "≠"), "partial": ("mi", "∂"),
            "sum": ("mo", "∑"), "pm": ("mo", "±"), "to": ("mo", "→"), "infty": ("mi", "∞"),
            "approx": ("mo", "≈"), "ldots": ("mo", "…"), "backslash": ("mo", "\\"),
            "wedge": ("mo", "^"), "sim": ("mo", "~"),  # these three: escaped names
            "cdots": ("mo", "⋯"), "vdots": ("mo", "⋮"), "ddots": ("mo", "⋱"),
            "odot": ("mo", "⊙"), "top": ("mi", "⊤"), "varphi": ("mi", "φ")}
_SPACES = {r"\quad": "1em", r"\,": "0.17em", r"\ ": "0.33em", r"\;": "0.28em"}
_ACCENTS = {"hat": "^", "bar": "¯", "tilde": "~", "dot": "˙"}
_DELIMS = {"(": "(", ")": ")", "[": "[", "]": "]", "|": "|", r"\{": "{", r"\}": "}", ".": ""}
#: Tokens after which a "-" or "+" has no left operand, so it is a sign ("(−0.39", "= −x").
_NO_OPERAND = {"(", "[", "{", "=", "+", "-", ",", ";", ":", "<", ">", "&", "\\\\", "^", "_",
               r"\{", r"\left", r"\right", r"\begin"}
_TRAILING = {"ldots", "cdots", "vdots", "ddots"}  # symbols shown as <mo> that end an operand


def _is_sign(previous: str | None) -> bool:
    """Whether "-"/"+" after the token ``previous`` (None at the start) is a prefix sign."""
    if previous is None or previous in _NO_OPERAND:
        return True
    name = previous[1:]
    return (previous.startswith("\\") and name in _SYMBOLS and name not in _TRAILING
            and _SYMBOLS[name][0] == "mo")


class _Parser:
    def __init__(self, latex: str) -> None:
        self.tokens = [t for t in _TOKEN.findall(latex) if not t.isspace()]
        self.i = 0
        self.starts: set[int] = {0}  # token indices where a row begins (a table's first cell)

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def raw_group(self) -> str:
        """The verbatim text of a ``{…}`` group (for ``\\text`` and environment names)."""
        if self.peek() != "{":
            return self.take() if self.peek() is not None else ""
        self.take()
        depth, out = 1, []
        while self.peek() is not None:
            tok = self.take()
            depth += (tok == "{") - (tok == "}")
            if depth == 0:
                break
            out.append(tok)
        return "".join(out)

    def seq(self, stops: tuple[str, ...] = ()) -> str:
        out = []
        while self.peek() is not None and self.peek() not in stops:
            out.append(self.scripted())
        return "".join(out)

    def arg(self) -> str:
        if self.peek() == "{":
            self.take()
            inner = self.seq(("}",))
            if self.peek() == "}":
                self.take()
            return f"<mrow>{inner}</mrow>"
        return self.atom() if self.peek() is not None else "<mrow></mrow>"

    def scripted(self) -> str:
        base = self.atom()
        sub = sup = None
        while self.peek() in ("^", "_"):
            if self.take() == "^":
                sup = self.arg()
            else:
                sub = self.arg()
        if sub is not None and sup is not None:
            return f"<msubsup>{base}{sub}{sup}</msubsup>"
        if sub is not None:
            return f"<msub>{base}{sub}</msub>"
        if sup is not None:
            return f"<msup>{base}{sup}</msup>"
        return base

    def table(self, env: str) -> str:
        rows, cells, current = [], [], []
        self.starts.add(self.i)
        while self.peek() is not None:
            if self.peek() == r"\end":
                self.take()
                self.raw_group()
                break
            tok = self.peek()
            if tok in ("&", r"\\"):
                self.take()
                cells.append("".join(current))
                current = []
                if tok == r"\\":
                    rows.append(cells)
                    cells = []
                continue
            current.append(self.scripted())
        cells.append("".join(current))
        rows.append(cells)
        if env == "bmatrix":
            body = "".join("<mtr>" + "".join(
                _cell(c, "right", "padding:0.1em 0.4em") for c in row) + "</mtr>" for row in rows)
            # Brackets drawn by CSS: a stretched "[" needs a font with a MATH table, which a
            # page that fetches nothing cannot count on.
            return f'<mrow><mtable class="bmatrix">{body}</mtable></mrow>'  # CSS: render_html
        align = ("left", "left") if env == "cases" else ("right", "left")
        body = "".join("<mtr>" + "".join(
            _cell(c, align[min(i, 1)]) for i, c in enumerate(row)) + "</mtr>" for row in rows)
        table = f'<mtable columnalign="{" ".join(align)}">{body}</mtable>'
        return f"<mrow><mo>{{</mo>{table}</mrow>" if env == "cases" else table

    def command(self, tok: str) -> str:
        name = tok[1:]
        if name in ("frac", "tfrac", "dfrac"):
            return f"<mfrac>{self.arg()}{self.arg()}</mfrac>"
        if name == "sqrt":
            return f"<msqrt>{self.arg()}</msqrt>"
        if name == "left":
            opening = _DELIMS.get(self.take() if self.peek() else ".", "")
            inner = self.seq((r"\right",))
            closing = ""
            if self.peek() == r"\right":
                self.take()
                closing = _DELIMS.get(self.take() if self.peek() else ".", "")
            fence = (f"<mo fence='true'>{escape(opening)}</mo>" if opening else "")
            end = (f"<mo fence='true'>{escape(closing)}</mo>" if closing else "")
            return f"<mrow>{fence}{inner}{end}</mrow>"
        if name == "begin":
            return self.table(self.raw_group())
        if name == "mathbf":
            text = self.raw_group()
            return "<mn>𝟙</mn>" if text == "1" else f'<mi mathvariant="bold">{escape(text)}</mi>'
        if name in ("mathrm", "operatorname"):
            text = escape(self.raw_group())
            return f'<mi mathvariant="normal">{text}</mi>'
        if name == "text":
            return f"<mtext>{escape(self.raw_group())}</mtext>"
        if name in _ACCENTS:
            return f'<mover accent="true">{self.arg()}<mo>{_ACCENTS[name]}</mo></mover>'
        if name in _GREEK:
            return f"<mi>{_GREEK[name]}</mi>"
        if name in _FUNCS:
            return f"<mi>{name}</mi>"
        if name in _SYMBOLS:
            kind, char = _SYMBOLS[name]
            return f"<{kind}>{char}</{kind}>"
        if tok in _SPACES:
            return f'<mspace width="{_SPACES[tok]}"/>'
        if len(tok) == 2 and tok[1] in "{}|_#%&$":  # \{ … \$: chainrule.escape.latex_math
            return f"<mo>{escape(tok[1])}</mo>"
        return f"<mtext>{escape(tok)}</mtext>"

    def atom(self) -> str:
        tok = self.take()
        if tok == "{":
            inner = self.seq(("}",))
            if self.peek() == "}":
                self.take()
            return f"<mrow>{inner}</mrow>"
        if tok in ("^", "_"):  # a script with no base
            self.i -= 1
            return "<mrow></mrow>"
        if tok.startswith("\\") and len(tok) > 1:
            return self.command(tok)
        if tok[0].isdigit():
            return f"<mn>{tok}</mn>"
        if tok.isalpha():
            return f"<mi>{escape(tok)}</mi>"
        if tok in ("-", "+"):
            char = "−" if tok == "-" else "+"
            at = self.i - 1
            previous = None if at in self.starts else self.tokens[at - 1]
            # A sign hugs its number: MathML Core gives an infix "−" spaces on both sides.
            form = ' form="prefix"' if _is_sign(previous) else ""
            return f"<mo{form}>{char}</mo>"
        return f"<mo>{escape(tok)}</mo>"


def latex_to_mathml(latex: str, display: bool = False) -> str:
    """A ``<math>`` element for ``latex`` (inline, or a block with ``display=True``)."""
    parser = _Parser(latex)
    body = parser.seq()
    while parser.peek() is not None:  # an unmatched closing brace: keep the rest
        parser.take()
        body += parser.seq()
    attr = ' display="block"' if display else ""
    return f"<math{attr}><mrow>{body}</mrow></math>"


def _cell(content: str, side: str, extra: str = "") -> str:
    """One ``<mtd>`` whose content sits at ``side`` ("left"/"right") of its column.

    MathML Core has no ``columnalign``, and Chromium lays a cell's content out as a block, which
    plain ``text-align`` does not move; ``-webkit-left``/``-webkit-right`` align blocks too
    (Chromium, WebKit), and a browser that lacks them keeps the plain ``text-align``.
    """
    style = f"text-align:{side};text-align:-webkit-{side}" + (f";{extra}" if extra else "")
    return f'<mtd style="{style}"><mrow>{content}</mrow></mtd>'


def aligned_to_mathml(lines: list[tuple[str, str]]) -> str:
    """A block of aligned lines ``lhs = rhs`` (lhs may be empty) as one ``<math>``."""
    rows = []
    for lhs, rhs in lines:
        left = _Parser(lhs).seq() if lhs else ""
        right = _Parser(rhs).seq()
        # MathML Core has no columnalign: the alignment at "=" is a style on each cell.
        rows.append(f'<mtr>{_cell(left, "right")}{_cell("<mo>=</mo>" + right, "left")}</mtr>')
    return (f'<math display="block"><mtable columnalign="right left">{"".join(rows)}'
            "</mtable></math>")


__all__ = ["aligned_to_mathml", "latex_to_mathml"]
