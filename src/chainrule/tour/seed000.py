"""Seed 000 ("Derivatives", "Chain Rule", "Network Mechanics"), retold with chainrule.

Five sections: the limit definition at x = 2, the chain rule on (4x² + 5x + 6)⁷, the forward
pass and the backward pass of the 2-2-2 logistic network, and the seed's own tables put through
check-my-work.
"""

from __future__ import annotations

from chainrule import symbolic
from chainrule.explain import check_backprop, explain
from chainrule.numeric import difference_quotient
from chainrule.tour.files import FigureWriter
from chainrule.tour.model import Correction, Section, TourTable, fmt
from chainrule.tour.networks import SEED000, SEED000_PRINTED, network
from chainrule.tour.util import chain_equations, forward_rows, network_figure, sigmoid, slope

SEED = "000"


def limit_definition(figures: FigureWriter) -> Section:
    """f(x) = 3x² + 4x + 6 at x = 2: the difference quotient, the exact 6x + 4, a picture."""
    formula = "3x^2 + 4x + 6"
    f = symbolic.to_function(formula)
    hs = (0.1, 0.01, 0.001, 0.0001)
    quotients = [difference_quotient(f, 2.0, h) for h in hs]
    derivation = symbolic.diff(formula)
    exact = derivation.at(x=2)
    central, error = slope(f, 2.0)
    # The seed's numerator, typed as printed: "... + 6 - 3(2)^2 + 4(2) + 6" (no parentheses).
    as_printed = symbolic.to_function("(3(2+h)^2 + 4(2+h) + 6 - 3(2)^2 + 4(2) + 6)/h")(h=1e-4)
    picture = figures.write("derivative_plots.png", "f(x) = 3x² + 4x + 6 beside f′(x) = 6x + 4",
                            lambda p: _plot_derivative(formula, p))
    return Section(
        SEED, "Derivatives", "the limit of (f(2 + h) − f(2))/h for f(x) = 3x² + 4x + 6",
        text=(
            "f′(x) = lim_{h→0} (f(x + h) − f(x))/h. With h = 0.0001 the quotient at x = 2 is "
            f"{fmt(quotients[-1], 9)}: close to the seed's ≈ 16, and off by exactly 3h, because "
            "for a quadratic ax² + bx + c the forward quotient is f′(x) + a·h.",
            f"The rules give f′(x) = {symbolic.render(derivation.result)}, so f′(2) = "
            f"{fmt(exact)} exactly; central differences with Richardson extrapolation, from "
            f"values of f alone, give {fmt(central, 12)} ± {error:.0e}.",
        ),
        derivations=(derivation.to_text(),),
        tables=(TourTable.of(("h", "(f(2 + h) − f(2))/h", "minus f′(2) = 16"),
                             [(fmt(h), q, q - exact) for h, q in zip(hs, quotients)],
                             "The forward quotient approaches 16 as h shrinks", digits=9),),
        corrections=(Correction(
            "(3(2+0.0001)² + 4(2 + 0.0001) + 6 − 3(2)² + 4(2) + 6)/0.0001 ≈ 16",
            "(3(2.0001)² + 4(2.0001) + 6 − (3(2)² + 4(2) + 6))/0.0001 ≈ 16.0003: f(2) must be "
            "subtracted as a whole",
            f"evaluated exactly as printed, the seed's expression is {fmt(as_printed, 9)}; with "
            f"the parentheses it is {fmt(quotients[-1], 9)}"),),
        figures=(picture,),
        commands=('chainrule derive "3x^2 + 4x + 6" --at x=2 --numeric',),
        data={"quotients": dict(zip(hs, quotients)), "exact": exact, "central": central,
              "as_printed": as_printed},
    )


def _plot_derivative(formula: str, path: object) -> None:
    from chainrule.viz import plot_derivative

    plot_derivative(formula, path, x_range=(-4.0, 3.0), mark=2.0)


def chain_rule() -> Section:
    """(4x² + 5x + 6)⁷ by the chain rule, checked against numerical slopes."""
    formula = "(4x^2 + 5x + 6)^7"
    f = symbolic.to_function(formula)
    derivation = symbolic.diff(formula)
    rows, data = [], {}
    for x in (-1.0, 0.0, 0.5):
        exact = derivation.at(x=x)
        estimate, _error = slope(f, x)
        rows.append((fmt(x), exact, estimate, f"{abs(estimate - exact) / abs(exact):.1e}"))
        data[x] = (exact, estimate)
    outer_only = symbolic.to_function("7(4x^2 + 5x + 6)^6")(x=0.5)
    return Section(
        SEED, "Chain Rule", "d/dx (4x² + 5x + 6)⁷ = 7u⁶ · (8x + 5)",
        text=(
            "With y = u⁷ and u = 4x² + 5x + 6, dy/dx = dy/du · du/dx = 7u⁶ · (8x + 5). "
            "chainrule names the inner function u, applies the power rule outside and the sum, "
            "constant-multiple and power rules inside, and multiplies:",
        ),
        derivations=(derivation.to_text(),),
        tables=(TourTable.of(("x", "7(4x² + 5x + 6)⁶(8x + 5)", "numerical slope", "relative gap"),
                             rows, "The rule's answer against slopes measured from values of f",
                             digits=10),),
        corrections=(Correction(
            "f′(g(x)) = f′(u) · g′(x)",
            "(f∘g)′(x) = f′(g(x)) · g′(x): the left side is the derivative of the composite; "
            "f′(g(x)) alone is the outer factor 7u⁶",
            f"at x = 0.5, f′(g(x)) = 7(4x² + 5x + 6)⁶ = {fmt(outer_only, 9)}, while "
            f"(f∘g)′(0.5) = {fmt(derivation.at(x=0.5), 9)}"),),
        commands=('chainrule derive "(4x^2 + 5x + 6)^7" --steps --at x=0.5 --numeric',),
        data={"values": data},
    )


def forward_pass(figures: FigureWriter) -> Section:
    """The 2-2-2 logistic network, forward: chainrule's values beside the seed's printed ones."""
    net = network(SEED000)
    ex = explain(net)
    detail = ex.detail(1)
    printed = {k: float(v) for k, v in SEED000_PRINTED.items()}
    rows = [(name, formula, numbers, value, str(SEED000_PRINTED.get(name, "")))
            for name, formula, numbers, value in forward_rows(detail)]
    wrong_x1 = 0.5 * 0.15 + 0.1 * 0.25 + 0.35
    flipped = {n: 1.0 - sigmoid(printed[n[:-2]]) for n in ("y1^a", "y2^a", "z1^a", "z2^a")}
    z1_seed = printed["y1^a"] * 0.4 + printed["y2^a"] * 0.5 + 0.60
    picture = network_figure(figures, net, ex)
    return Section(
        SEED, "Network Mechanics · Forward Pass", "the 2-2-2 logistic network",
        text=(
            "Each hidden neuron sums its weighted inputs and its bias, yᵢ = x1·w + x2·w′ + c1, "
            "and squashes the sum with the logistic function σ(y) = 1/(1 + e^(−y)); the output "
            "layer does the same with c2, and E_total = ½(target₁ − z1^a)² + ½(target₂ − z2^a)².",
            "chainrule's numbers (\"value\") use the corrected inputs below; the last column "
            "is what the seed printed.",
        ),
        tables=(TourTable.of(("node", "formula", "numbers", "value", "seed printed"), rows,
                             "Forward pass and error"),),
        corrections=(
            Correction("x1 = 0.5 (input table)", "x1 = 0.05",
                       f"the seed's own y1 = 0.3825 is 0.05·0.15 + 0.1·0.25 + 0.35; with "
                       f"x1 = 0.5 it would be {fmt(wrong_x1)}"),
            Correction("c1 = 0.35 and c1 = 0.60", "c1 = 0.35 (hidden) and c2 = 0.60 (output)",
                       f"the seed's z1 = {fmt(z1_seed)} = y1^a·0.4 + y2^a·0.5 + 0.60 uses 0.60 "
                       "as the output bias"),
            Correction("y1^a = 0.4055, y2^a = 0.4037, z1^a = 0.2761, z2^a = 0.2681",
                       f"σ(y1) = {fmt(detail.values['y1^a'])}, σ(y2) = "
                       f"{fmt(detail.values['y2^a'])}, z1^a = {fmt(detail.values['z1^a'])}, "
                       f"z2^a = {fmt(detail.values['z2^a'])}",
                       "the printed activations are 1 − σ, i.e. 1/(1 + e^(+y)): 1 − σ(0.3825) "
                       f"= {fmt(flipped['y1^a'], 4)}, 1 − σ(0.39) = {fmt(flipped['y2^a'], 4)}, "
                       f"1 − σ(0.96405) = {fmt(flipped['z1^a'], 4)}"),
            Correction("targets z1 = 0.1, z2 = 0.99", "targets of the outputs z1^a and z2^a",
                       "E1 = ½(target₁ − z1^a)² compares the target with the activation"),
            Correction("E_total = 0.2760", f"E_total = {fmt(detail.values['E_total'])}",
                       "the seed's errors follow from its flipped activations"),
        ),
        figures=(picture,),
        commands=("chainrule explain examples/seed000.toml",
                  "chainrule graph examples/seed000.toml -o network.png"),
        data={"values": dict(detail.values), "loss": detail.loss},
    )


def backward_pass() -> Section:
    """∂E/∂w5, ∂E/∂w8 and ∂E/∂w1 as chain-rule products, checked numerically; the updates."""
    net = network(SEED000)
    ex = explain(net)
    detail = ex.detail(1)
    checks = []
    for name in ("w5", "w8", "w1"):
        estimate, _ = slope(lambda t, n=name: explain(net.with_parameters({n: t})).losses[0],
                            net.parameters()[name])
        checks.append((f"∂E_total/∂{name}", detail.grads[name], estimate))
    updates = [(u.name, u.old, u.grad, u.new if not u.frozen else f"{fmt(u.new)} (frozen)")
               for u in detail.updates]
    return Section(
        SEED, "Network Mechanics · Backward Pass", "∂E/∂w5, ∂E/∂w8, ∂E/∂w1 and the updates",
        text=(
            "w5 reaches the error only through z1 → z1^a → E1, so ∂E_total/∂w5 is the product "
            "of the three local derivatives. w1 reaches it through y1^a, which feeds both z1 "
            "and z2: ∂E_total/∂y1^a = ∂E1/∂y1^a + ∂E2/∂y1^a is a sum over the two paths, and "
            "then the chain continues down to w1.",
            "Each gradient below is the engine's backward pass, read off its graph; the "
            "numerical column moves one weight by ±h and measures E_total again.",
        ),
        derivations=tuple(chain_equations(ex, ["w5", "w8", "w1"])),
        tables=(
            TourTable.of(("gradient", "backpropagation", "numerical"), checks,
                         "Backpropagation against finite differences", digits=9),
            TourTable.of(("parameter", "old", "∂E/∂p", "new = old − 0.5·∂E/∂p"), updates,
                         "One step of gradient descent with η = 0.5"),
        ),
        corrections=(
            Correction("(no learning rate given)", "η = 0.5",
                       "the seed adapts Mazur's example, which uses η = 0.5"),
            Correction("the derivative of the logarithmic function f′ = f(1 − f)",
                       "the derivative of the logistic function σ′ = σ(1 − σ)",
                       "d/dx ln x = 1/x; σ(1 − σ) is the logistic function's derivative: "
                       f"{symbolic.diff('sigmoid(x)').to_text().splitlines()[0]}"),
            Correction("dE2/dy1^a = dE2/dz1^a · dz2^a/dz2 · dz2/dy1^a, with "
                       "z1 = y1^a·w6 + y2^a·w8 + c2",
                       "dE2/dy1^a = dE2/dz2^a · dz2^a/dz2 · dz2/dy1^a, with "
                       "z2 = y1^a·w6 + y2^a·w8 + c2",
                       "E2 depends on z2^a only; the path from y1^a to E2 runs through z2"),
        ),
        commands=("chainrule explain examples/seed000.toml --format md -o seed000.md",),
        data={"grads": dict(detail.grads), "checks": checks,
              "updates": {u.name: u.new for u in detail.updates}},
    )


def seed_numbers_checked() -> Section:
    """The seed's printed tables as a learner's hand calculation, marked by check-my-work."""
    result = check_backprop(network(SEED000), SEED000_PRINTED)
    rows = [(j.quantity, fmt(j.given), fmt(j.true), j.verdict) for j in result.judgements
            if j.kind != "given" or j.verdict != "right"]
    first = result.first_wrong
    counts = {v: len(result.with_verdict(v)) for v in ("right", "carried", "wrong", "differs")}
    return Section(
        SEED, "Network Mechanics · the seed's tables, checked",
        "check-my-work on the seed's own numbers",
        text=(
            "chainrule can mark a hand calculation: each value is recomputed from the "
            "learner's own earlier values (within the precision written), so one slip is "
            "blamed once and what follows from it correctly is marked \"carried\".",
            f"On the seed's tables: {counts['right']} right, {counts['carried']} carried, "
            f"{counts['wrong']} wrong, {counts['differs']} given value(s) differ from the "
            "network. " + (f"First wrong: {first.quantity} — {first.hint}" if first and
                           first.hint else ""),
        ),
        tables=(TourTable.of(("quantity", "seed printed", "true value", "verdict"), rows,
                             "Every printed value that is not a given input"),),
        commands=("chainrule explain examples/seed000.toml --check "
                  "examples/seed000-learner.toml",),
        data={"counts": counts, "first_wrong": first.quantity if first else None},
    )
