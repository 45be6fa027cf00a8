"""The one op a network walkthrough needs beyond the rule table: a softmax neuron.

Every activation applied element by element, the loss terms and their sums and means are rows
of :mod:`chainrule.rules` (``half_squared_error``, ``squared_error_mean``, ``bce_term``,
``cce_term``, ``sum``, ``mean``); what is left here is softmax as one neuron of a layer that
depends on the whole layer, with its hand-written rule:

========================  ==========================================  ==========================
op                        forward                                     local derivative (text)
========================  ==========================================  ==========================
``explain.softmax``       e^{x0}/(e^{x0} + e^{x1} + …)  (own first)   o(1 − o), −o·oⱼ
========================  ==========================================  ==========================

It is declared as a :class:`~chainrule.scalar.ops.Op` — forward, local derivatives, and their
text and LaTeX — and applied with :func:`~chainrule.scalar.value.apply`, so the explanation
prints the very rule the engine chained. The name carries the ``explain.`` prefix so it can
never collide with a row; :func:`find_op` looks a name up in the rule table or here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from chainrule.explain.render.notation import natural_key
from chainrule.rules import ROWS
from chainrule.scalar.ops import FLOAT_MATH, Op

#: The ops declared here, by name. They are kept out of the rule table
#: (:data:`chainrule.rules.ROWS`), which lists the engines' primitives and is tested as
#: such; :func:`chainrule.scalar.value.apply` runs any Op, registered or not.
EXPLAIN_OPS: dict[str, Op] = {}


def _declare(op: Op) -> Op:
    EXPLAIN_OPS[op.name] = op
    return op


def find_op(name: str) -> Op:
    """The op called ``name``: an engine primitive or one declared here."""
    return ROWS[name] if name in ROWS else EXPLAIN_OPS[name]


def _wrap(name: str) -> str:
    """``name`` as an exponent: bare when it is one token, parenthesised otherwise."""
    if name.isalnum() or (name.startswith("(") and name.endswith(")")):
        return name
    return f"({name})"


# -- softmax: one neuron of a layer that couples its neurons ------------------------------
def _softmax_forward(*xs: float) -> float:
    # Shifted by the largest operand so that no exponential overflows.
    top = max(xs)
    exps = [math.exp(x - top) for x in xs]
    return exps[0] / sum(exps)


def _softmax_local(m: Any, *xs_out: Any) -> tuple[Any, ...]:
    """∂o/∂x0 = o(1 − o); ∂o/∂xj = −o·sⱼ with sⱼ = e^{xj}/Σe = o·e^{xj − x0}."""
    *xs, out = xs_out
    if m is FLOAT_MATH:
        top = max(xs)
        exps = [math.exp(x - top) for x in xs]
        total = sum(exps)
        return (out * (1.0 - out), *(-out * e / total for e in exps[1:]))
    return (out * (1.0 - out), *(-out * out * m.exp(x - xs[0]) for x in xs[1:]))


def _softmax_texts(latex: bool) -> Any:
    """∂oᵢ/∂xᵢ = oᵢ(1 − oᵢ) and ∂oᵢ/∂xⱼ = −oᵢ·oⱼ, written with the outputs: ``names`` are the
    outputs oⱼ of the operands xⱼ (the walkthrough passes them; see ``walkthrough.local_of``)."""
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        if latex:
            return (rf"{out}\left(1 - {out}\right)", *(rf"-{out} {n}" for n in names[1:]))
        return (f"{out}(1 − {out})", *(f"−{out}·{n}" for n in names[1:]))

    return render


def _softmax_expr(latex: bool) -> Any:
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        # The denominator in layer order (natural name order), the same on every row.
        ordered = sorted(names, key=natural_key)
        if latex:
            denom = " + ".join(f"e^{{{n}}}" for n in ordered)
            return (rf"\frac{{e^{{{names[0]}}}}}{{{denom}}}",)
        denom = " + ".join(f"e^{_wrap(n)}" for n in ordered)
        return (f"e^{_wrap(names[0])}/({denom})",)

    return render


# A neuron of a softmax layer: operand 0 is its own net input, the others follow in layer order.
SOFTMAX = _declare(Op("explain.softmax", None, _softmax_forward, _softmax_local,
                      _softmax_texts(False), _softmax_texts(True),
                      _softmax_expr(False), _softmax_expr(True)))


__all__ = ["EXPLAIN_OPS", "SOFTMAX", "find_op"]
