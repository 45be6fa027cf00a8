"""``chainrule explain``: the walkthrough in every format, JSON, check-my-work, bad files."""

from __future__ import annotations

import json

import numpy as np
import pytest


def seed003_step(lr: float = 0.1) -> tuple[dict[str, float], float]:
    """Seed 003's step by hand in NumPy: Dense 3→1, ReLU, Dense 1→2, ReLU, MSE."""
    i = np.array([1.0, 0.5, 1.0])
    W1, b1 = np.array([0.5, 1.0, -0.5]), 0.0
    W2, b2 = np.array([-1.0, 1.0]), np.array([0.0, 0.0])
    t = np.array([0.5, 1.0])
    a0 = i @ W1 + b1
    h = max(a0, 0.0)
    c = h * W2 + b2
    o = np.maximum(c, 0.0)
    loss = float(np.mean((o - t) ** 2))
    dc = 2 * (o - t) / 2 * (c > 0)
    da0 = float(dc @ W2) * (a0 > 0)
    new = {"w_b0^c0": W2[0] - lr * dc[0] * h, "w_b0^c1": W2[1] - lr * dc[1] * h,
           "b^c0": b2[0] - lr * dc[0], "b^c1": b2[1] - lr * dc[1],
           "w_i0^a0": W1[0] - lr * da0 * i[0], "w_i1^a0": W1[1] - lr * da0 * i[1],
           "w_i2^a0": W1[2] - lr * da0 * i[2], "b^a0": b1 - lr * da0}
    return new, loss


def test_seed003_json_matches_a_hand_computation(cli, examples):
    result = cli("explain", str(examples / "seed003.toml"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    new, loss = seed003_step()
    assert data["steps"][0]["loss"] == pytest.approx(loss, abs=1e-12)
    for name, value in new.items():
        assert data["final_parameters"][name] == pytest.approx(value, abs=1e-12), name


def test_text_walkthrough_when_piped(cli, examples):
    result = cli("explain", str(examples / "seed000.toml"))
    assert result.returncode == 0, result.stderr
    assert "\x1b[" not in result.stdout  # no colour codes in a pipe
    assert "∂E_total/∂w5" in result.stdout and "Forward pass" in result.stdout


@pytest.mark.parametrize(("name", "marker"), [("step.md", "# Backpropagation"),
                                              ("step.tex", r"\begin{document}"),
                                              ("step.html", "<html"),
                                              ("step.txt", "Forward pass")])
def test_output_file_format_from_extension(inproc, examples, tmp_path, name, marker):
    code, out, err = inproc("explain", str(examples / "seed003.toml"), "-o", name)
    assert code == 0, err
    assert out == "" and name in err  # the note goes to stderr, stdout stays clean
    assert marker in (tmp_path / name).read_text(encoding="utf-8")


def test_output_file_in_a_subprocess(cli, examples, tmp_path):
    result = cli("explain", str(examples / "seed000.toml"), "-o", "walk.md")
    assert result.returncode == 0, result.stderr
    assert "∂E_total/∂w5" in (tmp_path / "walk.md").read_text(encoding="utf-8")


def test_several_steps(inproc, examples):
    code, out, _ = inproc("explain", str(examples / "seed003.toml"), "--steps", "3", "--json")
    assert code == 0
    data = json.loads(out)
    losses = data["losses"]
    assert len(losses) == 3 and losses[0] > losses[1] > losses[2]


def test_check_my_work_on_the_seed_numbers(cli, examples):
    result = cli("explain", str(examples / "seed000.toml"), "--check",
                 str(examples / "seed000-learner.toml"), "--json")
    assert result.returncode == 1  # some values are wrong
    data = json.loads(result.stdout)
    assert data["all_right"] is False
    assert data["first_wrong"] == "y1^a"
    x1 = next(j for j in data["judgements"] if j["key"] == "x1")
    assert x1["verdict"] == "differs" and x1["true"] == 0.05


def test_check_my_work_all_right(cli, examples, tmp_path):
    # y1 = 0.05·0.15 + 0.1·0.25 + 0.35 recomputed here; w5⁺ from the hand computation below.
    y1 = 0.05 * 0.15 + 0.1 * 0.25 + 0.35
    (tmp_path / "mine.toml").write_text(f'y1 = "{y1:.4f}"\n', encoding="utf-8")
    result = cli("explain", str(examples / "seed000.toml"), "--check", "mine.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "y1" in result.stdout


def test_missing_network_file(cli, error_line):
    line = error_line(cli("explain", "nowhere.toml"))
    assert "nowhere.toml" in line and "does not exist" in line


def test_bad_field_is_named(inproc, error_of, tmp_path):
    (tmp_path / "bad.toml").write_text("inputs = [1]\ntargets = [1]\nlearning_rate = 0.1\n"
                                       "[loss]\nkind = 'mse'\n", encoding="utf-8")
    line = error_of(inproc("explain", "bad.toml"))
    assert "bad.toml" in line and "layers" in line


def test_unknown_output_extension(inproc, examples, error_of):
    line = error_of(inproc("explain", str(examples / "seed003.toml"), "-o", "step.docx"))
    assert "--format" in line


def test_many_steps_show_and_plot(inproc, examples, tmp_path):
    code, out, err = inproc("explain", str(examples / "seed000.toml"), "--steps", "300",
                            "--show", "1,300", "--plot", "loss.png", "--format", "md")
    assert code == 0, err
    assert "## Training: 300 steps" in out and "## Step 300" in out and "## Step 2\n" not in out
    assert "| 200 |" in out  # the log-spaced loss table
    assert (tmp_path / "loss.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(("args", "message"), [
    (("--steps", "5", "--show", "6"), "step 6 is outside 1…5"),
    (("--show", "one"), "expected step numbers"),
    (("--plot", "curve.gif"), "name a .png, .svg or .pdf"),
    (("--steps", "100000000"), "over the budget of one run; at most"),  # refused at once
])
def test_bad_show_and_plot(cli, examples, args, message):
    result = cli("explain", str(examples / "seed000.toml"), *args)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_explain_a_trained_model_on_a_sample(inproc, tmp_path):
    from chainrule import nn
    from chainrule.io import save

    model = nn.Sequential(nn.Dense(2, 3, seed=1, dtype=np.float64), nn.Tanh(),
                          nn.Dense(3, 2, seed=2, dtype=np.float64))
    save(model, tmp_path / "m.npz")
    code, out, err = inproc("explain", "m.npz", "--data", "moons", "--sample", "3", "--json")
    assert code == 0, err
    data = json.loads(out)
    layers = data["network"]["layers"]
    assert [l["activation"] for l in layers] == ["tanh", "softmax"]  # cross-entropy's softmax
    W = np.array(layers[0]["weights"])
    np.testing.assert_array_equal(W, model[0].weight.data.T)  # (in, out) → rows per neuron
    code, _, err = inproc("explain", "m.npz")
    assert code == 2 and "add --data" in err
    code, _, err = inproc("explain", "m.npz", "--data", "moons", "--sample", "100000")
    assert code == 2 and "training samples" in err
