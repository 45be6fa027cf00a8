"""Validation of a :class:`~chainrule.explain.model.network.Network`: shapes, kinds, names.

One pass, run by ``Network.__post_init__``: it checks every field against the ones before it
(a layer's row length against the previous width, the targets against the last width, frozen
names against the parameters), fills in systematic names, and returns the normalised fields.
"""

from __future__ import annotations

from typing import Any

from chainrule.explain.model import fields as fx
from chainrule.explain.render.notation import subscript


def _samples(value: Any, source: str, field: str, width: int | None, what: str) -> tuple[
        tuple[float, ...], ...]:
    """One sample (a flat list) or a batch (a list of lists), as a tuple of rows."""
    if fx.is_list(value) and value and all(fx.is_list(v) for v in value):
        return tuple(fx.numbers_list(v, source, f"{field}[{b}]", width, what)
                     for b, v in enumerate(value))
    return (fx.numbers_list(value, source, field, width, what),)


def _layer(layer: Any, k: int, fan_in: int, source: str) -> Any:
    from chainrule.explain.model.network import LayerSpec, activation_names

    where = f"layers[{k - 1}]"
    if not isinstance(layer, LayerSpec):
        raise fx.fail(source, where, "a LayerSpec", layer)
    rows = layer.weights
    if not fx.is_list(rows) or not rows or not all(fx.is_list(r) for r in rows):
        raise fx.fail(source, f"{where}.weights", "a non-empty list of rows, one per neuron, "
                      f"each with {fan_in} weights", rows)
    units = len(rows)
    why = f"one per input of layer {k}, which has {fan_in} inputs"
    weights = tuple(fx.numbers_list(r, source, f"{where}.weights[{j}]", fan_in, why)
                    for j, r in enumerate(rows))
    activation = fx.choice(layer.activation, source, f"{where}.activation",
                           activation_names())
    shared = layer.shared_bias or not (fx.is_list(layer.biases) or layer.biases is None)
    if layer.biases is None:
        biases: tuple[float, ...] = (0.0,) * units
    elif shared:
        value = layer.biases[0] if fx.is_list(layer.biases) else layer.biases
        biases = (fx.number(value, source, f"{where}.biases"),)
    else:
        biases = fx.numbers_list(layer.biases, source, f"{where}.biases", units,
                                 "one per neuron, or a single number for a shared bias")
    names: dict[str, Any] = {}
    for key, count, default in (
            ("net_names", units, [f"z[{k}]_{j}" for j in range(1, units + 1)]),
            ("out_names", units, [f"a[{k}]_{j}" for j in range(1, units + 1)])):
        raw = getattr(layer, key)
        names[key] = (tuple(default) if raw is None
                      else fx.names_list(raw, source, f"{where}.{key}", count, "one per neuron"))
    if layer.weight_names is None:
        names["weight_names"] = tuple(tuple(f"w[{k}]_{{{j},{i}}}" for i in range(1, fan_in + 1))
                                      for j in range(1, units + 1))
    else:
        raw = layer.weight_names
        if not fx.is_list(raw) or len(raw) != units:
            raise fx.fail(source, f"{where}.weight_names",
                          f"{units} rows of names shaped like the weights", raw)
        names["weight_names"] = tuple(
            fx.names_list(r, source, f"{where}.weight_names[{j}]", fan_in, "one per weight")
            for j, r in enumerate(raw))
    raw = layer.bias_names
    if shared:
        one = raw[0] if fx.is_list(raw) and len(raw) == 1 else raw
        names["bias_names"] = ((f"b[{k}]",) if raw is None
                               else (fx.name(one, source, f"{where}.bias_names"),))
    else:
        names["bias_names"] = (tuple(f"b[{k}]_{j}" for j in range(1, units + 1)) if raw is None
                               else fx.names_list(raw, source, f"{where}.bias_names", units,
                                                  "one per neuron"))
    return LayerSpec(weights=weights, biases=biases, activation=activation, shared_bias=shared,
                     params=_params(layer.params, activation, source, f"{where}.params"),
                     **names)


def _params(raw: Any, activation: str, source: str, where: str) -> dict[str, float]:
    """Every parameter the activation's row declares, by name: the given value or the row's
    default; a name the row does not declare is refused, naming those it does."""
    from chainrule import rules
    from chainrule.explain.model.network import SOFTMAX

    declared = {} if activation == SOFTMAX else dict(zip(rules.row(activation).params,
                                                         rules.row(activation).defaults))
    given = {} if raw is None else fx.table(raw, source, where)
    for key in given:
        if key not in declared:
            known = ", ".join(declared) or "none"
            raise fx.fail(source, f"{where}.{key}", f"a parameter of {activation} ({known})",
                          given[key])
    return {n: fx.number(given.get(n, d), source, f"{where}.{n}") for n, d in declared.items()}


def _unique(named: list[tuple[str, str]], source: str) -> None:
    seen: dict[str, str] = {}
    for field, name in named:
        if name in seen:
            raise fx.fail(source, field, f"a name not used elsewhere ({name!r} already names "
                          f"{seen[name]})", name)
        seen[name] = field


def normalise(net: Any) -> dict[str, Any]:
    """The normalised fields of ``net``, or a ConfigError naming the first bad field."""
    from chainrule.explain.model.network import LOSSES, LossSpec
    from chainrule.rules import loss_table

    src = net.source
    inputs = _samples(net.inputs, src, "inputs", None, "the input values")
    width = len(inputs[0])
    for b, row in enumerate(inputs):
        if len(row) != width:
            raise fx.fail(src, f"inputs[{b}]", f"{width} numbers like inputs[0]", row)
    input_names = (tuple(f"x{i}" for i in range(1, width + 1)) if net.input_names is None
                   else fx.names_list(net.input_names, src, "input_names", width, "one per input"))
    if not fx.is_list(net.layers) or not net.layers:
        raise fx.fail(src, "layers", "a non-empty list of layers", net.layers)
    layers = []
    for k, layer in enumerate(net.layers, 1):
        layers.append(_layer(layer, k, width, src))
        width = layers[-1].units
    targets = _samples(net.targets, src, "targets", width,
                       f"one per output of the last layer, which has {width}")
    if len(targets) != len(inputs):
        raise fx.fail(src, "targets", f"{len(inputs)} samples, as many as the inputs",
                      f"{len(targets)} samples")
    loss = net.loss
    if not isinstance(loss, LossSpec):
        raise fx.fail(src, "loss", "a LossSpec", loss)
    old = loss.kind.strip().lower().replace("-", "_") if isinstance(loss.kind, str) else None
    if old in loss_table.OLD_NAMES:  # one name per loss: a former spelling gets the new one
        raise fx.fail(src, "loss.kind", f"{loss_table.OLD_NAMES[old]!r} (the new name of "
                      f"{loss.kind!r})", loss.kind)
    kind = fx.choice(loss.kind, src, "loss.kind", LOSSES)
    terms = (tuple(f"E{j}" for j in range(1, width + 1)) if loss.term_names is None
             else fx.names_list(loss.term_names, src, "loss.term_names", width, "one per output"))
    tnames = (tuple(f"target{subscript(j)}" for j in range(1, width + 1))
              if loss.target_names is None
              else fx.names_list(loss.target_names, src, "loss.target_names", width,
                                 "one per output"))
    loss = LossSpec(kind=kind, name=fx.name(loss.name, src, "loss.name"), term_names=terms,
                target_names=tnames)
    rate = fx.number(net.learning_rate, src, "learning_rate")
    if rate <= 0:
        raise fx.fail(src, "learning_rate", "a number > 0", net.learning_rate)
    named = [(f"input_names[{i}]", n) for i, n in enumerate(input_names)]
    for k, layer in enumerate(layers):
        w = f"layers[{k}]"
        named += [(f"{w}.net_names[{j}]", n) for j, n in enumerate(layer.net_names)]
        named += [(f"{w}.out_names[{j}]", n) for j, n in enumerate(layer.out_names)]
        named += [(f"{w}.weight_names[{j}][{i}]", n) for j, row in enumerate(layer.weight_names)
                  for i, n in enumerate(row)]
        named += [(f"{w}.bias_names", n) for n in layer.bias_names]
    named += [(f"loss.term_names[{j}]", n) for j, n in enumerate(terms)]
    named += [(f"loss.target_names[{j}]", n) for j, n in enumerate(tnames)]
    named += [("loss.name", loss.name)]
    _unique(named, src)
    params = {n for layer in layers for row in layer.weight_names for n in row}
    params |= {n for layer in layers for n in layer.bias_names}
    frozen = net.frozen
    if isinstance(frozen, str) or not fx.is_list(frozen):
        raise fx.fail(src, "frozen", "a list of parameter names", frozen)
    for i, n in enumerate(frozen):
        if n not in params:
            raise fx.fail(src, f"frozen[{i}]", "the name of a weight or bias of the network", n)
    description = net.description
    if not isinstance(description, str):
        raise fx.fail(src, "description", "a string", description)
    return {"inputs": inputs, "input_names": input_names, "layers": tuple(layers),
            "targets": targets, "loss": loss, "learning_rate": rate, "frozen": tuple(frozen),
            "name": fx.name(net.name, src, "name"), "description": description}


__all__ = ["normalise"]
