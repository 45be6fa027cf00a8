"""Seed 003's "next steps" — convolutional layers: one step of backpropagation through a CNN.

The seed names convolutional layers as the next kind of layer to learn. This section takes the
learner there from its fully connected layer: ``examples/conv.toml`` slides one 2×2 kernel
over a 3×3 image, and its training step is the dense one with one change — the kernel's
weights are used at every output position, so each one's gradient is a sum over the positions
it touched.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from chainrule.explain import explain
from chainrule.explain.conv import from_dict
from chainrule.explain.render.document import number
from chainrule.tour.model import Section, TourTable
from chainrule.tour.util import chain_equations

SEED = "003"
STEPS = 20
#: ``examples/conv.toml`` as data (a test keeps them equal), so the tour runs from a wheel too.
CONV: dict[str, Any] = {
    "kind": "conv2d", "name": "conv", "learning_rate": 0.1,
    "inputs": [[1.0, 2.0, 0.0], [0.0, 1.0, -1.0], [2.0, 0.0, 1.0]], "targets": [1.0],
    "layers": [{"type": "conv2d", "weight": [[0.5, -1.0], [0.25, 1.0]], "bias": [0.1]},
               {"type": "relu"}, {"type": "flatten"},
               {"type": "dense", "weight": [[1.0, -0.5, 0.5, 2.0]], "bias": [0.0]}],
    "loss": {"kind": "half_sse", "name": "E"},
}


def factor(x: float) -> str:
    """A number as a factor of a product, negative ones in parentheses (the explain way)."""
    return number(float(x), 6, factor=True).text


def backprop_through_a_kernel() -> Section:
    """Forward through the kernel, ∂E/∂Y back to it, each ∂E/∂K cell's sum, the update."""
    net = from_dict(CONV, "tour: conv")
    ex = explain(net, STEPS)
    g, p = ex.detail(1), ex.params_at(1)
    X, Y1, dY1 = g.ys[0][0, 0], g.ys[1][0, 0], g.dys[1][0, 0]
    forward = [(f"Y1[{i + 1},{j + 1}]", Y1[i, j], g.ys[2][0, 0, i, j], dY1[i, j])
               for i, j in np.ndindex(*Y1.shape)]
    K, dK, eta = p["K1"][0, 0], g.grads["K1"][0, 0], net.learning_rate
    cells = [(f"K1[{u + 1},{v + 1}]", " + ".join(
        f"{factor(dY1[i, j])}·{factor(X[i + u, j + v])}" for i, j in np.ndindex(*dY1.shape)),
        dK[u, v], K[u, v] - eta * dK[u, v]) for u, v in np.ndindex(*K.shape)]
    return Section(
        SEED, "Next Steps · convolutional layers",
        "backpropagation through a 2×2 kernel",
        text=(
            "A convolutional layer slides a small kernel K over the image: each output is a "
            "sum of products of K with the window under it, Y1[i,j] = b1 + Σ_u Σ_v "
            "K1[u,v]·X[i+u−1, j+v−1] (PyTorch's cross-correlation: no flip). A ReLU, a "
            f"flatten and a fully connected layer give the output {g.ys[-1][0, 0]:.6g} against "
            f"the target 1, E = {g.E:.6g}.",
            "Backwards, the dense layer is the seeds' own; the flatten only moves numbers; "
            "the ReLU passes ∂E/∂Y where Y1 > 0 and 0 elsewhere.",
            "The kernel is used at every output position, so each cell's gradient is a sum "
            "over the four positions it touched: ∂E/∂K1[u,v] = Σ_i Σ_j ∂E/∂Y1[i,j]·X[i+u−1, "
            "j+v−1] — the image correlated with ∂E/∂Y1. "
            f"After {STEPS} steps of p ← p − {eta:g}·∂E/∂p the loss is {ex.final_loss:.3g}.",
        ),
        derivations=tuple(chain_equations(ex, ["K1[1,1]", "K1[2,2]", "b1"])),
        tables=(
            TourTable.of(("output", "Y1", "Y2 = ReLU(Y1)", "∂E/∂Y1"), forward,
                         "The kernel's outputs and their gradients"),
            TourTable.of(("kernel cell", "Σ of ∂E/∂Y1·X over the positions", "∂E/∂K", "new"),
                         cells, f"Each cell's sum, and K⁺ = K − {eta:g}·∂E/∂K"),
        ),
        commands=("chainrule explain examples/conv.toml",
                  "chainrule explain examples/conv.toml --check examples/conv-learner.toml",
                  "chainrule explain examples/conv.toml --steps 1000"),
        data={"loss": g.E, "Y1": Y1.tolist(), "dY1": dY1.tolist(), "dK": dK.tolist(),
              "db": float(g.grads["b1"][0]), "final_loss": ex.final_loss,
              "losses": list(ex.losses)},
    )


__all__ = ["CONV", "backprop_through_a_kernel"]
