"""The convolutional network as one object: images, targets, layers, loss, and its names.

Names (tables, learner files, JSON), 1-based, axes of length one dropped, the sample first
with a semicolon when there are several (:func:`~chainrule.explain.conv.network.element_index`):

==================  ======================================  ==================================
quantity            key                                     LaTeX
==================  ======================================  ==================================
input X             ``X[2,3]`` / ``X[1;1,2,3]``             X_{2,3}
layer l's output    ``Y1[1,2]``, ``Y4``                     Y^{(1)}_{1,2}
kernel, bias        ``K1[1,2]`` (``K1[o,c,u,v]``), ``b1``   K^{(1)}_{1,2}, b^{(1)}
dense weight        ``W4[1,3]`` (row = output, col = input)  W^{(4)}_{1,3}
target              ``t``, ``t[2]``                         t_{2}
==================  ======================================  ==================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule.explain.conv.network import (
    LAYER_OVERHEAD,
    ConvLoss,
    Layer,
    element_index,
    layer_dict,
    with_params,
)
from chainrule.explain.render.document import Math

Params = dict[str, np.ndarray]


def _tex_index(text: str) -> str:
    return text[1:-1] if text else ""


def entry(sym: str, idx: tuple[int, ...], shape: tuple[int, ...],
          batch: int | None = None) -> Math:
    """The name of entry ``idx`` (0-based) of array ``sym`` (``X``, ``Y2``, ``K1``, ``W4``,
    ``b1``, ``t``) of ``shape`` (with the sample axis first when ``batch`` is given)."""
    index = element_index(idx, shape, batch)
    letter, layer = sym[0], sym[1:]
    tex = f"{letter}^{{({layer})}}" if layer else letter
    sub = _tex_index(index)
    return Math(f"{sym}{index}", f"{tex}_{{{sub}}}" if sub else tex)


def whole(sym: str) -> Math:
    """The array ``sym`` itself: ``K1`` → K^{(1)}."""
    letter, layer = sym[0], sym[1:]
    return Math(sym, f"{letter}^{{({layer})}}" if layer else letter)


def grad(of: Math, loss: str = "E") -> Math:
    """∂E/∂(of)."""
    return Math(f"∂{loss}/∂{of.text}", rf"\frac{{\partial {loss}}}{{\partial {of.latex}}}")


def map_symbol(index: int) -> str:
    """The name of layer ``index``'s output (``Y1``…); ``X`` for index 0, the input."""
    return "X" if index == 0 else f"Y{index}"


@dataclass(frozen=True, eq=False)
class ConvNetwork:
    """A validated convolutional network (see :mod:`~chainrule.explain.conv.network`).

    ``xs`` (N, C, H, W) the images, ``targets`` (N, n), ``layers`` the layers (each with its
    one-sample output ``shape``), ``loss``, ``learning_rate``.
    """

    xs: np.ndarray
    targets: np.ndarray
    layers: tuple[Layer, ...]
    loss: ConvLoss
    learning_rate: float
    name: str = "conv"
    description: str = ""
    source: str = "<dict>"

    #: The family (:mod:`chainrule.explain.families`).
    kind = "conv2d"

    @property
    def samples(self) -> int:
        """N."""
        return self.xs.shape[0]

    @property
    def params(self) -> Params:
        """Symbol (``K1``, ``b1``, ``W4`` …) -> array, in layer order."""
        return {f"{w}{i}": a for i, layer in enumerate(self.layers, 1)
                for w, a in layer.params.items()}

    def shape_of(self, index: int) -> tuple[int, ...]:
        """One sample's shape of Y⁽ⁱⁿᵈᵉˣ⁾ (index 0: the input)."""
        return self.xs.shape[1:] if index == 0 else self.layers[index - 1].shape

    def named(self, params: Mapping[str, np.ndarray] | None = None) -> dict[str, float]:
        """``{scalar name: value}`` of every parameter entry (of ``params``, default the
        network's own)."""
        params = self.params if params is None else params
        out: dict[str, float] = {}
        for sym, a in params.items():
            a = np.asarray(a)
            for idx in np.ndindex(*a.shape):
                out[entry(sym, idx, a.shape).text] = float(a[idx])
        return out

    def parameters(self) -> dict[str, float]:
        """``{scalar name: value}`` of the network's parameters."""
        return self.named()

    def work_per_step(self) -> int:
        """About the multiply-adds of one training step (forward and backward), plus the
        per-layer overhead."""
        work = 0
        for layer in self.layers:
            per = int(np.prod(layer.shape))
            if layer.kind == "conv2d":
                per *= int(np.prod(layer.params["K"].shape[1:]))
            elif layer.kind == "dense":
                per *= layer.params["W"].shape[1]
            elif layer.kind == "maxpool2d":
                per *= int(np.prod(layer.config["kernel_size"]))
            work += 3 * self.samples * per + LAYER_OVERHEAD
        return work

    def with_params(self, params: Mapping[str, np.ndarray]) -> ConvNetwork:
        """The same network with other parameter arrays."""
        from dataclasses import replace

        return replace(self, layers=with_params(self.layers, params))

    def explain(self, steps: int = 1, show: Any = None) -> Any:
        """Train ``steps`` steps and explain the ``show`` ones
        (:class:`~chainrule.explain.conv.explanation.ConvExplanation`)."""
        from chainrule.explain.conv.explanation import explain_conv

        return explain_conv(self, steps, show)

    def check(self, values: Mapping[str, Any]) -> Any:
        """Judge a learner's numbers of step 1
        (:func:`~chainrule.explain.conv.check.check_conv`)."""
        from chainrule.explain.conv.check import check_conv

        return check_conv(self, values)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict that :func:`~chainrule.explain.conv.network.from_dict` reads back to an
        equal network."""
        return {"kind": "conv2d", "name": self.name, "description": self.description,
                "learning_rate": self.learning_rate, "inputs": self.xs.tolist(),
                "targets": self.targets.tolist(),
                "layers": [layer_dict(layer) for layer in self.layers],
                "loss": {"kind": self.loss.kind, "name": self.loss.name}}

    def __repr__(self) -> str:
        kinds = ", ".join(layer.kind for layer in self.layers)
        return (f"ConvNetwork({self.name!r}: {self.samples} image(s) of "
                f"{'×'.join(map(str, self.xs.shape[1:]))}, layers {kinds}, {self.loss.kind})")


__all__ = ["ConvNetwork", "Params", "entry", "grad", "map_symbol", "whole"]
