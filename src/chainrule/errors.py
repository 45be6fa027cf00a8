"""The errors chainrule raises.

Every error is a :class:`ChainruleError`, so a caller (and the CLI, which prints one line and
exits 2) can catch them all at once. Each kind names *what* is wrong and *where*: the op and the
offending value, the column of a formula, the layer and both shapes, the file and the field.
"""

from __future__ import annotations


class ChainruleError(Exception):
    """Base class of every error chainrule raises on purpose."""


class DomainError(ChainruleError, ValueError):
    """An op was applied outside its mathematical domain, e.g. ``log(-1)`` or ``1 / 0``.

    Parameters
    ----------
    op : str
        The op's name, e.g. ``"log"``.
    value : float | str
        The offending operand(s), as a number or a short description.
    reason : str
        What the op requires, e.g. ``"needs x > 0"``.
    """

    def __init__(self, op: str, value: object, reason: str) -> None:
        self.op = op
        self.value = value
        self.reason = reason
        super().__init__(f"{op}: {reason}, got {value!r}")


class ParseError(ChainruleError, ValueError):
    """A formula could not be read; says where, with a caret under the column.

    Parameters
    ----------
    message : str
        What was expected or found.
    text : str
        The whole formula as the user wrote it.
    column : int
        0-based index of the offending character in ``text``.
    """

    def __init__(self, message: str, text: str, column: int) -> None:
        self.message = message
        self.text = text
        self.column = column
        caret = " " * column + "^"
        super().__init__(f"{message} at column {column + 1}\n  {text}\n  {caret}")


class ShapeError(ChainruleError, ValueError):
    """Array shapes do not fit together; names the op (or layer) and both shapes."""


class ConfigError(ChainruleError, ValueError):
    """A setting, argument or file field is missing or invalid.

    The message names the source (file or parameter), the field, and what was expected.
    """


class BudgetError(ConfigError):
    """An input asks for more memory or time than the budget allows; checked before the work.

    The message names the need, the budget, and how to raise it (``--max-memory``).
    """


class NumericalError(ChainruleError, ArithmeticError):
    """A computation produced NaN or infinity where a finite number was needed."""


class GradcheckError(ChainruleError, AssertionError):
    """Analytical and numerical gradients disagree; says which input and element."""


class ModelFileError(ChainruleError, OSError):
    """A model or checkpoint file is missing, corrupt, truncated or of the wrong kind."""


class MissingDependencyError(ChainruleError, ImportError):
    """An optional dependency is needed; the message says which extra installs it."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{purpose} needs the '{package}' package: pip install 'chainrule[{extra}]'"
        )
