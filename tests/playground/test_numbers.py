"""The playground's numbers against independent recomputations: seed 000's step against
central differences, Mazur's 10,000 iterations against his published error, the training
loss's gradient against central differences, and the exports read back by the library."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule.explain import Network
from chainrule.playground import teach
from chainrule.playground.actions import handle
from chainrule.playground.datasets import features, generate
from chainrule.playground.presets import net_from_dict, preset_dict
from chainrule.playground.session import Session


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def seed000_loss(p: np.ndarray) -> float:
    """Seed 000's E = Σ ½(t − σ(z))² with the corrected inputs, written out by hand."""
    w1, w2, w3, w4, w5, w6, w7, w8, c1, c2 = p
    x1, x2, t1, t2 = 0.05, 0.1, 0.1, 0.99
    y1a, y2a = _sigmoid(x1 * w1 + x2 * w3 + c1), _sigmoid(x1 * w2 + x2 * w4 + c1)
    z1a, z2a = _sigmoid(y1a * w5 + y2a * w7 + c2), _sigmoid(y1a * w6 + y2a * w8 + c2)
    return 0.5 * (t1 - z1a) ** 2 + 0.5 * (t2 - z2a) ** 2


def test_seed000_step_matches_central_differences():
    s = Session()
    state = handle(s, {"op": "config", "settings": {"preset": "seed000"}})
    assert state["layout"]["frozen"] == ["c1", "c2"]
    p = np.array([0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55, 0.35, 0.6])
    h = 1e-6
    grad = np.array([(seed000_loss(p + h * e) - seed000_loss(p - h * e)) / (2 * h)
                     for e in np.eye(10)])
    walk = handle(s, {"op": "walk"})
    names = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "c1", "c2"]
    for n, g in zip(names, grad):
        assert walk["grads"][n] == pytest.approx(g, abs=1e-8), n
    assert walk["loss"] == pytest.approx(seed000_loss(p), abs=1e-12)
    frame = handle(s, {"op": "apply"})
    new = np.concatenate([np.ravel(frame["weights"][0], order="F"),
                          np.ravel(frame["weights"][1], order="F")])
    # weights[k][j][i]: into neuron j from input i; the seed numbers w1, w2 … column-wise
    assert new == pytest.approx(p[:8] - 0.5 * grad[:8], abs=1e-8)
    assert frame["biases"] == [[0.35], [0.6]]                # frozen


def test_mazur_ten_thousand_iterations_reach_his_error():
    s = Session()
    handle(s, {"op": "config", "settings": {"preset": "mazur"}})
    first = handle(s, {"op": "walk"})["loss"]
    assert first == pytest.approx(0.298371109, abs=1e-9)    # his E_total before training
    frame = handle(s, {"op": "train", "unit": "batch", "count": 10_000})
    assert frame["iterations"] == 10_000
    assert frame["loss"][0] == pytest.approx(0.0000351085, rel=1e-3)  # his published error


@pytest.mark.parametrize(("loss", "classes", "reg"), [("bce", 2, "l2"), ("cce", 3, "l1"),
                                                       ("mse", 2, "none"), ("half_sse", 2, "l2")])
def test_training_gradient_matches_central_differences(loss, classes, reg):
    s = Session()
    handle(s, {"op": "config", "settings": {"dataset": "gaussian", "classes": classes,
                                            "loss": loss, "hidden": [3, 2], "points": 20,
                                            "activation": "tanh", "features": ["x1", "x2"]}})
    net = s.net
    X, y = s._train_xy()
    X = X / 6
    net.optimizer.zero_grad()
    net.loss_tensor(X, y, reg, 0.01).backward()
    for p in net.model.parameters():
        flat = p.data.reshape(-1)
        for k in range(flat.size):
            old = flat[k]
            flat[k] = old + 1e-6
            up = net.loss_tensor(X, y, reg, 0.01).item()
            flat[k] = old - 1e-6
            down = net.loss_tensor(X, y, reg, 0.01).item()
            flat[k] = old
            assert p.grad.reshape(-1)[k] == pytest.approx((up - down) / 2e-6, abs=1e-6)


def test_network_file_export_reads_back():
    s = Session()
    handle(s, {"op": "config", "settings": {"hidden": [3], "features": ["x1", "x1^2"]}})
    handle(s, {"op": "train", "unit": "epoch", "count": 2})
    text = handle(s, {"op": "export", "what": "toml"})["text"]
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "net.toml"
        path.write_text(text, encoding="utf-8")
        read = Network.from_toml(path)
    x, t = s._one(0)
    assert read.parameters() == teach.network_of(s.net, x, t).parameters()
    assert read.inputs[0] == pytest.approx(tuple(x))


def test_model_export_loads_with_the_library():
    from chainrule.io import load

    s = Session()
    handle(s, {"op": "config", "settings": {"hidden": [4, 2]}})
    reply = handle(s, {"op": "export", "what": "model"})
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "model.npz"
        path.write_bytes(base64.b64decode(reply["base64"]))
        model = load(path)
    X = features(s.points.X[:5], s.settings.features)
    assert model(X).data == pytest.approx(s.net.forward(X)[-1])


def test_csv_points_and_clicks():
    s = Session()
    reply = handle(s, {"op": "load_csv", "text": "x1,x2,label\n1,2,0\n-1,-2,1\n3,3,2\n0,0,1\n"})
    assert reply["type"] == "state" and reply["points"]["classes"] == 3
    assert reply["sizes"][-1] == 3                            # softmax over three classes
    n = len(reply["points"]["X"])
    reply = handle(s, {"op": "add_point", "x": 2.5, "y": -1.0, "label": 2})
    assert len(reply["points"]["X"]) == n + 1
    reply = handle(s, {"op": "remove_point", "x": 2.45, "y": -1.05})
    assert len(reply["points"]["X"]) == n


def test_derivation_and_hint_for_a_playground_network():
    s = Session()
    handle(s, {"op": "config", "settings": {"hidden": [2]}})
    walk = handle(s, {"op": "walk", "sample": 4})
    name = walk["layout"]["layers"][0]["weights"][1][0]
    grad = walk["grads"][name]
    html = handle(s, {"op": "derivation", "name": name})["html"]
    assert "<math" in html and f"{abs(grad):.6g}"[:5] in html
    judged = handle(s, {"op": "check", "key": f"dE/d{name}", "value": f"{-grad:.6g}"})
    assert judged["verdict"] == "wrong" and "sign" in judged["hint"]
    assert handle(s, {"op": "check", "key": f"dE/d{name}", "value": f"{grad:.6g}"})["ok"]


@given(kind=st.sampled_from(["circles", "xor", "gaussian", "spirals", "moons", "plane", "bumps"]),
       n=st.integers(10, 300), noise=st.integers(0, 50), ratio=st.integers(1, 9))
def test_datasets_stay_in_the_square_and_split_as_asked(kind, n, noise, ratio):
    pts = generate(kind, n, noise / 100, 3, ratio / 10, seed=n)
    assert pts.X.shape == (n, 2) and np.all(np.abs(pts.X) <= 6)
    assert pts.n_train == max(1, round(ratio / 10 * n))
    if pts.classes:
        assert set(np.unique(pts.y)) <= set(range(pts.classes))


def test_presets_are_the_tour_networks():
    for name in ("seed000", "seed003"):
        net, x, t = net_from_dict(preset_dict(name))
        built = teach.network_of(net, x, t)
        original = Network.from_dict(preset_dict(name))
        assert built.parameters() == original.parameters()
        assert built.layers[0].weight_names == original.layers[0].weight_names


@pytest.mark.parametrize("reg", ["l1", "l2"])
def test_the_derivation_panel_adds_the_regulariser_as_training_does(reg):
    """The panel's ∂E/∂w + ∂penalty/∂w equals the central difference of the loss training
    minimises (the one sample's E plus the penalty); biases carry no penalty."""
    s = Session()
    handle(s, {"op": "config", "settings": {"hidden": [2], "reg": reg, "reg_rate": 0.1,
                                            "loss": "mse"}})
    name = "w[1]_{1,2}"
    r = handle(s, {"op": "derivation", "name": name})["regularisation"]
    w = handle(s, {"op": "walk", "sample": 0})["values"][name]
    assert r["d_term"] == pytest.approx(0.1 * (np.sign(w) if reg == "l1" else w), abs=1e-15)
    X, y = s._train_xy()
    k, j, i = s.places()[name]
    p = s.net.dense[k].weight.data                 # the library's layout: W[i, j]

    def loss(v: float) -> float:
        old, p[i, j] = p[i, j], v
        try:
            return float(s.net.loss_tensor(X[:1], y[:1], reg, 0.1).item())
        finally:
            p[i, j] = old

    h = 1e-6
    assert r["total"] == pytest.approx((loss(w + h) - loss(w - h)) / (2 * h), abs=1e-8)
    assert r["new"] == pytest.approx(w - 0.03 * r["total"], abs=1e-15)
    assert "regularisation" not in handle(s, {"op": "derivation", "name": "b[1]_1"})
