"""``chainrule descend``: the table, JSON, divergence, pictures and their errors."""

from __future__ import annotations

import json

import pytest


def _by_hand(grad, x, lr, steps):
    xs = [x]
    for _ in range(steps):
        x = x - lr * grad(x)
        xs.append(x)
    return xs


def test_seed003_square_as_json(cli):
    result = cli("descend", "x^2", "--x0", "1", "--lr", "0.3", "--steps", "3", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected = _by_hand(lambda x: 2 * x, 1.0, 0.3, 3)
    assert [round(x, 12) for x in data["x"]] == [round(x, 12) for x in expected]
    assert data["diverged"] is False


def test_table_has_one_row_per_step(cli):
    result = cli("descend", "x^3 + 3x^2", "--x0", "-1.99", "--lr", "0.04", "--steps", "5")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    expected = _by_hand(lambda x: 3 * x * x + 6 * x, -1.99, 0.04, 5)
    assert any(f"{expected[5]:.6g}" in line for line in lines)
    assert "after 5 step(s)" in result.stdout


def test_two_variables_with_a_leading_minus(cli):
    result = cli("descend", "x^2 + 10y^2", "--x0=-1,2", "--lr", "0.05", "--steps", "2",
                 "--json")
    data = json.loads(result.stdout)
    x, y = -1.0, 2.0
    for _ in range(2):
        x, y = x - 0.05 * 2 * x, y - 0.05 * 20 * y
    assert abs(data["x"][-1][0] - x) < 1e-12 and abs(data["x"][-1][1] - y) < 1e-12


def test_divergence_is_reported_not_crashed(cli):
    result = cli("descend", "x^3 + 3x^2", "--x0", "-2.01", "--lr", "0.04", "--steps", "60")
    assert result.returncode == 1, result.stderr
    # x³ + 3x² falls to −∞ going left: a smaller rate would not help, so none is advised (issue 22)
    assert "Diverged" in result.stdout and "unbounded below" in result.stdout
    assert "smaller --lr" not in result.stdout


def test_growing_f_is_divergence_with_the_quadratic_bound(cli):
    # x ← x − 1.1·2x = −1.2x: f = 1.44^k grows; f″ = 2 so α must be below 1.
    result = cli("descend", "x^2", "--x0", "1", "--lr", "1.1", "--steps", "8")
    assert result.returncode == 1
    assert f"f grew from 1 to {1.44 ** 8:.4g}" in result.stdout
    assert "α < 2/2 = 1" in result.stdout and "✓" not in result.stdout


def test_bouncing_at_the_bound_is_oscillating(cli):
    result = cli("descend", "x^2", "--x0", "1", "--lr", "1", "--steps", "8")
    assert result.returncode == 0
    assert "✗ Oscillating: x bounces between x = -1 and x = 1" in result.stdout


def test_several_rates_share_one_picture_and_get_a_verdict_each(cli, tmp_path):
    result = cli("descend", "x^2", "--x0", "-1", "--lr", "0.1,0.45,1.1", "--steps", "20",
                 "--plot", "cmp.png", "--json")
    assert result.returncode == 1  # 1.1 diverges
    runs = json.loads(result.stdout)["runs"]
    assert [r["lr"] for r in runs] == [0.1, 0.45, 1.1]
    for run in runs:  # x ← (1 − 2α)x from −1, by hand
        assert run["final"]["x"] == pytest.approx(-((1 - 2 * run["lr"]) ** 20))
    assert [r["verdict"]["kind"] for r in runs] == ["step limit", "converged", "diverged"]
    assert (tmp_path / "cmp.png").read_bytes()[:4] == b"\x89PNG"
    text = cli("descend", "x^2", "--x0", "-1", "--lr", "0.1,0.45,1.1", "--steps", "20").stdout
    assert sum(line.startswith(("✓ α = ", "✗ α = ")) for line in text.splitlines()) == 3


def test_negative_numbers_on_the_command_line(cli):
    result = cli("descend", "-x^2 + x^4", "--x0", "-1,", "--lr", "0.1")
    assert "--x0" in result.stderr  # "-1," is a value (with an empty part), not an option
    result = cli("descend", "x^2 + y^2", "--x0", "-1,2", "--lr", "0.25", "--steps", "1",
                 "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["x"][-1] == [-0.5, 1.0]


def test_plot_writes_a_png(cli, tmp_path):
    result = cli("descend", "x^2", "--x0", "1", "--lr", "0.3", "--steps", "3", "--plot",
                 "out/path.png")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "path.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["path.png"]


def test_gif_writes_a_gif(cli, tmp_path):
    result = cli("descend", "x^2", "--x0", "1", "--lr", "0.3", "--steps", "3", "--gif", "a.gif")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a.gif").read_bytes()[:6] in (b"GIF89a", b"GIF87a")


def test_picture_suffix_error_in_a_subprocess(cli, error_line):
    assert ".gif" in error_line(cli("descend", "x^2", "--x0", "1", "--lr", "1", "--gif",
                                    "a.png"))


def test_errors_are_one_line(inproc, error_of):
    line = error_of(inproc("descend", "x^2", "--x0", "1", "--lr", "1", "--plot", "a.png",
                           "--gif", "a.gif"))
    assert "not allowed with" in line
    assert "--x0" in error_of(inproc("descend", "x^2", "--x0", "one", "--lr", "0.1"))
    assert "--lr" in error_of(inproc("descend", "x^2", "--x0", "1", "--lr", "0"))
    assert "x0" in error_of(inproc("descend", "x^2 + y^2", "--x0", "1", "--lr", "0.1"))
    assert "--vars" in error_of(inproc("descend", "x^2", "--x0", "1", "--lr", "1",
                                       "--vars", ","))
