"""``Optimizer``: the part every update rule shares.

An optimizer holds a list of parameters — any objects with a ``.data`` NumPy array that it
updates **in place** and a ``.grad`` array (or ``None``, meaning "no gradient this step, leave the
parameter alone") — its hyperparameters, and per-parameter state (moment estimates, step counts).
All state lives inside the optimizer, so ``state_dict()`` / ``load_state_dict()`` capture a run
completely and a resumed run is bit-identical to an uninterrupted one.

Subclasses implement :meth:`Optimizer._update` for one parameter. The hot path avoids temporaries:
each parameter gets scratch buffers of its own shape (``_scratch``, as many as the rule's
``n_scratch`` says) that updates write into with ``out=`` arguments, so a step allocates nothing
after the first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError


def _as_param_list(params: Iterable[Any], owner: str) -> list[Any]:
    if isinstance(params, np.ndarray) or (hasattr(params, "data") and hasattr(params, "grad")):
        raise ConfigError(
            f"{owner}: params must be an iterable of parameters (e.g. model.parameters()), "
            "got a single parameter; wrap it in a list"
        )
    try:
        plist = list(params)
    except TypeError:
        raise ConfigError(
            f"{owner}: params must be an iterable of parameters, got {type(params).__name__}"
        ) from None
    if not plist:
        raise ConfigError(f"{owner}: got an empty parameter list; nothing to optimize")
    for i, p in enumerate(plist):
        if not isinstance(getattr(p, "data", None), np.ndarray):
            raise ConfigError(
                f"{owner}: parameter {i} has no NumPy .data array (got {type(p).__name__})"
            )
    if len({id(p) for p in plist}) != len(plist):
        raise ConfigError(f"{owner}: a parameter appears more than once in params")
    return plist


def check_hyper(owner: str, name: str, value: float, *, low: float = 0.0,
                low_open: bool = False, high: float | None = None,
                high_open: bool = True) -> float:
    """Validate one hyperparameter: a finite real number in the stated interval.

    Raises :class:`ConfigError` naming the optimizer, the parameter and the allowed range.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ConfigError(f"{owner}: {name} must be a number, got {value!r}")
    v = float(value)
    too_low = v <= low if low_open else v < low
    too_high = high is not None and (v >= high if high_open else v > high)
    if not math.isfinite(v) or too_low or too_high:
        lo = "(" if low_open else "["
        hi = "∞)" if high is None else (f"{high:g})" if high_open else f"{high:g}]")
        raise ConfigError(f"{owner}: {name} must be in {lo}{low:g}, {hi}, got {value!r}")
    return v


def decayed_grad(w: np.ndarray, g: np.ndarray, weight_decay: float,
                 b0: np.ndarray) -> np.ndarray:
    """d = g + λw (L2 weight decay through the gradient) in ``b0`` when λ ≠ 0, else ``g``.

    ``g`` is never modified. Shared by SGD, Adam, RMSprop and Adagrad.
    """
    if not weight_decay:
        return g
    np.multiply(w, weight_decay, out=b0)
    b0 += g
    return b0


class Optimizer:
    """Base class: parameters, hyperparameters, per-parameter state, ``step``/``zero_grad``.

    Parameters
    ----------
    params : iterable of parameters
        Objects with ``.data`` (``np.ndarray``, updated in place) and ``.grad`` (array or None).
    **hyper
        The hyperparameters, stored as attributes (``self.lr`` …) and in ``state_dict()``.

    Attributes
    ----------
    params : list
        The parameters, in the order given; state is keyed by this index.
    state : dict[int, dict[str, Any]]
        Per-parameter state: ``"step"`` (int) and the arrays the rule keeps.
    """

    #: Names of the hyperparameters; ``state_dict`` saves exactly these.
    hyper_names: tuple[str, ...] = ("lr",)

    def __init__(self, params: Iterable[Any], **hyper: Any) -> None:
        self.params = _as_param_list(params, type(self).__name__)
        for name, value in hyper.items():
            setattr(self, name, value)
        self.state: dict[int, dict[str, Any]] = {}
        self._scratch: dict[int, tuple[np.ndarray, ...]] = {}

    # -- the public verbs -----------------------------------------------------------------
    def zero_grad(self) -> None:
        """Forget every parameter's gradient (set ``.grad`` to ``None``, as PyTorch does)."""
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        """Update every parameter that has a gradient, in place; others are left untouched."""
        state, scratch, update, n = self.state, self._scratch, self._update, self.n_scratch
        for i, p in enumerate(self.params):
            g = p.grad
            if g is None:
                continue
            w = p.data
            if g.shape != w.shape:
                raise ShapeError(
                    f"{type(self).__name__}: parameter {i} has shape {w.shape} "
                    f"but its gradient has shape {g.shape}"
                )
            st = state.get(i)
            if st is None:
                st = state[i] = self._init_state(w)
            st["step"] += 1
            bufs = scratch.get(i)
            if bufs is None or len(bufs) < n:  # a hyperparameter may have changed
                bufs = scratch[i] = tuple(np.empty_like(w) for _ in range(n))
            update(w, g, st, bufs)

    # -- what subclasses provide ----------------------------------------------------------
    def _init_state(self, data: np.ndarray) -> dict[str, Any]:
        return {"step": 0}

    @property
    def n_scratch(self) -> int:
        """How many scratch arrays of the parameter's shape one update needs."""
        return 1

    def _update(self, w: np.ndarray, g: np.ndarray, state: dict[str, Any],
                bufs: tuple[np.ndarray, ...]) -> None:
        """Update ``w`` in place from gradient ``g`` (never modified) and ``state``."""
        raise NotImplementedError

    # -- saving and restoring -------------------------------------------------------------
    def hyperparameters(self) -> dict[str, Any]:
        """The hyperparameters as plain Python values (JSON-friendly)."""
        out: dict[str, Any] = {}
        for name in self.hyper_names:
            v = getattr(self, name)
            out[name] = list(v) if isinstance(v, tuple) else v
        return out

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to continue the run: type, hyperparameters and state arrays.

        Returns
        -------
        dict
            ``{"type": str, "hyper": {name: value}, "state": {"0": {"step": int, name: array}}}``;
            arrays are copies, so later steps do not change a saved dict.
        """
        state = {
            str(i): {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in st.items()}
            for i, st in self.state.items()
        }
        return {"type": type(self).__name__, "hyper": self.hyperparameters(), "state": state}

    def load_state_dict(self, sd: dict[str, Any]) -> None:
        """Restore what :meth:`state_dict` returned (checked against these parameters).

        Raises
        ------
        ConfigError
            The dict is for another optimizer type, or names an unknown parameter.
        ShapeError
            A state array's shape does not match its parameter.
        """
        owner = type(self).__name__
        if sd.get("type") != owner:
            raise ConfigError(f"{owner}.load_state_dict: the state is for {sd.get('type')!r}")
        hyper = sd.get("hyper", {})
        unknown = set(hyper) - set(self.hyper_names)
        if unknown:
            raise ConfigError(f"{owner}.load_state_dict: unknown hyperparameters {sorted(unknown)}")
        new_state: dict[int, dict[str, Any]] = {}
        for key, st in sd.get("state", {}).items():
            i = int(key)
            if not 0 <= i < len(self.params):
                raise ConfigError(
                    f"{owner}.load_state_dict: state for parameter {i}, "
                    f"but the optimizer has {len(self.params)} parameters"
                )
            shape = self.params[i].data.shape
            entry: dict[str, Any] = {}
            for k, v in st.items():
                if isinstance(v, np.ndarray):
                    if v.shape != shape:
                        raise ShapeError(
                            f"{owner}.load_state_dict: state {k!r} of parameter {i} has shape "
                            f"{v.shape}, the parameter has {shape}"
                        )
                    v = np.array(v, dtype=self.params[i].data.dtype, copy=True)
                entry[k] = v
            entry["step"] = int(entry.get("step", 0))
            new_state[i] = entry
        for name, v in hyper.items():
            setattr(self, name, tuple(v) if isinstance(v, list) else v)
        self.state = new_state

    def __repr__(self) -> str:
        hp = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({len(self.params)} parameters, {hp})"
