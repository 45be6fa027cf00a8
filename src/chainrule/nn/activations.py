"""Activation layers: each applies one row of the rule table element-wise.

A layer class is found by its row: each row declares the name of its layer (``layer="Tanh"``),
and a subclass of :class:`Activation` with that name gets the row as ``rule``. A class for a row
with parameters (leaky ReLU's and ELU's α) takes them in its constructor; forward, gradient,
formula and display all come from the row. Defining the class registers it: :data:`BY_NAME`
lists the classes by layer name (``"ReLU"``), which model files and the CLI use, and
:data:`BY_ACTIVATION` by every activation name of the row. Adding an activation = one row in
:mod:`chainrule.rules` (with ``layer=`` and ``activation=``) + one class of that name, in any
module: nn, ``describe``/``explain``, model files and the playground then know it.
"""

from __future__ import annotations

from typing import Any

from chainrule import rules
from chainrule.errors import ConfigError
from chainrule.nn.module import Module
from chainrule.tensor import Tensor, as_tensor
from chainrule.tensor.elementwise import ROW_OPS, rule_op
from chainrule.tensor.op import TensorOp
from chainrule.tensor.tensor import apply

#: Activation layer classes by layer name (as model files spell them), filled as each class
#: is defined (a user's subclass under another name keeps its parent's entry).
BY_NAME: dict[str, type[Activation]] = {}
#: Activation layer classes by every activation name of their row ("logistic", "linear", …).
BY_ACTIVATION: dict[str, type[Activation]] = {}


def _layer_row(name: str) -> rules.Rule | None:
    """The row declaring layer ``name`` (``layer=`` in :mod:`chainrule.rules`), read live so a
    row declared after this module was imported counts."""
    return next((r for r in rules.ROWS.values() if r.layer == name), None)


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
        own = _layer_row(cls.__name__)
        row = own or getattr(cls, "rule", None)  # a user's subclass keeps its parent's row
        if row is None:
            raise ConfigError(f"{cls.__name__}: no row of the rule table declares this layer")
        cls.rule = row
        if row.name not in ROW_OPS:  # a row declared after the tensor engine was imported
            ROW_OPS[row.name] = rule_op(row)
        cls._op = ROW_OPS[row.name]  # looked up once, not on every forward
        if own is not None:
            BY_NAME[row.layer] = cls
            BY_ACTIVATION.update(dict.fromkeys(row.activation, cls))
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
