"""Neural-network building blocks on the array engine: modules, layers and losses.

``Module`` gives every model PyTorch-shaped ``parameters()``, ``named_parameters()``,
``zero_grad()``, ``train()``/``eval()``, ``state_dict()`` and ``load_state_dict()``.
``Dense`` and the activation layers are separate, as in seed 003; ``Sequential`` chains them.
"""

from chainrule.nn.layers import (
    Dense,
    Dropout,
    Identity,
    LeakyReLU,
    ReLU,
    Sigmoid,
    Softmax,
    Tanh,
)
from chainrule.nn.losses import (
    BCELoss,
    BCEWithLogits,
    HalfSumSquares,
    Loss,
    MSELoss,
    SoftmaxCrossEntropy,
)
from chainrule.nn.module import Module, Sequential

__all__ = [
    "BCELoss",
    "BCEWithLogits",
    "Dense",
    "Dropout",
    "HalfSumSquares",
    "Identity",
    "LeakyReLU",
    "Loss",
    "MSELoss",
    "Module",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "SoftmaxCrossEntropy",
    "Tanh",
]
