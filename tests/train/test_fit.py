"""fit: learning, exact resume, divergence stops, callbacks, History."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chainrule import io, nn
from chainrule.data import load_digits, make_xor, train_test_split
from chainrule.errors import ConfigError, NumericalError
from chainrule.optim import SGD, Adam
from chainrule.train import Checkpoint, EarlyStopping, History, evaluate, fit


def digits_model(seed: int = 0) -> nn.Sequential:
    return nn.Sequential(nn.Dense(64, 64, init="he", seed=seed), nn.ReLU(), nn.Dropout(0.1, seed=3),
                         nn.Dense(64, 10, seed=seed + 1))


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, ...]:
    X, y = load_digits()
    return train_test_split(X, y, 0.2, seed=0)


def test_digits_with_adam_reaches_95_percent(digits: tuple[np.ndarray, ...]) -> None:
    Xtr, Xte, ytr, yte = digits
    model = digits_model()
    loss = nn.SoftmaxCrossEntropy()
    history = fit(model, (Xtr, ytr), loss, Adam(model.parameters(), lr=2e-3), epochs=15,
                  validation=(Xte, yte), seed=0)
    assert history["loss"][-1] < history["loss"][0]
    assert evaluate(model, Xte, yte, loss)["accuracy"] >= 0.95
    assert history.to_dict()["epoch"] == list(range(1, 16))
    assert set(history.to_dict()) == {"epoch", "loss", "accuracy", "val_loss", "val_accuracy"}


def test_resume_matches_an_uninterrupted_run(digits: tuple[np.ndarray, ...],
                                             tmp_path: Path) -> None:
    Xtr, _, ytr, _ = digits
    loss = nn.SoftmaxCrossEntropy()
    straight = digits_model()
    fit(straight, (Xtr, ytr), loss, Adam(straight.parameters(), lr=1e-3), epochs=4, seed=7)

    first = digits_model()
    ckpt = tmp_path / "run.npz"
    fit(first, (Xtr, ytr), loss, Adam(first.parameters(), lr=1e-3), epochs=2, seed=7,
        callbacks=[Checkpoint(ckpt)])
    resumed = digits_model(seed=99)  # different init: everything must come from the checkpoint
    history = fit(resumed, (Xtr, ytr), loss, Adam(resumed.parameters(), lr=1e-3), epochs=4,
                  seed=7, resume=ckpt)
    assert history.epochs == [1, 2, 3, 4]
    for a, b in zip(straight.parameters(), resumed.parameters()):
        np.testing.assert_array_equal(a.data, b.data)


def test_divergence_stops_with_epoch_and_batch_and_keeps_the_checkpoint(tmp_path: Path) -> None:
    X, y = make_xor(200, seed=0)
    model = nn.Sequential(nn.Dense(2, 8, seed=0), nn.Tanh(), nn.Dense(8, 1, seed=1))
    ckpt = tmp_path / "last.npz"
    fit(model, (X, y.reshape(-1, 1)), nn.MSELoss(), SGD(model.parameters(), lr=0.01), epochs=1,
        callbacks=[Checkpoint(ckpt)])
    good = ckpt.read_bytes()
    with pytest.raises(NumericalError, match=r"epoch \d+, batch \d+"):
        fit(model, (X, y.reshape(-1, 1) * 1e30), nn.MSELoss(),
            SGD(model.parameters(), lr=1e6), epochs=5, callbacks=[Checkpoint(ckpt)])
    assert ckpt.read_bytes() == good
    assert io.load_checkpoint(ckpt).epoch == 1


def test_early_stopping_restores_the_best_epoch(digits: tuple[np.ndarray, ...]) -> None:
    Xtr, Xte, ytr, yte = digits
    model = digits_model()
    stopper = EarlyStopping("val_loss", patience=0, min_delta=10.0)  # no epoch improves by 10
    history = fit(model, (Xtr, ytr), nn.SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1),
                  epochs=10, validation=(Xte, yte), callbacks=[stopper])
    assert len(history) == 2  # epoch 1 sets the best, epoch 2 fails to improve: stop
    assert stopper.best_epoch == 1


def test_history_best_and_repr() -> None:
    h = History()
    for e, (loss, acc) in enumerate([(0.9, 0.5), (0.4, 0.8), (0.6, 0.7)], start=1):
        h.append({"epoch": e, "loss": loss, "accuracy": acc})
    assert h.best("loss") == (2, 0.4)
    assert h.best("accuracy") == (2, 0.8)
    assert "3 epochs" in repr(h)


def test_bad_arguments() -> None:
    model = nn.Sequential(nn.Dense(2, 1))
    with pytest.raises(ConfigError, match="epochs"):
        fit(model, (np.zeros((4, 2)), np.zeros(4)), nn.MSELoss(), SGD(model.parameters(), 0.1), 0)
