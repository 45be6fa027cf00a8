"""What ``chainrule train`` trains: the data, the network, the loss and the optimizer, from flags.

Kept apart from the command module so that the choices (which dataset, which defaults) read as
one list. Everything random is seeded by ``--seed``: the toy data, the split, the initial
weights and the shuffling.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from chainrule import rules
from chainrule.cli.files import existing_file
from chainrule.data import names
from chainrule.errors import ConfigError

DATASETS = names.TRAIN  # the one list the playground reads too
#: Hidden-layer activations: every activation row of the rule table but the identity.
ACTIVATIONS = tuple(name for name, row in rules.ACTIVATIONS.items() if row.name != "identity")
LOSSES = ("auto", "cce", "mse", "bce")  # the loss table's names (rules/loss_table.py)
OPTIMIZERS = ("sgd", "momentum", "adam")
DEFAULT_LR = {"sgd": 0.1, "momentum": 0.05, "adam": 0.01}


@dataclass
class Data:
    """A train/test split and what it is.

    ``classes`` is the number of classes for labels (``None`` for a regression target).
    """

    name: str
    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    classes: int | None

    @property
    def features(self) -> int:
        """Number of input features (columns of X)."""
        return int(self.X_train.shape[1])

    def describe(self) -> dict[str, Any]:
        """Name, sizes, features and classes, JSON-ready."""
        return {"name": self.name, "train": len(self.X_train), "test": len(self.X_test),
                "features": self.features, "classes": self.classes}


def load_data(source: str, *, target: str | None, test_size: float, seed: int) -> Data:
    """The dataset named by ``--data`` (a built-in name or a CSV file), split into train/test."""
    from chainrule import data

    classes: int | None
    source = names.canonical(source)
    if source in DATASETS:
        if source == "digits":
            X, y = data.load_digits()
        elif source == "moons":
            X, y = data.make_moons(500, noise=0.2, seed=seed)
        elif source == "circles":
            X, y = data.make_circles(500, noise=0.1, seed=seed)
        elif source == "xor":
            X, y = data.make_xor(400, noise=0.15, seed=seed)
        else:
            X, y = data.make_spirals(150, classes=3, noise=0.2, seed=seed)
        classes = int(y.max()) + 1
    else:
        if not source.lower().endswith(".csv"):
            raise ConfigError(f"--data {source!r}: expected one of {', '.join(DATASETS)} or a "
                              ".csv file")
        existing_file(source, "data file")
        table = data.load_csv(source, target=_column(target))
        X, y = table.X.astype(np.float32), table.y
        if y is None:
            raise ConfigError(f"--data {source!r}: the table has no target column")
        if np.issubdtype(y.dtype, np.integer):
            classes = len(table.classes) if table.classes else int(y.max()) + 1
            if y.min() < 0:
                raise ConfigError(f"--data {source!r}: class labels must be ≥ 0, found "
                                  f"{int(y.min())}")
        else:
            classes, y = None, y.astype(np.float32)
    stratify = classes is not None and bool(np.unique(y, return_counts=True)[1].min() >= 2)
    X_train, X_test, y_train, y_test = data.train_test_split(
        X, y, test_size=test_size, seed=seed, stratify=stratify)
    name = source if source in DATASETS else source.rsplit("/", 1)[-1]
    return Data(name, X_train, X_test, y_train, y_test, classes)


def _column(target: str | None) -> str | int:
    """``--target``: a column name, or a 1-based column number (``--target 1``: the first)."""
    if target is None:
        return "last"
    if target.strip().isdigit():
        k = int(target)
        if k < 1:
            raise ConfigError(f"--target {target}: column numbers start at 1")
        return k - 1
    return target


def check_size(data: Data, hidden: list[int], outputs: int) -> None:
    """Refuse, before allocating, a network or a class count over the memory budget.

    Counted: every parameter four times (value, gradient, two optimizer buffers) and the
    activations of the whole train and test set at the widest layer (evaluation runs them at
    once), float32.
    """
    from chainrule.limits import check_memory

    widths = [data.features, *hidden, outputs]
    params = sum((a + 1) * b for a, b in pairwise(widths))
    rows = len(data.X_train) + len(data.X_test)
    need = 4 * (4 * params + 3 * rows * max(widths))
    if data.classes is not None and outputs == data.classes and data.classes > 2 * rows:
        top = int(max(data.y_train.max(initial=0), data.y_test.max(initial=0)))
        what = (f"--data {data.name}: class labels up to {top:,} mean {data.classes:,} classes "
                f"for {rows} rows; that")
    else:
        what = f"a network of layers {widths} on {rows} rows"
    check_memory(need, what)


def pick_loss(kind: str, data: Data) -> tuple[Any, int, str]:
    """The loss object, the number of outputs it needs, and its name.

    ``auto`` is softmax cross-entropy for class labels and mean squared error for a numeric
    target. ``mse`` on labels compares one-hot rows; ``bce`` needs two classes (one logit).
    """
    from chainrule import nn

    if kind == "auto":
        kind = "cce" if data.classes is not None else "mse"
    if kind not in LOSSES:  # a former spelling ("cross_entropy") gets its one name
        from chainrule.rules import loss_table

        loss_table.loss_kind(kind, "--loss")
    if kind == "cce":
        if data.classes is None:
            raise ConfigError("--loss cce needs class labels; this target is numeric "
                              "(use --loss mse)")
        return nn.CrossEntropyLoss(), data.classes, kind
    if kind == "bce":
        if data.classes != 2:
            raise ConfigError(f"--loss bce needs exactly two classes, the data has "
                              f"{data.classes or 'a numeric target, not classes'}")
        return nn.BCEWithLogitsLoss(), 1, kind
    if kind == "mse":
        return nn.MSELoss(), data.classes or 1, kind
    raise ConfigError(f"--loss: expected one of {', '.join(LOSSES)}, got {kind!r}")


def targets_for(kind: str, data: Data) -> tuple[np.ndarray, np.ndarray]:
    """Train/test targets in the shape the loss wants (one-hot rows for MSE on labels)."""
    from chainrule.data import one_hot

    if kind == "mse" and data.classes is not None:
        return (one_hot(data.y_train, data.classes), one_hot(data.y_test, data.classes))
    if kind == "bce":
        return (data.y_train.astype(np.float32).reshape(-1, 1),
                data.y_test.astype(np.float32).reshape(-1, 1))
    if data.classes is None:
        return data.y_train.reshape(-1, 1), data.y_test.reshape(-1, 1)
    return data.y_train, data.y_test


def build_model(features: int, hidden: list[int], outputs: int, activation: str,
                seed: int) -> Any:
    """Dense → activation → … → Dense, with He initial weights for ReLU-like units."""
    from chainrule import nn
    from chainrule.nn.activations import BY_ACTIVATION

    if activation not in ACTIVATIONS:
        raise ConfigError(f"--activation: expected one of {', '.join(ACTIVATIONS)}, "
                          f"got {activation!r}")
    maker = BY_ACTIVATION[activation]
    init = "he" if maker.rule.kink else "xavier"  # ReLU-like units (a kink at 0): He
    rng = np.random.default_rng(seed)
    layers: list[Any] = []
    width = features
    for size in hidden:
        layers += [nn.Dense(width, size, init=init, seed=rng), maker()]
        width = size
    layers.append(nn.Dense(width, outputs, seed=rng))
    return nn.Sequential(*layers)


def build_optimizer(kind: str, params: Any, lr: float | None) -> Any:
    """SGD, SGD with momentum 0.9, or Adam, at ``lr`` (or the kind's default)."""
    from chainrule import optim

    rate = DEFAULT_LR[kind] if lr is None else lr
    if kind == "sgd":
        return optim.SGD(params, lr=rate)
    if kind == "momentum":
        return optim.SGD(params, lr=rate, momentum=0.9)
    if kind == "adam":
        return optim.Adam(params, lr=rate)
    raise ConfigError(f"--optimizer: expected one of {', '.join(OPTIMIZERS)}, got {kind!r}")


def describe_model(model: Any) -> str:
    """``Dense(64→32) → ReLU → Dense(32→10)``."""
    parts = []
    for layer in model:
        if hasattr(layer, "in_features"):
            parts.append(f"Dense({layer.in_features}→{layer.out_features})")
        else:
            parts.append(type(layer).__name__)
    return " → ".join(parts)


def count_parameters(model: Any) -> int:
    """Number of trainable numbers (weights and biases) in ``model``."""
    return int(sum(np.asarray(p.data).size for p in model.parameters()))
