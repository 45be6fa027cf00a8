"""Rows of arithmetic: + − × ÷, negation, powers, max/min, and a neuron's net input.

========  ==================  ==========================================================
row       out                 local derivatives (∂out/∂operand)
========  ==================  ==========================================================
add       a + b               1, 1
sub       a − b               1, −1
mul       a·b                 b, a
div       a/b                 1/b, −a/b²
neg       −a                  −1
powc      xⁿ (n a constant)   n·xⁿ⁻¹ (0 when n = 0, so 0⁰ = 1 has gradient 0), 0
pow       aᵇ (a > 0)          b·aᵇ⁻¹, aᵇ·ln a (0 at a = 0)
max       max(a, b)           [a ≥ b], [b > a]  (a tie sends the gradient to a)
min       min(a, b)           [a ≤ b], [b < a]  (a tie sends the gradient to a)
linear    Σ xᵢ·wᵢ + b         wᵢ, xᵢ, 1
========  ==================  ==========================================================
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

from chainrule.rules.record import declare

ADD = declare("add", 2, lambda m, a, b: a + b, lambda m, a, b, out: (1, 1),
              text="{0} + {1}", latex="{0} + {1}", d_text=("1", "1"), d_latex=("1", "1"),
              symbol="+", doc="addition")
SUB = declare("sub", 2, lambda m, a, b: a - b, lambda m, a, b, out: (1, -1),
              text="{0} − {1}", latex="{0} - {1}", d_text=("1", "−1"), d_latex=("1", "-1"),
              symbol="−", doc="subtraction")
MUL = declare("mul", 2, lambda m, a, b: a * b, lambda m, a, b, out: (b, a),
              text="{0}·{1}", latex=r"{0} \cdot {1}", d_text=("{1}", "{0}"),
              d_latex=("{1}", "{0}"), symbol="×", doc="multiplication")
DIV = declare("div", 2, lambda m, a, b: a / b, lambda m, a, b, out: (1 / b, -a / (b * b)),
              text="{0}/{1}", latex=r"\frac{{{0}}}{{{1}}}", d_text=("1/{1}", "−{0}/{1}²"),
              d_latex=(r"\frac{{1}}{{{1}}}", r"-\frac{{{0}}}{{{1}^2}}"), symbol="÷",
              domain=((lambda m, a, b: b != 0, "division by zero"),), doc="division")
NEG = declare("neg", 1, lambda m, a: -a, lambda m, a, out: (-1,),
              text="−{0}", latex="-{0}", d_text=("−1",), d_latex=("-1",), symbol="−x",
              doc="negation")


def _powc_local(m: Any, x: Any, n: Any, out: Any) -> tuple[Any, Any]:
    # n·xⁿ⁻¹, except that x⁰ = 1 is flat: no 0·0⁻¹ at x = 0 (PyTorch: value 1, gradient 0).
    # The exponent is a constant of the graph, read as a plain number in every namespace.
    k = m.value(n)
    return (0 if k == 0 else n * x ** (k - 1), 0)


POWC = declare(
    "powc", 2, lambda m, x, n: x**n, _powc_local,
    text="{0}^{1}", latex="{0}^{{{1}}}", d_text=("{1}·{0}^({1} − 1)", "0"),
    d_latex=(r"{1} {0}^{{{1} - 1}}", "0"), symbol="^", params=("n",),
    domain=((lambda m, x, n: (x != 0) | (n >= 0),
             "0 ** n is undefined for a negative exponent n (0 to a negative power)"),
            (lambda m, x, n: (x >= 0) | (n == int(n)),
             "a negative base with a non-integer exponent is not real")),
    kink="d/dx x⁰ = 0 everywhere, x = 0 included", doc="x to a constant power n")


def _pow_local(m: Any, a: Any, b: Any, out: Any) -> tuple[Any, Any]:
    # ∂/∂b aᵇ = aᵇ ln a; at a = 0 (b > 0) the limit is 0: ln 1 stands in for ln 0 there.
    return (b * a ** (b - 1), out * m.log(m.where(a > 0, a, 1)))


POW = declare(
    "pow", 2, lambda m, a, b: a**b, _pow_local,
    text="{0}^{1}", latex="{0}^{{{1}}}", d_text=("{1}·{0}^({1} − 1)", "{out}·ln {0}"),
    d_latex=(r"{1} {0}^{{{1} - 1}}", r"{out} \ln {0}"), symbol="^",
    domain=((lambda m, a, b: (a > 0) | ((a == 0) & (b > 0)),
             "a ** b with both variable needs base > 0 (or base 0 with exponent > 0)"),),
    kink="∂/∂b aᵇ = 0 at a = 0", doc="a variable base to a variable power")
MAX = declare(
    "max", 2, lambda m, a, b: m.maximum(a, b),
    lambda m, a, b, out: (m.ge(a, b), 1 - m.ge(a, b)),
    text="max({0}, {1})", latex=r"\max({0}, {1})",
    d_text=("1 if {0} ≥ {1} else 0", "1 if {1} > {0} else 0"),
    d_latex=(r"[{0} \ge {1}]", r"[{1} > {0}]"), symbol="max",
    kink="a tie sends the whole gradient to the first operand", doc="the larger of two")
MIN = declare(
    "min", 2, lambda m, a, b: m.minimum(a, b),
    lambda m, a, b, out: (m.ge(b, a), 1 - m.ge(b, a)),
    text="min({0}, {1})", latex=r"\min({0}, {1})",
    d_text=("1 if {0} ≤ {1} else 0", "1 if {1} < {0} else 0"),
    d_latex=(r"[{0} \le {1}]", r"[{1} < {0}]"), symbol="min",
    kink="a tie sends the whole gradient to the first operand", doc="the smaller of two")


def _linear_forward(m: Any, *xs: Any) -> Any:
    # bias + x₁w₁ + x₂w₂ + …, added in that order (``sum`` starts from the bias)
    pairs = len(xs) - len(xs) % 2
    return sum(map(operator.mul, xs[0:pairs:2], xs[1:pairs:2]), xs[-1] if len(xs) % 2 else 0.0)


def _linear_local(m: Any, *xs_out: Any) -> tuple[Any, ...]:
    # operands x₁, w₁, x₂, w₂, …[, b] -> locals w₁, x₁, w₂, x₂, …[, 1]: each pair swapped
    n = len(xs_out) - 1
    pairs = n - n % 2
    local: list[Any] = [1.0] * n
    local[0:pairs:2] = xs_out[1:pairs:2]
    local[1:pairs:2] = xs_out[0:pairs:2]
    return tuple(local)


def _linear_texts(names: Sequence[str], out: str) -> tuple[str, ...]:
    """∂(Σ xᵢwᵢ + b)/∂xᵢ = wᵢ, ∂/∂wᵢ = xᵢ, ∂/∂b = 1 — the same in text and LaTeX."""
    local: list[str] = []
    for i in range(0, len(names) - 1, 2):
        local += [names[i + 1], names[i]]
    if len(names) % 2:
        local.append("1")
    return tuple(local)


def _linear_expr(latex: bool) -> Any:
    dot = r" \cdot " if latex else "·"

    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        terms = [f"{names[i]}{dot}{names[i + 1]}" for i in range(0, len(names) - 1, 2)]
        if len(names) % 2:
            terms.append(names[-1])
        return (" + ".join(terms),)

    return render


# A neuron's net input x1·w1 + x2·w2 + … + b as one node: operands (x1, w1, x2, w2, …[, b]).
# One node instead of 2n keeps the graph small and reads like the seeds' y1 = x1·w1 + x2·w3 + c1.
LINEAR = declare("linear", None, _linear_forward, _linear_local,
                 text=_linear_expr(False), latex=_linear_expr(True), d_text=_linear_texts,
                 d_latex=_linear_texts, symbol="Σwx+b", doc="a neuron's net input Σ xᵢ·wᵢ + b")
