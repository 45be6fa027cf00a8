"""The weights file of ``explain --torch`` is sized up before it is loaded: one line if over."""

import json
import struct

import numpy as np
import pytest

from chainrule.bridge.torch_arch import read_state
from chainrule.errors import ConfigError

ENV = "CHAINRULE_MAX_EXPLAIN_SIZE"


def _safetensors(path, header: dict, body: bytes = b"") -> None:
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + body)


def test_file_too_large_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, "10")
    big = tmp_path / "big.safetensors"
    big.write_bytes(b"\xff" * (2**20 + 81))  # garbage: refused on its size, never parsed
    with pytest.raises(ConfigError, match=r"1,048,657 bytes, over the 1,048,656 bytes") as e:
        read_state(big)
    assert "\n" not in str(e.value) and ENV in str(e.value)


def test_header_declaring_too_many_weights_refused_before_loading(tmp_path):
    # the header claims 1000 × 1000 float64s; the file holds none of them
    path = tmp_path / "lie.safetensors"
    _safetensors(path, {"0.weight": {"dtype": "F64", "shape": [1000, 1000],
                                     "data_offsets": [0, 8_000_000]}})
    with pytest.raises(ConfigError, match=r"1,000,000 weights, over the 100,000"):
        read_state(path)


def test_too_many_tensors_refused(tmp_path):
    path = tmp_path / "many.safetensors"
    header = {f"{i}.bias": {"dtype": "F64", "shape": [1], "data_offsets": [8 * i, 8 * i + 8]}
              for i in range(300)}
    _safetensors(path, header, b"\0" * 2400)
    with pytest.raises(ConfigError, match=r"300 tensors, over the 256"):
        read_state(path)


def test_bad_header_one_line(tmp_path):
    path = tmp_path / "bad.safetensors"
    path.write_bytes(struct.pack("<Q", 5) + b"{nope")
    with pytest.raises(ConfigError, match="bad header"):
        read_state(path)


def test_within_budget_reads(tmp_path):
    from safetensors.numpy import save_file

    path = tmp_path / "ok.safetensors"
    save_file({"0.weight": np.ones((3, 4))}, str(path))
    assert read_state(path)["0.weight"].shape == (3, 4)


def test_torch_state_dict_over_budget_refused(tmp_path, monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setenv(ENV, "1000")
    path = tmp_path / "m.pt"
    torch.save({"0.weight": torch.zeros(30, 40, dtype=torch.float32)}, str(path))  # 4.8 KB
    with pytest.raises(ConfigError, match=r"1,200 weights, over the 1,000"):
        read_state(path)
