"""``gradcheck``: an engine's gradients against central differences, in float64.

Works with any engine whose inputs have a settable ``.data`` (a float, or a float64 NumPy array)
and a ``.grad`` (a float, an array, or ``None`` meaning zero), and whose output has ``.data``
holding one number and a ``.backward()`` method — the scalar ``Value`` and the array ``Tensor``.

For each element xₖ of each input the numerical derivative is the central difference

    ∂f/∂xₖ ≈ (f(x + ε eₖ) − f(x − ε eₖ)) / 2ε,

whose error is O(ε²); it passes when |numerical − analytical| ≤ atol + rtol·|numerical|.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, GradcheckError


@dataclass(frozen=True)
class Mismatch:
    """One element whose gradients disagree: input ``input_index``, element ``element``."""

    input_index: int
    element: tuple[int, ...]
    numerical: float
    analytical: float

    def __str__(self) -> str:
        where = f"input {self.input_index}" + (f", element {self.element}" if self.element else "")
        return f"{where}: numerical {self.numerical:.10g} vs analytical {self.analytical:.10g}"


@dataclass(frozen=True)
class GradcheckResult:
    """What :func:`gradcheck` found. ``ok`` is true when every element agrees."""

    numerical: list[np.ndarray]
    analytical: list[np.ndarray]
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def __bool__(self) -> bool:
        return self.ok


def _scalar_output(out: Any) -> float:
    data = np.asarray(out.data, dtype=np.float64)
    if data.size != 1:
        raise ConfigError(
            f"gradcheck: fn must return a single number to differentiate; got shape {data.shape}"
        )
    return float(data.reshape(()))


def _as_array(data: Any, i: int) -> np.ndarray:
    arr = np.asarray(data)
    if arr.dtype != np.float64:
        raise ConfigError(
            f"gradcheck: input {i} is {arr.dtype}; use float64 so that central differences "
            "are accurate"
        )
    return arr


def _zero_grads(inputs: Sequence[Any]) -> None:
    for x in inputs:
        x.grad = 0.0 if np.ndim(x.data) == 0 else None


def _read_grad(x: Any) -> np.ndarray:
    g = x.grad
    if g is None:
        return np.zeros(np.shape(x.data))
    return np.asarray(getattr(g, "data", g), dtype=np.float64).reshape(np.shape(x.data))


def gradcheck(
    fn: Callable[..., Any],
    inputs: Sequence[Any],
    *,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-4,
    raise_on_failure: bool = True,
) -> GradcheckResult:
    """Compare ``fn``'s backpropagated gradients with central differences.

    Parameters
    ----------
    fn : callable
        ``fn(*inputs)`` returns a one-number output with ``.backward()``.
    inputs : sequence
        Leaves (``Value`` or ``Tensor``) whose gradients are checked; array data must be float64.
    eps : float
        Step ε of the central difference.
    atol, rtol : float
        Tolerances: an element passes when |num − ana| ≤ atol + rtol·|num|.
    raise_on_failure : bool
        Raise :class:`~chainrule.errors.GradcheckError` on the first report of mismatches.

    Returns
    -------
    GradcheckResult
        Numerical and analytical gradients (one array per input, shaped like it) and the
        mismatches.
    """
    inputs = list(inputs)
    _zero_grads(inputs)
    fn(*inputs).backward()
    analytical = [_read_grad(x) for x in inputs]

    numerical: list[np.ndarray] = []
    for i, x in enumerate(inputs):
        if np.ndim(x.data) == 0:
            x0 = float(x.data)
            x.data = x0 + eps
            up = _scalar_output(fn(*inputs))
            x.data = x0 - eps
            down = _scalar_output(fn(*inputs))
            x.data = x0
            numerical.append(np.array((up - down) / (2 * eps)))
            continue
        arr = _as_array(x.data, i)
        num = np.zeros(arr.shape)
        for idx in np.ndindex(arr.shape):
            orig = arr[idx]
            arr[idx] = orig + eps
            up = _scalar_output(fn(*inputs))
            arr[idx] = orig - eps
            down = _scalar_output(fn(*inputs))
            arr[idx] = orig
            num[idx] = (up - down) / (2 * eps)
        numerical.append(num)

    mismatches = []
    for i, (num, ana) in enumerate(zip(numerical, analytical)):
        close = np.isclose(ana, num, rtol=rtol, atol=atol)
        mismatches += [
            Mismatch(i, tuple(int(k) for k in idx), float(num[idx]), float(ana[idx]))
            for idx in np.ndindex(num.shape)  # works for 0-d (scalar) inputs too
            if not close[idx]
        ]
    result = GradcheckResult(numerical, analytical, mismatches)
    if mismatches and raise_on_failure:
        shown = "; ".join(str(m) for m in mismatches[:5])
        more = f" (and {len(mismatches) - 5} more)" if len(mismatches) > 5 else ""
        raise GradcheckError(f"gradients disagree at {shown}{more}")
    return result
