"""Model files: round trips, atomic writes, corrupt files, no pickle."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chainrule import io, nn
from chainrule.errors import ConfigError, ModelFileError


def model(seed: int = 0) -> nn.Sequential:
    return nn.Sequential(nn.Dense(3, 5, seed=seed), nn.LeakyReLU(0.1), nn.Dropout(0.2),
                         nn.Dense(5, 2, seed=seed + 1, dtype=np.float64), nn.Softmax())


@pytest.mark.parametrize("suffix", [".npz", ".safetensors"])
def test_round_trip_rebuilds_the_architecture(tmp_path: Path, suffix: str) -> None:
    m = model()
    path = io.save(m, tmp_path / f"m{suffix}")
    loaded = io.load(path)
    assert repr(loaded) == repr(m)
    for (k1, v1), (k2, v2) in zip(m.state_dict().items(), loaded.state_dict().items()):
        assert k1 == k2 and v1.dtype == v2.dtype
        np.testing.assert_array_equal(v1, v2)


def test_load_into_an_existing_model(tmp_path: Path) -> None:
    io.save(model(0), tmp_path / "a.npz")
    target = model(5)
    io.load(tmp_path / "a.npz", model=target)
    np.testing.assert_array_equal(target[0].weight.data, model(0)[0].weight.data)


def test_a_failing_save_leaves_the_old_file_intact(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "m.npz"
    io.save(model(0), path)
    before = path.read_bytes()

    def broken_savez(handle, **arrays) -> None:
        handle.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        io.save(model(1), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]  # no temp file left behind


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_corrupt_files_give_a_clear_error(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "m.npz"
    io.save(model(), path)
    data = path.read_bytes()
    path.write_bytes({"truncate": data[: len(data) // 2], "garbage": b"\x00not a zip" * 50,
                      "empty": b""}[damage])
    with pytest.raises(ModelFileError, match=r"m\.npz"):
        io.load(path)


def test_missing_file_and_wrong_extension(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="no such model file"):
        io.load(tmp_path / "nope.npz")
    with pytest.raises(ConfigError, match=r"\.npz or \.safetensors"):
        io.save(model(), tmp_path / "m.pkl")


def test_pickled_arrays_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.npz"
    np.savez(path, **{"0.weight": np.array([object()], dtype=object)},
             __chainrule__=np.array('{"format": 1, "kind": "model", "arch": []}'))
    with pytest.raises(ModelFileError):
        io.load(path)


def test_unknown_layer_type_in_a_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    io.write_arrays(path, {}, {"kind": "model", "arch": [{"type": "os.system"}]})
    with pytest.raises(ConfigError, match=r"unknown layer type 'os\.system'"):
        io.load(path)
