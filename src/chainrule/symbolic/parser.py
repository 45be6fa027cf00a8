"""A safe reader for formulas as learners write them: a tokenizer and a recursive-descent parser.

Nothing here evaluates text. The grammar (lowest precedence first)::

    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary | implicit)*      implicit: a name, "(" or "|" follows
    unary    := ("-" | "+") unary | power
    power    := postfix ("^" unary)?                       right-associative: 2^3^2 = 2^9
    postfix  := primary superscript*                       x², (x + 1)⁶, x⁻¹
    primary  := number | name | "(" sum ")" | "|" sum "|" | call
    call     := function [power] ("(" sum ["," sum] ")" | factor+)

* ``**`` is ``^``; ``·`` and ``×`` are ``*``; ``−`` (U+2212) is ``-``; ``|x|`` is abs(x).
* **The letter-run rule.** A run of letters is read one letter per variable (``2xy`` is
  2·x·y), a letter keeping the digits or ``_subscript`` right after it (``w1``, ``x_max``).
  Kept whole instead: function names (``sin``, ``cosh``, ``sigmoid``…), the constants ``e``,
  ``pi``, Greek letter names (``theta``) and names the caller declares (``variables=("xy",)``,
  ``--var xy``). Inside a run the longest such name wins (``2pix`` is 2·pi·x, ``sinx`` is sin x).
* **Constants.** ``e`` is Euler's number (``e^x`` is exp(x)) unless declared a variable;
  ``pi`` and ``π`` are π.
* **Functions** come from the table (:mod:`chainrule.symbolic.vocabulary`). Parentheses may be
  left out: the argument is then the factors written against each other that follow, up to an
  operator or another function (``sin 2x`` = sin(2x), ``√x + 1`` = √(x) + 1, ``sin x cos x`` =
  sin(x)·cos(x)). ``sin^2(x)`` and ``sin²x`` are sin(x)²; ``sin^-1(x)`` is the inverse function
  asin(x). ``log(x, b)`` is the log of x to base b, ln(x)/ln(b); ``log2(x)``/``log_2(x)`` too.
* **Implicit multiplication** (``3x``, ``2(x + 1)``, ``(x + 1)(x − 1)``, ``x y``, ``2|x|``)
  binds like ``*``, so ``1/2x`` is (1/2)·x and ``x/2x`` is (x/2)·x — the second gets a note.
  A number may not follow a factor (``x 2`` is an error, not x·2). ``2e3`` is the number 2000.
* Every reading the text did not spell out (a split letter run, a call without parentheses,
  ``sin^2``, a log base, ``x/2x``) adds a note, and :attr:`Reading.shown` writes the formula
  back with every product explicit (``read as 2·x·y``).
* Limits: :data:`MAX_LENGTH` characters (times the ``--formula-budget`` factor),
  :data:`MAX_DEPTH` levels of nesting; exponent sizes are checked when the formula is built
  (:data:`~chainrule.symbolic.formula.MAX_EXPONENT`).

Errors are :class:`~chainrule.errors.ParseError` with the 0-based column of the culprit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from chainrule.errors import ParseError
from chainrule.symbolic import budget, vocabulary
from chainrule.symbolic.nodes import Bin, Call, Name, Neg, Node, Num
from chainrule.symbolic.tokens import Token, tokenize

MAX_LENGTH = 1000
MAX_DEPTH = 64

@dataclass
class Reading:
    """How the text was read: the tree and the notes on what it did not spell out."""

    tree: Node
    notes: list[str] = field(default_factory=list)


class _Parser:
    def __init__(self, text: str, declared: frozenset[str]) -> None:
        self.text = text
        self.notes: list[str] = []
        self.tokens = tokenize(text, declared, self.notes)
        self.declared = declared
        self.pos = 0
        self.depth = 0
        self.bars = 0  # open |…| at this level of parentheses

    # -- helpers ---------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.pos + k, len(self.tokens) - 1)]

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

    def starts_factor(self) -> bool:
        """Can the current token begin a factor written against the previous one?"""
        kind = self.tok.kind
        return kind in ("name", "func", "(") or (kind == "|" and self.bars == 0)

    # -- grammar ---------------------------------------------------------------------------
    def parse(self) -> Node:
        if not self.text.strip():
            raise self.error("empty formula", 0)
        node = self.sum()
        if self.tok.kind != "end":
            if self.tok.kind == ")":
                raise self.error("unmatched ')'")
            if self.tok.kind == "|":
                raise self.error("'|' closes no |…|")
            raise self.error(f"unexpected {self.describe(self.tok)}")
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance()
            node = Bin(op.text, node, self.product(), op.col)
        return node

    def product(self) -> Node:
        start = self.tok.col
        node = self.unary()
        divided_at: int | None = None  # column of a '/' whose divisor was just read
        while True:
            tok = self.tok
            if tok.kind == "op" and tok.text in "*/":
                self.advance()
                node = Bin(tok.text, node, self.unary(), tok.col)
                divided_at = tok.col if tok.text == "/" else None
            elif self.starts_factor():
                node = Bin("*", node, self.power(), tok.col, implicit=True)
                if divided_at is not None:
                    self.note_division(start, divided_at, tok.col)
                divided_at = None
            elif tok.kind == "num":
                raise self.error("a number cannot follow here; write * to multiply")
            else:
                return node

    def note_division(self, start: int, slash: int, factor: int) -> None:
        """``x/2x``: say that it is read (x/2)·x, as * and / bind, and how to get x/(2x)."""
        a = self.text[start:slash].strip()
        b = self.text[slash + 1:factor].strip()
        c = self.text[factor:self.tok.col].strip()
        self.notes.append(f"{a}/{b}{c} is read as ({a}/{b})·{c}, left to right like * and /; "
                          f"for {a}/({b}{c}) write the parentheses")

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

    def group(self, close: str, opened: Token) -> Node:
        """``sum`` up to ``close`` (``)`` or ``|``), with its own count of open bars."""
        self.advance()
        self.nest(opened.col)
        saved, self.bars = self.bars, (1 if close == "|" else 0)
        inner = self.sum()
        self.bars = saved
        self.depth -= 1
        if self.tok.kind != close:
            what = "'|'" if close == "|" else "'('"
            raise self.error(f"{what} at column {opened.col + 1} is never closed; found "
                             f"{self.describe(self.tok)}")
        self.advance()
        return inner

    def primary(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            return Num(Fraction(tok.text), tok.text, tok.col)
        if tok.kind == "(":
            return self.group(")", tok)
        if tok.kind == "|":
            if self.peek().kind in ("end", ")"):
                raise self.error("'|' closes no |…|")
            return Call("abs", self.group("|", tok), tok.col)
        if tok.kind == "func":
            return self.call()
        if tok.kind == "name":
            self.advance()
            if self.tok.kind == "(" and tok.text not in vocabulary.CONSTANT_NAMES:
                self.notes.append(f"{tok.text}(…) is read as {tok.text}·(…), a product")
            return Name(tok.text, tok.col)
        if tok.kind == "end":
            raise self.error("the formula ended where a number, name or '(' was expected")
        raise self.error(f"expected a number, name or '(' but found {self.describe(tok)}")

    def call(self) -> Node:
        """A function applied: ``sin(x)``, ``sin x``, ``sin^2(x)``, ``sin⁻¹ x``, ``log(x, 2)``."""
        name = self.advance()
        fn = vocabulary.function(name.text)
        assert fn is not None
        base: Node | None = None
        if self.tok.kind == "base":
            b = self.advance()
            base = Num(Fraction(b.text), b.text, b.col)
        power = self.function_power()
        if power == -1:
            inverse = vocabulary.inverse(fn)
            if inverse is None:
                raise self.error(f"{name.text}^-1 would be the inverse of {name.text}, which is "
                                 f"not supported; for 1/{name.text}(…) write that", name.col)
            self.notes.append(f"{name.text}^-1 is read as the inverse function {inverse}, "
                              f"not 1/{name.text}")
            fn, power = inverse, None
        if self.tok.kind == "(":
            arg, second = self.arguments(name)
        else:
            arg, second = self.bare_argument(name), None
        if second is not None or base is not None:
            if fn != vocabulary.function("log"):
                raise self.error(f"{name.text} takes one argument", name.col)
            base = base or second
            out: Node = Bin("/", Call(fn, arg, name.col), Call(fn, base, name.col), name.col)
            self.notes.append(f"{self.text[name.col:self.tok.col].strip()} is the log to base "
                              f"{_show_simple(base)}: ln(…)/ln({_show_simple(base)})")
        else:
            out = Call(fn, arg, name.col)
        if power is not None:
            self.notes.append(f"{name.text}^{power}(…) is read as ({name.text}(…))^{power}")
            out = Bin("^", out, Num(Fraction(power), str(power), name.col), name.col)
        return out

    def function_power(self) -> int | None:
        """The n of ``sin^n`` / ``sinⁿ`` written between a function's name and its argument."""
        if self.tok.kind == "sup":
            return int(self.advance().text)
        if self.tok.kind == "op" and self.tok.text == "^":
            k = 2 if self.peek().kind == "op" and self.peek().text in "+-" else 1
            digits = self.peek(k)
            if digits.kind == "num" and re.fullmatch(r"\d+", digits.text):
                sign = -1 if k == 2 and self.peek().text == "-" else 1
                self.pos += k + 1
                return sign * int(digits.text)
        return None

    def arguments(self, name: Token) -> tuple[Node, Node | None]:
        opened = self.advance()
        self.nest(opened.col)
        saved, self.bars = self.bars, 0
        arg, second = self.sum(), None
        if self.tok.kind == ",":
            self.advance()
            second = self.sum()
        self.bars = saved
        self.depth -= 1
        if self.tok.kind != ")":
            raise self.error(f"{name.text}( at column {name.col + 1} is never closed; found "
                             f"{self.describe(self.tok)}")
        self.advance()
        return arg, second

    def bare_argument(self, name: Token) -> Node:
        """``sin 2x``: the factors written against each other up to an operator or function."""
        if self.tok.kind not in ("num", "name", "|", "("):
            raise self.error(f"{name.text} needs an argument: {name.text}(…)", name.col)
        self.nest(name.col)
        start = self.tok.col
        arg = self.power()
        while self.tok.kind in ("name", "(") or (self.tok.kind == "|" and self.bars == 0):
            arg = Bin("*", arg, self.power(), self.tok.col, implicit=True)
        self.depth -= 1
        if not isinstance(arg, Num | Name):  # sin 2x, √2x: say where the argument ends
            written = self.text[start:self.tok.col].strip()
            space = " " if name.text.isalpha() else ""
            self.notes.append(f"{name.text}{space}{written} is read as {name.text}({written})")
        return arg


def _show_simple(node: Node) -> str:
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Name):
        return node.id
    return "…"


def _euler(node: Node, declared: frozenset[str]) -> Node:
    """Euler's e: ``e^u`` becomes exp(u), a lone ``e`` exp(1) (unless e is declared)."""
    if "e" in declared:
        return node
    if isinstance(node, Name) and node.id == "e":
        return Call(vocabulary.function("exp") or "exp", Num(Fraction(1), "1", node.col),
                    node.col)
    if isinstance(node, Neg):
        return Neg(_euler(node.operand, declared), node.col)
    if isinstance(node, Call):
        return Call(node.fn, _euler(node.arg, declared), node.col)
    if isinstance(node, Bin):
        right = _euler(node.right, declared)
        if node.op == "^" and isinstance(node.left, Name) and node.left.id == "e":
            return Call(vocabulary.function("exp") or "exp", right, node.left.col)
        return Bin(node.op, _euler(node.left, declared), right, node.col, node.implicit)
    return node


def read(text: str, variables: Iterable[str] = ()) -> Reading:
    """Parse ``text`` into an AST with the notes on how it was read.

    Parameters
    ----------
    text : str
        The formula.
    variables : iterable of str
        Names declared as variables: kept whole in letter runs (``xy``), and ``e`` stops being
        Euler's number.

    Raises
    ------
    ParseError
        With the column of the first problem: an unexpected character or token, an unclosed
        parenthesis or bar, an unknown function, too long or too deeply nested.
    """
    if not isinstance(text, str):
        raise ParseError(f"a formula must be text, got {type(text).__name__}", "", 0)
    longest = budget.limit(MAX_LENGTH)
    if len(text) > longest:
        raise ParseError(f"formula longer than {longest} characters ({budget.raise_hint()})",
                         text[:longest], longest - 1)
    declared = frozenset(variables)
    lead = text.lstrip()
    if re.match(r"(d|∂)\s*/\s*(d|∂)", lead):
        raise ParseError("write the function itself, without d/dx: derive takes the derivative "
                         "(choose the variable with --wrt)", text, len(text) - len(lead))
    parser = _Parser(text, declared)
    tree = _euler(parser.parse(), declared)
    return Reading(tree, list(dict.fromkeys(parser.notes)))


def parse_tree(text: str, variables: Iterable[str] = ()) -> Node:
    """Parse ``text`` into an AST (:mod:`chainrule.symbolic.nodes`); see :func:`read`."""
    return read(text, variables).tree
