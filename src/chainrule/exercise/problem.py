"""An exercise as data: what is given, what is asked, and the answers with their precision.

An :class:`Exercise` is made by a generator (:func:`chainrule.exercise.generate`) from
``(kind, level, seed)`` and is plain data: :meth:`Exercise.to_dict` is what a key file holds
(JSON, never pickle) and :meth:`Exercise.from_dict` reads it back with every field validated.
Each asked :class:`Quantity` has a key (the column of the answers CSV, e.g. ``y1``,
``dE/dw5``, ``f'(2)``), a numeric answer stated to ``decimals`` decimals, or a formula answer
(a derivative, judged symbolically).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from chainrule.errors import ConfigError

GROUPS = ("answer", "forward", "error", "gradient", "update", "slip")


@dataclass(frozen=True)
class Quantity:
    """One asked value.

    Attributes
    ----------
    key : str
        Its name in answer files: ``y1^a``, ``dE/dw5``, ``w5+``, ``f'(x)``, ``x2``.
    label : str
        How the sheet shows it (unicode): ``∂E/∂w5``.
    value : float or None
        The exact answer (None for a formula answer or a line name).
    decimals : int
        The stated precision: the key shows ``value`` to this many decimals.
    group : str
        Which table of the sheet it belongs to (one of ``GROUPS``).
    formula : str or None
        For a derivative: the correct formula (parser syntax), judged with
        ``chainrule.symbolic.check_derivative(expr, wrt, answer)``.
    expr, wrt : str or None
        The differentiated formula and variable, for ``formula`` answers.
    text : str or None
        For an answer that is a name (the slipped line of "find the slip").
    hint : str
        How to get it; shown to a student whose value is wrong.
    """

    key: str
    label: str
    value: float | None = None
    decimals: int = 4
    group: str = "answer"
    formula: str | None = None
    expr: str | None = None
    wrt: str | None = None
    text: str | None = None
    hint: str = ""

    @property
    def numeric(self) -> bool:
        """True when the answer is a number (exportable as a numerical question)."""
        return self.value is not None


@dataclass(frozen=True)
class Exercise:
    """A generated problem: statement, displayed formulas, givens, asked quantities.

    Attributes
    ----------
    kind, level, seed
        What reproduces it: ``generate(kind, level, seed)`` returns an equal exercise.
    title, statement : str
        A heading and the task in words (unicode, plain text).
    displays : tuple of (text, latex)
        Formulas shown on their own line (``f(x) = 3x² + 4x + 6``), as unicode text and LaTeX.
    givens : tuple of (name, value)
        The numbers the student works from, in sheet order.
    quantities : tuple of Quantity
        What is asked, in working order.
    network : dict or None
        For network kinds: ``chainrule.explain.Network.to_dict()`` of the network.
    extra : dict
        Kind-specific data (learning rate, the planted slip, …), JSON-ready.
    """

    kind: str
    level: int
    seed: int
    title: str
    statement: str
    quantities: tuple[Quantity, ...]
    displays: tuple[tuple[str, str], ...] = ()
    givens: tuple[tuple[str, float], ...] = ()
    network: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def quantity(self, key: str) -> Quantity:
        """The quantity named ``key``."""
        for q in self.quantities:
            if q.key == key:
                return q
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        """The answer keys, in working order (the columns of an answers CSV)."""
        return tuple(q.key for q in self.quantities)

    def answers(self) -> dict[str, Any]:
        """The right answers by key: numbers rounded to the stated precision, formulas, names."""
        out: dict[str, Any] = {}
        for q in self.quantities:
            out[q.key] = (round(q.value, q.decimals) if q.value is not None
                          else q.formula if q.formula is not None else q.text)
        return out

    # -- notebook ------------------------------------------------------------------------------
    def check(self, answer: Any) -> Any:
        """Mark ``answer``: a mapping key → value, or one value when one quantity is asked.
        Returns a :class:`~chainrule.exercise.grading.Marking` (``.ok``, ``.hints``)."""
        from chainrule.exercise.grading import mark

        if not isinstance(answer, Mapping):
            if len(self.quantities) != 1:
                raise ConfigError(f"check: this exercise asks for {len(self.quantities)} "
                                  f"values; give a dict with keys {', '.join(self.keys)}")
            answer = {self.quantities[0].key: answer}
        return mark(self, answer)

    def _repr_html_(self) -> str:
        from chainrule.exercise.sheets import worksheet_html

        return worksheet_html(self, standalone=False)

    def _repr_markdown_(self) -> str:
        from chainrule.exercise.sheets import worksheet_markdown

        return worksheet_markdown(self)

    # -- data ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; :meth:`from_dict` reads it back."""
        d = asdict(self)
        d["displays"] = [list(x) for x in self.displays]
        d["givens"] = [list(x) for x in self.givens]
        return d

    @classmethod
    def from_dict(cls, data: Any, where: str = "exercise") -> Exercise:
        """Read :meth:`to_dict`'s data, checking every field.

        Raises
        ------
        ConfigError
            Naming ``where`` and the field, e.g. ``key.json: students[3].exercise.quantities[2]
            .value: expected a number; got 'abc'``.
        """
        d = _table(data, where)
        _known(d, {f for f in cls.__dataclass_fields__}, where)
        for name in ("kind", "title", "statement"):
            _text(d.get(name), f"{where}.{name}")
        level, seed = d.get("level"), d.get("seed")
        for name, v in (("level", level), ("seed", seed)):
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ConfigError(f"{where}.{name}: expected a whole number ≥ 0; got {v!r}")
        raw_q = d.get("quantities")
        if not isinstance(raw_q, list) or not raw_q:
            raise ConfigError(f"{where}.quantities: expected a non-empty list; got {raw_q!r}")
        quantities = tuple(_quantity(q, f"{where}.quantities[{i}]") for i, q in enumerate(raw_q))
        keys = [q.key for q in quantities]
        repeated = next((k for k in keys if keys.count(k) > 1), None)
        if repeated is not None:
            raise ConfigError(f"{where}.quantities: key {repeated!r} appears twice")
        displays = tuple((_text(a, f"{where}.displays[{i}]"), _text(b, f"{where}.displays[{i}]"))
                         for i, (a, b) in enumerate(_pairs(d.get("displays", []),
                                                           f"{where}.displays")))
        givens = tuple((_text(a, f"{where}.givens[{i}]"), _number(b, f"{where}.givens[{i}]"))
                       for i, (a, b) in enumerate(_pairs(d.get("givens", []),
                                                         f"{where}.givens")))
        network = d.get("network")
        if network is not None and not isinstance(network, dict):
            raise ConfigError(f"{where}.network: expected a table; got {network!r}")
        extra = d.get("extra", {})
        if not isinstance(extra, dict):
            raise ConfigError(f"{where}.extra: expected a table; got {extra!r}")
        return cls(d["kind"], level, seed, d["title"], d["statement"], quantities, displays,
                   givens, network, extra)


def _table(x: Any, where: str) -> dict[str, Any]:
    if not isinstance(x, dict):
        raise ConfigError(f"{where}: expected a table; got {type(x).__name__}")
    return x


def _known(d: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(d) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown field {unknown[0]!r} (known: "
                          f"{', '.join(sorted(allowed))})")


def _text(x: Any, where: str) -> str:
    if not isinstance(x, str):
        raise ConfigError(f"{where}: expected text; got {x!r}")
    return x


def _number(x: Any, where: str) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        raise ConfigError(f"{where}: expected a finite number; got {x!r}")
    return float(x)


def _pairs(x: Any, where: str) -> list[tuple[Any, Any]]:
    if not isinstance(x, list) or any(not isinstance(p, list) or len(p) != 2 for p in x):
        raise ConfigError(f"{where}: expected a list of [name, value] pairs; got {x!r}")
    return [tuple(p) for p in x]  # type: ignore[misc]


def _quantity(x: Any, where: str) -> Quantity:
    d = _table(x, where)
    _known(d, set(Quantity.__dataclass_fields__), where)
    _text(d.get("key"), f"{where}.key")
    _text(d.get("label"), f"{where}.label")
    value = d.get("value")
    if value is not None:
        value = _number(value, f"{where}.value")
    decimals = d.get("decimals", 4)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 12:
        raise ConfigError(f"{where}.decimals: expected a whole number from 0 to 12; got "
                          f"{decimals!r}")
    group = d.get("group", "answer")
    if group not in GROUPS:
        raise ConfigError(f"{where}.group: expected one of {', '.join(GROUPS)}; got {group!r}")
    for name in ("formula", "expr", "wrt", "text"):
        if d.get(name) is not None:
            _text(d[name], f"{where}.{name}")
    _text(d.get("hint", ""), f"{where}.hint")
    if value is None and d.get("formula") is None and d.get("text") is None:
        raise ConfigError(f"{where}: has no answer (value, formula or text)")
    if d.get("formula") is not None and (d.get("expr") is None or d.get("wrt") is None):
        raise ConfigError(f"{where}: a formula answer needs expr and wrt")
    return Quantity(**{**d, "value": value})


__all__ = ["GROUPS", "Exercise", "Quantity"]
