"""Training never keeps or saves a non-finite state (issue 13, item 3).

The last step of an epoch is checked like every other, a bad step is rolled back exactly
(parameters and optimizer state, compared with copies taken by an independent callback), and
non-finite data is refused as the data's fault, not the learning rate's.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from chainrule import io, nn
from chainrule.data import make_xor
from chainrule.errors import ConfigError, NumericalError
from chainrule.optim import SGD
from chainrule.train import Callback, Checkpoint, fit
from chainrule.train.guard import first_nonfinite


class Recorder(Callback):
    """Copies of the parameters and the optimizer state after every batch."""

    def __init__(self) -> None:
        self.params: list[np.ndarray] = []
        self.state: dict = {}

    def on_batch_end(self, batch, logs):
        self.params = [p.data.copy() for p in self.trainer.model.parameters()]
        self.state = self.trainer.optimizer.state_dict()


def _line() -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(1.0, 10.0, 40).reshape(-1, 1).astype(np.float32)
    return x, 3.0 * x


class BlowUpAfter(Callback):
    """Sets the learning rate to 1e300 after batch ``at`` (counted over the whole run)."""

    def __init__(self, at: int) -> None:
        self.at, self.seen = at, 0

    def on_batch_end(self, batch, logs):
        self.seen += 1
        if self.seen == self.at:
            self.trainer.optimizer.lr = 1e300


@pytest.mark.parametrize("at", [4, 6])  # 4: the epoch's last step; 6: one inside epoch 2
def test_a_step_that_overflows_is_rolled_back_exactly(tmp_path: Path, at: int) -> None:
    X, y = _line()
    model = nn.Sequential(nn.Dense(1, 1, seed=0))
    opt = SGD(model.parameters(), lr=1e-4, momentum=0.9)
    rec = Recorder()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning escapes fit
        with pytest.raises(NumericalError) as exc:
            fit(model, (X, y), nn.MSELoss(), opt, epochs=5, batch_size=10,
                callbacks=[rec, BlowUpAfter(at), Checkpoint(tmp_path / "ck.npz")],
                progress=False)
    # 4 batches an epoch: the first step at 1e300 is batch at + 1
    epoch, batch = divmod(at, 4)
    assert (exc.value.epoch, exc.value.batch) == (epoch + 1, batch + 1)
    assert "non-finite" in str(exc.value) and "lower learning rate (now 1e+300)" in str(exc.value)
    now = [p.data for p in model.parameters()]
    assert all(np.array_equal(a, b) for a, b in zip(now, rec.params))  # the last good state
    state = opt.state_dict()["state"]
    for key, entry in rec.state["state"].items():
        for k, v in entry.items():
            assert np.array_equal(state[key][k], v), (key, k)
    ck = io.load_checkpoint(tmp_path / "ck.npz")
    assert ck.epoch == epoch
    assert all(np.isfinite(v).all() for v in ck.model_state.values())


def test_non_finite_data_is_blamed_on_the_data() -> None:
    X, y = make_xor(40, seed=0)
    model = nn.Sequential(nn.Dense(2, 2, seed=0))
    yf = y.astype(np.float64).reshape(-1, 1)
    yf[7, 0] = np.nan
    with pytest.raises(ConfigError,
                       match=r"y is not finite at sample 8, column 1 \(nan\).*fix or drop"):
        fit(model, (X, yf), nn.MSELoss(), SGD(model.parameters(), lr=0.1), 1, progress=False)
    Xb = X.copy()
    Xb[3, 1] = np.inf  # what 1e39 becomes in float32
    with pytest.raises(ConfigError, match=r"X is not finite at sample 4, column 2.*float32"):
        fit(model, (Xb, y), nn.CrossEntropyLoss(), SGD(model.parameters(), lr=0.1), 1,
            progress=False)


def test_first_nonfinite_finds_the_first_bad_entry() -> None:
    a = np.zeros((3, 4))
    assert first_nonfinite(a) is None
    a[2, 1], a[1, 3] = np.inf, np.nan
    assert first_nonfinite(a) == (1, 3)
    big = np.full(5, 1e200)  # r·r overflows although every entry is finite
    assert first_nonfinite(big) is None
