"""A learner's hand calculation: values by name, their precision, and what each key means.

Accepted keys (spaces are ignored, and so are parentheses around a derivative's variable):

============================  ================================================================
key                           meaning
============================  ================================================================
``y1``, ``"y1^a"``, ``E1``    a forward value (any named node: input, weight, net input,
                              activation, target, loss term, total)
``"dE/dw5"``, ``"∂E/∂w5"``    ∂E/∂w5, the gradient of the loss; the numerator may be ``E``,
``"dE_total/d(y1^a)"``        ``L``, ``E_total`` or the network's loss name; ``d``, ``∂`` or
                              ``δ`` all work
``"dz1^a/dz1"``               a local derivative ∂z1^a/∂z1 (numerator a node, denominator one
                              of its operands)
``"w5+"``, ``"w5⁺"``,         the updated value w5⁺ = w5 − η·∂E/∂w5
``"w5^+"``, ``"w5_new"``
============================  ================================================================

Precision is read from how a value is written: ``0.4055`` means ±0.00005 (half a unit of the
last digit); ``1.2e-05`` means ±5e-07; a TOML integer (``1``) is exact. Write a value as a
string (``y1 = "0.40550"``) to keep trailing zeros. A learner file is a TOML table of such keys;
one optional key ``network = "seed000.toml"`` names the network file (relative to the learner
file).
"""

from __future__ import annotations

import numbers
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from chainrule.errors import ConfigError
from chainrule.io.tomlfile import read_toml

_DERIV = re.compile(r"^[d∂δ](?P<num>[^/]+)/[d∂δ](?P<den>.+)$")
_UPDATE = ("^{+}", "^+", "⁺", "+", "_new")
LOSS_ALIASES = ("E", "L", "E_total", "E_T", "Etotal", "loss")


@dataclass(frozen=True)
class Written:
    """One value as the learner wrote it: ``value`` ± ``tolerance`` (half a unit of the last
    digit written; 0 for an integer)."""

    key: str
    value: float
    tolerance: float


@dataclass(frozen=True)
class Key:
    """What a key asks about: ``kind`` value, gradient, local or update, of ``node``
    (``wrt`` is the operand of a local derivative)."""

    kind: str
    node: str
    wrt: str | None = None


def parse_key(key: str, loss_names: tuple[str, ...] = LOSS_ALIASES) -> Key:
    """Read a key by the table of the module docstring."""
    k = unicodedata.normalize("NFC", key).replace(" ", "")
    found = _DERIV.match(k)
    if found:
        num, den = found.group("num"), found.group("den")
        if den.startswith("(") and den.endswith(")"):
            den = den[1:-1]
        if num in loss_names or num in LOSS_ALIASES:
            return Key("gradient", den)
        return Key("local", num, den)
    for suffix in _UPDATE:
        if k.endswith(suffix) and len(k) > len(suffix):
            return Key("update", k[: -len(suffix)])
    return Key("value", k)


def _tolerance(value: Any, where: str) -> tuple[float, float]:
    if isinstance(value, bool):
        raise ConfigError(f"{where}: expected a number; got {value!r}")
    if isinstance(value, numbers.Integral):
        return float(value), 0.0
    if isinstance(value, numbers.Real):
        text = repr(float(value))
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ConfigError(f"{where}: expected a number; got {value!r}")
    try:
        dec = Decimal(text)
    except InvalidOperation:
        raise ConfigError(f"{where}: expected a number; got {value!r}") from None
    if not dec.is_finite():
        raise ConfigError(f"{where}: expected a finite number; got {value!r}")
    exponent = dec.as_tuple().exponent
    assert isinstance(exponent, int)
    if not (abs(float(dec)) < float("inf") and -300 < exponent < 300):  # "1e400"
        raise ConfigError(f"{where}: {value!r} is beyond the range of a float (±1.8e308)")
    return float(dec), 0.5 * 10.0 ** exponent


def read_values(values: Mapping[str, Any], source: str = "<dict>") -> dict[str, Written]:
    """The learner's values with their tolerances; ``network`` (a file name) is skipped."""
    if not isinstance(values, Mapping):
        raise ConfigError(f"{source}: expected a table of values by name; got "
                          f"{type(values).__name__}")
    out = {}
    for key, value in values.items():
        if key == "network":
            continue
        x, tol = _tolerance(value, f"{source}: {key}")
        out[key] = Written(key, x, tol)
    return out


def load_learner(path: str | Path) -> tuple[dict[str, Written], Path | None]:
    """Read a learner file: (values, the network file it names or None)."""
    data = read_toml(path, "learner file")  # BOM, size, depth and digit budgets
    ref = data.get("network")
    if ref is not None and not isinstance(ref, str):
        raise ConfigError(f"{path}: network: expected the name of a network file; got {ref!r}")
    network = Path(path).parent / ref if ref else None
    return read_values(data, str(path)), network


__all__ = ["LOSS_ALIASES", "Key", "Written", "load_learner", "parse_key", "read_values"]
