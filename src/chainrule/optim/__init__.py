"""Optimizers and learning-rate schedules, PyTorch-shaped, updating NumPy arrays in place.

Each optimizer takes ``model.parameters()`` (objects with ``.data`` and ``.grad`` arrays) and
offers ``zero_grad()``, ``step()``, ``state_dict()`` and ``load_state_dict()``; the update
formula is in each class's docstring. Schedules set ``optimizer.lr`` once per epoch.
``descend`` runs plain gradient descent on a function of one or two numbers (seed 003).
"""

from chainrule.optim.adam import Adam, AdamW
from chainrule.optim.adaptive import Adagrad, RMSprop
from chainrule.optim.base import Optimizer
from chainrule.optim.descent import DescentPath, descend
from chainrule.optim.schedules import CosineAnnealingLR, ExponentialLR, LRScheduler, StepLR
from chainrule.optim.sgd import SGD

__all__ = [
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "CosineAnnealingLR",
    "DescentPath",
    "ExponentialLR",
    "LRScheduler",
    "Optimizer",
    "RMSprop",
    "StepLR",
    "descend",
]
