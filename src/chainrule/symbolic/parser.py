"""A safe reader for formulas: a tokenizer and a recursive-descent parser into a small AST.

Nothing here evaluates text. The grammar (lowest precedence first)::

    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary | implicit)*      implicit: a name or "(" follows
    unary    := ("-" | "+") unary | power
    power    := postfix ("^" unary)?                       right-associative: 2^3^2 = 2^9
    postfix  := primary superscript*                       x², (x + 1)⁶, x⁻¹
    primary  := number | name | function "(" sum ")" | "(" sum ")"

* ``**`` is ``^``; ``·`` and ``×`` are ``*``; ``−`` (U+2212) is ``-``.
* Implicit multiplication: ``3x``, ``2(x + 1)``, ``(x + 1)(x − 1)``, ``x y`` (a space between
  names) and ``x²(x + 1)``. It binds like ``*``, so ``1/2x`` is (1/2)·x. Names are words —
  ``xy`` is one variable, ``w1`` another — and a name directly before ``(`` must be a function:
  ``foo(x)`` is an unknown function (write ``foo*(x)`` to multiply). A number may not follow
  a factor (``x 2`` is an error, not x·2). ``2e3`` is the number 2000; ``2e`` is 2·e.
* Functions (see :mod:`chainrule.symbolic.functions`): exp, log/ln, sqrt/√, sin, cos, tan,
  tanh, sigmoid/σ, relu, abs, sign, step, each with parentheses. ``pi``/``π`` is π; ``e`` is an
  ordinary variable (Euler's number is ``exp(1)``).
* Limits: :data:`MAX_LENGTH` characters, :data:`MAX_DEPTH` levels of nesting; exponent sizes are
  checked when the formula is built (:data:`~chainrule.symbolic.formula.MAX_EXPONENT`).

Errors are :class:`~chainrule.errors.ParseError` with the 0-based column of the culprit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from chainrule.errors import ParseError
from chainrule.symbolic.functions import CONSTANTS, FUNCTIONS
from chainrule.symbolic.nodes import Bin, Call, Name, Neg, Node, Num

MAX_LENGTH = 1000
MAX_DEPTH = 64

_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_SUPERSCRIPTS = {c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")} | {"⁻": "-"}
_OPERATORS = {"+": "+", "-": "-", "−": "-", "*": "*", "·": "*", "×": "*", "/": "/", "^": "^"}
_SINGLE_NAMES = "σπ√"  # one-character names that never join a longer word
_NOT_IN_NAMES = _SINGLE_NAMES + "".join(_SUPERSCRIPTS)  # x² is x then ², not a name "x²"
_DIGITS = "0123456789"


@dataclass(frozen=True)
class Token:
    """A token: kind is ``num``, ``name``, ``op``, ``(``, ``)``, ``sup`` or ``end``."""

    kind: str
    text: str
    col: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; raises ParseError at the first character it cannot read."""
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
            tokens.append(Token("name", ch, i))
            i += 1
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_") and text[j] not in _NOT_IN_NAMES:
                j += 1
            tokens.append(Token("name", text[i:j], i))
            i = j
        elif text.startswith("**", i):
            tokens.append(Token("op", "^", i))
            i += 2
        elif ch in _OPERATORS:
            tokens.append(Token("op", _OPERATORS[ch], i))
            i += 1
        elif ch in "()":
            tokens.append(Token(ch, ch, i))
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
        else:
            raise ParseError(f"unexpected character {ch!r}", text, i)
    tokens.append(Token("end", "", n))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0

    # -- helpers ---------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def error(self, message: str, col: int | None = None) -> ParseError:
        return ParseError(message, self.text, self.tok.col if col is None else col)

    def nest(self, col: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"formula nested more than {MAX_DEPTH} levels deep", col)

    def describe(self, tok: Token) -> str:
        return "the end of the formula" if tok.kind == "end" else repr(tok.text)

    # -- grammar ---------------------------------------------------------------------------
    def parse(self) -> Node:
        if not self.text.strip():
            raise self.error("empty formula", 0)
        node = self.sum()
        if self.tok.kind != "end":
            if self.tok.kind == ")":
                raise self.error("unmatched ')'")
            raise self.error(f"unexpected {self.describe(self.tok)}")
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance()
            node = Bin(op.text, node, self.product(), op.col)
        return node

    def product(self) -> Node:
        node = self.unary()
        while True:
            tok = self.tok
            if tok.kind == "op" and tok.text in "*/":
                self.advance()
                node = Bin(tok.text, node, self.unary(), tok.col)
            elif tok.kind in ("name", "("):
                node = Bin("*", node, self.power(), tok.col, implicit=True)
            elif tok.kind == "num":
                raise self.error("a number cannot follow here; write * to multiply")
            else:
                return node

    def unary(self) -> Node:
        tok = self.tok
        if tok.kind == "op" and tok.text in "+-":
            self.advance()
            self.nest(tok.col)
            operand = self.unary()
            self.depth -= 1
            return Neg(operand, tok.col) if tok.text == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.tok.kind == "op" and self.tok.text == "^":
            op = self.advance()
            self.nest(op.col)
            exponent = self.unary()
            self.depth -= 1
            return Bin("^", base, exponent, op.col)
        return base

    def postfix(self) -> Node:
        node = self.primary()
        while self.tok.kind == "sup":
            sup = self.advance()
            node = Bin("^", node, Num(Fraction(int(sup.text)), sup.text, sup.col), sup.col)
        return node

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            return Num(Fraction(tok.text), tok.text, tok.col)
        if tok.kind == "(":
            self.advance()
            self.nest(tok.col)
            inner = self.sum()
            self.depth -= 1
            if self.tok.kind != ")":
                raise self.error(
                    f"'(' at column {tok.col + 1} is never closed; found "
                    f"{self.describe(self.tok)}"
                )
            self.advance()
            return inner
        if tok.kind == "name":
            self.advance()
            if self.tok.kind == "(":
                return self.call(tok)
            if tok.text in FUNCTIONS:
                raise self.error(f"{tok.text} needs parentheses: {tok.text}(…)", tok.col)
            return Name(tok.text, tok.col)
        if tok.kind == "end":
            raise self.error("the formula ended where a number, name or '(' was expected")
        raise self.error(f"expected a number, name or '(' but found {self.describe(tok)}")

    def call(self, name: Token) -> Node:
        spec = FUNCTIONS.get(name.text)
        if spec is None:
            hint = "" if name.text in CONSTANTS else f" (write {name.text}*(…) to multiply)"
            known = ", ".join(sorted({s.aliases[0] for s in FUNCTIONS.values()}))
            raise self.error(f"unknown function {name.text!r}{hint}; known: {known}", name.col)
        open_paren = self.advance()
        self.nest(open_paren.col)
        arg = self.sum()
        self.depth -= 1
        if self.tok.kind != ")":
            raise self.error(
                f"{name.text}( at column {name.col + 1} is never closed; found "
                f"{self.describe(self.tok)}"
            )
        self.advance()
        return Call(spec.name, arg, name.col)


def parse_tree(text: str) -> Node:
    """Parse ``text`` into an AST (:mod:`chainrule.symbolic.nodes`).

    Raises
    ------
    ParseError
        With the column of the first problem: an unexpected character or token, an unclosed
        parenthesis, an unknown function, too long or too deeply nested.
    """
    if not isinstance(text, str):
        raise ParseError(f"a formula must be text, got {type(text).__name__}", "", 0)
    if len(text) > MAX_LENGTH:
        raise ParseError(f"formula longer than {MAX_LENGTH} characters", text[:MAX_LENGTH],
                         MAX_LENGTH - 1)
    return _Parser(text).parse()
