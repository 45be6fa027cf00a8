"""Write a file so that a crash half-way never leaves a half-written file behind.

The bytes go to a temporary file in the same folder (same file system), which is flushed, synced
to disk and then renamed over the target with :func:`os.replace` — an atomic step: readers see the
old file or the new one, never a mixture. On any failure the temporary file is removed and the
old file is untouched.

A process killed with SIGKILL (or a power cut) cannot remove its temporary file, so every
temporary file has a recognisable name, ``.<name>.chainrule-tmp-<pid>-<random><suffix>``
(``.model.npz.chainrule-tmp-4242-k3j9x1.npz``), and :func:`remove_stale` deletes those of
writers that are no longer running: the writer calls it before every save to the same place,
and the CLI calls it at start for the files it is about to write.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

TMP_MARK = ".chainrule-tmp-"
STALE_AFTER_S = 24 * 3600  # a temp file of a live process is stale after a day (pid reuse)


def _tmp_prefix(target: Path) -> str:
    return f".{target.name}{TMP_MARK}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a platform without signal 0: assume alive
    return True


def remove_stale(path: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary files that interrupted writes of ``path`` left behind.

    A temporary file is stale when the process that made it (the pid in its name) is gone, or
    it is older than a day. Returns the files removed; errors (a read-only folder) are ignored.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    prefix = _tmp_prefix(target)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        pid_text = entry.name[len(prefix):].split("-", 1)[0]
        try:
            old = time.time() - entry.stat().st_mtime > STALE_AFTER_S
            if old or not (pid_text.isdigit() and _alive(int(pid_text))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it if the ``with`` block succeeds.

    For writers that want a file name rather than a handle (matplotlib, Pillow, Graphviz): the
    temporary file keeps the target's extension, so they pick the right format. On any exception
    it is removed and the target is left as it was; temporary files that killed writers left
    beside ``path`` are removed first (:func:`remove_stale`).

    Parameters
    ----------
    path : path-like
        The file to (re)write. Its folder must exist.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale(target)
    fd, name = tempfile.mkstemp(prefix=f"{_tmp_prefix(target)}{os.getpid()}-",
                                suffix=target.suffix, dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); give it the mode a plain open() would have.
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _sync_folder(folder)


@contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file that replaces ``path`` only if the ``with`` block succeeds.

    The data are flushed and synced to disk before the rename.

    Parameters
    ----------
    path : path-like
        The file to (re)write. Its folder must exist.
    mode : {"wb", "w"}
        Binary or text (UTF-8).
    """
    with atomic_path(path) as tmp, \
            open(tmp, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777  # rewriting a file keeps its permissions
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; where folders cannot be opened (Windows) the
    # rename is still atomic, only its durability after a power cut is the OS's business.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], write: Callable[[IO], object],
                 mode: str = "wb") -> Path:
    """Call ``write(handle)`` on a temporary file, then move it over ``path``; return the path."""
    with atomic_open(path, mode) as handle:
        write(handle)
    return Path(path)
