"""Known slips, recognised: each hint recomputes the quantity *with the slip* and compares.

A hint is given only for a value that is wrong by the learner's own upstream values, and only
when the slipped computation reproduces the learner's number within its tolerance:

* the logistic function with the sign of the exponent flipped, 1/(1 + e^{+x}) = 1 − σ(x);
* a wrong input (or parameter) value — solving the net input for the one operand that makes
  it fit, and naming it only when that value also fits the learner's other values, or when a
  recognisable slip (the decimal point moved, the sign flipped) reproduces the number;
* a missing path in a sum ∂E/∂y = Σᵤ ∂E/∂u · ∂u/∂y;
* updated weights used too early (in the same backward pass);
* a factor 2 too many or missing (the ½ of ½(t − o)², the 2 of a square);
* a flipped sign (t − o instead of o − t);
* a forgotten activation derivative (σ′, ReLU′ …): ∂E/∂z written as ∂E/∂a;
* a transposed weight index: ∂E/∂w_ji for w_ij, or W δ instead of Wᵀ δ;
* an update that adds the gradient, forgets η, uses another η, is not applied (the old
  weight), or moves a frozen parameter.

Every hint names the slip and the value the slip gives, beside the right one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from chainrule import rules
from chainrule.explain.checking.judge import EnvKey, Item, local_fn, safe
from chainrule.explain.render.notation import fmt
from chainrule.explain.walk.graph import Graph, Node
from chainrule.explain.walk.records import StepDetail


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


def verdict(item: Item) -> tuple[str, float | None]:
    """The verdict on one judged quantity and the value it was judged against.

    A given value is "right" or "differs"; any other is "right" when it equals the truth
    within its tolerance, "carried" when it follows from the learner's own upstream values
    (``item.local``: an earlier slip carried forward, not a new one), else "wrong".
    """
    matches = abs(item.given - item.true) <= item.tolerance + 1e-12 + 1e-9 * abs(item.true)
    if item.kind == "given":
        return ("right" if matches else "differs"), None
    return ("right" if matches else "carried" if close(item, item.local) else "wrong"), item.local


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
    return (f"{item.node} = {fmt(item.given)} is 1 − σ({fmt(x)}) = 1/(1 + e^(+{fmt(x)})) = "
            f"{fmt(flipped)}: the sign of the exponent is flipped. The logistic function is "
            f"σ({name}) = 1/(1 + e^(−{name})) = {fmt(item.local)}.")


def _others(item: Item, ctx: Context, key: EnvKey, value: float) -> tuple[list[str], bool]:
    """(the learner's other values that ``key = value`` makes consistent, whether any it feeds
    is then inconsistent)."""
    confirmed, refuted = [], False
    for other in ctx.items:
        if other is item or other.kind != "value" or key not in other.inputs:
            continue
        env = dict(ctx.env)
        env[key] = value
        if close(other, safe(other.compute, env)):  # type: ignore[arg-type]
            confirmed.append(other.node)
        else:
            refuted = True
    return confirmed, refuted


def _recognised(item: Item, ctx: Context, key: EnvKey) -> tuple[float, str] | None:
    """A value a learner plausibly wrote for ``key`` — its own with the decimal point moved or
    the minus sign dropped (or added) — that, recomputed, reproduces the learner's number."""
    own = ctx.env[key]
    slips = [(own * f, "a misplaced decimal point") for f in (10.0, 0.1, 100.0, 0.01)]
    slips.append((-own, "the sign flipped"))
    for value, why in slips:
        if value == own:
            continue
        env = dict(ctx.env)
        env[key] = value
        if close(item, safe(item.compute, env)):  # type: ignore[arg-type]
            return value, why
    return None


def wrong_input(item: Item, ctx: Context) -> str | None:
    """A wrong input or parameter value. Any wrong net input is "what *some* value of an
    operand gives", so that alone proves nothing: the slip is claimed only when the solved
    value also makes another of the learner's values consistent, or when it is a recognisable
    slip (the decimal point moved, the sign flipped) that, recomputed, reproduces the
    learner's number."""
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
        confirmed, refuted = _others(item, ctx, key, solved)
        why = ""
        if refuted or not confirmed:
            found = _recognised(item, ctx, key)
            if found is None:
                continue
            solved, why = found
            confirmed, refuted = _others(item, ctx, key, solved)
            if refuted:
                continue
            why = f": {why}"
        is_input = leaf.kind == "input"
        text = (f"{item.node} = {fmt(item.given)} is what {leaf.name} = {fmt(solved)} gives "
                f"(you used {leaf.name} = {fmt(ctx.env[key])}{why})")
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
                kept = [n for n, _ in subset]
                missing = [n for n, _ in terms if n not in kept]
                partial = math.fsum(v for _, v in subset)
                return (f"{item.quantity} adds up only the path(s) through {', '.join(kept)} "
                        f"(= {fmt(partial)}): a forgotten sum over paths. {item.node} also "
                        f"reaches the loss through {', '.join(missing)}, and every path counts: "
                        f"the sum over all of them is {fmt(item.local)}.")
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
    return (f"{item.quantity} = {fmt(item.given)} uses the updated {', '.join(used)} (which "
            f"gives {fmt(alt)}): an updated weight where the old one belongs. The backward pass "
            f"uses the weights of the forward pass, and every update comes after all the "
            f"gradients: {fmt(item.local)}.")


def factor_or_sign(item: Item, ctx: Context) -> str | None:
    for scale, text in ((2.0, "twice the right value: a factor 2 too many (an extra 2, or a ½ "
                              "left out)"),
                        (0.5, "half the right value: a factor 2 missing (a 2 left out, or an "
                              "extra ½)"),
                        (-1.0, "the right value with the sign flipped (e.g. target − output "
                               "instead of output − target)")):
        alt = scale * item.local
        if _distinct(item, alt) and close(item, alt):
            return (f"{item.quantity} = {fmt(item.given)} is {text}; that slip gives "
                    f"{fmt(alt)}, the right value is {fmt(item.local)}.")
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
                      (v + g, "adds the gradient and leaves out η"),
                      (v, f"is the old {item.node}: the update was not applied (an old weight "
                          "where the updated one belongs)")):
        if _distinct(item, alt) and close(item, alt):
            return (f"{item.quantity} = {fmt(item.given)} {text} (that gives {fmt(alt)}): "
                    f"p⁺ = p − η·∂E/∂p = {fmt(item.local)}.")
    return None


def wrong_rate(item: Item, ctx: Context) -> str | None:
    """The update p − η′·∂E/∂p with a learning rate η′ other than the network's."""
    if item.kind != "update" or item.extra.get("frozen"):
        return None
    v, g = ctx.env[("v", item.node)], ctx.env[("g", item.node)]
    rate = ctx.detail.learning_rate
    if not g:
        return None
    solved = (v - item.given) / g
    if not solved > 0:
        return None
    eta = float(f"{solved:.2g}")  # a learning rate a learner would write
    alt = v - eta * g
    if math.isclose(eta, rate, rel_tol=1e-9) or not (_distinct(item, alt) and close(item, alt)):
        return None
    return (f"{item.quantity} = {fmt(item.given)} uses the learning rate η = {fmt(eta)} (that "
            f"gives {fmt(alt)}): the wrong learning rate. This network's is η = {fmt(rate)}: "
            f"{fmt(v)} − {fmt(rate)}·{fmt(g)} = {fmt(item.local)}.")


def _prime(op: str) -> str | None:
    """σ′, ReLU′, tanh′… for an activation op (a rule-table activation or softmax)."""
    if op == "explain.softmax":
        return "softmax′"
    row = rules.ACTIVATIONS.get(op)
    return f"{row.symbol}′" if row is not None and row.name != "identity" else None


def forgot_activation(item: Item, ctx: Context) -> str | None:
    """∂E/∂z written as ∂E/∂a (or ∂E/∂w computed from ∂E/∂a): the factor φ′(z) left out."""
    if item.kind != "gradient" or item.node not in ctx.graph.nodes:
        return None
    node = ctx.graph.nodes[item.node]
    uses = ctx.graph.uses.get(node.name, [])

    def act_of(n: Node) -> Node | None:
        used = ctx.graph.uses.get(n.name, [])
        if len(used) == 1 and _prime(used[0][0].value.op.name):
            return used[0][0]
        return None

    if node.kind == "net":
        act = act_of(node)
        if act is None:
            return None
        alt, acts, where = ctx.env[("g", act.name)], [act], [node]
    else:
        if not uses or any(c.kind != "net" or act_of(c) is None for c, _ in uses):
            return None
        alt, acts, where = 0.0, [], []
        for consumer, index in uses:
            act = act_of(consumer)
            assert act is not None
            f, _ = local_fn(ctx.graph, consumer, index)
            alt += ctx.env[("g", act.name)] * safe(f, ctx.env)
            acts.append(act)
            where.append(consumer)
    if not (_distinct(item, alt) and close(item, alt)):
        return None
    factors = []
    for act, z in zip(acts, where):
        f, _ = local_fn(ctx.graph, act, 0)
        factors.append(f"{_prime(act.value.op.name)}({z.name}) = {fmt(safe(f, ctx.env))}")
    return (f"{item.quantity} = {fmt(item.given)} leaves out the activation's derivative "
            f"{', '.join(factors)} (without it: {fmt(alt)}): a forgotten "
            f"{_prime(acts[0].value.op.name)}. The chain goes through the activation, "
            f"∂E/∂{where[0].name} = ∂E/∂{acts[0].name} · ∂{acts[0].name}/∂{where[0].name}; "
            f"with it, {item.quantity} = {fmt(item.local)}.")


def _layer_position(ctx: Context, name: str) -> tuple[int, int, int] | None:
    """(layer k, row j, column i) of weight ``name`` (0-based k)."""
    for k, layer in enumerate(ctx.graph.network.layers):
        for j, row in enumerate(layer.weight_names or ()):
            if name in row:
                return k, j, list(row).index(name)
    return None


def transposed_index(item: Item, ctx: Context) -> str | None:
    """A weight's indices swapped: ∂E/∂w_ji (or its update) given for w_ij, or a backward sum
    Σⱼ δⱼ·w taken along a row of W (W δ) instead of a column (Wᵀ δ)."""
    net = ctx.graph.network
    env = ctx.env
    if item.kind in ("gradient", "update"):
        pos = _layer_position(ctx, item.node)
        if pos is not None:
            k, j, i = pos
            names = net.layers[k].weight_names
            if i < len(names) and j < len(names[i]) and names[i][j] != item.node:
                other = names[i][j]
                alt = env[("g", other)] if item.kind == "gradient" else (
                    env[("v", other)] - ctx.detail.learning_rate * env[("g", other)])
                if _distinct(item, alt) and close(item, alt):
                    what = "∂E/∂" if item.kind == "gradient" else ""
                    return (f"{item.quantity} = {fmt(item.given)} is {what}{other}"
                            f"{'⁺' if item.kind == 'update' else ''} = {fmt(alt)}: a transposed "
                            f"weight index ({item.node} joins input {i + 1} to neuron {j + 1}, "
                            f"{other} input {j + 1} to neuron {i + 1}); the right value is "
                            f"{fmt(item.local)}.")
    if item.kind != "gradient":
        return None
    for k, layer in enumerate(net.layers):
        feeding = net.input_names if k == 0 else net.layers[k - 1].out_names
        if item.node not in (feeding or ()):
            continue
        i = list(feeding).index(item.node)
        if i >= layer.units or layer.fan_in > layer.units:
            return None
        names = layer.weight_names
        alt = math.fsum(env[("g", layer.net_names[j])] * env[("v", names[i][j])]
                        for j in range(min(layer.units, layer.fan_in)))
        if _distinct(item, alt) and close(item, alt):
            used = ", ".join(names[i][j] for j in range(layer.fan_in))
            right = ", ".join(names[j][i] for j in range(layer.units))
            return (f"{item.quantity} = {fmt(item.given)} sums the deltas times {used} (that "
                    f"gives {fmt(alt)}): a transposed weight index, W δ instead of Wᵀ δ. "
                    f"{item.node} reaches the next layer through {right}: {fmt(item.local)}.")
    return None


HINTS = (flipped_sigmoid, wrong_input, forgot_activation, missing_path, transposed_index,
         updated_too_early, update_slips, wrong_rate, factor_or_sign)


def hint(item: Item, ctx: Context) -> str | None:
    """The first known slip that reproduces the learner's number, as a sentence."""
    for h in HINTS:
        text = h(item, ctx)
        if text:
            return text
    return None


__all__ = ["HINTS", "Context", "close", "forgot_activation", "hint", "transposed_index",
           "wrong_rate"]
