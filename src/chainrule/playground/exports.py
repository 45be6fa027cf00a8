"""Writing the current network as a network file (TOML) that ``chainrule explain`` reads.

Only the shapes a network dict has are written: numbers, strings, lists of them (nested), one
array of ``[[layers]]`` tables and a ``[loss]`` table. Strings go through :func:`json.dumps`,
whose escapes (``\\"``, ``\\\\``, ``\\n``, ``\\uXXXX``) are TOML's basic-string escapes, so a
name cannot break out of its string.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from chainrule.playground.limits import PlaygroundError


def toml_value(v: Any) -> str:
    """One TOML value: a number, a string or a (nested) list of them."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        if not math.isfinite(v):
            raise PlaygroundError(f"cannot write {v} to a network file")
        return repr(v) if isinstance(v, float) else str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise PlaygroundError(f"cannot write a {type(v).__name__} to a network file")


def network_toml(data: Mapping[str, Any]) -> str:
    """The network dict ``data`` (keys of :meth:`chainrule.explain.Network.to_dict`) as TOML."""
    lines = ["# Written by chainrule playground; read it with: chainrule explain FILE.toml"]
    tables = {k: v for k, v in data.items() if k in ("layers", "loss")}
    for k, v in data.items():
        if k not in tables:
            lines.append(f"{k} = {toml_value(v)}")
    for layer in tables.get("layers", []):
        lines += ["", "[[layers]]"] + [f"{k} = {toml_value(v)}" for k, v in layer.items()]
    if "loss" in tables:
        lines += ["", "[loss]"] + [f"{k} = {toml_value(v)}" for k, v in tables["loss"].items()]
    return "\n".join(lines) + "\n"
