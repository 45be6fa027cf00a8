"""``explain`` of an RNN: train for any number of steps, keep the loss of each, show some in
full (forward per time step, backpropagation through time, the update, the matrix view)."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.rnn.engine import Engine, Params, Pass, contributions, params_of
from chainrule.explain.rnn.network import PARAMETERS, RNNNetwork


class RNNExplanation:
    """What :func:`explain_rnn` found: ``losses`` (E before each step), ``final_parameters``
    (``{name: value}`` after the last step), ``final_loss``, ``shown``; ``detail(k)`` is
    step k's :class:`~chainrule.explain.rnn.engine.Pass` (every z_t, h_t, δ_t, ∂E/∂p)."""

    def __init__(self, network: RNNNetwork, losses: np.ndarray, kept: dict[int, Params],
                 final: Params, shown: tuple[int, ...]) -> None:
        self.network = network
        self._loss_array = losses
        self._kept = dict(kept)
        self._engine = Engine(network)
        self._final = final
        self.final_parameters = network.named(final)
        self.final_loss = self._engine.loss(final)
        self.shown = shown
        self._details: dict[int, Pass] = {}

    @property
    def losses(self) -> tuple[float, ...]:
        """E before each step."""
        return tuple(self._loss_array.tolist())

    @property
    def loss_array(self) -> np.ndarray:
        """E before each step, as a read-only NumPy array."""
        view = self._loss_array.view()
        view.flags.writeable = False
        return view

    def _check_step(self, step: Any) -> int:
        if isinstance(step, bool) or not isinstance(step, numbers.Integral) \
                or not 1 <= step <= len(self._loss_array):
            raise ConfigError(f"explanation: step must be an integer from 1 to "
                              f"{len(self._loss_array)}; got {step!r}")
        return int(step)

    def params_at(self, step: int) -> Params:
        """The parameter arrays before ``step`` (replayed from the nearest kept step)."""
        step = self._check_step(step)
        start = max(k for k in (*self._kept, 1) if k <= step)
        p = {k: v.copy() for k, v in self._kept[start].items()} if start in self._kept \
            else params_of(self.network)
        for _ in range(start, step):
            p = self._engine.step(p)
        self._kept[step] = p
        return {k: v.copy() for k, v in p.items()}

    def parameters_at(self, step: int) -> dict[str, float]:
        """``{name: value}`` before ``step``."""
        return self.network.named(self.params_at(step))

    def detail(self, step: int = 1) -> Pass:
        """Step ``step``'s pass: forward values and retained gradients of the tensor engine."""
        step = self._check_step(step)
        if step not in self._details:
            self._details[step] = self._engine.run(self.params_at(step), f"explain: step {step}")
        return self._details[step]

    def contributions(self, step: int = 1) -> dict[str, list[np.ndarray]]:
        """Each time step's term of ∂E/∂W_hh, ∂E/∂W_xh and ∂E/∂b (see
        :func:`~chainrule.explain.rnn.engine.contributions`)."""
        return contributions(self.network, self.detail(step))

    # -- renderers ----------------------------------------------------------------------------
    def document(self, steps: Sequence[int] | None = None, digits: int = 6) -> Any:
        """The renderer-neutral document."""
        from chainrule.explain.rnn.compose import rnn_document

        return rnn_document(self, self.shown if steps is None else steps, digits)

    def to_markdown(self, steps: Sequence[int] | None = None, digits: int = 6,
                    math: str = "text") -> str:
        """Markdown (``math="text"`` or ``"latex"``)."""
        from chainrule.explain.render.render_markdown import render_markdown

        return render_markdown(self.document(steps, digits), math=math)

    def to_latex(self, steps: Sequence[int] | None = None, digits: int = 6,
                 standalone: bool = False) -> str:
        """LaTeX: a fragment, or a whole document."""
        from chainrule.explain.render.render_latex import render_latex

        return render_latex(self.document(steps, digits), standalone=standalone)

    def to_html(self, steps: Sequence[int] | None = None, digits: int = 6,
                standalone: bool = True) -> str:
        """A self-contained HTML page, or a fragment."""
        from chainrule.explain.render.render_html import render_html

        return render_html(self.document(steps, digits), standalone=standalone)

    def to_rich(self, steps: Sequence[int] | None = None, digits: int = 6) -> Any:
        """A rich renderable."""
        from chainrule.explain.render.render_rich import render_rich

        return render_rich(self.document(steps, digits))

    def to_dict(self, steps: Sequence[int] | None = None,
                matrices: bool = False) -> dict[str, Any]:
        """JSON-ready: the network, every step's loss, the final parameters, and the chosen
        steps in full (``matrices`` adds each time step's contributions to the sums)."""
        chosen = list(self.shown if steps is None else steps)
        details = []
        for k in chosen:
            g = self.detail(k)
            item: dict[str, Any] = {
                "step": k, "loss": g.E, "parameters": self.parameters_at(k),
                "z": g.z.tolist(), "h": g.h.tolist(), "z_o": g.zo.tolist(), "o": g.o.tolist(),
                "delta": g.dz.tolist(), "dE/dh": g.dh.tolist(), "delta_o": g.dzo.tolist(),
                "gradients": self.network.named(g.grads)}
            if matrices:
                item["contributions"] = {k2: [a.tolist() for a in v]
                                         for k2, v in self.contributions(k).items()}
            details.append(item)
        return {"network": self.network.to_dict(), "losses": self.losses, "steps": details,
                "final_parameters": dict(self.final_parameters), "final_loss": self.final_loss}

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html(standalone=False)

    def __repr__(self) -> str:
        return (f"RNNExplanation({self.network.name!r}, steps={len(self._loss_array)}, "
                f"loss {self._loss_array[0]:.6g} → {self.final_loss:.6g})")


def explain_rnn(network: RNNNetwork, steps: int = 1,
                show: Sequence[int] | None = None) -> RNNExplanation:
    """Train ``network`` ``steps`` steps (W ← W − η·∂E/∂W for every parameter) and explain the
    steps of ``show`` (default: step 1); the work is checked against explain's budget first."""
    from chainrule.explain.walk.explanation import WORK_BUDGET

    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1:
        raise ConfigError(f"explain: steps must be an integer ≥ 1; got {steps!r}")
    steps = int(steps)
    shown = tuple(show) if show is not None else (1,)
    bad = [k for k in shown if isinstance(k, bool) or not isinstance(k, numbers.Integral)
           or not 1 <= k <= steps]
    if bad or not shown:
        raise ConfigError(f"explain: show must list steps from 1 to {steps}; got {bad or 'none'}")
    per_step = network.work_per_step()
    if steps * per_step > WORK_BUDGET:
        raise ConfigError(f"explain: {steps} steps of an RNN of {network.steps} time steps and "
                          f"{len(network.parameters())} parameters is over the budget of one "
                          f"run; at most {int(WORK_BUDGET // per_step)} steps for this network")
    losses, kept, final = Engine(network).train(steps, keep=shown)
    return RNNExplanation(network, losses, kept, final, tuple(int(k) for k in shown))


__all__ = ["PARAMETERS", "RNNExplanation", "explain_rnn"]
