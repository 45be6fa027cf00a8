"""Compile a LaTeX sheet to PDF where a TeX installation exists.

Only ``pdflatex`` is used, with ``-no-shell-escape`` (so ``\\write18`` cannot run commands even
if something slipped past escaping), ``-interaction=nonstopmode`` and a time limit; the run
happens in the sheet's own folder so ``\\includegraphics`` finds the pictures beside it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from chainrule.errors import ConfigError

TIMEOUT_S = 60


def tex_available() -> bool:
    """True when ``pdflatex`` is on the PATH."""
    return shutil.which("pdflatex") is not None


def compile_pdf(tex: Path) -> Path:
    """Run pdflatex on ``tex`` (twice, for longtable widths); return the PDF's path.

    Raises
    ------
    ConfigError
        No pdflatex on the PATH; pdflatex failed or ran longer than ``TIMEOUT_S`` seconds
        (naming the log file).
    """
    exe = shutil.which("pdflatex")
    if exe is None:
        raise ConfigError("--pdf: no TeX installation found (pdflatex is not on the PATH); "
                          "the .tex files are written, compile them where TeX is installed")
    for _ in range(2):
        try:
            done = subprocess.run([exe, "-no-shell-escape", "-interaction=nonstopmode",
                                   "-halt-on-error", tex.name], cwd=tex.parent,
                                  capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ConfigError(f"{tex}: pdflatex ran longer than {TIMEOUT_S} s") from exc
        if done.returncode != 0:
            raise ConfigError(f"{tex}: pdflatex failed (see {tex.with_suffix('.log')})")
    return tex.with_suffix(".pdf")


__all__ = ["compile_pdf", "tex_available"]
