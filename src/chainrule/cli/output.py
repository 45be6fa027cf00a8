"""How the command talks to people and to scripts: rich on a terminal, plain text when piped.

:class:`Output` is the only thing in the CLI that writes to stdout. On an interactive terminal
(and unless ``NO_COLOR`` is set or ``TERM=dumb``) it draws headings, tables and verdicts with
rich; otherwise it writes plain text with aligned columns, so pipes, logs and ``grep`` see no
escape codes and no box-drawing characters. :func:`emit_json` is the ``--json`` path: one JSON
document on stdout and nothing else.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import IO, Any

import numpy as np

from chainrule.escape import terminal_lines


def wants_color(stream: IO[str]) -> bool:
    """True when ``stream`` is a terminal that may receive colour and box drawing.

    ``NO_COLOR`` (any non-empty value, see https://no-color.org) and ``TERM=dumb`` switch it off.
    """
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def plain(value: Any) -> Any:
    """``value`` as JSON-able Python: NumPy scalars and arrays become numbers and lists.

    Non-finite floats become ``None`` (JSON has no NaN or infinity), tuples become lists and
    mapping keys become strings.
    """
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        x = float(value)
        return x if math.isfinite(x) else None
    if value is None or isinstance(value, str):
        return value
    return str(value)


def emit_json(data: Any, stream: IO[str] | None = None) -> None:
    """Write ``data`` as one JSON document (indented, UTF-8 text) and a newline."""
    out = stream if stream is not None else sys.stdout
    out.write(json.dumps(plain(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    out.flush()


def _cell(value: Any) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    return str(value)


class Output:
    """Headings, paragraphs, tables and verdicts, rendered for a terminal or for a pipe.

    Parameters
    ----------
    stream : text stream, optional
        Where to write (default ``sys.stdout``).
    rich : bool, optional
        Force rich rendering on or off; by default :func:`wants_color` decides.
    """

    def __init__(self, stream: IO[str] | None = None, rich: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.rich = wants_color(self.stream) if rich is None else rich
        self._console: Any = None
        if self.rich:
            from rich.console import Console  # lazy: plain output never needs rich

            self._console = Console(file=self.stream, highlight=False)

    def heading(self, text: str, level: int = 1) -> None:
        """A section title; level 1 is a banner, level 2 a sub-heading."""
        if self._console is not None:
            if level == 1:
                self._console.rule(f"[bold cyan]{_escape(text)}[/]", align="left")
            else:
                self._console.print(f"[bold]{_escape(text)}[/]")
            return
        underline = "=" if level == 1 else "-"
        self._write(f"{text}\n{underline * min(len(text), 78)}")

    def text(self, text: str = "", style: str | None = None) -> None:
        """A paragraph (``style`` is a rich style such as ``"dim"``, ignored when plain)."""
        if self._console is not None:
            self._console.print(_escape(text), style=style)
        else:
            self._write(text)

    def verdict(self, ok: bool, text: str) -> None:
        """A line marked as right (✓, green) or wrong (✗, red)."""
        mark = "✓" if ok else "✗"
        if self._console is not None:
            colour = "green" if ok else "red"
            self._console.print(f"[bold {colour}]{mark}[/] {_escape(text)}")
        else:
            self._write(f"{mark} {text}")

    def pairs(self, items: Iterable[tuple[str, Any]]) -> None:
        """``key: value`` lines with the values aligned."""
        items = [(k, _cell(v)) for k, v in items]
        width = max((len(k) for k, _ in items), default=0)
        for key, value in items:
            if self._console is not None:
                self._console.print(f"[bold]{_escape(key.ljust(width))}[/]  {_escape(value)}")
            else:
                self._write(f"{key.ljust(width)}  {value}")

    def table(self, columns: Sequence[str], rows: Iterable[Sequence[Any]],
              title: str | None = None, align: str | None = None) -> None:
        """A table; numbers are right-aligned unless ``align`` gives one letter per column.

        ``align`` is a string of ``l``/``r`` (e.g. ``"lrr"``); floats are shown with six
        significant digits, everything else with ``str``.
        """
        body = [[_cell(v) for v in row] for row in rows]
        if align is None:
            align = "".join("l" if i == 0 else "r" for i in range(len(columns)))
        if self._console is not None:
            from rich import box
            from rich.table import Table

            table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left",
                          title_style="bold")
            for name, a in zip(columns, align):
                table.add_column(_escape(name), justify="left" if a == "l" else "right")
            for row in body:
                table.add_row(*(_escape(c) for c in row))
            self._console.print(table)
            return
        widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]

        def line(cells: Sequence[str]) -> str:
            """One row, padded to the column widths."""
            parts = [c.ljust(w) if a == "l" else c.rjust(w)
                     for c, w, a in zip(cells, widths, align)]
            return "  ".join(parts).rstrip()

        lines = [title] if title else []
        lines += [line(list(columns)), "  ".join("-" * w for w in widths)]
        lines += [line(r) for r in body]
        self._write("\n".join(lines))

    def status(self, text: str) -> AbstractContextManager[Any]:
        """A transient spinner with ``text`` while a slow step runs (terminal only)."""
        if self._console is None:
            return nullcontext()
        return self._console.status(_escape(text), spinner="dots")

    def blank(self) -> None:
        """An empty line."""
        self._write("")

    def _write(self, text: str) -> None:
        self.stream.write(terminal_lines(text) + "\n")


def _escape(text: str) -> str:
    """Text with rich's markup brackets escaped, so ``[1]`` in a name prints as ``[1]``, and
    control characters shown escaped (:func:`chainrule.escape.terminal_lines`)."""
    from rich.markup import escape

    return escape(terminal_lines(text))
