"""Every console block of README.md and docs/*.md, run and compared with what it shows.

The machinery is ``tests/docs_blocks.py`` (also a script: ``python -m tests.docs_blocks
--update`` rewrites the blocks from real output). The first tests pin its conventions down on
made-up blocks; the last runs the documents (about a minute: it trains digits three times and
runs the tour once).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("docs_blocks", Path(__file__).with_name(
    "docs_blocks.py"))
assert _SPEC is not None and _SPEC.loader is not None
docs_blocks = importlib.util.module_from_spec(_SPEC)
sys.modules["docs_blocks"] = docs_blocks  # dataclasses look their module up
_SPEC.loader.exec_module(docs_blocks)


@pytest.fixture
def doc(tmp_path):
    def write(text: str, name: str = "doc.md") -> Path:
        (tmp_path / name).write_text(text, encoding="utf-8")
        return tmp_path / name

    return write


def test_the_comparison_is_strict_but_for_cuts_and_times():
    m = docs_blocks.matches
    assert m(["a", "b"], ["a", "b  "])
    assert not m(["a", "b"], ["a", "c"]) and not m(["a"], ["a", "b"])
    assert m(["a", "...", "z"], ["a", "b", "c", "z"]) and m(["a", "...", "z"], ["a", "z"])
    assert not m(["a", "...", "z"], ["a", "b", "y"])
    assert m(["a", "...", "m", "...", "z"], ["a", "b", "m", "c", "z"])
    assert not m(["a", "...", "m", "...", "z"], ["a", "b", "c", "z"])
    assert m(["time         10.9 s"], ["time         5.0 s"])
    assert m(["done in 12 ms"], ["done in 3.5 ms"])
    assert not m(["time         10.9 s, 97.3%"], ["time         10.9 s, 97.8%"])
    assert not m(["12 samples/s"], ["13 samples/s"])
    assert not m(["x = 0.5"], ["x = 0.6"])


def test_update_keeps_the_cuts():
    real = [f"line {k}" for k in range(10)]
    assert docs_blocks.rewritten(["line 0", "...", "line 9"], real) == ["line 0", "...",
                                                                        "line 9"]
    assert docs_blocks.rewritten(["old 0", "...", "old 9"], real) == ["line 0", "...",
                                                                      "line 9"]
    # a shown part that is still there, no longer at the end, stays as an excerpt
    assert docs_blocks.rewritten(["line 0", "...", "line 5"], real) == ["line 0", "...",
                                                                        "line 5", "..."]
    assert docs_blocks.rewritten(["x"], real) == real


def test_blocks_not_run_are_marked_and_counted_and_others_must_have_commands(doc):
    path = doc("```console not run: needs a browser\n$ chainrule playground\n```\n\n"
               "```console\n$ echo hi\nhi\n```\n")
    blocks = docs_blocks.parse(path)
    assert [b.not_run for b in blocks] == ["needs a browser", None]
    outcomes = docs_blocks.run_document(path)
    assert outcomes[0].outputs is None and not outcomes[1].differences
    bad = doc("```console\n>>> 1 + 1\n2\n```\n", "bad.md")
    with pytest.raises(ValueError, match="pycon"):
        docs_blocks.parse(bad)


def test_a_wrong_output_is_reported_and_update_fixes_it(doc):
    path = doc("Intro.\n\n```console\n$ printf 'a\\nb\\n'\na\nc\n```\n\nEnd.\n")
    (outcome,) = docs_blocks.run_document(path)
    assert outcome.differences and "-c" in outcome.differences[0]
    assert docs_blocks.update([outcome]) == 1
    assert path.read_text() == "Intro.\n\n```console\n$ printf 'a\\nb\\n'\na\nb\n```\n\nEnd.\n"


def test_every_console_block_of_the_docs_shows_its_real_output():
    outcomes = docs_blocks.run_all(docs_blocks.documents())
    differing = [d for o in outcomes for d in o.differences]
    ran = [o for o in outcomes if o.outputs is not None]
    assert len(ran) >= 40  # README, tutorial, teaching, the tour snippet
    not_run = [o.block for o in outcomes if o.outputs is None]
    assert all(b.not_run for b in not_run)
    assert not differing, ("\n\n".join(differing) + "\n\nrun 'python -m tests.docs_blocks "
                           "--update' to rewrite the blocks from the real output")
