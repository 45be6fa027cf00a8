"""One clear line instead of an "internal error" (issue 13, items 6-8): arithmetic on the
user's numbers, long formulas in ``graph``, control characters, a closed stdout, and what
``--resume`` keeps from its checkpoint."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from chainrule.cli.main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def one_line(err: str) -> str:
    """The error line (a parse error adds a second line: the caret under the column)."""
    lines = err.rstrip().splitlines()
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].strip() == "^"), err
    assert "internal error" not in lines[0] and "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("argv, words", [
    (["derive", "sin(x*x)", "--at", "x=1e200"], "outside its domain"),
    (["graph", "(1e300*x)^2", "-o", "g.svg"], "past the largest float"),
    (["graph", "(x-1)^0.5", "-o", "g.svg"], "derivative is infinite|division by zero"),
    (["descend", "(x-1)^0.5", "--x0", "1", "--lr", "0.1"],
     "derivative is infinite|division by zero"),
    (["derive", "(10^100)^50"], r"about 5,000 digits; exact numbers are limited to 1,000"),
    (["derive", "*".join(["x"] * 490)], "nests more than 120 operations deep"),
])
def test_arithmetic_and_size_errors_are_one_clear_line(capsys, tmp_path, monkeypatch,
                                                       argv, words):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert re.search(words, one_line(err)), err


def test_graph_of_a_formula_longer_than_a_file_name(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    formula = "+".join(f"a{i}*b{i}" for i in range(100))  # 100 terms, 800 characters
    status, out, err = run(capsys, "graph", formula, "-o", "g.dot", "--max-nodes", "60")
    assert status == 0, err
    assert (tmp_path / "g.dot").read_text().count("shape=record") <= 61
    assert "written to g.dot" in out


def test_control_characters_in_errors_are_shown_escaped(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "train", "--data", "\x1b[2Jevil\u202e.csv")
    line = one_line(err)
    assert status == 2 and "\x1b" not in err and "\u202e" not in err
    assert r"\x1b[2Jevil\u202e.csv" in line
    status, _, err = run(capsys, "derive", "x +\x1b[31m 1")
    assert status == 2 and "\x1b" not in err and r"\x1b" in err


def test_closed_stdout_is_one_line():
    code = "import sys; from chainrule.cli.main import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, "derive", "x^2", "--json"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          timeout=60, preexec_fn=lambda: __import__("os").close(1))
    assert done.returncode == 2
    assert "standard output is closed" in one_line(done.stderr)


def test_learner_value_beyond_float(capsys, tmp_path):
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2] / "examples"
    (tmp_path / "mine.toml").write_text('y1 = "1e400"\n', encoding="utf-8")
    status, _, err = run(capsys, "explain", str(examples / "seed000.toml"), "--check",
                         str(tmp_path / "mine.toml"))
    assert status == 2 and "'1e400' is beyond the range of a float" in one_line(err)


def test_resume_says_what_it_keeps(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "train", "--data", "xor", "--epochs", "1", "--layers", "4",
                         "--checkpoint", "r.npz", "--json")
    assert status == 0, err
    status, _, err = run(capsys, "train", "--data", "moons", "--epochs", "2", "--layers", "4",
                         "--resume", "r.npz")
    assert status == 2 and "trained on --data xor, not moons" in one_line(err)
    status, out, err = run(capsys, "train", "--data", "xor", "--epochs", "2", "--layers", "4",
                           "--resume", "r.npz", "--lr", "0.5", "--batch-size", "8")
    assert status == 0, err
    assert "--lr 0.5 is not used: the checkpoint continues with its learning rate 0.01" in err
    assert "--batch-size 8 differs from the checkpoint's 32" in err
    assert "adam lr=0.01" in out  # the intro shows the rate actually used


def test_a_slow_graphviz_is_not_waited_on(capsys, tmp_path, monkeypatch):
    import chainrule.viz.graph as vg
    from chainrule.cli import graph as cli_graph
    from chainrule.errors import ConfigError

    timeouts = []

    def slow_dot(source, fmt="svg", *, timeout=30.0):
        timeouts.append(timeout)
        raise ConfigError(f"Graphviz 'dot' ran longer than {timeout:g} s")

    monkeypatch.setattr(vg, "render_dot", slow_dot)
    monkeypatch.setattr(vg, "graphviz_available", lambda: True)
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "graph", "+".join(["x"] * 60), "-o", "g.png")
    assert status == 0, err
    assert timeouts == [cli_graph.GRAPHVIZ_SECONDS]
    assert "drawing with the pure-Python layout" in err and "matplotlib" in out
    assert (tmp_path / "g.png").read_bytes().startswith(b"\x89PNG")
