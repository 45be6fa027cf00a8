"""The functions a formula may use: a view of the rule table's formula rows, for SymPy.

Every function a user can write is a row of :mod:`chainrule.rules` with ``formula=True``
(:data:`chainrule.rules.FUNCTIONS`): its names (``log`` and ``ln`` are one function; ``σ`` is
``sigmoid``), how it is built in SymPy, and the row that computes it and states its derivative.
Nothing outside the table can be called — the parser rejects other names, so no user text ever
reaches ``eval``/``sympify``.

SymPy has no logistic sigmoid, no ReLU with ReLU'(0) = 0 and no step with step(0) = 0; they are
SymPy functions defined next to the table (:mod:`chainrule.rules.symbolic`) and re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from chainrule import rules
from chainrule.rules.symbolic import relu, sigmoid, step, sympy_function


@dataclass(frozen=True)
class FunctionSpec:
    """One function users may write, read off its row.

    Attributes
    ----------
    name : str
        The canonical name as the text renderer prints it (``"ln"``, ``"σ"``).
    aliases : tuple of str
        Every name the parser accepts for it.
    build : callable
        ``build(sympy_arg) -> sympy expression``.
    op : str
        The row's name in :data:`chainrule.rules.ROWS` (``"log"``).
    ascii : str
        The name in ASCII rendering.
    latex : str
        The LaTeX command (``r"\\ln"``, ``r"\\operatorname{sech}"``).
    rule : Rule
        The row itself.
    """

    name: str
    aliases: tuple[str, ...]
    build: Callable[[sp.Expr], sp.Expr]
    op: str
    ascii: str
    latex: str
    rule: rules.Rule


def _spec(row: rules.Rule) -> FunctionSpec:
    return FunctionSpec(row.text_name, row.names, sympy_function(row), row.name, row.ascii,
                        row.latex_name, row)


_SPECS = {row.name: _spec(row) for row in rules.FUNCTIONS.values()}

#: Every accepted function name -> its spec.
FUNCTIONS: dict[str, FunctionSpec] = {alias: spec for spec in _SPECS.values()
                                      for alias in spec.aliases}

#: SymPy function class -> its spec (for rendering and evaluating SymPy trees).
BY_CLASS: dict[type, FunctionSpec] = {spec.build: spec for spec in _SPECS.values()
                                      if isinstance(spec.build, sp.FunctionClass)}

#: Names that are constants, not variables. ``e`` is deliberately a variable (seed 001 names
#: a node e); Euler's number is written exp(1).
CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "π": sp.pi}

__all__ = ["BY_CLASS", "CONSTANTS", "FUNCTIONS", "FunctionSpec", "relu", "sigmoid", "step"]
