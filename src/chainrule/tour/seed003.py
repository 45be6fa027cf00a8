"""Seed 003 ("Understanding Backpropagation with Simple Derivatives"), retold with chainrule.

Seven sections in the seed's order: the MSE example, gradient descent on x² and on x³ + 3x²
(with the animations), x = ∛y, b = 3a⁴ → c = sin(b), the two-path graph d = a²·(−7a), and the
one-step walkthrough of the 3-1-2 ReLU network.
"""

from __future__ import annotations

import numpy as np

from chainrule import nn, symbolic
from chainrule.explain import explain
from chainrule.optim.descent import descend
from chainrule.scalar import Value
from chainrule.tour.files import FigureWriter
from chainrule.tour.model import Correction, Section, TourTable, fmt
from chainrule.tour.networks import SEED003, SEED003_PRINTED, network
from chainrule.tour.util import chain_equations, draw_graph_to, forward_rows, network_figure, slope

SEED = "003"
CUBIC = "x^3 + 3x^2"


def mse_example() -> Section:
    """MSE of outputs [0, 0.5] against the wanted [−0.5, 1]."""
    got, wanted = np.array([0.0, 0.5]), np.array([-0.5, 1.0])
    mse = nn.MSELoss()(got, wanted).item()
    rows = [(f"output {i}", g, w, (g - w) ** 2) for i, (g, w) in enumerate(zip(got, wanted))]
    return Section(
        SEED, "Neural Networks", "mean squared error of [0, 0.5] against [−0.5, 1]",
        text=(f"MSE = ((0 − (−0.5))² + (0.5 − 1)²)/2 = (0.25 + 0.25)/2 = {fmt(mse)}, computed "
              "by chainrule.nn.MSELoss.",),
        tables=(TourTable.of(("", "got", "wanted", "squared difference"), rows),),
        data={"mse": mse},
    )


def descent_on_square(figures: FigureWriter) -> Section:
    """x ← x − 0.3·f′(x) on f(x) = x² from x = 1, and the three slopes of the seed's figure."""
    path = descend("x^2", 1.0, 0.3, 3)
    rows = [(k, x, g, x_next)
            for k, (x, g, x_next) in enumerate(zip(path.xs[:-1], path.grads, path.xs[1:]))]
    picture = figures.write("slopes-x2.png", "f(x) = x² and its tangents at −1, 0 and 1",
                            lambda p: _tangents("x^2", [-1, 0, 1], p))
    as_printed = 0.016 - 0.3 * path.grads[2]
    return Section(
        SEED, "Gradient Descent", "x ← x − 0.3·f′(x) on f(x) = x², from x = 1",
        text=(
            "Left of the minimum the slope is negative, right of it positive, at it zero; "
            "stepping against the slope, scaled by the learning rate α, walks downhill: "
            + " → ".join(fmt(x) for x in path.xs) + ".",
        ),
        tables=(TourTable.of(("step", "x", "f′(x) = 2x", "x − 0.3·f′(x)"), rows),),
        corrections=(Correction("x ← 0.016 − 0.3·f′(0.16) = 0.064",
                                "x ← 0.16 − 0.3·f′(0.16) = 0.064",
                                f"0.16 − 0.3·0.32 = {fmt(path.xs[3])}; the printed 0.016 would "
                                f"give {fmt(as_printed)}"),),
        figures=(picture,),
        commands=('chainrule descend "x^2" --x0 1 --lr 0.3 --steps 3',),
        data={"xs": path.xs.tolist()},
    )


def _tangents(formula: str, xs: list[float], path: object) -> None:
    from chainrule.viz import plot_tangents

    plot_tangents(formula, xs, path, span=0.5, method="symbolic")


def descent_on_cubic(figures: FigureWriter, fast: bool = False) -> Section:
    """x³ + 3x² from x = −1.99 with α = 0.04 (slides to 0) and α = 0.45 (bounces)."""
    # The seed's gnuplot loop updates x before drawing each of its 51 frames: 51 updates.
    slow = descend(CUBIC, -1.99, 0.04, 51)
    fast_lr = descend(CUBIC, -1.99, 0.45, 51)
    edge = descend(CUBIC, -2.01, 0.04, 51)
    frames = 8 if fast else None
    pictures = (
        figures.write("descent-0.04.gif", "α = 0.04: the point slides into the local minimum "
                      "at 0", lambda p: _animate(slow, p, frames)),
        figures.write("descent-0.45.gif", "α = 0.45: the point bounces around the minimum",
                      lambda p: _animate(fast_lr, p, frames)),
        figures.write("descent-both.png", "Both runs over f, and f at each step",
                      lambda p: _plot([slow, fast_lr], p)),
    )
    rows = [(fmt(p.lr), p.steps, p.xs[-1], p.fs[-1], "diverged" if p.diverged else
             ("converges" if abs(p.xs[-1]) < 1e-2 else "bounces")) for p in (slow, fast_lr)]
    rows.append(("0.04 from −2.01", edge.steps, edge.xs[-1], edge.fs[-1],
                 "runs off to −∞" if edge.diverged else "stays"))
    return Section(
        SEED, "Gradient Descent", "f(x) = x³ + 3x² with α = 0.04 and α = 0.45",
        text=(
            "f′(x) = 3x² + 6x = 3x(x + 2): a local maximum at −2 and a local minimum at 0. "
            "From −1.99 (just right of the maximum) the small rate α = 0.04 creeps, then "
            "slides into 0.",
            "With α = 0.45 each step overshoots: near 0, x ← x − 0.45·6x = −1.7x, so the "
            "minimum repels instead of attracting and the point bounces around it.",
            "Start \"an inch more negative\", left of the maximum, and descent runs downhill "
            f"to −∞: from −2.01 chainrule stops after {edge.steps} steps ({edge.reason}).",
        ),
        tables=(TourTable.of(("α", "steps", "final x", "final f(x)", "behaviour"), rows),),
        figures=pictures,
        commands=(f'chainrule descend "{CUBIC}" --x0 -1.99 --lr 0.04 --steps 51 '
                  "--gif slide.gif",
                  f'chainrule descend "{CUBIC}" --x0 -1.99 --lr 0.45 --steps 51 --gif bounce.gif'),
        data={"final": {0.04: float(slow.xs[-1]), 0.45: float(fast_lr.xs[-1])},
              "edge_diverged": edge.diverged},
    )


def _animate(path: object, target: object, frames: int | None) -> None:
    from chainrule.viz import animate_descent

    animate_descent(path, target, xlim=(-5.0, 5.0), ylim=(-2.0, 8.0), max_frames=frames)


def _plot(paths: list, target: object) -> None:
    from chainrule.viz import plot_descent

    plot_descent(paths, target, xlim=(-5.0, 5.0), ylim=(-2.0, 8.0))


def inverse_function() -> Section:
    """y = x³ and x = ∛y: dx/dy = y^(−2/3)/3 (the seed printed y^(−3/2)/3)."""
    forward = symbolic.diff("x^3")
    backward = symbolic.diff("y^(1/3)", "y")
    verdict = symbolic.check_derivative("y^(1/3)", "y", "y^(-3/2)/3")
    cube_root = symbolic.to_function("y^(1/3)")
    rows, data = [], {}
    for y in (1.0, 8.0, 27.0):
        numeric, _ = slope(cube_root, y)
        printed = y ** (-1.5) / 3
        rows.append((fmt(y), backward.at(y=y), numeric, printed))
        data[y] = (backward.at(y=y), numeric, printed)
    return Section(
        SEED, "Derivatives with Multiple Variables", "y = x³ and x = ∛y",
        text=("dy/dx = 3x² says how fast y moves with x; the other way round, "
              "dx/dy = 1/(3∛(y²)) = 1/(3x²): the reciprocal, as it must be.",),
        derivations=(forward.to_text(), backward.to_text()),
        tables=(TourTable.of(("y", "y^(−2/3)/3", "numerical slope of ∛y", "seed's y^(−3/2)/3"),
                             rows, digits=9),),
        corrections=(Correction("dx/dy = 1/(3∛(y²)) = y^(−3/2)/3",
                                "dx/dy = 1/(3∛(y²)) = y^(−2/3)/3",
                                f"∛(y²) = y^(2/3). chainrule's check: {verdict.message}"),),
        commands=('chainrule derive "y^(1/3)" --wrt y --at y=8 --check "y^(-3/2)/3"',),
        data={"values": data, "check_correct": verdict.correct},
    )


def composed_chain() -> Section:
    """b = 3a⁴, c = sin(b): ∂c/∂a = cos(b)·12a³ by the rules, by backprop and numerically."""
    derivation = symbolic.diff("sin(3a^4)", "a")
    f = symbolic.to_function("sin(3a^4)")
    rows, data = [], {}
    for a in (0.5, 1.0):
        leaf = Value(a, name="a")
        c = symbolic.to_value("sin(3a^4)", a=leaf)
        c.backward()
        numeric, _ = slope(f, a)
        rows.append((fmt(a), derivation.at(a=a), leaf.grad, numeric))
        data[a] = (derivation.at(a=a), leaf.grad, numeric)
    return Section(
        SEED, "Derivatives with Multiple Variables", "b = 3a⁴, c = sin(b): ∂c/∂a",
        text=("A small change ε in a moves b by ε·12a³, and each unit of b moves c by cos(b): "
              "∂c/∂a = ∂c/∂b · ∂b/∂a = cos(b)·12a³. The rules, one backward pass through the "
              "graph, and a numerical slope agree:",),
        derivations=(derivation.to_text(),),
        tables=(TourTable.of(("a", "rules", "backpropagation", "numerical"), rows, digits=10),),
        corrections=(Correction("∂c/∂b = cos(b) … but what about ∂c/∂b?",
                                "… but what about ∂c/∂a?",
                                "∂c/∂b was just given; the question the section answers is "
                                "∂c/∂a = cos(b)·12a³"),),
        commands=('chainrule derive "sin(3a^4)" --wrt a --at a=1 --numeric --steps',),
        data={"values": data},
    )


def two_paths(figures: FigureWriter) -> Section:
    """b = a², c = −7a, d = b·c: the two paths from a to d add up, 2ac − 7b = −21a²."""
    a_value = 2.0
    a = Value(a_value, name="a")
    b = a ** 2
    b.label = "b"
    c = -7 * a
    c.label = "c"
    d = b * c
    d.label = "d"
    d.backward()
    via_b = 2 * a.data * c.data
    via_c = -7 * b.data
    numeric, _ = slope(lambda t: (t ** 2) * (-7 * t), a_value)
    paths = (("a", "b", "d"), ("a", "c", "d"))  # the two paths the text names
    picture = figures.write("two-paths.svg", "a reaches d through b (orange) and through c "
                            "(magenta)", lambda p: draw_graph_to(d, p, highlight=paths))
    return Section(
        SEED, "Derivatives with Multiple Variables", "two paths: b = a², c = −7a, d = b·c",
        text=("a affects d through b and through c (the orange and the magenta path of the "
              "picture); the effects add: ∂d/∂a = ∂b/∂a·∂d/∂b + "
              "∂c/∂a·∂d/∂c = 2a·c + (−7)·b = 2ac − 7b = −21a². Backpropagation adds them the "
              "same way: a's gradient accumulates one term per use.",),
        tables=(TourTable.of(("at a = 2", "value"), [
            ("path through b: 2a·c", via_b), ("path through c: −7·b", via_c),
            ("sum 2ac − 7b", via_b + via_c), ("backpropagation ∂d/∂a", a.grad),
            ("numerical slope", numeric)], digits=10),),
        corrections=(Correction("the two paths \"in blue\" and \"in green\"",
                                "the paths drawn in yellow (a → b → d) and magenta (a → c → d)",
                                "the seed's graph colours its edges yellow and magenta"),),
        figures=(picture,),
        commands=('chainrule graph "a^2 * (-7a)" --at a=2 -o two-paths.svg',),
        data={"grad": a.grad, "paths": (via_b, via_c), "numeric": numeric},
    )


def worked_network(figures: FigureWriter) -> Section:
    """One step of the 3-1-2 ReLU network with α = 0.1, against the seed's printed results."""
    net = network(SEED003)
    ex = explain(net)
    detail = ex.detail(1)
    updates = [(u.name, u.old, u.grad, u.new, fmt(SEED003_PRINTED[u.name]))
               for u in detail.updates]
    grads = [(f"∂E/∂{n}", detail.grads[n]) for n in ("o0", "o1", "c0", "c1", "b0", "a0")]
    picture = network_figure(figures, net, ex)
    return Section(
        SEED, "Putting It Together: A Simple Example", "one step on the 3-1-2 ReLU network",
        text=(
            "Inputs [1, 0.5, 1], a Dense 3→1 layer with ReLU, a Dense 1→2 layer with ReLU, "
            "MSE against [0.5, 1], α = 0.1. The outputs [0, 0.5] give E = "
            f"{fmt(detail.loss)}; backwards, ReLU passes a gradient where its input was "
            "positive and blocks it where it was negative (c0 = −0.5), so w_b0^c0 and b^c0 "
            "do not move.",
            "Every update below matches the seed's printed result.",
        ),
        derivations=tuple(chain_equations(ex, ["w_b0^c1", "w_i1^a0"])),
        tables=(
            TourTable.of(("node", "formula", "numbers", "value"), forward_rows(detail),
                         "Forward pass and error"),
            TourTable.of(("gradient", "value"), grads, "Backward, layer by layer"),
            TourTable.of(("parameter", "old", "∂E/∂p", "new", "seed printed"), updates,
                         "Updates p⁺ = p − 0.1·∂E/∂p"),
        ),
        corrections=(
            Correction("\"we will need the derivative of our error function\" (for ReLU′)",
                       "the derivative of the activation function, ReLU′",
                       "step 2 propagates through the activation layer, not the loss"),
            Correction("∂E/∂x_i = σ′(x_i) · ∂E/∂y^j (step 2)", "∂E/∂x_i = σ′(x_i) · ∂E/∂y^i",
                       "an activation layer maps xᵢ to yⁱ one to one; no sum over j"),
            Correction("ReLU′(x) = 0 if x < 0, 1 if x > 0", "… and ReLU′(0) = 0 by convention",
                       "chainrule uses ReLU′(0) = 0 everywhere (no unit of this example sits "
                       "at exactly 0)"),
        ),
        figures=(picture,),
        commands=("chainrule explain examples/seed003.toml",
                  "chainrule graph examples/seed003.toml -o network.svg"),
        data={"loss": detail.loss, "updates": {u.name: u.new for u in detail.updates},
              "grads": dict(detail.grads)},
    )
