"""The scalar engine: numbers as nodes of a graph, gradients by the chain rule.

``Value`` and the op table (:mod:`chainrule.scalar.ops`), ``grad`` for higher derivatives, and
``nn`` with micrograd-compatible ``Neuron``/``Layer``/``MLP``.
"""

from chainrule.scalar import nn
from chainrule.scalar.ops import OPS, Op, defop
from chainrule.scalar.value import Value, apply, grad, linear, topological_order

__all__ = ["OPS", "Op", "Value", "apply", "defop", "grad", "linear", "nn", "topological_order"]
