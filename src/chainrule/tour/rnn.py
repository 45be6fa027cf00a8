"""Seed 003's "next steps" — recurrent networks: one step of backpropagation through time.

The seed ends by pointing at recurrent neural networks "which can hold on to memory". This
section takes the learner there from dense layers: the one-unit Elman RNN of
``examples/rnn.toml`` reads three inputs, and its training step is the dense one with two
changes — δ_t comes back through W_hh from the step after, and the weights shared by every
time step sum one contribution per step.
"""

from __future__ import annotations

from typing import Any

from chainrule.explain import explain
from chainrule.explain.rnn import from_dict
from chainrule.tour.model import Section, TourTable
from chainrule.tour.util import chain_equations

SEED = "003"
STEPS = 20
#: ``examples/rnn.toml`` as data (a test keeps them equal), so the tour runs from a wheel too.
RNN: dict[str, Any] = {
    "kind": "rnn", "name": "rnn", "learning_rate": 0.1, "inputs": [1.0, 0.5, -1.0],
    "h0": [0.0], "targets": [0.5],
    "rnn": {"weight_ih": [[0.5]], "weight_hh": [[0.8]], "bias_ih": [0.1], "bias_hh": [0.0]},
    "output": {"weight": [[1.5]], "bias": [0.2], "activation": "identity"},
    "loss": {"kind": "half_sse", "name": "E"},
}


def backprop_through_time() -> Section:
    """Forward over three time steps, δ_t back through time, the sums over t, the update."""
    net = from_dict(RNN, "tour: rnn")
    ex = explain(net, STEPS)
    g, p = ex.detail(1), ex.params_at(1)
    T = net.steps
    contributions = ex.contributions(1)
    forward = [(str(t), net.xs[t - 1, 0], g.z[t - 1, 0], g.h[t, 0]) for t in range(1, T + 1)]
    backward = [(str(t), g.dh[t, 0], 1 - g.h[t, 0] ** 2, g.dz[t - 1, 0])
                for t in range(T, 0, -1)]
    sums = [(str(t + 1), contributions["W_hh"][t][0, 0], contributions["W_xh"][t][0, 0],
             contributions["b"][t][0]) for t in range(T)]
    sums.append(("Σ", g.grads["W_hh"][0, 0], g.grads["W_xh"][0, 0], g.grads["b_ih"][0]))
    eta = net.learning_rate
    updates = [(name, float(p[s].reshape(-1)[0]), float(g.grads[s].reshape(-1)[0]),
                float(p[s].reshape(-1)[0] - eta * g.grads[s].reshape(-1)[0]))
               for s, name in (("W_xh", "W_xh"), ("W_hh", "W_hh"), ("b_ih", "b_ih"),
                               ("b_hh", "b_hh"), ("W_hy", "W_hy"), ("b_y", "b_y"))]
    return Section(
        SEED, "Next Steps · recurrent neural networks",
        "backpropagation through time on a one-unit RNN",
        text=(
            "An Elman RNN keeps a hidden state: z_t = W_xh·x_t + W_hh·h_{t−1} + b_ih + b_hh, "
            "h_t = tanh(z_t), and a dense output reads the last one, o = W_hy·h₃ + b_y. "
            f"From x = 1, 0.5, −1 and h₀ = 0 it gives o = {g.o[0]:.6g} against the target "
            f"0.5, E = ½(0.5 − o)² = {g.E:.6g}.",
            "Backwards, the output's δ reaches h₃; from there each step's δ_t = ∂E/∂h_t·(1 − "
            "h_t²) (tanh′), and ∂E/∂h_{t−1} = W_hh·δ_t carries it one step further back.",
            "W_xh, W_hh and the biases are the same at every step, so their gradients are "
            "sums over t: ∂E/∂W_hh = Σ_t δ_t·h_{t−1}, ∂E/∂W_xh = Σ_t δ_t·x_t, ∂E/∂b = Σ_t δ_t. "
            f"After {STEPS} steps of W ← W − {eta:g}·∂E/∂W the loss is {ex.final_loss:.3g}.",
        ),
        derivations=tuple(chain_equations(ex, ["W_hh", "W_xh"])),
        tables=(
            TourTable.of(("t", "x_t", "z_t", "h_t = tanh(z_t)"), forward, "Forward in time"),
            TourTable.of(("t", "∂E/∂h_t", "1 − h_t²", "δ_t"), backward, "Backward in time"),
            TourTable.of(("t", "δ_t·h_{t−1}", "δ_t·x_t", "δ_t"), sums,
                         "One contribution per time step, summed"),
            TourTable.of(("parameter", "old", "∂E/∂p", "new"), updates,
                         f"Updates p⁺ = p − {eta:g}·∂E/∂p"),
        ),
        commands=("chainrule explain examples/rnn.toml",
                  "chainrule explain examples/rnn.toml --check examples/rnn-learner.toml",
                  "chainrule explain examples/rnn-seq.toml --steps 1000"),
        data={"loss": g.E, "h": g.h[:, 0].tolist(), "deltas": g.dz[:, 0].tolist(),
              "grads": {k: float(v.reshape(-1)[0]) for k, v in g.grads.items()},
              "final_loss": ex.final_loss, "losses": list(ex.losses)},
    )


__all__ = ["RNN", "backprop_through_time"]
