"""The scalar engine: numbers as nodes of a graph, gradients by the chain rule.

``Value`` computes with the rows of the rule table (:mod:`chainrule.rules`; ``rules.ROWS`` is
that table), ``grad`` gives higher derivatives, and ``nn`` holds micrograd-compatible
``Neuron``/``Layer``/``MLP``. An op outside the table is an ``Op`` applied with ``apply``.
"""

from chainrule.renamed import renamed_getattr
from chainrule.scalar import nn
from chainrule.scalar.ops import Op
from chainrule.scalar.value import Value, apply, grad, topological_order, weighted_sum

__getattr__ = renamed_getattr(__name__)

__all__ = ["Op", "Value", "apply", "grad", "nn", "topological_order", "weighted_sum"]
