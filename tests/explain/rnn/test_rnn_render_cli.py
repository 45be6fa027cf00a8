"""The RNN explanation's renderers (LaTeX compiles with pdflatex) and the CLI's exit codes and
formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.explain.rnn.reference import EXAMPLES, random_case

from chainrule.explain import explain
from chainrule.explain.families import load_file
from chainrule.explain.rnn import from_dict

NO_TEX = pytest.mark.usefixtures("pdflatex")


def _compile(tex: str, where: Path) -> list[str]:
    (where / "m.tex").write_text(tex, encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                          "-no-shell-escape", "m.tex"], cwd=where, capture_output=True,
                         text=True, timeout=120)
    return [] if run.returncode == 0 else [
        line for line in run.stdout.splitlines() if line.startswith(("!", "l."))]


@NO_TEX
@pytest.mark.parametrize("network", [
    lambda: load_file(EXAMPLES / "rnn.toml"),
    lambda: load_file(EXAMPLES / "rnn-seq.toml"),
    lambda: from_dict(random_case(2, 3, 3, 2, 2, "mse", "tanh"), "case"),
    lambda: from_dict(random_case(5, 6, 12, 2, 1), "case"),
], ids=["rnn", "rnn-seq", "vector", "large"])
def test_latex_compiles(network, tmp_path):
    tex = explain(network(), 3, show=[1, 3]).to_latex(standalone=True)
    assert _compile(tex, tmp_path) == []


@NO_TEX
def test_the_check_report_latex_compiles(tmp_path):
    from chainrule.explain import check_backprop

    tex = check_backprop(None, EXAMPLES / "rnn-learner.toml").to_latex(standalone=True)
    assert _compile(tex, tmp_path) == []


def test_a_large_network_is_shown_by_tables_and_matrices():
    net = from_dict(random_case(5, 6, 12, 2, 1), "case")  # 205 parameters × 6 time steps
    md = explain(net).to_markdown()
    assert "too many for an equation per entry" in md and "The same step as matrices" in md
    assert "W_hh[1,2]" not in md.split("## Step 1")[1]  # no equation per entry
    assert "…" in md and "⋯" in md  # long vectors and matrices elided
    assert len(md.splitlines()) < 800  # an equation per entry would be over 3,000


def test_markdown_html_and_dict_carry_the_same_step():
    ex = explain(load_file(EXAMPLES / "rnn-seq.toml"), 4, show=[1, 4])
    g = ex.detail(4)
    md, html = ex.to_markdown(), ex.to_html()
    value = f"{g.dz[0, 1]:.6g}"  # δ1[2] of step 4
    assert value in md and value in html
    assert "δ1[2]" in md and "Σ_t δ_t h_{t−1}ᵀ" in md
    assert "<math" in html and "<script" not in html
    data = json.loads(json.dumps(ex.to_dict(matrices=True)))
    assert [s["step"] for s in data["steps"]] == [1, 4]
    assert len(data["steps"][0]["contributions"]["W_hh"]) == 5
    assert len(data["losses"]) == 4
    assert data["final_loss"] == pytest.approx(ex.final_loss)


def test_a_user_string_is_escaped():
    d = random_case(1, 2, 1, 1, 1)
    d["description"] = "<script>alert(1)</script> & 50% $x$"
    ex = explain(from_dict(d, "case"))
    assert "<script>alert" not in ex.to_html()
    assert r"50\%" in ex.to_latex()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8", COLUMNS="120")
    return subprocess.run([sys.executable, "-m", "chainrule.cli.main", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=300)


def test_cli_explain_steps_check_and_formats(tmp_path):
    run = _cli("explain", str(EXAMPLES / "rnn.toml"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Backward pass through time" in run.stdout and "δ1 = ∂E/∂h1" in run.stdout
    run = _cli("explain", str(EXAMPLES / "rnn-seq.toml"), "--steps", "1000", cwd=tmp_path)
    assert run.returncode == 0 and "Training: 1000 steps" in run.stdout
    run = _cli("explain", str(EXAMPLES / "rnn.toml"), "--check",
               str(EXAMPLES / "rnn-learner.toml"), cwd=tmp_path)
    assert run.returncode == 1 and run.stdout.count("WRONG") == 3, run.stdout
    for fmt, marker in (("md", "# Backpropagation through time"), ("latex", r"\begin{document}"),
                        ("html", "<!DOCTYPE html>")):
        run = _cli("explain", str(EXAMPLES / "rnn.toml"), "--format", fmt, cwd=tmp_path)
        assert run.returncode == 0 and marker in run.stdout, (fmt, run.stderr)
    run = _cli("explain", str(EXAMPLES / "rnn.toml"), "-o", "step.html", cwd=tmp_path)
    assert run.returncode == 0 and (tmp_path / "step.html").read_text().startswith("<!DOCTYPE")
    run = _cli("explain", str(EXAMPLES / "rnn.toml"), "--json", "--steps", "3", cwd=tmp_path)
    assert run.returncode == 0 and len(json.loads(run.stdout)["losses"]) == 3


def test_cli_all_right_check_exits_0(tmp_path):
    net = load_file(EXAMPLES / "rnn.toml")
    g = explain(net).detail(1)
    mine = tmp_path / "mine.toml"
    mine.write_text(f'network = "{EXAMPLES / "rnn.toml"}"\nh3 = {float(g.h[3, 0])!r}\n'
                    f'"dE/dW_hh" = {float(g.grads["W_hh"][0, 0])!r}\n', encoding="utf-8")
    run = _cli("explain", str(EXAMPLES / "rnn.toml"), "--check", str(mine), cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    assert "Everything is right." in run.stdout


def test_cli_bad_file_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text((EXAMPLES / "rnn.toml").read_text(encoding="utf-8").replace(
        "weight_hh = [[0.8]]", "weight_hh = [[0.8, 1]]"), encoding="utf-8")
    run = _cli("explain", str(bad), cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.toml: rnn.weight_hh:" in lines[0]
    run = _cli("explain", str(EXAMPLES / "rnn.toml"), "--steps", "1000000000", cwd=tmp_path)
    assert run.returncode == 2 and "over the budget" in run.stderr


def test_cli_graph_of_an_rnn_file_is_one_line_pointing_at_explain(tmp_path):
    run = _cli("graph", str(EXAMPLES / "rnn.toml"), "-o", "net.svg", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert "graph draws dense networks" in line and "chainrule explain" in line
    assert not (tmp_path / "net.svg").exists()
