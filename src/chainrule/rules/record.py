"""The record of one primitive (:class:`Rule`) and the registry every row lands in.

A rule is written once, against a math namespace ``m`` (see :mod:`chainrule.rules.namespaces`):

* ``compute(m, *xs)`` — the op itself (``forward(*xs)`` is the same on plain floats);
* ``local(m, *xs, out)`` — one local derivative ∂out/∂xᵢ per operand, the same line for floats,
  NumPy arrays, Values, Tensors and SymPy expressions;
* ``domain`` — pairs ``(ok(m, *xs), message)``: ``ok`` is true (elementwise) where the operands
  are allowed, written with ``&``/``|`` so it works on numbers and on arrays alike;
* the op and its local derivatives as text and LaTeX (format strings: ``{0}``, ``{1}``… are the
  operands' names, ``{out}`` the output's name), so what a learner reads is the record that
  computed the number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from chainrule.rules.namespaces import FLOAT

Texts = Callable[[Sequence[str], str], tuple[str, ...]]
Check = tuple[Callable[..., Any], str]


def templates(*parts: str) -> Texts:
    """Texts from format strings: ``{0}``, ``{1}``… name the operands, ``{out}`` the output."""

    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        return tuple(p.format(*names, out=out) for p in parts)

    return render


def latex_group(name: str) -> str:
    """``name`` ready to take a superscript in LaTeX: braced when it already carries one.

    A template such as ``1 - {out}^2`` with ``out = y^{a}`` would give ``y^{a}^2``, a double
    superscript that pdflatex refuses; ``{y^{a}}^2`` is the same glyphs and compiles.

    >>> latex_group("y^{a}"), latex_group("x_{1}")
    ('{y^{a}}', 'x_{1}')
    """
    return "{" + name + "}" if "^" in name else name


def latex_templates(*parts: str) -> Texts:
    """:func:`templates` for LaTeX: each name goes in through :func:`latex_group`."""
    plain = templates(*parts)

    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        return plain([latex_group(n) for n in names], latex_group(out))

    return render


@dataclass(frozen=True, eq=False)
class Rule:
    """One primitive: forward, local derivatives, domain, kink convention, text and LaTeX.

    Attributes
    ----------
    name : str
        Canonical name (``"sigmoid"``); the key of :data:`ROWS`.
    arity : int or None
        Number of operands, parameters included; ``None`` for a variadic op (``linear``).
    compute, local : callable
        ``compute(m, *xs)`` (the op) and ``local(m, *xs, out) -> tuple`` (∂out/∂xᵢ for each
        operand) against a namespace ``m``.
    expr_text, expr_latex, local_text, local_latex : callable
        ``(names, out) -> tuple of str``: the op applied to ``names`` (a 1-tuple) and one
        local derivative per operand.
    symbol : str
        Short label for graph pictures (``"σ"``, ``"+"``).
    aliases : tuple of str
        Other names a user may write (``"σ"``, ``"logistic"``).
    domain : tuple of (ok, message)
        Where the operands are allowed; the message says why a point is refused.
    kink : str
        The convention at points where the op is not differentiable ("ReLU'(0) = 0"), or "".
    params : tuple of str
        Names of trailing operands that are parameters (``n`` of ``x ** n``, ``α`` of ELU):
        the array engine takes them as numbers and gives them no gradient.
    defaults : tuple of float
        Default values of the parameters, in order (empty when they must be given).
    formula : bool
        Whether a formula may call it as ``name(x)`` (see :data:`FUNCTIONS`).
    text_name, ascii, latex_name : str
        The function's name in formulas: unicode (``"σ"``), ASCII (``"sigmoid"``) and LaTeX
        (``r"\\sigma"``).
    doc : str
        One line on what it is.
    activation : tuple of str
        The names under which a network file or the CLI may pick it as an activation
        (empty when it is not one); see :data:`ACTIVATIONS`.
    layer : str
        The :mod:`chainrule.nn` Module class applying it as a layer (``"ReLU"``), or "".
    """

    name: str
    arity: int | None
    compute: Callable[..., Any]
    local: Callable[..., tuple[Any, ...]]
    expr_text: Texts
    expr_latex: Texts
    local_text: Texts
    local_latex: Texts
    symbol: str
    aliases: tuple[str, ...] = ()
    domain: tuple[Check, ...] = ()
    kink: str = ""
    params: tuple[str, ...] = ()
    defaults: tuple[float, ...] = ()
    formula: bool = False
    text_name: str = ""
    ascii: str = ""
    latex_name: str = ""
    doc: str = ""
    activation: tuple[str, ...] = ()
    layer: str = ""
    forward: Callable[..., Any] = field(init=False, repr=False)
    """``forward(*xs)``: the op on plain floats, ``compute(FLOAT, *xs)`` (the scalar fast path)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "forward", partial(self.compute, FLOAT))
        for attr in ("text_name", "ascii"):
            if not getattr(self, attr):
                object.__setattr__(self, attr, self.name)
        if not self.latex_name:
            object.__setattr__(self, "latex_name", rf"\operatorname{{{self.name}}}")

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias."""
        return (self.name, *self.aliases)

    def domain_error(self, *xs: float) -> str | None:
        """Why plain-number operands ``xs`` are outside the domain, or ``None`` if they are in."""
        for ok, message in self.domain:
            if not ok(FLOAT, *xs):
                return message
        return None

    def __repr__(self) -> str:
        return f"Rule({self.name!r})"

    def __str__(self) -> str:
        return self.name


#: Every row, by canonical name, in declaration order.
ROWS: dict[str, Rule] = {}
_BY_NAME: dict[str, Rule] = {}
#: Activation name (as network files, the CLI and model files spell it) -> row; filled by
#: :func:`declare`, so a row declared later (in a user's module) is an activation at once.
ACTIVATIONS: dict[str, Rule] = {}


def declare(name: str, arity: int | None, compute: Callable[..., Any],
            local: Callable[..., tuple[Any, ...]], *, text: str | Texts, latex: str | Texts,
            d_text: Sequence[str] | Texts, d_latex: Sequence[str] | Texts, symbol: str,
            **extra: Any) -> Rule:
    """Make a :class:`Rule` from format strings (or render functions) and register it.

    Raises ``ValueError`` when the name or an alias is already taken.
    """
    row = Rule(name, arity, compute, local,
               text if callable(text) else templates(text),
               latex if callable(latex) else latex_templates(latex),
               d_text if callable(d_text) else templates(*d_text),
               d_latex if callable(d_latex) else latex_templates(*d_latex),
               symbol, **extra)
    for alias in row.names:
        if alias in _BY_NAME:
            raise ValueError(f"a rule named {alias!r} is already declared")
    for alias in row.activation:
        if alias in ACTIVATIONS:
            raise ValueError(f"an activation named {alias!r} is already declared")
    ROWS[name] = row
    for alias in row.names:
        _BY_NAME[alias] = row
    for alias in row.activation:
        ACTIVATIONS[alias] = row
    return row


def row(name: str) -> Rule:
    """The row called ``name`` or having it as an alias (``row("σ") is row("sigmoid")``).

    Raises ``KeyError`` naming the known rows when there is none.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no rule named {name!r}; known: {', '.join(ROWS)}") from None
