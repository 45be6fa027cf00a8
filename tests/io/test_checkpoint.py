"""Checkpoints: every piece of a run's state survives the round trip, exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule import io, nn
from chainrule.errors import ConfigError, ModelFileError
from chainrule.io.checkpoint import generators, join_tree, split_tree
from chainrule.optim import Adam, StepLR
from chainrule.tensor import Tensor


def run_state(seed: int = 0):
    model = nn.Sequential(nn.Dense(3, 4, seed=seed), nn.ReLU(), nn.Dropout(0.5, seed=seed),
                          nn.Dense(4, 1, seed=seed + 1))
    opt = Adam(model.parameters(), lr=0.01, amsgrad=True)
    sched = StepLR(opt, step_size=2, gamma=0.5)
    return model, opt, sched


def take_steps(model, opt, n: int) -> None:
    x = np.random.default_rng(1).normal(size=(8, 3)).astype(np.float32)
    for _ in range(n):
        model.zero_grad()
        (model(Tensor(x)) ** 2).mean().backward()
        opt.step()


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_round_trip_restores_model_optimizer_schedule_and_generators(tmp_path, suffix):
    model, opt, sched = run_state(0)
    take_steps(model, opt, 3)
    sched.step()
    sched.step()
    sched.step()
    history = {"epoch": [1, 2, 3], "loss": [0.5, 0.25, 0.125]}
    path = io.save_checkpoint(tmp_path / f"c{suffix}", model, opt, 3, history=history,
                              scheduler=sched, seed=11, extra={"note": "hi", "w": np.ones(2)})
    ck = io.load_checkpoint(path)
    assert (ck.epoch, ck.seed, ck.history) == (3, 11, history)
    assert ck.extra["note"] == "hi" and ck.extra["w"].tolist() == [1.0, 1.0]

    model2, opt2, sched2 = run_state(5)
    ck.restore(model2, opt2, sched2)
    for a, b in zip(model.parameters(), model2.parameters()):
        np.testing.assert_array_equal(a.data, b.data)
    assert opt2.lr == opt.lr == 0.005 and sched2.last_epoch == 3
    for i, st_a in opt.state.items():
        assert st_a["step"] == opt2.state[i]["step"] == 3
        for k in ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"):
            np.testing.assert_array_equal(st_a[k], opt2.state[i][k])
    # the Dropout streams continue where they were
    (gen,), (gen2,) = generators(model).values(), generators(model2).values()
    np.testing.assert_array_equal(gen.random(5), gen2.random(5))
    # and both go on identically
    take_steps(model, opt, 2)
    take_steps(model2, opt2, 2)
    for a, b in zip(model.parameters(), model2.parameters()):
        np.testing.assert_array_equal(a.data, b.data)


def test_the_model_file_reader_reads_a_checkpoints_model(tmp_path: Path) -> None:
    model, opt, _ = run_state(0)
    io.save_checkpoint(tmp_path / "c.npz", model, opt, 1)
    loaded = io.load(tmp_path / "c.npz")
    np.testing.assert_array_equal(loaded[0].weight.data, model[0].weight.data)


def test_restore_asks_for_what_the_checkpoint_holds(tmp_path: Path) -> None:
    model, opt, sched = run_state(0)
    io.save_checkpoint(tmp_path / "c.npz", model, opt, 1, scheduler=sched)
    ck = io.load_checkpoint(tmp_path / "c.npz")
    with pytest.raises(ConfigError, match="optimizer"):
        ck.restore(model)
    with pytest.raises(ConfigError, match="StepLR schedule"):
        ck.restore(model, opt)
    no_dropout = nn.Sequential(nn.Dense(3, 4), nn.ReLU(), nn.Identity(), nn.Dense(4, 1))
    with pytest.raises(ConfigError, match="random generators"):
        ck.restore(no_dropout, Adam(no_dropout.parameters()), sched)


def test_a_model_file_is_not_a_checkpoint(tmp_path: Path) -> None:
    model, _, _ = run_state(0)
    io.save(model, tmp_path / "m.npz")
    with pytest.raises(ModelFileError, match="not a training checkpoint"):
        io.load_checkpoint(tmp_path / "m.npz")


leaves = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30),
                   st.floats(allow_nan=False), st.text(max_size=5),
                   st.builds(lambda n: np.arange(n, dtype=np.float32), st.integers(0, 4)))
trees = st.recursive(leaves, lambda kids: st.one_of(
    st.lists(kids, max_size=3), st.dictionaries(st.text("abc", min_size=1, max_size=3), kids,
                                                max_size=3)), max_leaves=10)


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@given(trees)
def test_split_then_join_is_the_identity(tree) -> None:
    arrays: dict[str, np.ndarray] = {}
    doc = split_tree(tree, "root", arrays)
    assert not any(isinstance(v, np.ndarray) for v in _leaves(doc))
    assert _same(join_tree(doc, arrays, "f"), tree)


def _leaves(x):
    if isinstance(x, dict):
        for v in x.values():
            yield from _leaves(v)
    elif isinstance(x, list):
        for v in x:
            yield from _leaves(v)
    else:
        yield x


def test_split_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(ConfigError, match=r"cannot store a set at 'root/a'"):
        split_tree({"a": {1, 2}}, "root", {})
