"""The tour's content: the seeds' examples in order, every number recomputed here by hand.

The fast tour (few GIF frames, 3 training epochs) is built once for the module; each test
recomputes what it checks with plain Python/NumPy, independently of chainrule.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from chainrule.tour import build_tour

REPO = Path(__file__).resolve().parents[2]


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    return build_tour(tmp_path_factory.mktemp("tour"), fast=True)


def section(tour, seed, where):
    return tour.section(seed, where)


def central(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


# -- shape of the tour ---------------------------------------------------------------------------
def test_every_seed_in_order(tour):
    seeds = [s.seed for s in tour.sections]
    assert seeds == sorted(seeds) and set(seeds) == {"000", "001", "002", "003"}
    assert all(s.title and s.where and s.text for s in tour.sections)


def test_figures_exist_whole_and_nothing_else_is_left(tour):
    for fig in tour.figures:
        assert fig.path.parent == tour.folder and fig.path.stat().st_size > 0, fig.path
    magic = {".png": b"\x89PNG", ".gif": b"GIF8", ".svg": b"<", ".npz": b"PK"}
    for fig in tour.figures:
        head = fig.path.read_bytes()[:4]
        assert head.startswith(magic[fig.path.suffix]) or fig.path.suffix == ".svg"
    assert not [p for p in tour.folder.iterdir() if p.name.startswith(".")]


def test_the_corrections_the_seeds_need_are_all_there(tour):
    text = json.dumps([c.to_dict() for c in tour.corrections], ensure_ascii=False)
    for needle in ("x1 = 0.05", "c2 = 0.60", "1 − σ", "f(2) must be subtracted as a whole",
                   "η = 0.5", "b + c²", "too steep", "0.16 − 0.3·f′(0.16)", "y^(−2/3)/3",
                   "dE2/dz2^a"):
        assert needle in text, needle


def test_sections_are_json_ready(tour):
    from chainrule.cli.output import plain

    data = json.loads(json.dumps(plain(tour.to_dict()), allow_nan=False))
    assert len(data["sections"]) == len(tour.sections)


# -- seed 000 ------------------------------------------------------------------------------------
def test_limit_definition(tour):
    data = section(tour, "000", "Derivatives").data
    h = 1e-4
    f = lambda x: 3 * x**2 + 4 * x + 6  # noqa: E731
    assert data["quotients"][h] == pytest.approx((f(2 + h) - f(2)) / h, abs=1e-9)
    assert data["as_printed"] == pytest.approx((f(2 + h) - 3 * 2**2 + 4 * 2 + 6) / h, rel=1e-9)
    assert data["exact"] == 6 * 2 + 4 and data["central"] == pytest.approx(16, abs=1e-8)


def test_chain_rule(tour):
    for x, (exact, estimate) in section(tour, "000", "Chain Rule").data["values"].items():
        assert exact == pytest.approx(7 * (4 * x**2 + 5 * x + 6) ** 6 * (8 * x + 5), rel=1e-12)
        assert estimate == pytest.approx(exact, rel=1e-8)


def seed000_net(params):
    """Seed 000's corrected network in NumPy: returns (values, E_total)."""
    x1, x2 = 0.05, 0.1
    y1 = x1 * params["w1"] + x2 * params["w3"] + 0.35
    y2 = x1 * params["w2"] + x2 * params["w4"] + 0.35
    y1a, y2a = sigmoid(y1), sigmoid(y2)
    z1 = y1a * params["w5"] + y2a * params["w7"] + 0.60
    z2 = y1a * params["w6"] + y2a * params["w8"] + 0.60
    z1a, z2a = sigmoid(z1), sigmoid(z2)
    E = 0.5 * (0.1 - z1a) ** 2 + 0.5 * (0.99 - z2a) ** 2
    return {"y1": y1, "y1^a": y1a, "z1^a": z1a, "z2^a": z2a, "E_total": E}, E


WEIGHTS = {"w1": 0.15, "w2": 0.2, "w3": 0.25, "w4": 0.3, "w5": 0.4, "w6": 0.45, "w7": 0.5,
           "w8": 0.55}


def test_seed000_forward(tour):
    values = section(tour, "000", "Network Mechanics · Forward Pass").data["values"]
    expected, _ = seed000_net(WEIGHTS)
    for name, value in expected.items():
        assert values[name] == pytest.approx(value, abs=1e-12), name
    # The correction's claim: the seed's printed activations are 1 − σ, to its 4 decimals.
    for printed, net in ((0.4055, 0.3825), (0.4037, 0.39), (0.2761, 0.96405)):
        assert round(1 - sigmoid(net), 4) == printed


def test_seed000_backward_and_updates(tour):
    data = section(tour, "000", "Network Mechanics · Backward Pass").data
    for name in WEIGHTS:
        grad = central(lambda t, n=name: seed000_net(dict(WEIGHTS, **{n: t}))[1],
                       WEIGHTS[name])
        assert data["grads"][name] == pytest.approx(grad, rel=1e-6, abs=1e-12), name
        assert data["updates"][name] == pytest.approx(WEIGHTS[name] - 0.5 * grad, abs=1e-9)
    assert data["updates"]["c1"] == 0.35 and data["updates"]["c2"] == 0.60


def test_seed000_tables_checked(tour):
    data = section(tour, "000", "Network Mechanics · the seed's tables, checked").data
    # y1 = 0.3825 is the true value, so it is not marked wrong (issue 12) even though it
    # cannot come from the printed x1 = 0.5; the first wrong value is the flipped σ.
    assert data["first_wrong"] == "y1^a"
    y1_from_printed_x1 = 0.5 * 0.15 + 0.1 * 0.25 + 0.35
    assert abs(y1_from_printed_x1 - 0.3825) > 5e-5
    forward = section(tour, "000", "Network Mechanics · Forward Pass")
    evidence = next(c.evidence for c in forward.corrections if c.correct == "x1 = 0.05")
    assert evidence.endswith(f"it would be {y1_from_printed_x1:g}")


# -- seed 001 ------------------------------------------------------------------------------------
def test_seed001_basics(tour):
    data = section(tour, "001", "Basics").data
    f = lambda x: 3 * x**2 - 4 * x + 5  # noqa: E731
    for h, (fxh, q) in data["quotients"].items():
        assert fxh == f(3 + h) and q == (f(3 + h) - f(3)) / h
    assert data["exact"] == 6 * 3 - 4


def test_seed001_partial(tour):
    data = section(tour, "001", "With respect to").data
    a, b, c = 2.0, -3.0, 10.0
    assert data["at_point"] == b + c**2
    assert data["numeric"] == pytest.approx(central(lambda t: t * b + t * c**2, a), rel=1e-9)
    assert data["seed"] == b + 2 * c and data["check_correct"] is False


def test_seed001_graph(tour):
    data = section(tour, "001", "Chain Rule").data
    point = {"a": 2.0, "b": -3.0, "c": 10.0, "f": -2.0}

    def L(**v):
        return (v["a"] * v["b"] + v["c"]) * v["f"]

    assert data["L"] == L(**point)
    for name in point:
        expected = central(lambda t, n=name: L(**dict(point, **{n: t})), point[name])
        assert data["grads"][name] == pytest.approx(expected, abs=1e-6), name


# -- seed 002 ------------------------------------------------------------------------------------
def test_seed002_slopes(tour):
    data = section(tour, "002", "Impact of a parameter on the output").data
    assert data["slopes"] == [2.0] * 4


def test_seed002_tangents(tour):
    data = section(tour, "002", "Numerical Derivative").data
    h = 1e-4
    for x, t in data["tangents"].items():
        forward = (2 * (x + h) ** 2 - 2 * x**2) / h
        assert t["forward"] == pytest.approx(forward, abs=1e-9)
        assert t["true"] == 4 * x and t["forward"] - t["true"] == pytest.approx(2 * h, abs=1e-8)
        assert t["intercept"] == pytest.approx(2 * (x + h) ** 2 - forward * (x + h), abs=1e-9)
    assert data["corner"] == (1.0, -1.0)


def test_seed002_rules(tour):
    from chainrule import symbolic

    originals = {"7": lambda x: 7 + 0 * x, "x": lambda x: x, "3x + 2": lambda x: 3 * x + 2,
                 "5x^3": lambda x: 5 * x**3, "x^3 + 4x": lambda x: x**3 + 4 * x,
                 "x^3 - 4x": lambda x: x**3 - 4 * x, "x^5": lambda x: x**5}
    derivatives = section(tour, "002", "Derivatives Summary").data["derivatives"]
    assert set(derivatives) == set(originals)
    for formula, ascii_derivative in derivatives.items():
        got = symbolic.to_function(ascii_derivative + " + 0*x")(x=1.3)
        assert got == pytest.approx(central(originals[formula], 1.3), rel=1e-8), formula


# -- seed 003 ------------------------------------------------------------------------------------
def test_seed003_mse(tour):
    expected = ((0 - (-0.5)) ** 2 + (0.5 - 1) ** 2) / 2
    assert section(tour, "003", "Neural Networks").data["mse"] == expected


def descend_by_hand(grad, x, lr, steps):
    xs = [x]
    for _ in range(steps):
        x = x - lr * grad(x)
        xs.append(x)
        if abs(x) > 1e6:
            break
    return xs


def test_seed003_descent_on_square(tour):
    xs = next(s for s in tour.sections if s.title.startswith("x ← x")).data["xs"]
    assert xs == pytest.approx(descend_by_hand(lambda x: 2 * x, 1.0, 0.3, 3), abs=1e-15)


def test_seed003_descent_on_cubic(tour):
    data = next(s for s in tour.sections if "0.45" in s.title).data
    grad = lambda x: 3 * x**2 + 6 * x  # noqa: E731
    for lr in (0.04, 0.45):
        assert data["final"][lr] == pytest.approx(descend_by_hand(grad, -1.99, lr, 51)[-1],
                                                  abs=1e-9)
    assert abs(data["final"][0.04]) < 1e-2
    assert abs(descend_by_hand(grad, -2.01, 0.04, 51)[-1]) > 1e6
    assert data["edge_diverged"] is True


def test_seed003_inverse(tour):
    data = next(s for s in tour.sections if "∛y" in s.title).data
    for y, (exact, numeric, printed) in data["values"].items():
        assert exact == pytest.approx(y ** (-2 / 3) / 3, rel=1e-12)
        assert numeric == pytest.approx(central(np.cbrt, y), rel=1e-8)
        assert printed == pytest.approx(y ** (-1.5) / 3, rel=1e-12)
    assert data["check_correct"] is False


def test_seed003_composed(tour):
    data = next(s for s in tour.sections if "sin(b)" in s.title).data
    for a, (rules, backprop, numeric) in data["values"].items():
        expected = math.cos(3 * a**4) * 12 * a**3
        assert rules == pytest.approx(expected, rel=1e-12)
        assert backprop == pytest.approx(expected, rel=1e-12)
        assert numeric == pytest.approx(expected, rel=1e-8)


def test_seed003_two_paths(tour):
    data = next(s for s in tour.sections if "two paths" in s.title).data
    a = 2.0
    assert data["grad"] == pytest.approx(-21 * a**2, abs=1e-12)
    assert data["paths"] == pytest.approx((2 * a * (-7 * a), -7 * a**2), abs=1e-12)
    two = next(s for s in tour.sections if "two paths" in s.title)
    svg = two.figures[0].path.read_text(encoding="utf-8").lower()
    # The two paths the text names are coloured in the picture (orange via b, magenta via c).
    assert "orange" in two.text[0] and "magenta" in two.text[0]
    assert "#e08a00" in svg and "#c2187a" in svg


def test_seed003_worked_network(tour):
    data = section(tour, "003", "Putting It Together: A Simple Example").data
    i, W1, W2, t, lr = np.array([1, 0.5, 1]), np.array([0.5, 1, -0.5]), np.array([-1.0, 1]), \
        np.array([0.5, 1]), 0.1
    a0 = i @ W1
    h = max(a0, 0)
    c = h * W2
    o = np.maximum(c, 0)
    dc = (o - t) * (c > 0)  # MSE over 2 outputs: ∂E/∂o = 2(o − t)/2
    da0 = (dc @ W2) * (a0 > 0)
    assert data["loss"] == pytest.approx(np.mean((o - t) ** 2))
    expected = {"w_b0^c0": W2[0] - lr * dc[0] * h, "w_b0^c1": W2[1] - lr * dc[1] * h,
                "b^c0": -lr * dc[0], "b^c1": -lr * dc[1], "b^a0": -lr * da0,
                **{f"w_i{k}^a0": W1[k] - lr * da0 * i[k] for k in range(3)}}
    for name, value in expected.items():
        assert data["updates"][name] == pytest.approx(value, abs=1e-12), name


def test_digits_reaches_95_percent(tmp_path):
    from chainrule.tour.digits import EPOCHS, train_digits
    from chainrule.tour.files import FigureWriter

    s = train_digits(FigureWriter(tmp_path), epochs=EPOCHS)
    assert s.data["test_accuracy"] >= 0.95
    assert len(s.data["history"]["epoch"]) == EPOCHS


# -- the networks match the example files ----------------------------------------------------------
@pytest.mark.parametrize("name", ["seed000", "seed003"])
def test_networks_match_the_examples(name):
    from chainrule.explain import Network
    from chainrule.tour import networks

    path = REPO / "examples" / f"{name}.toml"
    if not path.exists():
        pytest.skip("examples/ is not next to the tests")
    mine = networks.network(getattr(networks, name.upper())).to_dict()
    theirs = Network.from_toml(path).to_dict()
    for key in ("inputs", "targets", "learning_rate", "frozen", "layers", "loss",
                "input_names"):
        assert mine[key] == theirs[key], key


def test_rnn_section_recomputed_by_hand(tour):
    """The recurrent section: forward in time, δ_t back in time, sums over t, by plain loops."""
    s = next(s for s in tour.sections if "through time" in s.title)
    wx, wh, b, wy, by, target = 0.5, 0.8, 0.1, 1.5, 0.2, 0.5
    h = [0.0]
    for x in (1.0, 0.5, -1.0):
        h.append(math.tanh(wx * x + wh * h[-1] + b))
    o = wy * h[3] + by
    assert s.data["loss"] == pytest.approx(0.5 * (target - o) ** 2, abs=1e-15)
    assert s.data["h"] == pytest.approx(h, abs=1e-15)
    dh, deltas = wy * (o - target), [0.0] * 4
    for t in (3, 2, 1):
        deltas[t] = dh * (1 - h[t] ** 2)
        dh = wh * deltas[t]
    assert s.data["deltas"] == pytest.approx(deltas[1:], abs=1e-15)
    grads = s.data["grads"]
    assert grads["W_hh"] == pytest.approx(sum(deltas[t] * h[t - 1] for t in (1, 2, 3)), abs=1e-15)
    assert grads["W_xh"] == pytest.approx(deltas[1] + 0.5 * deltas[2] - deltas[3], abs=1e-15)
    assert grads["b_ih"] == grads["b_hh"] == pytest.approx(sum(deltas[1:]), abs=1e-15)
    assert s.data["losses"][-1] < s.data["losses"][0] and s.seed == "003"


def test_rnn_network_matches_the_example():
    from chainrule.explain.families import load_file
    from chainrule.explain.rnn import from_dict
    from chainrule.tour.rnn import RNN

    path = REPO / "examples" / "rnn.toml"
    if not path.exists():
        pytest.skip("examples/ is not next to the tests")
    mine, theirs = from_dict(RNN, "tour").to_dict(), load_file(path).to_dict()
    for key in ("inputs", "h0", "targets", "learning_rate", "rnn", "output", "loss"):
        assert mine[key] == theirs[key], key


def test_conv_section_recomputed_by_hand(tour):
    """The convolutional section: the kernel's outputs, ReLU, ∂E/∂K as sums, by plain loops."""
    s = next(s for s in tour.sections if "kernel" in s.title)
    X = [[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [2.0, 0.0, 1.0]]
    K, b, W = [[0.5, -1.0], [0.25, 1.0]], 0.1, [1.0, -0.5, 0.5, 2.0]
    Y1 = [[b + sum(K[u][v] * X[i + u][j + v] for u in range(2) for v in range(2))
           for j in range(2)] for i in range(2)]
    Y2 = [max(y, 0.0) for row in Y1 for y in row]
    out = sum(w * y for w, y in zip(W, Y2))
    flat = lambda rows: [x for row in rows for x in row]  # noqa: E731
    assert flat(s.data["Y1"]) == pytest.approx(flat(Y1), abs=1e-15)
    assert s.data["loss"] == pytest.approx(0.5 * (1.0 - out) ** 2, abs=1e-15)
    dY1 = [[(out - 1.0) * W[2 * i + j] * (Y1[i][j] > 0) for j in range(2)] for i in range(2)]
    assert flat(s.data["dY1"]) == pytest.approx(flat(dY1), abs=1e-15)
    dK = [[sum(dY1[i][j] * X[i + u][j + v] for i in range(2) for j in range(2))
           for v in range(2)] for u in range(2)]
    assert flat(s.data["dK"]) == pytest.approx(flat(dK), abs=1e-15)
    assert s.data["db"] == pytest.approx(sum(map(sum, dY1)), abs=1e-15)
    assert s.data["losses"][-1] < s.data["losses"][0] and s.seed == "003"


def test_conv_network_matches_the_example():
    from chainrule.explain.conv import from_dict
    from chainrule.explain.families import load_file
    from chainrule.tour.conv import CONV

    path = REPO / "examples" / "conv.toml"
    if not path.exists():
        pytest.skip("examples/ is not next to the tests")
    mine, theirs = from_dict(CONV, "tour").to_dict(), load_file(path).to_dict()
    for key in ("inputs", "targets", "learning_rate", "layers", "loss"):
        assert mine[key] == theirs[key], key
