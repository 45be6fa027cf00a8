"""The playground's settings: what the URL holds, read from a message with every field checked.

``Settings.read(msg)`` validates a dict the page sent (unknown keys are refused, sizes capped);
``Settings.to_dict()`` is what the page writes into the URL so that a link reproduces the state.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from chainrule.data.names import canonical
from chainrule.playground import limits as lim
from chainrule.playground.datasets import CLASSIFY, FEATURES, MAX_ENCODED, REGRESS, decode_points
from chainrule.playground.model import DEFAULT_ACTIVATION, LOSSES, activation_names
from chainrule.playground.presets import PRESETS

CONTROLS = ("data", "features", "layers", "hyper", "train", "explain", "export", "edit")


@dataclass
class Settings:
    """Everything a link reproduces: the weights follow from ``init_seed`` with the hand-set
    values ``edits`` (parameter name -> value) on top; the points from the data set and
    ``data_seed``, or, once points were added, removed or loaded, from ``data`` (the points
    themselves, :func:`~chainrule.playground.datasets.encode_points`)."""

    preset: str = "none"
    dataset: str = "circles"
    points: int = 500
    noise: int = 0              # percent, 0 … 50
    ratio: int = 50             # percent of points that train
    classes: int = 2
    batch: int = 10
    data_seed: int = 1
    init_seed: int = 1
    features: list[str] = field(default_factory=lambda: ["x1", "x2"])
    hidden: list[int] = field(default_factory=lambda: [4, 2])
    activation: str = DEFAULT_ACTIVATION
    loss: str = "bce"
    lr: float = 0.03
    reg: str = "none"
    reg_rate: float = 0.0
    hide: list[str] = field(default_factory=list)
    edits: dict[str, float] = field(default_factory=dict)
    data: str = ""

    @property
    def regression(self) -> bool:
        """True for the regression data sets."""
        return self.dataset in REGRESS

    @classmethod
    def read(cls, msg: Any) -> Settings:
        """Settings from the page's dict; one-line :class:`PlaygroundError` on any bad field."""
        if not isinstance(msg, dict):
            raise lim.PlaygroundError("settings: expected an object")
        known = {f.name for f in fields(cls)}
        extra = sorted(set(msg) - known)
        if extra:
            raise lim.PlaygroundError(f"settings: unknown field {extra[0]!r}")
        s = cls()
        get = msg.get
        s.preset = lim.choice(get("preset", s.preset), "preset", ("none", *PRESETS))
        s.dataset = lim.choice(canonical(get("dataset", s.dataset)), "dataset", CLASSIFY + REGRESS)
        s.points = lim.integer(get("points", s.points), "points", 10, lim.MAX_POINTS)
        s.noise = lim.integer(get("noise", s.noise), "noise", 0, 50)
        s.ratio = lim.integer(get("ratio", s.ratio), "ratio", 10, 90)
        s.classes = lim.integer(get("classes", s.classes), "classes", 2, lim.MAX_CLASSES)
        s.batch = lim.integer(get("batch", s.batch), "batch", 1, lim.MAX_POINTS)
        s.data_seed = lim.integer(get("data_seed", s.data_seed), "data_seed", 0, 2**31 - 1)
        s.init_seed = lim.integer(get("init_seed", s.init_seed), "init_seed", 0, 2**31 - 1)
        feats = get("features", s.features)
        if not isinstance(feats, list) or not 1 <= len(feats) <= len(FEATURES):
            raise lim.PlaygroundError(f"features: expected 1 to {len(FEATURES)} of "
                                      f"{', '.join(FEATURES)}")
        s.features = [lim.choice(f, "features", FEATURES) for f in feats]
        if len(set(s.features)) != len(s.features):
            raise lim.PlaygroundError("features: each feature at most once")
        s.features = [f for f in FEATURES if f in s.features]
        s.hidden = lim.int_list(get("hidden", s.hidden), "hidden", lim.MAX_HIDDEN_LAYERS, 1,
                                lim.MAX_NEURONS)
        names = activation_names()
        s.activation = names[lim.choice(get("activation", s.activation), "activation",
                                        tuple(names))]
        s.loss = lim.choice(get("loss", s.loss), "loss", LOSSES)
        s.lr = lim.number(get("lr", s.lr), "lr", 1e-6, 10.0)
        s.reg = lim.choice(get("reg", s.reg), "reg", ("none", "l1", "l2"))
        s.reg_rate = lim.number(get("reg_rate", s.reg_rate), "reg_rate", 0.0, 10.0)
        hide = get("hide", s.hide)
        if not isinstance(hide, list) or len(hide) > len(CONTROLS):
            raise lim.PlaygroundError(f"hide: expected a list of {', '.join(CONTROLS)}")
        s.hide = [lim.choice(h, "hide", CONTROLS) for h in hide]
        edits = get("edits", s.edits)
        if not isinstance(edits, dict) or len(edits) > lim.MAX_EDITS:
            raise lim.PlaygroundError(f"edits: expected an object of at most {lim.MAX_EDITS} "
                                      "parameter names and values")
        s.edits = {lim.text(k, "edits"): lim.number(v, f"edits[{k!r}]", -100.0, 100.0)
                   for k, v in edits.items()}
        s.data = lim.text(get("data", s.data), "data", MAX_ENCODED)
        if s.data:
            decode_points(s.data)  # refused here, before any work, if it is not points
        if s.regression and s.loss in ("bce", "cce"):
            s.loss = "mse"
        return s

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (the page's URL state)."""
        return asdict(self)
