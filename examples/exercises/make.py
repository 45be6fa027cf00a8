"""Regenerate the example worksheets and keys, one of each problem kind, and the demo class.

    .venv/bin/python examples/exercises/make.py

Writes, next to this script:

* ``<kind>-worksheet.md`` and ``<kind>-key.md`` for every kind (level 2, seed 1), with
  ``<kind>-network.svg`` for the network kinds; ``backprop-logistic-key.tex`` (with its
  picture ``backprop-logistic-network.png``) shows the LaTeX format (HTML: ``chainrule exercise
  … --format html``);
* ``class.csv`` — ten students, and ``answers.csv`` — simulated answers of that class to
  ``backprop-logistic`` at level 2 (most right, some with classic slips), the input of the
  teacher's workflow in ``docs/teaching.md``.
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import matplotlib

from chainrule.exercise import KINDS, generate
from chainrule.exercise.classwork import class_entries
from chainrule.exercise.handnumbers import at_precision
from chainrule.exercise.render import latex, markdown, picture_png, picture_svg
from chainrule.exercise.sheets import Student, key, worksheet

# Byte-identical pictures on every run: no timestamp, fixed clip-path ids.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
matplotlib.rcParams["svg.hashsalt"] = "chainrule-examples"

HERE = Path(__file__).resolve().parent
STUDENTS = [("s01", "Ada Lovelace"), ("s02", "Alan Turing"), ("s03", "Grace Hopper"),
            ("s04", "Emmy Noether"), ("s05", "Carl Gauss"), ("s06", "Sofia Kovalevskaya"),
            ("s07", "Kurt Gödel"), ("s08", "Hedy Lamarr"), ("s09", "John von Neumann"),
            ("s10", "Maryam Mirzakhani")]


def sheets() -> None:
    for kind in KINDS:
        ex = generate(kind, 2, 1)
        picture = f"{kind}-network.svg"
        if ex.network is not None:
            (HERE / picture).write_text(picture_svg(ex), encoding="utf-8")
        (HERE / f"{kind}-worksheet.md").write_text(markdown(worksheet(ex), picture),
                                                   encoding="utf-8")
        (HERE / f"{kind}-key.md").write_text(markdown(key(ex), picture), encoding="utf-8")
        if kind == "backprop-logistic":
            (HERE / f"{kind}-network.png").write_bytes(picture_png(ex))
            (HERE / f"{kind}-key.tex").write_text(latex(key(ex), f"{kind}-network.png"),
                                                  encoding="utf-8")


def _slipped(ex, answers: dict[str, float], k: int) -> dict[str, float]:
    """Plant a classic slip in some students' answers (the rest are right)."""
    if k == 2:  # seed 000's 1/(1 + e^(+y1))
        answers["y1^a"] = 1 - answers["y1^a"]
    elif k == 4:  # updates that add the gradient
        for q in ex.quantities:
            if q.key.endswith("+"):
                p = q.key[:-1]
                answers[q.key] = dict(ex.givens)[p] + ex.network["learning_rate"] * \
                    answers[f"dE/d{p}"]
    elif k == 6:  # the ½ of ½(t − o)² forgotten in ∂E/∂w5
        answers["dE/dw5"] = 2 * answers["dE/dw5"]
    elif k == 8:  # no answer for the errors
        for name in ("E1", "E2", "E"):
            answers[name] = math.nan
    return answers


def class_demo() -> None:
    with (HERE / "class.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "name"])
        w.writerows(STUDENTS)
    entries = class_entries("backprop-logistic", 2, [Student(i, n) for i, n in STUDENTS])
    keys = entries[0][0].keys
    with (HERE / "answers.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", *keys])
        for k, (ex, student) in enumerate(entries, start=1):
            if k == 10:
                continue  # s10 hands in nothing
            values = _slipped(ex, {q.key: q.value for q in ex.quantities}, k)
            w.writerow([student.id, *("" if math.isnan(values[q.key])
                                      else at_precision(values[q.key], q.decimals)
                                      for q in ex.quantities)])


if __name__ == "__main__":
    sheets()
    class_demo()
    print(f"wrote {len(list(HERE.glob('*')))} files in {HERE}")
