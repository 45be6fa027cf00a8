"""The one number formatter: every number chainrule prints goes through :func:`fmt`.

* :func:`fmt` — ``digits`` significant digits, no trailing zeros, ``0`` for ``-0``, Python ints
  exact: ``0.3825``, ``-0.5``, ``1.86441e-05``, ``10000``. ASCII ``-`` so a number can be copied
  back into a file or a formula;
* :func:`operand` — the same as a factor of a product: negatives in parentheses, ``(-0.5)``;
* :func:`fmt_latex` — the same number for LaTeX/MathML: the exponent as a power of ten,
  ``1.86441 \\times 10^{-5}`` (``5e-05`` would render as a variable e);
* :func:`fmt_count` — a count of things with thousands grouped: ``4,810`` gradients.
"""

from __future__ import annotations

import math
import numbers


def _plain(x: object) -> float | int:
    data = x if isinstance(x, numbers.Number) else getattr(x, "data", x)  # a scalar Value
    if isinstance(data, numbers.Integral) and not isinstance(data, bool):
        return int(data)
    return float(data)  # type: ignore[arg-type]


def fmt(x: object, digits: int = 6) -> str:
    """``x`` with ``digits`` significant digits (see the module docstring).

    >>> fmt(0.38250000001), fmt(-0.0), fmt(5e-05), fmt(3)
    ('0.3825', '0', '5e-05', '3')
    """
    v = _plain(x)
    if isinstance(v, int):
        return str(v)
    if v == 0:
        return "0"
    if not math.isfinite(v):
        return str(v)
    return f"{v:.{digits}g}"


def operand(x: object, digits: int = 6) -> str:
    """``x`` as a factor in a product: negative numbers in parentheses, ``(-0.5)``."""
    s = fmt(x, digits)
    return f"({s})" if s.startswith("-") else s


def fmt_latex(x: object, digits: int = 6) -> str:
    """``x`` for LaTeX: ``-0.5``, ``5 \\times 10^{-5}``, ``\\infty``."""
    s = fmt(x, digits)
    if s in ("inf", "-inf"):
        return s.replace("inf", r"\infty")
    if "e" not in s or s == "nan":
        return s
    mantissa, exp = s.split("e")
    power = f"10^{{{int(exp)}}}"
    return power if mantissa == "1" else (
        f"-{power}" if mantissa == "-1" else rf"{mantissa} \times {power}")


def fmt_count(n: object) -> str:
    """A whole count with thousands grouped by commas, ``4810`` → ``'4,810'``.

    >>> fmt_count(4810), fmt_count(51), fmt_count(-1234567)
    ('4,810', '51', '-1,234,567')
    """
    v = _plain(n)
    if not isinstance(v, int):
        if not (math.isfinite(v) and v == int(v)):
            raise ValueError(f"fmt_count: {v!r} is not a whole count")
        v = int(v)
    return f"{v:,}"


__all__ = ["fmt", "fmt_count", "fmt_latex", "operand"]
