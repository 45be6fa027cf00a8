"""Writing the tour's pictures: whole files or none, in the tour's folder.

Each picture is drawn into a temporary file beside its target (same extension, so matplotlib and
Pillow pick the format) and moved over the target with :func:`os.replace` only when drawing
finished; a failed drawing leaves no half-written file. (The same pattern as
``chainrule.cli.files``; the tour sits below the CLI, so it keeps its own copy.)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from chainrule.tour.model import Figure


class FigureWriter:
    """Draws figures into ``folder`` atomically and records them.

    Parameters
    ----------
    folder : Path
        Created if missing.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, caption: str, draw: Callable[[Path], object]) -> Figure:
        """Call ``draw(tmp_path)``, then move the file to ``folder/name``; return its Figure."""
        target = self.folder / name
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix,
                                        dir=self.folder)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            draw(tmp)
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600 files; pictures are for sharing
            os.replace(tmp, target)
        except BaseException:
            with suppress(FileNotFoundError):
                tmp.unlink()
            raise
        return Figure(target, caption)
