"""Neural-network building blocks on the array engine: modules, layers and losses.

``Module`` gives every model PyTorch-shaped ``parameters()``, ``named_parameters()``,
``zero_grad()``, ``train()``/``eval()``, ``state_dict()`` and ``load_state_dict()``.
``Dense`` and the activation layers are separate, as in seed 003; ``Sequential`` chains them.
"""

from chainrule.nn.activations import (
    ELU,
    GELU,
    Activation,
    Identity,
    LeakyReLU,
    ReLU,
    Sigmoid,
    Softplus,
    Tanh,
)
from chainrule.nn.conv import Conv2d, MaxPool2d
from chainrule.nn.layers import Dense, Dropout, Flatten, LogSoftmax, Softmax
from chainrule.nn.losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    HalfSquaredErrorLoss,
    HuberLoss,
    L1Loss,
    Loss,
    MSELoss,
    NLLLoss,
)
from chainrule.nn.module import Module, ModuleList, Sequential
from chainrule.nn.recurrent import RNN
from chainrule.renamed import renamed_getattr

__getattr__ = renamed_getattr(__name__)

__all__ = [
    "ELU",
    "GELU",
    "RNN",
    "Activation",
    "BCELoss",
    "BCEWithLogitsLoss",
    "Conv2d",
    "CrossEntropyLoss",
    "Dense",
    "Dropout",
    "Flatten",
    "HalfSquaredErrorLoss",
    "HuberLoss",
    "Identity",
    "L1Loss",
    "LeakyReLU",
    "LogSoftmax",
    "Loss",
    "MSELoss",
    "MaxPool2d",
    "Module",
    "ModuleList",
    "NLLLoss",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "Softplus",
    "Tanh",
]
