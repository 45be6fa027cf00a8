"""The one door from exercises to :mod:`chainrule.explain` (and its learner-value reader).

Every use of explain by the exercise package goes through these functions, so a rename in
explain/ is a one-line fix here. Networks travel as plain dicts (``Network.to_dict()``), which
is also how a key file stores them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chainrule.explain import BackpropCheck, Explanation, Network, check_backprop, explain
from chainrule.explain.checking.learner import Written, parse_key, read_values
from chainrule.explain.render.notation import latex_name


def network(data: Mapping[str, Any], source: str = "exercise network") -> Network:
    """The :class:`~chainrule.explain.Network` described by ``data`` (validated there)."""
    return Network.from_dict(dict(data), source=source)


def explanation(data: Mapping[str, Any]) -> Explanation:
    """One explained training step of the network ``data``: values, gradients, updates and
    every chain-rule line (``.to_markdown/.to_html/.to_latex``)."""
    return explain(network(data))


def step(data: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, float],
                                           dict[str, float]]:
    """(forward values, ∂E/∂node, updated parameters) of the first step, by node name."""
    detail = explanation(data).detail(1)
    updates = {u.name: u.new for u in detail.updates}
    return dict(detail.values), dict(detail.grads), updates


def lines(data: Mapping[str, Any]) -> dict[str, str]:
    """How each quantity of the first step is computed, as a line a student can follow:
    ``y1 = x1·w1 + x2·w3 + c1``; ``∂E/∂w1 = ∂E/∂y1 · x1``; ``w1⁺ = w1 − η·∂E/∂w1``; keyed by
    node name, ``d:name`` for gradients and ``u:name`` for updates."""
    detail = explanation(data).detail(1)
    out = {r.name: f"{r.name} = {r.formula()}" for r in (*detail.forward, *detail.errors)}
    for name in detail.parameter_order:
        paths = detail.derivation(name).paths
        terms = " + ".join(f"∂E/∂{p.via} · {p.local.text}" for p in paths)
        out[f"d:{name}"] = f"∂E/∂{name} = {terms}"
        out[f"u:{name}"] = f"{name}⁺ = {name} − η·∂E/∂{name}"
    return out


def order(data: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(forward nodes, loss nodes, parameters) in the order the walkthrough computes them."""
    detail = explanation(data).detail(1)
    return (tuple(r.name for r in detail.forward), tuple(r.name for r in detail.errors),
            tuple(detail.parameter_order))


def judge(data: Mapping[str, Any], learner: Mapping[str, Any]) -> BackpropCheck:
    """Check-my-work on ``learner`` (key → value, as written) for the network ``data``: each
    value judged from the learner's own upstream values, so a slip is blamed once."""
    return check_backprop(network(data), dict(learner))


def as_written(values: Mapping[str, Any], source: str) -> dict[str, Written]:
    """The values with the tolerance their writing implies (``0.59`` → ±0.005)."""
    return read_values(values, source)


def key_kind(key: str) -> tuple[str, str, str | None]:
    """What an answer key means: (kind — value, gradient, local, update —, node, wrt)."""
    k = parse_key(key)
    return k.kind, k.node, k.wrt


__all__ = ["as_written", "explanation", "judge", "key_kind", "latex_name", "lines", "network",
           "order", "step"]
