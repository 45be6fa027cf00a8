"""Entry point of the ``chainrule`` command.

Every subcommand lives in its own module (``chainrule.cli.derive``, ``…descend``, ``…explain``,
``…graph``, ``…train``, ``…tour``) with a ``register(subparsers)`` function that adds its parser
and sets ``run``. The libraries are imported inside ``run``, so ``chainrule --help`` and errors
in the arguments answer at once.

Errors a user can cause — a :class:`~chainrule.errors.ChainruleError` (a bad formula, a bad
network file, a missing optional package), an unreadable or unwritable file — print one line to
stderr and exit with status 2; a formula's parse error adds a second line with a caret under the
column. ``--debug`` shows the traceback instead. Anything else is a bug in chainrule: it is
reported in one line too (with the hint to rerun with ``--debug``), never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import warnings
from collections.abc import Sequence

from chainrule._version import __version__
from chainrule.cli.common import EXIT_ERROR, Formatter, Parser, add_max_memory
from chainrule.errors import ChainruleError, ParseError
from chainrule.escape import terminal

EXIT_USAGE = EXIT_ERROR
#: The subcommands, each the module ``chainrule.cli.NAME``; a command line naming one imports
#: only that module (so ``chainrule playground`` starts its server before the others' imports).
SUBCOMMANDS = ("derive", "descend", "explain", "graph", "train", "tour", "playground", "exercise",
               "grade", "export")

EPILOG = """\
examples:
  chainrule derive "(4x^2 + 5x + 6)^7" --at x=1 --steps
  chainrule descend "x^3 + 3x^2" --x0 -1.99 --lr 0.04 --steps 50 --gif descent.gif
  chainrule explain examples/seed003.toml
  chainrule graph "b*c + a" -o graph.svg
  chainrule train --data digits --layers 64 --epochs 20 --save digits.npz
  chainrule tour -o chainrule-tour
  chainrule playground
  chainrule exercise backprop-logistic --class-list class.csv -o sheets
  chainrule grade sheets/key.json answers.csv -o graded
  chainrule export digits.npz --torch digits-torch

Run 'chainrule COMMAND --help' for the options and examples of each command."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered (or only the one named)."""
    parser = Parser(
        prog="chainrule",
        description="Derivatives and backpropagation that show their work.",
        epilog=EPILOG,
        formatter_class=Formatter,
    )
    parser.add_argument("--version", action="version", version=f"chainrule {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    add_max_memory(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND",
                                       parser_class=Parser)
    for name in SUBCOMMANDS:
        if only is None or name == only:
            importlib.import_module(f"chainrule.cli.{name}").register(subparsers)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, unless a help option comes first (then all are listed)."""
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if arg in SUBCOMMANDS:
            return arg
    return None


def error_lines(exc: BaseException) -> list[str]:
    """What to print for ``exc``: one line, or two for a formula's parse error (the caret).

    Control characters from the input (ESC, U+202E, newlines) are shown escaped
    (:func:`chainrule.escape.terminal`), never sent to the terminal.
    """
    if isinstance(exc, ParseError):
        head = terminal(f"chainrule: error: {exc.message} at column {exc.column + 1}: ")
        caret = len(head) + len(terminal(exc.text[:exc.column]))
        return [head + terminal(exc.text), " " * caret + "^"]
    if isinstance(exc, OSError) and not isinstance(exc, ChainruleError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return [terminal(f"chainrule: error: {where}{exc.strerror.lower()}")]
    text = " ".join(str(exc).split())  # one line, whatever the message looked like
    return [terminal(f"chainrule: error: {text or type(exc).__name__}")]


def arithmetic_line(exc: BaseException) -> str | None:
    """One line for float arithmetic that failed on the user's numbers (``sin(x·x)`` at
    x = 1e200 overflows, ``(x − 1)^0.5`` at 1 divides by zero in its derivative), or None
    for any other exception (a bug, reported as such)."""
    text = " ".join(str(exc).split())
    if isinstance(exc, OverflowError):
        what = "a number grew past the largest float, ±1.8e308"
    elif isinstance(exc, (ZeroDivisionError, FloatingPointError)):
        what = "a division by zero came up (the formula or its derivative is undefined there)"
    elif isinstance(exc, ValueError) and text == "math domain error":
        what = "a function was applied outside its domain, or to an overflowed number"
    else:
        return None
    return terminal(f"chainrule: error: at the values given {what} "
                    f"({text or type(exc).__name__}); try other values")


def _note(message: Warning | str, category: type[Warning], filename: str, lineno: int,
          file: object = None, line: str | None = None) -> None:
    """A warning (NumPy's overflow notes…) as one ``chainrule: note:`` line, without the
    source file and line Python adds, and each text once."""
    text = terminal(" ".join(str(message).split()))
    if text not in _NOTED:
        _NOTED.add(text)
        print(f"chainrule: note: {text}", file=sys.stderr)


_NOTED: set[str] = set()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    if sys.stdout is None:  # started with stdout closed (>&-): nowhere to print results
        print("chainrule: error: standard output is closed; nothing could be printed "
              "(redirect it to a file or /dev/null instead)", file=sys.stderr)
        return EXIT_ERROR
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command(argv))
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help()
        return 0
    try:
        from chainrule.limits import set_max_memory

        set_max_memory(getattr(args, "max_memory", None))
        from chainrule.symbolic.budget import set_formula_budget

        set_formula_budget(getattr(args, "formula_budget", None))  # None: the defaults
        with warnings.catch_warnings():
            warnings.showwarning = _note  # one line each, no source lines
            return int(args.run(args) or 0)
    except BrokenPipeError:  # the reader went away (| head): stop quietly, say why once
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no flush at exit into
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the dead pipe
        print("chainrule: error: the output pipe closed before everything was written",
              file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("chainrule: interrupted", file=sys.stderr)
        return 130
    except (ChainruleError, OSError) as exc:
        if args.debug:
            raise
        for line in error_lines(exc):
            print(line, file=sys.stderr)
        return EXIT_ERROR
    except (RecursionError, MemoryError) as exc:  # past a budget the checks did not foresee
        if args.debug:
            raise
        what = ("the input nests too deeply to process; make it smaller"
                if isinstance(exc, RecursionError) else
                "out of memory; make the input smaller, or set --max-memory below this "
                "machine's memory so the budget checks refuse such input up front")
        print(f"chainrule: error: {what}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug, not the user's fault: still no traceback by default
        if args.debug:
            raise
        line = arithmetic_line(exc)  # float arithmetic on the user's numbers is not a bug
        if line is not None:
            print(line, file=sys.stderr)
            return EXIT_ERROR
        text = terminal(" ".join(str(exc).split()))
        print(f"chainrule: internal error: {type(exc).__name__}: {text} "
              "(please report it; rerun with --debug for the traceback)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
