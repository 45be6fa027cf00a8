"""Rows of the activations that are not element-wise: softmax and log-softmax.

Each output depends on every input along ``axis``, so the derivative is a Jacobian; a row
states it once as a vector–Jacobian product, with g = ∂L/∂out and s = softmax(x):

===========  =============================  ==========================  =====================
row          out                            ∂L/∂x (``vjp``)             one output's local
===========  =============================  ==========================  =====================
softmax      sᵢ = eˣⁱ / Σⱼ eˣʲ               out·(g − Σⱼ gⱼ·outⱼ)        sᵢ(1 − sᵢ), −sᵢ·sⱼ
log_softmax  xᵢ − ln Σⱼ eˣʲ                  g − e^out·Σⱼ gⱼ             1 − e^outᵢ, −e^outⱼ
===========  =============================  ==========================  =====================

``compute(m, x, axis)`` and ``vjp(m, g, out, axis)`` are written against a namespace ``m`` that
gives ``exp``, ``log``, ``total`` (Σ kept as an axis) and ``top`` (the maximum, a constant
subtracted so that exp never overflows): :data:`~chainrule.rules.NUMPY` for the tensor
engine, its Tensor namespace for ``create_graph``, and :class:`~chainrule.rules.namespaces.
ElementArrays` over floats, Values or SymPy for one output seen as a scalar op of the layer's
inputs (:meth:`VectorRule.neuron_forward`, :meth:`VectorRule.neuron_local`: its local
derivatives are the VJP of the one-hot g, i.e. a row of the Jacobian). The texts name one
output (the explanations' neuron): operand 0 is its own input, the others follow in layer
order, and the local derivatives are read in the layer's outputs (``{out}`` and ``names``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.rules.namespaces import FLOAT, NUMPY, ElementArrays
from chainrule.rules.record import Texts

#: The layer's outputs as Python floats (object arrays; exact as ``math.exp`` and ``+``).
_FLOATS = ElementArrays(FLOAT)

#: ``(names, out, layer=None) -> (str,)``: one output of the op applied to ``names`` (its own
#: input first); ``layer`` orders the sum over the layer's inputs (default: ``names``).
LayerTexts = Callable[..., tuple[str, ...]]


@dataclass(frozen=True, eq=False)
class VectorRule:
    """A row whose outputs each depend on the whole input along an axis (see the module).

    Attributes
    ----------
    name : str
        Canonical name (``"softmax"``); the key of :data:`VECTOR_ROWS`.
    compute : callable
        ``compute(m, x, axis) -> out`` (the shape of ``x``).
    vjp : callable
        ``vjp(m, g, out, axis) -> ∂L/∂x`` for g = ∂L/∂out (the shape of ``x``).
    expr_text, expr_latex : callable
        ``(names, out, layer=None) -> (str,)``: one output as a formula of the inputs.
    local_text, local_latex : callable
        ``(outputs, out) -> tuple``: ∂out/∂xⱼ for each operand, written with the layer's
        outputs (own first), one string per operand.
    symbol, doc : str
        Short label for pictures; one line on what it is.
    layer : str
        The :mod:`chainrule.nn` Module class applying it (``"Softmax"``).
    vjp_text : str
        The VJP in words, for docs and the array op's formula.
    """

    name: str
    compute: Callable[..., Any]
    vjp: Callable[..., Any]
    expr_text: LayerTexts
    expr_latex: LayerTexts
    local_text: Texts
    local_latex: Texts
    symbol: str
    doc: str
    layer: str = ""
    vjp_text: str = ""
    arity = None
    domain = ()

    def neuron_forward(self, *xs: float) -> float:
        """Output 0 of the op on the plain numbers ``xs`` (its own input first)."""
        return self.compute(_FLOATS, np.array(xs, dtype=object), 0)[0]

    def neuron_local(self, m: Any, *xs_out: Any) -> tuple[Any, ...]:
        """∂out₀/∂xⱼ for every operand: the VJP of the one-hot g = e₀ (row 0 of the Jacobian),
        evaluated element by element with ``m`` (floats, or Values for ``create_graph``)."""
        *xs, _out = xs_out
        em = _FLOATS if m is FLOAT else ElementArrays(m)
        s = self.compute(em, np.array(xs, dtype=object), 0)
        onehot = np.zeros(len(xs), dtype=object)
        onehot[0] = 1
        return tuple(self.vjp(em, onehot, s, 0))

    def jacobian(self, out: np.ndarray) -> np.ndarray:
        """∂outᵢ/∂xⱼ at a 1-D output ``out`` as an (n, n) array: row i is the VJP of g = eᵢ
        (softmax: diag(out) − out·outᵀ)."""
        return self.vjp(NUMPY, np.eye(out.size, dtype=out.dtype), out[None, :], 1)

    def domain_error(self, *xs: float) -> None:
        """Every real input is allowed: ``None``."""
        return None

    def __repr__(self) -> str:
        return f"VectorRule({self.name!r})"


#: Every vector row, by name.
VECTOR_ROWS: dict[str, VectorRule] = {}


def _declare(row: VectorRule) -> VectorRule:
    VECTOR_ROWS[row.name] = row
    return row


def _exponent(name: str) -> str:
    """``name`` as a text exponent: bare when it is one token, parenthesised otherwise."""
    if name.isalnum() or (name.startswith("(") and name.endswith(")")):
        return name
    return f"({name})"


def _sum_of_exps(layer: Sequence[str], latex: bool) -> str:
    if latex:
        return " + ".join(f"e^{{{n}}}" for n in layer)
    return " + ".join(f"e^{_exponent(n)}" for n in layer)


def _one_output(text: Callable[[str, str], str],
                latex: Callable[[str, str], str]) -> tuple[LayerTexts, LayerTexts]:
    """One output's formula, text and LaTeX, from ``f(own input, Σ e^x over the layer)``."""
    def make(f: Callable[[str, str], str], is_latex: bool) -> LayerTexts:
        def render(names: Sequence[str], out: str,
                   layer: Sequence[str] | None = None) -> tuple[str, ...]:
            return (f(names[0], _sum_of_exps(names if layer is None else layer, is_latex)),)

        return render

    return make(text, False), make(latex, True)


def _locals(own: Callable[[str], str], other: Callable[[str, str], str],
            own_latex: Callable[[str], str],
            other_latex: Callable[[str, str], str]) -> tuple[Texts, Texts]:
    """One output's local derivatives, text and LaTeX: ``own(out)`` for its own input, then
    ``other(out, oⱼ)`` for each other output oⱼ of the layer."""
    def make(own: Callable[[str], str], other: Callable[[str, str], str]) -> Texts:
        def render(names: Sequence[str], out: str) -> tuple[str, ...]:
            return (own(out), *(other(out, n) for n in names[1:]))

        return render

    return make(own, other), make(own_latex, other_latex)


def _softmax(m: Any, x: Any, axis: int) -> Any:
    e = m.exp(x - m.top(x, axis))
    return e / m.total(e, axis)


def _log_softmax(m: Any, x: Any, axis: int) -> Any:
    shifted = x - m.top(x, axis)
    return shifted - m.log(m.total(m.exp(shifted), axis))


SOFTMAX = _declare(VectorRule(
    "softmax", _softmax, lambda m, g, out, axis: out * (g - m.total(g * out, axis)),
    *_one_output(lambda own, total: f"e^{_exponent(own)}/({total})",
                 lambda own, total: rf"\frac{{e^{{{own}}}}}{{{total}}}"),
    *_locals(lambda o: f"{o}(1 − {o})", lambda o, n: f"−{o}·{n}",
             lambda o: rf"{o}\left(1 - {o}\right)", lambda o, n: rf"-{o} {n}"),
    symbol="softmax", layer="Softmax",
    vjp_text="∂L/∂x = out·(g − Σⱼ gⱼ·outⱼ)",
    doc="softmax: eˣⁱ/Σⱼ eˣʲ along an axis (probabilities that sum to 1)"))
LOG_SOFTMAX = _declare(VectorRule(
    "log_softmax", _log_softmax, lambda m, g, out, axis: g - m.exp(out) * m.total(g, axis),
    *_one_output(lambda own, total: f"{own} − ln({total})",
                 lambda own, total: rf"{own} - \ln\left({total}\right)"),
    *_locals(lambda o: f"1 − e^{_exponent(o)}", lambda o, n: f"−e^{_exponent(n)}",
             lambda o: rf"1 - e^{{{o}}}", lambda o, n: rf"-e^{{{n}}}"),
    symbol="log softmax", layer="LogSoftmax",
    vjp_text="∂L/∂x = g − e^out·Σⱼ gⱼ",
    doc="log-softmax: xᵢ − ln Σⱼ eˣʲ along an axis (exact where softmax underflows)"))

__all__ = ["LOG_SOFTMAX", "SOFTMAX", "VECTOR_ROWS", "LayerTexts", "VectorRule"]
