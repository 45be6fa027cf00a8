"""What each message from the page does: ``handle(session, message) -> reply``.

Messages are JSON objects with an ``op``; replies are dicts with a ``type`` (``state``,
``frame``, ``walk``, ``derivation``, ``judgement``, ``export`` or ``error``). Every field is
checked before any work (see :mod:`chainrule.playground.limits`); a
:class:`~chainrule.playground.limits.PlaygroundError` becomes ``{"type": "error"}``.
"""

from __future__ import annotations

import base64
import dataclasses
import os
import tempfile
from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule.errors import ChainruleError
from chainrule.playground import limits as lim
from chainrule.playground import teach
from chainrule.playground.datasets import Points, load_points
from chainrule.playground.exports import network_toml
from chainrule.playground.model import PENALTY_TEXT, penalty_step
from chainrule.playground.session import Session
from chainrule.playground.state import Settings

Handler = Callable[[Session, dict[str, Any]], dict[str, Any]]


def handle(session: Session, msg: Any) -> dict[str, Any]:
    """The reply to one message; errors a user can cause come back as ``{"type": "error"}``."""
    try:
        if not isinstance(msg, dict):
            raise lim.PlaygroundError("message: expected a JSON object")
        op = lim.choice(msg.get("op"), "op", tuple(HANDLERS))
        reply = HANDLERS[op](session, msg)
    except ChainruleError as exc:
        reply = {"type": "error", "message": str(exc)}
    except FloatingPointError as exc:  # pragma: no cover - numpy set to raise elsewhere
        reply = {"type": "error", "message": f"the numbers overflowed: {exc}"}
    # an error answers its request too (the page waits on the id, and shows it where asked)
    if isinstance(msg, dict) and "id" in msg and isinstance(msg["id"], int):
        reply["id"] = msg["id"]
    return reply


_KEEP_NET = ("lr", "reg", "reg_rate", "hide", "batch")
_BY_HAND = ("edits", "data")
_DATA = ("preset", "dataset", "points", "noise", "ratio", "classes", "data_seed")


def _config(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    """New settings. The page's controls send them without ``edits`` and ``data``: a change
    that keeps the network (learning rate, regularisation, batch, hide) keeps the edits and
    points too, one that keeps the data (the network's shape, activation…) keeps the points;
    a link sends them, and they are set again."""
    new = Settings.read(lim.field(msg, "settings"))
    if not new.data and all(getattr(new, k) == getattr(s.settings, k) for k in _DATA):
        new.data = s.settings.data
    old = s.settings.to_dict()
    same = all(v == old[k] for k, v in new.to_dict().items() if k not in _KEEP_NET + _BY_HAND)
    linked = any(getattr(new, k) and getattr(new, k) != getattr(s.settings, k)
                 for k in _BY_HAND)
    if same and not linked and new.preset == "none" and msg.get("keep", True):
        # learning rate, regularisation, batch: keep training the same network
        s.settings = dataclasses.replace(new, edits=s.settings.edits, data=s.settings.data)
        s.net.lr = new.lr
        return s.state()
    s.configure(new)
    return s.state()


def _train(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    unit = lim.choice(lim.field(msg, "unit"), "unit", ("batch", "epoch"))
    cap = lim.MAX_EPOCHS_PER_REQUEST if unit == "epoch" else lim.MAX_BATCHES_PER_REQUEST
    count = lim.integer(msg.get("count", 1), "count", 1, cap)
    X, y = s._train_xy()
    batch = len(X) if s.sample is not None else min(s.settings.batch, len(X))
    per = len(X) if unit == "epoch" else batch
    n_params = sum(w.size + b.size for w, b in zip(s.net.weights(), s.net.biases()))
    if count * per * n_params > lim.MAX_WORK_PER_REQUEST:
        raise lim.PlaygroundError(f"train: {count} {unit}s of this network is too much work for "
                                  f"one request (at most {lim.MAX_WORK_PER_REQUEST:,} "
                                  "sample×parameter products); ask for fewer")
    rng = np.random.default_rng(s.settings.data_seed * 7919 + s.iterations)
    masks = s._masks()
    with np.errstate(over="ignore", invalid="ignore"):
        recorded = _run(s, unit, count, X, y, batch, rng, masks)
    if not all(np.all(np.isfinite(w)) for w in s.net.weights()):
        s.net.restore(s.net.initial)
        raise lim.PlaygroundError("training diverged (a weight became inf or nan); the "
                                  "weights were rewound — try a smaller learning rate")
    s.walk = None
    s._record(_epochs(s, unit, batch, len(X)))
    f = s.frame()
    f["history"] = s.history_since(len(s.history) - recorded)
    return f


def _epochs(s: Session, unit: str, batch: int, n: int) -> float:
    """The epochs trained so far (a fraction after single batches), the chart's x."""
    return float(s.epoch) if unit == "epoch" else s.iterations * batch / n


def _run(s: Session, unit: str, count: int, X: np.ndarray, y: np.ndarray, batch: int,
         rng: np.random.Generator, masks: list[np.ndarray] | None) -> int:
    """Train ``count`` units; return how many chart points the request adds (those recorded
    along the way, at most :data:`MAX_HISTORY_PER_REPLY`, and the final one). A point costs a
    pass over all the points, so there are no more of them than the training did passes."""
    st = s.settings
    n_all = len(X) + len(s._test_xy()[0])
    per = len(X) if unit == "epoch" else batch
    points = min(lim.MAX_HISTORY_PER_REPLY, count, count * per // max(n_all, 1))
    every = -(-count // points) if points > 1 else count + 1
    recorded = 1
    for u in range(count):
        if unit == "epoch":
            order = rng.permutation(len(X))
            for i in range(0, len(X), batch):
                idx = order[i:i + batch]
                s.net.train_batch(X[idx], y[idx], st.reg, st.reg_rate, masks)
                s.iterations += 1
            s.epoch += 1
        else:
            start = (s.iterations * batch) % len(X)
            idx = np.arange(start, start + batch) % len(X)
            s.net.train_batch(X[idx], y[idx], st.reg, st.reg_rate, masks)
            s.iterations += 1
            s.epoch = s.iterations * batch // len(X)
        if (u + 1) % every == 0 and u + 1 < count:
            s._record(_epochs(s, unit, batch, len(X)))
            recorded += 1
    return recorded


def _reset(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    st = s.settings
    if st.preset == "none" and msg.get("new_weights", True):
        st = dataclasses.replace(st, init_seed=(st.init_seed + 1) % 2**31, edits={})
    s.configure(st)
    return s.state()


def _rewind(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    s.net.restore(s.net.initial)
    s.epoch = s.iterations = 0
    s.history.clear()
    s.walk = None
    s._record()
    return s.state()


def _regenerate(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    s.configure(dataclasses.replace(s.settings, data_seed=(s.settings.data_seed + 1) % 2**31,
                                    data=""))
    return s.state()


def _set(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    name = lim.text(lim.field(msg, "name"), "name")
    value = lim.number(lim.field(msg, "value"), "value", -100.0, 100.0)
    where = s.places().get(name)
    if where is None:
        raise lim.PlaygroundError(f"set: no weight or bias named {name!r}")
    s.net.set_value(*where, value)
    s.settings.edits[name] = value  # a link sets it again on top of the initial weights
    s.walk = None
    s._record()
    return {**s.frame(), "settings": s.settings.to_dict()}


def _walk_of(s: Session) -> teach.Walk:
    if s.walk is None:
        x, t = s._one(s.chosen)
        s.walk = teach.Walk(s.net, x, t, s._masks())
    return s.walk


def _walk(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    if "sample" in msg:
        n = len(s._train_xy()[0])
        s.chosen = lim.integer(msg["sample"], "sample", 0, max(n - 1, 0))
        s.walk = None
    reply = {"type": "walk", "sample": s.chosen, **_walk_of(s).summary()}
    x, t = s._one(s.chosen)
    reply["inputs"], reply["targets"] = x.tolist(), t.tolist()
    return reply


def _apply(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    """One step of gradient descent on the chosen sample, with the explanation's numbers."""
    new = _walk_of(s).new_parameters()
    where = s.places()
    for name, value in new.items():
        s.net.set_value(*where[name], value)
    s.iterations += 1
    s.walk = None
    s._record()
    return s.frame()


def _derivation(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    walk = _walk_of(s)
    if "layer" in msg:
        k = lim.integer(msg["layer"], "layer", 1, len(s.net.sizes) - 1)
        return {"type": "derivation", "title": f"Layer {k}", "html": walk.layer_html(k)}
    name = lim.text(lim.field(msg, "name"), "name")
    reply = {"type": "derivation", "title": f"∂E/∂{name}", "name": name,
             "html": walk.derivation_html(name)}
    st, where = s.settings, s.places().get(name)
    if st.reg != "none" and st.reg_rate > 0 and where is not None and where[2] is not None:
        numbers = walk.summary()
        w, grad = numbers["values"][name], numbers["grads"][name]
        term, d_term = penalty_step(w, st.reg, st.reg_rate)
        reply["regularisation"] = {"kind": st.reg.upper(), "rate": st.reg_rate,
                                   "penalty": PENALTY_TEXT[st.reg], "term": term,
                                   "d_term": d_term, "d_E": grad, "total": grad + d_term,
                                   "lr": s.net.lr, "new": w - s.net.lr * (grad + d_term)}
    return reply


def _check(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    key = lim.text(lim.field(msg, "key"), "key")
    value = lim.text(lim.field(msg, "value"), "value", 40)
    return {"type": "judgement", **teach.judge(_walk_of(s).network, key, value)}


def _points(s: Session) -> Points:
    if s.points is None:
        raise lim.PlaygroundError("this preset has one sample; choose a data set to edit points")
    return s.points


def _add_point(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    p = _points(s)
    if len(p.X) >= lim.MAX_POINTS:
        raise lim.PlaygroundError(f"add: at most {lim.MAX_POINTS} points")
    x = lim.number(lim.field(msg, "x"), "x", -lim.DOMAIN, lim.DOMAIN)
    y = lim.number(lim.field(msg, "y"), "y", -lim.DOMAIN, lim.DOMAIN)
    label: float = (lim.integer(lim.field(msg, "label"), "label", 0, p.classes - 1)
                    if p.classes else lim.number(lim.field(msg, "label"), "label", -1, 1))
    p.X = np.vstack([p.X[:p.n_train], [[x, y]], p.X[p.n_train:]])
    p.y = np.concatenate([p.y[:p.n_train], np.array([label], p.y.dtype), p.y[p.n_train:]])
    p.n_train += 1
    s.points_edited()
    s._record()
    return s.state()


def _remove_point(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    p = _points(s)
    x = lim.number(lim.field(msg, "x"), "x", -lim.DOMAIN, lim.DOMAIN)
    y = lim.number(lim.field(msg, "y"), "y", -lim.DOMAIN, lim.DOMAIN)
    if len(p.X) <= 2:
        raise lim.PlaygroundError("remove: keep at least two points")
    d = np.hypot(p.X[:, 0] - x, p.X[:, 1] - y)
    i = int(d.argmin())
    if d[i] > 0.5:
        raise lim.PlaygroundError("remove: no point within 0.5 of the click")
    p.X, p.y = np.delete(p.X, i, 0), np.delete(p.y, i)
    p.n_train -= int(i < p.n_train)
    s.points_edited()
    s.chosen = 0
    s.walk = None
    s._record()
    return s.state()


def _load_csv(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    text = lim.text(lim.field(msg, "text"), "text", lim.MAX_MESSAGE_BYTES)
    pts = load_points(text, s.settings.ratio / 100, s.settings.data_seed)
    st = s.settings
    if pts.classes == 0 and st.dataset not in ("plane", "bumps"):
        st = dataclasses.replace(st, dataset="plane", loss="mse")
    elif pts.classes and st.dataset in ("plane", "bumps"):
        st = dataclasses.replace(st, dataset="gaussian", loss="bce")
    s.settings = dataclasses.replace(st, preset="none", classes=max(pts.classes, 2), edits={})
    s.points, s.sample = pts, None
    s.points_edited()
    s.net = s._fresh_net()
    s._apply_edits()
    s.epoch = s.iterations = s.chosen = 0
    s.history, s.walk = [], None
    s._record()
    return s.state()


def _export(s: Session, msg: dict[str, Any]) -> dict[str, Any]:
    what = lim.choice(lim.field(msg, "what"), "what", ("toml", "model", "html", "markdown"))
    x, t = s._one(s.chosen)
    if what == "toml":
        return {"type": "export", "filename": "network.toml",
                "text": network_toml(teach.network_dict(s.net, x, t))}
    if what == "html":
        return {"type": "export", "filename": "step.html", "text": _walk_of(s).html(True)}
    if what == "markdown":
        return {"type": "export", "filename": "step.md", "text": _walk_of(s).markdown()}
    from chainrule.io import save

    fd, path = tempfile.mkstemp(suffix=".npz", prefix="chainrule-playground-")
    os.close(fd)
    try:
        save(s.net.model, path)
        with open(path, "rb") as f:
            data = f.read()
    finally:
        os.unlink(path)
    return {"type": "export", "filename": "model.npz",
            "base64": base64.b64encode(data).decode()}


HANDLERS: dict[str, Handler] = {
    "config": _config, "train": _train, "reset": _reset, "rewind": _rewind,
    "regenerate": _regenerate, "set": _set, "walk": _walk, "apply": _apply,
    "derivation": _derivation, "check": _check, "add_point": _add_point,
    "remove_point": _remove_point, "load_csv": _load_csv, "export": _export,
}
