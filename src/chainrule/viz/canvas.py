"""Figures without pyplot: making them, saving them by extension, SVG text, sampling functions.

Every picture in :mod:`chainrule.viz` is a :class:`matplotlib.figure.Figure` made directly (no
pyplot global state, so nothing opens a window and threads do not share a "current figure").
Saving picks the format from the file's extension. SVG keeps text as ``<text>`` elements
(``svg.fonttype = "none"``) so labels stay searchable, selectable and small.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from chainrule.errors import ChainruleError, ConfigError
from chainrule.io.atomic import atomic_path
from chainrule.scalar.value import Value

FIGURE_FORMATS = (".png", ".svg", ".pdf")

# One palette for every picture: the seed's tangent colours, then a few more that read on white.
COLORS = ("black", "tab:green", "tab:red", "tab:blue", "tab:cyan", "tab:purple", "tab:orange",
          "tab:brown", "tab:pink", "tab:olive")
TANGENT_COLOR = "#00b5d8"  # seed 003's cyan, darkened so it reads on white


def new_figure(width: float = 6.4, height: float = 4.8, *, dpi: float = 100,
               layout: str | None = "constrained") -> Figure:
    """A fresh Figure of ``width`` × ``height`` inches, with no pyplot involved.

    It gets an Agg canvas, so ``fig.canvas.draw()`` and ``get_renderer()`` work headless.
    """
    fig = Figure(figsize=(width, height), dpi=dpi, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def save_figure(fig: Figure, path: str | Path, *, dpi: float | None = None) -> Path:
    """Write ``fig`` to ``path``; the extension (.png, .svg, .pdf) picks the format.

    Parent folders are created. Written atomically (:func:`chainrule.io.atomic.atomic_path`):
    a drawing that fails half-way leaves an existing file as it was. Returns the path written.

    Raises
    ------
    ConfigError
        For any other extension, naming it and the ones allowed.
    """
    target = output_path(path, FIGURE_FORMATS, "a figure")
    with rc_context({"svg.fonttype": "none"}), atomic_path(target) as tmp:
        fig.savefig(tmp, format=target.suffix[1:].lower(), dpi=dpi or fig.dpi)
    return target


def output_path(path: str | Path, formats: tuple[str, ...], what: str) -> Path:
    """``path`` as a Path whose extension is one of ``formats``, its folder created.

    Raises
    ------
    ConfigError
        For any other extension, naming the file, ``what`` is saved and the extensions allowed.
    """
    target = Path(path)
    if target.suffix.lower() not in formats:
        raise ConfigError(f"cannot save {what} as {target.name!r}: the extension must be one "
                          f"of {', '.join(formats)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def figure_svg(fig: Figure) -> str:
    """The figure as SVG text (labels kept as ``<text>``), for ``_repr_svg_`` and HTML pages."""
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def formula_function(formula: str) -> tuple[Callable[[Any], Any], str]:
    """A one-variable function of a float (or a Value) from a formula string, and its variable.

    The formula goes through :mod:`chainrule.symbolic`'s safe parser, never ``eval``.
    """
    from chainrule import symbolic  # lazy: SymPy is slow to import and only formulas need it

    by_name = symbolic.to_function(formula)
    names = tuple(by_name.variables)  # sorted; a plot of f(x) needs at most one
    if len(names) > 1:
        raise ConfigError(f"the formula {formula!r} has the variables {', '.join(names)}; a plot "
                          f"of f(x) needs exactly one")
    name = names[0] if names else "x"

    def f(x: Any) -> Any:
        return by_name(**{name: x})

    return f, name


def function_label(f: Callable[..., Any] | str, label: str | None = None,
                   variable: str = "x") -> str:
    """How f appears in titles and legends: ``f(x) = 2x^2`` (from ``label``, the formula, or
    a named function's name), or just ``f(x)`` for an anonymous lambda."""
    if label is None and isinstance(f, str):
        label = f
    if label is None:
        name = getattr(f, "__name__", "<lambda>")
        return f"f({variable})" if name == "<lambda>" else f"{name}({variable})"
    return f"f({variable}) = {label}"


def sample(f: Callable[[Any], Any], grid: np.ndarray) -> np.ndarray:
    """f on every point of ``grid`` (any shape), NaN where f is undefined.

    Tries one vectorised call first (``lambda x: 2*x**2`` works on arrays); otherwise calls f
    point by point with floats, then with :class:`Value` s (a function written with
    ``x.sin()`` needs those).
    """
    grid = np.asarray(grid, dtype=float)
    try:
        with np.errstate(all="ignore"):
            out = np.asarray(f(grid), dtype=float)
        if out.shape == grid.shape:
            return out
    except Exception:  # any failure just means "not vectorised": go point by point
        pass
    flat = np.array([_point(f, float(x)) for x in grid.ravel()], dtype=float)
    return flat.reshape(grid.shape)


def _point(f: Callable[[Any], Any], x: float) -> float:
    for arg in (x, Value(x)):
        try:
            y = f(arg)
        except (ChainruleError, ArithmeticError, ValueError):
            return math.nan  # outside f's domain (log of a negative, 1/0, overflow)
        except (TypeError, AttributeError):
            continue  # f wants a Value (x.exp()), try that next
        y = y.data if isinstance(y, Value) else y
        try:
            return float(y)
        except (TypeError, ValueError):
            break
    raise ConfigError(f"cannot evaluate the function at x = {x:g}: it must take a number (or a "
                      f"Value) and return a number")


def finite_limits(values: np.ndarray, *, pad: float = 0.08) -> tuple[float, float]:
    """A (low, high) range that shows every finite value of ``values`` with a margin."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return (-1.0, 1.0)
    low, high = float(finite.min()), float(finite.max())
    span = high - low if high > low else max(1.0, abs(high))
    return (low - pad * span, high + pad * span)
