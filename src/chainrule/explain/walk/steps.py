"""What every explanation checks about steps: how many to train, which to show, which to read.

Shared by the dense explanation and the layer families (conv2d, rnn), so ``--steps``,
``--show`` and ``.detail(k)`` say the same one line whatever the network.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from chainrule.errors import ConfigError


def steps_and_shown(steps: Any, show: Sequence[Any] | None) -> tuple[int, tuple[int, ...]]:
    """``steps`` as an int ≥ 1 and ``show`` as 1-based steps in 1..steps (default: (1,)).

    Raises
    ------
    ConfigError
        "explain: steps must be an integer ≥ 1", or "explain: show must list steps from 1 to
        N", naming the bad values.
    """
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1:
        raise ConfigError(f"explain: steps must be an integer ≥ 1; got {steps!r}")
    steps = int(steps)
    shown = tuple(show) if show is not None else (1,)
    bad = [k for k in shown if isinstance(k, bool) or not isinstance(k, numbers.Integral)
           or not 1 <= k <= steps]
    if bad or not shown:
        raise ConfigError(f"explain: show must list steps from 1 to {steps}; got {bad or 'none'}")
    return steps, tuple(int(k) for k in shown)


class LossHistory:
    """The loss before each step (``_loss_array``, one float per step) and the step check."""

    _loss_array: np.ndarray

    @property
    def losses(self) -> tuple[float, ...]:
        """The loss before each step."""
        return tuple(self._loss_array.tolist())

    @property
    def loss_array(self) -> np.ndarray:
        """The loss before each step, as a NumPy array (read-only view)."""
        view = self._loss_array.view()
        view.flags.writeable = False
        return view

    def _check_step(self, step: Any) -> int:
        """``step`` as an int in 1..(number of steps), else one line."""
        if isinstance(step, bool) or not isinstance(step, numbers.Integral) \
                or not 1 <= step <= len(self._loss_array):
            raise ConfigError(f"explanation: step must be an integer from 1 to "
                              f"{len(self._loss_array)}; got {step!r}")
        return int(step)


class ReplayedSteps(LossHistory):
    """A family explanation's steps (conv2d, rnn): the parameters before any step, replayed
    from the nearest kept one, and each shown step's pass, computed once.

    Needs ``network`` (with ``params`` and ``named(params)``), ``_engine`` (with ``step(p)``
    and ``run(p, where)``), ``_kept`` (step -> parameter arrays) and ``_details`` (a dict)."""

    network: Any
    _engine: Any
    _kept: dict[int, dict[str, np.ndarray]]
    _details: dict[int, Any]

    def params_at(self, step: int) -> dict[str, np.ndarray]:
        """The parameter arrays before ``step`` (replayed from the nearest kept step)."""
        step = self._check_step(step)
        start = max(k for k in (*self._kept, 1) if k <= step)
        source = self._kept.get(start, self.network.params)
        p = {k: np.array(v, dtype=float) for k, v in source.items()}
        for _ in range(start, step):
            p = self._engine.step(p)
        self._kept[step] = p
        return {k: v.copy() for k, v in p.items()}

    def parameters_at(self, step: int) -> dict[str, float]:
        """``{name: value}`` before ``step``."""
        return self.network.named(self.params_at(step))

    def detail(self, step: int = 1) -> Any:
        """Step ``step``'s pass: forward values and retained gradients of the tensor engine."""
        step = self._check_step(step)
        if step not in self._details:
            self._details[step] = self._engine.run(self.params_at(step), f"explain: step {step}")
        return self._details[step]


def budgeted_steps(network: Any, steps: Any, show: Sequence[Any] | None,
                   what: str) -> tuple[int, tuple[int, ...]]:
    """:func:`steps_and_shown`, then explain's work budget: ``steps`` times the network's
    ``work_per_step()`` must fit :data:`~chainrule.explain.walk.explanation.WORK_BUDGET`, else
    one line naming ``what`` ("an RNN of 3 time steps and 6 parameters") and the most steps."""
    from chainrule.explain.walk.explanation import WORK_BUDGET

    steps, shown = steps_and_shown(steps, show)
    per_step = network.work_per_step()
    if steps * per_step > WORK_BUDGET:
        raise ConfigError(f"explain: {steps} steps of {what} is over the budget of one run; "
                          f"at most {int(WORK_BUDGET // per_step)} steps for this network")
    return steps, shown


def descend(leaves: dict[str, Any], loss: Any, steps: int, keep: Any, rate: float,
            name: str) -> tuple[np.ndarray, dict[int, dict[str, np.ndarray]],
                                dict[str, np.ndarray]]:
    """``steps`` steps of gradient descent on tensor-engine leaves, updated in place:
    p ← p − η·∂E/∂p for every leaf, E = ``loss()`` (a fresh forward pass each step).

    Returns (the loss before each step (steps,); the parameters before each step of ``keep``;
    the parameters after the last). A value outside an op's domain is one line naming the
    step and the network ``name``.
    """
    from chainrule.errors import DomainError

    wanted = set(keep)

    def now() -> dict[str, np.ndarray]:
        return {k: t.data.copy() for k, t in leaves.items()}

    losses = np.empty(steps)
    kept: dict[int, dict[str, np.ndarray]] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            if k in wanted:
                kept[k] = now()
            try:
                E = loss()
            except DomainError as e:
                raise ConfigError(f"explain: step {k} of {name}: {e}") from None
            losses[k - 1] = E.data
            E.backward()
            for t in leaves.values():
                t.data -= rate * t.grad
                t.grad = None
    return losses, kept, now()


__all__ = ["LossHistory", "ReplayedSteps", "budgeted_steps", "descend", "steps_and_shown"]
