"""``Tensor``: a NumPy array that remembers how it was made, and backpropagates.

Each Tensor made by an op is a node of a graph: its ``data``, the
:class:`~chainrule.tensor.op.TensorOp` that made it, its operands (``parents``) and what that
op's VJP needs (``ctx``). :meth:`Tensor.backward` walks the graph in reverse (see
:mod:`chainrule.tensor.autodiff` for the gradient policy).

dtype policy
------------
* Python numbers and lists become **float64**; a float array keeps its dtype (float32 stays
  float32) and is used **without a copy**; integer and bool arrays become float64. Pass
  ``dtype=`` to choose.
* A Python or NumPy scalar mixed into an op takes the Tensor's dtype, so ``x32 * 0.5`` is
  float32. Two arrays of different float dtypes follow NumPy's promotion (float32 with float64
  gives float64); a leaf's gradient always has the leaf's own dtype.
"""

from __future__ import annotations

import itertools
import numbers
from typing import Any

import numpy as np

from chainrule import rules
from chainrule.errors import ConfigError, ShapeError
from chainrule.tensor import activations as _act
from chainrule.tensor import elementwise as _ew
from chainrule.tensor import structure as _st
from chainrule.tensor.autodiff import backward as _backward
from chainrule.tensor.elementwise import ROW_OPS
from chainrule.tensor.grad_mode import MODE
from chainrule.tensor.op import TensorOp

_new = object.__new__
_SEQ = itertools.count(1)  # creation numbers; see autodiff.graph_order
_ADD, _SUB, _MUL, _DIV = ROW_OPS["add"], ROW_OPS["sub"], ROW_OPS["mul"], ROW_OPS["div"]
_NEG, _POWC, _POW = ROW_OPS["neg"], ROW_OPS["powc"], ROW_OPS["pow"]


def _as_float_array(data: Any, dtype: Any) -> np.ndarray:
    if dtype is not None:
        arr = np.asarray(data, dtype=dtype)
    else:
        arr = np.asarray(data)
        if arr.dtype.kind != "f":
            arr = arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise ConfigError(f"Tensor: dtype must be a floating type such as float32 or float64, "
                          f"got {arr.dtype}")
    return arr


class Tensor:
    """An n-dimensional array of floats with reverse-mode automatic differentiation.

    Parameters
    ----------
    data : array_like
        The values; a float ndarray is used as is (no copy).
    requires_grad : bool
        Whether gradients flow to this Tensor; a leaf with it set collects ``.grad``.
    name : str, optional
        A label for explanations and pictures (``"W1"``).
    dtype : numpy dtype, optional
        Floating dtype to convert ``data`` to (see the module's dtype policy).

    Attributes
    ----------
    data : ndarray
        The values; settable, and optimizers update it in place.
    grad : ndarray or None
        ∂L/∂self after ``backward()`` for leaves (accumulating), ``None`` before.
    """

    __slots__ = ("__weakref__", "_ctx", "_data", "_g", "_needs", "_op", "_owned", "_parents",
                 "_retain", "_seq", "grad", "name", "requires_grad")
    __array_ufunc__ = None  # ndarray + Tensor defers to Tensor.__radd__ (and so on)

    def __init__(self, data: Any, requires_grad: bool = False, name: str | None = None,
                 dtype: Any = None) -> None:
        if isinstance(data, Tensor):
            data = data._data
        self._data = _as_float_array(data, dtype)
        self.grad: np.ndarray | None = None
        self.requires_grad = bool(requires_grad)
        self.name = name
        self._op: TensorOp | None = None
        self._parents: tuple[Tensor, ...] = ()
        self._ctx: Any = None
        self._needs: tuple[bool, ...] = ()
        self._g: np.ndarray | None = None
        self._owned = False
        self._retain = False
        self._seq = next(_SEQ)  # creation order: an op's output is made after its operands

    # -- the array -----------------------------------------------------------------------
    @property
    def data(self) -> np.ndarray:
        """The values (an ndarray). Setting a float array stores it as is; anything else is
        converted to the current dtype."""
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        if type(value) is np.ndarray and value.dtype.kind == "f":
            self._data = value
        else:
            self._data = _as_float_array(value, self._data.dtype)

    @property
    def shape(self) -> tuple[int, ...]:
        return self._data.shape

    @property
    def dtype(self) -> np.dtype:
        return self._data.dtype

    @property
    def ndim(self) -> int:
        return self._data.ndim

    @property
    def size(self) -> int:
        return self._data.size

    def __len__(self) -> int:
        return len(self._data)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        return self._data if dtype is None else self._data.astype(dtype)

    def numpy(self) -> np.ndarray:
        """The data array itself (shared, not copied), like ``torch.Tensor.numpy``."""
        return self._data

    def item(self) -> float:
        """The one number this Tensor holds, as a Python float."""
        if self._data.size != 1:
            raise ConfigError(f"item: the Tensor has shape {self._data.shape}; item() needs "
                              "exactly one element")
        return float(self._data.reshape(()))

    def detach(self) -> Tensor:
        """A new leaf sharing this data, outside the graph (``requires_grad=False``)."""
        return Tensor(self._data, name=self.name)

    # -- the graph -----------------------------------------------------------------------
    @property
    def op(self) -> TensorOp | None:
        """The op that made this Tensor, or ``None`` for a leaf."""
        return self._op

    @property
    def parents(self) -> tuple[Tensor, ...]:
        """The operands this Tensor was computed from (empty for a leaf)."""
        return self._parents

    @property
    def is_leaf(self) -> bool:
        """True for a Tensor made by the user (or under ``no_grad``) rather than by an op."""
        return self._op is None

    def retain_grad(self) -> Tensor:
        """Keep this interior node's ``grad`` after ``backward()`` (leaves always keep theirs)."""
        self._retain = True
        return self

    def backward(self, gradient: Any = None, retain_graph: bool | None = None,
                 create_graph: bool = False, *, grad: Any = None) -> None:
        """Add ∂self/∂leaf to the ``.grad`` of every leaf that requires grad (PyTorch's signature).

        ``self`` must hold one number unless ``gradient`` (∂L/∂self, shaped like self; ``grad=``
        is the older name) is given. ``create_graph=True`` makes each leaf's ``.grad`` a Tensor
        with a graph, to differentiate again. ``retain_graph`` is accepted for compatibility:
        chainrule always keeps the graph (it is freed when the output is dropped), so calling
        ``backward`` twice adds the leaf gradients twice.
        """
        _backward(self, gradient if gradient is not None else grad, create_graph)

    def __repr__(self) -> str:
        body = np.array2string(self._data, precision=4, separator=", ", prefix="Tensor(")
        extra = f", dtype={self._data.dtype}"
        if self._op is not None:
            extra += f", op={self._op.name!r}"
        elif self.requires_grad:
            extra += ", requires_grad=True"
        if self.name is not None:
            extra += f", name={self.name!r}"
        return f"Tensor({body}{extra})"

    def __bool__(self) -> bool:
        return bool(self._data)

    # -- arithmetic ----------------------------------------------------------------------
    def __add__(self, other: Any) -> Tensor:
        return apply(_ADD, self, _lift(other, self))

    def __radd__(self, other: Any) -> Tensor:
        return apply(_ADD, _lift(other, self), self)

    def __sub__(self, other: Any) -> Tensor:
        return apply(_SUB, self, _lift(other, self))

    def __rsub__(self, other: Any) -> Tensor:
        return apply(_SUB, _lift(other, self), self)

    def __mul__(self, other: Any) -> Tensor:
        return apply(_MUL, self, _lift(other, self))

    def __rmul__(self, other: Any) -> Tensor:
        return apply(_MUL, _lift(other, self), self)

    def __truediv__(self, other: Any) -> Tensor:
        return apply(_DIV, self, _lift(other, self))

    def __rtruediv__(self, other: Any) -> Tensor:
        return apply(_DIV, _lift(other, self), self)

    def __neg__(self) -> Tensor:
        return apply(_NEG, self)

    def __pow__(self, other: Any) -> Tensor:
        """``x ** n`` (n a number: any x allowed by the exponent) or ``a ** b`` (a > 0)."""
        if _is_scalar(other):
            return apply(_POWC, self, params=(float(other),))
        return apply(_POW, self, _lift(other, self))

    def __rpow__(self, other: Any) -> Tensor:
        return apply(_POW, _lift(other, self), self)

    def __matmul__(self, other: Any) -> Tensor:
        return apply(_st.MATMUL, self, _lift(other, self))

    def __rmatmul__(self, other: Any) -> Tensor:
        return apply(_st.MATMUL, _lift(other, self), self)

    # Comparisons give plain boolean arrays (masks for where), outside the graph; == is left
    # as identity so Tensors can be dict keys.
    def __lt__(self, other: Any) -> np.ndarray:
        return self._data < np.asarray(other)

    def __le__(self, other: Any) -> np.ndarray:
        return self._data <= np.asarray(other)

    def __gt__(self, other: Any) -> np.ndarray:
        return self._data > np.asarray(other)

    def __ge__(self, other: Any) -> np.ndarray:
        return self._data >= np.asarray(other)

    __hash__ = object.__hash__

    # -- reductions and shapes -----------------------------------------------------------
    def sum(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """Σ over ``axis`` (all axes by default)."""
        return apply(_st.SUM, self, axis=axis, keepdims=keepdims)

    def mean(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """The mean over ``axis`` (all axes by default)."""
        return apply(_st.MEAN, self, axis=axis, keepdims=keepdims)

    def max(self, axis: int | tuple[int, ...] | None = None, keepdims: bool = False) -> Tensor:
        """The maximum over ``axis``; tied maxima share the gradient equally."""
        return apply(_st.MAX, self, axis=axis, keepdims=keepdims)

    def reshape(self, *shape: int | tuple[int, ...]) -> Tensor:
        """The same elements in a new shape (``x.reshape(2, -1)`` or ``x.reshape((2, -1))``)."""
        flat = shape[0] if len(shape) == 1 and isinstance(shape[0], tuple) else shape
        return apply(_st.RESHAPE, self, shape=tuple(int(n) for n in flat))  # type: ignore[arg-type]

    def transpose(self, *dims: Any) -> Tensor:
        """Dims ``d0`` and ``d1`` swapped, as PyTorch's ``x.transpose(d0, d1)`` (negative dims
        count from the end): shape (a, b, c) gives (c, b, a) for ``transpose(0, 2)``.

        A full order of the axes is :meth:`permute` (``x.permute(2, 0, 1)``, NumPy's
        ``transpose(axes)``), all axes reversed is :attr:`T`; any call but two dims is refused
        (NumPy's ``x.transpose(0, 1)`` on a matrix means "no change", PyTorch's "swap").
        """
        if len(dims) != 2 or not all(isinstance(d, numbers.Integral) for d in dims):
            given = ", ".join(repr(d) for d in dims)
            raise ShapeError(f"transpose({given}): takes two dims to swap, as PyTorch's "
                             "x.transpose(0, 1); for a full order of the axes use "
                             "x.permute(...), for all axes reversed x.T")
        n = self._data.ndim
        for d in dims:
            if not -n <= d < n:
                raise ShapeError(f"transpose: dim {d} is out of range for shape "
                                 f"{tuple(self._data.shape)} ({n} dims)")
        order = list(range(n))
        a, b = int(dims[0]) % n, int(dims[1]) % n
        order[a], order[b] = order[b], order[a]
        return apply(_st.TRANSPOSE, self, axes=tuple(order))

    @property
    def T(self) -> Tensor:
        """The transpose (axes reversed)."""
        return apply(_st.TRANSPOSE, self, axes=None)

    def __getitem__(self, index: Any) -> Tensor:
        return apply(_st.GETITEM, self, index=index)

    # -- functions: each applies one row of the rule table ----------------------------------
    # (the plain one-operand rows — exp, tanh, sigmoid, relu, sin, softplus, asinh, … — are added
    # as methods by _add_row_methods below, with the row's own description as docstring; the
    # methods here add a domain note or a parameter)
    def log(self) -> Tensor:
        """ln x element-wise; every element must be > 0 (DomainError otherwise)."""
        return apply(ROW_OPS["log"], self)

    def sqrt(self) -> Tensor:
        """√x element-wise; every element must be > 0 (the derivative is infinite at 0)."""
        return apply(ROW_OPS["sqrt"], self)

    def abs(self) -> Tensor:
        """|x| element-wise; derivative sign(x), 0 at 0."""
        return apply(ROW_OPS["abs"], self)

    def __abs__(self) -> Tensor:
        """``abs(x)``: |x| element-wise through the rule row ``abs``; derivative sign(x), 0 at
        0 (as PyTorch)."""
        return apply(ROW_OPS["abs"], self)

    def clip(self, lo: float | None = None, hi: float | None = None) -> Tensor:
        """min(max(x, lo), hi); the gradient passes where lo ≤ x ≤ hi."""
        return apply(_ew.CLIP, self, lo=lo, hi=hi)

    def leaky_relu(self, alpha: float = 0.01) -> Tensor:
        """x where x > 0, else αx (slope α at 0)."""
        return apply(ROW_OPS["leaky_relu"], self, params=(float(alpha),))

    def elu(self, alpha: float = 1.0) -> Tensor:
        """x where x > 0, else α(eˣ − 1) (slope α at 0, as PyTorch)."""
        return apply(ROW_OPS["elu"], self, params=(float(alpha),))

    def maximum(self, other: Any) -> Tensor:
        """Element-wise max(self, other), broadcast; a tie sends the gradient to self."""
        return apply(ROW_OPS["max"], self, _lift(other, self))

    def minimum(self, other: Any) -> Tensor:
        """Element-wise min(self, other), broadcast; a tie sends the gradient to self."""
        return apply(ROW_OPS["min"], self, _lift(other, self))

    def softmax(self, axis: int = -1) -> Tensor:
        """e^(xᵢ) / Σⱼ e^(xⱼ) along ``axis``, shifted by the maximum for stability."""
        return apply(_act.SOFTMAX, self, axis=axis)

    def log_softmax(self, axis: int = -1) -> Tensor:
        """xᵢ − log Σⱼ e^(xⱼ) along ``axis``, computed stably."""
        return apply(_act.LOG_SOFTMAX, self, axis=axis)


def apply(op: TensorOp, *parents: Tensor, **params: Any) -> Tensor:
    """Run ``op`` on the parents' data and, when a parent requires grad, record the node.

    Under :func:`~chainrule.tensor.no_grad`, or when no parent requires grad, the result is a
    plain leaf that keeps no reference to its inputs.
    """
    out, ctx = op.forward(*[p._data for p in parents], **params)
    if type(out) is not np.ndarray:
        out = np.asarray(out)  # ufuncs on 0-d arrays return NumPy scalars
    t = _new(Tensor)
    t._data = out
    t.grad = None
    t.name = None
    t._g = None
    t._owned = False
    t._retain = False
    if MODE.enabled:
        needs = tuple([p.requires_grad for p in parents])
        if True in needs:
            t.requires_grad = True
            t._op = op
            t._parents = parents
            t._ctx = ctx
            t._needs = needs
            t._seq = next(_SEQ)
            return t
    t.requires_grad = False
    t._op = None
    t._parents = ()
    t._ctx = None
    t._needs = ()
    t._seq = 0
    return t


def _row_method(row: rules.Rule) -> Any:
    def method(self: Tensor) -> Tensor:
        return apply(ROW_OPS[row.name], self)

    method.__name__ = row.name
    method.__doc__ = f"{row.doc} element-wise; derivative {row.local_text(['x'], 'out')[0]}."
    return method


def _add_row_methods() -> None:
    """A method for every one-operand formula or activation row the class does not spell out."""
    for row in rules.ROWS.values():
        if row.arity == 1 and (row.formula or row.activation) and not hasattr(Tensor, row.name):
            setattr(Tensor, row.name, _row_method(row))


_add_row_methods()


def _is_scalar(x: Any) -> bool:
    return isinstance(x, (numbers.Real, np.generic)) or (
        isinstance(x, np.ndarray) and x.ndim == 0)


def _lift(x: Any, like: Tensor) -> Tensor:
    """``x`` as a constant Tensor; scalars take ``like``'s dtype so they never upcast it."""
    if isinstance(x, Tensor):
        return x
    if _is_scalar(x):
        arr = np.asarray(x, dtype=like._data.dtype)
    else:
        arr = np.asarray(x)
        if arr.dtype.kind != "f":
            arr = arr.astype(like._data.dtype)
    return Tensor(arr)
