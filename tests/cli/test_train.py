"""``chainrule train``: data sources, JSON, saved models, checkpoints and exact resume."""

from __future__ import annotations

import json

import numpy as np
import pytest


def train_json(cli, *args):
    result = cli("train", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # JSON and nothing else on stdout


def test_json_history_has_one_entry_per_epoch(cli):
    data = train_json(cli, "--data", "xor", "--layers", "8", "--epochs", "3")
    assert data["history"]["epoch"] == [1, 2, 3]
    assert set(data["final"]) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert data["data"]["classes"] == 2 and data["parameters"] == 2 * 8 + 8 + 8 * 2 + 2


def test_human_output_ends_with_a_final_metrics_line(cli):
    result = cli("train", "--data", "xor", "--layers", "8", "--epochs", "2")
    assert result.returncode == 0, result.stderr
    assert "final: epoch 2" in result.stdout and "test acc" in result.stdout


def test_saved_model_predicts_like_the_reported_accuracy(cli, tmp_path):
    data = train_json(cli, "--data", "spirals", "--layers", "16", "--epochs", "5", "--save",
                      "model.npz", "--seed", "3")
    from chainrule import io
    from chainrule.cli.trainsetup import load_data
    from chainrule.train import predict

    model = io.load(tmp_path / "model.npz")
    split = load_data("spirals", target=None, test_size=0.25, seed=3)
    accuracy = float((predict(model, split.X_test).argmax(axis=1) == split.y_test).mean())
    assert accuracy == pytest.approx(data["final"]["val_accuracy"], abs=1e-12)


def test_resume_continues_exactly(cli, tmp_path):
    straight = train_json(cli, "--data", "xor", "--layers", "8", "--epochs", "4")
    first = train_json(cli, "--data", "xor", "--layers", "8", "--epochs", "2", "--checkpoint",
                       "run.npz")
    assert first["history"]["epoch"] == [1, 2]
    resumed = train_json(cli, "--data", "xor", "--layers", "8", "--epochs", "4", "--resume",
                         "run.npz")
    for key, values in straight["history"].items():
        assert np.allclose(resumed["history"][key], values, rtol=0, atol=1e-12), key


def test_csv_file_with_text_labels(cli, tmp_path):
    rng = np.random.default_rng(1)
    rows = ["width,height,kind"]
    for _ in range(60):
        w, h = rng.uniform(0, 1, 2)
        rows.append(f"{w:.4f},{h:.4f},{'wide' if w > h else 'tall'}")
    (tmp_path / "shapes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = train_json(cli, "--data", "shapes.csv", "--layers", "8", "--epochs", "2")
    assert data["data"]["features"] == 2 and data["data"]["classes"] == 2


def test_plot(cli, tmp_path):
    result = cli("train", "--data", "xor", "--epochs", "2", "--plot", "curves.png")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "curves.png").read_bytes()[:4] == b"\x89PNG"


def test_unknown_dataset_in_a_subprocess(cli, error_line):
    assert "--data" in error_line(cli("train", "--data", "mnist"))


def test_errors_are_one_line(inproc, error_of):
    assert "does not exist" in error_of(inproc("train", "--data", "nope.csv"))
    assert "--save" in error_of(inproc("train", "--data", "xor", "--save", "model.pkl"))
    assert "--layers" in error_of(inproc("train", "--data", "xor", "--layers", "8,x"))
    assert "two classes" in error_of(inproc("train", "--data", "spirals", "--loss", "bce"))
    assert "--resume" in error_of(inproc("train", "--data", "xor", "--resume", "none.npz"))
    assert "--test-size" in error_of(inproc("train", "--data", "xor", "--test-size", "2"))
    assert "--epochs" in error_of(inproc("train", "--data", "xor", "--epochs", "0"))


def test_the_issue_run_saves_nothing(cli, tmp_path) -> None:
    result = cli("train", "--data", "xor", "--lr", "1e300", "--optimizer", "sgd", "--epochs",
                 "1", "--batch-size", "100000", "--save", "m.npz", "--checkpoint", "ck.npz")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # no RuntimeWarning with source lines before it
    assert "epoch 1, batch 1" in lines[0] and "lower learning rate" in lines[0]
    assert not (tmp_path / "m.npz").exists() and not (tmp_path / "ck.npz").exists()


def test_the_loss_has_the_loss_tables_one_name(cli):
    # issue 19: one name per loss everywhere; the old spelling is refused with the new one
    old = cli("train", "--data", "circles", "--loss", "cross_entropy", "--epochs", "1")
    assert old.returncode == 2
    assert old.stderr.strip().splitlines() == [
        "chainrule: error: --loss: the loss 'cross_entropy' is now called 'cce'"]
    from chainrule.rules import loss_table

    new = train_json(cli, "--data", "circles", "--loss", "cce", "--epochs", "1")
    assert new["loss"] in loss_table.LOSSES and new["loss"] == "cce"
