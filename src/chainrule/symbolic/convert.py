"""Formulas as computations: ``to_value`` (a scalar-engine graph) and ``to_function`` (a callable).

Both walk the parsed AST with the whitelist of :mod:`chainrule.symbolic.evaluate` — no ``eval``,
no ``lambdify``. The leaves of a ``to_value`` graph are Values named after the variables, so
``.backward()`` gives exact gradients and a picture of the graph reads like the formula.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any

from chainrule.errors import ConfigError, NumericalError
from chainrule.scalar import Value
from chainrule.symbolic.evaluate import evaluate_tree
from chainrule.symbolic.formula import Formula, parse


def _number(name: str, v: Any) -> float:
    if isinstance(v, (str, bytes)):
        raise ConfigError(f"the value of {name!r} must be a number or a Value, got {v!r}")
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        try:
            return float(v)  # NumPy scalars, 0-d arrays
        except (TypeError, ValueError):
            raise ConfigError(f"the value of {name!r} must be a number or a Value, "
                              f"got {type(v).__name__}") from None
    return float(v)


def _bind(formula: Formula, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Name -> value from positional (in ``formula.variables`` order) and keyword arguments."""
    names = formula.variables
    if len(args) > len(names):
        raise ConfigError(f"{formula.text!r} takes {len(names)} values ({', '.join(names)}), "
                          f"got {len(args)}")
    values = dict(zip(names, args))
    for name, v in kwargs.items():
        if name not in names:
            known = ", ".join(names) or "none"
            raise ConfigError(f"{formula.text!r} has no variable {name!r}; its variables: {known}")
        if name in values:
            raise ConfigError(f"{name!r} given twice")
        values[name] = v
    missing = [n for n in names if n not in values]
    if missing:
        raise ConfigError(f"{formula.text!r} needs a value for {', '.join(map(repr, missing))}")
    return values


def to_value(expr: str | Formula, /, **values: Any) -> Value:
    """Build the formula as a scalar-engine graph.

    Parameters
    ----------
    expr : str or Formula
        The formula.
    **values : float or Value
        One per variable. Numbers become leaves ``Value(v, name=variable)``; Values are used
        as they are (so their ``.grad`` fills in on ``backward()``).

    Returns
    -------
    Value
        The output node. A variable used twice is one leaf, so its gradient sums both uses.

    Raises
    ------
    ConfigError
        A variable has no value, an unknown name is given, or the formula uses ``sign``/``step``
        (no engine op).
    DomainError
        The point is outside an op's domain (``log`` of a negative number, …).

    Examples
    --------
    >>> y = to_value("a*b + a*c**2", a=2.0, b=3.0, c=-1.0)
    >>> y.backward()
    """
    formula = parse(expr)
    env = {}
    for name, v in _bind(formula, (), values).items():
        env[name] = v if isinstance(v, Value) else Value(_number(name, v), name=name)
    out = evaluate_tree(formula.tree, env)
    return out if isinstance(out, Value) else Value(out, name=formula.text)


class FormulaFunction:
    """A formula as a function of its variables (see :func:`to_function`).

    Attributes
    ----------
    formula : Formula
        The parsed formula.
    variables : tuple of str
        The variable names, sorted: the order of positional arguments.
    """

    def __init__(self, formula: Formula) -> None:
        self.formula = formula
        self.variables = formula.variables

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """The formula's value: a float for numbers, a Value when any argument is a Value."""
        values = _bind(self.formula, args, kwargs)
        if any(isinstance(v, Value) for v in values.values()):
            return to_value(self.formula, **values)
        env = {name: _number(name, v) for name, v in values.items()}
        out = evaluate_tree(self.formula.tree, env)
        if not math.isfinite(out):
            raise NumericalError(f"{self.formula.text!r} is {out} at {env}")
        return out

    def __repr__(self) -> str:
        return f"FormulaFunction({self.formula.text!r}, variables={self.variables})"


def to_function(expr: str | Formula) -> FormulaFunction:
    """The formula as a callable taking numbers (or Values) by variable name.

    ``f = to_function("3x^2 + 4x + 6")`` gives ``f(2) == f(x=2) == 26.0``; with several
    variables positional arguments follow the sorted names (``f.variables``). Passing Values
    returns a Value graph (as :func:`to_value`).

    Raises
    ------
    ParseError
        The formula is malformed.
    """
    return FormulaFunction(parse(expr))
