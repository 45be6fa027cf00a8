"""The rule table: every primitive declared once, read by every engine.

Each row (:class:`Rule`) holds a primitive's name and aliases, its display symbol, its
``compute(m, *xs)`` and its local derivatives ``local(m, *xs, out)`` written once against a math
namespace ``m``, the domain check, the convention at kinks, and the text and LaTeX of the op and
of each local derivative. The same line gives floats (the scalar engine, :data:`FLOAT`), NumPy
arrays (the tensor engine, :data:`NUMPY`), Values and Tensors (derivatives of derivatives; those
namespaces are built by ``chainrule.scalar`` and ``chainrule.tensor``), SymPy expressions
(:mod:`chainrule.rules.symbolic`) and the formula an explanation prints.

The API is small::

    from chainrule import rules
    rules.row("σ")                     # the sigmoid row (by name or alias)
    rules.ROWS                         # name -> row, every row
    rules.FUNCTIONS                    # name or alias -> row: the f(x) a formula may call
    rules.ACTIVATIONS                  # name -> row: activations by the names files use
    r = rules.row("sigmoid")
    r.compute(rules.NUMPY, x)          # σ(x) on an array
    r.forward(0.3)                     # σ(0.3) on a float: compute(FLOAT, 0.3)
    r.local(rules.FLOAT, 0.3, s)       # (σ′,) at x = 0.3 where s = σ(0.3)
    r.local_text(["z"], "a")           # ("a(1 − a)",)
    r.domain_error(-1.0)               # None, or why the point is outside the domain
    rules.VECTOR_ROWS["softmax"]       # softmax and log-softmax: rows that are not
                                       # element-wise, their derivative a VJP (rules.vector)

This package imports nothing of chainrule but :mod:`chainrule.errors`; it is the bottom of the
house. Adding an activation is one row here (plus its ``nn`` Module class).
"""

from chainrule.rules import activations, arithmetic, functions, losses  # noqa: F401 - rows
from chainrule.rules.namespaces import (
                                        CONSTANTS,
                                        FLOAT,
                                        NAMES,
                                        NUMPY,
                                        ElementArrays,
                                        FloatMath,
                                        NumpyMath,
)
from chainrule.rules.record import (
                                    ACTIVATIONS,
                                    ROWS,
                                    Rule,
                                    Texts,
                                    declare,
                                    latex_group,
                                    latex_templates,
                                    row,
                                    templates,
)
from chainrule.rules.vector import VECTOR_ROWS, VectorRule

#: Name or alias -> row, for every one-operand function a formula may write as ``name(x)``.
FUNCTIONS: dict[str, Rule] = {n: r for r in ROWS.values() if r.formula for n in r.names}

__all__ = ["ACTIVATIONS", "CONSTANTS", "FLOAT", "FUNCTIONS", "NAMES", "NUMPY", "ROWS",
           "VECTOR_ROWS", "ElementArrays", "FloatMath", "NumpyMath", "Rule", "Texts",
           "VectorRule", "declare", "latex_group", "latex_templates", "row", "templates"]
