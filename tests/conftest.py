"""Shared test settings: hypothesis runs derandomized and without deadlines, and the
``pdflatex`` fixture of the LaTeX compile tests.

Derandomized so a run is reproducible (CI and a developer see the same examples); no deadline
because these shared 2-core machines stall now and then, and a timing failure is not a bug.

The LaTeX tests need pdflatex with the Debian packages texlive-latex-base and
texlive-latex-recommended (booktabs). Without it they are skipped, and the end of the run says
loudly how many did not run; with ``CHAINRULE_REQUIRE_TEX=1`` (set by ``.ci/run``) a missing
pdflatex fails them instead — as ``CHAINRULE_REQUIRE_BROWSER`` does for Chromium.
"""

import os
import shutil
from typing import Any

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")  # headless: no test opens a window

settings.register_profile("default", deadline=None, derandomize=True, max_examples=60)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

TEX_SKIP = "LaTeX test not run"
TEX_PACKAGES = "texlive-latex-base texlive-latex-recommended"
TEX_SKIPPED: list[str] = []


@pytest.fixture(scope="session")
def pdflatex() -> str:
    """The pdflatex executable, or a skip (a failure with CHAINRULE_REQUIRE_TEX=1)."""
    path = shutil.which("pdflatex")
    if path is None:
        why = f"pdflatex is not on the PATH (apt-get install {TEX_PACKAGES})"
        if os.environ.get("CHAINRULE_REQUIRE_TEX") == "1":
            pytest.fail(f"LaTeX tests required (CHAINRULE_REQUIRE_TEX=1) but {why}")
        pytest.skip(f"{TEX_SKIP}: {why}")
    return path


def pytest_runtest_logreport(report: Any) -> None:
    """Remember the LaTeX tests skipped for want of pdflatex, for the summary below."""
    if report.skipped and TEX_SKIP in str(report.longrepr):
        TEX_SKIPPED.append(report.nodeid)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say loudly, at the end of the run, that the LaTeX tests did not run."""
    if TEX_SKIPPED:
        terminalreporter.write_sep(
            "!", f"{len(TEX_SKIPPED)} LATEX TESTS DID NOT RUN: pdflatex is not on the PATH "
                 f"(apt-get install {TEX_PACKAGES})", red=True, bold=True)
