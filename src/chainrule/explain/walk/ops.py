"""The ops a network walkthrough needs beyond the rule table: the ones that are not elementwise.

Every activation applied element by element is a row of :mod:`chainrule.rules`; what is left
here couples several operands — softmax (a neuron of a layer that depends on the whole layer),
sums, means and the loss terms — and keeps its hand-written rule, as the design's rule table
does for matmul, reductions and fused losses.

Each is declared once as a :class:`~chainrule.scalar.ops.Op` — forward, local derivatives, and
their text and LaTeX — and applied with :func:`~chainrule.scalar.value.apply`, so the
explanation prints the very rule the engine chained:

========================  ==========================================  ==========================
op                        forward                                     local derivative (text)
========================  ==========================================  ==========================
``explain.softmax``       e^{x0}/(e^{x0} + e^{x1} + …)  (own first)   o(1 − o), −o·oⱼ
``explain.sum``           E1 + E2 + …                                  1
``explain.mean``          (E⁽¹⁾ + … + E⁽ᴮ⁾)/B                           1/B
``explain.half_sq``       ½(t − o)²             (operands o, t)        o − t
``explain.sq_mean``       (o − t)²/n            (operands o, t, n)     2(o − t)/n
``explain.bce``           −(t ln o + (1 − t) ln(1 − o))/n              (o − t)/(o(1 − o)·n)
``explain.cce``           −t ln o                (operands o, t)       −t/o
========================  ==========================================  ==========================

Constant operands (a target t, the count n) are leaves named after their role; their local
derivatives are stated too, so the engine stays exact if one is a variable.
The names carry the ``explain.`` prefix so they can never collide with ops declared elsewhere;
:func:`find_op` looks a name up here or in the engine's table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from chainrule.explain.render.notation import natural_key
from chainrule.scalar.ops import FLOAT_MATH, OPS, Op, templates

#: The ops declared here, by name. They are kept out of the engine's own table
#: (:data:`chainrule.scalar.ops.OPS`), which lists the engine's primitives and is tested as
#: such; :func:`chainrule.scalar.value.apply` runs any Op, registered or not.
EXPLAIN_OPS: dict[str, Op] = {}


def _declare(op: Op) -> Op:
    EXPLAIN_OPS[op.name] = op
    return op


def find_op(name: str) -> Op:
    """The op called ``name``: an engine primitive or one declared here."""
    return OPS[name] if name in OPS else EXPLAIN_OPS[name]


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


# -- sums of loss terms ------------------------------------------------------------------
def _joined(sep: str) -> Any:
    return lambda names, out: (sep.join(names),)


SUM = _declare(Op("explain.sum", None, lambda *xs: math.fsum(xs),
                  lambda m, *xs_out: (1.0,) * (len(xs_out) - 1),
                  lambda names, out: ("1",) * len(names), lambda names, out: ("1",) * len(names),
                  _joined(" + "), _joined(" + ")))

MEAN = _declare(Op(
    "explain.mean", None, lambda *xs: math.fsum(xs) / len(xs),
    lambda m, *xs_out: (1.0 / (len(xs_out) - 1),) * (len(xs_out) - 1),
    lambda names, out: (f"1/{len(names)}",) * len(names),
    lambda names, out: (rf"\frac{{1}}{{{len(names)}}}",) * len(names),
    lambda names, out: (f"({' + '.join(names)})/{len(names)}",),
    lambda names, out: (rf"\frac{{{' + '.join(names)}}}{{{len(names)}}}",)))


# -- loss terms: one per output --------------------------------------------------------------
HALF_SQ = _declare(Op(
    "explain.half_sq", 2, lambda o, t: 0.5 * (t - o) ** 2, lambda m, o, t, out: (o - t, t - o),
    templates("{0} − {1}", "{1} − {0}"), templates("{0} - {1}", "{1} - {0}"),
    templates("½({1} − {0})²"), templates(r"\frac{{1}}{{2}}\left({1} - {0}\right)^2")))


def _over(n: str, latex: bool) -> tuple[str, str]:
    """The ``/n`` suffix (or LaTeX fraction parts), dropped when n is 1."""
    if n == "1":
        return "", ""
    return ("", f"/{n}") if not latex else (r"\frac{", f"}}{{{n}}}")


def _sq_mean_texts(latex: bool) -> Any:
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        o, t, n = names
        pre, post = _over(n, latex)
        if latex:
            return (f"{pre}2\\left({o} - {t}\\right){post}",
                    f"-{pre}2\\left({o} - {t}\\right){post}",
                    rf"-\frac{{\left({o} - {t}\right)^2}}{{{n}^2}}")
        return (f"2({o} − {t}){post}", f"−2({o} − {t}){post}", f"−({o} − {t})²/{n}²")

    return render


def _sq_mean_expr(latex: bool) -> Any:
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        o, t, n = names
        pre, post = _over(n, latex)
        return (f"{pre}\\left({o} - {t}\\right)^2{post}",) if latex else (f"({o} − {t})²{post}",)

    return render


SQ_MEAN = _declare(Op(
    "explain.sq_mean", 3, lambda o, t, n: (o - t) ** 2 / n,
    lambda m, o, t, n, out: (2.0 * (o - t) / n, -2.0 * (o - t) / n, -((o - t) ** 2) / (n * n)),
    _sq_mean_texts(False), _sq_mean_texts(True), _sq_mean_expr(False), _sq_mean_expr(True)))


def _bce_forward(o: float, t: float, n: float) -> float:
    return -(t * math.log(o) + (1.0 - t) * math.log(1.0 - o)) / n


def _bce_local(m: Any, o: Any, t: Any, n: Any, out: Any) -> tuple[Any, Any, Any]:
    return ((o - t) / (o * (1.0 - o) * n), (m.log(1.0 - o) - m.log(o)) / n, -out / n)


def _bce_texts(latex: bool) -> Any:
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        o, t, n = names
        by = "" if n == "1" else (f" {n}" if latex else f"·{n}")
        if latex:
            return (rf"\frac{{{o} - {t}}}{{{o}\left(1 - {o}\right){by}}}",
                    rf"\frac{{\ln\left(1 - {o}\right) - \ln {o}}}{{{n}}}",
                    rf"-\frac{{{out}}}{{{n}}}")
        return (f"({o} − {t})/({o}(1 − {o}){by})", f"(ln(1 − {o}) − ln {o})/{n}", f"−{out}/{n}")

    return render


def _bce_expr(latex: bool) -> Any:
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        o, t, n = names
        pre, post = _over(n, latex)
        if latex:
            body = rf"{t} \cdot \ln {o} + \left(1 - {t}\right) \cdot \ln\left(1 - {o}\right)"
            return (f"-{pre}\\left({body}\\right){post}",)
        return (f"−({t}·ln {o} + (1 − {t})·ln(1 − {o})){post}",)

    return render


def _bce_domain(o: float, t: float, n: float) -> str | None:
    return None if 0.0 < o < 1.0 else "binary cross-entropy needs an output o with 0 < o < 1"


BCE = _declare(Op("explain.bce", 3, _bce_forward, _bce_local,
                  _bce_texts(False), _bce_texts(True), _bce_expr(False), _bce_expr(True),
                  _bce_domain))


def _cce_domain(o: float, t: float) -> str | None:
    return None if o > 0.0 else "categorical cross-entropy needs an output o > 0"


CCE = _declare(Op(
    "explain.cce", 2, lambda o, t: -t * math.log(o),
    lambda m, o, t, out: (-t / o, -m.log(o)),
    templates("−{1}/{0}", "−ln {0}"), templates(r"-\frac{{{1}}}{{{0}}}", r"-\ln {0}"),
    templates("−{1}·ln {0}"), templates(r"-{1} \cdot \ln {0}"), _cce_domain))

__all__ = ["BCE", "CCE", "EXPLAIN_OPS", "HALF_SQ", "MEAN", "SOFTMAX", "SQ_MEAN", "SUM",
           "find_op"]
