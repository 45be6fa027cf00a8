"""The scalar engine: numbers as nodes of a graph, gradients by the chain rule.

``Value`` computes with the rows of the rule table (:mod:`chainrule.rules`; ``OPS`` is that
table), ``grad`` gives higher derivatives, and ``nn`` holds micrograd-compatible
``Neuron``/``Layer``/``MLP``. An op outside the table is an ``Op`` applied with ``apply``.
"""

from chainrule.scalar import nn
from chainrule.scalar.ops import OPS, Op
from chainrule.scalar.value import Value, apply, grad, linear, topological_order

__all__ = ["OPS", "Op", "Value", "apply", "grad", "linear", "nn", "topological_order"]
