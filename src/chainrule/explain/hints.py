"""Known slips, recognised: each hint recomputes the quantity *with the slip* and compares.

A hint is given only for a value that is wrong by the learner's own upstream values, and only
when the slipped computation reproduces the learner's number within its tolerance:

* the logistic function with the sign of the exponent flipped, 1/(1 + e^{+x}) = 1 − σ(x);
* a wrong input (or parameter) value — solving the net input for the one operand that makes
  it fit, and naming it when that value also fits the learner's other values;
* a missing path in a sum ∂E/∂y = Σᵤ ∂E/∂u · ∂u/∂y;
* updated weights used too early (in the same backward pass);
* a factor 2 too many or missing (the ½ of ½(t − o)², the 2 of a square);
* a flipped sign (t − o instead of o − t);
* an update that adds the gradient, forgets η, or moves a frozen parameter.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from chainrule.explain.graph import Graph
from chainrule.explain.judge import EnvKey, Item, local_fn, safe
from chainrule.explain.notation import fmt
from chainrule.explain.records import StepDetail


@dataclass
class Context:
    """What the hints may read: the graph, the learner's environment, all items."""

    graph: Graph
    detail: StepDetail
    env: dict[EnvKey, float]
    items: Sequence[Item]
    updated: dict[str, float]


def close(item: Item, candidate: float) -> bool:
    """The learner's number equals ``candidate`` within its tolerance and rounding slack."""
    if not math.isfinite(candidate):
        return False
    eps = 1e-12 + 1e-9 * abs(candidate)
    return abs(item.given - candidate) <= item.tolerance + item.slack + eps


def _distinct(item: Item, candidate: float) -> bool:
    return abs(candidate - item.local) > 2 * (item.tolerance + item.slack) + 1e-12


def flipped_sigmoid(item: Item, ctx: Context) -> str | None:
    if item.kind != "value" or item.op != "sigmoid":
        return None
    x = ctx.env[item.inputs[0]]
    flipped = 1.0 - item.local
    if not close(item, flipped):
        return None
    name = item.inputs[0][1]
    return (f"{item.node} = {fmt(item.given)} is 1 − σ({fmt(x)}) = 1/(1 + e^(+{fmt(x)})): the "
            f"sign of the exponent is flipped. The logistic function is σ({name}) = "
            f"1/(1 + e^(−{name})) = {fmt(item.local)}.")


def wrong_input(item: Item, ctx: Context) -> str | None:
    if item.kind != "value" or item.op != "linear" or item.compute is None:
        return None
    best: tuple[tuple[int, bool], str] | None = None
    for key in item.inputs:
        leaf = ctx.graph.nodes[key[1]]
        if leaf.kind not in ("input", "weight", "bias"):
            continue
        env = dict(ctx.env)
        env[key] += 1.0
        slope = safe(item.compute, env) - item.local
        if not slope:
            continue
        solved = ctx.env[key] + (item.given - item.local) / slope
        confirmed, refuted = [], False
        for other in ctx.items:
            if other is item or other.kind != "value" or key not in other.inputs:
                continue
            env = dict(ctx.env)
            env[key] = solved
            if close(other, safe(other.compute, env)):  # type: ignore[arg-type]
                confirmed.append(other.node)
            else:
                refuted = True
        is_input = leaf.kind == "input"
        if refuted or not (is_input or confirmed):
            continue
        text = (f"{item.node} = {fmt(item.given)} is what {leaf.name} = {fmt(solved)} gives "
                f"(you used {leaf.name} = {fmt(ctx.env[key])})")
        if confirmed:
            text += f"; {leaf.name} = {fmt(solved)} also makes {', '.join(confirmed)} consistent"
        text = ("A wrong input value? " if is_input else f"A wrong value of {leaf.name}? ") + text
        score = (len(confirmed), is_input)
        if best is None or score > best[0]:
            best = (score, text + ".")
    return best[1] if best else None


def missing_path(item: Item, ctx: Context) -> str | None:
    uses = ctx.graph.uses.get(item.node, [])
    if item.kind != "gradient" or not 2 <= len(uses) <= 10:
        return None
    terms = []
    for consumer, index in uses:
        f, _ = local_fn(ctx.graph, consumer, index)
        terms.append((consumer.name, ctx.env[("g", consumer.name)] * safe(f, ctx.env)))
    for size in range(1, len(terms)):
        for subset in itertools.combinations(terms, size):
            if close(item, math.fsum(v for _, v in subset)) and _distinct(item, math.fsum(
                    v for _, v in subset)):
                kept = {n for n, _ in subset}
                missing = [n for n, _ in terms if n not in kept]
                return (f"{item.quantity} adds up only the path(s) through {', '.join(kept)}; "
                        f"{item.node} also reaches the loss through {', '.join(missing)}, and "
                        f"every path counts: the sum over all of them is {fmt(item.local)}.")
    return None


def updated_too_early(item: Item, ctx: Context) -> str | None:
    if item.kind not in ("value", "gradient", "local") or item.compute is None:
        return None
    candidates = [k[1] for k in dict.fromkeys(item.inputs) if k[0] == "v"
                  and k[1] in ctx.updated]
    used = []
    for name in candidates:  # keep the parameters this quantity actually depends on
        env = dict(ctx.env)
        env[("v", name)] = ctx.updated[name]
        if abs(safe(item.compute, env) - item.local) > 1e-15:
            used.append(name)
    if not used:
        return None
    env = dict(ctx.env)
    for name in used:
        env[("v", name)] = ctx.updated[name]
    alt = safe(item.compute, env)
    if not (_distinct(item, alt) and close(item, alt)):
        return None
    return (f"{item.quantity} = {fmt(item.given)} uses the updated {', '.join(used)}; the "
            f"backward pass uses the weights of the forward pass, and every update comes after "
            f"all the gradients: {fmt(item.local)}.")


def factor_or_sign(item: Item, ctx: Context) -> str | None:
    for scale, text in ((2.0, "twice the right value: a factor 2 too many (an extra 2, or a ½ "
                              "left out)"),
                        (0.5, "half the right value: a factor 2 missing (a 2 left out, or an "
                              "extra ½)"),
                        (-1.0, "the right value with the sign flipped (e.g. target − output "
                               "instead of output − target)")):
        alt = scale * item.local
        if _distinct(item, alt) and close(item, alt):
            return f"{item.quantity} = {fmt(item.given)} is {text}: {fmt(item.local)}."
    return None


def update_slips(item: Item, ctx: Context) -> str | None:
    if item.kind != "update":
        return None
    v, g = ctx.env[("v", item.node)], ctx.env[("g", item.node)]
    rate = ctx.detail.learning_rate
    if item.extra.get("frozen"):
        return f"{item.node} is frozen (not updated): {item.node}⁺ = {item.node} = {fmt(v)}."
    for alt, text in ((v + rate * g, "adds η·∂E/∂p; gradient descent subtracts it"),
                      (v - g, "leaves out the learning rate η"),
                      (v + g, "adds the gradient and leaves out η")):
        if _distinct(item, alt) and close(item, alt):
            return (f"{item.quantity} = {fmt(item.given)} {text}: p⁺ = p − η·∂E/∂p = "
                    f"{fmt(item.local)}.")
    return None


HINTS = (flipped_sigmoid, wrong_input, missing_path, updated_too_early, update_slips,
         factor_or_sign)


def hint(item: Item, ctx: Context) -> str | None:
    """The first known slip that reproduces the learner's number, as a sentence."""
    for h in HINTS:
        text = h(item, ctx)
        if text:
            return text
    return None


__all__ = ["HINTS", "Context", "close", "hint"]
