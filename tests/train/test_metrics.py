"""predict / evaluate / accuracy: the rules for each loss, and evaluation mode."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import nn
from chainrule.errors import ConfigError
from chainrule.train import accuracy, evaluate, predict

PRED = np.array([[2.0, 1.0, 0.0], [0.0, 3.0, 1.0], [0.0, 0.0, 5.0], [1.0, 0.0, 0.0]])


def test_cross_entropy_loss_accuracy_from_labels_or_one_hot() -> None:
    labels = np.array([0, 1, 1, 2])  # right, right, wrong, wrong
    assert accuracy(nn.CrossEntropyLoss(), PRED, labels) == 0.5
    assert accuracy(nn.CrossEntropyLoss(), PRED, np.eye(3)[labels]) == 0.5


def test_binary_thresholds() -> None:
    y = np.array([[1.0], [0.0], [1.0]])
    probs = np.array([[0.7], [0.6], [0.4]])  # right, wrong, wrong at 0.5
    assert accuracy(nn.BCELoss(), probs, y) == pytest.approx(1 / 3)
    logits = np.array([[0.1], [-0.2], [-3.0]])  # right, right, wrong at 0
    assert accuracy(nn.BCEWithLogitsLoss(), logits, y.ravel()) == pytest.approx(2 / 3)
    assert accuracy(nn.MSELoss(), probs, y) is None


class Noisy(nn.Module):
    """Adds 1 in training mode only, to see which mode predict ran in."""

    def forward(self, x):
        return x + 1.0 if self.training else x


def test_predict_runs_in_eval_mode_without_a_graph_and_restores_the_mode() -> None:
    model = nn.Sequential(nn.Identity(), Noisy())
    X = np.arange(6, dtype=np.float32).reshape(3, 2)
    out = predict(model, X, batch_size=2)
    np.testing.assert_array_equal(out, X)
    assert model.training
    model.eval()
    predict(model, X)
    assert not model.training


def test_evaluate_is_the_loss_over_the_whole_set() -> None:
    model = nn.Sequential(nn.Identity())
    X = PRED.copy()
    y = np.array([0, 1, 1, 2])
    z = X - X.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    want = -logp[np.arange(4), y].mean()
    got = evaluate(model, X, y, nn.CrossEntropyLoss(), batch_size=3)
    assert got == {"loss": pytest.approx(want, rel=1e-12), "accuracy": 0.5}
    assert evaluate(model, X, y, nn.CrossEntropyLoss(), metrics=("accuracy",)) == \
        {"accuracy": 0.5}
    with pytest.raises(ConfigError, match="batch_size"):
        predict(model, X, batch_size=0)
