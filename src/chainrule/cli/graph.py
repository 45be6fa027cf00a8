"""``chainrule graph``: the computation graph of a formula, or the diagram of a network file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from chainrule.cli.common import Formatter, add_common, add_formula_budget, assignments, warn
from chainrule.cli.files import check_suffix, write_with
from chainrule.cli.output import Output
from chainrule.errors import ConfigError

HELP = "draw the computation graph of a formula, or the diagram of a network file"
EPILOG = """\
examples:
  chainrule graph "(a*b + c)*f" --at a=2,b=-3,c=10,f=-2 -o graph.svg   # seed 001's graph
  chainrule graph "a^2 * (-7a)" --at a=3 -o diamond.png   # one input, two paths (seed 003)
  chainrule graph "sigmoid(w*x + b)" -o neuron.dot        # Graphviz source
  chainrule graph examples/seed003.toml -o network.svg    # layers, weights, forward values

A formula's graph shows every value (data) and, after one backward pass from the output, its
gradient (grad = ∂out/∂value). Variables without --at are set to 1. .svg and .png use Graphviz
when it is installed and a pure-Python layout otherwise. A network (.toml) is drawn with its
weights on the edges and the forward values in the neurons."""

GRAPH_SUFFIXES = (".svg", ".png", ".pdf", ".dot")
NETWORK_SUFFIXES = (".svg", ".png", ".pdf")


def register(subparsers: Any) -> None:
    """Add the ``graph`` subcommand to ``subparsers`` (an argparse subparsers action)."""
    p = subparsers.add_parser("graph", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
                              epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("source", metavar="EXPR_OR_NET", help="a formula, or a network .toml file")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="where to draw it: .svg, .png, .pdf, or .dot (formulas only)")
    p.add_argument("--at", action="append", metavar="NAME=V[,…]",
                   help="values of the formula's variables (default 1)")
    p.add_argument("--max-nodes", type=int, default=100, metavar="N",
                   help="draw at most N values; the rest collapse into one node (default: 100)")
    add_formula_budget(p)
    add_common(p)
    p.set_defaults(run=run)


def is_network_file(source: str) -> bool:
    """A ``.toml`` name (or any existing file) is a network; anything else is a formula.

    A formula longer than a file name may be (255 bytes) is not looked up on disk at all.
    """
    if source.lower().endswith(".toml"):
        return True
    try:
        return Path(source).is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL byte: a formula
        return False


def run(args: argparse.Namespace) -> int:
    """Run ``chainrule graph`` with parsed ``args``; return the exit status."""
    out = Output()
    if is_network_file(args.source):
        check_suffix(args.output, NETWORK_SUFFIXES, "-o")
        if args.at:
            raise ConfigError("--at sets a formula's variables; a network file has its own "
                              "inputs")
        text = draw_network_file(args.source, args.output)
    else:
        check_suffix(args.output, GRAPH_SUFFIXES, "-o")
        text = draw_formula(args.source, assignments(args.at), args.output, args.max_nodes)
    out.text(text)
    return 0


def formula_value(expr: str, values: dict[str, float]) -> tuple[Any, dict[str, float]]:
    """The formula's output Value after a backward pass, and the variable values used."""
    from chainrule import symbolic

    names = list(symbolic.parse(expr).variables)
    unknown = sorted(set(values) - set(names))
    if unknown:
        raise ConfigError(f"--at {unknown[0]}: the formula has no variable {unknown[0]!r} "
                          f"(it has {', '.join(names) or 'none'})")
    used = {n: values.get(n, 1.0) for n in names}
    root = symbolic.to_value(expr, **used)
    root.backward()
    return root, used


#: Seconds Graphviz may take before the pure-Python layout draws the graph instead: a sum of
#: 60 terms of one variable ran past 10 s in dot, the Python layout takes about 4 s; the
#: seeds' graphs take dot well under a second.
GRAPHVIZ_SECONDS = 3.0


def _save_drawing(drawing: Any, output: str) -> None:
    """Save with Graphviz within :data:`GRAPHVIZ_SECONDS`, else with the Python layout."""
    drawing.dot_timeout = GRAPHVIZ_SECONDS
    try:
        write_with(output, drawing.save)
    except ConfigError as exc:
        if drawing.renderer != "graphviz" or "ran longer" not in str(exc):
            raise
        warn(f"Graphviz took over {GRAPHVIZ_SECONDS:g} s; drawing with the pure-Python layout")
        drawing.renderer = "matplotlib"
        write_with(output, drawing.save)


def draw_formula(expr: str, values: dict[str, float], output: str, max_nodes: int) -> str:
    """Draw the formula's graph into ``output`` (atomically); return a one-line summary."""
    from chainrule.viz import draw_graph

    root, used = formula_value(expr, values)
    drawing = draw_graph(root, max_nodes=max_nodes)
    _save_drawing(drawing, output)
    at = ", ".join(f"{k} = {v:g}" for k, v in used.items())
    how = "" if output.lower().endswith(".dot") else f" (drawn with {drawing.renderer})"
    return (f"graph of {expr} at {at or 'no variables'}: output {root.data:.6g}, "
            f"written to {output}{how}")


def draw_network_file(source: str, output: str) -> str:
    """Draw the network described in ``source`` with its forward values into ``output``."""
    from chainrule.cli.explain import load_network
    from chainrule.explain import explain
    from chainrule.viz import draw_network

    network = load_network(source)
    from chainrule.explain.families import is_family_network

    if is_family_network(network):  # a conv2d or rnn network: no diagram of its layers yet
        raise ConfigError(f"{source}: graph draws dense networks; this {network.kind} network "
                          f"is shown step by step by: chainrule explain {source}")
    explanation = explain(network, 1)
    title = f"{network.name}: loss {explanation.losses[0]:.6g}"
    write_with(output, lambda tmp: draw_network(network, explanation, path=tmp, title=title))
    return f"network {network.name} ({'-'.join(map(str, network.layer_sizes))}) " \
           f"written to {output}"
