"""Checkpoints with tampered fields: one ModelFileError naming the field, at load or resume
(issue 13, item 6) — never an internal error inside the optimizer's first step."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest

from chainrule import nn
from chainrule.data import make_xor
from chainrule.errors import ChainruleError, ModelFileError
from chainrule.io import load_checkpoint
from chainrule.optim import Adam
from chainrule.train import Checkpoint, fit


def model() -> nn.Sequential:
    return nn.Sequential(nn.Dense(2, 4, seed=0), nn.Tanh(), nn.Dense(4, 2, seed=1))


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> tuple[dict, dict]:
    path = tmp_path_factory.mktemp("ck") / "ck.npz"
    X, y = make_xor(40, seed=0)
    m = model()
    fit(m, (X, y), nn.CrossEntropyLoss(), Adam(m.parameters(), lr=0.01), 1,
        callbacks=[Checkpoint(path)], progress=False)
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    return arrays, json.loads(str(arrays["__chainrule__"]))


def _states(meta):
    return meta["optimizer"]["state"].values()


CASES = {
    "epoch": (lambda m: m.update(epoch=-100000), "'epoch' must be a whole number"),
    "epoch text": (lambda m: m.update(epoch="abc"), "'epoch' must be a whole number"),
    "epoch huge": (lambda m: m.update(epoch=1e30), "'epoch' must be a whole number"),
    "lr text": (lambda m: m["optimizer"]["hyper"].update(lr="abc"), "'optimizer.hyper.lr'"),
    "lr negative": (lambda m: m["optimizer"]["hyper"].update(lr=-1), "'optimizer.hyper.lr'"),
    "betas": (lambda m: m["optimizer"]["hyper"].update(betas="x"), "'betas' must be a list"),
    "seed": (lambda m: m.update(seed="s"), "'seed' must be"),
    "history": (lambda m: m.update(history={"loss": "x"}), "'history' must be"),
    "history list": (lambda m: m.update(history=[1, 2]), "'history' must be"),
    "rng": (lambda m: m.update(rng={"0.x": "junk"}), "'rng' must be"),
    "step": (lambda m: [s.update(step="z") for s in _states(m)], "'optimizer.state' must"),
    "callbacks": (lambda m: m.update(callbacks="x"), "'callbacks' must be"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_tampered_field_is_named(saved, tmp_path: Path, name: str) -> None:
    arrays, meta = saved
    change, message = CASES[name]
    meta = copy.deepcopy(meta)
    change(meta)
    path = tmp_path / "t.npz"
    np.savez(path, **{**arrays, "__chainrule__": np.array(json.dumps(meta))})
    X, y = make_xor(40, seed=0)
    m = model()
    with pytest.raises(ChainruleError) as exc:
        load_checkpoint(path)  # may pass: some fields only fail against the live optimizer
        fit(m, (X, y), nn.CrossEntropyLoss(), Adam(m.parameters(), lr=0.01), 2,
            resume=path, progress=False)
    assert isinstance(exc.value, ModelFileError), exc.value
    assert message in str(exc.value) and str(path) in str(exc.value)
