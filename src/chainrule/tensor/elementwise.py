"""Element-wise array ops: arithmetic with broadcasting, and functions of one array.

Each op is a ``forward`` and a ``vjp`` side by side (see :mod:`chainrule.tensor.op`). Binary ops
broadcast like NumPy; their VJPs sum the gradient back to each operand's shape with
:func:`~chainrule.tensor.op.unbroadcast`. Local derivatives, with g = ∂L/∂out:

========  ==========================  ==========================================
op        out                         ∂L/∂operand
========  ==========================  ==========================================
add       a + b                       g, g
sub       a − b                       g, −g
mul       a · b                       g·b, g·a
div       a / b                       g/b, −g·a/b²
powc      xⁿ (n a number)             g·n·xⁿ⁻¹
pow       aᵇ (a > 0)                  g·b·aᵇ⁻¹, g·aᵇ·ln a
neg       −x                          −g
exp       eˣ                          g·eˣ
log       ln x (x > 0)                g/x
sqrt      √x (x ≥ 0)                  g/(2√x)
abs       |x|                         g·sign x (0 at 0)
clip      min(max(x, lo), hi)         g where lo ≤ x ≤ hi, else 0
where     c ? a : b                   g where c, else 0; 0 where c, else g
========  ==========================  ==========================================
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import DomainError, ShapeError
from chainrule.tensor.op import Array, defop, shape_text, unbroadcast

Grads = tuple[Array | None, ...]


def _broadcast(name: str, fn: Any, a: Array, b: Array) -> Array:
    """``fn(a, b)``, turning NumPy's broadcasting ValueError into a ShapeError naming the op."""
    try:
        return fn(a, b)
    except ValueError:
        raise ShapeError(
            f"{name}: shapes {shape_text(a.shape)} and {shape_text(b.shape)} do not broadcast"
        ) from None


def _first_bad(mask: Array) -> str:
    """Where the first True of ``mask`` is, for error messages."""
    if mask.ndim == 0:
        return ""
    return f" at element {tuple(int(i) for i in np.argwhere(mask)[0])}"


# -- arithmetic --------------------------------------------------------------------------
def _add_fwd(a: Array, b: Array) -> tuple[Array, Any]:
    return _broadcast("add", np.add, a, b), (a.shape, b.shape)


def _add_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    sa, sb = ctx
    return (unbroadcast(g, sa) if needs[0] else None, unbroadcast(g, sb) if needs[1] else None)


def _sub_fwd(a: Array, b: Array) -> tuple[Array, Any]:
    return _broadcast("sub", np.subtract, a, b), (a.shape, b.shape)


def _sub_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    sa, sb = ctx
    return (unbroadcast(g, sa) if needs[0] else None, -unbroadcast(g, sb) if needs[1] else None)


def _mul_fwd(a: Array, b: Array) -> tuple[Array, Any]:
    return _broadcast("mul", np.multiply, a, b), (a, b)


def _mul_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    a, b = ctx
    return (unbroadcast(g * b, a.shape) if needs[0] else None,
            unbroadcast(g * a, b.shape) if needs[1] else None)


def _div_fwd(a: Array, b: Array) -> tuple[Array, Any]:
    zero = b == 0
    if zero.any():
        raise DomainError("div", 0.0, f"division by zero{_first_bad(zero)} of the divisor")
    return _broadcast("div", np.divide, a, b), (a, b)


def _div_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    a, b = ctx
    ga = g / b
    return (unbroadcast(ga, a.shape) if needs[0] else None,
            unbroadcast(-ga * a / b, b.shape) if needs[1] else None)


def _neg_fwd(x: Array) -> tuple[Array, Any]:
    return -x, None


def _neg_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    return (-g,)


def _powc_fwd(x: Array, n: float) -> tuple[Array, Any]:
    if n < 0 and (x == 0).any():
        raise DomainError("pow", 0.0, f"0 ** {n:g} is undefined{_first_bad(x == 0)}")
    if n != int(n) and (x < 0).any():
        raise DomainError("pow", float(x[x < 0].flat[0]),
                          f"a negative base with the non-integer exponent {n:g} is not real"
                          f"{_first_bad(x < 0)}")
    return x**n, (x, n)


def _powc_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    x, n = ctx
    if n == 2:
        return (g * (2 * x),)  # the common square: no power needed
    return (g * (n * x ** (n - 1)),)


def _pow_fwd(a: Array, b: Array) -> tuple[Array, Any]:
    out = _broadcast("pow", np.power, a, b)
    bad = (a < 0) | ((a == 0) & (b <= 0))
    if bad.any():
        raise DomainError("pow", "a base ≤ 0", "Tensor ** Tensor needs base > 0 (or base 0 "
                          f"with exponent > 0){_first_bad(bad)}")
    return out, (a, b, out)


def _pow_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    a, b, out = ctx
    ga = unbroadcast(g * b * a ** (b - 1), a.shape) if needs[0] else None
    gb = None
    if needs[1]:
        # ∂aᵇ/∂b = aᵇ ln a; at a = 0 (b > 0) the limit is 0.
        safe = np.where(a > 0, a, 1)
        gb = unbroadcast(g * out * np.log(safe), b.shape)
    return ga, gb


ADD = defop("add", _add_fwd, _add_vjp, "∂/∂a = g, ∂/∂b = g (summed over broadcast axes)")
SUB = defop("sub", _sub_fwd, _sub_vjp, "∂/∂a = g, ∂/∂b = −g")
MUL = defop("mul", _mul_fwd, _mul_vjp, "∂/∂a = g·b, ∂/∂b = g·a")
DIV = defop("div", _div_fwd, _div_vjp, "∂/∂a = g/b, ∂/∂b = −g·a/b²")
NEG = defop("neg", _neg_fwd, _neg_vjp, "∂/∂x = −g")
POWC = defop("powc", _powc_fwd, _powc_vjp, "∂/∂x = g·n·x^(n−1)")
POW = defop("pow", _pow_fwd, _pow_vjp, "∂/∂a = g·b·a^(b−1), ∂/∂b = g·a^b·ln a")


# -- functions of one array --------------------------------------------------------------
def _exp_fwd(x: Array) -> tuple[Array, Any]:
    out = np.exp(x)
    return out, out


def _exp_vjp(g: Array, out: Any, needs: tuple[bool, ...]) -> Grads:
    return (g * out,)


def _log_fwd(x: Array) -> tuple[Array, Any]:
    bad = ~(x > 0)
    if bad.any():
        raise DomainError("log", float(x[bad].flat[0]), f"log needs x > 0{_first_bad(bad)}")
    return np.log(x), x


def _log_vjp(g: Array, x: Any, needs: tuple[bool, ...]) -> Grads:
    return (g / x,)


def _sqrt_fwd(x: Array) -> tuple[Array, Any]:
    bad = ~(x >= 0)
    if bad.any():
        raise DomainError("sqrt", float(x[bad].flat[0]), f"sqrt needs x ≥ 0{_first_bad(bad)}")
    out = np.sqrt(x)
    return out, out


def _sqrt_vjp(g: Array, out: Any, needs: tuple[bool, ...]) -> Grads:
    return (g / (2 * out),)


def _abs_fwd(x: Array) -> tuple[Array, Any]:
    return np.abs(x), x


def _abs_vjp(g: Array, x: Any, needs: tuple[bool, ...]) -> Grads:
    return (g * np.sign(x),)


def _clip_fwd(x: Array, lo: float | None, hi: float | None) -> tuple[Array, Any]:
    if lo is not None and hi is not None and lo > hi:
        raise DomainError("clip", (lo, hi), "needs lo ≤ hi")
    inside = np.ones(x.shape, dtype=bool)
    if lo is not None:
        inside &= x >= lo
    if hi is not None:
        inside &= x <= hi
    return np.clip(x, lo, hi), inside


def _clip_vjp(g: Array, inside: Any, needs: tuple[bool, ...]) -> Grads:
    return (g * inside,)


def _where_fwd(a: Array, b: Array, cond: Array) -> tuple[Array, Any]:
    try:
        out = np.where(cond, a, b)
    except ValueError:
        raise ShapeError(
            f"where: condition {shape_text(cond.shape)}, a {shape_text(a.shape)} and "
            f"b {shape_text(b.shape)} do not broadcast"
        ) from None
    return out, (cond, a.shape, b.shape)


def _where_vjp(g: Array, ctx: Any, needs: tuple[bool, ...]) -> Grads:
    cond, sa, sb = ctx
    zero = np.zeros((), dtype=g.dtype)
    return (unbroadcast(np.where(cond, g, zero), sa) if needs[0] else None,
            unbroadcast(np.where(cond, zero, g), sb) if needs[1] else None)


EXP = defop("exp", _exp_fwd, _exp_vjp, "∂/∂x = g·eˣ")
LOG = defop("log", _log_fwd, _log_vjp, "∂/∂x = g/x")
SQRT = defop("sqrt", _sqrt_fwd, _sqrt_vjp, "∂/∂x = g/(2√x)")
ABS = defop("abs", _abs_fwd, _abs_vjp, "∂/∂x = g·sign(x), 0 at x = 0")
CLIP = defop("clip", _clip_fwd, _clip_vjp, "∂/∂x = g where lo ≤ x ≤ hi, else 0")
WHERE = defop("where", _where_fwd, _where_vjp, "∂/∂a = g where c else 0, ∂/∂b = g where not c")
