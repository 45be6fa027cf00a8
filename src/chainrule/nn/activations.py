"""Activation layers: each applies one row of the rule table element-wise.

A layer class is found by its row: each row declares the name of its layer (``layer="Tanh"``),
and a subclass of :class:`Activation` with that name gets the row as ``rule``. A class for a row
with parameters (leaky ReLU's and ELU's α) takes them in its constructor; forward, gradient,
formula and display all come from the row. :data:`BY_NAME` lists the classes by layer name
(``"ReLU"``), which model files and the CLI use. Adding an activation = one row in
:mod:`chainrule.rules` (with ``layer=``) + one class here, of that name.
"""

from __future__ import annotations

from typing import Any

from chainrule import rules
from chainrule.errors import ConfigError
from chainrule.nn.module import Module
from chainrule.tensor import Tensor, as_tensor
from chainrule.tensor.elementwise import ROW_OPS
from chainrule.tensor.op import TensorOp
from chainrule.tensor.tensor import apply

#: Layer class name -> the row that declares it (``layer=`` in :mod:`chainrule.rules`).
_LAYER_ROWS: dict[str, rules.Rule] = {r.layer: r for r in rules.ROWS.values() if r.layer}


class Activation(Module):
    """y = f(x) element-wise for the row ``rule``; its parameters are attributes."""

    rule: rules.Rule
    _op: TensorOp

    def __init__(self, *params: float) -> None:
        names = self.rule.params
        values = list(params) + list(self.rule.defaults[len(params):])
        if len(values) != len(names):
            raise ConfigError(f"{type(self).__name__}: expected {len(names)} parameter(s) "
                              f"({', '.join(names)}), got {len(params)}")
        for name, value in zip(names, values):
            setattr(self, name, float(value))

    @property
    def params(self) -> tuple[float, ...]:
        """The row's parameters, in order."""
        return tuple(getattr(self, name) for name in self.rule.params)

    def forward(self, x: Any) -> Tensor:
        x = as_tensor(x)
        return apply(self._op, x, params=self.params) if self.rule.params else apply(self._op, x)

    def extra_repr(self) -> str:
        return ", ".join(f"{n}={v:g}" for n, v in zip(self.rule.params, self.params))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        row = _LAYER_ROWS.get(cls.__name__) or getattr(cls, "rule", None)  # a user's subclass
        if row is None:                                                     # keeps its parent's
            raise ConfigError(f"{cls.__name__}: no row of the rule table declares this layer")
        cls.rule = row
        cls._op = ROW_OPS[row.name]  # looked up once, not on every forward
        if "__doc__" not in cls.__dict__ or not cls.__doc__:
            cls.__doc__ = f"{row.doc}: y = {row.expr_text(['x', *row.params], 'y')[0]}; " \
                          f"dy/dx = {row.local_text(['x', *row.params], 'y')[0]}."


class Identity(Activation):
    """y = x (a placeholder, e.g. for a linear output)."""

    def forward(self, x: Any) -> Tensor:
        return as_tensor(x)  # no node at all: nothing to differentiate


class Sigmoid(Activation):
    pass


class Tanh(Activation):
    pass


class ReLU(Activation):
    pass


class LeakyReLU(Activation):
    def __init__(self, alpha: float = 0.01) -> None:
        if not 0 <= alpha < 1:
            raise ConfigError(f"LeakyReLU: alpha must be in [0, 1), got {alpha!r}")
        super().__init__(alpha)


class ELU(Activation):
    def __init__(self, alpha: float = 1.0) -> None:
        if not alpha > 0:
            raise ConfigError(f"ELU: alpha must be > 0, got {alpha!r}")
        super().__init__(alpha)


class GELU(Activation):
    pass


class Softplus(Activation):
    pass


#: Activation layer classes by layer name (as model files spell them).
BY_NAME: dict[str, type[Activation]] = {cls.rule.layer: cls for cls in (
    Identity, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, GELU, Softplus)}

#: Activation layer classes by every activation name of the table ("logistic", "linear", …).
BY_ACTIVATION: dict[str, type[Activation]] = {
    name: BY_NAME[row.layer] for name, row in rules.ACTIVATIONS.items()}
