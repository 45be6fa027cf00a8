"""A convolutional network to explain: the file (``kind = "conv2d"``), its checks, its names.

The network is a list of layers, each mapping its input Y⁽ˡ⁻¹⁾ to its output Y⁽ˡ⁾ (Y⁽⁰⁾ = X,
the images, NCHW), as seed 003 builds a network from layers that each take ∂E/∂Y and give
∂E/∂X:

==========  =============================================  ===================================
type        forward                                        parameters (torch names)
==========  =============================================  ===================================
conv2d      Y[o,i,j] = b[o] + Σ_c Σ_u Σ_v K[o,c,u,v] ·      K (O, C, kh, kw) ``weight``,
            X[c, s·i + u − p, s·j + v − p]                 b (O,) ``bias``
maxpool2d   Y[c,i,j] = max of the window at (s·i, s·j)     — (``kernel_size``, ``stride``)
flatten     Y = X as one row per sample (C·H·W numbers)    —
dense       Y[j] = b[j] + Σ_i W[j,i] · X[i]                 W (out, in) ``weight``, b ``bias``
relu, …     Y = φ(X) entry by entry (any elementwise row)  —
softmax     Y = softmax(X) (the last layer only)           —
==========  =============================================  ===================================

(indices from 0 here, the documents count from 1: X[c, s(i − 1) + u − p, …]; indices of X
outside the image read the zero padding; the convolution is a
cross-correlation, no kernel flip, as in PyTorch). E is the loss table's loss of the last
layer's output, the mean over the samples.

A file::

    kind = "conv2d"
    learning_rate = 0.1
    inputs = [[1, 2, 0], [0, 1, 3], [2, 1, 1]]   # H×W (one channel), C×H×W or N×C×H×W
    targets = [1.0]                              # one row per sample
    [[layers]]
    type = "conv2d"
    weight = [[1.0, 0.0], [-1.0, 2.0]]           # kh×kw (one channel in and out) or O×C×kh×kw
    bias = [0.0]                                 # optional (zeros)
    stride = 1                                   # optional, as padding (0)
    [[layers]]
    type = "flatten"
    [[layers]]
    type = "dense"
    weight = [[0.5, -0.5, 1.0, 0.25]]
    [loss]
    kind = "half_sse"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from chainrule import rules
from chainrule.explain.model import fields as fx
from chainrule.explain.model.network import SOFTMAX, activation_names
from chainrule.io.tomlfile import check_family_size
from chainrule.tensor.conv import out_size

_TOP_KEYS = ("kind", "name", "description", "learning_rate", "inputs", "targets", "layers",
             "loss")
_KEYS = {"conv2d": ("type", "weight", "bias", "stride", "padding"),
         "maxpool2d": ("type", "kernel_size", "stride", "padding"),
         "flatten": ("type",), "dense": ("type", "weight", "bias")}
#: Work units of one training step beyond its multiply-adds (per layer: the tensor engine's
#: nodes); with explain's budget this bounds ``--steps``.
LAYER_OVERHEAD = 300


@dataclass(frozen=True)
class ConvLoss:
    """The loss: ``kind`` of the loss table, and the name E is shown with."""

    kind: str = "half_sse"
    name: str = "E"


@dataclass(frozen=True, eq=False)
class Layer:
    """One layer: ``kind`` (conv2d, maxpool2d, flatten, dense, or an activation's rule-table
    name / softmax), its parameter arrays ``params`` (``"K"``/``"W"`` and ``"b"``), its
    ``config`` (``stride``, ``padding``, ``kernel_size`` as pairs) and the output ``shape`` of
    one sample ((C, H, W) or (n,))."""

    kind: str
    params: dict[str, np.ndarray] = field(default_factory=dict)
    config: dict[str, tuple[int, int]] = field(default_factory=dict)
    shape: tuple[int, ...] = ()

    @property
    def has_params(self) -> bool:
        """True for conv2d and dense."""
        return bool(self.params)



def element_index(idx: tuple[int, ...], shape: tuple[int, ...], batch: int | None = None) -> str:
    """The 1-based index text of entry ``idx`` of an array of ``shape``: axes of length one
    are dropped (a one-channel map ``[i,j]``); with a sample axis (``batch`` samples) the
    sample comes first, then a semicolon: ``[2;1,3]``. Empty for a single number."""
    rest = idx if batch is None else idx[1:]
    dims = shape if batch is None else shape[1:]
    kept = [str(i + 1) for i, n in zip(rest, dims) if n > 1]
    if batch is not None and batch > 1:
        head = str(idx[0] + 1)
        return f"[{head};{','.join(kept) or '1'}]"
    return f"[{','.join(kept)}]" if kept else ""


def check_size(data: Mapping[str, Any], source: str) -> None:
    """Refuse a file whose arrays hold more numbers than a walkthrough writes out, before any
    array is made (the limit is :func:`~chainrule.io.tomlfile.explain_size_limit`)."""
    check_family_size(data, source, ("inputs", "targets"), ("layers",))


def _pair(value: Any, source: str, where: str, low: int) -> tuple[int, int]:
    pair = list(value) if fx.is_list(value) else [value, value]
    ok = len(pair) == 2 and all(isinstance(v, int) and not isinstance(v, bool) and v >= low
                                for v in pair)
    if not ok:
        raise fx.fail(source, where, f"an int ≥ {low} or a pair of them", value)
    return int(pair[0]), int(pair[1])


def _kinds() -> dict[str, str]:
    return {**activation_names(), "conv2d": "conv2d", "conv": "conv2d", "maxpool2d": "maxpool2d",
            "maxpool": "maxpool2d", "flatten": "flatten", "dense": "dense", "linear": "dense"}


def _conv(raw: Mapping[str, Any], source: str, where: str, shape: tuple[int, ...]) -> Layer:
    if len(shape) != 3:
        raise fx.fail(source, where, "a conv2d on images (C, H, W); the layer before gives "
                      f"{shape[0]} numbers per sample", raw.get("type"))
    C, H, W = shape
    K = fx.numbers_array(fx.required(raw, "weight", source, where, "the kernels"), source,
                         f"{where}.weight", (2, 4), "(kh, kw) or (out, in, kh, kw)")
    if K.ndim == 2:
        K = K.reshape(1, 1, *K.shape)
    if K.shape[1] != C:
        raise fx.fail(source, f"{where}.weight", f"kernels over {C} input channel(s) "
                      "(out, in, kh, kw)", f"shape {K.shape}")
    b = np.array(fx.numbers_list(raw.get("bias", [0.0] * K.shape[0]), source, f"{where}.bias",
                                 K.shape[0], "one per output channel"), dtype=float)
    s = _pair(raw.get("stride", 1), source, f"{where}.stride", 1)
    p = _pair(raw.get("padding", 0), source, f"{where}.padding", 0)
    Ho, Wo = out_size(H, K.shape[2], s[0], p[0]), out_size(W, K.shape[3], s[1], p[1])
    if Ho < 1 or Wo < 1:
        raise fx.fail(source, f"{where}.weight", f"a kernel that fits the {H}×{W} input with "
                      f"padding {p}", f"{K.shape[2]}×{K.shape[3]}")
    return Layer("conv2d", {"K": K, "b": b}, {"stride": s, "padding": p},
                 (K.shape[0], Ho, Wo))


def _pool(raw: Mapping[str, Any], source: str, where: str, shape: tuple[int, ...]) -> Layer:
    if len(shape) != 3:
        raise fx.fail(source, where, "a pooling of images (C, H, W)", raw.get("type"))
    k = _pair(fx.required(raw, "kernel_size", source, where, "the window size"), source,
              f"{where}.kernel_size", 1)
    s = _pair(raw.get("stride", list(k)), source, f"{where}.stride", 1)
    p = _pair(raw.get("padding", 0), source, f"{where}.padding", 0)
    if p[0] * 2 > k[0] or p[1] * 2 > k[1]:
        raise fx.fail(source, f"{where}.padding", "at most half the kernel size", list(p))
    Ho, Wo = out_size(shape[1], k[0], s[0], p[0]), out_size(shape[2], k[1], s[1], p[1])
    if Ho < 1 or Wo < 1:
        raise fx.fail(source, f"{where}.kernel_size", f"a window that fits {shape[1]}×"
                      f"{shape[2]}", list(k))
    return Layer("maxpool2d", {}, {"kernel_size": k, "stride": s, "padding": p},
                 (shape[0], Ho, Wo))


def _dense(raw: Mapping[str, Any], source: str, where: str, shape: tuple[int, ...]) -> Layer:
    if len(shape) != 1:
        raise fx.fail(source, where, "a dense layer after a flatten (it takes one row per "
                      f"sample; the layer before gives {shape})", raw.get("type"))
    Wm = fx.numbers_array(fx.required(raw, "weight", source, where, "(out, in) weights"),
                          source, f"{where}.weight", (2,), "(out, in)")
    if Wm.shape[1] != shape[0]:
        raise fx.fail(source, f"{where}.weight", f"rows of {shape[0]} numbers (the layer "
                      f"before gives {shape[0]})", f"rows of {Wm.shape[1]}")
    b = np.array(fx.numbers_list(raw.get("bias", [0.0] * Wm.shape[0]), source, f"{where}.bias",
                                 Wm.shape[0], "one per output"), dtype=float)
    return Layer("dense", {"W": Wm, "b": b}, {}, (Wm.shape[0],))


def read_layers(raw_layers: Any, source: str, image: tuple[int, ...]) -> tuple[Layer, ...]:
    """The layers of a file's ``[[layers]]`` tables, each checked against the shape the one
    before it gives (``image``: one sample's (C, H, W))."""
    if not fx.is_list(raw_layers) or not raw_layers:
        raise fx.fail(source, "layers", "a non-empty list of [[layers]] tables", raw_layers)
    kinds, shape, out = _kinds(), image, []
    for i, raw in enumerate(raw_layers):
        where = f"layers[{i}]"
        raw = fx.table(raw, source, where)
        kind = fx.choice(fx.required(raw, "type", source, where, "a layer type"), source,
                         f"{where}.type", kinds)
        fx.known_keys(raw, _KEYS.get(kind, ("type",)), source, where)
        if kind == "conv2d":
            layer = _conv(raw, source, where, shape)
        elif kind == "maxpool2d":
            layer = _pool(raw, source, where, shape)
        elif kind == "dense":
            layer = _dense(raw, source, where, shape)
        elif kind == "flatten":
            layer = Layer("flatten", shape=(int(np.prod(shape)),))
        else:
            if kind == SOFTMAX and (i != len(raw_layers) - 1 or len(shape) != 1):
                raise fx.fail(source, f"{where}.type", "softmax as the last layer, on a row",
                              raw["type"])
            layer = Layer(kind, shape=shape)
        out.append(layer)
        shape = layer.shape
    if len(shape) != 1:
        raise fx.fail(source, "layers", "a network ending in a row of outputs (a flatten, "
                      f"then dense layers); the last layer gives {shape}", len(raw_layers))
    return tuple(out)


def _images(value: Any, source: str) -> np.ndarray:
    x = fx.numbers_array(value, source, "inputs", (2, 3, 4), "H×W, C×H×W or N×C×H×W")
    return x.reshape((1,) * (4 - x.ndim) + x.shape)


def from_dict(data: Mapping[str, Any], source: str = "<dict>") -> Any:
    """A :class:`~chainrule.explain.conv.model.ConvNetwork` from a file's contents; every bad
    field is one :class:`~chainrule.errors.ConfigError` line naming ``source`` and the field."""
    from chainrule.explain.conv.model import ConvNetwork

    data = fx.table(data, source, "(top level)")
    check_size(data, source)  # before any array is made
    fx.known_keys(data, _TOP_KEYS, source, "")
    for key, what in (("inputs", "the images"), ("targets", "the target values"),
                      ("learning_rate", "a number > 0"), ("layers", "[[layers]] tables")):
        fx.required(data, key, source, "", what)
    xs = _images(data["inputs"], source)
    layers = read_layers(data["layers"], source, xs.shape[1:])
    n, N = layers[-1].shape[0], xs.shape[0]
    t = fx.numbers_array(data["targets"], source, "targets", (1, 2), f"(samples, {n})")
    if t.ndim == 1:
        t = t.reshape(N, -1) if t.size == N * n else t
    if t.shape != (N, n):
        raise fx.fail(source, "targets", f"{N} row(s) of {n} number(s), one per output",
                      f"shape {t.shape}")
    kind, loss_name, rate, description = fx.family_common(data, source)
    loss = ConvLoss(kind, loss_name)
    return ConvNetwork(xs, t, layers, loss, rate, name=fx.name(data.get("name", "conv"), source,
                                                              "name"),
                       description=description, source=source)


def layer_dict(layer: Layer) -> dict[str, Any]:
    """The ``[[layers]]`` table of ``layer`` (what :func:`read_layers` reads back)."""
    out: dict[str, Any] = {"type": layer.kind}
    if layer.kind == "conv2d":
        out.update(weight=layer.params["K"].tolist(), bias=layer.params["b"].tolist(),
                   stride=list(layer.config["stride"]), padding=list(layer.config["padding"]))
    elif layer.kind == "maxpool2d":
        out.update({k: list(v) for k, v in layer.config.items()})
    elif layer.kind == "dense":
        out.update(weight=layer.params["W"].tolist(), bias=layer.params["b"].tolist())
    return out


def activation_args(kind: str) -> tuple[float, ...]:
    """An activation layer's parameters (the rule table's defaults)."""
    return () if kind == SOFTMAX else tuple(float(d) for d in rules.row(kind).defaults)


def with_params(layers: tuple[Layer, ...], params: Mapping[str, np.ndarray]) -> tuple[Layer, ...]:
    """The layers with other parameter arrays (``params``: symbol ``K1``, ``b1`` … -> array)."""
    return tuple(replace(layer, params={w: np.array(params[f"{w}{i}"], dtype=float)
                                        for w in layer.params})
                 if layer.has_params else layer for i, layer in enumerate(layers, 1))


__all__ = ["LAYER_OVERHEAD", "ConvLoss", "Layer", "activation_args", "check_size",
           "element_index", "from_dict", "layer_dict", "read_layers", "with_params"]
