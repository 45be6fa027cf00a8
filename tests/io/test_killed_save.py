"""kill -9 during a real save: the temp file it leaves is recognisable and is cleaned up — by
the next save to the same place, and by the next ``chainrule train`` start (issue 13, item 5)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chainrule import io, nn
from chainrule.io.atomic import TMP_MARK, remove_stale

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")

# Saves a ~4 MB model over and over; every save writes a temp file and renames it.
CHILD = """
import sys
from chainrule import io, nn
model = nn.Sequential(nn.Dense(1000, 1000, seed=0))
print("ready", flush=True)
while True:
    io.save(model, sys.argv[1])
"""


def _temps(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f".{name}{TMP_MARK}*"))


def _kill_during_a_save(folder: Path, name: str) -> list[Path]:
    """Start the saving loop, SIGKILL it while a temp file exists; return the leftovers."""
    for _ in range(20):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(folder / name)],
                                 stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not _temps(folder, name):
                time.sleep(0.0005)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(timeout=30)
            if child.stdout is not None:
                child.stdout.close()
        left = _temps(folder, name)
        if left:  # killed between two saves: try again
            return left
    pytest.fail("never caught the child inside a save")


def test_a_killed_save_leaves_a_named_temp_that_the_next_save_removes(tmp_path: Path) -> None:
    left = _kill_during_a_save(tmp_path, "model.npz")
    assert all(p.name.startswith(".model.npz.chainrule-tmp-") for p in left)
    assert all(p.suffix == ".npz" for p in left)
    io.save(nn.Sequential(nn.Dense(2, 2, seed=0)), tmp_path / "model.npz")
    assert _temps(tmp_path, "model.npz") == []
    io.load(tmp_path / "model.npz")  # the file in place is whole


def test_the_next_train_start_removes_it(tmp_path: Path, capsys) -> None:
    from chainrule.cli.main import main

    assert _kill_during_a_save(tmp_path, "ck.npz")
    # --layers is wrong, so this run stops before any save: the start alone cleans up
    status = main(["train", "--data", "xor", "--layers", "x", "--checkpoint",
                   str(tmp_path / "ck.npz")])
    assert status == 2 and "--layers" in capsys.readouterr().err
    assert _temps(tmp_path, "ck.npz") == []


def test_temps_of_live_writers_and_other_files_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "m.npz"
    mine = tmp_path / f".m.npz{TMP_MARK}{os.getpid()}-abc.npz"
    dead = tmp_path / f".m.npz{TMP_MARK}999999999-abc.npz"
    other = tmp_path / f".other.npz{TMP_MARK}999999999-abc.npz"
    for p in (mine, dead, other):
        p.write_bytes(b"x")
    assert remove_stale(target) == [dead]
    assert mine.exists() and other.exists() and not dead.exists()
