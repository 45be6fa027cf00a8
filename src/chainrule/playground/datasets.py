"""The playground's 2-D data sets, in TensorFlow Playground's square [−6, 6]².

Classification: circles, xor, gaussian (k blobs), spirals (k interleaved arms, as in
TensorFlow Playground) and moons (:func:`chainrule.data.make_moons`); regression: plane
(y = (x₁ + x₂)/10 ∈ [−1, 1]) and bumps (a sum of two Gaussian bumps). ``noise`` is a
fraction 0 … 0.5 as in the TensorFlow Playground slider (0–50). Points are shuffled once with
the seed and then split: the first ``round(ratio·n)`` train, the rest test.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import numpy as np

from chainrule.data import names
from chainrule.playground.limits import DOMAIN, MAX_CLASSES, MAX_POINTS, PlaygroundError

CLASSIFY = names.PLANE_CLASSES
REGRESS = names.PLANE_REGRESSION
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2")
FEATURE_LABELS = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1x2": "x₁x₂",
                  "sin_x1": "sin x₁", "sin_x2": "sin x₂"}


@dataclass
class Points:
    """Points ``X`` (n, 2), targets ``y`` (n,): class indices (int) or values (float), and how
    many of them (the first ``n_train``) are training points."""

    X: np.ndarray
    y: np.ndarray
    n_train: int
    classes: int  # 0 for regression

    @property
    def train(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, y) of the training points."""
        return self.X[:self.n_train], self.y[:self.n_train]

    @property
    def test(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, y) of the test points."""
        return self.X[self.n_train:], self.y[self.n_train:]


def generate(kind: str, n: int, noise: float, classes: int, ratio: float, seed: int) -> Points:
    """``n`` points of data set ``kind``, shuffled and split ``ratio`` : 1 − ratio."""
    if not 1 <= n <= MAX_POINTS:
        raise PlaygroundError(f"points: expected 1 to {MAX_POINTS}, got {n}")
    rng = np.random.default_rng(seed)
    kind = names.canonical(kind)
    if kind in ("circles", "xor", "moons"):
        classes = 2
    classes = max(2, min(classes, MAX_CLASSES))
    if kind == "circles":
        X, y = _circle(n, noise, rng)
    elif kind == "xor":
        X, y = _xor(n, noise, rng)
    elif kind == "gaussian":
        X, y = _gaussian(n, noise, classes, rng)
    elif kind == "spirals":
        X, y = _spiral(n, noise, classes, rng)
    elif kind == "moons":
        from chainrule.data import make_moons

        X, y = make_moons(n, noise=0.05 + noise * 0.5, seed=seed, dtype=np.float64)
        X = (X - np.array([0.5, 0.25])) * 3.0
    elif kind == "plane":
        X = rng.uniform(-DOMAIN + 1, DOMAIN - 1, size=(n, 2))
        y = (X[:, 0] + X[:, 1]) / (2 * (DOMAIN - 1)) + noise * rng.uniform(-1, 1, n)
        classes = 0
    elif kind == "bumps":
        X = rng.uniform(-DOMAIN + 1, DOMAIN - 1, size=(n, 2))
        y = bumps(X) + noise * rng.uniform(-1, 1, n)
        classes = 0
    else:
        raise PlaygroundError(f"dataset: expected one of {', '.join(CLASSIFY + REGRESS)}, "
                              f"got {kind!r}")
    order = rng.permutation(len(X))[:n]
    X = np.clip(np.asarray(X, np.float64)[order], -DOMAIN, DOMAIN)
    y = np.asarray(y)[order]
    y = y.astype(np.int64) if classes else y.astype(np.float64)
    return Points(X, y, split_index(len(X), ratio), classes)


def split_index(n: int, ratio: float) -> int:
    """How many of ``n`` points train: round(ratio·n), at least 1 when n ≥ 1."""
    return max(1 if n else 0, min(n, round(ratio * n)))


def bumps(X: np.ndarray) -> np.ndarray:
    """Two Gaussian bumps of height +1 and −1 (the regression target of ``bumps``)."""
    a = np.exp(-((X[:, 0] - 2) ** 2 + (X[:, 1] - 2) ** 2) / 8)
    b = np.exp(-((X[:, 0] + 2) ** 2 + (X[:, 1] + 2) ** 2) / 8)
    return a - b


def _circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    r_max = 5.0
    inner = n // 2
    r = np.concatenate([rng.uniform(0, r_max * 0.5, inner),
                        rng.uniform(r_max * 0.7, r_max, n - inner)])
    t = rng.uniform(0, 2 * np.pi, n)
    X = np.c_[r * np.sin(t), r * np.cos(t)] + rng.uniform(-r_max, r_max, (n, 2)) * noise
    y = (np.hypot(X[:, 0], X[:, 1]) < r_max * 0.6).astype(np.int64)
    return X, y


def _xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)  # keep points off the axes, as TensorFlow Playground does
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    X = X + rng.uniform(-5, 5, (n, 2)) * noise
    return X, y


def _spiral(n: int, noise: float, classes: int, rng: np.random.Generator
            ) -> tuple[np.ndarray, np.ndarray]:
    """TensorFlow Playground's spiral: arm k at r = 5u, θ = 3.5πu + 2πk/K, u ∈ [0, 1)."""
    y = np.arange(n) % classes
    u = (np.arange(n) // classes) / -(-n // classes)
    r, t = 5 * u, 1.75 * 2 * np.pi * u + 2 * np.pi * y / classes
    X = np.c_[r * np.sin(t), r * np.cos(t)] + rng.uniform(-1, 1, (n, 2)) * noise * 5
    return X, y


def _gaussian(n: int, noise: float, classes: int, rng: np.random.Generator
              ) -> tuple[np.ndarray, np.ndarray]:
    angles = 2 * np.pi * np.arange(classes) / classes + np.pi / 4
    centres = 3.0 * np.c_[np.cos(angles), np.sin(angles)]
    y = np.arange(n) % classes
    X = centres[y] + rng.normal(0, 0.5 + 2.5 * noise, (n, 2))
    return X, y


def load_points(text: str, ratio: float, seed: int) -> Points:
    """Points from CSV text ``x1,x2,label`` (a header row is allowed), read by
    :func:`chainrule.data.load_csv`; labels 0 … k−1 make a classification set, any other
    numbers a regression set."""
    from chainrule.data import load_csv
    from chainrule.errors import ChainruleError

    if text.count("\n") > MAX_POINTS + 1:
        raise PlaygroundError(f"CSV: at most {MAX_POINTS} points")
    fd, path = tempfile.mkstemp(suffix=".csv", prefix="chainrule-playground-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            table = load_csv(path, dtype=np.float64)
        except ChainruleError as exc:
            raise PlaygroundError(f"CSV: {str(exc).replace(path, 'the file')}") from None
    finally:
        os.unlink(path)
    X, y = np.asarray(table.X, np.float64), np.asarray(table.y, np.float64)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise PlaygroundError("CSV: expected three columns x1, x2, label and at least one row")
    if not np.all(np.isfinite(X)) or not np.all(np.isfinite(y)):
        raise PlaygroundError("CSV: every value must be a finite number")
    X = np.clip(X, -DOMAIN, DOMAIN)
    whole = np.all(y == np.round(y)) and y.min() >= 0 and y.max() < MAX_CLASSES
    classes = int(y.max()) + 1 if whole else 0
    order = np.random.default_rng(seed).permutation(len(X))
    y = y[order].astype(np.int64) if classes else y[order]
    return Points(X[order], y, split_index(len(X), ratio), max(classes, 2) if whole else 0)


def features(X: np.ndarray, names: tuple[str, ...] | list[str]) -> np.ndarray:
    """The chosen input features of points ``X`` (n, 2): shape (n, len(names))."""
    x1, x2 = X[:, 0], X[:, 1]
    table = {"x1": x1, "x2": x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1x2": x1 * x2,
             "sin_x1": np.sin(x1), "sin_x2": np.sin(x2)}
    return np.stack([table[f] for f in names], axis=1)


# A link carries edited points (added by clicking, removed, or loaded from a CSV) compactly:
# base64url of n_train (uint16), classes (uint8), then per point x·1000, y·1000 (int16) and the
# label (int32: the class, or the value·1000). Points are kept on that grid (quantise) from
# the first edit on, so that the page and its link hold the same numbers.
_POINT = np.dtype([("x", "<i2"), ("y", "<i2"), ("label", "<i4")])
_HEAD = 3
_LABEL_MAX = 1e6
#: The longest encoded point set (MAX_POINTS points).
MAX_ENCODED = -(-(_HEAD + MAX_POINTS * _POINT.itemsize) // 3) * 4


def quantise(p: Points) -> None:
    """Round ``p``'s coordinates (and regression values) to the link's grid of 0.001."""
    p.X = np.round(np.clip(p.X, -DOMAIN, DOMAIN) * 1000) / 1000.0  # as decode_points reads
    if not p.classes:
        p.y = np.round(np.clip(p.y, -_LABEL_MAX, _LABEL_MAX) * 1000) / 1000.0


def encode_points(p: Points) -> str:
    """``p`` (already :func:`quantise`\\ d) as the link's text."""
    import base64

    rec = np.zeros(len(p.X), _POINT)
    rec["x"], rec["y"] = np.round(p.X[:, 0] * 1000), np.round(p.X[:, 1] * 1000)
    rec["label"] = p.y if p.classes else np.round(p.y * 1000)
    head = np.array([p.n_train], "<u2").tobytes() + bytes([p.classes])
    return base64.urlsafe_b64encode(head + rec.tobytes()).decode().rstrip("=")


def decode_points(text: str) -> Points:
    """The points of a link's text; a one-line :class:`PlaygroundError` for anything else."""
    import base64
    import binascii

    if len(text) > MAX_ENCODED:
        raise PlaygroundError(f"data: at most {MAX_POINTS} points")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise PlaygroundError("data: not the playground's encoding of points") from None
    n, extra = divmod(len(raw) - _HEAD, _POINT.itemsize)
    if len(raw) < _HEAD or extra or not 2 <= n <= MAX_POINTS:
        raise PlaygroundError(f"data: expected 2 to {MAX_POINTS} encoded points")
    n_train, classes = int(np.frombuffer(raw[:2], "<u2")[0]), raw[2]
    rec = np.frombuffer(raw[_HEAD:], _POINT)
    X = np.stack([rec["x"], rec["y"]], axis=1) / 1000.0
    if not 1 <= n_train <= n or classes == 1 or classes > MAX_CLASSES or \
            np.abs(X).max() > DOMAIN:
        raise PlaygroundError("data: the encoded points are out of range")
    if classes:
        y = rec["label"].astype(np.int64)
        if y.min() < 0 or y.max() >= classes:
            raise PlaygroundError(f"data: labels must be 0 to {classes - 1}")
    else:
        y = rec["label"] / 1000.0
    return Points(X, y, n_train, int(classes))
