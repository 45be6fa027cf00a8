"""``explain(network, steps)``: train for some steps and keep every step's walkthrough.

The result, :class:`Explanation`, is data: the loss before each step, the parameters before
each step, and — on request, for any step — the full :class:`~chainrule.explain.records.
StepDetail` (rebuilt from that step's parameters, so a long run keeps only numbers). Renderers
are methods: ``to_markdown``, ``to_latex``, ``to_html``, ``to_rich``, ``to_dict``; Jupyter shows
an Explanation through ``_repr_html_`` / ``_repr_markdown_``.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from chainrule.errors import ConfigError
from chainrule.explain.graph import build_graph
from chainrule.explain.network import Network
from chainrule.explain.records import StepDetail
from chainrule.explain.walkthrough import read_step
from chainrule.scalar.value import Value


@dataclass(frozen=True)
class StepSummary:
    """Step ``step`` (1-based): the loss before its update and the parameters it started from."""

    step: int
    loss: float
    parameters: dict[str, float]


class Explanation:
    """What :func:`explain` found; see the module docstring.

    Attributes
    ----------
    network : Network
        The network as given (parameters before step 1).
    steps : tuple of StepSummary
        One per step, in order.
    final_parameters : dict of str to float
        The parameters after the last update.
    final_loss : float
        The loss with ``final_parameters``.
    """

    def __init__(self, network: Network, steps: tuple[StepSummary, ...],
                 final_parameters: dict[str, float], final_loss: float,
                 first: StepDetail) -> None:
        self.network = network
        self.steps = steps
        self.final_parameters = final_parameters
        self.final_loss = final_loss
        self._details: dict[int, StepDetail] = {1: first}

    def detail(self, step: int = 1) -> StepDetail:
        """The full walkthrough of ``step`` (1-based)."""
        if not isinstance(step, numbers.Integral) or not 1 <= step <= len(self.steps):
            raise ConfigError(f"explanation: step must be an integer from 1 to "
                              f"{len(self.steps)}; got {step!r}")
        if step not in self._details:
            net = self.network.with_parameters(self.steps[step - 1].parameters)
            self._details[step] = read_step(build_graph(net), step)
        return self._details[step]

    @property
    def values(self) -> dict[str, float]:
        """Forward value of every named node in step 1."""
        return self.detail(1).values

    @property
    def grads(self) -> dict[str, float]:
        """∂E/∂node for every named node in step 1."""
        return self.detail(1).grads

    @property
    def losses(self) -> tuple[float, ...]:
        """The loss before each step."""
        return tuple(s.loss for s in self.steps)

    # -- renderers ----------------------------------------------------------------------------
    def document(self, steps: list[int] | None = None, digits: int = 6) -> Any:
        """The renderer-neutral :class:`~chainrule.explain.document.Document`."""
        from chainrule.explain.compose import explanation_document

        return explanation_document(self, steps, digits)

    def to_markdown(self, steps: list[int] | None = None, digits: int = 6,
                    math: str = "text") -> str:
        """Markdown; ``math="text"`` (unicode, code spans) or ``"latex"`` (``$…$``)."""
        from chainrule.explain.render_markdown import render_markdown

        return render_markdown(self.document(steps, digits), math=math)

    def to_latex(self, steps: list[int] | None = None, digits: int = 6,
                 standalone: bool = False) -> str:
        """LaTeX: a fragment, or a whole document with ``standalone=True``."""
        from chainrule.explain.render_latex import render_latex

        return render_latex(self.document(steps, digits), standalone=standalone)

    def to_html(self, steps: list[int] | None = None, digits: int = 6,
                standalone: bool = True) -> str:
        """A self-contained HTML page (MathML, inline CSS, no scripts), or a fragment."""
        from chainrule.explain.render_html import render_html

        return render_html(self.document(steps, digits), standalone=standalone)

    def to_rich(self, steps: list[int] | None = None, digits: int = 6) -> Any:
        """A rich renderable (``rich.console.Group``) for a terminal."""
        from chainrule.explain.render_rich import render_rich

        return render_rich(self.document(steps, digits))

    def to_dict(self, steps: list[int] | None = None) -> dict[str, Any]:
        """JSON-ready data: network, losses, final parameters, and the chosen steps in full."""
        return {
            "network": self.network.to_dict(),
            "steps": [{"step": s.step, "loss": s.loss, "parameters": dict(s.parameters)}
                      for s in self.steps],
            "final_parameters": dict(self.final_parameters), "final_loss": self.final_loss,
            "details": [self.detail(k).to_dict() for k in (steps or [1])],
        }

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html(standalone=False)

    def __repr__(self) -> str:
        return (f"Explanation({self.network.name!r}, steps={len(self.steps)}, "
                f"loss {self.steps[0].loss:.6g} → {self.final_loss:.6g})")


def explain(network: Network, steps: int = 1) -> Explanation:
    """Train ``network`` for ``steps`` steps of gradient descent and explain them.

    Each step builds the forward graph from the current parameters, backpropagates, and
    updates every parameter that is not frozen: p⁺ = p − η·∂E/∂p. Over a batch, E is the
    mean of the samples' losses.

    Parameters
    ----------
    network : Network
    steps : int
        Number of updates (≥ 1).

    Returns
    -------
    Explanation
        Data only; render it with its ``to_*`` methods.
    """
    if not isinstance(network, Network):
        raise ConfigError(f"explain: network must be a Network; got {type(network).__name__}")
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1:
        raise ConfigError(f"explain: steps must be an integer ≥ 1; got {steps!r}")
    params = network.parameters()
    summaries = []
    first = read_step(build_graph(network), 1)
    for k in range(1, int(steps) + 1):
        if k == 1:
            loss, grads = first.loss, first.grads
        else:
            leaves = {n: Value(v) for n, v in params.items()}
            graph = build_graph(network, leaves)
            graph.root.backward()
            loss, grads = graph.root.data, {n: leaf.grad for n, leaf in leaves.items()}
        summaries.append(StepSummary(k, loss, dict(params)))
        params = {n: v if n in network.frozen else v - network.learning_rate * grads[n]
                  for n, v in params.items()}
    final = build_graph(network, {n: Value(v) for n, v in params.items()}).root.data
    return Explanation(network, tuple(summaries), params, final, first)


__all__ = ["Explanation", "StepSummary", "explain"]
