"""chainrule: derivatives and backpropagation that show their work.

The names most people need, in one place::

    from chainrule import Value, Tensor, nn, optim, Network, fit, save, load
    from chainrule.explain import explain

The errors load at once; the rest, ``Value`` included, is imported on first use, so
``import chainrule`` (and so every ``chainrule`` command) starts without NumPy, SymPy or
matplotlib until they are needed — ``chainrule playground`` listens before NumPy loads.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from chainrule._version import __version__
from chainrule.errors import ChainruleError

# name -> (module, attribute or None for the module itself)
_LAZY: dict[str, tuple[str, str | None]] = {
    "Value": ("chainrule.scalar", "Value"),
    "Tensor": ("chainrule.tensor", "Tensor"),
    "no_grad": ("chainrule.tensor", "no_grad"),
    "nn": ("chainrule.nn", None),
    "optim": ("chainrule.optim", None),
    "data": ("chainrule.data", None),
    "numeric": ("chainrule.numeric", None),
    "symbolic": ("chainrule.symbolic", None),
    "viz": ("chainrule.viz", None),
    "Network": ("chainrule.explain", "Network"),
    "diff": ("chainrule.symbolic", "diff"),
    "derivative": ("chainrule.numeric", "derivative"),
    "gradcheck": ("chainrule.numeric", "gradcheck"),
    "descend": ("chainrule.optim", "descend"),
    "fit": ("chainrule.train", "fit"),
    "History": ("chainrule.train", "History"),
    "save": ("chainrule.io", "save"),
    "load": ("chainrule.io", "load"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'chainrule' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def _register_notebook_pictures() -> None:
    """In IPython/Jupyter, show a Value as its computation graph (drawn by viz on first use)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/svg+xml"]
    formatter.for_type_by_name("chainrule.scalar.value", "Value",
                               lambda v: importlib.import_module("chainrule.viz").value_svg(v))


_register_notebook_pictures()


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = ["ChainruleError", "__version__", *_LAZY]
