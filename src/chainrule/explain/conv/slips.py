"""The slips of convolution, recognised: each recomputes the quantity with the slip, from the
learner's own values, and names it when that gives their number.

* a kernel cell's (or a bias's, or a shared weight's) gradient with one output position's
  product only — the sum over the positions the kernel touched left out — or with one
  image's products only (the sum over the samples left out);
* the kernel flipped: a forward output computed as a true convolution (K rotated 180°), or
  ∂E/∂X computed by sliding the unflipped kernel over ∂E/∂Y;
* the wrong stride or padding in an index: the input row s·i + u − p read as i + u (stride
  ignored) or s·i + u (padding ignored);
* an activation's derivative left out; the 1/N of the mean over the images left out;
* then the dense check's own: a factor 2 or the sign, and the update's slips.
"""

from __future__ import annotations

from chainrule.explain.checking import hints as hx
from chainrule.explain.checking.judge import Item
from chainrule.explain.checking.plan_check import Context, first_hint, fits
from chainrule.explain.conv import layout as lay
from chainrule.explain.render.notation import fmt


def one_term_only(item: Item, ctx: Context) -> str | None:
    """A sum with a single product (or a single ∂E/∂Y) where every position's belongs."""
    pairs, terms = item.extra.get("pairs"), item.extra.get("terms")
    if item.kind != "gradient" or (pairs is None and terms is None) or \
            item.extra.get("input_grad"):
        return None
    env = ctx.env
    parts = [env[a] * env[b] for a, b in pairs] if pairs is not None else [env[k] for k in terms]
    if len(parts) < 2:
        return None
    what = "image" if item.extra.get("samples_only") else "output position"
    for k in (len(parts) - 1, 0, *range(1, len(parts) - 1)):
        if fits(item, parts[k]):
            return (f"{item.quantity} = {fmt(item.given)} is one {what}'s term only "
                    f"(term {k + 1} of {len(parts)}: {fmt(parts[k])}): the parameter is used "
                    f"at every {what}, so its gradient is the sum of all {len(parts)} terms: "
                    f"{fmt(item.local)}.")
    samples = ctx.net.samples
    if pairs is not None and samples > 1 and not item.extra.get("samples_only") and \
            len(parts) % samples == 0:
        first = sum(parts[:len(parts) // samples])
        if fits(item, first):
            return (f"{item.quantity} = {fmt(item.given)} sums the first image's products only "
                    f"({fmt(first)}); E is the mean over {samples} images, so the sum runs over "
                    f"every image's positions: {fmt(item.local)}.")
    return None


def _kernel_key(ctx: Context, l: int, cell: tuple[int, int, int, int]) -> tuple[str, str]:
    o, c, u, v = cell
    kh, kw = ctx.net.layers[l - 1].params["K"].shape[2:]
    return ("v", ctx.plan.P[f"K{l}"][(o, c, kh - 1 - u, kw - 1 - v)])


def flipped_kernel(item: Item, ctx: Context) -> str | None:
    """A forward output with K rotated 180°, or ∂E/∂X with the kernel unflipped."""
    cells, pairs = item.extra.get("cells"), item.extra.get("pairs")
    if cells is None or pairs is None:
        return None
    l, env = item.extra["layer"], ctx.env
    if item.kind == "value":
        alt = env[item.extra["bias"]] + sum(env[_kernel_key(ctx, l, cell)] * env[x]
                                            for cell, (_, x) in zip(cells, pairs))
        text = (f"flips the kernel (that gives {fmt(alt)}): a conv layer slides K over the "
                "input as it is, a cross-correlation, as PyTorch does")
    else:
        alt = sum(env[g] * env[_kernel_key(ctx, l, cell)] for cell, (g, _) in zip(cells, pairs))
        text = (f"slides the kernel unflipped over ∂E/∂Y (that gives {fmt(alt)}): ∂E/∂X is the "
                "full convolution of ∂E/∂Y with the kernel flipped 180°, so each ∂E/∂Y[i,j] "
                "meets the kernel cell that read this entry")
    if fits(item, alt):
        return f"{item.quantity} = {fmt(item.given)} {text}; the right value is {fmt(item.local)}."
    return None


def wrong_index(item: Item, ctx: Context) -> str | None:
    """The input index s·i + u − p with the stride or the padding left out."""
    kernel = item.extra.get("kernel")
    if item.kind != "gradient" or kernel is None:
        return None
    l, env, plan = item.extra["layer"], ctx.env, ctx.plan
    layer, g = ctx.net.layers[l - 1], plan.g
    o, c, u, v = kernel
    (s0, s1), (p0, p1) = layer.config["stride"], layer.config["padding"]
    H, W = g.ys[l - 1].shape[2:]
    for (a0, a1), (q0, q1), what in (((1, 1), (p0, p1), "the stride"),
                                     ((s0, s1), (0, 0), "the padding")):
        if (a0, a1, q0, q1) == (s0, s1, p0, p1):
            continue
        alt = 0.0
        for n in range(g.ys[l].shape[0]):
            for i in range(g.ys[l].shape[2]):
                for j in range(g.ys[l].shape[3]):
                    y, x = a0 * i + u - q0, a1 * j + v - q1
                    if 0 <= y < H and 0 <= x < W:
                        alt += env[("g", plan.name(l, (n, o, i, j)))] * \
                            env[("v", plan.name(l - 1, (n, c, y, x)))]
        if fits(item, alt):
            return (f"{item.quantity} = {fmt(item.given)} leaves {what} out of the input index "
                    f"(that gives {fmt(alt)}): kernel cell (u, v) meets input row "
                    f"{lay.window_index(layer.config, 'i', 'u', 0)} and column "
                    f"{lay.window_index(layer.config, 'j', 'v', 1)} at output (i, j); the "
                    f"right value is {fmt(item.local)}.")
    return None


def forgot_derivative(item: Item, ctx: Context) -> str | None:
    """∂E/∂X of an activation layer equal to its ∂E/∂Y (φ′ left out)."""
    up, act = item.extra.get("upstream"), item.extra.get("activation")
    if item.kind != "gradient" or up is None or act == "identity":
        return None
    if fits(item, ctx.env[up]):
        return (f"{item.quantity} = {fmt(item.given)} is ∂E/∂Y passed on unchanged: the "
                f"activation's derivative ({act}′) is left out; the right value is "
                f"{fmt(item.local)}.")
    return None


def mean_left_out(item: Item, ctx: Context) -> str | None:
    """∂E/∂Y of the output without the 1/N of the mean over the images."""
    N = item.extra.get("samples")
    if item.kind != "gradient" or not N or N < 2:
        return None
    if fits(item, N * item.local):
        return (f"{item.quantity} = {fmt(item.given)} leaves out the 1/{N} of the mean over the "
                f"{N} images (that gives {fmt(N * item.local)}); the right value is "
                f"{fmt(item.local)}.")
    return None


HINTS = (one_term_only, flipped_kernel, wrong_index, forgot_derivative, mean_left_out,
         hx.update_slips, hx.wrong_rate, hx.factor_or_sign)


def hint(item: Item, ctx: Context) -> str | None:
    """The first slip that reproduces the learner's number, as a sentence."""
    return first_hint(HINTS, item, ctx)  # type: ignore[arg-type]


__all__ = ["HINTS", "flipped_kernel", "forgot_derivative", "hint", "mean_left_out",
           "one_term_only", "wrong_index"]
