"""``explain`` of an RNN: train for any number of steps, keep the loss of each, show some in
full (forward per time step, backpropagation through time, the update, the matrix view)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from chainrule.explain.render.views import DocumentViews
from chainrule.explain.rnn.engine import Engine, Params, Pass, contributions
from chainrule.explain.rnn.network import PARAMETERS, RNNNetwork
from chainrule.explain.walk.steps import ReplayedSteps, budgeted_steps


class RNNExplanation(ReplayedSteps, DocumentViews):
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

    def contributions(self, step: int = 1) -> dict[str, list[np.ndarray]]:
        """Each time step's term of ∂E/∂W_hh, ∂E/∂W_xh and ∂E/∂b (see
        :func:`~chainrule.explain.rnn.engine.contributions`)."""
        return contributions(self.network, self.detail(step))

    # -- renderers ----------------------------------------------------------------------------
    def document(self, steps: Sequence[int] | None = None, digits: int = 6) -> Any:
        """The renderer-neutral document."""
        from chainrule.explain.rnn.compose import rnn_document

        return rnn_document(self, self.shown if steps is None else steps, digits)

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

    def __repr__(self) -> str:
        return (f"RNNExplanation({self.network.name!r}, steps={len(self._loss_array)}, "
                f"loss {self._loss_array[0]:.6g} → {self.final_loss:.6g})")


def explain_rnn(network: RNNNetwork, steps: int = 1,
                show: Sequence[int] | None = None) -> RNNExplanation:
    """Train ``network`` ``steps`` steps (W ← W − η·∂E/∂W for every parameter) and explain the
    steps of ``show`` (default: step 1); the work is checked against explain's budget first."""
    steps, shown = budgeted_steps(network, steps, show, f"an RNN of {network.steps} time steps "
                                  f"and {len(network.parameters())} parameters")
    losses, kept, final = Engine(network).train(steps, keep=shown)
    return RNNExplanation(network, losses, kept, final, shown)


__all__ = ["PARAMETERS", "RNNExplanation", "explain_rnn"]
