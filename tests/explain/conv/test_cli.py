"""``chainrule explain`` on a conv2d file: the walkthrough, its formats and step options, and
examples/conv.toml's numbers recomputed here by hand with loops (no chainrule code)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from chainrule.cli.main import main

REPO = Path(__file__).resolve().parents[3]
NO_TEX = pytest.mark.usefixtures("pdflatex")  # skipped (or failed in CI) without pdflatex

# examples/conv.toml, read off the file by eye
X = [[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [2.0, 0.0, 1.0]]
K = [[0.5, -1.0], [0.25, 1.0]]
B1, W, B4, T, ETA = 0.1, [1.0, -0.5, 0.5, 2.0], 0.0, 1.0, 0.1


def by_hand(K, b1, W, b4):
    """One step of the example as a learner writes it: loops over every index."""
    Y1 = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            Y1[i, j] = b1 + sum(K[u][v] * X[i + u][j + v] for u in range(2) for v in range(2))
    Y2 = np.array([[max(Y1[i, j], 0.0) for j in range(2)] for i in range(2)])
    Y3 = [Y2[0, 0], Y2[0, 1], Y2[1, 0], Y2[1, 1]]
    Y4 = b4 + sum(W[k] * Y3[k] for k in range(4))
    E = 0.5 * (T - Y4) ** 2
    dY4 = Y4 - T
    dW = [dY4 * Y3[k] for k in range(4)]
    dY3 = [W[k] * dY4 for k in range(4)]
    dY2 = [[dY3[0], dY3[1]], [dY3[2], dY3[3]]]
    dY1 = np.array([[dY2[i][j] * (1.0 if Y1[i, j] > 0 else 0.0) for j in range(2)]
                    for i in range(2)])
    dK = np.zeros((2, 2))
    for u in range(2):
        for v in range(2):
            dK[u, v] = sum(dY1[i, j] * X[i + u][j + v] for i in range(2) for j in range(2))
    db1 = sum(dY1[i, j] for i in range(2) for j in range(2))
    dX = np.zeros((3, 3))
    for i in range(2):
        for j in range(2):
            for u in range(2):
                for v in range(2):
                    dX[i + u, j + v] += dY1[i, j] * K[u][v]
    return {"Y1": Y1, "Y2": Y2, "Y4": Y4, "E": E, "dY1": dY1, "dX": dX, "dK": dK, "db1": db1,
            "dW": dW, "db4": dY4,
            "K": [[K[u][v] - ETA * dK[u, v] for v in range(2)] for u in range(2)],
            "b1": b1 - ETA * db1, "W": [W[k] - ETA * dW[k] for k in range(4)],
            "b4": b4 - ETA * dY4}


STEP1 = by_hand(K, B1, W, B4)
STEP2 = by_hand(STEP1["K"], STEP1["b1"], STEP1["W"], STEP1["b4"])


def _names(step):
    """The hand step's parameter gradients and updated values by the walkthrough's names."""
    grads = {f"K1[{u + 1},{v + 1}]": step["dK"][u, v] for u in range(2) for v in range(2)}
    grads |= {"b1": step["db1"], "b4": step["db4"]}
    grads |= {f"W4[{k + 1}]": step["dW"][k] for k in range(4)}
    after = {f"K1[{u + 1},{v + 1}]": step["K"][u][v] for u in range(2) for v in range(2)}
    after |= {"b1": step["b1"], "b4": step["b4"]}
    after |= {f"W4[{k + 1}]": step["W"][k] for k in range(4)}
    return grads, after


@pytest.fixture
def run(monkeypatch, capsys):
    """``run("explain", "examples/conv.toml", …)`` in the repository: (exit code, stdout,
    stderr)."""
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")

    def call(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err
    return call


def _g(x: float) -> str:
    return f"{x:.6g}"


def test_the_walkthrough_shows_the_forward_equations_and_the_kernel_gradient(run):
    code, out, err = run("explain", "examples/conv.toml")
    assert code == 0, err
    assert ("Y1[1,1] = b1 + K1[1,1] · X[1,1] + K1[1,2] · X[1,2] + K1[2,1] · X[2,1] "
            "+ K1[2,2] · X[2,2]") in out
    assert "Y2[1,2] = ReLU(Y1[1,2])" in out and "Y4 = b4 + W4[1] · Y3[1]" in out
    assert ("∂E/∂K1[1,1] = ∂E/∂Y1[1,1] · X[1,1] + ∂E/∂Y1[1,2] · X[1,2] + ∂E/∂Y1[2,1] · X[2,1] "
            "+ ∂E/∂Y1[2,2] · X[2,2]") in out
    # the numbers are the hand ones
    assert f"= {_g(STEP1['Y1'][0, 0])}\n" in out and f"= {_g(STEP1['E'])}\n" in out
    kernel = out[out.index("∂E/∂K1[1,1] ="):]
    assert f"= {_g(STEP1['dK'][0, 0])}\n" in kernel[:kernel.index("∂E/∂K1[1,2]")]
    assert _g(STEP1["K"][1][1]) in out  # the updated K1[2,2] in the update table


def test_the_json_is_the_hand_calculation(run):
    code, out, err = run("explain", "examples/conv.toml", "--json")
    assert code == 0, err
    data = json.loads(out)
    (step,) = data["steps"]
    assert step["step"] == 1
    assert step["loss"] == pytest.approx(STEP1["E"], abs=1e-12)
    assert data["losses"] == pytest.approx([STEP1["E"]], abs=1e-12)
    maps, dmaps = step["maps"], step["dE/dmaps"]
    np.testing.assert_allclose(maps["X"], [[X]], rtol=0, atol=0)
    np.testing.assert_allclose(maps["Y1"], [[STEP1["Y1"]]], rtol=0, atol=1e-12)
    np.testing.assert_allclose(maps["Y2"], [[STEP1["Y2"]]], rtol=0, atol=1e-12)
    np.testing.assert_allclose(maps["Y4"], [[STEP1["Y4"]]], rtol=0, atol=1e-12)
    np.testing.assert_allclose(dmaps["Y1"], [[STEP1["dY1"]]], rtol=0, atol=1e-12)
    np.testing.assert_allclose(dmaps["X"], [[STEP1["dX"]]], rtol=0, atol=1e-12)
    grads, after = _names(STEP1)
    assert set(step["gradients"]) == set(grads)
    for name, value in grads.items():
        assert step["gradients"][name] == pytest.approx(value, abs=1e-12), name
    assert set(data["final_parameters"]) == set(after)
    for name, value in after.items():
        assert data["final_parameters"][name] == pytest.approx(value, abs=1e-12), name
    assert data["final_loss"] == pytest.approx(STEP2["E"], abs=1e-12)


def test_show_2_shows_step_2(run):
    code, out, err = run("explain", "examples/conv.toml", "--steps", "2", "--show", "2")
    assert code == 0, err
    assert "Step 2" in out and "Step 1 ─" not in out
    kernel = out[out.index("∂E/∂K1[1,1] ="):]
    assert f"= {_g(STEP2['dK'][0, 0])}\n" in kernel[:kernel.index("∂E/∂K1[1,2]")]
    code, out, err = run("explain", "examples/conv.toml", "--steps", "2", "--show", "2",
                         "--json")
    assert code == 0, err
    (step,) = json.loads(out)["steps"]
    assert step["step"] == 2 and step["loss"] == pytest.approx(STEP2["E"], abs=1e-12)
    grads, _ = _names(STEP2)
    _, before = _names(STEP1)  # step 2 starts from step 1's update
    for name, value in before.items():
        assert step["parameters"][name] == pytest.approx(value, abs=1e-12), name
    for name, value in grads.items():
        assert step["gradients"][name] == pytest.approx(value, abs=1e-12), name


def test_show_outside_the_steps_is_one_line_exit_2(run):
    code, out, err = run("explain", "examples/conv.toml", "--show", "2")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "step 2" in err


def test_a_thousand_steps(run):
    code, out, err = run("explain", "examples/conv.toml", "--steps", "1000")
    assert code == 0, err
    assert "Training: 1000 steps" in out and "Step 1" in out
    code, out, err = run("explain", "examples/conv.toml", "--steps", "1000", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert len(data["losses"]) == 1000
    assert data["losses"][:2] == pytest.approx([STEP1["E"], STEP2["E"]], abs=1e-12)
    assert data["final_loss"] < 1e-6 < STEP1["E"]  # it learns the one target


@pytest.mark.parametrize(("fmt", "marker"), [
    ("md", "# Backpropagation"), ("latex", r"\begin{document}"), ("html", "<!DOCTYPE html>")])
def test_formats_to_a_file(run, tmp_path, fmt, marker):
    path = tmp_path / f"step.{fmt}"
    code, _, err = run("explain", "examples/conv.toml", "--format", fmt, "-o", str(path))
    assert code == 0, err
    text = path.read_text(encoding="utf-8")
    assert marker in text and _g(STEP1["dK"][1, 1]) in text  # ∂E/∂K1[2,2]
    assert "K1" in text


@pytest.mark.parametrize(("ext", "marker"), [
    ("md", "# Backpropagation"), ("tex", r"\begin{document}"), ("html", "<!DOCTYPE html>")])
def test_the_output_extension_picks_the_format(run, tmp_path, ext, marker):
    path = tmp_path / f"step.{ext}"
    code, _, err = run("explain", "examples/conv.toml", "-o", str(path))
    assert code == 0, err
    assert marker in path.read_text(encoding="utf-8")


def test_html_escapes_and_has_no_script(run, tmp_path):
    path = tmp_path / "step.html"
    code, _, err = run("explain", "examples/conv.toml", "--steps", "3", "--show", "1,3",
                       "-o", str(path))
    assert code == 0, err
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html and "<math" in html


@NO_TEX
@pytest.mark.parametrize("args", [(), ("--steps", "5", "--show", "1,5")], ids=["one", "five"])
def test_the_latex_compiles(run, tmp_path, args):
    path = tmp_path / "m.tex"
    code, _, err = run("explain", "examples/conv.toml", *args, "--format", "latex", "-o",
                       str(path))
    assert code == 0, err
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                           "-no-shell-escape", "m.tex"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    errors = [line for line in done.stdout.splitlines() if line.startswith(("!", "l."))]
    assert done.returncode == 0 and errors == [], errors
    assert (tmp_path / "m.pdf").exists()


def test_a_bad_conv_file_is_one_line_exit_2(run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text((REPO / "examples" / "conv.toml").read_text(encoding="utf-8").replace(
        "weight = [[1.0, -0.5, 0.5, 2.0]]", "weight = [[1.0, -0.5, 0.5]]"), encoding="utf-8")
    code, out, err = run("explain", str(bad))
    assert code == 2 and out == "" and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert "bad.toml: layers[3].weight:" in line
    code, out, err = run("explain", "examples/conv.toml", "--steps", "1000000000")
    assert code == 2 and "over the budget" in err
