"""The playground's one door to :mod:`chainrule.explain`: walkthrough, derivations, checks.

Only the public entry points are used — :class:`~chainrule.explain.Network` (``from_dict``),
:func:`~chainrule.explain.explain`, :func:`~chainrule.explain.check_backprop` and the explanation's
``to_html`` / ``to_markdown`` / ``to_dict`` — so a change inside ``chainrule.explain`` is
fixed here, in one place. Every number the page shows for a step of one sample comes from here.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from chainrule.errors import ChainruleError
from chainrule.explain import Network, check_backprop, explain
from chainrule.playground.limits import PlaygroundError
from chainrule.playground.model import Net

_NUMBER = re.compile(r"^\s*[-+−]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
EVERY_PARAMETER = "Every parameter by the chain rule"


def network_dict(net: Net, x: np.ndarray, target: np.ndarray) -> dict[str, Any]:
    """The network file (as a dict) of ``net`` with the one sample (x, target)."""
    names = net.names
    layers = []
    for k, (w, b, act) in enumerate(zip(net.weights(), net.biases(), net.activations)):
        layer: dict[str, Any] = {"activation": "softmax" if act == "softmax" else act,
                                 "weights": w.tolist(),
                                 "biases": float(b[0]) if net.shared[k] else b.tolist()}
        if k < len(names.layers):
            layer.update(names.layers[k])
        layers.append(layer)
    return {"name": names.name, "description": names.description,
            "learning_rate": net.lr, "frozen": list(net.frozen),
            "input_names": list(names.input_names),
            "inputs": [float(v) for v in x], "targets": [float(v) for v in target],
            "layers": layers, "loss": {"kind": net.loss, **names.loss}}


def network_of(net: Net, x: np.ndarray, target: np.ndarray) -> Network:
    """A :class:`chainrule.explain.Network` of ``net`` on one sample."""
    try:
        return Network.from_dict(network_dict(net, x, target), source="playground")
    except ChainruleError as exc:
        raise PlaygroundError(str(exc)) from None


def layout(network: Network) -> dict[str, Any]:
    """The names of every node and parameter, column by column, for drawing."""
    return {
        "inputs": list(network.input_names),
        "layers": [{"weights": [list(r) for r in layer.weight_names],
                    "biases": [layer.bias_of(j)[0] for j in range(layer.units)],
                    "nets": list(layer.net_names), "outs": list(layer.out_names),
                    "activation": layer.activation}
                   for layer in network.layers],
        "loss": network.loss.name, "targets": list(network.loss.target_names),
        "frozen": list(network.frozen),
    }


class Walk:
    """One step of one sample: forward values, ∂E/∂ of every node and parameter, the updates.

    The numbers come from the array engine (:meth:`Net.sample_step`, milliseconds); the
    explanation (:func:`chainrule.explain.explain`, the scalar engine with every derivation) is
    built only when a derivation, a check or the document is asked for. A test keeps the two
    equal.
    """

    def __init__(self, net: Net, x: np.ndarray, target: np.ndarray,
                 masks: list[np.ndarray] | None = None) -> None:
        self.network = network_of(net, x, target)
        self.layout = layout(self.network)
        self.numbers = net.sample_step(x, target, masks)
        self._ex: Any = None
        self._html: str | None = None
        self._md: str | None = None

    @property
    def ex(self) -> Any:
        """The :class:`chainrule.explain.Explanation` of this step (built on first use)."""
        if self._ex is None:
            self._ex = explain(self.network)
        return self._ex

    def summary(self) -> dict[str, Any]:
        """JSON-ready: values, grads, updates, the loss, and the order of the computation."""
        lay, num = self.layout, self.numbers
        values: dict[str, float] = dict(zip(lay["inputs"], map(float, self.network.inputs[0])))
        grads: dict[str, float] = {lay["loss"]: 1.0}
        updates: dict[str, dict[str, Any]] = {}
        frozen = set(lay["frozen"])
        for k, layer in enumerate(lay["layers"]):
            for j, (net_name, out_name) in enumerate(zip(layer["nets"], layer["outs"])):
                values[net_name], values[out_name] = (float(num["nets"][k][j]),
                                                      float(num["outs"][k][j]))
                grads[net_name], grads[out_name] = (float(num["d_nets"][k][j]),
                                                    float(num["d_outs"][k][j]))
            dense = self.network.layers[k]
            cells = [(n, dense.weights[j][i], num["d_weights"][k][j, i],
                      num["new_weights"][k][j, i])
                     for j, row in enumerate(layer["weights"]) for i, n in enumerate(row)]
            jb = (lambda j: 0) if len(num["d_biases"][k]) == 1 else (lambda j: j)
            cells += [(n, dense.bias_of(j)[1], num["d_biases"][k][jb(j)],
                       num["new_biases"][k][jb(j)]) for j, n in enumerate(layer["biases"])]
            for name, old, grad, new in cells:
                values[name], grads[name] = float(old), float(grad)
                updates[name] = {"old": float(old), "grad": float(grad), "new": float(new),
                                 "frozen": name in frozen}
        values[lay["loss"]] = num["loss"]
        forward = [n for layer in lay["layers"] for pair in zip(layer["nets"], layer["outs"])
                   for n in pair] + [lay["loss"]]
        backward = [lay["loss"]] + [n for layer in reversed(lay["layers"])
                                    for pair in zip(reversed(layer["outs"]),
                                                    reversed(layer["nets"])) for n in pair]
        return {"values": values, "grads": grads, "updates": updates, "loss": num["loss"],
                "order": {"forward": forward, "backward": backward}, "layout": lay}

    def new_parameters(self) -> dict[str, float]:
        """Every parameter after the step (frozen ones unchanged)."""
        return {n: u["new"] for n, u in self.summary()["updates"].items()}

    def html(self, standalone: bool = False) -> str:
        """The whole explanation with MathML: a fragment, or a whole page."""
        if standalone:
            return self.ex.to_html(standalone=True)
        if self._html is None:
            self._html = self.ex.to_html(standalone=False)
        return self._html

    def markdown(self) -> str:
        """The whole explanation as Markdown."""
        if self._md is None:
            self._md = self.ex.to_markdown()
        return self._md

    def derivation_html(self, name: str) -> str:
        """The chain-rule derivation of ∂E/∂``name`` (MathML), cut from :meth:`html`.

        The Markdown and the HTML list the derivations in the same order, so the position of
        the block that starts ``∂E/∂name =`` in the Markdown picks the HTML block.
        """
        md = _section(self.markdown(), f"### {EVERY_PARAMETER}", "\n### ")
        blocks = re.findall(r"```text\n(.*?)```", md, flags=re.S)
        start = re.compile(r"^∂[^/]+/∂" + re.escape(name) + r" =")
        index = next((i for i, b in enumerate(blocks) if start.match(b)), None)
        html = _section(self.html(), f"<h3>{EVERY_PARAMETER}</h3>", "<h3>")
        eqs = re.findall(r'<div class="eq">.*?</div>', html, flags=re.S)
        if index is None or index >= len(eqs):
            raise PlaygroundError(f"no derivation of {name!r} in this step")
        return eqs[index]

    def layer_html(self, layer: int) -> str:
        """The backward pass through layer ``layer`` (1-based), matrix view, as HTML."""
        html = self.html()
        parts = re.split(r"(?=<h[34]>)", html)
        keep = [p for p in parts if re.match(rf"<h4>[^<]*layer {layer}\b", p)]
        if not keep:
            raise PlaygroundError(f"no layer {layer} in this network")
        return "".join(keep)


def judge(network: Network, key: str, value: str) -> dict[str, Any]:
    """Check-my-work on one value the learner typed: verdict, the true value, the hint."""
    if not _NUMBER.match(value):
        raise PlaygroundError(f"{key}: {value!r} is not a number (write e.g. 0.25 or -1.5e-3)")
    try:
        Decimal(value.strip().replace("−", "-"))
    except InvalidOperation:
        raise PlaygroundError(f"{key}: {value!r} is not a number") from None
    try:
        result = check_backprop(network, {key: value.strip().replace("−", "-")})
    except ChainruleError as exc:
        raise PlaygroundError(str(exc)) from None
    if result.unknown or not result.judgements:
        raise PlaygroundError(f"{key!r} names no value of this network")
    j = result.judgements[0]
    return {"key": j.key, "quantity": j.quantity, "verdict": j.verdict, "ok": j.ok,
            "true": float(j.true), "given": float(j.given), "hint": j.hint}


def _section(text: str, start: str, stop: str) -> str:
    i = text.find(start)
    if i < 0:
        return ""
    j = text.find(stop, i + len(start))
    return text[i:] if j < 0 else text[i:j]
