"""The tokenizer of formulas: characters to tokens, letter runs split by the letter-run rule.

Numbers (``2``, ``.5``, ``2e3``), names, function names (from the rule table, via
:mod:`chainrule.symbolic.vocabulary`), operators (``·``, ``×``, ``÷`` and ``−`` included),
parentheses and brackets, ``|``, ``,`` and unicode superscripts. A run of letters is split one
variable per letter (``xy`` -> x, y) unless it is a function, a constant, a Greek name or a
declared name (see :mod:`chainrule.symbolic.parser` for the whole rule); each split adds a note.
Characters a learner may type that the language lacks (``=``, ``!``, ``∛``…) get a message
saying what to write instead. Errors are :class:`~chainrule.errors.ParseError` with a column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from chainrule.errors import ParseError
from chainrule.symbolic import vocabulary

_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_SUPERSCRIPTS = {c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")} | {"⁻": "-"}
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_OPERATORS = {"+": "+", "-": "-", "−": "-", "*": "*", "·": "*", "×": "*", "⋅": "*", "/": "/",
              "÷": "/", "^": "^"}
_SINGLE_NAMES = "σπ√"  # one-character names that never join a longer word
_NOT_IN_NAMES = _SINGLE_NAMES + "".join(_SUPERSCRIPTS)  # x² is x then ², not a name "x²"
_DIGITS = "0123456789"
_PIECE = re.compile(r"[^\W\d_](?:[0-9₀-₉]+|_[^\W_]+)?")  # a letter and its subscript
LOG_BASE = re.compile(r"log_?([0-9₀-₉]+)$")
#: Characters a learner may type that are not part of the language, with what to write instead.
_NOT_SUPPORTED = {
    "=": "a formula has no '=': write only the right-hand side (x^2, not y = x^2)",
    "!": "factorials are not supported",
    "∛": "write a cube root as x^(1/3)",
    "∜": "write a fourth root as x^(1/4)",
    "∫": "integrals are not supported, only derivatives",
    "∑": "sums with ∑ are not supported; write the terms out",
    "'": "derivatives are what chainrule computes: write the function itself, not f'",
    "′": "derivatives are what chainrule computes: write the function itself, not f′",
}


@dataclass(frozen=True)
class Token:
    """A token: kind is ``num``, ``name``, ``func``, ``op``, ``(``, ``)``, ``|``, ``,``,
    ``sup`` or ``end``; ``split`` marks a name cut out of a longer run of letters."""

    kind: str
    text: str
    col: int
    split: bool = False


def _split_word(word: str, col: int, keep: frozenset[str], notes: list[str]) -> list[Token]:
    """A run of letters (and digits) as tokens, by the letter-run rule."""
    funcs = vocabulary.function_words()
    if word in keep or word in funcs:
        return [Token("func" if word in funcs and word not in keep else "name", word, col)]
    base = LOG_BASE.match(word)
    if base:  # log2, log_10, log₂: the log to that base
        return [Token("func", "log", col), Token("base", base.group(1).translate(
            _SUBSCRIPT_DIGITS), col + 3)]
    longer = sorted((n for n in keep | funcs if len(n) > 1), key=len, reverse=True)
    out, i = [], 0
    while i < len(word):
        name = next((n for n in longer if word.startswith(n, i)), None)
        if name is None and word[i] in _DIGITS:
            m = _NUMBER.match(word, i)
            assert m is not None
            out.append(Token("num", m.group(0), col + i))
            i = m.end()
            continue
        if name is None:
            m = _PIECE.match(word, i)
            name = m.group(0) if m else word[i]
        kind = "func" if name in funcs and name not in keep else "name"
        out.append(Token(kind, name, col + i, split=True))
        i += len(name)
    if len(out) > 1:
        hint = "" if any(t.kind == "func" for t in out) else (
            f" (one letter per variable; declare {word} to keep it whole: --var {word})")
        notes.append(f"{word} is read as {_join_pieces(out)}{hint}")
    else:
        out = [Token(out[0].kind, out[0].text, col)]
    return out


def _join_pieces(tokens: list[Token]) -> str:
    """``x·y``, ``sin x``, ``2·pi·x``: the pieces of a letter run as they were read."""
    out = ""
    for k, t in enumerate(tokens):
        if k:
            out += " " if tokens[k - 1].kind == "func" else "·"
        out += t.text
    return out


def tokenize(text: str, keep: Iterable[str] = (), notes: list[str] | None = None
             ) -> list[Token]:
    """Split ``text`` into tokens; raises ParseError at the first character it cannot read.

    ``keep`` are names kept whole (declared variables, constants, Greek names are added);
    notes on split letter runs are appended to ``notes``.
    """
    keep_all = frozenset(keep) | vocabulary.CONSTANT_NAMES | vocabulary.GREEK
    notes = [] if notes is None else notes
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            m = _NUMBER.match(text, i)
            assert m is not None  # a digit (or .digit) always starts a match
            if m.group(2) and abs(int(m.group(2)[1:])) > 300:
                raise ParseError("number out of range (exponent beyond ±300)", text, i)
            tokens.append(Token("num", m.group(0), i))
            i = m.end()
        elif ch in _SINGLE_NAMES:
            kind = "name" if ch == "π" else "func"
            tokens.append(Token(kind, ch, i))
            i += 1
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_") and text[j] not in _NOT_IN_NAMES:
                j += 1
            word = text[i:j]
            if text[j:].lstrip().startswith("(") and len(word) > 1 and not (
                    word in keep_all or vocabulary.function(word) or LOG_BASE.match(word)):
                known = ", ".join(vocabulary.known_functions())
                raise ParseError(f"unknown function {word!r} (to multiply, write "
                                 f"{'*'.join(word)}*(…)); known: {known}", text, i)
            tokens += _split_word(word, i, keep_all, notes)
            i = j
        elif text.startswith("**", i):
            tokens.append(Token("op", "^", i))
            i += 2
        elif ch in _OPERATORS:
            tokens.append(Token("op", _OPERATORS[ch], i))
            i += 1
        elif ch in "()|,":
            tokens.append(Token(ch, ch, i))
            i += 1
        elif ch in "[]{}":
            tokens.append(Token("(" if ch in "[{" else ")", ch, i))
            i += 1
        elif ch in _SUPERSCRIPTS:
            j = i
            while j < n and text[j] in _SUPERSCRIPTS:
                j += 1
            digits = "".join(_SUPERSCRIPTS[c] for c in text[i:j])
            if not re.fullmatch(r"-?\d+", digits):
                raise ParseError("a superscript exponent must be an integer like ² or ⁻¹", text, i)
            tokens.append(Token("sup", digits, i))
            i = j
        elif ch in _NOT_SUPPORTED:
            raise ParseError(f"{ch!r} is not supported: {_NOT_SUPPORTED[ch]}", text, i)
        else:
            raise ParseError(f"unexpected character {ch!r}", text, i)
    tokens.append(Token("end", "", n))
    return tokens
