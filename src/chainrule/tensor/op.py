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

A VJP written once for both sweeps (:func:`defop_on`) takes a namespace first,
``vjp_on(m, g, ctx, needs)``, and moves elements only through ``m`` (:class:`ArrayMath` here:
``broadcast_to``, ``scatter``, ``unbroadcast``, …) and methods arrays and Tensors share
(``reshape``, ``sum``, ``@``, slicing). The array sweep runs it with :data:`ARRAYS`;
``create_graph=True`` runs the same function with the Tensor namespace
(:mod:`chainrule.tensor.higher`) on the ctx that ``graph_ctx(node)`` rebuilds with the node's
Tensors, so the gradient is a graph again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from chainrule.rules import NumpyMath, Rule

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
    vjp_on : callable or None
        ``vjp_on(m, g, ctx, needs)``, the VJP written against a namespace (:func:`defop_on`);
        ``vjp`` is it with :data:`ARRAYS`.
    graph_ctx : callable or None
        ``graph_ctx(node) -> ctx`` for ``vjp_on`` on Tensors: the ctx with the node's operands
        or output as Tensors where the VJP reads them (``None``: the array ctx as it is).
    """

    name: str
    forward: Forward
    vjp: VJP
    formula: str = ""
    rule: Rule | None = None
    vjp_on: Callable[..., tuple[Any, ...]] | None = None
    graph_ctx: Callable[[Any], Any] | None = None

    def __repr__(self) -> str:
        return f"TensorOp({self.name!r})"


ARRAY_OPS: dict[str, TensorOp] = {}


def defop(name: str, forward: Forward, vjp: VJP, formula: str = "", rule: Rule | None = None,
          vjp_on: Callable[..., tuple[Any, ...]] | None = None,
          graph_ctx: Callable[[Any], Any] | None = None) -> TensorOp:
    """Declare an array op: register ``TensorOp(name, forward, vjp, …)`` in :data:`ARRAY_OPS`."""
    if name in ARRAY_OPS:
        raise ValueError(f"an array op named {name!r} is already declared")
    op = TensorOp(name, forward, vjp, formula, rule, vjp_on, graph_ctx)
    ARRAY_OPS[name] = op
    return op


def defop_on(name: str, forward: Forward, vjp_on: Callable[..., tuple[Any, ...]],
             formula: str = "", graph_ctx: Callable[[Any], Any] | None = None) -> TensorOp:
    """Declare an array op whose VJP ``vjp_on(m, g, ctx, needs)`` is written once, for arrays
    (``m`` = :data:`ARRAYS`) and for Tensors under ``create_graph`` (see the module)."""
    return defop(name, forward, partial(vjp_on, ARRAYS), formula, vjp_on=vjp_on,
                 graph_ctx=graph_ctx)


def unbroadcast(g: Array, shape: tuple[int, ...]) -> Array:
    """Sum ``g`` back down to ``shape``: the adjoint of broadcasting is a sum (on arrays, and on
    Tensors alike: it only uses ``shape``, ``ndim`` and ``sum``).

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


def scatter_into(g: Array, shape: tuple[int, ...], index: Any, dtype: Any = None) -> Array:
    """zeros(shape) with ``g`` added at ``index`` (a repeated index adds each share)."""
    dx = np.zeros(shape, dtype=g.dtype if dtype is None else np.result_type(dtype, g.dtype))
    parts = index if isinstance(index, tuple) else (index,)
    if all(p is None or p is Ellipsis or isinstance(p, (int, np.integer, slice)) for p in parts):
        dx[index] = g  # basic indexing selects each element at most once
    else:
        np.add.at(dx, index, g)
    return dx


def _exclusive_products(x: Array, axis: int) -> Array:
    """Πⱼ≠ᵢ xⱼ along ``axis`` for every i, from prefix and suffix products (no division)."""
    moved = np.moveaxis(x, axis, -1)
    ones = np.ones((*moved.shape[:-1], 1), dtype=x.dtype)
    left = np.cumprod(np.concatenate([ones, moved[..., :-1]], axis=-1), axis=-1)
    right = np.cumprod(np.concatenate([ones, moved[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return np.moveaxis(left * right, -1, axis)


class ArrayMath(NumpyMath):
    """The array engine's namespace: the rule table's functions on arrays, and the moves the
    non-element-wise VJPs make. Its Tensor twin is :class:`chainrule.tensor.higher.TensorMath`
    (same names, Tensor ops), so a VJP written with ``m`` runs in both sweeps."""

    unbroadcast = staticmethod(unbroadcast)
    broadcast_to = staticmethod(np.broadcast_to)
    exclusive_products = staticmethod(_exclusive_products)

    @staticmethod
    def scatter(g: Array, shape: tuple[int, ...], index: Any, dtype: Any = None) -> Array:
        """zeros(shape) with ``g`` added at ``index`` (repeats add): getitem's adjoint."""
        return scatter_into(g, shape, index, dtype)

    @staticmethod
    def take(g: Array, index: Any) -> Array:
        """``g[index]`` as an array (a NumPy scalar when every axis is indexed, made 0-d)."""
        return np.asarray(g[index])

    @staticmethod
    def transpose(x: Array, axes: Any) -> Array:
        """``x`` with its axes permuted (reversed for ``None``)."""
        return x.transpose(axes)

    @staticmethod
    def swap_last(x: Array) -> Array:
        """``x`` with its last two axes swapped (a batch of transposes)."""
        return np.swapaxes(x, -1, -2)

    @staticmethod
    def minus_at(d: Array, index: Any, v: Array) -> Array:
        """``d`` with ``v`` subtracted at ``index`` (in place: ``d`` is a fresh array)."""
        d[index] -= v
        return d

    @staticmethod
    def mask(keep: Array, g: Array) -> Array:
        """``g`` where ``keep``, else 0."""
        return g * keep

    @staticmethod
    def select(cond: Array, g: Array, other: bool) -> Array:
        """``g`` where ``cond`` (``other`` false) or where not ``cond`` (``other`` true), else 0."""
        zero = np.zeros((), dtype=g.dtype)
        return np.where(cond, zero, g) if other else np.where(cond, g, zero)


#: The array namespace every VJP declared with :func:`defop_on` runs with on the array sweep.
ARRAYS = ArrayMath()
