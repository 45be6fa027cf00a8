"""History: the exact contract the pictures rely on."""

from __future__ import annotations

import json

import pytest

from chainrule.errors import ConfigError
from chainrule.train import History


def three_epochs() -> History:
    h = History()
    for e, (loss, acc) in enumerate([(0.9, 0.5), (0.4, 0.8), (0.6, 0.8)], start=1):
        h.append({"epoch": e, "loss": loss, "accuracy": acc})
    return h


def test_to_dict_contract() -> None:
    d = three_epochs().to_dict()
    assert d == {"epoch": [1, 2, 3], "loss": [0.9, 0.4, 0.6], "accuracy": [0.5, 0.8, 0.8]}
    assert all(type(e) is int for e in d["epoch"])
    assert json.loads(json.dumps(d)) == d
    assert History(d).to_dict() == d
    assert History().to_dict() == {"epoch": []}


def test_access_best_and_repr() -> None:
    h = three_epochs()
    assert h.epochs == [1, 2, 3] and len(h) == 3 and "loss" in h and "val_loss" not in h
    h["loss"].append(99.0)  # a copy: the history is unchanged
    assert h["loss"] == [0.9, 0.4, 0.6] and h["epoch"] == [1, 2, 3]
    assert h.best("loss") == (2, 0.4)
    assert h.best("accuracy") == (2, 0.8)  # the first of equal values
    assert h.last() == {"epoch": 3, "loss": 0.6, "accuracy": 0.8}
    assert repr(h) == "History(3 epochs: loss=0.6, accuracy=0.8)"
    with pytest.raises(KeyError, match="val_loss"):
        h["val_loss"]


def test_inconsistent_histories_are_refused() -> None:
    with pytest.raises(ConfigError, match="2 values for 3 epochs"):
        History({"epoch": [1, 2, 3], "loss": [1.0, 2.0]})
    h = three_epochs()
    with pytest.raises(ConfigError, match="differ"):
        h.append({"epoch": 4, "loss": 0.1})
    with pytest.raises(ConfigError, match="'epoch'"):
        h.append({"loss": 0.1, "accuracy": 0.2})
