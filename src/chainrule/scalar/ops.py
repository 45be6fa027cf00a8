"""The scalar engine's ops: the rows of the rule table, and ops declared outside it.

The engine's primitives are the rows of :mod:`chainrule.rules` (:data:`chainrule.rules.ROWS`,
by name): each row's ``forward(*xs)`` computes on floats, and its ``local(m, *xs, out)`` gives
∂out/∂xᵢ for each operand — with :data:`chainrule.rules.FLOAT` and floats on the fast path of
``backward``, with the Value namespace (:mod:`chainrule.scalar.value`) when
``create_graph=True``. Nothing about a primitive is written here.

An op that is not a primitive — a loss term an explanation names, say — is an :class:`Op` with
the same attributes, applied with :func:`chainrule.scalar.value.apply` like any row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chainrule.rules import Texts, templates


@dataclass(frozen=True)
class Op:
    """An op outside the rule table: ``forward(*xs)`` on floats, and the rest as a row has it.

    ``domain(*xs)`` says why plain-number operands are refused (or returns ``None``);
    ``local_text``/``local_latex`` give one string per operand and ``expr_text``/``expr_latex``
    the op applied to the operand names (see :class:`chainrule.rules.Rule`).
    """

    name: str
    arity: int | None
    forward: Callable[..., float]
    local: Callable[..., tuple[Any, ...]]
    local_text: Texts
    local_latex: Texts
    expr_text: Texts
    expr_latex: Texts
    domain: Callable[..., str | None] | None = None
    symbol: str = ""

    def domain_error(self, *xs: float) -> str | None:
        """Why ``xs`` are outside the op's domain, or ``None``."""
        return self.domain(*xs) if self.domain is not None else None

    def __repr__(self) -> str:
        return f"Op({self.name!r})"

    def __str__(self) -> str:
        return self.name


def number(x: Any) -> float:
    """The plain number inside ``x``: a Value's ``data``, or ``x`` itself."""
    return x.data if hasattr(x, "data") else x


__all__ = ["Op", "number", "templates"]
