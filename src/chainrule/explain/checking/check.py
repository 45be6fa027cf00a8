"""Check my work: judge a learner's hand calculation of one training step.

Each value is judged twice:

* **locally** — recomputed from the learner's *own* upstream values (``local``), allowing for
  the precision they wrote (``tolerance``, half a unit of the last digit) and for the rounding
  of the values it was computed from (``slack``). One early slip therefore does not make
  everything after it wrong: later values that follow correctly from it are ``carried``;
* **against the truth** — the network's exact value (``true``).

Verdicts: ``right`` (both), ``carried`` (follows from the learner's values but differs from the
truth because of an earlier slip), ``wrong`` (does not follow from the learner's own values; a
hint names the slip when it is a known one, see :mod:`~chainrule.explain.checking.hints`),
``differs`` (a
given — input, weight, target — that is not the network's).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chainrule.errors import ConfigError
from chainrule.explain.checking import hints as hx
from chainrule.explain.checking.judge import learner_world
from chainrule.explain.checking.learner import Written, load_learner, parse_key, read_values
from chainrule.explain.model.network import Network
from chainrule.explain.walk.graph import build_graph
from chainrule.explain.walk.walkthrough import read_step

VERDICTS = ("right", "carried", "wrong", "differs")


@dataclass(frozen=True)
class Judgement:
    """The verdict on one value the learner wrote."""

    key: str
    quantity: str
    kind: str
    given: float
    tolerance: float
    local: float | None
    slack: float
    true: float
    verdict: str
    hint: str | None = None

    @property
    def ok(self) -> bool:
        """True unless the verdict is ``wrong`` or ``differs``."""
        return self.verdict in ("right", "carried")


class BackpropCheck:
    """All judgements, in working order, and the keys that named nothing."""

    def __init__(self, network: Network, judgements: tuple[Judgement, ...],
                 unknown: tuple[tuple[str, str | None], ...]) -> None:
        self.network = network
        self.judgements = judgements
        self.unknown = unknown

    def __iter__(self) -> Any:
        return iter(self.judgements)

    def __getitem__(self, key: str) -> Judgement:
        for j in self.judgements:
            if key in (j.key, j.quantity):
                return j
        raise KeyError(key)

    @property
    def first_wrong(self) -> Judgement | None:
        """The first value that does not follow from the learner's own values."""
        return next((j for j in self.judgements if j.verdict == "wrong"), None)

    def with_verdict(self, verdict: str) -> tuple[Judgement, ...]:
        """The judgements with ``verdict``."""
        return tuple(j for j in self.judgements if j.verdict == verdict)

    @property
    def all_right(self) -> bool:
        """Every value is right (and every key was understood)."""
        return not self.unknown and all(j.verdict == "right" for j in self.judgements)

    def document(self, digits: int = 6) -> Any:
        """The renderer-neutral document."""
        from chainrule.explain.render.check_document import check_document

        return check_document(self, digits)

    def to_markdown(self, digits: int = 6, math: str = "text") -> str:
        """Markdown (see :func:`~chainrule.explain.render.render_markdown.render_markdown`)."""
        from chainrule.explain.render.render_markdown import render_markdown

        return render_markdown(self.document(digits), math=math)

    def to_latex(self, digits: int = 6, standalone: bool = False) -> str:
        """LaTeX (a fragment, or a whole document)."""
        from chainrule.explain.render.render_latex import render_latex

        return render_latex(self.document(digits), standalone=standalone)

    def to_html(self, digits: int = 6, standalone: bool = True) -> str:
        """A self-contained HTML page (or a fragment)."""
        from chainrule.explain.render.render_html import render_html

        return render_html(self.document(digits), standalone=standalone)

    def to_rich(self, digits: int = 6) -> Any:
        """A rich renderable."""
        from chainrule.explain.render.render_rich import render_rich

        return render_rich(self.document(digits))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        first = self.first_wrong
        return {"network": self.network.name, "all_right": self.all_right,
                "first_wrong": first.quantity if first else None,
                "judgements": [j.__dict__.copy() for j in self.judgements],
                "unknown": [{"key": k, "did_you_mean": s} for k, s in self.unknown]}

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        return self.to_html(standalone=False)

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(self.with_verdict(v))} {v}" for v in VERDICTS)
        return f"BackpropCheck({self.network.name!r}: {counts})"


def _sort(values: dict[str, Written], names: set[str], loss_names: tuple[str, ...]) -> tuple[
        dict[str, dict[Any, Written]], list[tuple[str, str | None]]]:
    buckets: dict[str, dict[Any, Written]] = {"value": {}, "gradient": {}, "local": {},
                                              "update": {}}
    unknown = []
    for key, w in values.items():
        k = parse_key(key, loss_names)
        known = k.node in names and (k.wrt is None or k.wrt in names)
        if not known:
            guess = difflib.get_close_matches(k.node, sorted(names), n=1)
            unknown.append((key, guess[0] if guess else None))
            continue
        slot = (k.node, k.wrt) if k.kind == "local" else k.node
        buckets[k.kind][slot] = w
    return buckets, unknown


def check_backprop(network: Network | str | Path | None,
                   learner: Mapping[str, Any] | str | Path) -> BackpropCheck:
    """Judge a learner's values for the first step of ``network``.

    Parameters
    ----------
    network : Network, path of a network file, or None
        None: the learner file names it (``network = "seed000.toml"``).
    learner : mapping of key to number, or path of a learner file (TOML)
        Keys as in :mod:`chainrule.explain.checking.learner` (``y1``, ``"dE/dw5"``, ``"w5+"``…).

    Returns
    -------
    BackpropCheck
    """
    ref = None
    if isinstance(learner, (str, Path)):
        values, ref = load_learner(learner)
    else:
        values = read_values(learner)
    if network is None:
        if ref is None:
            raise ConfigError("check_backprop: no network given, and the learner values name none "
                              "(add network = \"file.toml\" to the learner file)")
        network = ref
    if isinstance(network, (str, Path)):
        from chainrule.explain.families import load_file

        network = load_file(network) or Network.from_toml(network)
    from chainrule.explain.families import is_family_network

    if is_family_network(network):  # a conv2d or rnn network checks itself
        return network.check(values)
    if not isinstance(network, Network):
        raise ConfigError(f"check_backprop: network must be a Network or a file; got "
                          f"{type(network).__name__}")
    graph = build_graph(network)
    detail = read_step(graph, 1)
    loss_names = (detail.loss_name, network.loss.name)
    buckets, unknown = _sort(values, set(graph.nodes), loss_names)
    items, env, _ = learner_world(graph, detail, buckets["value"], buckets["gradient"],
                                  buckets["local"], buckets["update"])
    updated = {u.name: (buckets["update"][u.name].value if u.name in buckets["update"] else u.new)
               for u in detail.updates if not u.frozen}
    ctx = hx.Context(graph, detail, env, items, updated)
    judgements = []
    for item in items:
        # A value equal to the truth is never wrong; when it does not follow from the
        # learner's own upstream values, the hint says why (an earlier slip, undone).
        verdict, local = hx.verdict(item)
        hint = None
        if verdict == "wrong":
            hint = hx.hint(item, ctx)
        elif verdict == "right" and item.kind != "given" and not hx.close(item, item.local):
            found = hx.hint(item, ctx)
            hint = ("Right, though it does not follow from your own values above"
                    + (f": {found}" if found else "."))
        judgements.append(Judgement(item.key, item.quantity, item.kind, item.given,
                                    item.tolerance, local, item.slack, item.true, verdict, hint))
    return BackpropCheck(network, tuple(judgements), tuple(unknown))


__all__ = ["VERDICTS", "BackpropCheck", "Judgement", "check_backprop"]
