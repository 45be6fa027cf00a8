"""``chainrule tour``: the seed curriculum in one run (what ``make demo`` runs)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from chainrule.cli.common import Formatter, add_common
from chainrule.cli.files import write_text
from chainrule.cli.output import Output, emit_json
from chainrule.cli.tourview import PICTURES, render_section, tour_markdown
from chainrule.errors import ConfigError

HELP = "every worked example of the four seeds, in order, with corrections and pictures"
EPILOG = """\
examples:
  chainrule tour                       # pictures and tour.md into ./chainrule-tour
  chainrule tour -o /tmp/tour | less   # plain text when piped
  chainrule tour --json > tour.json

The tour retells seeds 000-003: derivatives as limits, the rules, the chain rule, partial
derivatives, computation graphs, gradient descent, the two worked networks and check-my-work,
each recomputed by chainrule. Where a seed slipped, the tour shows what it says, what is right,
and the recomputed evidence. It ends by training a small network on scikit-learn's handwritten
digits (>= 95% test accuracy). Each section ends with the chainrule commands that reproduce it.
DIR receives the figures (PNG, SVG, GIF), the trained model and tour.md, the whole tour as
Markdown with the pictures inline."""

def register(subparsers: Any) -> None:
    """Add the ``tour`` subcommand to ``subparsers`` (an argparse subparsers action)."""
    p = subparsers.add_parser("tour", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
                              epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("-o", "--output", default="chainrule-tour", metavar="DIR",
                   help="folder for the pictures and tour.md (default: chainrule-tour)")
    p.add_argument("--fast", action="store_true",
                   help="few animation frames and 3 training epochs (a quick smoke run; the "
                        "accuracy target is not expected)")
    p.add_argument("--seed", type=int, default=0, help="seeds the digits run (default: 0)")
    add_common(p, json=True)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``chainrule tour`` with parsed ``args``; return the exit status."""
    from chainrule.tour import iter_sections
    from chainrule.tour.build import plan
    from chainrule.tour.files import FigureWriter

    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"-o {args.output!r} is a file; the tour needs a folder")
    if args.seed < 0:
        raise ConfigError(f"--seed: expected an integer ≥ 0, got {args.seed}")
    start = time.perf_counter()
    total = len(plan(FigureWriter(folder), fast=args.fast))
    out = None if args.json else Output()
    sections = []
    pending = iter_sections(folder, fast=args.fast, seed=args.seed)
    for index in range(1, total + 1):
        if out is None:
            sections.append(next(pending))
            continue
        with out.status(f"computing section {index} of {total}…"):
            section = next(pending)
        sections.append(section)
        render_section(out, section, index, total)
    seconds = time.perf_counter() - start
    page = folder / "tour.md"
    write_text(page, tour_markdown(sections, folder, seconds))
    figures = [f for s in sections for f in s.figures]
    pictures = [f for f in figures if f.path.suffix.lower() in PICTURES]
    corrections = sum(len(s.corrections) for s in sections)
    accuracy = sections[-1].data.get("test_accuracy")
    if out is None:
        emit_json({"folder": str(folder), "seconds": seconds, "markdown": str(page),
                   "sections": [s.to_dict() for s in sections]})
        return 0
    out.heading("Tour complete")
    out.pairs([
        ("sections", f"{len(sections)} (seeds 000-003, in order)"),
        ("corrections", f"{corrections}, each with the recomputed evidence"),
        ("files", f"{len(pictures)} pictures and {len(figures) - len(pictures)} model file(s) "
                  f"in {folder}/"),
        ("digits", f"{accuracy:.1%} test accuracy" if accuracy is not None else "-"),
        ("markdown", str(page)),
        ("time", f"{seconds:.1f} s"),
    ])
    return 0
