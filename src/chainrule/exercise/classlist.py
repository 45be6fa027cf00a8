"""A class list: a CSV of students, one row each, with an ``id`` column and optionally
``name``.

Ids are what seeds are derived from (:func:`~chainrule.exercise.seeding.student_seed`), so a
student keeps their numbers when the list is re-sorted or extended. Duplicate or empty ids are
refused, naming the row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from chainrule.errors import ConfigError
from chainrule.exercise.sheets import Student

MAX_STUDENTS = 1000  # a large lecture; generating and rendering one takes ~0.1 s
ID_COLUMNS = ("id", "student", "student_id", "username", "email")
NAME_COLUMNS = ("name", "full_name", "fullname")


def id_column(path: str | Path, header: list[str]) -> int:
    """Index of the id column of a CSV ``header``: the first of :data:`ID_COLUMNS` present
    (case-insensitive). Raises ``ConfigError`` naming the file and the header when none is."""
    lower = [h.strip().lower() for h in header]
    for name in ID_COLUMNS:
        if name in lower:
            return lower.index(name)
    raise ConfigError(f"{path}: line 1: no id column (expected one of "
                      f"{', '.join(ID_COLUMNS)}; got {', '.join(header)})")


def student_rows(path: str | Path, rows: Iterable[list[str]], id_col: int,
                 width: int | None = None) -> Iterator[tuple[int, list[str], str]]:
    """``(line, row, id)`` for each non-blank data row of a CSV read past its header (the
    first data row is line 2), the id stripped.

    Raises ``ConfigError`` naming the line for an empty id, an id that repeats an earlier line,
    or (when ``width`` is given) a row of more than ``width`` cells.
    """
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if width is not None and len(row) > width:
            raise ConfigError(f"{path}: line {line}: {len(row)} cells but the header has "
                              f"{width}")
        sid = row[id_col].strip() if id_col < len(row) else ""
        if not sid:
            raise ConfigError(f"{path}: line {line}: empty student id")
        if sid in seen:
            raise ConfigError(f"{path}: line {line}: student id {sid!r} repeats line "
                              f"{seen[sid]}")
        seen[sid] = line
        yield line, row, sid


def read_class_list(path: str | Path) -> list[Student]:
    """The students of the CSV file ``path`` (UTF-8, a header row; the id column is the first
    of ``id``, ``student``, ``student_id``, ``username``, ``email`` present, case-insensitive).

    Raises
    ------
    ConfigError
        An unreadable file, no id column, an empty or repeated id (naming the line), or more
        than ``MAX_STUDENTS`` rows.
    """
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the class list: {exc}") from exc
    rows = csv.reader(text.splitlines())
    header = next(rows, None)
    if not header:
        raise ConfigError(f"{path}: the class list is empty (expected a header row with an "
                          f"'id' column)")
    lower = [h.strip().lower() for h in header]
    id_col = id_column(path, header)
    name_col = next((lower.index(c) for c in NAME_COLUMNS if c in lower), None)
    students: list[Student] = []
    for _line, row, sid in student_rows(path, rows, id_col):
        name = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        students.append(Student(sid, name))
        if len(students) > MAX_STUDENTS:
            raise ConfigError(f"{path}: more than {MAX_STUDENTS} students")
    if not students:
        raise ConfigError(f"{path}: the class list has a header but no students")
    return students


__all__ = ["ID_COLUMNS", "MAX_STUDENTS", "NAME_COLUMNS", "id_column", "read_class_list",
           "student_rows"]
