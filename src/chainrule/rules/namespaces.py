"""What ``m`` is in a rule: the functions a row's forward and local derivative may call.

A namespace provides every name of :data:`NAMES`. Two live here — :data:`FLOAT` (Python floats,
the scalar engine's fast path) and :data:`NUMPY` (arrays, the tensor engine) — and the SymPy one
in :mod:`chainrule.rules.symbolic`. The scalar and tensor engines build their own (Values and
Tensors, for derivatives of derivatives) from the rows themselves, so nothing here imports
upward.

The piecewise constants ``step``, ``sign`` and ``ge`` return plain numbers or arrays in every
engine namespace: they are constants of the graph, even when differentiating twice.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

#: The constants every namespace provides (Python floats here, so float32 arrays stay float32;
#: exact in SymPy).
CONSTANTS = ("pi", "sqrt2", "sqrt_pi", "ln10")


def _sigmoid(x: float) -> float:
    # Two branches so that exp never overflows: σ(x) = 1/(1+e^{-x}) = e^{x}/(1+e^{x}).
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _softplus(x: float) -> float:
    # ln(1 + eˣ) = max(x, 0) + ln(1 + e^{−|x|}): no overflow, and exact for large |x|.
    return (x if x > 0 else 0.0) + math.log1p(math.exp(-abs(x)))


class FloatMath:
    """Functions on Python floats."""

    pi = math.pi
    sqrt2 = math.sqrt(2.0)
    sqrt_pi = math.sqrt(math.pi)
    ln10 = math.log(10.0)

    exp = staticmethod(math.exp)
    expm1 = staticmethod(math.expm1)
    log = staticmethod(math.log)
    log1p = staticmethod(math.log1p)
    log10 = staticmethod(math.log10)
    sqrt = staticmethod(math.sqrt)
    sin = staticmethod(math.sin)
    cos = staticmethod(math.cos)
    tan = staticmethod(math.tan)
    asin = staticmethod(math.asin)
    acos = staticmethod(math.acos)
    atan = staticmethod(math.atan)
    sinh = staticmethod(math.sinh)
    cosh = staticmethod(math.cosh)
    tanh = staticmethod(math.tanh)
    asinh = staticmethod(math.asinh)
    acosh = staticmethod(math.acosh)
    atanh = staticmethod(math.atanh)
    erf = staticmethod(math.erf)
    sigmoid = staticmethod(_sigmoid)
    softplus = staticmethod(_softplus)
    abs = staticmethod(abs)

    @staticmethod
    def relu(x: float) -> float:
        return x if x > 0 else 0.0

    @staticmethod
    def maximum(a: float, b: float) -> float:
        return a if a >= b else b

    @staticmethod
    def minimum(a: float, b: float) -> float:
        return a if a <= b else b

    @staticmethod
    def value(x: Any) -> Any:
        """The plain number inside ``x`` (on floats, ``x`` itself; engines override this)."""
        return x

    # The piecewise constants compare with > and >=, which Values and Tensors answer from
    # their numbers too, so the same code serves the engines' namespaces that inherit it.
    @staticmethod
    def step(x: Any) -> float:
        """1 for x > 0, else 0 — the derivative of ReLU, with ReLU'(0) = 0."""
        return 1.0 if x > 0 else 0.0

    @staticmethod
    def sign(x: Any) -> float:
        """sign(x), 0 at 0 — the derivative of |x|, with |x|'(0) = 0."""
        return 1.0 if x > 0 else (-1.0 if x < 0 else 0.0)

    @staticmethod
    def ge(a: Any, b: Any) -> float:
        """1 when a ≥ b, else 0: ties send max's gradient to its first operand."""
        return 1.0 if a >= b else 0.0

    @staticmethod
    def where(cond: Any, a: Any, b: Any) -> Any:
        return a if cond else b


#: The functions every namespace provides (forward primitives and the helpers locals use): the
#: callables of :class:`FloatMath`, the reference namespace, so a function is named once.
NAMES = tuple(n for n, v in vars(FloatMath).items()
              if not n.startswith("_") and isinstance(v, staticmethod))


def _float_like(cond: np.ndarray, like: Any) -> np.ndarray:
    """A boolean mask as 1.0/0.0 in ``like``'s float dtype (float64 for Python numbers)."""
    if type(like) is np.ndarray and like.dtype.kind == "f":  # the array engine's hot path
        return cond.astype(like.dtype)
    dtype = like.dtype if isinstance(like, (np.ndarray, np.generic)) and like.dtype.kind == "f" \
        else np.float64
    return np.asarray(cond).astype(dtype)


def _np_erf(x: Any) -> Any:
    try:
        from scipy.special import erf
    except ImportError:  # scipy is optional: math.erf element by element (exact, slower)
        arr = np.asarray(x)
        out = np.vectorize(math.erf, otypes=[np.float64])(arr)
        return out.astype(arr.dtype) if arr.dtype.kind == "f" else out
    return erf(x)


class NumpyMath:
    """Functions on NumPy arrays (float32 stays float32)."""

    pi, sqrt2, sqrt_pi, ln10 = FloatMath.pi, FloatMath.sqrt2, FloatMath.sqrt_pi, FloatMath.ln10

    exp = staticmethod(np.exp)
    expm1 = staticmethod(np.expm1)
    log = staticmethod(np.log)
    log1p = staticmethod(np.log1p)
    log10 = staticmethod(np.log10)
    sqrt = staticmethod(np.sqrt)
    sin = staticmethod(np.sin)
    cos = staticmethod(np.cos)
    tan = staticmethod(np.tan)
    asin = staticmethod(np.arcsin)
    acos = staticmethod(np.arccos)
    atan = staticmethod(np.arctan)
    sinh = staticmethod(np.sinh)
    cosh = staticmethod(np.cosh)
    tanh = staticmethod(np.tanh)
    asinh = staticmethod(np.arcsinh)
    acosh = staticmethod(np.arccosh)
    atanh = staticmethod(np.arctanh)
    erf = staticmethod(_np_erf)
    abs = staticmethod(np.abs)
    maximum = staticmethod(np.maximum)
    minimum = staticmethod(np.minimum)
    sign = staticmethod(np.sign)
    where = staticmethod(np.where)

    @staticmethod
    def sigmoid(x: Any) -> Any:
        """σ(x) = exp(−log(1 + e⁻ˣ)): no overflow, and the tiny values at very negative x kept."""
        return np.exp(-np.logaddexp(0, -x))

    @staticmethod
    def softplus(x: Any) -> Any:
        return np.logaddexp(0, x)

    @staticmethod
    def relu(x: Any) -> Any:
        # maximum (not x·mask) keeps −0.0 out of the outputs.
        return np.maximum(x, 0)

    @staticmethod
    def step(x: Any) -> Any:
        return _float_like(x > 0, x)

    @staticmethod
    def ge(a: Any, b: Any) -> Any:
        return _float_like(a >= b, a if isinstance(a, np.ndarray) else b)

    @staticmethod
    def value(x: Any) -> Any:
        return x

    # What the vector rows (softmax, log-softmax: :mod:`chainrule.rules.vector`) need besides
    # exp and log: a sum that broadcasts back, and the shift that keeps exp from overflowing.
    @staticmethod
    def total(x: Any, axis: int) -> Any:
        """Σ along ``axis``, kept as a length-1 axis so that it broadcasts against ``x``."""
        if type(x) is np.ndarray:  # the ufunc method: ndarray.sum's Python wrapper skipped
            return np.add.reduce(x, axis=axis, keepdims=True)
        return x.sum(axis=axis, keepdims=True)

    @staticmethod
    def top(x: Any, axis: int) -> Any:
        """The maximum along ``axis`` (kept): a constant softmax subtracts before exp."""
        if type(x) is np.ndarray:
            return np.maximum.reduce(x, axis=axis, keepdims=True)
        return x.max(axis=axis, keepdims=True)


class ElementArrays:
    """The vector rows' namespace on NumPy object arrays whose elements ``m`` computes with.

    A softmax layer of floats, Values or SymPy expressions is an object array; ``exp`` and
    ``log`` apply ``m``'s element by element, ``total`` adds with the elements' own ``+``, and
    ``top`` is the largest plain number (``m.value``), a constant — or 0 when ``shift`` is false
    (SymPy: the shift cancels exactly, and symbols have no order).
    """

    def __init__(self, m: Any, shift: bool = True) -> None:
        self.m, self.shift = m, shift
        # ufuncs on object arrays that call m's function on each element
        self.exp = np.frompyfunc(m.exp, 1, 1)
        self.log = np.frompyfunc(m.log, 1, 1)
        self._value = np.frompyfunc(m.value, 1, 1)

    total = staticmethod(NumpyMath.total)

    def top(self, x: Any, axis: int) -> Any:
        """The largest plain number along ``axis`` (kept), a constant; 0 without ``shift``."""
        if not self.shift:
            return 0
        if x.ndim == 1:  # one layer (explain's neuron): a plain max, no array round trip
            return max(map(self.m.value, x))
        return self._value(x).astype(float).max(axis=axis, keepdims=True)


FLOAT = FloatMath()
NUMPY = NumpyMath()
