"""``chainrule explain``: one (or more) training steps of a small network, told step by step."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.cli.common import Formatter, add_common, positive_float, positive_int
from chainrule.cli.files import existing_file, write_text
from chainrule.cli.output import Output, emit_json, wants_color
from chainrule.errors import ConfigError

HELP = "walk through backpropagation on a network file, or check a hand calculation"
EPILOG = """\
examples:
  chainrule explain examples/seed000.toml                  # seed 000's 2-2-2 logistic network
  chainrule explain examples/seed003.toml --steps 3        # seed 003's ReLU network, 3 steps
  chainrule explain examples/rnn.toml                      # an Elman RNN: backprop through time
  chainrule explain examples/seed000.toml --steps 10000 --show 1,10000 --plot loss.png
  chainrule explain examples/seed003.toml --format html -o step.html
  chainrule explain examples/seed000.toml --format latex -o step.tex
  chainrule explain examples/seed000.toml --check examples/seed000-learner.toml
  chainrule explain examples/seed000.toml --json
  chainrule explain digits.npz --data digits --sample 3    # a model saved by chainrule train

The walkthrough shows the forward pass, the error, every gradient as a chain-rule product of
the op table's local derivatives (with the numbers), and the updates p⁺ = p − η·∂E/∂p.
--check reads your own numbers (a TOML table such as y1 = 0.3825, "dE/dw5" = 0.0822,
"w5+" = 0.3589) and marks each right or wrong, carrying an early slip forward so that it is
blamed once. Formats: text (the terminal), md, latex, html; -o picks it from the extension
(.txt/.md/.tex/.html) when --format is not given.

With --steps N the first step is shown in full (or the steps of --show), then the loss at
steps 1, 2, 5, 10, … N, the loss curve and the final parameters; --plot draws the curve.
--json carries every step's loss and only the steps of --show in full (--matrices adds the
matrix view). Every step also has a matrix view; networks too large for a chain per weight
(over 600 parameters × samples) are shown by matrices only."""

FORMATS = ("text", "md", "latex", "html")
BY_SUFFIX = {".txt": "text", ".md": "md", ".markdown": "md", ".tex": "latex", ".html": "html",
             ".htm": "html"}


def register(subparsers: Any) -> None:
    """Add the ``explain`` subcommand to ``subparsers`` (an argparse subparsers action)."""
    p = subparsers.add_parser("explain", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
                              epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("network", metavar="NET.toml|MODEL.npz",
                   help="a network file (see examples/) or a model saved by chainrule train")
    p.add_argument("--data", metavar="NAME|FILE.csv",
                   help="with a model file: the data it was trained on (as for train)")
    p.add_argument("--sample", type=positive_int, default=1, metavar="K",
                   help="with a model file: explain the K-th training sample (default: 1)")
    p.add_argument("--loss", default="auto", metavar="KIND",
                   help="with a model file: the loss it was trained with (as for train; "
                        "default auto)")
    p.add_argument("--seed", type=int, default=0,
                   help="with a model file: the data seed used for training (default: 0)")
    p.add_argument("--lr", type=positive_float, default=0.1, metavar="RATE",
                   help="with a model file: the learning rate of the explained steps")
    p.add_argument("--torch", metavar="ARCH.toml",
                   help="NETWORK is torch weights (.safetensors, or a .pt state_dict): "
                        "ARCH.toml names the modules, loss and batch; gradients are checked "
                        "against torch's .grad")
    p.add_argument("--steps", type=positive_int, default=1, metavar="N",
                   help="training steps to run and explain (default: 1)")
    p.add_argument("--show", metavar="K,…",
                   help="steps to show in full, e.g. 1,100,10000 (default: 1)")
    p.add_argument("--plot", metavar="FILE",
                   help="draw the loss curve to FILE (.png, .svg or .pdf)")
    p.add_argument("--matrices", action="store_true",
                   help="with --json: add the matrix view of the shown steps")
    p.add_argument("--format", choices=FORMATS, help="text (default), md, latex or html")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    p.add_argument("--check", metavar="MINE.toml",
                   help="check your own hand calculation of the first step")
    p.add_argument("--digits", type=positive_int, default=6, metavar="D",
                   help="significant digits of the numbers shown (default: 6)")
    add_common(p, json=True)
    p.set_defaults(run=run)


def load_network(path: str, args: argparse.Namespace | None = None) -> Any:
    """The :class:`chainrule.explain.Network` in ``path`` — a network file, or a saved model
    with ``--data``/``--sample`` naming the sample; a missing file is a one-line error."""
    from chainrule.explain import Network
    from chainrule.explain.model.describe import MODEL_SUFFIXES

    if args is not None and getattr(args, "torch", None):
        from chainrule.cli.torchexplain import torch_network

        return torch_network(path, args.torch, args.lr)
    existing_file(path, "network file")
    if Path(path).suffix.lower() not in MODEL_SUFFIXES:
        from chainrule.explain.families import load_file

        return load_file(path) or Network.from_toml(path)
    if args is None or not args.data:
        raise ConfigError(f"{path}: a model file holds no data; add --data NAME|FILE.csv (the "
                          "data it was trained on) and --sample K")
    return model_sample(path, args)


def model_sample(path: str, args: argparse.Namespace) -> Any:
    """The saved model of ``path`` on the ``--sample``-th training sample of ``--data``."""
    from chainrule.cli import trainsetup as setup
    from chainrule.data import one_hot
    from chainrule.explain.model.describe import describe
    from chainrule.io import load

    model = load(path)
    data = setup.load_data(args.data, target=None, test_size=0.25, seed=args.seed)
    loss, _, kind = setup.pick_loss(args.loss, data)
    y_train, _ = setup.targets_for(kind, data)
    if not 1 <= args.sample <= len(data.X_train):
        raise ConfigError(f"--sample {args.sample}: {data.name} has {len(data.X_train)} "
                          "training samples")
    k = args.sample - 1
    target = y_train[k]
    if kind == "cce":
        target = one_hot(np.asarray([target]), data.classes)[0]
    return describe(model, inputs=data.X_train[k].astype(float),
                    targets=np.asarray(target, dtype=float).reshape(-1), loss=loss,
                    learning_rate=args.lr, name=f"{Path(path).stem} on {data.name} "
                                                f"sample {args.sample}")


def shown_steps(text: str | None, steps: int) -> list[int]:
    """``--show 1,100,N``: the steps to show in full, each from 1 to ``steps``."""
    if text is None:
        return [1]
    out = []
    for part in text.split(","):
        part = part.strip()
        try:
            k = int(part)
        except ValueError:
            raise ConfigError(f"--show {text!r}: expected step numbers separated by commas, "
                              f"e.g. 1,100,{steps}") from None
        if not 1 <= k <= steps:
            raise ConfigError(f"--show {text!r}: step {k} is outside 1…{steps} (--steps "
                              f"{steps})")
        out.append(k)
    return sorted(set(out))


def check_plot_path(path: str) -> None:
    """``--plot`` must name a picture file; checked before any work is done."""
    if Path(path).suffix.lower() not in (".png", ".svg", ".pdf"):
        raise ConfigError(f"--plot {path!r}: the loss curve is a picture; name a .png, .svg "
                          f"or .pdf file")


def pick_format(fmt: str | None, output: str | None) -> str:
    """``--format`` if given, else by the extension of ``-o``, else text."""
    if fmt is not None:
        return fmt
    if output is not None:
        suffix = Path(output).suffix.lower()
        if suffix not in BY_SUFFIX:
            shown = suffix or "a name without an extension"
            raise ConfigError(f"-o {output!r}: cannot tell the format from {shown}; add "
                              f"--format {'|'.join(FORMATS)}")
        return BY_SUFFIX[suffix]
    return "text"


def render_text(renderable: Any, width: int | None = None) -> str:
    """A rich renderable as plain text (no colour codes), for files and pipes."""
    from rich.console import Console

    console = Console(width=width or 120, color_system=None, record=True, file=_Null(),
                      highlight=False)
    console.print(renderable)
    # rich pads every line to the console width; a file or a pipe is better without it.
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


class _Null:
    """A write-only sink, so that a recording Console prints nowhere."""

    def write(self, text: str) -> int:
        """Discard ``text``."""
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""


def run(args: argparse.Namespace) -> int:
    """Run ``chainrule explain`` with parsed ``args``; return the exit status."""
    from chainrule.explain import explain

    fmt = pick_format(args.format, args.output)
    network = load_network(args.network, args)
    if args.check:
        if args.json and args.output:
            raise ConfigError("--json prints to the screen; leave out -o")
        return run_check(args, network, fmt)
    steps = shown_steps(args.show, args.steps)
    if args.plot:
        check_plot_path(args.plot)
    explanation = explain(network, args.steps, show=steps)
    if args.plot:
        from chainrule.viz.netexplain import plot_loss_curve

        plot_loss_curve(explanation.loss_array, args.plot, marks=steps,
                        title=f"{network.name}: {args.steps} steps, η = "
                              f"{network.learning_rate:g}", loss_name=network.loss.name)
        Output(stream=sys.stderr).text(f"loss curve written to {args.plot}")
    if args.json:
        if args.output:
            raise ConfigError("--json prints to the screen; leave out -o")
        emit_json(explanation.to_dict(steps=steps, matrices=args.matrices))
        return 0
    if fmt == "text":
        if args.output is None and wants_color(sys.stdout):
            from rich.console import Console

            Console(highlight=False).print(explanation.to_rich(steps=steps, digits=args.digits))
            return 0
        text = render_text(explanation.to_rich(steps=steps, digits=args.digits))
    elif fmt == "md":
        text = explanation.to_markdown(steps=steps, digits=args.digits)
    elif fmt == "latex":
        text = explanation.to_latex(steps=steps, digits=args.digits, standalone=True)
    else:
        text = explanation.to_html(steps=steps, digits=args.digits, standalone=True)
    return _deliver(args.output, text, f"explanation of {network.name} ({fmt})")


def _deliver(output: str | None, text: str, what: str) -> int:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    write_text(output, text)
    Output(stream=sys.stderr).text(f"{what} written to {output}")
    return 0


def run_check(args: argparse.Namespace, network: Any, fmt: str) -> int:
    """Check the learner's numbers against the network's first step; exit 1 if any is wrong."""
    from chainrule.explain import check_backprop

    existing_file(args.check, "--check file")
    report = check_backprop(network, args.check)
    if args.json:
        emit_json(report.to_dict())
        return 0 if report.all_right else 1
    if fmt == "text":
        if args.output is None and wants_color(sys.stdout):
            from rich.console import Console

            Console(highlight=False).print(report.to_rich())
            return 0 if report.all_right else 1
        text = render_text(report.to_rich())
    elif fmt == "md":
        text = report.to_markdown()
    elif fmt == "latex":
        text = report.to_latex()
    else:
        text = report.to_html()
    _deliver(args.output, text, f"check of {args.check} ({fmt})")
    return 0 if report.all_right else 1
