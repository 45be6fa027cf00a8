"""``Module``, the base of every layer and model, and ``Sequential``, a chain of modules.

A Module finds its parameters and sub-modules by looking at its own attributes: a ``Tensor``
attribute that requires grad is a parameter named after the attribute, a ``Module`` attribute
(or a list/tuple of them) is a child whose parameters get the child's name as a prefix. So
``Sequential(Dense(2, 3), ReLU(), Dense(3, 1))`` has parameters ``0.weight``, ``0.bias``,
``2.weight`` and ``2.bias``, in that order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from chainrule.errors import ConfigError, ShapeError
from chainrule.tensor import Tensor


class Module:
    """Something that maps a Tensor to a Tensor and may own parameters.

    Subclasses define :meth:`forward`; calling the module calls it. The PyTorch-shaped
    methods ``parameters``, ``named_parameters``, ``zero_grad``, ``train``/``eval``,
    ``state_dict`` and ``load_state_dict`` work for any subclass without further code.
    """

    training: bool = True

    def forward(self, x: Any) -> Tensor:
        """The module's computation; subclasses override it."""
        raise NotImplementedError(f"{type(self).__name__} does not define forward()")

    def __call__(self, x: Any) -> Tensor:
        return self.forward(x)

    # -- the tree ------------------------------------------------------------------------
    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The direct sub-modules with their names, in attribute order."""
        for name, value in vars(self).items():
            if isinstance(value, Module):
                yield name, value
            elif isinstance(value, (list, tuple)):
                for i, item in enumerate(value):
                    if isinstance(item, Module):
                        yield f"{name}.{i}", item

    def modules(self) -> Iterator[Module]:
        """This module and every module below it, parents first."""
        yield self
        for _, child in self.named_children():
            yield from child.modules()

    def named_parameters(self, prefix: str = "") -> Iterator[tuple[str, Tensor]]:
        """(dotted name, Tensor) for every parameter, e.g. ``("0.weight", W)``; each once."""
        seen: set[int] = set()
        for name, p in self._named_parameters(prefix):
            if id(p) not in seen:
                seen.add(id(p))
                yield name, p

    def _named_parameters(self, prefix: str) -> Iterator[tuple[str, Tensor]]:
        for name, value in vars(self).items():
            if isinstance(value, Tensor) and value.requires_grad:
                yield prefix + name, value
        for name, child in self.named_children():
            yield from child._named_parameters(f"{prefix}{name}.")

    def parameters(self) -> list[Tensor]:
        """The trainable Tensors (``requires_grad=True``), in a fixed order."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget accumulated gradients: ``grad = None`` (default) or an array of zeros."""
        for p in self.parameters():
            if set_to_none or p.grad is None:
                p.grad = None
            else:
                p.grad[...] = 0

    def train(self, mode: bool = True) -> Module:
        """Set training mode (``training=True``) here and below; returns self."""
        for m in self.modules():
            m.training = bool(mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode (``training=False``: Dropout passes inputs through)."""
        return self.train(False)

    # -- weights in and out --------------------------------------------------------------
    def state_dict(self) -> dict[str, np.ndarray]:
        """A copy of every parameter's data, keyed by its dotted name."""
        return {name: p.data.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Copy ``state``'s arrays into the parameters, in place (optimizers keep working).

        Every key must match a parameter and every shape must match; nothing is written
        unless all do. Values are cast to each parameter's dtype.

        Raises
        ------
        ConfigError
            A parameter is missing from ``state``, or ``state`` has a key the model lacks.
        ShapeError
            An array's shape differs from the parameter's; the message names the key.
        """
        params = dict(self.named_parameters())
        missing = [k for k in params if k not in state]
        unexpected = [k for k in state if k not in params]
        if missing:
            raise ConfigError(f"load_state_dict: missing parameter(s) {', '.join(missing)} "
                              f"for {type(self).__name__}")
        if unexpected:
            raise ConfigError(f"load_state_dict: unexpected key(s) {', '.join(unexpected)}; "
                              f"the model has {', '.join(params) or 'no parameters'}")
        arrays = {}
        for key, p in params.items():
            arr = np.asarray(state[key])
            if arr.shape != p.shape:
                raise ShapeError(f"load_state_dict: {key!r} has shape {tuple(arr.shape)} in the "
                                 f"state but {tuple(p.shape)} in the model")
            arrays[key] = arr
        for key, p in params.items():
            p.data[...] = arrays[key]

    # -- display -------------------------------------------------------------------------
    def extra_repr(self) -> str:
        """The arguments shown inside the parentheses of ``repr``."""
        return ""

    def __repr__(self) -> str:
        children = list(self.named_children())
        if not children:
            return f"{type(self).__name__}({self.extra_repr()})"
        lines = [f"  ({name}): {child!r}".replace("\n", "\n  ") for name, child in children]
        return f"{type(self).__name__}(\n" + "\n".join(lines) + "\n)"


class Sequential(Module):
    """Modules applied one after another: ``Sequential(a, b, c)(x) = c(b(a(x)))``.

    The children are named ``"0"``, ``"1"``, … A shape error inside says which layer it came
    from.
    """

    def __init__(self, *layers: Module) -> None:
        for i, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise ConfigError(f"Sequential: argument {i} is a {type(layer).__name__}, "
                                  "not a Module")
        self.layers = list(layers)

    def named_children(self) -> Iterator[tuple[str, Module]]:
        for i, layer in enumerate(self.layers):
            yield str(i), layer

    def forward(self, x: Any) -> Tensor:
        for i, layer in enumerate(self.layers):
            try:
                x = layer(x)
            except ShapeError as err:
                short = f"{type(layer).__name__}({layer.extra_repr()})"
                raise ShapeError(f"layer {i} ({short}): {err}") from None
        return x

    def append(self, layer: Module) -> Sequential:
        """Add ``layer`` at the end; returns self."""
        if not isinstance(layer, Module):
            raise ConfigError(f"Sequential.append: a {type(layer).__name__} is not a Module")
        self.layers.append(layer)
        return self

    def __getitem__(self, i: int) -> Module:
        return self.layers[i]

    def __len__(self) -> int:
        return len(self.layers)

    def __iter__(self) -> Iterator[Module]:
        return iter(self.layers)


class ModuleList(Module):
    """A list of modules whose parameters the owner sees (PyTorch's ``nn.ModuleList``).

    Children are named ``"0"``, ``"1"``, …; it is not callable itself — the owner decides how
    the modules are applied.
    """

    def __init__(self, modules: Iterable[Module] = ()) -> None:
        self.items: list[Module] = []
        for module in modules:
            self.append(module)

    def named_children(self) -> Iterator[tuple[str, Module]]:
        for i, module in enumerate(self.items):
            yield str(i), module

    def append(self, module: Module) -> ModuleList:
        """Add ``module`` at the end; returns self."""
        if not isinstance(module, Module):
            raise ConfigError(f"ModuleList: a {type(module).__name__} is not a Module")
        self.items.append(module)
        return self

    def forward(self, x: Any) -> Tensor:
        raise ConfigError("ModuleList is a container, not a layer: apply its modules yourself "
                          "(for m in self.layers: x = m(x)), or use Sequential")

    def __getitem__(self, i: int) -> Module:
        return self.items[i]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Module]:
        return iter(self.items)
