"""Model files: round trips in both formats, atomic writes, corrupt files, no pickle."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from chainrule import io, nn
from chainrule.errors import ConfigError, MissingDependencyError, ModelFileError
from chainrule.tensor import Tensor


def model(seed: int = 0) -> nn.Sequential:
    return nn.Sequential(nn.Dense(3, 5, seed=seed), nn.LeakyReLU(0.1), nn.Dropout(0.2),
                         nn.Sequential(nn.Dense(5, 4, seed=seed + 1, dtype=np.float64),
                                       nn.Tanh(), nn.Dense(4, 2, bias=False, seed=seed + 2)),
                         nn.Softmax())


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_round_trip_rebuilds_the_architecture(tmp_path: Path, suffix: str) -> None:
    m = model()
    path = io.save(m, tmp_path / f"m{suffix}")
    loaded = io.load(path)
    assert repr(loaded) == repr(m)
    assert list(loaded.state_dict()) == list(m.state_dict())
    for v1, v2 in zip(m.state_dict().values(), loaded.state_dict().values()):
        assert v1.dtype == v2.dtype
        np.testing.assert_array_equal(v1, v2)
    x = np.random.default_rng(0).normal(size=(6, 3)).astype(np.float32)
    m.eval()
    loaded.eval()
    np.testing.assert_array_equal(m(Tensor(x)).data, loaded(Tensor(x)).data)


def test_load_into_an_existing_model(tmp_path: Path) -> None:
    io.save(model(0), tmp_path / "a.npz")
    target = model(5)
    assert io.load(tmp_path / "a.npz", model=target) is target
    np.testing.assert_array_equal(target[0].weight.data, model(0)[0].weight.data)


def test_a_failing_save_leaves_the_old_file_intact(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "m.npz"
    io.save(model(0), path)
    before = path.read_bytes()

    def savez_that_dies_half_way(handle, **arrays) -> None:
        handle.write(before[: len(before) // 2])  # half a file reaches the disk
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", savez_that_dies_half_way)
    with pytest.raises(OSError, match="disk full"):
        io.save(model(1), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]  # no temp file left behind
    np.testing.assert_array_equal(io.load(path)[0].weight.data, model(0)[0].weight.data)


def test_a_save_interrupted_before_the_rename_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "m.safetensors"
    io.save(model(0), path)
    before = path.read_bytes()

    def crash(*args):
        raise KeyboardInterrupt  # the process is stopped just before os.replace

    monkeypatch.setattr("chainrule.io.atomic.os.replace", crash)
    with pytest.raises(KeyboardInterrupt):
        io.save(model(1), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.safetensors"]


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "cut header": lambda data: data[:6],
    "garbage": lambda data: b"\x00not a model" * 50,
    "empty": lambda data: b"",
    "flipped bytes": lambda data: data[:40] + bytes(b ^ 0xFF for b in data[40:200]) + data[200:],
}


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_corrupt_files_give_a_clear_error(tmp_path: Path, suffix: str, damage: str) -> None:
    path = tmp_path / f"m{suffix}"
    io.save(model(), path)
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    with pytest.raises(ModelFileError, match=rf"m\{suffix}"):
        io.load(path)


def test_a_bare_npy_or_foreign_file_is_refused(tmp_path: Path) -> None:
    npy = tmp_path / "bare.npz"
    with npy.open("wb") as f:
        np.save(f, np.zeros(3))  # an .npy payload: np.load alone would accept it
    with pytest.raises(ModelFileError, match=r"not an \.npz file"):
        io.load(npy)
    foreign = tmp_path / "foreign.npz"
    np.savez(foreign, w=np.zeros(3))
    with pytest.raises(ModelFileError, match="not one chainrule wrote"):
        io.load(foreign)


def test_pickled_arrays_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.npz"
    np.savez(path, **{"0.weight": np.array([object()], dtype=object)},
             __chainrule__=np.array('{"format": 1, "kind": "model", "arch": null}'))
    with pytest.raises(ModelFileError, match=r"evil\.npz"):
        io.load(path)


def test_missing_file_and_wrong_extension(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no such model file"):
        io.load(tmp_path / "nope.npz")
    with pytest.raises(ConfigError, match=r"\.npz or \.safetensors"):
        io.save(model(), tmp_path / "m.pkl")


def test_unknown_layer_type_names_the_file_and_layer(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    arch = {"type": "Sequential", "layers": [{"type": "ReLU"}, {"type": "os.system"}]}
    io.write_arrays(path, {}, {"kind": "model", "arch": arch})
    with pytest.raises(ConfigError,
                       match=r"m\.npz: model layer 1: unknown layer type 'os\.system'"):
        io.load(path)
    io.write_arrays(path, {}, {"kind": "model", "arch": {"type": "Dense", "in_features": 2}})
    with pytest.raises(ConfigError, match=r"\(Dense\): missing field 'out_features'"):
        io.load(path)


def test_custom_layers_save_weights_only(tmp_path: Path) -> None:
    class Scale(nn.Module):
        def __init__(self) -> None:
            self.s = Tensor(np.array([2.0]), requires_grad=True)

        def forward(self, x):
            return x * self.s

    m = nn.Sequential(nn.Dense(2, 2), Scale())
    io.save(m, tmp_path / "c.npz")
    with pytest.raises(ModelFileError, match="pass model="):
        io.load(tmp_path / "c.npz")
    other = nn.Sequential(nn.Dense(2, 2, seed=9), Scale())
    other[1].s.data[:] = 7.0
    io.load(tmp_path / "c.npz", model=other)
    assert other[1].s.data.tolist() == [2.0]


def test_safetensors_without_the_package(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "safetensors", None)
    with pytest.raises(MissingDependencyError, match=r"chainrule\[safetensors\]"):
        io.save(model(), tmp_path / "m.safetensors")
    assert not list(tmp_path.iterdir())
