"""The slips of backpropagation through time, recognised: each recomputes the quantity with
the slip, from the learner's own values, and names it when that gives their number.

* a shared weight's gradient with one time step's contribution only (the sum Σ_t left out —
  most often just the last step's, δ_T h_{T−1}ᵀ);
* h_t used where h_{t−1} belongs: ∂E/∂W_hh = Σ_t δ_t h_tᵀ;
* ∂E/∂h_{t−1} without W_hh, or with W_hh δ_t for W_hhᵀ δ_t (a transposed index);
* tanh′ forgotten (δ_t = ∂E/∂h_t), or written as 1 − h_{t−1}² or 1 − z_t² instead of
  1 − h_t²; the output activation's derivative forgotten;
* then the dense check's own: a factor 2 or the sign (:func:`~chainrule.explain.checking.hints.
  factor_or_sign`), and the update's slips (adds the gradient, leaves out η, another η, the old
  value: :func:`~chainrule.explain.checking.hints.update_slips`, ``wrong_rate``).
"""

from __future__ import annotations

from chainrule.explain.checking import hints as hx
from chainrule.explain.checking.judge import Item
from chainrule.explain.checking.plan_check import Context, first_hint, fits
from chainrule.explain.render.notation import fmt


def one_step_only(item: Item, ctx: Context) -> str | None:
    """A shared weight's gradient with a single time step's contribution."""
    terms = item.extra.get("terms")
    if item.kind != "gradient" or terms is None or ctx.net.steps < 2:
        return None
    parts = terms(ctx.env)
    for t in range(len(parts), 0, -1):
        alt = parts[t - 1]
        if fits(item, alt):
            which = "the last time step's" if t == len(parts) else f"time step {t}'s"
            return (f"{item.quantity} = {fmt(item.given)} is only {which} contribution "
                    f"({fmt(alt)}): {item.node.split('[')[0]} is used at every time step, so "
                    f"its gradient is the sum over t = 1 … {len(parts)} of the contributions: "
                    f"{fmt(item.local)}.")
    return None


def h_t_for_h_prev(item: Item, ctx: Context) -> str | None:
    """∂E/∂W_hh = Σ_t δ_t h_tᵀ: h_t where h_{t−1} belongs."""
    terms = item.extra.get("terms")
    if item.kind != "gradient" or terms is None or item.extra.get("symbol") != "W_hh":
        return None
    alt = sum(terms(ctx.env, shift=1))
    if fits(item, alt):
        return (f"{item.quantity} = {fmt(item.given)} multiplies each δ_t by h_t (that gives "
                f"{fmt(alt)}); z_t = … + W_hh h_{{t−1}} reads the previous hidden state, so "
                f"the sum is Σ_t δ_t h_{{t−1}}: {fmt(item.local)}.")
    return None


def tanh_prime(item: Item, ctx: Context) -> str | None:
    """δ_t without tanh′, or with tanh′ written as 1 − h_{t−1}² or 1 − z_t²."""
    meta = item.extra
    if item.kind != "gradient" or "h_prev" not in meta:
        return None
    up, t = ctx.env[meta["upstream"]], meta["t"]
    h_prev, z = ctx.env[meta["h_prev"]], ctx.env[meta["z"]]
    for alt, text in ((up, "leaves out tanh′: δ_t = ∂E/∂h_t · tanh′(z_t)"),
                      (up * (1 - h_prev ** 2), f"uses 1 − h{t - 1}² (the previous hidden "
                                               f"state) for tanh′; tanh′(z{t}) = 1 − h{t}²"),
                      (up * (1 - z ** 2), f"uses 1 − z{t}² for tanh′; tanh′(z{t}) = 1 − "
                                          f"tanh(z{t})² = 1 − h{t}²")):
        if fits(item, alt):
            return (f"{item.quantity} = {fmt(item.given)} {text} (that gives {fmt(alt)}); the "
                    f"right value is {fmt(item.local)}.")
    return None


def output_prime(item: Item, ctx: Context) -> str | None:
    """δ_o = ∂E/∂o without the output activation's derivative."""
    meta = item.extra
    if item.kind != "gradient" or "activation" not in meta or meta["activation"] == "identity":
        return None
    alt = ctx.env[meta["upstream"]]
    if fits(item, alt):
        return (f"{item.quantity} = {fmt(item.given)} is ∂E/∂o (that gives {fmt(alt)}): the "
                f"output activation's derivative ({meta['activation']}′) is left out; "
                f"the right value is {fmt(item.local)}.")
    return None


def carried_back(item: Item, ctx: Context) -> str | None:
    """∂E/∂h_{t−1} without W_hh (Σ_i δ_t[i]), or with W_hh δ_t instead of W_hhᵀ δ_t."""
    meta = item.extra
    if item.kind != "gradient" or "carry" not in meta:
        return None
    t = meta["carry"]
    deltas = [ctx.env[k] for k in meta["deltas"]]
    for alt, text in ((sum(deltas), f"leaves out W_hh: h{t - 1} reaches z{t} through W_hh, so "
                                    f"∂E/∂h{t - 1} = W_hhᵀ δ{t}"),
                      (sum(ctx.env[w] * d for w, d in zip(meta["transposed"], deltas)),
                       f"uses W_hh δ{t}, a transposed index: h{t - 1}[j] feeds z{t}[i] "
                       f"through W_hh[i,j], so ∂E/∂h{t - 1} = W_hhᵀ δ{t}")):
        if fits(item, alt):
            return (f"{item.quantity} = {fmt(item.given)} {text} (that gives {fmt(alt)}; the "
                    f"right value is {fmt(item.local)}).")
    return None


HINTS = (one_step_only, carried_back, h_t_for_h_prev, tanh_prime, output_prime, hx.update_slips,
         hx.wrong_rate, hx.factor_or_sign)


def hint(item: Item, ctx: Context) -> str | None:
    """The first slip that reproduces the learner's number, as a sentence."""
    return first_hint(HINTS, item, ctx)  # type: ignore[arg-type]


__all__ = ["HINTS", "carried_back", "h_t_for_h_prev", "hint", "one_step_only",
           "output_prime", "tanh_prime"]
