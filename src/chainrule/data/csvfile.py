"""``load_csv``: the user's own table as (X, y), with errors that name file, line and column.

The first row is a header when it holds text in a column that is numeric in the next row
(``header="auto"``); a target column of text (``"setosa"``, ``"spam"``) becomes integer class
codes in sorted order, with the names kept in ``CsvData.classes``. Every feature must be a finite
number: a ragged row, an empty field or a non-number is a :class:`ConfigError` that says where.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.errors import ConfigError


@dataclass(frozen=True)
class CsvData:
    """What :func:`load_csv` read. Unpacks as ``X, y = load_csv(...)``.

    Attributes
    ----------
    X : ndarray, shape (n, d)
        The feature columns, in file order.
    y : ndarray, shape (n,) or None
        The target: int64 when every value is a whole number (below 2**53) or text labels
        were coded, else float; never NaN or infinite. None when ``target=None``.
    feature_names : tuple of str
        Header names of the features (``"column 1"`` … when there is no header).
    target_name : str or None
    classes : tuple of str or None
        For a text target, the label of each code: ``classes[y[i]]`` is row i's label.
    path : str
    """

    X: np.ndarray
    y: np.ndarray | None
    feature_names: tuple[str, ...]
    target_name: str | None
    classes: tuple[str, ...] | None
    path: str

    def __iter__(self) -> Iterator[Any]:
        return iter((self.X, self.y))


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def _read_rows(path: str, delimiter: str) -> list[tuple[int, list[str]]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f, delimiter=delimiter)
            rows = []
            for fields in reader:
                fields = [x.strip() for x in fields]
                if any(fields):  # blank lines separate nothing
                    rows.append((reader.line_num, fields))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not a UTF-8 text file ({e.reason} at byte {e.start})") from None
    except csv.Error as e:
        raise ConfigError(f"{path}: not readable as CSV: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    if not rows:
        raise ConfigError(f"{path}: the file has no rows")
    return rows


def _has_header(rows: list[tuple[int, list[str]]]) -> bool:
    first = rows[0][1]
    if len(rows) == 1:
        return not all(_is_number(x) for x in first)
    second = rows[1][1]
    return any(not _is_number(a) and _is_number(b) for a, b in zip(first, second))


def _target_index(target: str | int | None, names: list[str], has_header: bool,
                  path: str) -> int | None:
    w = len(names)
    if target is None:
        return None
    if target == "last":
        return w - 1
    if isinstance(target, bool) or not isinstance(target, (int, str)):
        raise ConfigError(f"{path}: target must be 'last', a column name or an index, "
                          f"got {target!r}")
    if isinstance(target, int):
        if not -w <= target < w:
            raise ConfigError(f"{path}: target index {target} is out of range for {w} columns")
        return target % w
    if not has_header:
        raise ConfigError(f"{path}: target {target!r} is a column name but the file has no header")
    if target not in names:
        raise ConfigError(f"{path}: no column named {target!r}; the columns are {names}")
    return names.index(target)


def _parse_features(rows: list[tuple[int, list[str]]], cols: list[int], names: list[str],
                    path: str, dtype: Any) -> np.ndarray:
    text = np.array([[fields[j] for j in cols] for _, fields in rows], dtype=str)
    limit = float(np.finfo(dtype).max) if np.issubdtype(dtype, np.floating) else math.inf
    try:  # the fast path: NumPy parses the whole block at once
        values = text.astype(np.float64).reshape(len(rows), len(cols))
        if np.isfinite(values).all() and np.abs(values).max(initial=0.0) <= limit:
            return values.astype(dtype)
    except ValueError:
        pass
    for line, fields in rows:  # something is wrong: find the first bad field and say where
        for j in cols:
            s = fields[j]
            where = f"{path}, line {line}, column {j + 1} ({names[j]})"
            if not s:
                raise ConfigError(f"{where}: empty field (a missing value)")
            if not _is_number(s):
                raise ConfigError(f"{where}: {s!r} is not a number")
            if not math.isfinite(float(s)):
                raise ConfigError(f"{where}: {s!r} is not a finite number")
            if abs(float(s)) > limit:
                raise ConfigError(f"{where}: {s} is beyond the range of {np.dtype(dtype).name} "
                                  f"(±{limit:.3g}); rescale the column")
    raise AssertionError("unreachable: the block failed to parse but every field parsed")


def _check_target(y: np.ndarray, rows: list[tuple[int, list[str]]], t: int, name: str,
                  path: str, dtype: Any) -> None:
    """A numeric target must be finite and fit ``dtype`` — else say which line."""
    limit = float(np.finfo(dtype).max) if np.issubdtype(dtype, np.floating) else math.inf
    bad = np.flatnonzero(~np.isfinite(y) | (np.abs(np.nan_to_num(y)) > limit))
    if bad.size:
        line, fields = rows[int(bad[0])]
        what = ("is not a finite number" if not math.isfinite(y[bad[0]])
                else f"is beyond the range of {np.dtype(dtype).name} (±{limit:.3g})")
        raise ConfigError(f"{path}, line {line}, column {t + 1} ({name}, the target): "
                          f"{fields[t]!r} {what}")


def _sniff(rows: list[tuple[int, list[str]]], delimiter: str) -> str | None:
    """Another delimiter when every row is one field that holds ``;`` or a tab evenly."""
    if delimiter != "," or any(len(fields) != 1 for _, fields in rows):
        return None
    for other in (";", "\t", "|"):
        counts = {fields[0].count(other) for _, fields in rows}
        if len(counts) == 1 and counts.pop() > 0:
            return other
    return None


def load_csv(path: str | os.PathLike[str], target: str | int | None = "last", *,
             delimiter: str = ",", header: bool | str = "auto", dtype: Any = np.float32
             ) -> CsvData:
    """Read a numeric table: features X and a target column y.

    Parameters
    ----------
    path : str or path-like
        A UTF-8 text file (a byte-order mark is allowed); blank lines are skipped.
    target : "last", str, int or None, default "last"
        The target column: the last one, a header name, or a 0-based index (negative counts
        from the end). ``None`` reads every column as a feature and gives ``y = None``.
    delimiter : str, default ","
        When every row comes out as one field that holds ``;``, a tab or ``|`` the same
        number of times, the file is read again with that delimiter.
    header : "auto" or bool, default "auto"
        Whether the first row holds column names; "auto" decides as the module says.
    dtype : NumPy dtype, default float32
        Of X, and of y when y is not whole numbers.

    Returns
    -------
    CsvData
        ``X`` (n, d), ``y`` (n,), names; unpack with ``X, y = load_csv(path)``.

    Raises
    ------
    ConfigError
        Missing or unreadable file, no data rows, a row with a different number of fields
        (file and line), an empty or non-numeric feature (file, line and column), an unknown
        target column.
    """
    p = os.fspath(path)
    rows = _read_rows(p, delimiter)
    other = _sniff(rows, delimiter)
    if other is not None:  # "a;b;c" read with commas is one column: read it again
        rows = _read_rows(p, other)
    if header not in ("auto", True, False):
        raise ConfigError(f"{p}: header must be 'auto', True or False, got {header!r}")
    has_header = _has_header(rows) if header == "auto" else bool(header)
    first_line, first = rows[0]
    width = len(first)
    names = first if has_header else [f"column {j + 1}" for j in range(width)]
    for line, fields in rows:
        if len(fields) != width:
            raise ConfigError(
                f"{p}, line {line}: expected {width} fields (as on line {first_line}), "
                f"found {len(fields)}"
            )
    data = rows[1:] if has_header else rows
    if not data:
        raise ConfigError(f"{p}: the file has a header but no data rows")
    t = _target_index(target, names, has_header, p)
    cols = [j for j in range(width) if j != t]
    X = _parse_features(data, cols, names, p, dtype) if cols else np.empty((len(data), 0), dtype)
    y, classes = None, None
    if t is not None:
        raw = [fields[t] for _, fields in data]
        if all(_is_number(s) for s in raw):
            yf = np.array([float(s) for s in raw])
            _check_target(yf, data, t, names[t], p, dtype)
            whole = bool(np.all(yf == np.round(yf))) and np.abs(yf).max(initial=0) < 2**53
            y = yf.astype(np.int64) if whole else yf.astype(dtype)
        else:  # text labels: codes in sorted order
            classes = tuple(sorted(set(raw)))
            code = {c: i for i, c in enumerate(classes)}
            y = np.array([code[s] for s in raw], dtype=np.int64)
    return CsvData(X=X, y=y, feature_names=tuple(names[j] for j in cols),
                 target_name=None if t is None else names[t], classes=classes, path=p)
