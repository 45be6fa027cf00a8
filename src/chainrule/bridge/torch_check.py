"""Check an explained network's gradients against torch's own ``.grad`` for the same batch."""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.text.numbers import fmt, fmt_count


def torch_gradients(model: Any, loss: Any, inputs: Any, targets: Any) -> list[np.ndarray]:
    """torch's ``.grad`` of every Linear's weight (out, in) and bias (out,), in layer order,
    after one float64 forward + backward of ``loss(model(inputs), targets)``."""
    import copy

    import torch

    twin = copy.deepcopy(model).double()
    twin.zero_grad()
    x = torch.as_tensor(np.asarray(inputs, dtype=float)).reshape(-1, twin[0].in_features)
    t = np.asarray(targets)
    if type(loss).__name__ == "CrossEntropyLoss" and t.ndim == 1:
        tt = torch.as_tensor(t.astype(np.int64))
    else:
        tt = torch.as_tensor(t.astype(float)).reshape(x.shape[0], -1)
    loss(twin(x), tt).backward()
    grads: list[np.ndarray] = []
    for module in twin:
        if type(module).__name__ == "Linear":
            grads.append(module.weight.grad.numpy())
            grads.append(module.bias.grad.numpy() if module.bias is not None
                         else np.zeros(module.out_features))
    return grads


def check_against_torch(network: Any, model: Any, loss: Any, inputs: Any, targets: Any,
                        tol: float = 1e-12) -> tuple[bool, str]:
    """Whether the explain engine's ∂E/∂w, ∂E/∂b equal torch's ``.grad`` within ``tol``
    (max |chainrule − torch| over all parameters), and the one line saying so."""
    from chainrule.explain.model.arrays import Engine, params_of

    g = Engine(network).run(params_of(network))
    ours = [a for pair in zip(g.dw, g.db) for a in pair]
    theirs = torch_gradients(model, loss, inputs, targets)
    worst = max(float(np.max(np.abs(a - b.reshape(a.shape)))) for a, b in zip(ours, theirs))
    return verdict(worst, sum(a.size for a in ours), tol)


def verdict(worst: float, count: int, tol: float) -> tuple[bool, str]:
    """Whether ``worst`` (max |chainrule − torch|) is within ``tol``, and the one line
    saying so for ``count`` gradients (``all 4,810 gradients equal torch's .grad within
    1e-12``)."""
    if worst <= tol:
        return True, f"all {fmt_count(count)} gradients equal torch's .grad within {fmt(tol)}"
    return False, (f"gradients differ from torch's .grad: max |difference| {fmt(worst)} over "
                   f"{fmt_count(count)} gradients (tolerance {fmt(tol)})")
