"""``chainrule export MODEL.npz --torch OUTDIR``: a saved model as torch files, checked."""

import runpy
import sys

import numpy as np
import pytest

from chainrule import io, nn
from chainrule.cli.main import main
from chainrule.tensor import Tensor


@pytest.fixture
def saved(tmp_path):
    model = nn.Sequential(nn.Dense(64, 64, seed=1), nn.ReLU(), nn.Dense(64, 10, seed=2))
    io.save(model, tmp_path / "digits.npz")  # float32, as chainrule train --save writes
    return tmp_path / "digits.npz", model


def test_export_writes_both_files_and_checks_them(saved, capsys):
    pytest.importorskip("torch")
    path, model = saved
    out_dir = path.parent / "torch"
    rc = main(["export", str(path), "--torch", str(out_dir)])
    out = capsys.readouterr().out
    assert rc == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["digits.py", "digits.safetensors"]
    # 64·64 + 64 + 64·10 + 10 = 4,810 parameters, grouped as the check line prints them
    assert "4,810 parameters" in out
    assert "all 4,810 gradients equal torch's .grad within 1e-12" in out
    rebuilt = runpy.run_path(str(out_dir / "digits.py"))["model"]
    x = np.random.default_rng(3).normal(size=(4, 64)).astype(np.float32)
    import torch

    np.testing.assert_allclose(rebuilt(torch.as_tensor(x, dtype=torch.float64)).detach().numpy(),
                               model(Tensor(x)).data, rtol=0, atol=1e-5)  # float32 model


def test_outputs_beyond_the_tolerance_are_refused(saved, monkeypatch, capsys):
    # the output check is a bound (machine noise stays out of the documents), and it can fail
    pytest.importorskip("torch")
    import chainrule.cli.export as export

    path, _ = saved
    assert "outputs equal chainrule's (float64) within 1e-12" in (
        main(["export", str(path), "--torch", str(path.parent / "ok")]) == 0
        and capsys.readouterr().out)
    monkeypatch.setattr(export, "OUTPUT_TOL", -1.0)
    assert main(["export", str(path), "--torch", str(path.parent / "bad")]) == 2
    assert "torch's outputs differ from chainrule's by" in capsys.readouterr().err


def test_without_torch_exports_unchecked(saved, monkeypatch, capsys):
    pytest.importorskip("safetensors")
    monkeypatch.setitem(sys.modules, "torch", None)
    path, _ = saved
    rc = main(["export", str(path), "--torch", str(path.parent / "t")])
    out = capsys.readouterr().out
    assert rc == 0 and "not checked in torch" in out and "gradients" not in out
    assert (path.parent / "t" / "digits.safetensors").stat().st_size > 4810 * 8


def test_without_safetensors_says_how_to_install(saved, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "safetensors", None)
    path, _ = saved
    rc = main(["export", str(path), "--torch", str(path.parent / "t")])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and len(err.splitlines()) == 1
    assert "pip install 'chainrule[torch]'" in err
    assert not (path.parent / "t").exists()


def test_outdir_that_is_a_file_refused(saved, capsys):
    path, _ = saved
    rc = main(["export", str(path), "--torch", str(path)])
    err = capsys.readouterr().err
    assert rc == 2 and "is a file; give a folder" in err


def test_missing_model_one_line(tmp_path, capsys):
    rc = main(["export", str(tmp_path / "nope.npz"), "--torch", str(tmp_path / "t")])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and "does not exist" in err and len(err.splitlines()) == 1
