"""Draw every figure of the four seed tutorials with chainrule, into one folder.

    python examples/seed_figures.py [OUTDIR]      # default: ./seed_figures

Seed 000: f(x) = 3x² + 4x + 6 beside f′(x) = 6x + 4, and its 2-2-2 network (weights, then the
forward values and gradients of one step). Seed 001: the computation graph of
L = (a·b + c)·f with data and grad in every node (DOT, SVG and PNG). Seed 002: 2x² with
tangents at x = 0..4, and why h cannot be too small (at x = 1). Seed 003: the slopes of x²
at −1, 0, 1, gradient descent on x² (1, 0.4, 0.16, 0.064) and on x³ + 3x² with α = 0.04
and α = 0.45 (GIFs), its network plain and evaluated. Extras: descent on a bowl and on
Rosenbrock's valley, and the training curves of a small network on two moons.

Prints one line per file written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from chainrule.errors import ChainruleError
from chainrule.numeric import step_study
from chainrule.optim.descent import descend
from chainrule.scalar import Value
from chainrule.viz import (
    animate_descent,
    draw_graph,
    draw_network,
    plot_derivative,
    plot_descent,
    plot_history,
    plot_step_study,
    plot_tangents,
)

EXAMPLES = Path(__file__).resolve().parent


def seed000(out: Path) -> list[Path]:
    from chainrule.explain import Network, explain

    plot_derivative("3x^2 + 4x + 6", out / "seed000_derivative.png", x_range=(-4, 3))
    net = Network.from_toml(EXAMPLES / "seed000.toml")
    step = explain(net)
    draw_network(net, path=out / "seed000_network.png", title="Seed 000: the 2-2-2 network")
    draw_network(net, values=step, grads=step, path=out / "seed000_network_step.png",
                 title="Seed 000: forward values and ∂E_total/∂node")
    return [out / "seed000_derivative.png", out / "seed000_network.png",
            out / "seed000_network_step.png"]


def seed001(out: Path) -> list[Path]:
    a, b, c, f = (Value(v, name=n) for v, n in ((2.0, "a"), (-3.0, "b"), (10.0, "c"),
                                                 (-2.0, "f")))
    e = a * b
    e.name = "e"
    d = e + c
    d.name = "d"
    L = d * f
    L.name = "L"
    L.backward()
    drawing = draw_graph(L, out / "seed001_graph.svg")
    drawing.save(out / "seed001_graph.png")
    drawing.save(out / "seed001_graph.dot")
    return [out / "seed001_graph.svg", out / "seed001_graph.png", out / "seed001_graph.dot"]


def seed002(out: Path) -> list[Path]:
    plot_tangents("2x^2", [0, 1, 2, 3, 4], out / "seed002_tangents.png")
    # Seed 002: "the true value is 4" — the slope of 2x² at x = 1 (4x = 4); a smaller h helps
    # only until rounding takes over.
    study = step_study(lambda x: 2 * x**2, 1.0, exact=4.0)
    plot_step_study(study, out / "seed002_step_study.png",
                    title="f(x) = 2x² at x = 1: error of the difference quotients")
    return [out / "seed002_tangents.png", out / "seed002_step_study.png"]


def seed003(out: Path) -> list[Path]:
    from chainrule.explain import Network, explain

    files = [out / n for n in ("seed003_slopes.png", "seed003_descent_square.png",
                               "seed003_descent_cubic.png", "seed003_descent_good.gif",
                               "seed003_descent_erratic.gif", "seed003_network.png",
                               "seed003_network_evaluated.png")]
    plot_tangents("x^2", [-1, 0, 1], files[0], span=0.5, x_range=(-3, 3),
                  title="Seed 003: the slope of x² at −1, 0 and 1")
    square = descend("x^2", 1.0, lr=0.3, steps=3)  # 1, 0.4, 0.16, 0.064
    plot_descent(square, files[1], xlim=(-1.2, 1.2))
    good = descend("x^3 + 3x^2", -1.99, lr=0.04, steps=50)
    erratic = descend("x^3 + 3x^2", -1.99, lr=0.45, steps=50)
    plot_descent([good, erratic], files[2], xlim=(-3, 1.5), ylim=(-1, 5))
    animate_descent(good, files[3], xlim=(-5, 5), ylim=(-2, 8), fps=12)
    animate_descent(erratic, files[4], xlim=(-5, 5), ylim=(-2, 8), fps=3)
    net = Network.from_toml(EXAMPLES / "seed003.toml")
    draw_network(net, path=files[5], title="Seed 003: Dense, ReLU, Dense, ReLU")
    draw_network(net, values=explain(net), path=files[6],
                 title="Seed 003: the network evaluated on [1, 0.5, 1]")
    return files


def extras(out: Path) -> list[Path]:
    bowl = descend(lambda x, y: x**2 + 10 * y**2, (-2.0, 1.0), lr=0.09, steps=30,
                   label="x² + 10y²")
    plot_descent(bowl, out / "bowl_descent.png")

    def rosenbrock(x: Value, y: Value) -> Value:
        return (1 - x) ** 2 + 100 * (y - x**2) ** 2

    valley = descend(rosenbrock, (-1.2, 1.0), lr=0.001, steps=3000)
    plot_descent(valley, out / "rosenbrock_descent.png", xlim=(-1.5, 1.5), ylim=(-0.5, 1.5))
    animate_descent(valley, out / "rosenbrock_descent.gif", xlim=(-1.5, 1.5), ylim=(-0.5, 1.5),
                    max_frames=60)
    files = [out / "bowl_descent.png", out / "rosenbrock_descent.png",
             out / "rosenbrock_descent.gif"]
    try:
        from chainrule import nn, optim
        from chainrule.data import make_moons, train_test_split
        from chainrule.train import fit

        X, y = make_moons(400, noise=0.2, seed=0)
        X_train, X_test, y_train, y_test = train_test_split(X, y, 0.25, seed=0)
        model = nn.Sequential(nn.Dense(2, 16, seed=0), nn.Tanh(), nn.Dense(16, 2, seed=1))
        history = fit(model, (X_train, y_train), nn.CrossEntropyLoss(),
                      optim.Adam(model.parameters(), lr=0.02), epochs=30,
                      validation=(X_test, y_test), progress=False)
    except ChainruleError as exc:  # e.g. scikit-learn missing for the moons
        print(f"skipped training_curves.png: {exc}", file=sys.stderr)
        return files
    plot_history(history, out / "training_curves.png",
                 title="A 2-16-2 tanh network on two moons (Adam, lr 0.02)")
    draw_network(model, path=out / "moons_network.png", max_per_column=8,
                 title="The trained 2-16-2 network (first and last hidden neurons)")
    return [*files, out / "training_curves.png", out / "moons_network.png"]


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "seed_figures")
    out.mkdir(parents=True, exist_ok=True)
    for make in (seed000, seed001, seed002, seed003, extras):
        for path in make(out):
            print(f"{path}  ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
