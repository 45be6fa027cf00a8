"""Each derivative rule is written in one place: its row of the rule table.

For every row the test lists where its code and its text live — the file of its ``compute`` and
``local`` (``src/chainrule/rules/``), or for a vector row (softmax, log-softmax) of its
``compute`` and ``vjp`` — and checks that its local-derivative templates and the code forms the
engines used to copy (σ′ = out·(1 − out), tanh′ = 1 − out², softmax's out·(g − Σ g·out), …)
occur in no other source file. No exception is needed: softmax's Jacobian diagonal
aᵢ(1 − aᵢ), which reads like σ′, is written in the softmax row, next to the sigmoid row.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from chainrule import rules

SRC = Path(rules.__file__).resolve().parents[1]
RULES_DIR = SRC / "rules"
#: How the engines spelled rules when each kept its own copy.
COPIED_FORMS = ("out * (1 - out)", "out * (1.0 - out)", "s * (1 - s)", "1 - out * out",
                "1.0 - out * out", "g * out * (1 - out)", "(1 - sigmoid(", "1 - sp.tanh(u) ** 2",
                "g / (2 * out)", "0.5 / out", "1 / sp.cos(u) ** 2",
                "(pc - t) / (pc * (1 - pc))", "diff * (g * (2 / n))", "2.0 * (o - t) / n",
                # softmax and log-softmax, as the tensor engine, its create_graph twin, the
                # explainer's neuron, its array engine and its matrix view each wrote them
                "(g * out).sum(", "(g * node).sum(", "(da * a).sum(", "np.outer(row, row)",
                "np.exp(out) * g.sum(", "node.exp() * g.sum(", "-out * out * m.exp(")


def _sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")
            if RULES_DIR not in p.parents}


SOURCES = _sources()


def _templates(row: rules.Rule | rules.VectorRule) -> list[str]:
    """The row's derivative templates as written in its declaration ({0}, {out} …)."""
    n = 5 if row.arity is None else row.arity
    names = [f"{{{i}}}" for i in range(n)]
    return [t for t in row.local_text(names, "{out}") if "{" in t and len(t) > 5]


ALL_ROWS = [*rules.ROWS.values(), *rules.VECTOR_ROWS.values()]


@pytest.mark.parametrize("row", ALL_ROWS, ids=lambda r: r.name)
def test_each_row_lives_in_one_place(row: rules.Rule | rules.VectorRule) -> None:
    code = (row.compute, row.local) if isinstance(row, rules.Rule) else (row.compute, row.vjp)
    where = {Path(inspect.getsourcefile(f)).resolve() for f in code}
    assert all(RULES_DIR in p.parents for p in where), where
    for template in _templates(row):
        others = [str(p.relative_to(SRC)) for p, text in SOURCES.items() if template in text]
        assert not others, f"{row.name}: its rule text {template!r} is copied in {others}"


@pytest.mark.parametrize("form", COPIED_FORMS)
def test_no_engine_keeps_a_copy_of_a_rule(form: str) -> None:
    others = [str(p.relative_to(SRC)) for p, text in SOURCES.items() if form in text]
    assert not others, f"{form!r} still written in {others}"


def test_the_copied_forms_would_be_caught() -> None:
    # the check is not vacuous: each form the engines used to write is how a row says it
    found = [form for form in ("out * (1 - out)", "1 - out * out")
             if any(form in p.read_text(encoding="utf-8") for p in RULES_DIR.glob("*.py"))]
    assert found == ["out * (1 - out)", "1 - out * out"]
