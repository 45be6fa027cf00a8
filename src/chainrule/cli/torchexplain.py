"""``chainrule explain WEIGHTS --torch ARCH.toml``: a torch model's step, checked by torch."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from chainrule.cli.files import existing_file
from chainrule.cli.output import Output
from chainrule.errors import ConfigError


def torch_network(weights: str, arch: str, learning_rate: float) -> Any:
    """The explain Network of the torch model in ``weights`` + ``arch``; prints (to stderr)
    the check of every gradient against torch's ``.grad``, and refuses a mismatch.

    A dense network's explained ∂E/∂w, ∂E/∂b are compared, and a conv network's explained
    ∂E/∂K, ∂E/∂b, ∂E/∂W (step 1's); for an rnn the imported chainrule model's tensor-engine
    gradients are compared (:func:`~chainrule.bridge.model_check.check_model_against_torch`).
    """
    from chainrule.bridge.model_check import (
        check_explained_against_torch,
        check_model_against_torch,
    )
    from chainrule.bridge.torch_arch import load_torch
    from chainrule.bridge.torch_check import check_against_torch
    from chainrule.bridge.torch_import import from_torch
    from chainrule.explain.families import is_family_network
    from chainrule.explain.model.describe import describe

    existing_file(weights, "weights file")
    existing_file(arch, "architecture file")
    model, loss, inputs, targets = load_torch(weights, arch)
    network = describe(model, inputs=inputs, targets=targets, loss=loss,
                       learning_rate=learning_rate, name=Path(weights).stem)
    if getattr(network, "kind", None) == "conv2d":  # its explained numbers themselves
        grads = network.explain(1).gradients(1)
        ok, line = check_explained_against_torch(grads, model, loss, inputs, targets)
    elif is_family_network(network):
        ok, line = check_model_against_torch(from_torch(model), model, loss, inputs, targets)
    else:
        ok, line = check_against_torch(network, model, loss, inputs, targets)
    if not ok:
        raise ConfigError(f"{weights}: {line}")
    Output(stream=sys.stderr).text(line)
    return network
