"""The "conv2d" family of explain: backpropagation through a convolutional network, by hand.

A network file with ``kind = "conv2d"`` (``examples/conv.toml``; fields in
:mod:`~chainrule.explain.conv.network`), or ``describe(nn.Sequential(nn.Conv2d(…), nn.ReLU(),
nn.MaxPool2d(2), nn.Flatten(), nn.Dense(…)), inputs=x (N, C, H, W), targets=t)`` (or the same
torch model), becomes a :class:`~chainrule.explain.conv.model.ConvNetwork`;
``network.explain(steps, show)`` trains it on the tensor engine and explains the shown steps
(forward layer by layer, every ∂E/∂K cell as its sum over the output positions it touched,
∂E/∂X as the full convolution with the flipped kernel, the update, the matrix view), and
``network.check(values)`` judges a learner's numbers with hints for the slips of convolution.

Modules: :mod:`~chainrule.explain.conv.network` (the file), :mod:`~chainrule.explain.conv.model`
(the network and its names), :mod:`~chainrule.explain.conv.engine` (the passes and the sums),
:mod:`~chainrule.explain.conv.explanation`, :mod:`~chainrule.explain.conv.compose`,
:mod:`~chainrule.explain.conv.compose_back`, :mod:`~chainrule.explain.conv.compose_maps`
(the document), :mod:`~chainrule.explain.conv.check` and :mod:`~chainrule.explain.conv.slips`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.errors import ConfigError
from chainrule.explain.conv.model import ConvNetwork
from chainrule.explain.conv.network import ConvLoss, from_dict

NN_CLASSES = ("Conv2d", "MaxPool2d")


def _layer_table(layer: Any, i: int) -> dict[str, Any]:
    """The ``[[layers]]`` table of one chainrule nn layer."""
    from chainrule import nn
    from chainrule.explain.model.describe import _activation_layers

    get = lambda t: np.asarray(t.data, dtype=float)  # noqa: E731
    if isinstance(layer, nn.Conv2d):
        K = get(layer.weight)
        return {"type": "conv2d", "weight": K.tolist(),
                "bias": (get(layer.bias) if layer.bias is not None
                         else np.zeros(K.shape[0])).tolist(),
                "stride": list(layer.stride), "padding": list(layer.padding)}
    if isinstance(layer, nn.MaxPool2d):
        return {"type": "maxpool2d", "kernel_size": list(layer.kernel_size),
                "stride": list(layer.stride), "padding": list(layer.padding)}
    if isinstance(layer, nn.Dense):  # (in, out) → the file's (out, in)
        W = get(layer.weight).T
        return {"type": "dense", "weight": W.tolist(),
                "bias": (get(layer.bias) if layer.bias is not None
                         else np.zeros(W.shape[0])).tolist()}
    kind = type(layer).__name__
    if kind == "Flatten":
        return {"type": "flatten"}
    known = _activation_layers()
    if kind in known:
        if getattr(layer, "params", ()) and tuple(layer.params) != tuple(layer.rule.defaults):
            raise ConfigError(f"describe: layer {i} ({kind}) has parameters "
                              f"{tuple(layer.params)}; a conv explanation takes the rule "
                              "table's defaults")
        return {"type": known[kind]}
    raise ConfigError(f"describe: layer {i} ({kind}) is not a layer a conv explanation knows "
                      "(Conv2d, MaxPool2d, Flatten, Dense, activations)")


def describe_model(model: Any, *, inputs: Any = None, targets: Any = None, loss: Any = None,
                   learning_rate: float | None = None, name: str | None = None) -> ConvNetwork:
    """The :class:`ConvNetwork` of an ``nn.Sequential`` of Conv2d, MaxPool2d, Flatten, Dense
    and activation layers (or of a ConvNetwork, with new data).

    ``inputs``: (N, C, H, W) (or (C, H, W), (H, W)); ``targets``: (N, n), or one class index
    per image for cross-entropy; ``loss``: a kind or an nn loss (a logits loss adds its
    activation as the last layer); default half_sse and η = 0.1.
    """
    from chainrule.explain.model.describe import _loss_kind, _nn_loss, _targets
    from chainrule.rules import loss_table

    if isinstance(model, ConvNetwork):
        data, base = model.to_dict(), model
    else:
        layers = [_layer_table(layer, i) for i, layer in enumerate(model)
                  if type(layer).__name__ not in ("Dropout", "Identity")]
        first = layers[0] if layers else {}
        if first.get("type") != "conv2d":
            raise ConfigError("describe: a conv model must start with its nn.Conv2d layer")
        C = np.asarray(first["weight"]).shape[1]
        data = {"kind": "conv2d", "name": name or "CNN", "learning_rate": 0.1,
                "inputs": np.zeros((1, C, 4, 4)).tolist(), "layers": layers}
        base = None
    if loss is not None:
        cls = _nn_loss(loss)
        fused = loss_table.BY_CLASS[cls].nn_classes[cls] if cls else None
        if fused:
            if data["layers"][-1]["type"] not in ("dense",):
                raise ConfigError(f"describe: {type(loss).__name__} takes logits; the model "
                                  f"ends in {data['layers'][-1]['type']}")
            data["layers"].append({"type": fused})
        data["loss"] = {"kind": _loss_kind(loss), "name": base.loss.name if base else "E"}
    if inputs is not None:
        data["inputs"] = np.asarray(inputs, dtype=float).tolist()
    kind = data.get("loss", {}).get("kind", "half_sse")
    N = len(data["inputs"]) if np.ndim(data["inputs"]) == 4 else 1  # (N, C, H, W) or one image
    dense = [layer for layer in data["layers"] if layer["type"] == "dense"]
    width = len(dense[-1]["weight"]) if dense else 1
    if targets is not None:
        data["targets"] = _targets(targets, width, N, kind)
    elif "targets" not in data:  # zeros, enough to draw the network (as the dense describe)
        data["targets"] = np.zeros((N, width)).tolist()
    if learning_rate is not None:
        data["learning_rate"] = learning_rate
    if name is not None:
        data["name"] = name
    source = base.source if base is not None else f"describe({type(model).__name__})"
    return from_dict(data, source)


__all__ = ["NN_CLASSES", "ConvLoss", "ConvNetwork", "describe_model", "from_dict"]
