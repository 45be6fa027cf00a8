"""Independent references for the RNN explain tests: random small networks, torch float64
(torch.nn.RNN + Linear), and plain NumPy loops written out here (no chainrule code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SYMBOLS = ("W_xh", "W_hh", "b_ih", "b_hh", "W_hy", "b_y")


def random_case(seed: int, steps: int, hidden: int, inputs: int, outputs: int,
                loss: str = "half_sse", activation: str = "identity") -> dict[str, Any]:
    """A network file's dict with random weights (seeded)."""
    rng = np.random.default_rng(seed)
    u = lambda *s: rng.uniform(-0.9, 0.9, s).round(3).tolist()  # noqa: E731
    targets = (rng.uniform(0.1, 0.9, outputs) if loss == "bce"
               else rng.uniform(-1, 1, outputs)).round(3).tolist()
    return {"kind": "rnn", "name": f"case{seed}", "learning_rate": 0.3,
            "inputs": u(steps, inputs), "h0": u(hidden), "targets": targets,
            "rnn": {"weight_ih": u(hidden, inputs), "weight_hh": u(hidden, hidden),
                    "bias_ih": u(hidden), "bias_hh": u(hidden)},
            "output": {"weight": u(outputs, hidden), "bias": u(outputs),
                       "activation": activation},
            "loss": {"kind": loss}}


def torch_step(d: dict[str, Any]) -> dict[str, Any]:
    """torch.nn.RNN + Linear in float64 on the dict's network: h_t, E, every ∂E/∂p, and each
    parameter after one step p − η ∂E/∂p (arrays keyed by the explain symbols)."""
    import torch

    f64 = torch.float64
    cell, out = d["rnn"], d["output"]
    W = np.array(cell["weight_ih"])
    rnn = torch.nn.RNN(W.shape[1], W.shape[0], dtype=f64)
    lin = torch.nn.Linear(W.shape[0], len(d["targets"]), dtype=f64)
    with torch.no_grad():
        for name, value in (("weight_ih_l0", cell["weight_ih"]), ("weight_hh_l0",
                            cell["weight_hh"]), ("bias_ih_l0", cell["bias_ih"]),
                            ("bias_hh_l0", cell["bias_hh"])):
            getattr(rnn, name).copy_(torch.tensor(value, dtype=f64))
        lin.weight.copy_(torch.tensor(out["weight"], dtype=f64))
        lin.bias.copy_(torch.tensor(out["bias"], dtype=f64))
    x = torch.tensor(d["inputs"], dtype=f64)
    seq, h_n = rnn(x, torch.tensor([d["h0"]], dtype=f64))
    zo = lin(h_n[0])
    act = out.get("activation", "identity")
    o = {"identity": zo, "sigmoid": torch.sigmoid(zo), "tanh": torch.tanh(zo)}[act]
    t = torch.tensor(d["targets"], dtype=f64)
    kind = d["loss"]["kind"]
    if kind == "half_sse":
        E = 0.5 * ((o - t) ** 2).sum()
    elif kind == "mse":
        E = torch.nn.functional.mse_loss(o, t)
    else:
        E = torch.nn.functional.binary_cross_entropy(o, t)
    E.backward()
    params = {"W_xh": rnn.weight_ih_l0, "W_hh": rnn.weight_hh_l0, "b_ih": rnn.bias_ih_l0,
              "b_hh": rnn.bias_hh_l0, "W_hy": lin.weight, "b_y": lin.bias}
    eta = d["learning_rate"]
    return {"E": float(E.detach()), "h": seq.detach().numpy(), "o": o.detach().numpy(),
            "grads": {k: p.grad.numpy().copy() for k, p in params.items()},
            "after": {k: (p.detach() - eta * p.grad).numpy() for k, p in params.items()}}


def numpy_bptt(d: dict[str, Any]) -> dict[str, Any]:
    """Forward and backpropagation through time with explicit loops over the time steps
    (half_sse, identity output), written out the way a learner does it by hand."""
    cell, out = d["rnn"], d["output"]
    Wx, Wh = np.array(cell["weight_ih"], float), np.array(cell["weight_hh"], float)
    b = np.array(cell["bias_ih"], float) + np.array(cell["bias_hh"], float)
    Wy, by = np.array(out["weight"], float), np.array(out["bias"], float)
    xs = np.array(d["inputs"], float).reshape(len(d["inputs"]), -1)
    T, H = xs.shape[0], Wh.shape[0]
    hs, zs = [np.array(d.get("h0", [0.0] * H), float)], []
    for t in range(T):
        z = np.zeros(H)
        for i in range(H):
            z[i] = (sum(Wx[i, j] * xs[t, j] for j in range(xs.shape[1])) + b[i]
                    + sum(Wh[i, j] * hs[t][j] for j in range(H)))
        zs.append(z)
        hs.append(np.array([np.tanh(v) for v in z]))
    o = Wy @ hs[T] + by
    tgt = np.array(d["targets"], float)
    E = sum(0.5 * (tgt[j] - o[j]) ** 2 for j in range(len(o)))
    d_o = o - tgt
    dh = [None] * (T + 1)
    deltas = [None] * (T + 1)
    dh[T] = Wy.T @ d_o
    for t in range(T, 0, -1):
        deltas[t] = dh[t] * (1 - hs[t] ** 2)
        dh[t - 1] = Wh.T @ deltas[t]
    gWh = sum(np.outer(deltas[t], hs[t - 1]) for t in range(1, T + 1))
    gWx = sum(np.outer(deltas[t], xs[t - 1]) for t in range(1, T + 1))
    gb = sum(deltas[t] for t in range(1, T + 1))
    grads = {"W_xh": gWx, "W_hh": gWh, "b_ih": gb, "b_hh": gb, "W_hy": np.outer(d_o, hs[T]),
             "b_y": d_o}
    return {"z": np.array(zs), "h": np.array(hs), "o": o, "E": E, "delta_o": d_o,
            "deltas": np.array(deltas[1:]), "dh": np.array(dh), "grads": grads}


__all__ = ["EXAMPLES", "SYMBOLS", "numpy_bptt", "random_case", "torch_step"]
