"""The conv2d explanation against PyTorch float64: every layer output, every ∂E/∂(layer output)
down to ∂E/∂X, every parameter gradient, the listed sums of products behind ∂E/∂K and ∂E/∂X,
the matrix-view correlations, and three steps of plain SGD.

The reference is written here from the network dict alone (torch.nn.functional.conv2d,
max_pool2d, linear and torch's own losses); no chainrule code computes an expected number.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from chainrule.explain.conv.compose_maps import dilate, pad  # noqa: E402
from chainrule.explain.conv.engine import input_terms, kernel_terms, pool_routes  # noqa: E402
from chainrule.explain.conv.network import from_dict  # noqa: E402

F64 = torch.float64
TOL = 1e-12

# seed, batch, channels, image side, conv1 (out, kernel, stride, padding), max pool after conv1
# (kernel, stride, padding) or None, conv2 or None, activation, loss, outputs
CASES = [
    (0, 1, 1, 5, (1, 2, 1, 0), None, None, "relu", "half_sse", 1),
    (1, 2, 2, 6, (2, 3, 2, 1), (2, 2, 0), None, "relu", "mse", 2),
    (2, 3, 3, 5, (3, 2, 1, 1), None, (2, 2, 1, 0), "tanh", "cce", 3),
    (3, 1, 2, 6, (1, 3, (1, 2), (0, 1)), (2, 1, 0), None, "sigmoid", "half_sse", 2),
    (4, 2, 1, 7, (2, 3, 2, 0), None, (3, 2, 1, 1), "relu", "cce", 2),
    (5, 3, 3, 6, (2, (2, 3), 2, 0), None, None, "tanh", "mse", 1),
    (6, 2, 2, 6, (3, 3, 1, 1), (3, 2, 1), (1, 2, 2, 0), "sigmoid", "half_sse", 3),
    (7, 1, 3, 5, (2, 2, 1, 0), (2, 2, 0), None, "relu", "cce", 3),
    (8, 3, 1, 6, (1, 2, 2, 1), None, (2, 2, 1, 0), "tanh", "half_sse", 2),
    (9, 2, 2, 7, (3, 3, 2, 1), (2, 1, 0), (2, 2, 2, 1), "relu", "mse", 1),
]
IDS = [f"seed{c[0]}" for c in CASES]


# The matrix view's formulas, computed from the very pad/dilate the drawing uses: correlating
# those matrices must give the engine's (and so torch's) gradients.
def correlate(a: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The valid cross-correlation of 2-D ``a`` with ``k``:
    out[i,j] = Σ_u Σ_v a[i+u, j+v]·k[u,v]."""
    H, W = a.shape[0] - k.shape[0] + 1, a.shape[1] - k.shape[1] + 1
    return np.array([[float(np.sum(a[i:i + k.shape[0], j:j + k.shape[1]] * k))
                      for j in range(W)] for i in range(H)])



def kernel_gradient(layer: Any, x: np.ndarray, g: np.ndarray, o: int, c: int) -> np.ndarray:
    """Σ_n X̃[n,c] ⋆ G↑s[n,o], cut to the kernel's size (a stride that leaves rows unread
    makes the correlation larger)."""
    kh, kw = layer.params["K"].shape[2:]
    total = sum(correlate(pad(x[n, c], layer.config["padding"]),
                          dilate(g[n, o], layer.config["stride"])) for n in range(x.shape[0]))
    return np.asarray(total)[:kh, :kw]


def input_gradient(layer: Any, g: np.ndarray, n: int, c: int, shape: tuple[int, int]
                   ) -> np.ndarray:
    """Σ_o pad(G↑s[n,o], k − 1 − p) ⋆ rot180(K[o,c]), cut to the input's ``shape``."""
    K = layer.params["K"]
    kh, kw = K.shape[2:]
    p = layer.config["padding"]
    total = np.zeros(shape)
    for o in range(K.shape[0]):
        d = dilate(g[n, o], layer.config["stride"])
        full = correlate(pad(d, (kh - 1, kw - 1)), K[o, c, ::-1, ::-1])
        cut = full[p[0]:p[0] + shape[0], p[1]:p[1] + shape[1]]
        total[:cut.shape[0], :cut.shape[1]] += cut
    return total


def _pair(v: Any) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else tuple(v)


def _side(n: int, k: int, s: int, p: int) -> int:
    return (n + 2 * p - k) // s + 1


def random_case(seed: int, N: int, C: int, H: int, conv1: tuple, pool: tuple | None,
                conv2: tuple | None, act: str, loss: str, n: int) -> dict[str, Any]:
    """A conv2d network dict with random (seeded) images, weights and targets."""
    rng = np.random.default_rng(seed)
    u = lambda *s: rng.uniform(-1, 1, s)  # noqa: E731
    layers: list[dict[str, Any]] = []
    shape = (C, H, H)

    def conv(spec: tuple, shape: tuple) -> tuple:
        O, k, s, p = spec
        (kh, kw), (sh, sw), (ph, pw) = _pair(k), _pair(s), _pair(p)
        K = u(O, shape[0], kh, kw)
        table = {"type": "conv2d", "weight": K.tolist(), "bias": u(O).tolist(),
                 "stride": s if isinstance(s, int) else list(s),
                 "padding": p if isinstance(p, int) else list(p)}
        if K.shape[:2] == (1, 1):  # the file's (kh, kw) form of one kernel
            table["weight"] = K[0, 0].tolist()
        layers.append(table)
        return (O, _side(shape[1], kh, sh, ph), _side(shape[2], kw, sw, pw))

    shape = conv(conv1, shape)
    if pool is not None:
        k, s, p = pool
        layers.append({"type": "maxpool2d", "kernel_size": k, "stride": s, "padding": p})
        shape = (shape[0], _side(shape[1], k, s, p), _side(shape[2], k, s, p))
    layers.append({"type": act})
    if conv2 is not None:
        shape = conv(conv2, shape)
        layers.append({"type": act})
    assert min(shape) >= 1
    layers.append({"type": "flatten"})
    layers.append({"type": "dense", "weight": u(n, int(np.prod(shape))).tolist(),
                   "bias": u(n).tolist()})
    if loss == "cce":
        layers.append({"type": "softmax"})
        targets = np.eye(n)[rng.integers(0, n, N)]
    else:
        targets = u(N, n)
    x = u(N, C, H, H)
    inputs = x[0, 0] if (N, C) == (1, 1) else x[0] if N == 1 else x  # H×W, C×H×W or N×C×H×W
    return {"kind": "conv2d", "name": f"case{seed}", "learning_rate": 0.05,
            "inputs": inputs.tolist(), "targets": targets.tolist(), "layers": layers,
            "loss": {"kind": loss}}


def _symbols(d: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(explain symbol, 0-based layer, torch name) of every parameter, in layer order."""
    out = []
    for i, layer in enumerate(d["layers"]):
        if layer["type"] in ("conv2d", "dense"):
            w = "K" if layer["type"] == "conv2d" else "W"
            out += [(f"{w}{i + 1}", i, f"{i}.weight"), (f"b{i + 1}", i, f"{i}.bias")]
    return out


def torch_leaves(d: dict[str, Any]) -> dict[str, Any]:
    """The dict's parameters as float64 leaves (a (kh, kw) kernel as (1, 1, kh, kw))."""
    leaves = {}
    for sym, i, _ in _symbols(d):
        layer = d["layers"][i]
        a = torch.tensor(layer["bias" if sym[0] == "b" else "weight"], dtype=F64)
        if sym[0] == "K" and a.ndim == 2:
            a = a.reshape(1, 1, *a.shape)
        leaves[sym] = a.requires_grad_(True)
    return leaves


def torch_images(d: dict[str, Any]) -> Any:
    x = torch.tensor(d["inputs"], dtype=F64)
    return x.reshape((1,) * (4 - x.ndim) + tuple(x.shape))


def torch_forward(d: dict[str, Any], leaves: dict[str, Any], x: Any) -> tuple[list, Any]:
    """Every layer output (ys[0] = X) and E, the mean over the samples of the loss. With
    softmax + cce, E is torch's cross_entropy of the softmax's input (logits, class indices)
    and the softmax output is computed off the graph."""
    ys = [x]
    t = torch.tensor(d["targets"], dtype=F64).reshape(x.shape[0], -1)
    for i, layer in enumerate(d["layers"], 1):
        y, kind = ys[-1], layer["type"]
        if kind == "conv2d":
            y = F.conv2d(y, leaves[f"K{i}"], leaves[f"b{i}"], stride=_pair(layer["stride"]),
                         padding=_pair(layer["padding"]))
        elif kind == "maxpool2d":
            y = F.max_pool2d(y, layer["kernel_size"], layer.get("stride"),
                             layer.get("padding", 0))
        elif kind == "flatten":
            y = torch.flatten(y, 1)
        elif kind == "dense":
            y = F.linear(y, leaves[f"W{i}"], leaves[f"b{i}"])
        elif kind == "softmax":
            with torch.no_grad():
                y = torch.softmax(y, dim=1)
        else:
            y = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}[kind](y)
        ys.append(y)
    kind = d.get("loss", {}).get("kind", "half_sse")
    if kind == "half_sse":
        E = 0.5 * ((ys[-1] - t) ** 2).sum() / x.shape[0]
    elif kind == "mse":
        E = F.mse_loss(ys[-1], t)  # mean over N·n = mean over samples of Σ (y − t)²/n
    else:
        assert d["layers"][-1]["type"] == "softmax"
        E = F.cross_entropy(ys[-2], t.argmax(dim=1))
    return ys, E


def torch_pass(d: dict[str, Any]) -> dict[str, Any]:
    """ys, ∂E/∂ys (from torch's backward; for the softmax output −t/(N·y) by hand), E and
    ∂E/∂p."""
    leaves = torch_leaves(d)
    x = torch_images(d).requires_grad_(True)
    ys, E = torch_forward(d, leaves, x)
    for y in ys[1:]:
        if y.requires_grad:
            y.retain_grad()
    E.backward()
    dys = [None if y.grad is None else y.grad.numpy().copy() for y in ys]
    dys[0] = x.grad.numpy().copy()
    if d.get("loss", {}).get("kind", "half_sse") == "cce":
        t = np.array(d["targets"], dtype=float)
        dys[-1] = -t / (len(t) * ys[-1].numpy())
    return {"ys": [y.detach().numpy() for y in ys], "dys": dys, "E": float(E.detach()),
            "grads": {s: p.grad.numpy().copy() for s, p in leaves.items()}}


def torch_sgd(d: dict[str, Any], steps: int) -> tuple[list[float], dict[str, np.ndarray]]:
    """``steps`` steps of p ← p − η·∂E/∂p: E before each step, the parameters after the last."""
    leaves, x, losses = torch_leaves(d), torch_images(d), []
    for _ in range(steps):
        E = torch_forward(d, leaves, x)[1]
        losses.append(float(E.detach()))
        E.backward()
        with torch.no_grad():
            for p in leaves.values():
                p -= d["learning_rate"] * p.grad
                p.grad = None
    return losses, {s: p.detach().numpy() for s, p in leaves.items()}


def _close(got: Any, want: Any, what: str) -> None:
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=0, atol=TOL,
                               err_msg=what)


def test_the_cases_cover_what_they_should():
    nets = [from_dict(random_case(*c)) for c in CASES]
    layers = [layer for net in nets for layer in net.layers]
    convs = [layer for layer in layers if layer.kind == "conv2d"]
    assert {s for layer in convs for s in layer.config["stride"]} == {1, 2}
    assert {p for layer in convs for p in layer.config["padding"]} == {0, 1}
    assert {layer.params["K"].shape[1] for layer in convs} >= {1, 2, 3}
    assert {layer.params["K"].shape[0] for layer in convs} >= {1, 2, 3}
    assert {net.samples for net in nets} == {1, 2, 3}
    assert {net.loss.kind for net in nets} == {"half_sse", "mse", "cce"}
    assert {layer.kind for layer in layers} >= {"relu", "tanh", "sigmoid", "maxpool2d",
                                                "softmax", "flatten", "dense"}
    assert sum(any(layer.kind == "maxpool2d" for layer in net.layers) for net in nets) >= 3
    assert sum(sum(layer.kind == "conv2d" for layer in net.layers) == 2 for net in nets) >= 3


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_output_gradient_and_parameter_gradient_matches_torch(case):
    d = random_case(*case)
    ref = torch_pass(d)
    net = from_dict(d, "case")
    ex = net.explain(1)
    g = ex.detail(1)
    assert abs(g.E - ref["E"]) <= TOL
    assert ex.losses[0] == pytest.approx(ref["E"], abs=TOL)
    assert len(g.ys) == len(g.dys) == len(d["layers"]) + 1
    for l, (y, dy) in enumerate(zip(ref["ys"], ref["dys"])):
        _close(g.ys[l], y, f"Y{l}")
        _close(g.dys[l], dy, f"∂E/∂Y{l}")
    assert set(g.grads) == {s for s, _, _ in _symbols(d)}
    by_torch_name = ex.gradients(1)
    for sym, _, name in _symbols(d):
        _close(g.grads[sym], ref["grads"][sym], sym)
        _close(by_torch_name[name], ref["grads"][sym], name)
    assert set(by_torch_name) == {name for _, _, name in _symbols(d)}
    # E is the mean of the samples' losses
    assert g.losses.shape == (net.samples,)
    assert np.mean(g.losses) == pytest.approx(ref["E"], abs=TOL)


def _conv_layers(net):
    return [(l, layer) for l, layer in enumerate(net.layers, 1) if layer.kind == "conv2d"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_listed_products_add_up_to_torchs_gradients(case):
    d = random_case(*case)
    ref = torch_pass(d)
    net = from_dict(d, "case")
    g = net.explain(1).detail(1)
    for l, layer in _conv_layers(net):
        x, G = ref["ys"][l - 1], ref["dys"][l]
        dK, dX = ref["grads"][f"K{l}"], ref["dys"][l - 1]
        for o, c, u, v in np.ndindex(*layer.params["K"].shape):
            terms = kernel_terms(layer, g.ys[l - 1], g.dys[l], o, c, u, v)
            assert len(terms) == G.shape[0] * G.shape[2] * G.shape[3]
            for n, (oo, i, j), a, b, src in terms:
                assert oo == o and a == pytest.approx(G[n, o, i, j], abs=TOL)
                # the other factor is the input the cell read at (i, j), or the padding's 0
                (sh, sw), (ph, pw) = layer.config["stride"], layer.config["padding"]
                r, q = sh * i + u - ph, sw * j + v - pw
                inside = 0 <= r < x.shape[2] and 0 <= q < x.shape[3]
                assert src == ((n, c, r, q) if inside else None)
                assert b == pytest.approx(x[n, c, r, q] if inside else 0.0, abs=TOL)
            total = sum(a * b for _, _, a, b, _ in terms)
            assert total == pytest.approx(dK[o, c, u, v], abs=TOL), (l, o, c, u, v)
        for n, c, r, q in np.ndindex(*dX.shape):
            terms = input_terms(layer, g.dys[l], n, c, r, q)
            total = sum(a * b for _, _, a, b, _ in terms)
            assert total == pytest.approx(dX[n, c, r, q], abs=TOL), (l, n, c, r, q)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_matrix_view_correlations_equal_torchs_gradients(case):
    d = random_case(*case)
    ref = torch_pass(d)
    net = from_dict(d, "case")
    g = net.explain(1).detail(1)
    for l, layer in _conv_layers(net):
        O, C = layer.params["K"].shape[:2]
        for o in range(O):
            for c in range(C):
                got = kernel_gradient(layer, g.ys[l - 1], g.dys[l], o, c)
                _close(got, ref["grads"][f"K{l}"][o, c], f"K{l}[{o},{c}]")
        if layer.config["stride"] != (1, 1):
            continue  # the document draws the full convolution for stride 1 only
        dX = ref["dys"][l - 1]
        for n in range(dX.shape[0]):
            for c in range(C):
                got = input_gradient(layer, g.dys[l], n, c, dX.shape[2:])
                _close(got, dX[n, c], f"∂E/∂Y{l - 1}[{n},{c}]")


@pytest.mark.parametrize("case", [c for c in CASES if c[4][2] != 1],
                         ids=[i for c, i in zip(CASES, IDS) if c[4][2] != 1])
def test_the_full_convolution_with_the_dilated_gradient_holds_for_stride_2(case):
    # input_gradient's formula dilates G by the stride: it holds beyond what the document draws
    d = random_case(*case)
    ref = torch_pass(d)
    net = from_dict(d, "case")
    g = net.explain(1).detail(1)
    layer = net.layers[0]
    dX = ref["dys"][0]
    for n, c in np.ndindex(*dX.shape[:2]):
        _close(input_gradient(layer, g.dys[1], n, c, dX.shape[2:]), dX[n, c], f"∂E/∂X[{n},{c}]")


POOLED = [c for c in CASES if c[5] is not None]


@pytest.mark.parametrize("case", POOLED, ids=[f"seed{c[0]}" for c in POOLED])
def test_each_windows_gradient_goes_where_torchs_max_pool_sends_it(case):
    d = random_case(*case)
    net = from_dict(d, "case")
    g = net.explain(1).detail(1)
    ref = torch_pass(d)
    for l, layer in enumerate(net.layers, 1):
        if layer.kind != "maxpool2d":
            continue
        x = ref["ys"][l - 1]
        table = d["layers"][l - 1]
        _, where = F.max_pool2d(torch.tensor(x), table["kernel_size"], table["stride"],
                                table["padding"], return_indices=True)
        routes = pool_routes(layer, g.ys[l - 1])
        assert routes.shape == (*ref["ys"][l].shape, 2)
        np.testing.assert_array_equal(routes[..., 0] * x.shape[3] + routes[..., 1],
                                      where.numpy())
        # the window's maximum is read there, and its ∂E/∂Y lands there
        N, C, Ho, Wo = ref["ys"][l].shape
        back = np.zeros_like(x)
        for n, c, i, j in np.ndindex(N, C, Ho, Wo):
            r, q = routes[n, c, i, j]
            assert x[n, c, r, q] == ref["ys"][l][n, c, i, j]
            back[n, c, r, q] += ref["dys"][l][n, c, i, j]
        _close(back, ref["dys"][l - 1], f"∂E/∂Y{l - 1}")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_three_steps_follow_plain_sgd_in_torch(case):
    d = random_case(*case)
    losses, after = torch_sgd(d, 3)
    net = from_dict(d, "case")
    ex = net.explain(3)
    assert len(ex.losses) == 3
    np.testing.assert_allclose(ex.losses, losses, rtol=0, atol=TOL)
    want = net.named(after)
    assert set(ex.final_parameters) == set(want)
    for name, value in want.items():
        assert ex.final_parameters[name] == pytest.approx(value, abs=TOL), name
    # the final loss is E at the parameters after step 3
    assert ex.final_loss == pytest.approx(torch_sgd(d, 4)[0][3], abs=TOL)


def test_a_tied_window_sends_its_gradient_to_the_first_maximum_as_torch_does():
    # a relu before the pool makes zeros, and the image repeats values: windows with ties
    x = [[[[1.0, 1.0, 0.0, 2.0], [1.0, 0.5, 2.0, 2.0], [-1.0, -1.0, 3.0, 0.0],
           [-1.0, -2.0, 3.0, 3.0]]]]
    d = {"kind": "conv2d", "learning_rate": 0.1, "inputs": x, "targets": [[0.5, -0.5]],
         "layers": [{"type": "relu"},
                    {"type": "maxpool2d", "kernel_size": 2, "stride": 1},
                    {"type": "maxpool2d", "kernel_size": 2, "stride": 2, "padding": 1},
                    {"type": "flatten"},
                    {"type": "dense", "weight": [[1.0, -2.0, 0.5, 1.5], [0.25, 1.0, -1.0, 2.0]],
                     "bias": [0.0, 0.1]}]}
    ref = torch_pass(d)
    net = from_dict(d, "case")
    g = net.explain(1).detail(1)
    for l, (y, dy) in enumerate(zip(ref["ys"], ref["dys"])):
        _close(g.ys[l], y, f"Y{l}")
        _close(g.dys[l], dy, f"∂E/∂Y{l}")
    for l in (2, 3):
        table = d["layers"][l - 1]
        _, where = F.max_pool2d(torch.tensor(ref["ys"][l - 1]), table["kernel_size"],
                                table["stride"], table.get("padding", 0), return_indices=True)
        routes = pool_routes(net.layers[l - 1], g.ys[l - 1])
        width = ref["ys"][l - 1].shape[3]
        np.testing.assert_array_equal(routes[..., 0] * width + routes[..., 1], where.numpy())
