"""``chainrule graph``: formula graphs (SVG, PNG, DOT) and network diagrams."""

from __future__ import annotations


def test_seed001_graph_as_svg(cli, tmp_path):
    result = cli("graph", "(a*b + c)*f", "--at", "a=2,b=-3,c=10,f=-2", "-o", "g.svg")
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "g.svg").read_text(encoding="utf-8")
    assert "<svg" in svg
    assert f"output {(2 * -3 + 10) * -2:g}" in result.stdout


def test_dot_source_holds_values_and_gradients(cli, tmp_path):
    result = cli("graph", "x*y + x", "--at", "x=3,y=4", "-o", "g.dot")
    assert result.returncode == 0, result.stderr
    dot = (tmp_path / "g.dot").read_text(encoding="utf-8")
    assert dot.startswith("digraph")
    # ∂/∂x (x·y + x) = y + 1 = 5 and ∂/∂y = x = 3: both gradients are drawn.
    assert "grad 5" in dot and "grad 3" in dot


def test_network_diagram(cli, examples, tmp_path):
    result = cli("graph", str(examples / "seed003.toml"), "-o", "net.png")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "net.png").read_bytes()[:4] == b"\x89PNG"


def test_missing_network_file_in_a_subprocess(cli, error_line):
    assert "does not exist" in error_line(cli("graph", "missing.toml", "-o", "n.svg"))


def test_errors(inproc, error_of, examples):
    assert "-o" in error_of(inproc("graph", "x^2", "-o", "g.jpeg"))
    assert "'z'" in error_of(inproc("graph", "x^2", "--at", "z=1", "-o", "g.svg"))
    assert ".svg" in error_of(inproc("graph", str(examples / "seed003.toml"), "-o", "n.dot"))
    assert "required" in error_of(inproc("graph", "x^2"))
