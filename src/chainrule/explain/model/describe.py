"""One network description for every model: each converts to a :class:`Network` and back.

:func:`describe` accepts

* a :class:`Network` (returned as is, or with new data),
* a dict shaped like a network file, or the path of a network file (``.toml``),
* an ``nn.Sequential`` of ``Dense`` layers and activation layers (Sigmoid, Tanh, ReLU,
  LeakyReLU, Identity, Softmax; Dropout is skipped — it is the identity when explaining),
* a saved model file (``.npz`` / ``.safetensors`` written by ``chainrule train --save`` or
  :func:`chainrule.io.save`),
* the scalar engine's ``scalar.nn.MLP`` (hidden layers use its activation, the last is
  linear),

and :func:`to_sequential` turns a Network into an ``nn.Sequential`` (float64) to train further.
Weights: ``nn.Dense.weight`` is (in, out), so ``y = x W + b``; a Network stores (out, in), row j
into neuron j; the conversion transposes. A loss can be given as its name (``"mse"``), or as an
``nn`` loss object, read off the loss table (:mod:`chainrule.rules.loss_table`): ``MSELoss`` →
mse, ``HalfSquaredErrorLoss`` → half_sse, ``BCELoss`` → bce, ``CrossEntropyLoss`` → cce on a
softmax output layer, ``BCEWithLogitsLoss`` → bce on a sigmoid output layer (the activation
such a loss fuses in is made an explicit layer, so that its local derivatives can be shown;
the gradients are the same). A former spelling of a loss (``"cross_entropy"``) is refused
with its one name (``"cce"``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from chainrule import rules
from chainrule.errors import ConfigError
from chainrule.explain.model import kinds
from chainrule.explain.model.network import SOFTMAX, LayerSpec, LossSpec, Network
from chainrule.rules import loss_table


def _activation_layers() -> dict[str, str]:
    """nn layer class name -> activation: every registered activation class
    (:data:`chainrule.nn.activations.BY_NAME`, read now), and Softmax."""
    from chainrule.nn.activations import BY_NAME

    return {**{name: cls.rule.name for name, cls in BY_NAME.items()}, "Softmax": SOFTMAX}


MODEL_SUFFIXES = (".npz", ".safetensors")


def _nn_loss(loss: Any) -> str | None:
    """The name of the chainrule.nn loss class ``loss`` is (or subclasses), else None — found
    through the class's ancestry, so a user's subclass counts and a same-named class elsewhere
    does not."""
    for cls in type(loss).__mro__:
        if cls.__module__.startswith("chainrule.nn") and cls.__name__ in loss_table.BY_CLASS:
            return cls.__name__
    return None


def _loss_kind(loss: Any) -> str:
    if loss is None:
        return "half_sse"
    if isinstance(loss, str):
        return loss_table.loss_kind(loss, "describe: loss").kind
    name = _nn_loss(loss)
    if name is None:
        raise ConfigError(f"describe: cannot explain the loss {type(loss).__name__}; use one "
                          f"of {', '.join(loss_table.BY_CLASS)} or a kind such as 'mse'")
    return loss_table.BY_CLASS[name].kind


def _layers_of_sequential(model: Any) -> list[LayerSpec]:
    layers: list[LayerSpec] = []
    known = _activation_layers()
    for i, layer in enumerate(model):
        kind = type(layer).__name__
        if kind == "Dropout":
            continue
        if kind not in known:  # a layer with weights: its kind's describe hook
            where = f"describe: layer {i} ({kind})"
            if not type(layer).__module__.startswith("chainrule.nn"):
                raise ConfigError(f"{where} is not a Dense or an activation layer; explain "
                                  f"knows {', '.join(['Dense', *known])}")
            layers.append(kinds.hook(kinds.kind_of(kind), "describe", where)(layer))
            continue
        if not layers or layers[-1].activation != "identity":
            raise ConfigError(f"describe: layer {i} ({kind}) must follow a Dense layer")
        if known[kind] == "identity":
            continue
        # the row's declared parameters, by its names (ELU's alpha is ELU's, not leaky ReLU's)
        params = dict(zip(layer.rule.params, layer.params)) if kind != "Softmax" else None
        last = layers[-1]
        layers[-1] = LayerSpec(last.weights, last.biases, known[kind], params=params)
    if not layers:
        raise ConfigError("describe: the model has no Dense layer")
    return layers


def _family(model: Any) -> Any:
    """The family module (conv2d, rnn) of a family network or of an nn.Sequential holding one
    of its layers, else None (:mod:`chainrule.explain.families`)."""
    from chainrule.explain import families

    if families.is_family_network(model):
        return families.family_module(model.kind, "describe")
    return families.family_of_model(model)


def _dense_of_nn(layer: Any) -> LayerSpec:
    """The description of an ``nn.Dense``: its (in, out) weight transposed to (out, in)."""
    W = np.asarray(layer.weight.data, dtype=float).T  # (in, out) → (out, in)
    b = np.zeros(W.shape[0]) if layer.bias is None else np.asarray(layer.bias.data, dtype=float)
    return LayerSpec(W.tolist(), b.tolist(), "identity")


def _dense_to_nn(layer: LayerSpec) -> Any:
    """A float64 ``nn.Dense`` with the description's weights (a shared bias becomes one bias
    per neuron)."""
    from chainrule import nn

    W = np.array(layer.weights, dtype=float)
    dense = nn.Dense(W.shape[1], W.shape[0], dtype=np.float64)
    dense.load_state_dict({"weight": W.T.copy(),
                           "bias": np.array([layer.bias_of(j)[1] for j in range(layer.units)],
                                            dtype=float)})
    return dense


kinds.register("dense", "Dense", describe=_dense_of_nn, to_nn=_dense_to_nn)


def _layers_of_mlp(mlp: Any) -> list[LayerSpec]:
    layers = []
    for layer in mlp.layers:
        act = layer.neurons[0].activation  # "linear" (= identity) for micrograd's nonlin=False
        layers.append(LayerSpec([[w.data for w in n.w] for n in layer.neurons],
                            [n.b.data for n in layer.neurons], act))
    return layers


def _samples(values: Any, width: int, what: str) -> list[list[float]]:
    arr = np.zeros((1, width)) if values is None else np.asarray(values, dtype=float)
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[1] != width:
        raise ConfigError(f"describe: {what} must have {width} values per sample; got shape "
                          f"{arr.shape}")
    return arr.tolist()


def _targets(values: Any, width: int, samples: int, kind: str) -> list[list[float]]:
    """Target rows; for cross-entropy, one class index per sample (as PyTorch's
    CrossEntropyLoss takes them) becomes its one-hot row."""
    arr = None if values is None else np.asarray(values)
    if (kind == "cce" and arr is not None and arr.ndim == 1 and len(arr) == samples
            and (samples > 1 or width != 1) and not (samples == 1 and len(arr) == width)
            and np.all(np.mod(arr, 1) == 0)):
        if arr.min() < 0 or arr.max() >= width:
            raise ConfigError(f"describe: a class index in targets is outside [0, {width}): "
                              f"{arr.tolist()}")
        return np.eye(width)[arr.astype(int)].tolist()
    return _samples(values, width, "targets")


def describe(model: Any, *, inputs: Any = None, targets: Any = None, loss: Any = None,
             learning_rate: float | None = None, name: str | None = None) -> Network:
    """The :class:`Network` describing ``model`` (see the module docstring for what it takes).

    Parameters
    ----------
    model : Network, dict, path, nn.Sequential, torch nn.Sequential or scalar MLP
    inputs, targets : array-like, shape (n_in,) or (B, n_in) / (n_out,) or (B, n_out), optional
        The samples to explain (default: one sample of zeros, enough to draw the network).
        With a cross-entropy loss, targets may also be one class index per sample, shape (B,).
    loss : str or nn loss, optional
        Default: the Network's own, else half_sse.
    learning_rate : float, optional
        Default: the Network's own, else 0.1.
    """
    from chainrule.bridge.torch_import import from_torch, is_torch, loss_from_torch

    if is_torch(loss):
        loss = loss_from_torch(loss)
    if is_torch(model):
        name, model = name or "torch " + type(model).__name__, from_torch(model)
    if isinstance(model, (str, Path)):
        path = Path(model)
        if path.suffix.lower() in MODEL_SUFFIXES:
            from chainrule.io import load

            model = load(path)
            name = name or path.stem
        else:
            from chainrule.explain.families import load_file

            model = load_file(path) or Network.from_toml(path)
    elif isinstance(model, Mapping):
        from chainrule.explain.families import family_of_file

        module = family_of_file(model, "describe")
        model = Network.from_dict(model) if module is None else module.from_dict(model, "describe")
    family = _family(model)
    if family is not None:
        return family.describe_model(model, inputs=inputs, targets=targets, loss=loss,
                                     learning_rate=learning_rate, name=name)
    if isinstance(model, Network):
        if inputs is None and targets is None and loss is None and learning_rate is None:
            return model
        from dataclasses import replace

        new_loss = model.loss if loss is None else LossSpec(_loss_kind(loss))
        return replace(model, inputs=model.inputs if inputs is None else _samples(
            inputs, len(model.input_names or ()), "inputs"),
            targets=model.targets if targets is None else _samples(
                targets, model.layers[-1].units, "targets"),
            loss=new_loss, learning_rate=learning_rate or model.learning_rate)
    kind = _loss_kind(loss)
    if type(model).__module__.startswith("chainrule.scalar") and hasattr(model, "layers"):
        layers = _layers_of_mlp(model)
    elif isinstance(model, Sequence) or type(model).__name__ == "Sequential":
        layers = _layers_of_sequential(model)
    else:
        raise ConfigError(f"describe: cannot describe a {type(model).__name__}; give a Network, "
                          "a network file, an nn.Sequential, a saved model or a scalar MLP")
    cls_name = _nn_loss(loss)
    # a loss that takes logits: the activation it fuses in becomes the last layer's
    fused = loss_table.BY_CLASS[cls_name].nn_classes[cls_name] if cls_name else None
    if fused:
        if layers[-1].activation != "identity":
            raise ConfigError(f"describe: {type(loss).__name__} takes logits; the last Dense "
                              f"layer has an activation ({layers[-1].activation})")
        last = layers[-1]
        layers[-1] = LayerSpec(last.weights, last.biases, fused)
    n_in = len(layers[0].weights[0])
    rows = _samples(inputs, n_in, "inputs")
    return Network(rows, layers, _targets(targets, layers[-1].units, len(rows), kind),
                   0.1 if learning_rate is None else learning_rate, LossSpec(kind),
                   name=name or type(model).__name__, source=f"describe({type(model).__name__})")


def to_sequential(network: Network) -> Any:
    """An ``nn.Sequential`` of float64 ``Dense`` + activation layers with the network's
    parameters (a shared bias becomes one bias per neuron), to train further."""
    from chainrule import nn

    layers: list[Any] = []
    for layer in network.layers:
        layers.append(kinds.hook(layer.kind, "to_nn", "to_sequential")(layer))
        if layer.activation == SOFTMAX:
            layers.append(nn.Softmax())
            continue
        from chainrule.nn.activations import BY_NAME

        row = rules.row(layer.activation)  # the rule table names the nn class of each
        if row.name == "identity":
            continue
        cls = BY_NAME.get(row.layer)
        if cls is None:
            raise ConfigError(f"to_sequential: chainrule.nn has no {row.layer or row.name} "
                              "layer")
        layers.append(cls(*layer.activation_args()))  # the row's parameters, in its order
    return nn.Sequential(*layers)


__all__ = ["MODEL_SUFFIXES", "describe", "to_sequential"]
