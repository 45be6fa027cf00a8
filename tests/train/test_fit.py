"""fit: it learns, resumes exactly, stops on divergence, and reports what it measured."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chainrule import io, nn
from chainrule.data import load_digits, make_moons, make_xor, train_test_split
from chainrule.errors import ConfigError, NumericalError
from chainrule.optim import SGD, Adam, StepLR
from chainrule.train import Callback, Checkpoint, EarlyStopping, evaluate, fit, predict


def digits_model(seed: int = 0, dropout: float = 0.0) -> nn.Sequential:
    layers = [nn.Dense(64, 64, init="he", seed=seed), nn.ReLU()]
    if dropout:
        layers.append(nn.Dropout(dropout, seed=seed + 3))
    return nn.Sequential(*layers, nn.Dense(64, 10, seed=seed + 1))


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, ...]:
    X, y = load_digits()
    return train_test_split(X, y, 0.25, seed=0, stratify=True)


def test_digits_mlp_with_adam_reaches_95_percent(digits) -> None:
    Xtr, Xte, ytr, yte = digits
    model = digits_model()
    loss = nn.CrossEntropyLoss()
    history = fit(model, (Xtr, ytr), loss, Adam(model.parameters(), lr=2e-3), epochs=15,
                  validation=(Xte, yte), seed=0, progress=False)
    scores = evaluate(model, Xte, yte, loss)
    assert scores["accuracy"] >= 0.95
    assert history["val_accuracy"][-1] == scores["accuracy"]
    assert history["val_loss"][-1] == pytest.approx(scores["loss"], rel=1e-6)
    assert history["loss"][-1] < history["loss"][0] / 5
    d = history.to_dict()
    assert list(d) == ["epoch", "loss", "accuracy", "val_loss", "val_accuracy"]
    assert d["epoch"] == list(range(1, 16)) and all(len(v) == 15 for v in d.values())
    assert all(isinstance(v, float) for v in d["loss"])


def test_resume_matches_an_uninterrupted_run(digits, tmp_path: Path) -> None:
    # Dropout, an LR schedule and early stopping all carry state that must survive the resume
    Xtr, Xte, ytr, yte = digits
    Xtr, ytr = Xtr[:400], ytr[:400]
    loss = nn.CrossEntropyLoss()

    def run(model, epochs, **kw):
        opt = Adam(model.parameters(), lr=1e-3)
        return fit(model, (Xtr, ytr), loss, opt, epochs, 32, validation=(Xte, yte), seed=7,
                   scheduler=StepLR(opt, 1, 0.7), progress=False,
                   callbacks=[EarlyStopping(patience=10), *kw.pop("callbacks", [])], **kw)

    straight = digits_model(dropout=0.2)
    h_straight = run(straight, 4)
    ckpt = tmp_path / "run.npz"
    run(digits_model(dropout=0.2), 2, callbacks=[Checkpoint(ckpt)])
    resumed = digits_model(seed=99, dropout=0.2)  # another init: all must come from the file
    h_resumed = run(resumed, 4, resume=ckpt)
    assert h_resumed.to_dict() == h_straight.to_dict()
    for a, b in zip(straight.parameters(), resumed.parameters()):
        np.testing.assert_array_equal(a.data, b.data)


def test_resume_checks_the_seed(digits, tmp_path: Path) -> None:
    Xtr, _, ytr, _ = digits
    model = digits_model()
    fit(model, (Xtr[:64], ytr[:64]), nn.CrossEntropyLoss(), SGD(model.parameters(), 0.1),
        1, callbacks=[Checkpoint(tmp_path / "c.npz")], seed=1)
    with pytest.raises(ConfigError, match="seed=1"):
        fit(model, (Xtr[:64], ytr[:64]), nn.CrossEntropyLoss(),
            SGD(model.parameters(), 0.1), 2, seed=2, resume=tmp_path / "c.npz")


class BlowUp(Callback):
    """Raise the learning rate a millionfold after epoch ``at``."""

    def __init__(self, at: int) -> None:
        self.at = at

    def on_epoch_end(self, epoch, logs) -> None:
        if epoch == self.at:
            self.trainer.optimizer.lr *= 1e6


def test_divergence_names_epoch_and_batch_and_keeps_the_checkpoint(tmp_path: Path) -> None:
    X, y = make_xor(64, noise=0.1, seed=0)
    model = nn.Sequential(nn.Dense(2, 8, seed=0), nn.Tanh(), nn.Dense(8, 1, seed=1))
    ckpt = tmp_path / "last.npz"
    opt = SGD(model.parameters(), lr=0.5)
    with np.errstate(all="ignore"), pytest.raises(NumericalError) as exc:
        fit(model, (X, y.reshape(-1, 1)), nn.MSELoss(), opt, epochs=10, batch_size=16,
            callbacks=[BlowUp(at=2), Checkpoint(ckpt)], progress=False)
    assert exc.value.epoch == 3 and 1 <= exc.value.batch <= 4
    assert f"epoch 3, batch {exc.value.batch}" in str(exc.value)
    good = io.load_checkpoint(ckpt)
    assert good.epoch == 2 and len(good.history["loss"]) == 2
    assert all(np.isfinite(v).all() for v in good.model_state.values())


def test_a_non_finite_gradient_with_a_finite_loss_is_caught() -> None:
    X, y = make_xor()
    model = nn.Sequential(nn.Dense(2, 1, seed=0))

    def sqrt_of_zero(pred, target):  # √0 = 0, but its derivative is infinite
        return (pred * 0.0).relu().sqrt().sum()

    with np.errstate(all="ignore"), pytest.raises(NumericalError, match=r"epoch 1, batch 1: "
                                                  r"the gradient of 0\.\w+ is not finite"):
        fit(model, (X, y), sqrt_of_zero, SGD(model.parameters(), lr=0.1), 1, progress=False)
    assert all(np.isfinite(p.data).all() for p in model.parameters())  # no bad step was taken


def test_binary_classification_with_logits_and_predict() -> None:
    X, y = make_moons(200, noise=0.1, seed=0)
    model = nn.Sequential(nn.Dense(2, 16, seed=0), nn.Tanh(), nn.Dense(16, 1, seed=1))
    h = fit(model, (X, y.reshape(-1, 1).astype(np.float32)), nn.BCEWithLogitsLoss(),
            Adam(model.parameters(), lr=0.02), 100, progress=False)
    assert h["accuracy"][-1] > 0.95
    p = predict(model, X)
    assert p.shape == (200, 1)
    assert np.mean((p[:, 0] > 0) == y) == pytest.approx(
        evaluate(model, X, y.reshape(-1, 1), nn.BCEWithLogitsLoss())["accuracy"])


def test_regression_has_no_accuracy_and_metrics_can_be_limited() -> None:
    X = np.linspace(-1, 1, 40, dtype=np.float32).reshape(-1, 1)
    model = nn.Sequential(nn.Dense(1, 1, seed=0))
    h = fit(model, (X, 3 * X - 1), nn.MSELoss(), SGD(model.parameters(), 0.3), 60, 8,
            progress=False)
    assert h.metrics == ["loss"] and h["loss"][-1] < 1e-6
    np.testing.assert_allclose(model[0].weight.data, [[3.0]], rtol=1e-3)
    labels = (X[:, 0] > 0).astype(np.int64)
    clf = nn.Sequential(nn.Dense(1, 2, seed=0))
    h = fit(clf, (X, labels), nn.CrossEntropyLoss(), SGD(clf.parameters(), 0.1), 1,
            validation=(X, labels), metrics=("loss",), progress=False)
    assert h.metrics == ["loss", "val_loss"]


def test_epoch_loss_is_the_sample_weighted_mean() -> None:
    # with lr → tiny the weights barely move, so the epoch loss equals the loss of the
    # initial model on all data; batches of 3, 3 and 1 must be weighted by their sizes
    X = np.arange(7, dtype=np.float64).reshape(-1, 1)
    y = X ** 2
    model = nn.Sequential(nn.Dense(1, 1, seed=0, dtype=np.float64))
    before = evaluate(model, X, y, nn.MSELoss())["loss"]
    h = fit(model, (X, y), nn.MSELoss(), SGD(model.parameters(), 1e-12), 1, 3, progress=False)
    assert h["loss"][0] == pytest.approx(before, rel=1e-9)


def test_bad_arguments() -> None:
    model = nn.Sequential(nn.Dense(2, 1))
    data = (np.zeros((4, 2)), np.zeros(4))
    opt = SGD(model.parameters(), 0.1)
    with pytest.raises(ConfigError, match="epochs"):
        fit(model, data, nn.MSELoss(), opt, 0)
    with pytest.raises(ConfigError, match="batch_size"):
        fit(model, data, nn.MSELoss(), opt, 1, batch_size=0)
    with pytest.raises(ConfigError, match="pair"):
        fit(model, np.zeros((4, 2)), nn.MSELoss(), opt, 1)
    with pytest.raises(ConfigError, match="unknown metric"):
        fit(model, data, nn.MSELoss(), opt, 1, metrics=("f1",))
