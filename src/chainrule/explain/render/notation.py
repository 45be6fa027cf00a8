"""How things are written: systematic names, names as LaTeX, numbers, and ∂-notation.

Names are plain strings, the way a learner types them (``y1^a``, ``w5``, ``E_total``,
``w[1]_{1,2}``, ``target₁``). :func:`latex_name` turns one into LaTeX by these rules:

* trailing digits of the base become a subscript: ``y1`` → ``y_{1}``, ``target₁`` →
  ``\\mathrm{target}_{1}`` (unicode subscript digits too);
* ``_x`` / ``_{x}`` is a subscript, ``^x`` / ``^{x}`` a superscript, each written as a name
  itself: ``w_i0^a0`` → ``w_{i_{0}}^{a_{0}}``, ``E_total`` → ``E_{\\mathrm{total}}``;
* ``[k]`` after the base is a layer superscript: ``w[1]_{1,2}`` → ``w_{1,2}^{[1]}``;
* a trailing sample marker ``⁽²⁾`` joins the superscript: ``y1^a⁽²⁾`` → ``y_{1}^{a,(2)}``;
* Greek letters become commands, accents (``ŷ``) become ``\\hat{y}``, and a base of several
  letters is set upright (``\\mathrm{target}``).

Systematic names (used where a network file names nothing) are documented in
:mod:`chainrule.explain.model.network`.
"""

from __future__ import annotations

import re
import unicodedata

from chainrule.escape import latex_math
from chainrule.text.numbers import fmt, operand

SUB_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Δ": "Delta", "Σ": "Sigma", "Φ": "Phi", "Ω": "Omega",
}
#: Greek letter name -> the letter (``"alpha"`` -> ``"α"``): a rule-table parameter's symbol.
GREEK_LETTER = {name: letter for letter, name in _GREEK.items()}
_ACCENTS = {"\u0302": "hat", "\u0304": "bar", "\u0303": "tilde", "\u0307": "dot"}
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_SAMPLE = re.compile("⁽([" + SUP_DIGITS + "]+)⁾$")


def subscript(n: int) -> str:
    """``n`` in unicode subscript digits: ``subscript(12)`` → ``"₁₂"``."""
    return "".join(SUB_DIGITS[int(d)] for d in str(n))


def sample_suffix(b: int) -> str:
    """The marker for sample ``b`` (1-based) of a batch: ``"⁽²⁾"``."""
    return "⁽" + "".join(SUP_DIGITS[int(d)] for d in str(b)) + "⁾"


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders ``w2`` before ``w10``."""
    parts = re.split(r"(\d+)", name)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def d_text(num: str, den: str) -> str:
    """``∂num/∂den`` in text."""
    return f"∂{num}/∂{den}"


def d_latex(num: str, den: str) -> str:
    """``\\frac{\\partial num}{\\partial den}`` with both names converted to LaTeX."""
    return rf"\frac{{\partial {latex_name(num)}}}{{\partial {latex_name(den)}}}"


def _symbol(ch: str) -> str:
    if ch in _GREEK:
        return "\\" + _GREEK[ch]
    parts = unicodedata.normalize("NFD", ch)
    if len(parts) == 2 and parts[1] in _ACCENTS:
        return rf"\{_ACCENTS[parts[1]]}{{{_symbol(parts[0])}}}"
    return latex_math(ch)


def _letters(base: str) -> str:
    if len(unicodedata.normalize("NFC", base)) == 1 or base in _GREEK:
        return _symbol(base)
    if base.isalpha():
        return rf"\mathrm{{{base}}}"
    return latex_math(base)


def _split(name: str) -> tuple[str, str, str]:
    """(base, subscript, superscript) at the first top-level ``_`` and ``^``."""
    parts = {"base": "", "_": "", "^": ""}
    key, depth = "base", 0
    for ch in name:
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        if depth == 0 and ch in "_^" and not parts[ch]:
            key = ch
            continue
        parts[key] += ch
    return parts["base"], _unwrap(parts["_"]), _unwrap(parts["^"])


def _unwrap(part: str) -> str:
    if len(part) >= 2 and part[0] + part[-1] in ("{}", "()"):
        return part[1:-1]
    return part


def _inner(part: str) -> str:
    """A subscript or superscript: a list like ``1,2`` stays, a name is converted."""
    if not part or _NUMBER.match(part) or not any(c.isalpha() for c in part):
        return latex_math(part)
    return ",".join(latex_name(p) for p in part.split(","))


def latex_name(name: str) -> str:
    """LaTeX for a name, by the rules of the module docstring.

    Examples
    --------
    >>> latex_name("y1^a")
    'y_{1}^{a}'
    >>> latex_name("w[1]_{1,2}")
    'w_{1,2}^{[1]}'
    """
    if _NUMBER.match(name):
        return name
    sample = ""
    found = _SAMPLE.search(name)
    if found:
        sample = "(" + "".join(str(SUP_DIGITS.index(c)) for c in found.group(1)) + ")"
        name = name[: found.start()]
    base, sub, sup = _split(name)
    layer = re.match(r"^(.*?)(\[[^\]]+\])$", base)
    sups = ["[" + latex_math(layer.group(2)[1:-1]) + "]"] if layer else []
    if layer:
        base = layer.group(1)
    digits = re.search("([0-9]+|[" + SUB_DIGITS + "]+)$", base)
    if digits and digits.start() > 0 and not sub:
        sub = "".join(str(SUB_DIGITS.index(c)) if c in SUB_DIGITS else c
                      for c in digits.group(1))
        base = base[: digits.start()]
    if sup:
        sups.append(_inner(sup))
    if sample:
        sups.append(sample)
    out = _letters(base)
    if sub:
        out += f"_{{{_inner(sub)}}}"
    if sups:
        out += "^{" + ",".join(sups) + "}"
    return out


__all__ = ["d_latex", "d_text", "fmt", "latex_name", "natural_key", "operand", "sample_suffix",
           "subscript"]
