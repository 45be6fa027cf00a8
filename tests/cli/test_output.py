"""The renderer: plain text when piped or NO_COLOR, JSON that is always valid."""

from __future__ import annotations

import io
import json
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from chainrule.cli.output import Output, emit_json, plain, wants_color


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_table_aligns_columns():
    buf = io.StringIO()
    Output(buf).table(["name", "value"], [["a", 1.5], ["long name", -20.25]])
    lines = buf.getvalue().splitlines()
    assert lines[0].startswith("name") and lines[1].startswith("----")
    assert len({len(line) for line in lines[2:]}) == 1  # right-aligned numbers line up
    assert lines[3].endswith("-20.25")


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert wants_color(Terminal()) and not wants_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_color(Terminal())


def test_rich_output_on_a_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    buf = Terminal()
    Output(buf).verdict(True, "fine [x]")
    assert "fine [x]" in buf.getvalue() and "✓" in buf.getvalue()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=4),
    max_leaves=20)


@given(json_values)
def test_emit_json_is_always_valid_json(value):
    buf = io.StringIO()
    emit_json(value, buf)
    back = json.loads(buf.getvalue())
    if isinstance(value, float) and not math.isfinite(value):
        assert back is None


def test_plain_converts_numpy():
    data = plain({"a": np.arange(3), "b": np.float32(0.5), "c": (np.int64(2), np.nan)})
    assert data == {"a": [0, 1, 2], "b": 0.5, "c": [2, None]}
