"""Everything for a class at once: one exercise per student, their sheets, the keys, exports.

:func:`class_entries` gives each student of a class list their own exercise (seed from their
id); :func:`write_class` writes, in one folder:

* ``<id>-worksheet.<ext>`` and ``<id>-key.<ext>`` per student and format (md, html, tex), with
  the network picture ``<id>-network.svg`` (Markdown) / ``.png`` (LaTeX) — HTML inlines it;
* ``class-key.<ext>`` — one combined key, every student's answers;
* ``key.json`` — the key as data, for ``chainrule grade`` and the exports;
* optionally ``moodle.xml`` and ``quiz.gift``, and PDFs of the LaTeX files.

File names come from student ids with every character other than letters, digits, ``. _ -``
replaced by ``_`` (an id cannot write outside the folder).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from chainrule.errors import ConfigError
from chainrule.exercise import render, sheets
from chainrule.exercise.keyfile import Entry, dumps_key
from chainrule.exercise.kinds import generate
from chainrule.exercise.seeding import student_seed
from chainrule.exercise.sheets import Student
from chainrule.io.atomic import write_atomic

FORMATS = {"md": ".md", "html": ".html", "latex": ".tex"}


def class_entries(kind: str, level: int, students: Sequence[Student]) -> list[Entry]:
    """Each student's exercise of ``kind`` at ``level``, seeded by their id."""
    return [(generate(kind, level, student_seed(s.id)), s) for s in students]


def file_stem(student_id: str) -> str:
    """A file-name-safe form of a student id: ``s 01/x`` → ``s_01_x``; never starts with a
    dot."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", student_id).lstrip(".")
    return stem[:80] or "student"


def _stems(entries: Sequence[Entry]) -> list[str]:
    stems: list[str] = []
    for _, s in entries:
        stem = file_stem(s.id)
        if stem in stems:
            raise ConfigError(f"student ids {s.id!r} and another give the same file name "
                              f"{stem!r}; make the ids differ in letters or digits")
        stems.append(stem)
    return stems


def _write(path: Path, data: str | bytes) -> Path:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return write_atomic(path, lambda handle: handle.write(raw))


def render_sheet(blocks: list[sheets.Block], fmt: str, ex_has_picture: bool, stem: str,
                 svg: str) -> str:
    """One document in format ``fmt`` (md, html, latex)."""
    if fmt == "md":
        return render.markdown(blocks, picture=f"{stem}-network.svg")
    if fmt == "html":
        return render.html(blocks, picture=svg if ex_has_picture else "")
    return render.latex(blocks, picture=f"{stem}-network.png")


def write_class(entries: Sequence[Entry], folder: str | Path, formats: Sequence[str] = ("md",),
                *, combined: bool = True, pdf: bool = False) -> list[Path]:
    """Write every sheet, key, picture and the key file; return the paths written."""
    for fmt in formats:
        if fmt not in FORMATS:
            raise ConfigError(f"format: expected one of {', '.join(FORMATS)}; got {fmt!r}")
    out_dir = Path(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for (ex, student), stem in zip(entries, _stems(entries)):
        has_picture = ex.network is not None
        svg = render.picture_svg(ex) if has_picture and {"md", "html"} & set(formats) else ""
        if has_picture and "md" in formats:
            written.append(_write(out_dir / f"{stem}-network.svg", svg))
        if has_picture and "latex" in formats:
            written.append(_write(out_dir / f"{stem}-network.png", render.picture_png(ex)))
        for fmt in formats:
            for part, blocks in (("worksheet", sheets.worksheet(ex, student)),
                                 ("key", sheets.key(ex, student))):
                path = out_dir / f"{stem}-{part}{FORMATS[fmt]}"
                written.append(_write(path, render_sheet(blocks, fmt, has_picture, stem, svg)))
    if combined:
        blocks = sheets.combined_key([(e, s) for e, s in entries])
        for fmt in formats:
            path = out_dir / f"class-key{FORMATS[fmt]}"
            written.append(_write(path, render_sheet(blocks, fmt, False, "class", "")))
    written.append(_write(out_dir / "key.json", dumps_key(entries)))
    if pdf and "latex" in formats:
        from chainrule.exercise.pdf import compile_pdf

        written += [compile_pdf(p) for p in list(written) if p.suffix == ".tex"]
    return written


__all__ = ["FORMATS", "class_entries", "file_stem", "render_sheet", "write_class"]
