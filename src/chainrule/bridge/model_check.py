"""Run an imported chainrule model and its torch original on one batch; compare every
parameter's gradient (the tensor engine's ``.grad`` against torch's ``.grad``, float64).

Both sides compute E = loss(f(x), t) — f's first output when it returns ``(output, h_n)``
(an RNN) — and backpropagate it once. Parameters are matched by name (``"0.weight"``,
``"3.weight_hh_l0"``): chainrule's ``Dense.weight`` is (in, out), the transpose of torch's
``Linear.weight`` (out, in); every other layer has torch's layout.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.bridge.torch_check import verdict
from chainrule.errors import ConfigError


def _first(y: Any) -> Any:
    return y[0] if isinstance(y, tuple) else y


def _transposed(model: Any) -> set[str]:
    """Names of the chainrule parameters stored transposed from torch (Dense weights)."""
    from chainrule import nn

    layers = list(model) if isinstance(model, nn.Sequential) else []
    return {f"{i}.weight" for i, layer in enumerate(layers) if isinstance(layer, nn.Dense)}


def _target(loss_name: str, t: np.ndarray) -> np.ndarray:
    return t.astype(np.int64) if loss_name == "CrossEntropyLoss" and t.ndim == 1 else \
        t.astype(np.float64)


def torch_gradients(model: Any, loss: Any, inputs: Any, targets: Any) -> dict[str, np.ndarray]:
    """torch's ∂E/∂p of every parameter (its own layout, float64), by state_dict name, for
    E = loss(model(x), t) on a float64 deep copy (``model`` itself is not touched)."""
    import copy

    import torch

    x, t = np.asarray(inputs, dtype=np.float64), np.asarray(targets)
    t = _target(type(loss).__name__, t)
    twin = copy.deepcopy(model).double()
    twin.zero_grad()
    loss(_first(twin(torch.as_tensor(x))), torch.as_tensor(t)).backward()
    return {name: (np.zeros(p.shape) if p.grad is None else p.grad.numpy())
            for name, p in twin.named_parameters()}


def check_explained_against_torch(grads: dict[str, np.ndarray], model: Any, loss: Any,
                                  inputs: Any, targets: Any,
                                  tol: float = 1e-12) -> tuple[bool, str]:
    """Whether the explained gradients ``grads`` (state_dict name -> array in torch's layout,
    as :meth:`~chainrule.explain.conv.explanation.ConvExplanation.gradients` gives them, in
    the model's parameter order) equal torch's ``.grad`` within ``tol``, and the one line
    saying so."""
    theirs = torch_gradients(model, loss, inputs, targets)
    mine = list(grads.values())  # in layer order, weight then bias, as named_parameters()
    shapes = [a.shape for a in mine], [a.shape for a in theirs.values()]
    if shapes[0] != shapes[1]:
        raise ConfigError(f"check: the explained parameters have shapes {shapes[0][:6]}, "
                          f"torch's {', '.join(list(theirs)[:6])} {shapes[1][:6]}")
    worst = max((float(np.max(np.abs(a - b), initial=0.0))
                 for a, b in zip(mine, theirs.values())), default=0.0)
    return verdict(worst, sum(a.size for a in theirs.values()), tol)


def gradient_pairs(ours: Any, model: Any, loss: Any, inputs: Any,
                   targets: Any) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, chainrule ∂E/∂p, torch ∂E/∂p in chainrule's layout) for every parameter p.

    Parameters
    ----------
    ours : chainrule.nn.Module
        The imported model (:func:`~chainrule.bridge.torch_import.from_torch`).
    model : torch.nn.Module
        The torch original (run on a float64 deep copy; ``model`` itself is not touched).
    loss : torch loss module
        Its chainrule twin is :func:`~chainrule.bridge.torch_import.loss_from_torch`.
    inputs, targets : array-like
        The batch: x of the model's input shape ((N, C, H, W), (N, T, in) …); t of the loss's.
    """
    from chainrule.bridge.torch_import import loss_from_torch
    from chainrule.tensor import Tensor

    x, t = np.asarray(inputs, dtype=np.float64), np.asarray(targets)
    t = _target(type(loss).__name__, t)
    theirs = torch_gradients(model, loss, inputs, targets)
    ours.zero_grad()
    loss_from_torch(loss)(_first(ours(Tensor(x))), t).backward()
    flip = _transposed(ours)
    pairs = []
    for name, p in ours.named_parameters():
        if name not in theirs:
            raise ConfigError(f"check: torch's model has no parameter {name!r}")
        g = theirs[name]
        mine = np.zeros(p.shape) if p.grad is None else np.asarray(p.grad, dtype=np.float64)
        pairs.append((name, mine, g.T if name in flip else g))
    if len(pairs) != len(theirs):
        missing = sorted(set(theirs) - {n for n, _, _ in pairs})
        raise ConfigError(f"check: chainrule's model lacks torch's {', '.join(missing[:5])}")
    return pairs


def check_model_against_torch(ours: Any, model: Any, loss: Any, inputs: Any, targets: Any,
                              tol: float = 1e-12) -> tuple[bool, str]:
    """Whether every parameter gradient of ``ours`` equals torch's ``.grad`` within ``tol``
    (max |chainrule − torch| over all of them), and the one line saying so
    (``all 4,810 gradients equal torch's .grad within 1e-12``)."""
    pairs = gradient_pairs(ours, model, loss, inputs, targets)
    worst = max((float(np.max(np.abs(a - b), initial=0.0)) for _, a, b in pairs), default=0.0)
    return verdict(worst, sum(a.size for _, a, _ in pairs), tol)
