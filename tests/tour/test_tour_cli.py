"""``chainrule tour`` end to end (the fast variant), and the renderers on the real sections."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from chainrule.cli.output import Output
from chainrule.cli.tourview import render_section, section_markdown, tour_markdown


def _command() -> list[str]:
    script = Path(sys.executable).with_name("chainrule")
    return [str(script)] if script.exists() else [sys.executable, "-m", "chainrule.cli.main"]


def test_tour_command_fast(tmp_path):
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    result = subprocess.run([*_command(), "tour", "--fast", "-o", "out"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, encoding="utf-8",
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "[1/21] Seed 000" in out and "[21/21] Seed 003" in out and "Tour complete" in out
    assert out.index("Seed 001") < out.index("Seed 002") < out.index("Seed 003 ·")
    page = (tmp_path / "out" / "tour.md").read_text(encoding="utf-8")
    assert page.count("## Seed") == 21
    assert "![" in page and "(derivative_plots.png)" in page


def test_renderers_show_every_part(tmp_path):
    from chainrule.tour import seed000
    from chainrule.tour.files import FigureWriter

    s = seed000.limit_definition(FigureWriter(tmp_path))
    buf = io.StringIO()
    render_section(Output(buf), s, 1, 1)
    text = buf.getvalue()
    for part in (s.heading, s.text[0], s.corrections[0].seed_says, str(s.figures[0].path),
                 s.commands[0], s.tables[0].columns[1]):
        assert part in text
    md = section_markdown(s, tmp_path)
    assert f"## {s.heading}" in md and "![" in md and "```text" in md
    assert "# chainrule tour" in tour_markdown([s], tmp_path, 1.0)
