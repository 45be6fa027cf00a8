"""``Value``: a number that remembers how it was made, and backpropagates.

Each Value is a node of a computation graph: its ``data``, the rule that made it (a row of
:mod:`chainrule.rules`, or an :class:`~chainrule.scalar.ops.Op`), its operands (``parents``) and
the local derivative ∂self/∂parent for each, computed when the node is made. ``backward()``
walks the graph in reverse topological order and applies the chain rule: every node's gradient
is the sum, over its uses, of the user's gradient times the local derivative,
∂L/∂x = Σ_u ∂L/∂u · ∂u/∂x.

A node refers to its parents only — never to itself, and it holds no closures — so a graph has
no reference cycles and is freed by reference counting as soon as it is dropped.

Gradient policy of :meth:`Value.backward`
-----------------------------------------
* Interior nodes (made by an op) get ``grad`` = ∂root/∂node **afresh** on every call: calling
  ``backward()`` twice gives the same interior gradients, never doubled ones.
* Leaves (made with ``Value(x)``) **accumulate**: ``leaf.grad += ∂root/∂leaf``, like PyTorch's
  leaf ``.grad``, so gradients of several losses add up. Reset them with ``zero_grad()`` (on a
  model) or ``leaf.grad = 0``.
* ReLU'(0) = 0, |x|'(0) = 0, and ties of ``max``/``min`` send the gradient to the first operand
  (each row of the rule table states its convention in ``kink``).

micrograd compatibility: ``_prev`` is the set of operands and ``_op`` the op's name (``""`` for a
leaf), so micrograd's own ``draw_dot`` helper draws chainrule Values.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from typing import Any, Union

from chainrule.errors import DomainError
from chainrule.rules import FLOAT, NAMES, ROWS, FloatMath, Rule
from chainrule.scalar.ops import Op
from chainrule.scalar.ops import number as _num

Operand = Union["Value", float, int]
AnyOp = Union[Rule, Op]  # noqa: UP007 - a runtime alias: X | Y needs Python 3.10 objects

_ADD, _SUB, _MUL, _DIV = ROWS["add"], ROWS["sub"], ROWS["mul"], ROWS["div"]
_NEG, _POWC, _POW = ROWS["neg"], ROWS["powc"], ROWS["pow"]
_LINEAR = ROWS["linear"]


def _check_number(x: object, where: str) -> float:
    kind = type(x)
    if kind is float:  # the common case first: the ABC check below costs microseconds
        return x  # type: ignore[return-value]
    if kind is int or isinstance(x, numbers.Real):
        return float(x)  # type: ignore[arg-type]
    raise TypeError(
        f"{where}: expected a real number or a Value, got {type(x).__name__} ({x!r})"
    )


class Value:
    """A scalar node of a computation graph.

    Parameters
    ----------
    data : float
        The number.
    name : str, optional
        A label for explanations and pictures (``"w1"``, ``"y1^a"``); ``label=`` is an alias
        (micrograd's lecture code).

    Attributes
    ----------
    data : float
        The value of this node.
    grad : float or Value
        ∂root/∂self after ``backward()`` (a Value when ``create_graph=True`` was used).
    """

    __slots__ = ("_local", "_mark", "_op", "_parents", "_rule", "data", "grad", "name")

    def __init__(self, data: float, name: str | None = None, *, label: str | None = None) -> None:
        self.data = _check_number(data, "Value")
        self.grad: Any = 0.0
        self.name = name if name is not None else label
        self._rule: AnyOp | None = None
        self._op = ""  # micrograd's field: the op's name, "" for a leaf
        self._parents: tuple[Value, ...] = ()
        self._local: tuple[Any, ...] = ()
        self._mark: object = None

    # -- the graph, read-only -------------------------------------------------------------
    @property
    def op(self) -> AnyOp | None:
        """The rule that made this node (a row of :mod:`chainrule.rules`), or ``None``."""
        return self._rule

    @property
    def parents(self) -> tuple[Value, ...]:
        """The operands this node was computed from (empty for a leaf)."""
        return self._parents

    @property
    def local_grads(self) -> tuple[float, ...]:
        """∂self/∂parent for each parent, evaluated at the forward values."""
        return tuple(_num(g) for g in self._local)

    @property
    def is_leaf(self) -> bool:
        """True for a Value made by the user rather than by an op."""
        return self._rule is None

    @property
    def label(self) -> str:
        """The node's name, or its value to 4 significant digits when it has none.

        Settable, as in micrograd's lecture notebooks (``e.label = "e"`` names the node).
        """
        return self.name if self.name is not None else f"{self.data:.4g}"

    @label.setter
    def label(self, text: str) -> None:
        self.name = text

    @property
    def _prev(self) -> set[Value]:
        """micrograd's name for the operands, so notebooks' ``draw_dot`` helpers work."""
        return set(self._parents)

    def __repr__(self) -> str:
        name = f"{self.name!r}, " if self.name else ""
        return f"Value({name}data={self.data:.6g}, grad={_num(self.grad):.6g})"

    # -- arithmetic ----------------------------------------------------------------------
    def __add__(self, other: Operand) -> Value:
        return apply(_ADD, self, _lift(other, "+"))

    def __radd__(self, other: Operand) -> Value:
        return apply(_ADD, _lift(other, "+"), self)

    def __sub__(self, other: Operand) -> Value:
        return apply(_SUB, self, _lift(other, "-"))

    def __rsub__(self, other: Operand) -> Value:
        return apply(_SUB, _lift(other, "-"), self)

    def __mul__(self, other: Operand) -> Value:
        return apply(_MUL, self, _lift(other, "*"))

    def __rmul__(self, other: Operand) -> Value:
        return apply(_MUL, _lift(other, "*"), self)

    def __truediv__(self, other: Operand) -> Value:
        return apply(_DIV, self, _lift(other, "/"))

    def __rtruediv__(self, other: Operand) -> Value:
        return apply(_DIV, _lift(other, "/"), self)

    def __neg__(self) -> Value:
        return apply(_NEG, self)

    def __pow__(self, other: Operand) -> Value:
        """``x ** n`` (n a number: any real x, n·x^(n−1)) or ``a ** b`` (both Values: a > 0)."""
        if isinstance(other, Value):
            return apply(_POW, self, other)
        n = _check_number(other, "Value ** exponent")
        return apply(_POWC, self, Value(n, name=f"{n:g}"))

    def __rpow__(self, other: Operand) -> Value:
        return apply(_POW, _lift(other, "**"), self)

    # Comparisons read the data, so the built-in max()/min()/sorted() work on Values.
    def __lt__(self, other: Operand) -> bool:
        return self.data < _num(other)

    def __le__(self, other: Operand) -> bool:
        return self.data <= _num(other)

    def __gt__(self, other: Operand) -> bool:
        return self.data > _num(other)

    def __ge__(self, other: Operand) -> bool:
        return self.data >= _num(other)

    __hash__ = object.__hash__

    def __float__(self) -> float:
        return self.data

    # -- functions: each applies one row of the rule table ----------------------------------
    # (the plain one-operand rows — exp, sin, cos, tanh, sigmoid, relu, softplus, asinh, … —
    # are added as methods by _add_row_methods below, with the row's own description as
    # docstring; the methods here add a domain note or a parameter)
    def log(self) -> Value:
        """ln x for x > 0; derivative 1/x."""
        return apply(ROWS["log"], self)

    def sqrt(self) -> Value:
        """√x for x > 0; derivative 1/(2√x)."""
        return apply(ROWS["sqrt"], self)

    def leaky_relu(self, alpha: float = 0.01) -> Value:
        """x for x > 0, else α·x; derivative 1 or α (α at x = 0, as PyTorch)."""
        return apply(ROWS["leaky_relu"], self, _lift(alpha, "leaky_relu"))

    def elu(self, alpha: float = 1.0) -> Value:
        """x for x > 0, else α(eˣ − 1); derivative 1 or αeˣ (α at x = 0, as PyTorch)."""
        return apply(ROWS["elu"], self, _lift(alpha, "elu"))

    def log_base(self, base: Operand) -> Value:
        """log_b x = ln x / ln b (x > 0, b > 0, b ≠ 1)."""
        return apply(ROWS["logb"], self, _lift(base, "log_base"))

    def __abs__(self) -> Value:
        """|x|; derivative sign(x), 0 at x = 0."""
        return apply(ROWS["abs"], self)

    def max(self, other: Operand) -> Value:
        """max(self, other); the gradient goes to the larger operand (to self on a tie)."""
        return apply(ROWS["max"], self, _lift(other, "max"))

    def min(self, other: Operand) -> Value:
        """min(self, other); the gradient goes to the smaller operand (to self on a tie)."""
        return apply(ROWS["min"], self, _lift(other, "min"))

    # -- backpropagation -----------------------------------------------------------------
    def backward(self, create_graph: bool = False) -> None:
        """Set ``x.grad`` = ∂self/∂x for every node x of the graph below this one.

        Interior gradients are computed afresh; leaf gradients accumulate (see the module
        docstring). With ``create_graph=True`` every gradient is itself a Value whose graph can
        be differentiated again — though :func:`grad` is the tidier way to take d²y/dx².
        """
        order = topological_order(self)
        for node in order:
            if node._rule is not None:
                node.grad = 0.0
        seed: Any = Value(1.0) if create_graph else 1.0
        self.grad = seed if self._rule is not None else self.grad + seed
        for node in reversed(order):
            op = node._rule
            if op is None:
                continue
            g = node.grad
            if g.__class__ is float:
                if g == 0.0:
                    continue  # nothing flows through (a dead ReLU, say)
                for parent, local in zip(node._parents, node._local):
                    parent.grad += g * local
            else:
                local_values = op.local(VALUE_MATH, *node._parents, node)
                for parent, local in zip(node._parents, local_values):
                    parent.grad = parent.grad + g * local


def _row_method(row: Rule) -> Any:
    def method(self: Value) -> Value:
        return apply(row, self)

    method.__name__ = row.name
    method.__doc__ = f"{row.doc}; derivative {row.local_text(['x'], 'out')[0]}."
    return method


def _add_row_methods() -> None:
    """A method for every one-operand formula or activation row the class does not spell out."""
    for row in ROWS.values():
        if row.arity == 1 and (row.formula or row.activation) and not hasattr(Value, row.name):
            setattr(Value, row.name, _row_method(row))


_add_row_methods()


def _lift(x: Operand, op: str) -> Value:
    if isinstance(x, Value):
        return x
    number = _check_number(x, f"operand of Value {op}")
    return Value(number, name=f"{number:g}")


def apply(op: AnyOp, *parents: Value) -> Value:
    """Apply ``op`` (a row of the rule table, or an :class:`Op`) to ``parents``.

    Computes the output with ``op.forward`` and the local derivatives with
    ``op.local(FLOAT, …)``. Raises :class:`~chainrule.errors.DomainError` naming the op and
    the operands when they are outside the op's domain.
    """
    xs = [p.data for p in parents]
    if op.domain:
        reason = op.domain_error(*xs)
        if reason is not None:
            shown = xs[0] if len(xs) == 1 else tuple(xs)
            raise DomainError(op.name, shown, reason)
    out = op.forward(*xs)
    node = Value.__new__(Value)
    node.data = out
    node.grad = 0.0
    node.name = None
    node._rule = op
    node._op = op.name
    node._parents = parents
    try:
        node._local = op.local(FLOAT, *xs, out)
    except ZeroDivisionError:  # √x at 0, say: the value exists, the slope is infinite
        shown = xs[0] if len(xs) == 1 else tuple(xs)
        raise DomainError(op.name, shown, "the derivative is infinite here") from None
    node._mark = None
    return node


def weighted_sum(inputs: Sequence[Operand], weights: Sequence[Value],
                 bias: Value | None = None) -> Value:
    """One neuron's net input Σᵢ xᵢ·wᵢ + b as one node (the rule table's ``linear`` row).

    Local derivatives: ∂/∂xᵢ = wᵢ, ∂/∂wᵢ = xᵢ, ∂/∂b = 1. ``inputs`` and ``weights`` have the
    same length n; plain numbers among the inputs become constant leaves. (A whole layer on a
    batch of arrays is :func:`chainrule.tensor.linear`, PyTorch's ``F.linear``, W (out, in).)
    """
    if len(inputs) != len(weights):
        raise ValueError(
            f"weighted_sum: {len(inputs)} inputs but {len(weights)} weights; they must match"
        )
    n = len(weights)
    parents: list[Value] = [bias] * (2 * n + (bias is not None))  # x₁, w₁, x₂, w₂, …[, b]
    parents[0:2 * n:2] = [x if x.__class__ is Value or isinstance(x, Value) else
                          _lift(x, "weighted_sum") for x in inputs]
    parents[1:2 * n:2] = weights
    return apply(_LINEAR, *parents)


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, each after all of its parents; ``root`` last.

    Iterative depth-first search, so a chain of a million nodes needs no recursion. Nodes are
    marked in a slot with tokens fresh to this call (cheaper than hashing ids into a set, and no
    tuple per stack entry), so stale marks from earlier calls never matter.
    """
    visiting, done = object(), object()
    order: list[Value] = []
    stack = [root]
    while stack:
        node = stack[-1]
        mark = node._mark
        if mark is visiting:  # back on top: all its parents are emitted
            stack.pop()
            node._mark = done
            order.append(node)
        elif mark is done:  # a second copy of an already emitted node
            stack.pop()
        else:
            node._mark = visiting
            for parent in node._parents:
                pmark = parent._mark
                if pmark is not done and pmark is not visiting:
                    stack.append(parent)
    return order


def grad(output: Value, inputs: Value | Iterable[Value], create_graph: bool = False) -> Any:
    """∂output/∂input for each input, without touching the inputs' ``.grad``.

    With ``create_graph=True`` the results are Values that can be differentiated again::

        dy = grad(y, x, create_graph=True)   # dy/dx as a graph
        d2y = grad(dy, x)                    # d²y/dx²

    Returns one gradient for one input, or a list for a sequence of inputs.
    """
    single = isinstance(inputs, Value)
    wanted = [inputs] if single else list(inputs)
    graph = topological_order(output)
    in_graph = {id(n) for n in graph}  # a set, not marks: the marks belong to the sort
    leaves = [n for n in graph if n._rule is None]
    saved = [n.grad for n in leaves]
    for n in leaves:
        n.grad = 0.0
    try:
        output.backward(create_graph=create_graph)
        result = [w.grad if id(w) in in_graph else 0.0 for w in wanted]
    finally:
        for n, g in zip(leaves, saved):
            n.grad = g
    return result[0] if single else result


def _on_values(rule: Rule) -> Any:
    """``rule`` applied to Values (numbers among the operands become constants); on plain
    numbers it computes a plain number."""

    def call(*xs: Any) -> Any:
        if not any(isinstance(x, Value) for x in xs):
            return rule.forward(*xs)
        return apply(rule, *(_lift(x, rule.name) for x in xs))

    call.__name__ = rule.name
    return staticmethod(call)


class ValueMath(FloatMath):
    """The rule namespace on Values, used by ``local`` when ``create_graph=True``.

    Every function is a row of the table applied to Values, so a derivative is a graph that can
    be differentiated again; ``step``, ``sign``, ``ge`` and ``where`` are inherited from the
    float namespace (they compare numbers: piecewise constants of the graph).
    """

    value = staticmethod(_num)


_ROW_OF = {"maximum": "max", "minimum": "min"}
for _name in NAMES:
    _row = ROWS.get(_ROW_OF.get(_name, _name))
    if _row is not None:
        setattr(ValueMath, _name, _on_values(_row))

VALUE_MATH = ValueMath()

__all__ = ["Value", "apply", "grad", "topological_order", "weighted_sum"]
