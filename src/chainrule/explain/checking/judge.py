"""The learner's world: every quantity recomputed from the learner's own upstream values.

An *environment* maps ``("v", name)`` to a forward value and ``("g", name)`` to ∂E/∂name. In
the learner's environment a quantity the learner wrote is taken as written (± its tolerance),
and one they did not write is computed from the ones before it — so one early slip is carried
forward, not blamed again downstream. Each quantity is an :class:`Item` whose ``compute(env)``
is the op table's own forward or local derivative applied to the environment, and whose
``inputs`` are the environment keys it reads (their uncertainties give the rounding slack).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chainrule.explain.checking.learner import Written
from chainrule.explain.walk.graph import Graph, Node
from chainrule.explain.walk.records import StepDetail
from chainrule.rules import FLOAT

EnvKey = tuple[str, str]
Env = Mapping[EnvKey, float]


@dataclass
class Item:
    """One judged quantity; ``local`` and ``slack`` are filled in by :func:`learner_world`."""

    key: str
    quantity: str
    kind: str
    node: str
    given: float
    tolerance: float
    true: float
    inputs: list[EnvKey] = field(default_factory=list)
    compute: Callable[[Env], float] | None = None
    op: str | None = None
    local: float = math.nan
    slack: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def safe(f: Callable[[Env], float], env: Env) -> float:
    """``f(env)``, or NaN where the learner's numbers are outside an op's domain."""
    try:
        return float(f(env))
    except (ArithmeticError, ValueError):
        return math.nan


def slack_of(f: Callable[[Env], float], env: dict[EnvKey, float], keys: list[EnvKey],
             unc: Mapping[EnvKey, float]) -> tuple[float, float]:
    """(f(env), Σₖ max |f(env ± uₖ eₖ) − f(env)|): the value and its rounding allowance."""
    base = safe(f, env)
    total = 0.0
    for k in dict.fromkeys(keys):
        u = unc.get(k, 0.0)
        if not u:
            continue
        saved = env[k]
        moved = []
        for x in (saved + u, saved - u):
            env[k] = x
            moved.append(abs(safe(f, env) - base))
        env[k] = saved
        total += max(moved)
    return base, total


def forward_fn(graph: Graph, node: Node) -> tuple[Callable[[Env], float], list[EnvKey]]:
    """The node's op on the environment's operand values."""
    op = node.value.op
    keys = [("v", graph.node_of(p).name) for p in node.value.parents]
    return (lambda env: op.forward(*(env[k] for k in keys))), keys


def local_fn(graph: Graph, consumer: Node, index: int) -> tuple[Callable[[Env], float],
                                                               list[EnvKey]]:
    """∂consumer/∂operand ``index`` by the op table, at the environment's values."""
    op = consumer.value.op
    keys = [("v", graph.node_of(p).name) for p in consumer.value.parents]
    out = ("v", consumer.name)

    def f(env: Env) -> float:
        return float(op.local(FLOAT, *(env[k] for k in keys), env[out])[index])

    return f, [*keys, out]


def grad_fn(graph: Graph, node: Node) -> tuple[Callable[[Env], float], list[EnvKey]]:
    """∂E/∂node = Σ over uses u of ∂E/∂u · ∂u/∂node, at the environment's values."""
    parts = []
    keys: list[EnvKey] = []
    for consumer, index in graph.uses[node.name]:
        f, k = local_fn(graph, consumer, index)
        parts.append((("g", consumer.name), f))
        keys += [("g", consumer.name), *k]
    return (lambda env: math.fsum(env[g] * f(env) for g, f in parts)), keys


def learner_world(graph: Graph, detail: StepDetail, forward: dict[str, Written],
                  grads: dict[str, Written], locals_: dict[tuple[str, str], Written],
                  updates: dict[str, Written]) -> tuple[list[Item], dict[EnvKey, float],
                                                         dict[EnvKey, float]]:
    """Judge-ready items, with the learner's environment and its uncertainties.

    Items come in the order a learner works: given values, forward values, gradients (with
    any local derivatives of the same node) in backward order, then updates.
    """
    env: dict[EnvKey, float] = {}
    unc: dict[EnvKey, float] = {}
    givens, values, backward, ups = [], [], [], []
    nodes = list(graph.nodes.values())
    for node in nodes:
        key = ("v", node.name)
        w = forward.get(node.name)
        if node.value.is_leaf:
            env[key], unc[key] = (w.value, w.tolerance) if w else (node.value.data, 0.0)
            if w:
                givens.append(Item(w.key, node.name, "given", node.name, w.value, w.tolerance,
                                   node.value.data))
            continue
        f, keys = forward_fn(graph, node)
        local, slack = slack_of(f, env, keys, unc)
        if w:
            values.append(Item(w.key, node.name, "value", node.name, w.value, w.tolerance,
                               node.value.data, keys, f, node.value.op.name, local, slack))
            env[key], unc[key] = w.value, w.tolerance
        else:
            env[key], unc[key] = local, slack
    root = graph.node_of(graph.root).name
    loss = detail.loss_name
    for node in reversed(nodes):
        if node.kind in ("target", "constant"):
            continue
        key = ("g", node.name)
        for (out, wrt), w in locals_.items():
            if wrt == node.name and out in graph.nodes:
                consumer = graph.nodes[out]
                for c, index in graph.uses[node.name]:
                    if c is consumer:
                        f, keys = local_fn(graph, consumer, index)
                        local, slack = slack_of(f, env, keys, unc)
                        backward.append(Item(w.key, f"∂{out}/∂{wrt}", "local", node.name,
                                             w.value, w.tolerance, consumer.value.local_grads[
                                                 index], keys, f, consumer.value.op.name,
                                             local, slack))
                        break
        w = grads.get(node.name)
        if node.name == root:
            env[key], unc[key] = 1.0, 0.0
            local, slack, f, keys = 1.0, 0.0, None, []
        else:
            f, keys = grad_fn(graph, node)
            local, slack = slack_of(f, env, keys, unc)
        if w:
            backward.append(Item(w.key, f"∂{loss}/∂{node.name}", "gradient", node.name,
                                 w.value, w.tolerance, detail.grads[node.name], keys, f, None,
                                 local, slack))
            env[key], unc[key] = w.value, w.tolerance
        else:
            env[key], unc[key] = local, slack
    rate = detail.learning_rate
    for u in detail.updates:
        w = updates.get(u.name)
        if not w:
            continue
        v, g = ("v", u.name), ("g", u.name)
        frozen = u.frozen

        def step(e: Env, v: EnvKey = v, g: EnvKey = g, frozen: bool = frozen) -> float:
            return e[v] if frozen else e[v] - rate * e[g]

        local, slack = slack_of(step, env, [v, g], unc)
        ups.append(Item(w.key, f"{u.name}⁺", "update", u.name, w.value, w.tolerance, u.new,
                        [v, g], step, None, local, slack, {"frozen": frozen}))
    return givens + values + backward + ups, env, unc


__all__ = ["Env", "EnvKey", "Item", "forward_fn", "grad_fn", "learner_world", "local_fn",
           "safe", "slack_of"]
