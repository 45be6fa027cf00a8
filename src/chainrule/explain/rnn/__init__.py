"""The "rnn" family of explain: backpropagation through time on an Elman RNN, shown by hand.

A network file with ``kind = "rnn"`` (``examples/rnn.toml``; fields in
:mod:`~chainrule.explain.rnn.network`), or ``describe(nn.Sequential(nn.RNN(in, H),
nn.Dense(H, n)[, activation]), inputs=x (T, in), targets=t (n,))``, becomes an
:class:`~chainrule.explain.rnn.network.RNNNetwork`; ``network.explain(steps, show)`` trains it
on the tensor engine (``nn.RNN``) and explains the shown steps (forward per time step, δ_t back
through time, the shared weights' sums Σ_t, the update, the matrix view), and
``network.check(values)`` judges a learner's numbers with hints for the slips of BPTT.

Modules: :mod:`~chainrule.explain.rnn.network` (the file), :mod:`~chainrule.explain.rnn.engine`
(the passes), :mod:`~chainrule.explain.rnn.explanation`, :mod:`~chainrule.explain.rnn.compose`
(the document), :mod:`~chainrule.explain.rnn.check` and :mod:`~chainrule.explain.rnn.slips`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.rnn.network import RNNLoss, RNNNetwork, from_dict

NN_CLASSES = ("RNN",)


def _head(layers: list[Any], H: int) -> tuple[np.ndarray, np.ndarray, str]:
    """(W_hy (n, H), b_y (n,), activation) of the layers after the RNN."""
    from chainrule import nn
    from chainrule.explain.model.describe import _activation_layers, _dense_of_nn

    shape = "describe: an RNN is explained as nn.Sequential(RNN, Dense(H, n)[, activation])"
    if not layers or not isinstance(layers[0], nn.Dense):
        raise ConfigError(f"{shape}: the layer after the RNN must be a Dense (on h_T)")
    spec = _dense_of_nn(layers[0])  # the dense family's reading: (in, out) → (out, in)
    W, b = np.array(spec.weights, dtype=float), np.array(spec.biases, dtype=float)
    if W.shape[1] != H:
        raise ConfigError(f"{shape}: the Dense takes {W.shape[1]} inputs, the RNN gives {H}")
    activation = "identity"
    known = _activation_layers()
    for layer in layers[1:]:
        kind = type(layer).__name__
        if kind not in known or known[kind] == "softmax" or activation != "identity":
            raise ConfigError(f"{shape}: cannot take {kind} after the Dense (one elementwise "
                              "activation at most)")
        activation = known[kind]
    return W, b, activation


def describe_model(model: Any, *, inputs: Any = None, targets: Any = None, loss: Any = None,
                   learning_rate: float | None = None, name: str | None = None) -> RNNNetwork:
    """The :class:`RNNNetwork` of an ``nn.Sequential(RNN(in, H), Dense(H, n)[, activation])``
    (one layer, with biases) or of an RNNNetwork (with new data).

    ``inputs``: the sequence, (T, in) (or (T,) when in = 1); ``targets``: (n,); ``loss``: a
    kind or an nn loss (a logits loss fuses its activation into the output); default
    half_sse and η = 0.1.
    """
    from chainrule import nn
    from chainrule.explain.model.describe import _loss_kind, _nn_loss
    from chainrule.rules import loss_table

    if isinstance(model, RNNNetwork):
        data = model.to_dict()
        base = model
    else:
        layers = list(model)
        rnn = layers[0] if layers else None
        if not isinstance(rnn, nn.RNN):
            raise ConfigError("describe: an RNN model must start with its nn.RNN layer, then "
                              "a Dense on h_T")
        if rnn.num_layers != 1 or not rnn.bias:
            raise ConfigError(f"describe: explain takes a one-layer RNN with biases; got "
                              f"num_layers={rnn.num_layers}, bias={rnn.bias}")
        W, b, activation = _head(layers[1:], rnn.hidden_size)
        get = lambda key: np.asarray(getattr(rnn, key).data, dtype=float).tolist()  # noqa: E731
        data = {"kind": "rnn", "name": name or "RNN", "learning_rate": 0.1,
                "inputs": [[0.0] * rnn.input_size], "targets": [0.0] * W.shape[0],
                "rnn": {"weight_ih": get("weight_ih_l0"), "weight_hh": get("weight_hh_l0"),
                        "bias_ih": get("bias_ih_l0"), "bias_hh": get("bias_hh_l0")},
                "output": {"weight": W.tolist(), "bias": b.tolist(), "activation": activation}}
        base = None
    if inputs is not None:
        x = np.asarray(inputs, dtype=float)
        data["inputs"] = x.reshape(-1, 1).tolist() if x.ndim == 1 else x.tolist()
    if targets is not None:
        data["targets"] = np.asarray(targets, dtype=float).reshape(-1).tolist()
    if loss is not None:
        kind = _loss_kind(loss)
        cls = _nn_loss(loss)
        fused = loss_table.BY_CLASS[cls].nn_classes[cls] if cls else None
        if fused == "softmax":
            raise ConfigError("describe: an RNN's output takes an elementwise activation; "
                              f"{type(loss).__name__} fuses a softmax")
        if fused:
            if data["output"]["activation"] != "identity":
                raise ConfigError(f"describe: {type(loss).__name__} takes logits; the output "
                                  f"has an activation ({data['output']['activation']})")
            data["output"]["activation"] = fused
        data["loss"] = {"kind": kind, "name": base.loss.name if base else "E"}
    if learning_rate is not None:
        data["learning_rate"] = learning_rate
    if name is not None:
        data["name"] = name
    source = base.source if base is not None else f"describe({type(model).__name__})"
    return from_dict(data, source)


__all__ = ["NN_CLASSES", "RNNLoss", "RNNNetwork", "describe_model", "from_dict"]
