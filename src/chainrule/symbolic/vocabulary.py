"""The words a formula may use, as the parser needs them: functions, constants, whole names.

Function names and their aliases are not listed here: they are the formula rows of the rule
table (:data:`chainrule.rules.FUNCTIONS`, seen through :mod:`chainrule.symbolic.functions`), so
a row added there is readable at once. This module only adds what the *reader* needs on top:

* the constants ``e`` (Euler's number, unless the formula declares ``e`` a variable), ``pi``
  and ``π``;
* the Greek letter names a learner types for a variable (``theta``, ``alpha``, …), kept whole
  by the letter-run rule (see :mod:`chainrule.symbolic.parser`);
* the inverse of a function (for ``sin^-1(x)`` = asin(x)), found in the same table.
"""

from __future__ import annotations

from chainrule import rules
from chainrule.symbolic.functions import FUNCTIONS

#: Constants by name; ``e`` is Euler's number unless declared a variable.
CONSTANT_NAMES = frozenset({"e", "pi", "π"})

#: Greek letters spelled out: one variable each, never split into letters.
GREEK = frozenset({"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
                   "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "tau", "phi", "chi",
                   "psi", "omega"})


def function(word: str) -> str | None:
    """The canonical name of the function called ``word`` (an alias), or None."""
    spec = FUNCTIONS.get(word)
    return None if spec is None else spec.name


def function_words() -> frozenset[str]:
    """Every name (alias included) that calls a function: the table's formula rows."""
    return frozenset(rules.FUNCTIONS)


def known_functions() -> list[str]:
    """One name per function, sorted: for "unknown function" messages."""
    return sorted({spec.aliases[0] for spec in FUNCTIONS.values()})


def inverse(name: str) -> str | None:
    """The canonical name of the inverse function of ``name`` (sin -> asin), if the table has it."""
    for prefix in ("a", "arc"):
        found = function(prefix + name)
        if found is not None:
            return found
    return None
