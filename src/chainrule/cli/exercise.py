"""``chainrule exercise``: problems with per-student numbers, worksheets, keys and exports."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from chainrule.cli.common import Formatter, add_common, nonneg_int
from chainrule.cli.files import existing_file, write_text
from chainrule.errors import ConfigError

HELP = "generate exercises with answer keys, per student, and export them to Moodle/GIFT"
EPILOG = """\
examples:
  chainrule exercise --list                                  # the problem kinds
  chainrule exercise backprop-logistic --seed 7              # a worksheet on the screen
  chainrule exercise chain --level 2 --student s1234 --key   # that student's key
  chainrule exercise backprop-relu --class-list class.csv -o sheets --format md,html,latex
  chainrule exercise slip --class-list class.csv -o sheets --moodle quiz.xml --gift quiz.gift

With --class-list (a CSV with an id column, optionally name) every student gets their own
numbers, derived from their id (the same id always gives the same numbers); -o FOLDER then
receives <id>-worksheet.*, <id>-key.*, class-key.* and key.json, the file that
'chainrule grade key.json answers.csv' marks against. --pdf compiles the LaTeX files when
pdflatex is installed."""


def register(subparsers: Any) -> None:
    """Add the ``exercise`` subcommand."""
    p = subparsers.add_parser("exercise", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
                              epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("kind", nargs="?", help="the problem kind (see --list)")
    p.add_argument("--list", action="store_true", help="list the problem kinds and exit")
    p.add_argument("--level", type=int, choices=(1, 2, 3), default=1,
                   help="difficulty: decimals of the numbers and of the answers (default: 1)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--seed", type=nonneg_int, metavar="N", help="the numbers' seed")
    who.add_argument("--student", metavar="ID", help="derive the seed from a student id")
    who.add_argument("--class-list", metavar="CSV", help="one exercise per student of the CSV")
    p.add_argument("--key", action="store_true", help="print the answer key, not the worksheet")
    p.add_argument("--format", default="md", metavar="LIST",
                   help="md, html, latex, comma-separated (default: md)")
    p.add_argument("-o", "--output", metavar="FOLDER", help="write the files into FOLDER")
    p.add_argument("--moodle", metavar="FILE.xml", help="also write a Moodle XML quiz")
    p.add_argument("--gift", metavar="FILE.gift", help="also write a GIFT quiz")
    p.add_argument("--pdf", action="store_true", help="compile the LaTeX files (needs pdflatex)")
    add_common(p)
    p.set_defaults(run=run)


def _formats(text: str) -> list[str]:
    from chainrule.exercise.classwork import FORMATS

    names = [f.strip() for f in text.split(",") if f.strip()]
    for f in names:
        if f not in FORMATS:
            raise ConfigError(f"--format: expected md, html or latex; got {f!r}")
    return names or ["md"]


def run(args: argparse.Namespace) -> int:
    """Generate, write, export."""
    from chainrule.exercise import KINDS
    from chainrule.exercise.classlist import read_class_list
    from chainrule.exercise.classwork import class_entries, render_sheet, write_class
    from chainrule.exercise.kinds import check_kind, generate
    from chainrule.exercise.render import picture_svg
    from chainrule.exercise.sheets import Student, key, worksheet

    if args.list:
        from chainrule.exercise.kinds import describe

        for name in KINDS:
            print(f"{name:20} {describe(name)}")
        return 0
    if args.kind is None:
        raise ConfigError("give a problem kind (see 'chainrule exercise --list')")
    kind = check_kind(args.kind)
    formats = _formats(args.format)
    if args.pdf and "latex" not in formats:
        raise ConfigError("--pdf compiles the LaTeX sheets: add latex to --format")
    if args.class_list:
        students = read_class_list(existing_file(args.class_list, "class list"))
        entries = class_entries(kind, args.level, students)
    else:
        from chainrule.exercise.seeding import student_seed

        sid = args.student if args.student is not None else f"seed{args.seed or 0}"
        seed = student_seed(args.student) if args.student is not None else args.seed or 0
        entries = [(generate(kind, args.level, seed), Student(sid))]
    if args.output:
        paths = write_class(entries, args.output, formats, combined=bool(args.class_list),
                            pdf=args.pdf)
        print(f"wrote {len(paths)} files to {args.output} for {len(entries)} "
              f"student{'s' if len(entries) != 1 else ''} (key: {args.output}/key.json)")
    elif args.pdf:
        raise ConfigError("--pdf needs -o FOLDER (the PDF is compiled beside its .tex)")
    elif len(entries) > 1:
        raise ConfigError("--class-list writes one file per student: give -o FOLDER")
    else:
        ex, student = entries[0]
        blocks = key(ex, student) if args.key else worksheet(ex, student)
        svg = picture_svg(ex) if ex.network is not None and formats[0] == "html" else ""
        sys.stdout.write(render_sheet(blocks, formats[0], ex.network is not None,
                                      "network", svg))
    if args.moodle:
        from chainrule.exercise.moodle import moodle_xml

        write_text(args.moodle, moodle_xml(entries))
        print(f"wrote {args.moodle} (Moodle XML, {len(entries)} questions)", file=sys.stderr)
    if args.gift:
        from chainrule.exercise.gift import gift

        write_text(args.gift, gift(entries))
        print(f"wrote {args.gift} (GIFT)", file=sys.stderr)
    return 0
