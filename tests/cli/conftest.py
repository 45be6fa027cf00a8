"""Run the installed ``chainrule`` command in a subprocess, as a user would.

The console script next to the test's Python (``.venv/bin/chainrule``) is used when it exists,
otherwise ``python -m chainrule.cli.main``; stdout is a pipe, so output is the plain kind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def command() -> list[str]:
    script = Path(sys.executable).with_name("chainrule")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "chainrule.cli.main"]


Run = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def cli(tmp_path: Path) -> Run:
    """``cli("derive", "x^2")`` runs the command in ``tmp_path`` and returns the result."""

    def run(*args: str, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
        env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8", COLUMNS="120")
        env.pop("CI", None)
        return subprocess.run([*command(), *args], cwd=cwd or tmp_path, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=timeout)

    return run


def one_error_line(result: subprocess.CompletedProcess) -> str:
    """The single stderr line of a failed run (asserts exit 2, one line, no traceback)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def error_line() -> Callable[[subprocess.CompletedProcess], str]:
    return one_error_line


@pytest.fixture
def examples() -> Path:
    if not (EXAMPLES / "seed000.toml").exists():
        pytest.skip("examples/ is not next to the tests (installed package)")
    return EXAMPLES


@pytest.fixture
def inproc(capsys, monkeypatch, tmp_path) -> Callable[..., tuple[int, str, str]]:
    """``inproc("derive", "x^2")`` calls ``main`` in this process (in ``tmp_path``): fast, for
    the many error cases; the subprocess fixture ``cli`` covers the real console script."""
    from chainrule.cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def inproc_error(result: tuple[int, str, str]) -> str:
    """The single stderr line of a failed in-process run (exit 2, nothing on stdout)."""
    code, out, err = result
    assert code == 2, (code, out, err)
    assert out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def error_of() -> Callable[[tuple[int, str, str]], str]:
    return inproc_error
