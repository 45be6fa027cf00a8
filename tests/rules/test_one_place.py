"""Each derivative rule is written in one place: its row of the rule table.

For every row the test lists where its code and its text live — the file of its ``compute`` and
``local`` (``src/chainrule/rules/``) — and checks that its local-derivative templates and the
code forms the engines used to copy (σ′ = out·(1 − out), tanh′ = 1 − out², …) occur in no other
source file. One match is allowed by name: softmax's own op in ``explain/walk/ops.py`` (one
output of a softmax layer as a function of all its net inputs) has the Jacobian diagonal
∂aᵢ/∂zᵢ = aᵢ(1 − aᵢ), which reads like σ′ but is softmax's rule, not a copy of the sigmoid row.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from chainrule import rules

SRC = Path(rules.__file__).resolve().parents[1]
RULES_DIR = SRC / "rules"
#: (file, text) pairs that are another rule spelled alike (see the module docstring).
ALIKE = {("explain/walk/ops.py", "{out}(1 − {out})"), ("explain/walk/ops.py", "out * (1.0 - out)")}

#: How the engines spelled rules when each kept its own copy.
COPIED_FORMS = ("out * (1 - out)", "out * (1.0 - out)", "s * (1 - s)", "1 - out * out",
                "1.0 - out * out", "g * out * (1 - out)", "(1 - sigmoid(", "1 - sp.tanh(u) ** 2",
                "g / (2 * out)", "0.5 / out", "1 / sp.cos(u) ** 2",
                "(pc - t) / (pc * (1 - pc))", "diff * (g * (2 / n))", "2.0 * (o - t) / n")


def _sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")
            if RULES_DIR not in p.parents}


SOURCES = _sources()


def _templates(row: rules.Rule) -> list[str]:
    """The row's derivative templates as written in its declaration ({0}, {out} …)."""
    n = 5 if row.arity is None else row.arity
    names = [f"{{{i}}}" for i in range(n)]
    return [t for t in row.local_text(names, "{out}") if "{" in t and len(t) > 5]


@pytest.mark.parametrize("row", list(rules.ROWS.values()), ids=lambda r: r.name)
def test_each_row_lives_in_one_place(row: rules.Rule) -> None:
    where = {Path(inspect.getsourcefile(f)).resolve() for f in (row.compute, row.local)}
    assert all(RULES_DIR in p.parents for p in where), where
    for template in _templates(row):
        others = [str(p.relative_to(SRC)) for p, text in SOURCES.items() if template in text
                  and (p.relative_to(SRC).as_posix(), template) not in ALIKE]
        assert not others, f"{row.name}: its rule text {template!r} is copied in {others}"


@pytest.mark.parametrize("form", COPIED_FORMS)
def test_no_engine_keeps_a_copy_of_a_rule(form: str) -> None:
    others = [str(p.relative_to(SRC)) for p, text in SOURCES.items() if form in text
              and (p.relative_to(SRC).as_posix(), form) not in ALIKE]
    assert not others, f"{form!r} still written in {others}"
