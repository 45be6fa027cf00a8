"""Public names that were renamed, and the one-line error an old name gives.

Every public name of chainrule means one thing. Where a name used to mean two (``check`` in
:mod:`chainrule.symbolic` and in :mod:`chainrule.explain`, say) or broke the loss classes' naming
scheme, it was renamed, and the old name is *not* kept as an alias — an alias would keep both
meanings alive. Instead each renamed package's module ``__getattr__`` is :func:`renamed_getattr`,
so old code fails at once with the new name::

    >>> import chainrule.nn
    >>> chainrule.nn.SoftmaxCrossEntropy
    Traceback (most recent call last):
    AttributeError: chainrule.nn.SoftmaxCrossEntropy was renamed CrossEntropyLoss

``from chainrule.nn import SoftmaxCrossEntropy`` gives the same line as an ImportError (the
error that statement raises for a missing name; Python would otherwise replace the message by
"cannot import name"). :data:`RENAMED` is the one table of renames, by package.

This module imports nothing of chainrule; it sits at the bottom of the house with
:mod:`chainrule.errors`.
"""

from __future__ import annotations

import dis
import sys
from collections.abc import Callable
from typing import NoReturn

#: Package -> {old name: new name}: every public name renamed so that each means one thing.
RENAMED: dict[str, dict[str, str]] = {
    "chainrule.nn": {
        # One naming scheme for the losses: <What>Loss, PyTorch's class name where it has one.
        "SoftmaxCrossEntropy": "CrossEntropyLoss",
        "BCEWithLogits": "BCEWithLogitsLoss",
        "HalfSumSquares": "HalfSquaredErrorLoss",
    },
    "chainrule.tensor": {
        # PyTorch's torch.nn.functional names, matching the loss classes (CrossEntropyLoss …)
        "softmax_cross_entropy": "cross_entropy",
        "bce": "binary_cross_entropy",
        "bce_with_logits": "binary_cross_entropy_with_logits",
    },
    "chainrule.explain": {
        # A network description's parts, not nn's Dense module and Loss base class.
        "Dense": "LayerSpec",
        "Loss": "LossSpec",
        # ∂E/∂node as a sum over paths; symbolic.Derivation is a formula's derivative, step by step.
        "Derivation": "NodeGradient",
        # Checks a learner's hand-worked backprop; symbolic's checks a formula's derivative.
        "check": "check_backprop",
        "CheckResult": "BackpropCheck",
    },
    "chainrule.symbolic": {
        "check": "check_derivative",
        "CheckResult": "DerivativeCheck",
        # Every partial derivative as a formula; numeric.gradient is an array at a point.
        "gradient": "partials",
        "Gradient": "Partials",
    },
    "chainrule.scalar": {
        # It was only another name of the rule table.
        "OPS": "chainrule.rules.ROWS",
        # One neuron's Σwᵢxᵢ + b on Values; tensor.linear is PyTorch's F.linear on a batch.
        "linear": "weighted_sum",
    },
    "chainrule.data": {
        # A loaded dataset (X, y, names), not a table of cells.
        "Table": "CsvData",
    },
    "chainrule.tour": {
        # A tour section's titled table of formatted cells (explain's documents have their own).
        "Table": "TourTable",
    },
}

_IMPORT_FROM = dis.opmap.get("IMPORT_FROM", -1)  # -1: never matches, plain AttributeError


def _in_from_import(frame: object) -> bool:
    """Whether ``frame`` is executing ``from package import name`` right now."""
    try:
        return frame.f_code.co_code[frame.f_lasti] == _IMPORT_FROM  # type: ignore[attr-defined]
    except (AttributeError, IndexError, TypeError):
        return False


def renamed_getattr(package: str) -> Callable[[str], NoReturn]:
    """A module ``__getattr__`` for ``package``: an old name raises naming the new one.

    Any other missing name raises Python's usual ``AttributeError``. Inside
    ``from package import old`` the error is an ``ImportError`` with the same line.
    """
    table = RENAMED[package]

    def module_getattr(name: str) -> NoReturn:
        if name not in table:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        message = f"{package}.{name} was renamed {table[name]}"
        if _in_from_import(sys._getframe(1)):
            raise ImportError(message, name=package)
        raise AttributeError(message, name=name)

    return module_getattr


__all__ = ["RENAMED", "renamed_getattr"]
