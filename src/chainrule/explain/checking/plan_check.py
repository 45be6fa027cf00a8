"""Judge a learner's numbers against a family's plan of a step (conv2d, rnn).

A plan lists every quantity of step 1 in working order: ``rows`` of (kind, name, true value,
compute, inputs) — kind "given", "value", "gradient" or "update"; ``compute`` (None for a
given) recomputes the quantity from an environment of the learner's own earlier numbers, keyed
``("v", name)`` for values, ``("g", name)`` for gradients, ``("u", name)`` for updates — and
``meta[(kind, name)]``, what the family's slips read. :func:`judge_plan` walks it once: each
written number is judged by :func:`~chainrule.explain.checking.hints.verdict`, a wrong one gets
the family's hint.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chainrule.explain.checking import hints as hx
from chainrule.explain.checking.check import BackpropCheck, Judgement
from chainrule.explain.checking.judge import EnvKey, Item, slack_of
from chainrule.explain.checking.learner import Written, read_values

_SLOT = {"gradient": "g", "update": "u"}


@dataclass
class _Rate:
    learning_rate: float


class Context:
    """What a family's slips read: the learner's environment, the true values, the network and
    the plan of the step (``detail.learning_rate`` as the dense hints expect)."""

    def __init__(self, env: dict[EnvKey, float], truth: dict[EnvKey, float], net: Any,
                 plan: Any) -> None:
        self.env, self.truth, self.net, self.plan = env, truth, net, plan
        self.detail = _Rate(float(net.learning_rate))


def fits(item: Item, alt: float) -> bool:
    """The learner's number is ``alt`` (a slip's result), and ``alt`` is not the right value."""
    return abs(alt - item.local) > 2 * (item.tolerance + item.slack) + 1e-12 and \
        hx.close(item, alt)


def first_hint(hints: Sequence[Callable[[Item, Any], str | None]], item: Item,
               ctx: Any) -> str | None:
    """The sentence of the first slip in ``hints`` that reproduces the learner's number."""
    for h in hints:
        text = h(item, ctx)
        if text:
            return text
    return None


def judge_plan(net: Any, plan: Any, values: Mapping[str, Any],
               key: Callable[[str], tuple[str, str]],
               hint: Callable[[Item, dict[EnvKey, float], dict[EnvKey, float]], str | None]
               ) -> BackpropCheck:
    """The check of ``values`` (``{key: Written}``, or plain numbers) against ``plan``.

    ``key(text)`` reads a learner's key as (kind, name); ``hint(item, env, truth)`` names the
    slip behind a wrong number (or None). Unknown keys are listed with the closest known name.
    """
    if values and not all(isinstance(v, Written) for v in values.values()):
        values = read_values(values)
    known = {(kind if kind != "given" else "value", name): (kind, name)
             for kind, name, *_ in plan.rows}
    written: dict[tuple[str, str], Written] = {}
    unknown = []
    for text, w in values.items():
        kind, name = key(text)
        if (kind, name) not in known:
            guess = difflib.get_close_matches(name, sorted({n for _, n in known}), n=1)
            unknown.append((text, guess[0] if guess else None))
            continue
        written[known[(kind, name)]] = w
    env: dict[EnvKey, float] = {}
    unc: dict[EnvKey, float] = {}
    truth: dict[EnvKey, float] = {}
    items: list[Item] = []
    for kind, name, true, fn, inputs in plan.rows:
        slot: EnvKey = (_SLOT.get(kind, "v"), name)
        truth[slot] = true
        w = written.get((kind, name))
        local, slack = (true, 0.0) if fn is None else slack_of(fn, env, inputs, unc)
        env[slot] = w.value if w is not None else (true if fn is None else local)
        unc[slot] = w.tolerance if w is not None else 0.0
        if w is None:
            continue
        quantity = {"gradient": f"∂{plan.loss}/∂{name}", "update": f"{name}⁺"}.get(kind, name)
        items.append(Item(w.key, quantity, kind, name, w.value, w.tolerance, true, inputs, fn,
                          local=local, slack=slack, extra=plan.meta[(kind, name)]))
    judgements = []
    for item in items:
        verdict, local = hx.verdict(item)
        note = hint(item, env, truth) if verdict == "wrong" else None
        judgements.append(Judgement(item.key, item.quantity, item.kind, item.given,
                                    item.tolerance, local, item.slack, item.true, verdict, note))
    return BackpropCheck(net, tuple(judgements), tuple(unknown))  # type: ignore[arg-type]


__all__ = ["Context", "first_hint", "fits", "judge_plan"]
