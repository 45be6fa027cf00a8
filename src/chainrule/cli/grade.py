"""``chainrule grade``: mark a class's answers against an exercise key."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from chainrule.cli.common import Formatter, add_common
from chainrule.cli.files import existing_file, write_text
from chainrule.errors import ConfigError

HELP = "mark students' answers against an exercise key; write a gradebook and feedback"
EPILOG = """\
examples:
  chainrule grade sheets/key.json answers.csv                 # marks on the screen
  chainrule grade sheets/key.json answers.csv -o graded       # + gradebook.csv, feedback/
  chainrule grade sheets/key.json learner-files/ -o graded    # one TOML file per student

ANSWERS is a CSV with an id column and one column per quantity (the keys of the worksheet's
tables: y1, y1^a, dE/dw5, w5+, f'(x0) ...), or a folder of learner TOML files. A value's
tolerance comes from the decimals written (0.5945 means ±0.00005); a value that follows from
the student's own earlier, wrong values is 'carried' and keeps its mark, so one slip costs
one mark. Each wrong value gets a hint."""


def register(subparsers: Any) -> None:
    """Add the ``grade`` subcommand."""
    p = subparsers.add_parser("grade", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
                              epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("key", metavar="KEY", help="the key file (key.json from chainrule exercise)")
    p.add_argument("answers", metavar="ANSWERS", help="answers CSV, or learner TOML file(s)")
    p.add_argument("-o", "--output", metavar="FOLDER",
                   help="write gradebook.csv and feedback/<id>.md into FOLDER")
    add_common(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Grade, print the summary, write the files."""
    from chainrule.exercise.answers import read_answers
    from chainrule.exercise.classwork import file_stem
    from chainrule.exercise.gradebook import feedback_markdown, grade_class, gradebook_csv
    from chainrule.exercise.keyfile import read_key

    entries = read_key(existing_file(args.key, "key file"))
    if not Path(args.answers).exists():
        raise ConfigError(f"answers {args.answers!r} does not exist")
    result = grade_class(entries, read_answers(args.answers), args.answers)
    width = max(len(g.student.id) for g in result.graded)
    for g in result.graded:
        lost = "" if g.marking is None else ", ".join(
            f"{m.key} {m.verdict}" for m in g.marking.marks if m.points < 1)
        state = "no answers" if g.marking is None else lost or "all right"
        print(f"{g.student.id:{width}}  {g.score:g}/{g.total}  {state}")
    for sid in result.strangers:
        print(f"chainrule grade: warning: answers for {sid!r}, who is not in the key",
              file=sys.stderr)
    if args.output:
        out = Path(args.output)
        write_text(out / "gradebook.csv", gradebook_csv(result))
        for g in result.graded:
            write_text(out / "feedback" / f"{file_stem(g.student.id)}.md", feedback_markdown(g))
        print(f"wrote {out / 'gradebook.csv'} and {len(result.graded)} feedback files in "
              f"{out / 'feedback'}")
    return 0
