"""The tour as data: sections of text, derivations, tables, corrections and figure paths.

A :class:`Section` retells one worked example of a seed. Everything in it was computed by the
libraries when the section was built — the numbers in its tables, the derivations, the
evidence in each :class:`Correction` — and ``data`` keeps the raw numbers so that tests and
``--json`` can read them without parsing text. Nothing here prints; ``chainrule tour`` renders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chainrule.text.numbers import fmt  # the one number formatter (re-exported for the tour)


@dataclass(frozen=True)
class TourTable:
    """Rows of already formatted cells under named columns."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""

    @classmethod
    def of(cls, columns: Sequence[str], rows: Sequence[Sequence[Any]], title: str = "",
           digits: int = 6) -> TourTable:
        """Format numbers with :func:`fmt` (``digits`` significant digits), keep text as is."""
        cells = tuple(tuple(c if isinstance(c, str) else fmt(c, digits) for c in row)
                      for row in rows)
        return cls(tuple(columns), cells, title)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: title, columns and rows."""
        return {"title": self.title, "columns": list(self.columns),
                "rows": [list(r) for r in self.rows]}


@dataclass(frozen=True)
class Correction:
    """Where a seed slipped: what it says, what is right, and the recomputed evidence."""

    seed_says: str
    correct: str
    evidence: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready: the three texts."""
        return {"seed_says": self.seed_says, "correct": self.correct, "evidence": self.evidence}


@dataclass(frozen=True)
class Figure:
    """A picture the tour wrote, and what it shows."""

    path: Path
    caption: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready: the path as text and the caption."""
        return {"path": str(self.path), "caption": self.caption}


@dataclass(frozen=True)
class Section:
    """One worked example of a seed, retold with numbers chainrule computed.

    Attributes
    ----------
    seed : str
        ``"000"`` … ``"003"``, the seed file's number.
    where : str
        The seed's own section heading (``"Chain Rule"``, ``"Gradient Descent"``).
    title : str
        A short heading for the example.
    text : tuple of str
        Paragraphs that tell the example, in order.
    derivations : tuple of str
        Multi-line derivations (symbolic steps, chain-rule products), shown as blocks.
    tables : tuple of TourTable
    corrections : tuple of Correction
        Where the seed slipped, each with the recomputed evidence.
    figures : tuple of Figure
        Files written into the tour's folder.
    commands : tuple of str
        ``chainrule`` commands that reproduce the example from the shell.
    data : dict
        The raw numbers behind the tables (for tests and ``--json``).
    """

    seed: str
    where: str
    title: str
    text: tuple[str, ...] = ()
    derivations: tuple[str, ...] = ()
    tables: tuple[TourTable, ...] = ()
    corrections: tuple[Correction, ...] = ()
    figures: tuple[Figure, ...] = ()
    commands: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        """``Seed 000 · Chain Rule — (4x² + 5x + 6)⁷``."""
        return f"Seed {self.seed} · {self.where} — {self.title}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every field, figures as paths."""
        return {"seed": self.seed, "where": self.where, "title": self.title,
                "text": list(self.text), "derivations": list(self.derivations),
                "tables": [t.to_dict() for t in self.tables],
                "corrections": [c.to_dict() for c in self.corrections],
                "figures": [f.to_dict() for f in self.figures],
                "commands": list(self.commands), "data": self.data}


@dataclass(frozen=True)
class Tour:
    """Every section, the folder the figures went to, and how long building took."""

    sections: tuple[Section, ...]
    folder: Path
    seconds: float

    @property
    def figures(self) -> list[Figure]:
        """Every figure of every section, in order."""
        return [f for s in self.sections for f in s.figures]

    @property
    def corrections(self) -> list[Correction]:
        """Every correction of every section, in order."""
        return [c for s in self.sections for c in s.corrections]

    def section(self, seed: str, where: str) -> Section:
        """The first section of ``seed`` whose seed heading is ``where``."""
        for s in self.sections:
            if s.seed == seed and s.where == where:
                return s
        raise KeyError(f"no section {where!r} of seed {seed}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the folder, the seconds and every section."""
        return {"folder": str(self.folder), "seconds": self.seconds,
                "sections": [s.to_dict() for s in self.sections]}
