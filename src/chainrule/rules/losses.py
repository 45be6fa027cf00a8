"""Rows of the loss terms: one output's contribution, and the sums that add them up.

======================  ====================================  ===============================
row                     out  (operands)                       local derivatives
======================  ====================================  ===============================
half_squared_error      ½(t − o)²  (o, t)                     o − t, t − o
squared_error_mean      (o − t)²/n  (o, t, n)                 2(o − t)/n, −2(o − t)/n, −(o − t)²/n²
bce_term                −(t ln o + (1 − t) ln(1 − o))/n       (o − t)/(o(1 − o)n), …
cce_term                −t ln o  (o, t)                       −t/o, −ln o
sum                     x₁ + x₂ + …                           1, 1, …
mean                    (x₁ + … + x_B)/B                      1/B, …
======================  ====================================  ===============================

The targets t and the count n are operands too, with their derivatives stated, so the engine
stays exact if one is a variable. The array engine's fused losses read these rows for their
gradients (``∂/∂o``), and an explanation prints the same record.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from chainrule.rules.namespaces import FLOAT
from chainrule.rules.record import Texts, declare


def _over(n: str, latex: bool) -> tuple[str, str]:
    """The ``/n`` suffix (or LaTeX fraction parts), dropped when n is 1."""
    if n == "1":
        return "", ""
    return ("", f"/{n}") if not latex else (r"\frac{", f"}}{{{n}}}")


HALF_SQUARED_ERROR = declare(
    "half_squared_error", 2, lambda m, o, t: (t - o) * (t - o) / 2,
    lambda m, o, t, out: (o - t, t - o),
    text="½({1} − {0})²", latex=r"\frac{{1}}{{2}}\left({1} - {0}\right)^2",
    d_text=("{0} − {1}", "{1} − {0}"), d_latex=("{0} - {1}", "{1} - {0}"), symbol="½(t−o)²",
    doc="half the squared error of one output (seed 000's E = Σ ½(t − o)²)")


def _sq_mean_texts(latex: bool) -> Texts:
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        o, t, n = names
        pre, post = _over(n, latex)
        if latex:
            return (f"{pre}2\\left({o} - {t}\\right){post}",
                    f"-{pre}2\\left({o} - {t}\\right){post}",
                    rf"-\frac{{\left({o} - {t}\right)^2}}{{{n}^2}}")
        return (f"2({o} − {t}){post}", f"−2({o} − {t}){post}", f"−({o} − {t})²/{n}²")

    return render


def _sq_mean_expr(latex: bool) -> Texts:
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        o, t, n = names
        pre, post = _over(n, latex)
        return (f"{pre}\\left({o} - {t}\\right)^2{post}",) if latex else (f"({o} − {t})²{post}",)

    return render


SQUARED_ERROR_MEAN = declare(
    "squared_error_mean", 3, lambda m, o, t, n: (o - t) * (o - t) / n,
    lambda m, o, t, n, out: (2 * (o - t) / n, -2 * (o - t) / n, -((o - t) * (o - t)) / (n * n)),
    text=_sq_mean_expr(False), latex=_sq_mean_expr(True), d_text=_sq_mean_texts(False),
    d_latex=_sq_mean_texts(True), symbol="(o−t)²/n", params=("n",),
    doc="one output's share of the mean squared error over n outputs")


def _bce_texts(latex: bool) -> Texts:
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        o, t, n = names
        by = "" if n == "1" else (f" {n}" if latex else f"·{n}")
        if latex:
            return (rf"\frac{{{o} - {t}}}{{{o}\left(1 - {o}\right){by}}}",
                    rf"\frac{{\ln\left(1 - {o}\right) - \ln {o}}}{{{n}}}",
                    rf"-\frac{{{out}}}{{{n}}}")
        return (f"({o} − {t})/({o}(1 − {o}){by})", f"(ln(1 − {o}) − ln {o})/{n}", f"−{out}/{n}")

    return render


def _bce_expr(latex: bool) -> Texts:
    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        o, t, n = names
        pre, post = _over(n, latex)
        if latex:
            body = rf"{t} \cdot \ln {o} + \left(1 - {t}\right) \cdot \ln\left(1 - {o}\right)"
            return (f"-{pre}\\left({body}\\right){post}",)
        return (f"−({t}·ln {o} + (1 − {t})·ln(1 − {o})){post}",)

    return render


BCE_TERM = declare(
    "bce_term", 3, lambda m, o, t, n: -(t * m.log(o) + (1 - t) * m.log(1 - o)) / n,
    lambda m, o, t, n, out: ((o - t) / (o * (1 - o) * n), (m.log(1 - o) - m.log(o)) / n,
                             -out / n),
    text=_bce_expr(False), latex=_bce_expr(True), d_text=_bce_texts(False),
    d_latex=_bce_texts(True), symbol="BCE", params=("n",),
    domain=((lambda m, o, t, n: (o > 0) & (o < 1),
             "binary cross-entropy needs an output o with 0 < o < 1"),),
    doc="one output's binary cross-entropy, averaged over n")
CCE_TERM = declare(
    "cce_term", 2, lambda m, o, t: -t * m.log(o), lambda m, o, t, out: (-t / o, -m.log(o)),
    text="−{1}·ln {0}", latex=r"-{1} \cdot \ln {0}", d_text=("−{1}/{0}", "−ln {0}"),
    d_latex=(r"-\frac{{{1}}}{{{0}}}", r"-\ln {0}"), symbol="CCE",
    domain=((lambda m, o, t: o > 0, "categorical cross-entropy needs an output o > 0"),),
    doc="one class's term of the categorical cross-entropy −Σ t ln o")


def _joined(sep: str) -> Texts:
    return lambda names, out: (sep.join(names),)


def _sum(m: object, *xs: object) -> object:
    if m is FLOAT:  # plain floats: the correctly rounded sum, whatever the order of the terms
        return math.fsum(xs)
    total = xs[0]
    for x in xs[1:]:
        total = total + x
    return total


SUM = declare("sum", None, _sum, lambda m, *xs_out: (1,) * (len(xs_out) - 1),
              text=_joined(" + "), latex=_joined(" + "),
              d_text=lambda names, out: ("1",) * len(names),
              d_latex=lambda names, out: ("1",) * len(names), symbol="Σ",
              doc="the sum of the loss terms E = E1 + E2 + …")
MEAN = declare(
    "mean", None, lambda m, *xs: _sum(m, *xs) / len(xs),
    lambda m, *xs_out: (1 / (len(xs_out) - 1),) * (len(xs_out) - 1),
    text=lambda names, out: (f"({' + '.join(names)})/{len(names)}",),
    latex=lambda names, out: (rf"\frac{{{' + '.join(names)}}}{{{len(names)}}}",),
    d_text=lambda names, out: (f"1/{len(names)}",) * len(names),
    d_latex=lambda names, out: (rf"\frac{{1}}{{{len(names)}}}",) * len(names), symbol="mean",
    doc="the mean of the per-sample losses (E⁽¹⁾ + … + E⁽ᴮ⁾)/B")
