"""``explain`` of a convolutional network: train for any number of steps, keep the loss of each,
show some in full (forward layer by layer, every ∂E/∂K cell as its sum of products, the
update, the maps as matrices)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from chainrule.explain.conv.engine import Engine, Pass
from chainrule.explain.conv.model import ConvNetwork, Params, map_symbol
from chainrule.explain.render.views import DocumentViews
from chainrule.explain.walk.steps import ReplayedSteps, budgeted_steps


class ConvExplanation(ReplayedSteps, DocumentViews):
    """What :func:`explain_conv` found: ``losses`` (E before each step), ``final_parameters``
    (``{name: value}`` after the last step), ``final_loss``, ``shown``; ``detail(k)`` is step
    k's :class:`~chainrule.explain.conv.engine.Pass` (every Y⁽ˡ⁾, ∂E/∂Y⁽ˡ⁾, ∂E/∂p)."""

    def __init__(self, network: ConvNetwork, losses: np.ndarray, kept: dict[int, Params],
                 final: Params, shown: tuple[int, ...]) -> None:
        self.network = network
        self._loss_array = losses
        self._kept = dict(kept)
        self._engine = Engine(network)
        self.final_parameters = network.named(final)
        self.final_loss = self._engine.loss(final)
        self.shown = shown
        self._details: dict[int, Pass] = {}

    def gradients(self, step: int = 1) -> dict[str, np.ndarray]:
        """∂E/∂p of every parameter array at ``step``, by torch's state_dict names
        (``"0.weight"``, ``"0.bias"`` … counting the layers from 0; a dense weight is
        (out, in), as torch's Linear)."""
        g = self.detail(step).grads
        out = {}
        for i, layer in enumerate(self.network.layers):
            for w in layer.params:
                out[f"{i}.{'bias' if w == 'b' else 'weight'}"] = g[f"{w}{i + 1}"]
        return out

    # -- renderers ----------------------------------------------------------------------------
    def document(self, steps: Sequence[int] | None = None, digits: int = 6) -> Any:
        """The renderer-neutral document."""
        from chainrule.explain.conv.compose import conv_document

        return conv_document(self, self.shown if steps is None else steps, digits)

    def to_dict(self, steps: Sequence[int] | None = None,
                matrices: bool = False) -> dict[str, Any]:
        """JSON-ready: the network, every step's loss, the final parameters, and the chosen
        steps in full (every layer's output Y and ∂E/∂Y, each sample's loss, the gradients).
        ``matrices`` is accepted for the CLI's sake: the maps are arrays already."""
        chosen = list(self.shown if steps is None else steps)
        details = []
        for k in chosen:
            g = self.detail(k)
            details.append({
                "step": k, "loss": g.E, "sample_losses": g.losses.tolist(),
                "parameters": self.parameters_at(k),
                "maps": {map_symbol(i): y.tolist() for i, y in enumerate(g.ys)},
                "dE/dmaps": {map_symbol(i): d.tolist() for i, d in enumerate(g.dys)},
                "gradients": self.network.named(g.grads)})
        return {"network": self.network.to_dict(), "losses": self.losses, "steps": details,
                "final_parameters": dict(self.final_parameters), "final_loss": self.final_loss}

    def __repr__(self) -> str:
        return (f"ConvExplanation({self.network.name!r}, steps={len(self._loss_array)}, "
                f"loss {self._loss_array[0]:.6g} → {self.final_loss:.6g})")


def explain_conv(network: ConvNetwork, steps: int = 1,
                 show: Sequence[int] | None = None) -> ConvExplanation:
    """Train ``network`` ``steps`` steps (p ← p − η·∂E/∂p for every parameter) and explain the
    steps of ``show`` (default: step 1); the work is checked against explain's budget first."""
    steps, shown = budgeted_steps(network, steps, show, f"a network of {len(network.layers)} "
                                  f"layers on {network.samples} image(s)")
    losses, kept, final = Engine(network).train(steps, keep=shown)
    return ConvExplanation(network, losses, kept, final, shown)


__all__ = ["ConvExplanation", "explain_conv"]
