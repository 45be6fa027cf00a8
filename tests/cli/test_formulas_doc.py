"""Every formula in docs/formulas.md's table, through the installed ``chainrule derive``.

The table is parsed from the document, so the document cannot drift from what the command does:
each row's answer and reading must be what the command prints, and the answer must equal a
central-difference estimate of the derivative at the row's point (``--numeric``).
"""

from __future__ import annotations

import json
import math
import re
from concurrent.futures import ThreadPoolExecutor

from .conftest import REPO

DOC = REPO / "docs" / "formulas.md"


def _cells(line: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [p.strip().replace("\\|", "|").strip("`") for p in parts]


def rows() -> list[tuple[str, str, str, str, str]]:
    out = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            formula, options, read_as, derivative, point = _cells(line)
            out.append((formula, options, read_as, derivative, point))
    return out


def test_the_table_covers_the_formula_language():
    found = {r[0] for r in rows()}
    assert len(found) >= 50
    for word in ("e^x", "log(x, 2)", "|x|", "√x", "sin^2(x)", "asin", "sech", "softplus", "σ"):
        assert any(word in f for f in found), word


def _problem(cli, formula, options, read_as, derivative, point) -> str | None:
    """What is wrong with one row, or None."""
    result = cli("derive", formula, *options.split(), "--at", point, "--numeric", "--json")
    if result.returncode != 0:
        return f"exit {result.returncode}: {result.stderr.strip()}"
    data = json.loads(result.stdout)
    if data["derivative"] != derivative:
        return f"derivative {data['derivative']!r}, the doc says {derivative!r}"
    if (data["read_as"] or "") != read_as:
        return f"read as {data['read_as']!r}, the doc says {read_as!r}"
    estimate = data["numeric"]
    if not math.isclose(data["value"], estimate["value"],
                        abs_tol=max(1e-7, 10 * estimate["error"]), rel_tol=1e-7):
        return f"value {data['value']} but central differences give {estimate['value']}"
    return None


def test_every_formula_in_the_doc(cli):
    # One process per row, as a learner runs them; four at a time to keep the suite quick.
    table = rows()
    with ThreadPoolExecutor(max_workers=4) as pool:
        problems = list(pool.map(lambda row: _problem(cli, *row), table))
    failed = [f"{row[0]} {row[1]}: {p}" for row, p in zip(table, problems) if p]
    assert not failed, "\n".join(failed)
