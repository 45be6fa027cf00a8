"""``explain(network, steps, show)``: train for any number of steps and explain the chosen ones.

The steps run on the array engine (:mod:`~chainrule.explain.model.arrays`); the result,
:class:`Explanation`, is data: the loss before each step (one float per step), the parameters
of the steps in ``show``, and — on request, for any step — the full
:class:`~chainrule.explain.walk.records.StepDetail` read off the scalar graph (its parameters
replayed from the nearest kept step) and the matrix view
(:class:`~chainrule.explain.walk.matrix.MatrixStep`). Renderers are methods: ``to_markdown``,
``to_latex``, ``to_html``, ``to_rich``, ``to_dict``; Jupyter shows an Explanation through
``_repr_html_`` / ``_repr_markdown_``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.model import arrays
from chainrule.explain.model.network import Network
from chainrule.explain.render.views import DocumentViews
from chainrule.explain.walk.graph import build_graph
from chainrule.explain.walk.records import StepDetail
from chainrule.explain.walk.steps import LossHistory, steps_and_shown
from chainrule.explain.walk.walkthrough import read_step


@dataclass(frozen=True)
class StepSummary:
    """Step ``step`` (1-based): the loss before its update and the parameters it started from."""

    step: int
    loss: float
    parameters: dict[str, float]


#: Networks with more parameters than this are detailed by the matrix view only (the scalar
#: graph costs a Python object per multiplication: fine for the seeds, not for 100×100).
SCALAR_LIMIT = 600


class _Steps(Sequence[StepSummary]):
    """The steps as a lazy sequence: a StepSummary is made (and its parameters replayed from
    the nearest kept step) only when it is read."""

    def __init__(self, ex: Explanation) -> None:
        self._ex = ex

    def __len__(self) -> int:
        return len(self._ex.losses)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        k = range(1, len(self) + 1)[i]
        return StepSummary(k, self._ex.losses[k - 1], self._ex.parameters_at(k))


class Explanation(LossHistory, DocumentViews):
    """What :func:`explain` found; see the module docstring.

    Attributes
    ----------
    network : Network
        The network as given (parameters before step 1).
    losses : tuple of float
        The loss before each step (one float per step: memory is flat in the steps).
    steps : sequence of StepSummary
        One per step, made on reading (parameters are replayed from the nearest kept step).
    final_parameters : dict of str to float
        The parameters after the last update.
    final_loss : float
        The loss with ``final_parameters``.
    shown : tuple of int
        The steps shown in full by default (``explain(..., show=...)``; default: step 1).
    """

    def __init__(self, network: Network, losses: np.ndarray, kept: dict[int, arrays.Params],
                 final: arrays.Params, final_loss: float, shown: tuple[int, ...] = (1,)) -> None:
        self.network = network
        self._loss_array = losses
        self._kept = dict(kept)
        self._final = final
        self.final_parameters = arrays.to_named(network, final)
        self.final_loss = final_loss
        self.shown = shown
        self._details: dict[int, StepDetail] = {}
        self._engine = arrays.Engine(network)

    @property
    def steps(self) -> _Steps:
        """One :class:`StepSummary` per step, made on reading."""
        return _Steps(self)

    @property
    def scalar(self) -> bool:
        """True when the network is small enough for the per-weight (scalar graph) detail."""
        return len(self.network.parameters()) * self.network.n_samples <= SCALAR_LIMIT

    def params_at(self, step: int) -> arrays.Params:
        """The parameter arrays before ``step``, replayed from the nearest kept step."""
        step = self._check_step(step)
        start = max(k for k in (*self._kept, 1) if k <= step)
        p = self._kept[start].copy() if start in self._kept else arrays.params_of(self.network)
        for _ in range(start, step):
            self._engine.step(p, self._engine.run(p))
        self._kept[step] = p.copy()
        return p

    def parameters_at(self, step: int) -> dict[str, float]:
        """``{name: value}`` before ``step``."""
        return arrays.to_named(self.network, self.params_at(step))

    def detail(self, step: int = 1) -> StepDetail:
        """The full (scalar graph) walkthrough of ``step`` (1-based); small networks only."""
        step = self._check_step(step)
        if not self.scalar:
            raise ConfigError(f"explanation: {self.network.name} has "
                              f"{len(self.network.parameters())} parameters; the per-weight "
                              f"walkthrough is for up to {SCALAR_LIMIT} (parameters × samples):"
                              f" use the matrix view, .matrices({step})")
        if step not in self._details:
            net = self.network.with_parameters(self.parameters_at(step))
            self._details[step] = read_step(build_graph(net), step)
        return self._details[step]

    def matrices(self, step: int = 1) -> Any:
        """The matrix view of ``step``: :class:`~chainrule.explain.walk.matrix.MatrixStep`."""
        from chainrule.explain.walk.matrix import matrix_step

        step = self._check_step(step)
        return matrix_step(self.network, self._engine, self.params_at(step), step,
                           self.detail(step) if self.scalar else None)

    @property
    def values(self) -> dict[str, float]:
        """Forward value of every named node in step 1."""
        return self.detail(1).values

    @property
    def grads(self) -> dict[str, float]:
        """∂E/∂node for every named node in step 1."""
        return self.detail(1).grads

    # -- renderers ----------------------------------------------------------------------------
    def document(self, steps: Sequence[int] | None = None, digits: int = 6) -> Any:
        """The renderer-neutral :class:`~chainrule.explain.render.document.Document`; ``steps``
        picks the steps shown in full (default: :attr:`shown`)."""
        from chainrule.explain.render.compose import explanation_document

        return explanation_document(self, self.shown if steps is None else steps, digits)

    def to_dict(self, steps: Sequence[int] | None = None,
                matrices: bool = False) -> dict[str, Any]:
        """JSON-ready data: the network, every step's loss, the final parameters, and only the
        chosen ``steps`` (default: :attr:`shown`) in full — the scalar walkthrough for a small
        network, with ``matrices`` (or for a large network) the matrix view too."""
        chosen = list(self.shown if steps is None else steps)
        out: dict[str, Any] = {
            "network": self.network.to_dict(),
            "losses": self.losses,
            "steps": [{"step": k, "loss": self.losses[k - 1],
                       "parameters": self.parameters_at(k)} for k in chosen],
            "final_parameters": dict(self.final_parameters), "final_loss": self.final_loss,
        }
        if self.scalar:
            out["details"] = [self.detail(k).to_dict() for k in chosen]
        if matrices or not self.scalar:
            out["matrices"] = [self.matrices(k).to_dict() for k in chosen]
        return out

    def __repr__(self) -> str:
        return (f"Explanation({self.network.name!r}, steps={len(self._loss_array)}, "
                f"loss {self._loss_array[0]:.6g} → {self.final_loss:.6g})")


#: The most work :func:`explain` starts, in units of about one multiply-add:
#: steps × (STEP_OVERHEAD + parameters + samples × neurons). 1e8 is about a minute on one
#: core; a tiny network's step costs the overhead of its ~30 NumPy calls, whatever its size.
WORK_BUDGET = 1e8
STEP_OVERHEAD = 400


def explain(network: Network, steps: int = 1, show: Sequence[int] | None = None) -> Explanation:
    """Train ``network`` for ``steps`` steps of gradient descent and explain them.

    Each step runs the forward pass, backpropagates, and updates every parameter that is not
    frozen: p⁺ = p − η·∂E/∂p. Over a batch, E is the mean of the samples' losses. The steps run
    on the array engine (:mod:`~chainrule.explain.model.arrays`); the steps in ``show`` keep their
    parameters, and any step's walkthrough is rebuilt on request (:meth:`Explanation.detail`),
    so memory is flat in ``steps`` (one float per step for the loss curve).

    Parameters
    ----------
    network : Network
    steps : int
        Number of updates (≥ 1).
    show : sequence of int, optional
        The steps to show in full by default (1-based; default: the first).

    Returns
    -------
    Explanation
        Data only; render it with its ``to_*`` methods.
    """
    from chainrule.explain.families import is_family_network

    if is_family_network(network):  # a conv2d or rnn network explains itself
        return network.explain(steps, show)
    if not isinstance(network, Network):
        from chainrule.explain.model.describe import describe

        network = describe(network)
        if is_family_network(network):
            return network.explain(steps, show)
    steps, shown = steps_and_shown(steps, show)
    width = sum(layer.units for layer in network.layers)
    per_step = STEP_OVERHEAD + len(network.parameters()) + network.n_samples * width
    if steps * per_step > WORK_BUDGET:
        raise ConfigError(f"explain: {steps} steps of a network with "
                          f"{len(network.parameters())} parameters and {network.n_samples} "
                          f"sample(s) is over the budget of one run; at most "
                          f"{int(WORK_BUDGET // per_step)} steps for this network")
    losses, kept, final = arrays.train(network, steps, keep=shown)
    final_loss = arrays.Engine(network).loss(final)
    return Explanation(network, losses, kept, final, final_loss, shown)


__all__ = ["SCALAR_LIMIT", "STEP_OVERHEAD", "WORK_BUDGET", "Explanation", "StepSummary",
           "explain"]
