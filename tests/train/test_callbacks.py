"""Callbacks: the hook protocol, early stopping, periodic checkpoints, the progress bar."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from chainrule import io, nn
from chainrule.data import make_moons
from chainrule.errors import ConfigError
from chainrule.optim import SGD
from chainrule.train import Checkpoint, EarlyStopping, fit

X, Y = make_moons(48, noise=0.2, seed=0)


def small_model() -> nn.Sequential:
    return nn.Sequential(nn.Dense(2, 8, seed=0), nn.Tanh(), nn.Dense(8, 2, seed=1))


def train(model, epochs=3, **kw):
    kw.setdefault("progress", False)
    return fit(model, (X, Y), nn.CrossEntropyLoss(), SGD(model.parameters(), lr=0.3),
               epochs, 16, **kw)


class Recorder:  # a duck-typed callback: no base class, only some hooks
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def on_train_begin(self, logs):
        self.calls.append(("train_begin",))

    def on_epoch_begin(self, epoch, logs):
        self.calls.append(("epoch_begin", epoch))

    def on_batch_end(self, batch, logs):
        assert set(logs) == {"loss", "size"} and logs["size"] == 16
        self.calls.append(("batch", batch))

    def on_epoch_end(self, epoch, logs):
        self.calls.append(("epoch_end", epoch, sorted(logs)))

    def on_train_end(self, logs):
        self.calls.append(("train_end", logs["epoch"]))


def test_hooks_are_called_in_order_with_their_logs() -> None:
    rec = Recorder()
    train(small_model(), 2, callbacks=[rec], validation=(X, Y))
    keys = ["accuracy", "loss", "val_accuracy", "val_loss"]
    per_epoch = lambda e: [("epoch_begin", e), ("batch", 1), ("batch", 2), ("batch", 3),  # noqa: E731
                           ("epoch_end", e, keys)]
    assert rec.calls == [("train_begin",), *per_epoch(1), *per_epoch(2), ("train_end", 2)]


def test_a_callback_can_stop_training() -> None:
    class StopAfterTwo:
        def set_trainer(self, state):
            self.state = state

        def on_epoch_end(self, epoch, logs):
            self.state.stop = epoch == 2

    assert train(small_model(), 10, callbacks=[StopAfterTwo()]).epochs == [1, 2]


class FakeModel:
    def __init__(self) -> None:
        self.w = 0.0

    def state_dict(self):
        return {"w": np.array(self.w)}

    def load_state_dict(self, sd):
        self.w = float(sd["w"])


def drive(stopper: EarlyStopping, values: list[float]) -> tuple[list[int], FakeModel]:
    """Feed ``values`` as successive epochs' metric; return the epochs that ran."""
    state = SimpleNamespace(model=FakeModel(), stop=False)
    stopper.set_trainer(state)
    ran = []
    for epoch, v in enumerate(values, start=1):
        state.model.w = v  # the "weights" of each epoch are its score
        ran.append(epoch)
        stopper.on_epoch_end(epoch, {stopper.monitor: v})
        if state.stop:
            break
    stopper.on_train_end({})
    return ran, state.model


def test_early_stopping_patience_and_restore_best() -> None:
    # best at epoch 2; epochs 3, 4 are tolerated (patience 2); epoch 5 is the third: stop
    es = EarlyStopping("val_loss", patience=2)
    ran, model = drive(es, [1.0, 0.5, 0.6, 0.7, 0.8, 0.1])
    assert ran == [1, 2, 3, 4, 5] and es.stopped_epoch == 5
    assert (es.best_epoch, es.best, model.w) == (2, 0.5, 0.5)


def test_early_stopping_min_delta_and_accuracy_mode() -> None:
    es = EarlyStopping("val_accuracy", patience=0, min_delta=0.05, restore_best=False)
    ran, model = drive(es, [0.5, 0.9, 0.93, 0.99])  # 0.93 is not 0.05 better than 0.9
    assert ran == [1, 2, 3] and es.best == 0.9 and model.w == 0.93


def test_early_stopping_needs_its_metric() -> None:
    with pytest.raises(ConfigError, match=r"no metric 'val_loss'.*pass validation="):
        train(small_model(), 2, callbacks=[EarlyStopping()])
    with pytest.raises(ConfigError, match="patience"):
        EarlyStopping(patience=-1)


def test_early_stopping_in_fit_restores_the_best_epochs_weights(tmp_path: Path) -> None:
    model = small_model()
    es = EarlyStopping("loss", patience=0, min_delta=0.02)
    h = train(model, 30, callbacks=[es, Checkpoint(tmp_path / "e{epoch}.npz")])
    assert len(h) < 30 and es.best_epoch == len(h) - 1
    best = io.load_checkpoint(tmp_path / f"e{es.best_epoch}.npz")
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, best.model_state[name])


def test_checkpoint_every_and_after_the_last_epoch(tmp_path: Path) -> None:
    cb = Checkpoint(tmp_path / "c{epoch}.npz", every=2)
    train(small_model(), 5, callbacks=[cb])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c2.npz", "c4.npz", "c5.npz"]
    assert cb.last_path == tmp_path / "c5.npz"
    assert io.load_checkpoint(cb.last_path).history["epoch"] == [1, 2, 3, 4, 5]
    with pytest.raises(ConfigError, match="every"):
        Checkpoint(tmp_path / "x.npz", every=0)


def test_progress_is_quiet_off_a_terminal(capsys) -> None:
    train(small_model(), 2, progress=None)
    assert capsys.readouterr().out == ""


def test_progress_bar_on_a_terminal(capsys, monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    train(small_model(), 2, progress=None)
    assert "epoch" in capsys.readouterr().out
