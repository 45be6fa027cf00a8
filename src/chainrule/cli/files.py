"""Input files that must exist, and output files that appear whole or not at all.

Every file the command writes goes through :func:`atomic_path`: the renderer writes a temporary
file in the target's own folder (same file system, same extension so that matplotlib and
Graphviz pick the right format), and only when it finished does :func:`os.replace` move it over
the target — one atomic step. If rendering fails, the temporary file is deleted and a file that
was already there is left exactly as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from chainrule.errors import ConfigError
from chainrule.io.atomic import atomic_path as io_atomic_path


def existing_file(path: str, what: str) -> Path:
    """``path`` as a Path, or a ConfigError naming ``what`` when it is not a readable file."""
    p = Path(path)
    if not p.exists():
        raise ConfigError(f"{what} {path!r} does not exist")
    if not p.is_file():
        raise ConfigError(f"{what} {path!r} is not a file")
    return p


def check_suffix(path: str, allowed: tuple[str, ...], option: str) -> Path:
    """``path`` as a Path if its extension is one of ``allowed`` (``".svg"``…); else ConfigError."""
    p = Path(path)
    if p.suffix.lower() not in allowed:
        got = p.suffix or "no extension"
        raise ConfigError(f"{option} {path!r}: the file must end in {', '.join(allowed)} "
                          f"(got {got})")
    return p


def _folder_of(target: Path) -> Path:
    folder = target.parent
    if not folder.exists():
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise ConfigError(f"cannot write {str(target)!r}: {str(folder)!r} is not a folder")
    return folder


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path to write; it replaces ``path`` when the ``with`` block succeeds.

    :func:`chainrule.io.atomic.atomic_path` does the writing; the CLI adds friendly checks:
    missing parent folders are created, a folder as target and an empty result are errors.
    """
    target = Path(path)
    if target.is_dir():
        raise ConfigError(f"cannot write {str(target)!r}: it is a folder")
    _folder_of(target)
    with io_atomic_path(target) as tmp:
        yield tmp
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise ConfigError(f"rendering {target.name!r} produced no output")


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; return the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_with(path: str | os.PathLike[str], render: Callable[[Path], object]) -> Path:
    """Call ``render(tmp_path)`` to produce the file, then move it into place atomically."""
    with atomic_path(path) as tmp:
        render(tmp)
    return Path(path)
