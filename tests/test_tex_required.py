"""Without pdflatex the LaTeX compile tests are skipped and the run ends with a loud line
saying how many did not run; with ``CHAINRULE_REQUIRE_TEX=1`` (set by ``.ci/run``) they fail.
Checked by running one of them in a child pytest whose PATH has no pdflatex."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE_TEX_TEST = "tests/explain/test_matrix.py::test_latex_with_matrices_and_training_compiles"


def _run_without_tex(**env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "CHAINRULE_REQUIRE_TEX"}
    environ.update(PATH=str(ROOT / "no-such-dir"), **env)
    return subprocess.run([sys.executable, "-m", "pytest", ONE_TEX_TEST],
                          cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300)


def test_a_missing_pdflatex_is_said_loudly():
    run = _run_without_tex()
    assert run.returncode == 0, run.stdout[-2000:]
    assert "1 skipped" in run.stdout
    assert "1 LATEX TESTS DID NOT RUN: pdflatex is not on the PATH" in run.stdout, run.stdout


def test_a_missing_pdflatex_fails_when_tex_is_required():
    run = _run_without_tex(CHAINRULE_REQUIRE_TEX="1")
    assert run.returncode == 1, run.stdout[-2000:]
    assert "LaTeX tests required (CHAINRULE_REQUIRE_TEX=1)" in run.stdout, run.stdout
