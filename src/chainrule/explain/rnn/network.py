"""An Elman RNN to explain: the file (``kind = "rnn"``), its checks, and its named numbers.

The network, for one sequence x₁ … x_T (each x_t of ``input_size`` numbers) from h₀::

    z_t = W_xh x_t + W_hh h_{t−1} + b_h,    b_h = b_ih + b_hh     (H,)
    h_t = tanh(z_t)                                                (H,)
    z_o = W_hy h_T + b_y,    o = φ(z_o)                            (n,)
    E   = loss(o, target)                                          (the loss table's)

The output layer reads the last hidden state only (many-to-one): each δ_t before T comes from
the step after it, through W_hh, which is what backpropagation through time is about.
``W_xh``, ``W_hh``, ``b_ih``, ``b_hh`` are ``torch.nn.RNN``'s ``weight_ih_l0`` (H, in),
``weight_hh_l0`` (H, H), ``bias_ih_l0`` and ``bias_hh_l0`` (H,) — the file calls them
``weight_ih``, ``weight_hh``, ``bias_ih``, ``bias_hh``; ``W_hy`` (n, H) and ``b_y`` (n,) are
a ``Linear``'s ``weight`` and ``bias`` (the file's ``[output]`` table).

A file::

    kind = "rnn"
    learning_rate = 0.5
    inputs = [1.0, -0.5]          # x₁, x₂ (one number each), or rows: [[1, 0], [0, 1]]
    h0 = [0.0]                    # optional (zeros)
    targets = [0.5]
    [rnn]
    weight_ih = [[0.5]]
    weight_hh = [[0.8]]
    bias_ih = [0.1]               # optional (zeros), as bias_hh
    [output]
    weight = [[1.5]]
    bias = [0.0]                  # optional (zeros)
    activation = "identity"       # optional: any elementwise row of the rule table
    [loss]
    kind = "half_sse"             # the loss table's kinds

Scalar names (for tables, learner files and JSON): a parameter of one entry is its symbol
(``W_hh``), otherwise an entry is ``W_hh[i,j]`` / ``b_ih[i]`` (1-based, row then column);
hidden states ``h1``, ``h2[1]``…, net inputs ``z1``…, the output net ``z_o`` and output ``o``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from chainrule import rules
from chainrule.explain.model import fields as fx
from chainrule.explain.model.network import SOFTMAX, activation_names
from chainrule.io.tomlfile import check_family_size

#: Parameter symbol -> (file table, file key, torch name).
PARAMETERS: dict[str, tuple[str, str, str]] = {
    "W_xh": ("rnn", "weight_ih", "weight_ih_l0"),
    "W_hh": ("rnn", "weight_hh", "weight_hh_l0"),
    "b_ih": ("rnn", "bias_ih", "bias_ih_l0"),
    "b_hh": ("rnn", "bias_hh", "bias_hh_l0"),
    "W_hy": ("output", "weight", "weight"),
    "b_y": ("output", "bias", "bias"),
}
_TOP_KEYS = ("kind", "name", "description", "learning_rate", "inputs", "h0", "targets", "rnn",
             "output", "loss")
_RNN_KEYS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
_OUT_KEYS = ("weight", "bias", "activation")
#: Work units of one training step beyond its multiply-adds (the tensor engine's ~20 nodes
#: per time step); with explain's budget this bounds ``--steps``.
STEP_OVERHEAD = 400


@dataclass(frozen=True)
class RNNLoss:
    """The loss: ``kind`` of the loss table, and the name E is shown with."""

    kind: str = "half_sse"
    name: str = "E"


def element_names(symbol: str, shape: tuple[int, ...]) -> list[str]:
    """The scalar names of an array ``symbol`` of ``shape``, row-major: ``["W_hh"]`` for one
    entry, else ``W_hh[1,1]``, ``W_hh[1,2]`` … (1-based)."""
    if int(np.prod(shape)) == 1:
        return [symbol]
    return [f"{symbol}[{','.join(str(i + 1) for i in idx)}]" for idx in np.ndindex(*shape)]


def check_size(data: Mapping[str, Any], source: str) -> None:
    """Refuse a file whose arrays hold more numbers than a walkthrough writes out, before any
    array is made (the limit is :func:`~chainrule.io.tomlfile.explain_size_limit`)."""
    check_family_size(data, source, ("inputs", "h0", "targets"), ("rnn", "output"))


def _matrix(value: Any, source: str, field: str, rows: int | None, cols: int | None,
            what: str) -> np.ndarray:
    want = (f"a list of {rows} rows" if rows is not None else "a non-empty list of rows")
    want += f" of {cols} numbers" if cols is not None else " of numbers"
    if not fx.is_list(value) or not value or (rows is not None and len(value) != rows) \
            or not all(fx.is_list(r) for r in value):
        raise fx.fail(source, field, f"{want} ({what})", value)
    width = cols if cols is not None else len(value[0])
    out = [fx.numbers_list(r, source, f"{field}[{i}]", width, what) for i, r in enumerate(value)]
    if not width:
        raise fx.fail(source, field, f"{want} ({what})", value)
    return np.array(out, dtype=float)


def _vector(value: Any, source: str, field: str, length: int, what: str) -> np.ndarray:
    return np.array(fx.numbers_list(value, source, field, length, what), dtype=float)


@dataclass(frozen=True, eq=False)
class RNNNetwork:
    """A validated Elman RNN with a dense output on h_T (see the module docstring).

    Arrays (float64, read-only by convention): ``xs`` (T, in), ``h0`` (H,), ``targets`` (n,),
    ``params`` symbol -> array as :data:`PARAMETERS` (W_xh (H, in), W_hh (H, H), b_ih, b_hh
    (H,), W_hy (n, H), b_y (n,)).
    """

    xs: np.ndarray
    h0: np.ndarray
    targets: np.ndarray
    params: dict[str, np.ndarray]
    activation: str
    loss: RNNLoss
    learning_rate: float
    name: str = "rnn"
    description: str = ""
    source: str = "<dict>"

    #: The family (:mod:`chainrule.explain.families`).
    kind = "rnn"

    @property
    def steps(self) -> int:
        """T, the sequence length."""
        return self.xs.shape[0]

    @property
    def hidden_size(self) -> int:
        """H."""
        return self.h0.shape[0]

    @property
    def input_size(self) -> int:
        """The numbers of each x_t."""
        return self.xs.shape[1]

    @property
    def output_size(self) -> int:
        """n, the outputs."""
        return self.targets.shape[0]

    def activation_args(self) -> tuple[float, ...]:
        """The output activation's parameters (the rule table's defaults)."""
        return tuple(float(d) for d in rules.row(self.activation).defaults)

    def named(self, params: Mapping[str, np.ndarray] | None = None) -> dict[str, float]:
        """``{scalar name: value}`` of every parameter entry (of ``params``, default the
        network's own), in the order of :data:`PARAMETERS`."""
        params = self.params if params is None else params
        out: dict[str, float] = {}
        for sym in PARAMETERS:
            a = np.asarray(params[sym])
            out.update(zip(element_names(sym, a.shape), a.reshape(-1).tolist()))
        return out

    def parameters(self) -> dict[str, float]:
        """``{scalar name: value}`` of the network's parameters."""
        return self.named()

    def work_per_step(self) -> int:
        """About the multiply-adds of one training step, plus the per-node overhead."""
        H, n = self.hidden_size, self.output_size
        return self.steps * (STEP_OVERHEAD + H * (self.input_size + H)) + n * H + STEP_OVERHEAD

    def with_params(self, params: Mapping[str, np.ndarray]) -> RNNNetwork:
        """The same network with other parameter arrays."""
        from dataclasses import replace

        return replace(self, params={k: np.array(v, dtype=float) for k, v in params.items()})

    def explain(self, steps: int = 1, show: Any = None) -> Any:
        """Train ``steps`` steps and explain the ``show`` ones
        (:class:`~chainrule.explain.rnn.explanation.RNNExplanation`)."""
        from chainrule.explain.rnn.explanation import explain_rnn

        return explain_rnn(self, steps, show)

    def check(self, values: Mapping[str, Any]) -> Any:
        """Judge a learner's numbers of step 1 (:func:`~chainrule.explain.rnn.check.check_rnn`)."""
        from chainrule.explain.rnn.check import check_rnn

        return check_rnn(self, values)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict that :func:`from_dict` reads back to an equal network."""
        return {
            "kind": "rnn", "name": self.name, "description": self.description,
            "learning_rate": self.learning_rate, "inputs": self.xs.tolist(),
            "h0": self.h0.tolist(), "targets": self.targets.tolist(),
            "rnn": {PARAMETERS[s][1]: self.params[s].tolist() for s in ("W_xh", "W_hh", "b_ih",
                                                                        "b_hh")},
            "output": {"weight": self.params["W_hy"].tolist(),
                       "bias": self.params["b_y"].tolist(), "activation": self.activation},
            "loss": {"kind": self.loss.kind, "name": self.loss.name},
        }

    def __repr__(self) -> str:
        return (f"RNNNetwork({self.name!r}: T={self.steps}, input {self.input_size}, hidden "
                f"{self.hidden_size}, output {self.output_size}, {self.loss.kind})")


def _activation(value: Any, source: str, field: str) -> str:
    names = {k: v for k, v in activation_names().items() if v != SOFTMAX}
    return fx.choice(value, source, field, names)


def from_dict(data: Mapping[str, Any], source: str = "<dict>") -> RNNNetwork:
    """An :class:`RNNNetwork` from a file's contents; every bad field is one
    :class:`~chainrule.errors.ConfigError` line naming ``source`` and the field."""
    data = fx.table(data, source, "(top level)")
    check_size(data, source)  # before any array is made
    fx.known_keys(data, _TOP_KEYS, source, "")
    for key, what in (("inputs", "the sequence x₁ … x_T"), ("targets", "the target values"),
                      ("learning_rate", "a number > 0"), ("rnn", "an [rnn] table"),
                      ("output", "an [output] table")):
        fx.required(data, key, source, "", what)
    raw_x = data["inputs"]
    if fx.is_list(raw_x) and raw_x and not any(fx.is_list(v) for v in raw_x):
        xs = np.array(fx.numbers_list(raw_x, source, "inputs"), dtype=float).reshape(-1, 1)
    else:
        xs = _matrix(raw_x, source, "inputs", None, None, "one row of numbers per time step")
    cell = fx.table(data["rnn"], source, "rnn")
    fx.known_keys(cell, _RNN_KEYS, source, "rnn")
    w_hh = _matrix(fx.required(cell, "weight_hh", source, "rnn", "(H, H) weights"), source,
                   "rnn.weight_hh", None, None, "H rows of H numbers")
    H = w_hh.shape[0]
    if w_hh.shape[1] != H:
        raise fx.fail(source, "rnn.weight_hh", f"a square (H, H) matrix: {H} row(s) of {H} "
                      "number(s)", cell["weight_hh"])
    w_ih = _matrix(fx.required(cell, "weight_ih", source, "rnn", f"({H}, input size) weights"),
                   source, "rnn.weight_ih", H, xs.shape[1],
                   f"one row per hidden unit, one number per input of x_t: {xs.shape[1]}")
    zeros = [0.0] * H
    b_ih = _vector(cell.get("bias_ih", zeros), source, "rnn.bias_ih", H, "one per hidden unit")
    b_hh = _vector(cell.get("bias_hh", zeros), source, "rnn.bias_hh", H, "one per hidden unit")
    h0 = _vector(data.get("h0", zeros), source, "h0", H, "one per hidden unit")
    targets = np.array(fx.numbers_list(data["targets"], source, "targets"), dtype=float)
    n = targets.shape[0]
    out = fx.table(data["output"], source, "output")
    fx.known_keys(out, _OUT_KEYS, source, "output")
    w_hy = _matrix(fx.required(out, "weight", source, "output", f"({n}, {H}) weights"), source,
                   "output.weight", n, H, f"one row per target ({n}), one number per hidden "
                   f"unit ({H})")
    b_y = _vector(out.get("bias", [0.0] * n), source, "output.bias", n, "one per output")
    activation = _activation(out.get("activation", "identity"), source, "output.activation")
    kind, loss_name, rate, description = fx.family_common(data, source)
    loss = RNNLoss(kind, loss_name)
    return RNNNetwork(xs, h0, targets, {"W_xh": w_ih, "W_hh": w_hh, "b_ih": b_ih, "b_hh": b_hh,
                                        "W_hy": w_hy, "b_y": b_y}, activation, loss, rate,
                      name=fx.name(data.get("name", "rnn"), source, "name"),
                      description=description, source=source)


def iter_arrays(network: RNNNetwork) -> Iterator[tuple[str, np.ndarray]]:
    """(symbol, array) of every parameter, in the order of :data:`PARAMETERS`."""
    for sym in PARAMETERS:
        yield sym, network.params[sym]


__all__ = ["PARAMETERS", "STEP_OVERHEAD", "RNNLoss", "RNNNetwork", "check_size",
           "element_names", "from_dict", "iter_arrays"]
