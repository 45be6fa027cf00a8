"""Key files: every student's exercise as data (JSON), to grade and export from.

A key file is ``{"format": "chainrule-exercise-key", "version": 1, "entries": [{"student":
{"id", "name"}, "exercise": Exercise.to_dict()}, …]}``. It is read with :mod:`json` and every
field checked (:meth:`Exercise.from_dict`), never unpickled; a TOML file of the same shape is
read too. Grading uses the stored answers, so a key keeps grading the same even if a later
chainrule draws different numbers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chainrule.errors import ConfigError
from chainrule.exercise import explainer
from chainrule.exercise.problem import Exercise
from chainrule.exercise.sheets import Student

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FORMAT = "chainrule-exercise-key"
VERSION = 1
MAX_BYTES = 50_000_000

Entry = tuple[Exercise, Student]


def key_data(entries: Sequence[Entry]) -> dict[str, Any]:
    """The JSON-ready key of ``entries``."""
    return {"format": FORMAT, "version": VERSION,
            "entries": [{"student": {"id": s.id, "name": s.name}, "exercise": e.to_dict()}
                        for e, s in entries]}


def dumps_key(entries: Sequence[Entry]) -> str:
    """The key file's text (JSON, UTF-8, one entry per student)."""
    return json.dumps(key_data(entries), ensure_ascii=False, indent=1) + "\n"


def read_key(path: str | Path) -> list[Entry]:
    """The entries of the key file ``path`` (``.json``, or ``.toml``).

    Raises
    ------
    ConfigError
        Naming the file and the field: unreadable, not JSON/TOML, another format or version,
        a bad exercise (``entries[3].exercise.quantities[0].value: …``), a repeated student.
    """
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise ConfigError(f"{path}: key file larger than {MAX_BYTES // 1_000_000} MB")
        text = p.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the key file: {exc}") from exc
    try:
        data = tomllib.loads(text) if p.suffix.lower() == ".toml" else json.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not a key file (bad {p.suffix[1:] or 'JSON'}: {exc})") \
            from exc
    return entries_from(data, str(path))


def entries_from(data: Any, source: str) -> list[Entry]:
    """Validate parsed key data; see :func:`read_key`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f"{source}: not a chainrule exercise key (expected \"format\": "
                          f"\"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise ConfigError(f"{source}: key version {data.get('version')!r} is not supported "
                          f"(this chainrule reads version {VERSION})")
    raw = data.get("entries")
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f"{source}: entries: expected a non-empty list")
    out: list[Entry] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"{source}: entries[{i}]"
        if not isinstance(item, dict) or set(item) - {"student", "exercise"}:
            raise ConfigError(f"{where}: expected a table with student and exercise")
        st = item.get("student")
        if not isinstance(st, dict) or not isinstance(st.get("id"), str) or not st["id"]:
            raise ConfigError(f"{where}.student: expected {{\"id\": \"…\", \"name\": \"…\"}}")
        name = st.get("name", "")
        if not isinstance(name, str):
            raise ConfigError(f"{where}.student.name: expected text; got {name!r}")
        if st["id"] in seen:
            raise ConfigError(f"{where}.student: id {st['id']!r} appears twice")
        seen.add(st["id"])
        ex = Exercise.from_dict(item.get("exercise"), f"{where}.exercise")
        if ex.network is not None:  # validated now, so grading cannot fail half-way
            explainer.network(ex.network, source=f"{where}.exercise.network")
        out.append((ex, Student(st["id"], name)))
    return out


__all__ = ["FORMAT", "VERSION", "dumps_key", "entries_from", "key_data", "read_key"]
