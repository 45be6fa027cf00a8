"""The loss table: every loss a network is explained or trained with, declared once.

One :class:`LossKind` per loss holds its one name (``half_sse``, ``mse``, ``bce``, ``cce``), the
spellings it used to have (refused, naming the new one), the rule-table row of one output's
term (:mod:`chainrule.rules.losses`), the :mod:`chainrule.nn` classes computing it (with the
activation a logits class fuses in), the tensor engine's fused op, its texts, and the note on
the activation whose derivative cancels against it (σ + BCE, softmax + CE).

======== ================== ===================================== ============================
kind     term row           nn classes (fused activation)         E of one sample (n outputs)
======== ================== ===================================== ============================
half_sse half_squared_error HalfSquaredErrorLoss                  Σⱼ ½(tⱼ − oⱼ)²
mse      squared_error_mean MSELoss                               Σⱼ (oⱼ − tⱼ)²/n
bce      bce_term           BCELoss, BCEWithLogitsLoss (sigmoid)  −Σⱼ [tⱼ ln oⱼ + (1−tⱼ) ln(1−oⱼ)]/n
cce      cce_term           CrossEntropyLoss (softmax)            −Σⱼ tⱼ ln oⱼ
======== ================== ===================================== ============================

Over a batch every consumer takes the mean of the samples' losses. Classes and ops are named
here as strings (this package imports nothing above :mod:`chainrule.errors`); each consumer
resolves them in its own layer, and a test checks every name resolves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from chainrule.errors import ConfigError


@dataclass(frozen=True)
class Cancellation:
    """An output activation whose local derivative cancels against the loss's: ∂E/∂z = (a − t)
    (scaled). ``who`` names the pair, ``local`` the activation's derivative, ``outer`` the
    loss's ∂E/∂a."""

    activation: str
    who: str
    local: str
    outer: str


@dataclass(frozen=True)
class LossKind:
    """One loss: its name, old spellings, term row, nn classes, fused op and texts.

    Attributes
    ----------
    kind : str
        The one name (network files' ``[loss] kind``, ``describe(loss=…)``, the playground).
    old_names : tuple of str
        Former spellings, refused with a message naming ``kind``.
    term_row : str
        The rule-table row of one output's term; a row with the parameter ``n`` also takes the
        number of outputs.
    nn_classes : mapping of str to str or None
        :mod:`chainrule.nn` class name -> the output activation it fuses in (``None`` when it
        takes the outputs themselves).
    fused_ops : mapping of str to str
        nn class name -> the tensor engine's fused op (``chainrule.tensor.op.ARRAY_OPS``) its
        own reduction runs as.
    prose, text, latex : str
        "the mean squared error over the n outputs, ", E as text and as LaTeX (o the outputs,
        t the targets, j the output index).
    exercise : str
        E in the exercise kit's notation (zⱼ^a the outputs).
    cancellation : Cancellation or None
        The σ + BCE / softmax + CE note.
    """

    kind: str
    old_names: tuple[str, ...]
    term_row: str
    nn_classes: Mapping[str, str | None]
    fused_ops: Mapping[str, str]
    prose: str
    text: str
    latex: str
    exercise: str
    cancellation: Cancellation | None = field(default=None)


HALF_SSE = LossKind(
    "half_sse", ("half_squared_error", "squared_error"), "half_squared_error",
    {"HalfSquaredErrorLoss": None}, {"HalfSquaredErrorLoss": "half_sum_squares"},
    "the sum of half squared errors, ", "Σⱼ ½(targetⱼ − outⱼ)²",
    r"\sum_j \frac{1}{2}\left(t_j - o_j\right)^2", "E = Σⱼ ½(tⱼ − zⱼ^a)²")
MSE = LossKind(
    "mse", ("mean_squared_error",), "squared_error_mean", {"MSELoss": None},
    {"MSELoss": "mse"}, "the mean squared error over the n outputs, ",
    "Σⱼ (outⱼ − targetⱼ)²/n", r"\frac{1}{n}\sum_j \left(o_j - t_j\right)^2",
    "E = Σⱼ (zⱼ^a − tⱼ)²/n")
BCE = LossKind(
    "bce", ("binary_cross_entropy",), "bce_term",
    {"BCELoss": None, "BCEWithLogitsLoss": "sigmoid"},
    {"BCELoss": "binary_cross_entropy", "BCEWithLogitsLoss": "binary_cross_entropy_with_logits"},
    "binary cross-entropy, ", "−Σⱼ [targetⱼ ln outⱼ + (1 − targetⱼ) ln(1 − outⱼ)]/n",
    r"-\frac{1}{n}\sum_j \left(t_j \ln o_j + (1 - t_j)\ln(1 - o_j)\right)",
    "E = −Σⱼ [tⱼ·ln zⱼ^a + (1 − tⱼ)·ln(1 − zⱼ^a)]/n",
    Cancellation("sigmoid", "Sigmoid and binary cross-entropy", "σ′(z) = a(1 − a)",
                 "(a − t)/(a(1 − a)·n)"))
CCE = LossKind(
    "cce", ("categorical_cross_entropy", "cross_entropy"), "cce_term",
    {"CrossEntropyLoss": "softmax"}, {"CrossEntropyLoss": "cross_entropy"},
    "categorical cross-entropy, ", "−Σⱼ targetⱼ ln outⱼ", r"-\sum_j t_j \ln o_j",
    "E = −Σⱼ tⱼ·ln zⱼ^a",
    Cancellation("softmax", "Softmax and categorical cross-entropy", "the softmax Jacobian",
                 "−t/a"))

#: Loss name -> its entry, in the table's order.
LOSSES: dict[str, LossKind] = {e.kind: e for e in (HALF_SSE, MSE, BCE, CCE)}
#: Former spelling -> the loss's one name.
OLD_NAMES: dict[str, str] = {old: e.kind for e in LOSSES.values() for old in e.old_names}
#: nn loss class name -> its entry.
BY_CLASS: dict[str, LossKind] = {c: e for e in LOSSES.values() for c in e.nn_classes}


def loss_kind(name: object, where: str = "loss") -> LossKind:
    """The entry called ``name``.

    Raises
    ------
    ConfigError
        One line naming ``where``: a former spelling gets its new name, anything else the
        known names.
    """
    if isinstance(name, str) and name in LOSSES:
        return LOSSES[name]
    if isinstance(name, str) and name in OLD_NAMES:
        raise ConfigError(f"{where}: the loss {name!r} is now called {OLD_NAMES[name]!r}")
    raise ConfigError(f"{where}: expected one of {', '.join(LOSSES)}, got {name!r}")


def cancellation(activation: str, kind: str) -> Cancellation | None:
    """The cancellation note of output ``activation`` with loss ``kind``, or None."""
    note = LOSSES[kind].cancellation if kind in LOSSES else None
    return note if note is not None and note.activation == activation else None


__all__ = ["BY_CLASS", "LOSSES", "OLD_NAMES", "Cancellation", "LossKind", "cancellation",
           "loss_kind"]
