"""Layer kinds and their hooks: what each consumer of a layer description can do with a kind.

A kind (``"dense"``) is registered with the :mod:`chainrule.nn` class it describes and the
hooks consumers call: ``describe`` (an nn layer -> a layer description), ``to_nn`` (a layer
description -> an nn layer), and, as they move here, the scalar graph, the matrix view, the
drawing and file I/O. A consumer asks :func:`hook`; a kind without that hook — or an nn layer
of no registered kind (a ``Conv2d``: its kind is its class name in lower case) — is one line
saying so ("no per-weight view of conv2d yet"), never a KeyError.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chainrule.errors import ConfigError

#: Hook name -> what a kind lacks without it, for the one-line message.
HOOKS: dict[str, str] = {
    "describe": "per-weight view",
    "to_nn": "nn layer",
    "scalar_graph": "per-weight view",
    "matrix_view": "matrix view",
    "drawing": "drawing",
    "file": "network-file form",
}


@dataclass(frozen=True)
class LayerKind:
    """A registered kind: its name, its nn class's name and its hooks by hook name."""

    kind: str
    nn_class: str
    hooks: Mapping[str, Callable[..., Any]] = field(default_factory=dict)


#: Kind name -> its entry.
KINDS: dict[str, LayerKind] = {}


def register(kind: str, nn_class: str, **hooks: Callable[..., Any]) -> LayerKind:
    """Register (or extend) the kind ``kind`` of nn class ``nn_class`` with ``hooks``.

    Raises ``ValueError`` for a hook name outside :data:`HOOKS`.
    """
    unknown = set(hooks) - set(HOOKS)
    if unknown:
        raise ValueError(f"unknown hook(s) {', '.join(sorted(unknown))}; known: "
                         f"{', '.join(HOOKS)}")
    old = KINDS.get(kind)
    entry = LayerKind(kind, nn_class, {**(old.hooks if old else {}), **hooks})
    KINDS[kind] = entry
    return entry


def kind_of(nn_class: str) -> str:
    """The kind of nn class ``nn_class``: the registered one, else the class name in lower
    case (``"Conv2d"`` -> ``"conv2d"``)."""
    return next((k.kind for k in KINDS.values() if k.nn_class == nn_class), nn_class.lower())


def hook(kind: str, name: str, where: str = "") -> Callable[..., Any]:
    """The hook ``name`` of ``kind``.

    Raises
    ------
    ConfigError
        One line, "``where``: no per-weight view of conv2d yet", when the kind has no such
        hook (or is not registered).
    """
    entry = KINDS.get(kind)
    if entry is None or name not in entry.hooks:
        lead = f"{where}: " if where else ""
        raise ConfigError(f"{lead}no {HOOKS.get(name, name)} of {kind} yet")
    return entry.hooks[name]


__all__ = ["HOOKS", "KINDS", "LayerKind", "hook", "kind_of", "register"]
