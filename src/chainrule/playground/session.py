"""One page's playground: its data, network, history and explained step; one method per op.

:meth:`Session.handle` takes a decoded message ``{"op": …}`` and returns the reply (a dict);
every field is checked through :mod:`chainrule.playground.limits` first and work is capped
before it starts (:data:`~chainrule.playground.limits.MAX_WORK_PER_REQUEST`).
"""

from __future__ import annotations

import base64
import itertools
from typing import Any

import numpy as np

from chainrule.playground import limits as lim
from chainrule.playground import teach
from chainrule.playground.datasets import (
    FEATURE_LABELS,
    Points,
    decode_points,
    encode_points,
    features,
    generate,
    quantise,
)
from chainrule.playground.model import Names, Net, choices
from chainrule.playground.presets import net_from_dict, preset_dict
from chainrule.playground.state import Settings

_AXIS = np.linspace(-lim.DOMAIN, lim.DOMAIN, lim.GRID)
GRID_X = np.stack(np.meshgrid(_AXIS, _AXIS[::-1]), axis=-1).reshape(-1, 2)  # row 0 at the top


class Session:
    """The state behind one open page (dropped when the page's connection closes)."""

    def __init__(self) -> None:
        self.settings = Settings()
        self.points: Points | None = None
        self.sample: tuple[np.ndarray, np.ndarray] | None = None  # a preset's one sample
        self.net: Net
        self.chosen = 0
        self.walk: teach.Walk | None = None
        self.configure(Settings())

    # -- building ----------------------------------------------------------------------------
    def configure(self, s: Settings) -> None:
        """Rebuild the data and the network for settings ``s``."""
        self.settings = s
        if s.preset != "none":
            self.net, x, t = net_from_dict(preset_dict(s.preset))
            self.sample = (x, t)
            self.points = None
        else:
            self.sample = None
            if s.data:
                self.points = decode_points(s.data)
                if bool(self.points.classes) == s.regression:
                    raise lim.PlaygroundError(f"data: {'class' if self.points.classes else 'value'}"
                                              f" labels do not fit the data set {s.dataset!r}")
            else:
                self.points = generate(s.dataset, s.points, s.noise / 100, s.classes,
                                       s.ratio / 100, s.data_seed)
            self.net = self._fresh_net()
        self._apply_edits()
        self.epoch, self.iterations = 0, 0
        self.history: list[tuple[float, float, float]] = []  # (epoch, train loss, test loss)
        self.chosen = 0
        self.walk = None
        self._record()

    def _apply_edits(self) -> None:
        """Set the hand-edited parameters of the settings (names this network does not have are
        dropped: they belonged to another architecture); the result is what rewind returns to."""
        places = self.places()
        kept = {n: v for n, v in self.settings.edits.items() if n in places}
        for name, value in kept.items():
            self.net.set_value(*places[name], value)
        self.settings.edits = kept
        self.net.initial = self.net.snapshot()

    def places(self) -> dict[str, tuple[int, int, int | None]]:
        """Parameter name -> (layer, neuron, input) of a weight, (layer, neuron, None) of a bias."""
        where: dict[str, tuple[int, int, int | None]] = {}
        for k, layer in enumerate(self._layout()["layers"]):
            for j, row in enumerate(layer["weights"]):
                for i, n in enumerate(row):
                    where[n] = (k, j, i)
            for j, n in enumerate(layer["biases"]):
                where.setdefault(n, (k, j, None))
        return where

    def points_edited(self) -> None:
        """The points changed by hand: keep them on the link's grid and in the settings."""
        assert self.points is not None
        quantise(self.points)
        self.settings.data = encode_points(self.points)

    def _fresh_net(self) -> Net:
        s, pts = self.settings, self.points
        assert pts is not None
        classes = pts.classes
        if classes == 0:
            out, out_act = 1, "identity"
        elif s.loss == "cce" or classes > 2:
            out, out_act = max(classes, 2), "softmax"
        else:
            out, out_act = 1, "sigmoid"
        loss = s.loss
        if classes > 2 and loss == "bce":
            loss = "cce"
        if classes == 0 and loss in ("bce", "cce"):
            loss = "mse"
        s.loss = loss  # the menu and the link say the loss trained with, not the one asked for
        sizes = [len(s.features), *s.hidden, out]
        rng = np.random.default_rng(s.init_seed)
        weights = [rng.uniform(-0.5, 0.5, (b, a)) for a, b in itertools.pairwise(sizes)]
        biases = [np.full(b, 0.1) for b in sizes[1:]]
        acts = [s.activation] * len(s.hidden) + [out_act]
        names = Names([FEATURE_LABELS[f].replace(" ", "") for f in s.features])
        return Net(weights, biases, acts, loss, s.lr, names)

    def _masks(self) -> list[np.ndarray] | None:
        if not self.net.frozen:
            return None
        lay = self._layout()
        masks = []
        for k, layer in enumerate(lay["layers"]):
            w = np.array([[0.0 if n in self.net.frozen else 1.0 for n in row]
                          for row in layer["weights"]]).T
            b = np.array([0.0 if n in self.net.frozen else 1.0 for n in layer["biases"]])
            masks += [w, b if not self.net.shared[k] else b[:1] * np.ones_like(b)]
        return masks

    # -- data the steps use ------------------------------------------------------------------
    def _train_xy(self) -> tuple[np.ndarray, np.ndarray]:
        if self.sample is not None:
            return self.sample[0][None, :], self.sample[1][None, :]
        assert self.points is not None
        X, y = self.points.train
        return features(X, self.settings.features), y

    def _test_xy(self) -> tuple[np.ndarray, np.ndarray]:
        if self.sample is not None:
            return self.sample[0][None, :][:0], self.sample[1][None, :][:0]
        assert self.points is not None
        X, y = self.points.test
        return features(X, self.settings.features), y

    def _one(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        X, y = self._train_xy()
        if not 0 <= index < len(X):
            raise lim.PlaygroundError(f"sample: expected 0 to {len(X) - 1}, got {index}")
        return X[index], self.net.targets(y[index:index + 1])[0]

    def _layout(self) -> dict[str, Any]:
        x, t = self._one(0)
        return teach.layout(teach.network_of(self.net, x, t))

    def _record(self, at: float | None = None) -> None:
        """One point of the loss chart: the losses now, at epoch ``at`` (default: the epoch)."""
        Xtr, ytr = self._train_xy()
        Xte, yte = self._test_xy()
        self.history.append((float(self.epoch if at is None else at),
                             self.net.mean_loss(Xtr, ytr), self.net.mean_loss(Xte, yte)))
        del self.history[:-lim.MAX_HISTORY]

    def history_since(self, start: int = 0) -> list[list[float | None]]:
        """The chart's points from ``start`` on, ``[epoch, train, test]``, at most
        :data:`~chainrule.playground.limits.MAX_HISTORY_PER_REPLY` of them, evenly spaced
        (the last point always kept)."""
        points = self.history[max(start, 0):]
        cap = lim.MAX_HISTORY_PER_REPLY
        if len(points) > cap:
            last = len(points) - 1
            points = [points[round(i * last / (cap - 1))] for i in range(cap)]
        return [[e, _num(a), _num(b)] for e, a, b in points]

    # -- replies -----------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Everything the page draws after a (re)configuration."""
        reply: dict[str, Any] = {"type": "state", "settings": self.settings.to_dict(),
                                 "layout": self._layout(), "sizes": self.net.sizes,
                                 "activations": self.net.activations, "loss_kind": self.net.loss,
                                 "choices": choices(),
                                 "learning_rate": self.net.lr,
                                 "history": self.history_since(),
                                 "frame": self.frame(), "grid": lim.GRID, "domain": lim.DOMAIN}
        if self.points is not None:
            p = self.points
            reply["points"] = {"X": np.round(p.X, 4).tolist(), "y": p.y.tolist(),
                               "n_train": p.n_train, "classes": p.classes}
            reply["inputs"] = [_encode_unit(c) for c in features(GRID_X, self.settings.features).T]
        else:
            x, t = self.sample  # type: ignore[misc]
            reply["sample"] = {"inputs": x.tolist(), "targets": t.tolist()}
        return reply

    def frame(self) -> dict[str, Any]:
        """The numbers of one redraw: counters, losses, weights, heatmaps."""
        f: dict[str, Any] = {"type": "frame", "epoch": self.epoch, "iterations": self.iterations,
                             "loss": [_num(v) for v in self.history[-1][1:]],
                             "weights": [w.tolist() for w in self.net.weights()],
                             "biases": [b.tolist() for b in self.net.biases()]}
        if self.points is not None:
            outs = self.net.forward(features(GRID_X, self.settings.features))
            last = outs[-1]
            # the output neurons' thumbnails take the heatmap's values (not scaled by their
            # largest |v|), so that one colour is one value in both pictures
            if last.shape[1] == 1:
                v = last[:, 0] if self.points.classes else (np.clip(last[:, 0], -1, 1) + 1) / 2
                f["heat"] = _b64(v)
                output = [{"scale": 1.0, "data": f["heat"]}]
            else:
                f["heat"] = _b64(last.max(1))
                f["heat_class"] = base64.b64encode(last.argmax(1).astype(np.uint8)).decode()
                output = [{"scale": 1.0, "data": _b64(col), "class": j}
                          for j, col in enumerate(last.T)]
            f["neurons"] = [[_encode_unit(col) for col in out.T] for out in outs[:-1]]
            f["neurons"].append(output)
            f["accuracy"] = [_num(a) for a in self._accuracy() or []] or None
        return f

    def _accuracy(self) -> list[float] | None:
        if self.points is None or not self.points.classes:
            return None
        acc = []
        for X, y in (self._train_xy(), self._test_xy()):
            acc.append(float(np.mean(self.net.predict(X) == y)) if len(X) else float("nan"))
        return acc


def _b64(v: np.ndarray) -> str:
    """Values in [0, 1] as base64 bytes 0 … 255."""
    return base64.b64encode(np.clip(np.round(v * 255), 0, 255).astype(np.uint8)).decode()


def _encode_unit(col: np.ndarray) -> dict[str, Any]:
    """One neuron's grid: bytes of v/s mapped to 0 … 255, with the scale s = max |v|."""
    s = float(np.max(np.abs(col))) or 1.0
    return {"scale": s, "data": _b64((col / s + 1) / 2)}


def _num(x: float) -> float | None:
    """``x``, or None where it is nan or infinite (JSON has no nan)."""
    return float(x) if np.isfinite(x) else None
