"""``chainrule descend``: gradient descent on a formula, as a table and optionally a picture."""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from chainrule.cli.common import (
    Formatter,
    add_common,
    add_formula_budget,
    nonneg_int,
    number,
    positive_float,
)
from chainrule.cli.derive import allow_leading_minus
from chainrule.cli.files import check_suffix, write_with
from chainrule.cli.output import Output, emit_json
from chainrule.errors import ConfigError
from chainrule.text.numbers import fmt

HELP = "minimise a formula by gradient descent, x ← x − α·f′(x), step by step"
EPILOG = """\
examples:
  chainrule descend "x^2" --x0 1 --lr 0.3 --steps 3            # seed 003: 1, 0.4, 0.16, 0.064
  chainrule descend "x^3 + 3x^2" --x0 -1.99 --lr 0.04 --steps 50 --gif slide.gif
  chainrule descend "x^3 + 3x^2" --x0 -1.99 --lr 0.45 --steps 20 --plot bounce.png
  chainrule descend "x^2" --x0 1 --lr 0.1,0.45,1.1 --steps 20 --plot compare.png
  chainrule descend "(1 - x)^2 + 100(y - x^2)^2" --x0 -1,2 --lr 0.001 --steps 500 --json

f′(x) at every step is exact: one backward pass through the formula's computation graph.
Each run ends with a verdict: converged, diverged (with the learning-rate bound α < 2/f″ when
the curvature is known), oscillating, stalled, or stopped by the step limit; the exit status
is 1 when a run diverged. A learning rate that is too large does not crash: the run stops
where x runs away (or leaves f's domain) and says so. Several variables take one start value
each, in alphabetical order of their names (or in the order given with --vars)."""

FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
MAX_ROWS = 60


def register(subparsers: Any) -> None:
    """Add the ``descend`` subcommand to ``subparsers`` (an argparse subparsers action)."""
    p = subparsers.add_parser("descend", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
                              epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("expr", metavar="EXPR", help="the formula to minimise, e.g. \"x^3 + 3x^2\"")
    p.add_argument("--x0", required=True, metavar="V[,V…]",
                   help="start point: one number per variable, comma-separated "
                        "(--x0 -1.99, --x0=-1,2)")
    p.add_argument("--lr", required=True, type=_rates, metavar="A[,A…]",
                   help="learning rate α > 0; several, comma-separated, are compared on one "
                        "picture (--lr 0.1,0.45,1.1)")
    p.add_argument("--steps", type=nonneg_int, default=10, metavar="N",
                   help="number of updates (default: 10)")
    p.add_argument("--vars", metavar="NAMES", help="variable order for --x0, e.g. x,y")
    pictures = p.add_mutually_exclusive_group()
    pictures.add_argument("--plot", metavar="FILE",
                          help="draw the path over f and f per step (.png/.svg/.pdf)")
    pictures.add_argument("--gif", metavar="FILE",
                          help="animate the descent with the tangent at each step (.gif)")
    add_formula_budget(p)
    add_common(p, json=True)
    allow_leading_minus(p)
    p.set_defaults(run=run)


def _rates(text: str) -> list[float]:
    """argparse ``type=`` for ``--lr``: one or more positive numbers separated by commas."""
    return [positive_float(part.strip()) for part in text.split(",")]


def _start(text: str) -> float | list[float]:
    """``--x0``: numbers or constant formulas (``-1,2``, ``pi/2``), comma-separated."""
    from chainrule.errors import ChainruleError
    from chainrule.symbolic.formula import constant_value

    values = []
    for part in text.split(","):
        try:
            values.append(number(part.strip(), "--x0"))
        except ConfigError:
            try:
                values.append(constant_value(part.strip()))
            except ChainruleError:
                raise ConfigError(f"--x0: expected numbers separated by commas, got {part!r} "
                                  f"in {text!r}") from None
    return values[0] if len(values) == 1 else values


def run(args: argparse.Namespace) -> int:
    """Run ``chainrule descend`` with parsed ``args``; return the exit status (1: diverged)."""
    if args.plot:
        check_suffix(args.plot, FIGURE_SUFFIXES, "--plot")
    if args.gif:
        check_suffix(args.gif, (".gif",), "--gif")
    from chainrule.optim.descent import descend
    from chainrule.optim.outcome import judge

    names = [n.strip() for n in args.vars.split(",")] if args.vars else None
    if names is not None and not all(names):
        raise ConfigError(f"--vars: expected names separated by commas, got {args.vars!r}")
    start = _start(args.x0)
    paths = [descend(args.expr, start, lr, args.steps, variables=names) for lr in args.lr]
    outcomes = [judge(path) for path in paths]
    status = 0 if all(o.ok for o in outcomes) else 1
    picture = _draw(args, paths)
    if args.json:
        runs = [to_dict(p, o) for p, o in zip(paths, outcomes)]
        data = runs[0] if len(runs) == 1 else {"runs": runs}
        emit_json(data | ({"picture": picture} if picture else {}))
        return status
    out = Output()
    if len(paths) == 1:
        render(out, paths[0], outcomes[0])
    else:
        compare(out, paths, outcomes)
    if picture:
        out.text(f"picture written to {picture}")
    return status


def _draw(args: argparse.Namespace, paths: list[Any]) -> str | None:
    if args.plot:
        from chainrule.viz import plot_descent

        write_with(args.plot, lambda tmp: plot_descent(paths, tmp))
        return str(args.plot)
    if args.gif:
        from chainrule.viz import animate_descent

        # Long runs are thinned to 120 frames: the GIF stays small and quick to write.
        write_with(args.gif, lambda tmp: animate_descent(paths, tmp, max_frames=120))
        return str(args.gif)
    return None


def to_dict(path: Any, outcome: Any) -> dict[str, Any]:
    """One run as JSON-able data: every x, f(x) and gradient, and how the run ended."""
    return {"formula": path.label, "variables": list(path.variables), "lr": path.lr,
            "steps": path.steps, "x": path.xs, "f": path.fs, "grad": path.grads,
            "final": {"x": path.final, "f": path.fs[-1], "grad": path.grads[-1]},
            "diverged": outcome.kind == "diverged", "reason": path.reason,
            "verdict": {"kind": outcome.kind, "message": outcome.message,
                        "curvature": outcome.curvature, "lr_bound": outcome.bound,
                        "quadratic": outcome.quadratic, "advice": outcome.advice}}


def rows(path: Any) -> tuple[list[str], list[list[Any]]]:
    """Table columns and rows: step, x (one column per variable), f(x), f′(x) or ∂f/∂v."""
    names = list(path.variables)
    xs = np.asarray(path.xs, dtype=float).reshape(len(path.fs), -1)
    gs = np.asarray(path.grads, dtype=float).reshape(len(path.fs), -1)
    if len(names) == 1:
        columns = ["step", names[0], f"f({names[0]})", f"f′({names[0]})"]
    else:
        columns = ["step", *names, "f", *(f"∂f/∂{n}" for n in names)]
    body = [[k, *(_num(v) for v in xs[k]), _num(path.fs[k]), *(_num(g) for g in gs[k])]
            for k in range(len(path.fs))]
    return columns, body


def _num(x: float) -> str:
    return fmt(float(x), 6)


def _good(outcome: Any) -> bool:
    return outcome.kind not in ("diverged", "oscillating")


def render(out: Output, path: Any, outcome: Any) -> None:
    """The table of steps and the verdict (converged, diverged, …) in one line."""
    columns, body = rows(path)
    if len(body) > MAX_ROWS:
        keep = MAX_ROWS // 2
        body = [*body[:keep], ["…"] * len(columns), *body[-keep:]]
    out.table(columns, body,
              title=f"Gradient descent on {path.label}, α = {path.lr:g}",
              align="r" * len(columns))
    out.verdict(_good(outcome), outcome.message[:1].upper() + outcome.message[1:])
    if outcome.advice:
        out.text(outcome.advice)


def compare(out: Output, paths: list[Any], outcomes: list[Any]) -> None:
    """Several learning rates on one formula: one row and one verdict line per α."""
    names = list(paths[0].variables)
    columns = ["α", "steps", *names, "f", "verdict"]
    body = [[f"{p.lr:g}", p.steps, *(_num(v) for v in np.atleast_1d(p.final)), _num(p.fs[-1]),
             o.kind] for p, o in zip(paths, outcomes)]
    start = ", ".join(_num(v) for v in np.atleast_1d(paths[0].xs[0]))
    out.table(columns, body, title=f"Gradient descent on {paths[0].label} from {start}",
              align="r" * (len(columns) - 1) + "l")
    for p, o in zip(paths, outcomes):
        out.verdict(_good(o), f"α = {p.lr:g}: {o.message}")
