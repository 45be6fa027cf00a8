"""The op record of the array engine, its registry, and the helpers every VJP shares.

An array op is declared once, forward next to its local derivative, as a pair of functions on
plain NumPy arrays (no Tensors, no closures — autograd's ``defvjp`` style):

* ``forward(*xs, **params) -> (out, ctx)`` computes the output and keeps in ``ctx`` what the
  derivative will need (often the inputs, sometimes the output or a mask);
* ``vjp(g, ctx, needs) -> tuple`` maps the upstream gradient g = ∂L/∂out to one gradient per
  operand, ∂L/∂xᵢ = gᵀ·∂out/∂xᵢ (a vector–Jacobian product), shaped like xᵢ. ``needs[i]`` says
  whether operand i wants a gradient; the VJP returns ``None`` where it does not, so a network's
  first layer never computes ∂L/∂input.

A VJP may return ``g`` itself or a view of it (the engine copies before anything writes to
such an array) or a fresh array, but never an array kept in ``ctx``: the engine accumulates into
fresh gradients in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.rules import Rule

Array = np.ndarray
Forward = Callable[..., tuple[Array, Any]]
VJP = Callable[[Array, Any, tuple[bool, ...]], tuple[Array | None, ...]]


@dataclass(frozen=True)
class TensorOp:
    """One primitive of the array engine: its forward and its vector–Jacobian product.

    Attributes
    ----------
    name : str
        The op's name, used in error messages and explanations (``"matmul"``).
    forward : callable
        ``forward(*arrays, **params) -> (out, ctx)``.
    vjp : callable
        ``vjp(g, ctx, needs) -> tuple`` of one gradient (or ``None``) per operand.
    formula : str
        The local derivative in words, e.g. ``"∂/∂a = g·b, ∂/∂b = g·a"``, for explanations.
    rule : Rule or None
        The row of the rule table an element-wise op is made from (``None`` for the others).
    """

    name: str
    forward: Forward
    vjp: VJP
    formula: str = ""
    rule: Rule | None = None

    def __repr__(self) -> str:
        return f"TensorOp({self.name!r})"


ARRAY_OPS: dict[str, TensorOp] = {}


def defop(name: str, forward: Forward, vjp: VJP, formula: str = "",
          rule: Rule | None = None) -> TensorOp:
    """Declare an array op: register ``TensorOp(name, forward, vjp, …)`` in :data:`ARRAY_OPS`."""
    if name in ARRAY_OPS:
        raise ValueError(f"an array op named {name!r} is already declared")
    op = TensorOp(name, forward, vjp, formula, rule)
    ARRAY_OPS[name] = op
    return op


def unbroadcast(g: Array, shape: tuple[int, ...]) -> Array:
    """Sum ``g`` back down to ``shape``: the adjoint of broadcasting is a sum.

    If x of shape ``shape`` was broadcast to ``g.shape`` in the forward pass, every copy of an
    element received a share of the gradient, so ∂L/∂x is the sum of ``g`` over the leading axes
    that broadcasting added and over the axes where x had length 1.

    Parameters
    ----------
    g : ndarray
        Gradient with the broadcast shape.
    shape : tuple of int
        The operand's own shape.

    Returns
    -------
    ndarray
        ``g`` itself when no axis was broadcast, else a new array of shape ``shape``.
    """
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    if lead > 0:
        g = g.sum(axis=tuple(range(lead)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape as people write it: ``(3, 4)``, ``(5,)``, ``()``."""
    return str(tuple(int(n) for n in shape))
