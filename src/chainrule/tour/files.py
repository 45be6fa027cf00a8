"""Writing the tour's pictures: whole files or none, in the tour's folder.

Each picture is drawn into a temporary file beside its target (same extension, so matplotlib and
Pillow pick the format) and moved over the target with :func:`os.replace` only when drawing
finished (:func:`chainrule.io.atomic.atomic_path`); a failed drawing leaves no half-written
file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from chainrule.io.atomic import atomic_path
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
        with atomic_path(target) as tmp:
            draw(tmp)
        return Figure(target, caption)
