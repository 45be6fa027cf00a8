"""Layer families beyond dense networks: which module explains a file or a model.

A network file whose top-level ``kind`` names a family (``kind = "conv2d"`` in
``examples/conv.toml``, ``kind = "rnn"`` in ``examples/rnn.toml``) is read by that family's
module; a file without ``kind`` (or ``kind = "dense"``) is a dense :class:`Network`. A family
module provides

* ``from_dict(data, source) -> network`` — the file's description, every bad field one line
  (a :class:`~chainrule.errors.ConfigError` naming the file and the field);
* ``describe_model(model, *, inputs, targets, loss, learning_rate, name) -> network`` — for an
  ``nn.Sequential`` holding one of the family's layer classes (:data:`NN_CLASSES`);

and the network it returns has ``name``, ``learning_rate``, ``loss`` (with ``name``),
``kind`` (its family), ``explain(steps, show) -> explanation`` and ``check(values) ->
report`` (``values``: the learner's numbers as
:func:`~chainrule.explain.checking.learner.read_values` returns them). The explanation has
``loss_array``, ``to_rich/to_markdown/to_latex/to_html(steps=, digits=, [standalone=])`` and
``to_dict(steps=, matrices=)``, as :class:`~chainrule.explain.walk.explanation.Explanation`
does; the report has ``all_right`` and the same renderers as a
:class:`~chainrule.explain.checking.check.BackpropCheck`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from chainrule.errors import ConfigError

#: Family name (a file's ``kind``) -> the module that explains it.
FAMILIES: dict[str, str] = {
    "conv2d": "chainrule.explain.conv",
    "rnn": "chainrule.explain.rnn",
}

#: nn layer class name -> the family of a model holding it (a Flatten alone is dense's).
NN_CLASSES: dict[str, str] = {
    "Conv2d": "conv2d",
    "MaxPool2d": "conv2d",
    "RNN": "rnn",
}


def family_module(kind: str, where: str) -> ModuleType:
    """The module of family ``kind``.

    Raises
    ------
    ConfigError
        One line naming ``where``, the unknown kind and the known ones.
    """
    if kind not in FAMILIES:
        raise ConfigError(f"{where}: kind {kind!r} is not a network kind; known: dense, "
                          f"{', '.join(FAMILIES)}")
    try:
        return importlib.import_module(FAMILIES[kind])
    except ModuleNotFoundError as e:
        if e.name != FAMILIES[kind]:
            raise
        raise ConfigError(f"{where}: no explanation of {kind} networks yet") from None


def family_of_file(data: Mapping[str, Any], source: str) -> ModuleType | None:
    """The family module of a network file's contents ``data``, or None for a dense file."""
    kind = data.get("kind", "dense")
    if kind == "dense":
        return None
    if not isinstance(kind, str):
        raise ConfigError(f"{source}: kind must be a string such as \"conv2d\"; got "
                          f"{type(kind).__name__}")
    return family_module(kind, source)


def load_file(path: str | Path) -> Any | None:
    """The network of a family file at ``path``, or None when it is a dense network file."""
    from chainrule.io.tomlfile import read_toml

    data = read_toml(path, "network file")
    module = family_of_file(data, str(path))
    return None if module is None else module.from_dict(data, source=str(path))


def family_of_model(model: Any) -> ModuleType | None:
    """The family module of an ``nn.Sequential`` holding a layer of :data:`NN_CLASSES`, or
    None (a dense model)."""
    try:
        layers = list(model)
    except TypeError:
        return None
    for layer in layers:
        name = type(layer).__name__
        if name in NN_CLASSES and type(layer).__module__.startswith("chainrule.nn"):
            return family_module(NN_CLASSES[name], "describe")
    return None


def is_family_network(network: Any) -> bool:
    """True for a network of a family module (it explains and checks itself)."""
    return hasattr(network, "explain") and hasattr(network, "check")


__all__ = ["FAMILIES", "NN_CLASSES", "family_module", "family_of_file", "family_of_model",
           "is_family_network", "load_file"]
