"""A small fully connected network, described in full: values, wiring, names, loss, targets.

Built with ``Network(...)``, :meth:`Network.from_dict` or :meth:`Network.from_toml`; validated
once, in ``Network.__post_init__``, with errors naming the source and the field
(:mod:`chainrule.explain.model.fields`). After construction every field is a tuple and every name is
filled in, so the structure can be read directly (see the package docstring for the layout).

Systematic names (where the description names nothing; k is the 1-based layer, j the 1-based
neuron, i the 1-based input): inputs ``x1 … xn``; net inputs ``z[k]_j``; activations ``a[k]_j``;
weights ``w[k]_{j,i}`` (into neuron j from input i); biases ``b[k]_j``, or ``b[k]`` for one bias
shared by the layer; targets ``target₁ …``; loss terms ``E1 …``; the total ``E``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from chainrule import rules
from chainrule.explain.model import fields as fx
from chainrule.explain.render.notation import natural_key, subscript
from chainrule.io.tomlfile import check_network_size, read_toml
from chainrule.rules import loss_table

#: The one activation that is not a row of the rule table: softmax couples a layer's neurons
#: (an op of the explainer, :data:`chainrule.explain.walk.ops.SOFTMAX`).
SOFTMAX = "softmax"


def activation_names() -> dict[str, str]:
    """Activation spelling -> its canonical name: every elementwise row of the rule table
    (:data:`chainrule.rules.ACTIVATIONS`, read now, so a row declared later counts), and
    :data:`SOFTMAX`."""
    return {**{alias: r.name for alias, r in rules.ACTIVATIONS.items()}, SOFTMAX: SOFTMAX}


def __getattr__(name: str) -> Any:
    if name == "ACTIVATIONS":  # the old constant, now read live
        return activation_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Loss name -> itself: the one name of each loss of the loss table
#: (:data:`chainrule.rules.loss_table.LOSSES`); former spellings are refused with it.
LOSSES = {kind: kind for kind in loss_table.LOSSES}
#: Loss name -> the rule-table row of one output's term (:mod:`chainrule.rules.losses`), read
#: off the loss table; a row of three operands also takes the output count n.
LOSS_ROWS = {kind: e.term_row for kind, e in loss_table.LOSSES.items()}
_LAYER_KEYS = ("units", "activation", "weights", "biases", "weight_names", "bias_names",
               "net_names", "out_names", "params")
_LOSS_KEYS = ("kind", "name", "term_names", "target_names")
_TOP_KEYS = ("name", "description", "learning_rate", "frozen", "input_names", "inputs",
             "targets", "layers", "loss")


@dataclass(frozen=True)
class LayerSpec:
    """A fully connected layer: ``net_j = Σᵢ weights[j][i]·in_i + bias_j``, ``out_j = φ(net_j)``.

    Parameters
    ----------
    weights : sequence of sequences of float, shape (units, fan_in)
        Row j holds the weights into neuron j (PyTorch's ``(out, in)`` layout).
    biases : float or sequence of float, optional
        One number: a single bias shared by every neuron (seed 000's c1). A list: one per
        neuron. ``None``: one zero bias per neuron.
    activation : str
        A row of the rule table's activations — sigmoid (alias logistic), relu, tanh,
        leaky_relu, elu, softplus, gelu, identity (alias linear) — or softmax.
    weight_names, bias_names, net_names, out_names : optional
        Names shaped like the values (``bias_names`` one string for a shared bias).
    params : mapping of str to float, optional
        The activation's parameters by the names its rule-table row declares
        (``{"alpha": 0.2}`` for leaky_relu or elu); a parameter not given takes the row's
        default. After validation: every parameter of the row, in the row's order.
    """

    weights: Sequence[Sequence[float]]
    biases: float | Sequence[float] | None = None
    activation: str = "sigmoid"
    weight_names: Sequence[Sequence[str]] | None = None
    bias_names: str | Sequence[str] | None = None
    net_names: Sequence[str] | None = None
    out_names: Sequence[str] | None = None
    params: Mapping[str, float] | None = None
    shared_bias: bool = False

    def activation_args(self) -> tuple[float, ...]:
        """The activation's parameter values in its row's order (what ``row.compute(m, z,
        *args)`` takes); empty for softmax and for rows without parameters."""
        if self.activation == SOFTMAX:
            return ()
        given = self.params or {}
        row = rules.row(self.activation)
        return tuple(float(given.get(n, d)) for n, d in zip(row.params, row.defaults))

    #: The layer's kind (:mod:`chainrule.explain.model.kinds`): what its consumers' hooks are.
    kind = "dense"

    def parameter_arrays(self) -> dict[str, tuple[tuple[float, ...], ...] | tuple[float, ...]]:
        """The named parameter arrays: ``weight`` (units, fan_in), ``bias`` (units,) or (1,)
        when shared."""
        return {"weight": tuple(map(tuple, self.weights)), "bias": tuple(self.biases or ())}

    def display_names(self) -> dict[str, Any]:
        """The names each parameter array is shown with, shaped like it."""
        return {"weight": self.weight_names, "bias": self.bias_names}

    def config(self) -> dict[str, Any]:
        """What is not a parameter: activation, its parameters, whether the bias is shared."""
        return {"activation": self.activation, "params": dict(self.params or {}),
                "shared_bias": self.shared_bias}

    @property
    def units(self) -> int:
        """Number of neurons."""
        return len(self.weights)

    @property
    def fan_in(self) -> int:
        """Number of inputs of each neuron."""
        return len(self.weights[0])

    def bias_of(self, j: int) -> tuple[str, float]:
        """(name, value) of the bias of neuron ``j`` (0-based); the same one when shared."""
        k = 0 if self.shared_bias else j
        return self.bias_names[k], self.biases[k]  # type: ignore[index]


@dataclass(frozen=True)
class LossSpec:
    """The loss: ``kind`` half_sse (E = Σ ½(t − o)²), mse (E = Σ (o − t)²/n), bce
    (E = −Σ [t ln o + (1 − t) ln(1 − o)]/n) or cce (E = −Σ t ln o), one term per output,
    named ``term_names``; ``name`` is the total. Over a batch the loss is the mean of the
    samples' losses."""

    kind: str = "half_sse"
    name: str = "E"
    term_names: Sequence[str] | None = None
    target_names: Sequence[str] | None = None


@dataclass(frozen=True)
class Network:
    """Inputs, layers, targets, loss, learning rate and frozen parameters.

    ``inputs`` and ``targets`` are one sample (a flat list) or a batch (a list of lists);
    after construction both are tuples of samples. ``frozen`` names parameters that are not
    updated (their gradients are still shown).
    """

    inputs: Sequence[float] | Sequence[Sequence[float]]
    layers: Sequence[LayerSpec]
    targets: Sequence[float] | Sequence[Sequence[float]]
    learning_rate: float
    loss: LossSpec = field(default_factory=LossSpec)
    frozen: Sequence[str] = ()
    input_names: Sequence[str] | None = None
    name: str = "network"
    description: str = ""
    source: str = field(default="Network(...)", repr=False, compare=False)

    def __post_init__(self) -> None:
        from chainrule.explain.model.validate import normalise

        for key, value in normalise(self).items():
            object.__setattr__(self, key, value)

    # -- reading the structure ------------------------------------------------------------
    @property
    def n_samples(self) -> int:
        """Number of samples (1 for the seeds)."""
        return len(self.inputs)

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Widths from the inputs to the outputs, e.g. ``(2, 2, 2)``."""
        return (len(self.input_names or ()), *(layer.units for layer in self.layers))

    def node_names(self) -> tuple[tuple[str, ...], ...]:
        """Names of the drawn nodes, column by column: inputs, then each layer's outputs."""
        return (tuple(self.input_names or ()), *(tuple(l.out_names or ()) for l in self.layers))

    def parameters(self) -> dict[str, float]:
        """Every weight and bias by name: layer by layer, weights in natural name order, then
        biases. (A fresh dict each call; the ordering is worked out once per network.)"""
        return dict(self._parameters)

    @cached_property
    def _parameters(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for layer in self.layers:
            weights = {n: w for names, row in zip(layer.weight_names or (), layer.weights)
                       for n, w in zip(names, row)}
            for n in sorted(weights, key=natural_key):
                out[n] = weights[n]
            out.update(zip(layer.bias_names or (), layer.biases or ()))  # type: ignore[arg-type]
        return out

    def parameter_layer(self) -> dict[str, int]:
        """The 1-based layer of each parameter."""
        return {n: k for k, layer in enumerate(self.layers, 1)
                for n in [*(x for row in layer.weight_names or () for x in row),
                          *(layer.bias_names or ())]}

    def with_parameters(self, values: Mapping[str, float]) -> Network:
        """A copy with the named parameters set to ``values`` (others unchanged)."""
        layers = []
        for layer in self.layers:
            weights = tuple(tuple(values.get(n, w) for n, w in zip(names, row))
                            for names, row in zip(layer.weight_names or (), layer.weights))
            biases = tuple(values.get(n, b) for n, b in zip(layer.bias_names or (),
                                                             layer.biases or ()))  # type: ignore[arg-type]
            layers.append(replace(layer, weights=weights, biases=biases))
        return replace(self, layers=tuple(layers))

    # -- files ------------------------------------------------------------------------------
    @classmethod
    def from_toml(cls, path: str | Path) -> Network:
        """Read a network file (TOML).

        Parameters
        ----------
        path : str or Path
            A file with the keys of :meth:`to_dict`: ``learning_rate``, ``inputs`` (one
            sample, or a list of samples), ``targets``, ``[[layers]]`` tables (``weights`` —
            one row per neuron —, ``biases`` — a list, or one number for a shared bias —,
            ``activation``, optional names), a ``[loss]`` table (``kind``), and optionally
            ``frozen``, ``input_names``, ``name``, ``description``. See
            ``examples/seed000.toml``.

        Raises
        ------
        ConfigError
            Naming the file, the field (``layers[1].weights[0]``) and what was expected; also
            for an unreadable file or bad TOML syntax.
        """
        data = read_toml(path, "network file")  # BOM, size, depth and digit budgets
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<dict>") -> Network:
        """Build from a dict shaped like the TOML file (keys as in :meth:`to_dict`).

        Parameters
        ----------
        data : mapping
            The parsed file. Unknown keys are refused, so a typo cannot pass silently.
        source : str
            What to call the data in error messages (the file name, for ``from_toml``).
        """
        check_network_size(data, source)  # the walkthrough's budget, before any work
        data = fx.table(data, source, "(top level)")
        fx.known_keys(data, _TOP_KEYS, source, "")
        for key, what in (("inputs", "the input values"), ("layers", "a list of [[layers]]"),
                          ("targets", "the target values"), ("learning_rate", "a number > 0"),
                          ("loss", "a [loss] table")):
            fx.required(data, key, source, "", what)
        raw_layers = data["layers"]
        if not fx.is_list(raw_layers) or not raw_layers:
            raise fx.fail(source, "layers", "a non-empty list of [[layers]] tables", raw_layers)
        layers = []
        for k, raw in enumerate(raw_layers):
            where = f"layers[{k}]"
            raw = fx.table(raw, source, where)
            if "negative_slope" in raw:  # the old spelling, refused with the new one
                raise fx.fail(source, f"{where}.negative_slope", "params = {alpha = …} (the "
                              "activation's parameters by its row's names)", raw["negative_slope"])
            fx.known_keys(raw, _LAYER_KEYS, source, where)
            fx.required(raw, "weights", source, where, "one list of weights per neuron")
            if "units" in raw and (not fx.is_list(raw["weights"])
                                   or fx.number(raw["units"], source, f"{where}.units")
                                   != len(raw["weights"])):
                raise fx.fail(source, f"{where}.weights", f"{raw['units']} rows (units = "
                              f"{raw['units']}), one per neuron", raw["weights"])
            layers.append(LayerSpec(**{k2: v for k2, v in raw.items() if k2 != "units"}))
        loss = fx.table(data["loss"], source, "loss")
        fx.known_keys(loss, _LOSS_KEYS, source, "loss")
        kinds = ", ".join(loss_table.LOSSES)
        fx.required(loss, "kind", source, "loss", f"one of {kinds}")
        return cls(**{**data, "layers": tuple(layers), "loss": LossSpec(**loss)}, source=source)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (JSON/TOML-ready) that :meth:`from_dict` reads back to an equal network."""
        def plain(x: Any) -> Any:
            return [plain(v) for v in x] if isinstance(x, (tuple, list)) else x

        layers = []
        for layer in self.layers:
            d = {f.name: plain(getattr(layer, f.name)) for f in fields(layer)
                 if f.name != "shared_bias"}
            if layer.shared_bias:
                d["biases"] = layer.biases[0]  # type: ignore[index]
                d["bias_names"] = layer.bias_names[0]  # type: ignore[index]
            d["params"] = dict(layer.params or {})
            if not d["params"]:
                del d["params"]
            layers.append(d)
        one = self.n_samples == 1
        return {
            "name": self.name, "description": self.description,
            "learning_rate": self.learning_rate, "frozen": list(self.frozen),
            "input_names": plain(self.input_names),
            "inputs": plain(self.inputs[0] if one else self.inputs),
            "targets": plain(self.targets[0] if one else self.targets),
            "layers": layers,
            "loss": {f.name: plain(getattr(self.loss, f.name)) for f in fields(self.loss)},
        }


def default_target_name(j: int) -> str:
    """``target₁`` for output j = 1."""
    return f"target{subscript(j)}"


__all__ = ["LOSSES", "LayerSpec", "LossSpec", "Network", "activation_names"]
