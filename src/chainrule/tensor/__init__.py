"""The array engine: NumPy-backed Tensors with reverse-mode automatic differentiation.

``Tensor`` wraps an ndarray; every op is declared once with its vector–Jacobian product in an
op table (:mod:`~chainrule.tensor.op`, :data:`ARRAY_OPS`; element-wise ops are the rule table's
rows), broadcasting gradients are summed back by
:func:`unbroadcast`, ``backward()`` sweeps the graph iteratively, and ``no_grad()`` turns the
recording off. ``linear`` and the losses are fused single nodes for speed.
"""

from chainrule.renamed import renamed_getattr
from chainrule.tensor import composed as _composed  # noqa: F401 - attaches var, prod, …
from chainrule.tensor import higher as _higher  # noqa: F401 - the Tensor namespace for rows
from chainrule.tensor.autodiff import grad
from chainrule.tensor.conv import conv2d, max_pool2d
from chainrule.tensor.functions import (
    as_tensor,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    concatenate,
    cross_entropy,
    half_sum_squares,
    linear,
    mse_loss,
    stack,
    where,
)
from chainrule.tensor.grad_mode import is_grad_enabled, no_grad
from chainrule.tensor.op import ARRAY_OPS, TensorOp, defop, unbroadcast
from chainrule.tensor.tensor import Tensor, apply

__all__ = [
    "ARRAY_OPS",
    "Tensor",
    "TensorOp",
    "apply",
    "as_tensor",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "concatenate",
    "conv2d",
    "cross_entropy",
    "defop",
    "grad",
    "half_sum_squares",
    "is_grad_enabled",
    "linear",
    "max_pool2d",
    "mse_loss",
    "no_grad",
    "stack",
    "unbroadcast",
    "where",
]

__getattr__ = renamed_getattr(__name__)
