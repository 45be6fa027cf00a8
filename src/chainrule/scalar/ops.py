"""The op table of the scalar engine: every primitive declared once.

Each :class:`Op` holds, side by side,

* ``forward(*xs) -> float`` — the op on plain numbers;
* ``local(m, *xs, out) -> tuple`` — the local derivative with respect to each operand,
  ∂out/∂xᵢ, written once against a math namespace ``m``. With :data:`FLOAT_MATH` and float
  operands it gives numbers (the fast path of ``backward``); with :data:`VALUE_MATH` and
  :class:`~chainrule.scalar.value.Value` operands it builds a differentiable graph (second
  derivatives with ``create_graph=True``). One rule, two uses;
* ``domain(*xs) -> str | None`` — why the operands are outside the op's domain, or ``None``;
* the same local derivatives and the op itself as text and LaTeX, so an explanation prints the
  very record the engine used (``local_text(["z1"], "z1^a")`` -> ``("z1^a(1 − z1^a)",)``).

New ops (a fused loss, say) are added with :func:`defop` and applied with
:func:`chainrule.scalar.value.apply`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Texts = Callable[[Sequence[str], str], tuple[str, ...]]


def templates(*parts: str) -> Texts:
    """Texts from format strings.

    ``{0}``, ``{1}``… stand for the operands' names and ``{out}`` for the output's name.
    """

    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        return tuple(p.format(*names, out=out) for p in parts)

    return render


@dataclass(frozen=True)
class Op:
    """One primitive: forward, local derivatives, domain, and their text and LaTeX.

    ``arity`` is the number of operands, or ``None`` for a variadic op (``linear``).
    ``local_text``/``local_latex`` give one string per operand; ``expr_text``/``expr_latex``
    give a 1-tuple with the op applied to the operand names.
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

    def __repr__(self) -> str:
        return f"Op({self.name!r})"

    def __str__(self) -> str:
        return self.name


OPS: dict[str, Op] = {}


def defop(op: Op) -> Op:
    """Register ``op`` in :data:`OPS` under its name and return it."""
    if op.name in OPS:
        raise ValueError(f"an op named {op.name!r} is already declared")
    OPS[op.name] = op
    return op


def _sigmoid(x: float) -> float:
    # Two branches so that exp never overflows: σ(x) = 1/(1+e^{-x}) = e^{x}/(1+e^{x}).
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


class _FloatMath:
    """Functions on floats, used by ``Op.local`` on the fast path."""

    exp = staticmethod(math.exp)
    log = staticmethod(math.log)
    sin = staticmethod(math.sin)
    cos = staticmethod(math.cos)
    sqrt = staticmethod(math.sqrt)
    sigmoid = staticmethod(_sigmoid)
    tanh = staticmethod(math.tanh)

    @staticmethod
    def value(x: Any) -> float:
        """The plain number inside ``x`` (identity on floats)."""
        return x


FLOAT_MATH = _FloatMath()


def number(x: Any) -> float:
    """The plain number inside ``x``: a Value's ``data``, or ``x`` itself."""
    return x.data if hasattr(x, "data") else x


# Piecewise constants (ReLU's step, |x|'s sign, max's selector) are constants of the graph even
# when differentiating twice, so they read plain numbers in both namespaces.
def _step(x: Any) -> float:
    """ReLU'(x): 1 for x > 0, else 0 — so ReLU'(0) = 0 by convention."""
    return 1.0 if number(x) > 0 else 0.0


def _sign(x: Any) -> float:
    """|x|'(x): sign(x), with 0 at x = 0 (the subgradient nearest to zero)."""
    v = number(x)
    return 1.0 if v > 0 else (-1.0 if v < 0 else 0.0)


def _ge(a: Any, b: Any) -> float:
    """1 when a ≥ b: ties send max's gradient to its first operand (min's likewise)."""
    return 1.0 if number(a) >= number(b) else 0.0


def _positive(name: str) -> Callable[[float], str | None]:
    def check(x: float) -> str | None:
        return None if x > 0 else f"{name} needs x > 0"

    return check


def _linear_forward(*xs: float) -> float:
    total = xs[-1] if len(xs) % 2 else 0.0
    for i in range(0, len(xs) - 1, 2):
        total += xs[i] * xs[i + 1]
    return total


def _linear_local(m: Any, *xs_out: Any) -> tuple[Any, ...]:
    xs = xs_out[:-1]
    local: list[Any] = []
    for i in range(0, len(xs) - 1, 2):
        local.append(xs[i + 1])
        local.append(xs[i])
    if len(xs) % 2:
        local.append(1.0)
    return tuple(local)


def _linear_texts(names: Sequence[str], out: str) -> tuple[str, ...]:
    """∂(Σ xᵢwᵢ + b)/∂xᵢ = wᵢ, ∂/∂wᵢ = xᵢ, ∂/∂b = 1 — the same in text and LaTeX."""
    local: list[str] = []
    for i in range(0, len(names) - 1, 2):
        local += [names[i + 1], names[i]]
    if len(names) % 2:
        local.append("1")
    return tuple(local)


def _linear_expr(latex: bool) -> Texts:
    dot = r" \cdot " if latex else "·"

    def render(names: Sequence[str], out: str) -> tuple[str, ...]:
        terms = [f"{names[i]}{dot}{names[i + 1]}" for i in range(0, len(names) - 1, 2)]
        if len(names) % 2:
            terms.append(names[-1])
        return (" + ".join(terms),)

    return render


def _div_domain(a: float, b: float) -> str | None:
    return "division by zero" if b == 0 else None


def _powc_domain(x: float, n: float) -> str | None:
    if x == 0 and n < 0:
        return f"0 ** {n:g} is undefined (negative exponent of zero)"
    if x < 0 and n != int(n):
        return f"a negative base with the non-integer exponent {n:g} is not real"
    return None


def _pow_domain(a: float, b: float) -> str | None:
    if a > 0 or (a == 0 and b > 0):
        return None
    return "Value ** Value needs base > 0 (or base 0 with exponent > 0)"


def _pow_local(m: Any, a: Any, b: Any, out: Any) -> tuple[Any, Any]:
    # ∂/∂b a^b = a^b ln a; at a = 0 (b > 0) the limit is 0.
    return (b * a ** (b - 1), out * m.log(a) if m.value(a) > 0 else 0.0)


ADD = defop(Op("add", 2, lambda a, b: a + b, lambda m, a, b, out: (1.0, 1.0),
               templates("1", "1"), templates("1", "1"),
               templates("{0} + {1}"), templates("{0} + {1}")))
SUB = defop(Op("sub", 2, lambda a, b: a - b, lambda m, a, b, out: (1.0, -1.0),
               templates("1", "−1"), templates("1", "-1"),
               templates("{0} − {1}"), templates("{0} - {1}")))
MUL = defop(Op("mul", 2, lambda a, b: a * b, lambda m, a, b, out: (b, a),
               templates("{1}", "{0}"), templates("{1}", "{0}"),
               templates("{0}·{1}"), templates(r"{0} \cdot {1}")))
DIV = defop(Op("div", 2, lambda a, b: a / b, lambda m, a, b, out: (1.0 / b, -a / (b * b)),
               templates("1/{1}", "−{0}/{1}²"),
               templates(r"\frac{{1}}{{{1}}}", r"-\frac{{{0}}}{{{1}^2}}"),
               templates("{0}/{1}"), templates(r"\frac{{{0}}}{{{1}}}"), _div_domain))
NEG = defop(Op("neg", 1, lambda a: -a, lambda m, a, out: (-1.0,),
               templates("−1"), templates("-1"), templates("−{0}"), templates("-{0}")))
# x ** n with n a constant: the exponent rides along as a constant operand whose local
# derivative is 0 by construction (it is not a variable).
POWC = defop(Op("powc", 2, lambda x, n: x**n,
                lambda m, x, n, out: (n * x ** (m.value(n) - 1), 0.0),
                templates("{1}·{0}^({1} − 1)", "0"), templates(r"{1} {0}^{{{1} - 1}}", "0"),
                templates("{0}^{1}"), templates("{0}^{{{1}}}"), _powc_domain))
POW = defop(Op("pow", 2, lambda a, b: a**b, _pow_local,
               templates("{1}·{0}^({1} − 1)", "{out}·ln {0}"),
               templates(r"{1} {0}^{{{1} - 1}}", r"{out} \ln {0}"),
               templates("{0}^{1}"), templates("{0}^{{{1}}}"), _pow_domain))
EXP = defop(Op("exp", 1, math.exp, lambda m, x, out: (out,),
               templates("e^{0}"), templates("e^{{{0}}}"),
               templates("e^{0}"), templates("e^{{{0}}}")))
LOG = defop(Op("log", 1, math.log, lambda m, x, out: (1.0 / x,),
               templates("1/{0}"), templates(r"\frac{{1}}{{{0}}}"),
               templates("ln {0}"), templates(r"\ln {0}"), _positive("log")))
SQRT = defop(Op("sqrt", 1, math.sqrt, lambda m, x, out: (0.5 / out,),
                templates("1/(2√{0})"), templates(r"\frac{{1}}{{2\sqrt{{{0}}}}}"),
                templates("√{0}"), templates(r"\sqrt{{{0}}}"), _positive("sqrt")))
SIN = defop(Op("sin", 1, math.sin, lambda m, x, out: (m.cos(x),),
               templates("cos {0}"), templates(r"\cos {0}"),
               templates("sin {0}"), templates(r"\sin {0}")))
COS = defop(Op("cos", 1, math.cos, lambda m, x, out: (-m.sin(x),),
               templates("−sin {0}"), templates(r"-\sin {0}"),
               templates("cos {0}"), templates(r"\cos {0}")))
TANH = defop(Op("tanh", 1, math.tanh, lambda m, x, out: (1.0 - out * out,),
                templates("1 − {out}²"), templates("1 - {out}^2"),
                templates("tanh {0}"), templates(r"\tanh {0}")))
SIGMOID = defop(Op("sigmoid", 1, _sigmoid, lambda m, x, out: (out * (1.0 - out),),
                   templates("{out}(1 − {out})"), templates(r"{out}\left(1 - {out}\right)"),
                   templates("σ({0})"), templates(r"\sigma({0})")))
RELU = defop(Op("relu", 1, lambda x: x if x > 0 else 0.0, lambda m, x, out: (_step(x),),
                templates("1 if {0} > 0 else 0"),
                templates(r"\begin{{cases}}1 & {0} > 0\\0 & {0} \le 0\end{{cases}}"),
                templates("max(0, {0})"), templates(r"\max(0, {0})")))
ABS = defop(Op("abs", 1, abs, lambda m, x, out: (_sign(x),),
               templates("sign({0})"), templates(r"\operatorname{{sign}}({0})"),
               templates("|{0}|"), templates(r"\left|{0}\right|")))
MAX = defop(Op("max", 2, lambda a, b: a if a >= b else b,
               lambda m, a, b, out: (_ge(a, b), 1.0 - _ge(a, b)),
               templates("1 if {0} ≥ {1} else 0", "1 if {1} > {0} else 0"),
               templates(r"[{0} \ge {1}]", r"[{1} > {0}]"),
               templates("max({0}, {1})"), templates(r"\max({0}, {1})")))
MIN = defop(Op("min", 2, lambda a, b: a if a <= b else b,
               lambda m, a, b, out: (_ge(b, a), 1.0 - _ge(b, a)),
               templates("1 if {0} ≤ {1} else 0", "1 if {1} < {0} else 0"),
               templates(r"[{0} \le {1}]", r"[{1} < {0}]"),
               templates("min({0}, {1})"), templates(r"\min({0}, {1})")))
# A neuron's net input x1·w1 + x2·w2 + … + b as one node: operands (x1, w1, x2, w2, …[, b]).
# One node instead of 2n keeps the graph small and reads like the seeds' y1 = x1·w1 + x2·w3 + c1.
LINEAR = defop(Op("linear", None, _linear_forward, _linear_local,
                  _linear_texts, _linear_texts,
                  _linear_expr(False), _linear_expr(True)))
