"""Tiny model files that ask for gigabytes, and tampered ones: one clear error, nothing
allocated first (issue 13, items 4 and 6). Peak memory is measured with tracemalloc, which
sees NumPy's allocations."""

from __future__ import annotations

import io as bytes_io
import json
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

from chainrule import io, nn
from chainrule.errors import BudgetError, ChainruleError, ModelFileError
from chainrule.limits import memory_budget

META = "__chainrule__"


def npy(header: dict, body: bytes = b"") -> bytes:
    buf = bytes_io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, header)
    return buf.getvalue() + body


def meta_npy(meta: dict | str) -> bytes:
    buf = bytes_io.BytesIO()
    text = meta if isinstance(meta, str) else json.dumps({"format": 1, **meta})
    np.save(buf, np.array(text))
    return buf.getvalue()


def write_npz(path: Path, members: dict[str, bytes], compress: bool = True) -> Path:
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name + ".npy", data)
    return path


def small_model_file(path: Path, arch: dict) -> Path:
    w = np.zeros((2, 2), np.float32)
    buf = bytes_io.BytesIO()
    np.save(buf, w)
    return write_npz(path, {"0.weight": buf.getvalue(),
                            META: meta_npy({"kind": "model", "arch": arch})})


def peak(fn) -> tuple[BaseException | None, int]:
    tracemalloc.start()
    err = None
    try:
        fn()
    except Exception as exc:
        err = exc
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return err, top


def test_a_2kb_file_declaring_dense_15000_is_refused_before_allocating(tmp_path: Path) -> None:
    arch = {"type": "Sequential", "layers": [
        {"type": "Dense", "in_features": 15000, "out_features": 15000}]}
    path = small_model_file(tmp_path / "big.npz", arch)
    assert path.stat().st_size < 2048
    err, top = peak(lambda: io.load(path))
    assert isinstance(err, BudgetError)
    assert "225,015,000 parameters" in str(err) and "--max-memory" in str(err)
    assert top < 20 * 2**20
    small = small_model_file(tmp_path / "b2.npz", {"type": "Sequential", "layers": [
        {"type": "Dense", "in_features": 30, "out_features": 30}]})
    # within the budget the builder runs, and the shapes disagree
    with memory_budget("4GB"), pytest.raises(ChainruleError, match=r"weight|shape|missing"):
        io.load(small)


def test_a_deflate_bomb_is_refused_from_its_declared_size(tmp_path: Path) -> None:
    n = 96 * 2**20  # 96 MB of zeros, about 100 KB deflated, against a 64 MB budget
    head = npy({"descr": "<f4", "fortran_order": False, "shape": (n // 4,)})
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("0.weight.npy", "w", force_zip64=True) as f:
            f.write(head)
            for _ in range(n // 2**22):
                f.write(bytes(2**22))
        zf.writestr(META + ".npy", meta_npy({"kind": "model", "arch": None}))
    assert path.stat().st_size < 2**20
    with memory_budget("64MB"):
        err, top = peak(lambda: io.load(path))
    assert isinstance(err, BudgetError), err
    assert "64 MB" in str(err) and "--max-memory 128MB" in str(err)
    assert top < 8 * 2**20


def test_a_member_whose_shape_outgrows_its_declared_size(tmp_path: Path) -> None:
    # The zip says 100 bytes; the header claims 2**24 floats: refused before inflating.
    head = npy({"descr": "<f4", "fortran_order": False, "shape": (2**24,)})
    path = write_npz(tmp_path / "m.npz", {"0.weight": head + bytes(100 - len(head) % 100),
                                          META: meta_npy({"kind": "model", "arch": None})})
    err, top = peak(lambda: io.load(path))
    assert isinstance(err, ModelFileError) and "declares shape (16777216,)" in str(err)
    assert top < 8 * 2**20


@pytest.mark.parametrize("header, message", [
    ({"descr": "<f4", "fortran_order": False, "shape": (10**12,)}, "declares shape"),
    ({"descr": "<U10", "fortran_order": False, "shape": (3,)}, "<U10 array"),
    ({"descr": "|O", "fortran_order": False, "shape": (1,)}, "Python objects|bad .npy"),
])
def test_bad_members(tmp_path: Path, header: dict, message: str) -> None:
    path = write_npz(tmp_path / "m.npz", {"0.weight": npy(header, b"\0" * 64),
                                          META: meta_npy({"kind": "model", "arch": None})})
    with pytest.raises(ModelFileError, match=message):
        io.load(path)


def test_deeply_nested_metadata(tmp_path: Path) -> None:
    deep = '{"format": 1, "kind": "model", "arch": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = write_npz(tmp_path / "m.npz", {META: meta_npy(deep)})
    with pytest.raises(ModelFileError, match="nests too deeply"):
        io.load(path)
    nested = {"type": "Sequential", "layers": []}
    for _ in range(200):
        nested = {"type": "Sequential", "layers": [nested]}
    path = small_model_file(tmp_path / "n.npz", nested)
    with pytest.raises(ModelFileError, match="nests too deeply"):
        io.load(path)


def test_a_good_file_still_loads(tmp_path: Path) -> None:
    model = nn.Sequential(nn.Dense(3, 4, seed=0), nn.ReLU(), nn.Dense(4, 2, seed=1))
    io.save(model, tmp_path / "ok.npz")
    back = io.load(tmp_path / "ok.npz")
    for (k, a), (_, b) in zip(model.state_dict().items(), back.state_dict().items()):
        assert np.array_equal(a, b), k


@pytest.mark.parametrize(("layer", "count"), [
    ({"type": "Conv2d", "in_channels": 4096, "out_channels": 4096, "kernel_size": [5, 5]},
     4096 * 4096 * 25 + 4096),
    ({"type": "RNN", "input_size": 8, "hidden_size": 20000, "num_layers": 2},
     20000 * 8 + 3 * 20000**2 + 4 * 20000),
])
def test_a_small_file_declaring_a_huge_conv_or_rnn_is_refused_before_allocating(
        tmp_path: Path, layer: dict, count: int) -> None:
    path = small_model_file(tmp_path / "big.npz", {"type": "Sequential", "layers": [layer]})
    err, top = peak(lambda: io.load(path))
    assert isinstance(err, BudgetError), err
    assert f"{count:,} parameters" in str(err) and "--max-memory" in str(err)
    assert top < 20 * 2**20


def test_a_conv_size_beyond_any_array_is_one_line(tmp_path: Path) -> None:
    path = small_model_file(tmp_path / "neg.npz", {"type": "Sequential", "layers": [
        {"type": "Conv2d", "in_channels": 1, "out_channels": 1, "kernel_size": [0, 3]}]})
    with pytest.raises(ChainruleError, match=r"layer 0 \(Conv2d\): kernel_size = \(0, 3\) is "
                                             r"not a size"):
        io.load(path)
