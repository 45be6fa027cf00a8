"""Students' answers: a CSV (one row per student, one column per quantity) or learner files
(one TOML file per student, keys as in ``chainrule explain --check``).

Values are kept as the text the student wrote, so ``0.5950`` keeps its four decimals (its
precision sets the tolerance). A CSV's id column is named as in a class list (``id``,
``student`` …); a learner file's student is its ``student = "…"`` key, or else its file name.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from chainrule.errors import ConfigError
from chainrule.exercise.classlist import NAME_COLUMNS, id_column, student_rows

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

Answers = dict[str, dict[str, str]]
MAX_BYTES = 20_000_000


def _text(path: Path, what: str) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ConfigError(f"{path}: {what} larger than {MAX_BYTES // 1_000_000} MB")
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the {what}: {exc}") from exc


def read_answers_csv(path: str | Path) -> Answers:
    """Student id → {column: text} from an answers CSV (name columns are skipped).

    Raises
    ------
    ConfigError
        No id column, an empty or repeated id (naming the line), a row longer than the header.
    """
    p = Path(path)
    rows = csv.reader(_text(p, "answers file").splitlines())
    header = next(rows, None)
    if not header:
        raise ConfigError(f"{path}: the answers file is empty (expected a header row)")
    lower = [h.strip().lower() for h in header]
    id_col = id_column(path, header)
    skip = {id_col} | {i for i, h in enumerate(lower) if h in NAME_COLUMNS}
    out: Answers = {}
    for _line, row, sid in student_rows(path, rows, id_col, width=len(header)):
        out[sid] = {header[i].strip(): cell for i, cell in enumerate(row) if i not in skip}
    return out


def read_learner_files(paths: list[Path]) -> Answers:
    """Student id → {key: text} from learner files (TOML)."""
    out: Answers = {}
    for p in paths:
        try:
            data = tomllib.loads(_text(p, "learner file"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: bad TOML syntax: {exc}") from exc
        sid = data.pop("student", p.stem)
        data.pop("network", None)
        if not isinstance(sid, str) or not sid.strip():
            raise ConfigError(f"{p}: student: expected the student's id as text")
        if sid in out:
            raise ConfigError(f"{p}: student {sid!r} already has a learner file")
        values = {}
        for key, value in data.items():
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise ConfigError(f"{p}: {key}: expected a number or text; got {value!r}")
            values[key] = repr(value) if isinstance(value, float) else str(value)
        out[sid.strip()] = values
    return out


def read_answers(path: str | Path) -> Answers:
    """Answers from a CSV file, one learner file (``.toml``), or a folder of learner files."""
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("*.toml"))
        if not files:
            raise ConfigError(f"{path}: no learner files (*.toml) in this folder")
        return read_learner_files(files)
    if p.suffix.lower() == ".toml":
        return read_learner_files([p])
    return read_answers_csv(p)


__all__ = ["Answers", "read_answers", "read_answers_csv", "read_learner_files"]
