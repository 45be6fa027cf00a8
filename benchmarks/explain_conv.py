"""``chainrule explain examples/conv.toml --steps 1000``: the convolutional family's long run.

Times the command as a user runs it (a subprocess, imports included; median of 3; the issue's
target is under 2 s), the library call ``explain(network, 1000)`` alone, the same 1000 steps
of plain SGD in PyTorch (float64, CPU) side by side when torch is installed, and one step
explained and rendered, for the example and for a CNN of torch's size (2 images of 1×6×6,
Conv2d(1, 3, 3, padding=1), ReLU, MaxPool2d(2), Conv2d(3, 4, 2), Flatten, Linear(16, 3)).

Run: ``.venv/bin/python benchmarks/explain_conv.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from _common import median_seconds

from chainrule.explain import explain
from chainrule.explain.conv import from_dict
from chainrule.explain.families import load_file

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "conv.toml"
STEPS = 1000


def cnn() -> object:
    """The bridge's test CNN as a conv2d network (seeded weights)."""
    rng = np.random.default_rng(0)
    layers = [{"type": "conv2d", "weight": rng.normal(0, 0.3, (3, 1, 3, 3)).tolist(),
               "padding": 1}, {"type": "relu"}, {"type": "maxpool2d", "kernel_size": 2},
              {"type": "conv2d", "weight": rng.normal(0, 0.3, (4, 3, 2, 2)).tolist()},
              {"type": "flatten"}, {"type": "dense", "weight": rng.normal(0, 0.3, (3, 16))
                                    .tolist()}, {"type": "softmax"}]
    return from_dict({"kind": "conv2d", "learning_rate": 0.1, "layers": layers,
                      "inputs": rng.normal(size=(2, 1, 6, 6)).tolist(),
                      "targets": [[1, 0, 0], [0, 0, 1]], "loss": {"kind": "cce"}}, "bench")


def torch_steps(net, steps: int) -> float | None:
    """Seconds for ``steps`` SGD steps of the same network in torch (None without torch)."""
    try:
        import torch
    except ImportError:
        return None
    import torch.nn.functional as F  # noqa: N812 (torch's own spelling)

    x, t = torch.tensor(net.xs), torch.tensor(net.targets)
    params = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    rate = net.learning_rate

    def forward() -> torch.Tensor:
        y = x
        for i, layer in enumerate(net.layers, 1):
            if layer.kind == "conv2d":
                y = F.conv2d(y, params[f"K{i}"], params[f"b{i}"], layer.config["stride"],
                             layer.config["padding"])
            elif layer.kind == "maxpool2d":
                y = F.max_pool2d(y, layer.config["kernel_size"], layer.config["stride"])
            elif layer.kind == "flatten":
                y = y.flatten(1)
            elif layer.kind == "dense":
                y = y @ params[f"W{i}"].T + params[f"b{i}"]
            elif layer.kind == "relu":
                y = y.relu()
            elif layer.kind == "softmax":
                return -(t * F.log_softmax(y, 1)).sum(1).mean()
        return (0.5 * (t - y) ** 2).sum(1).mean()

    def run() -> None:
        for _ in range(steps):
            E = forward()
            grads = torch.autograd.grad(E, list(params.values()))
            with torch.no_grad():
                for p, g in zip(params.values(), grads):
                    p -= rate * g

    return median_seconds(run)


def main() -> None:
    env = dict(os.environ, NO_COLOR="1")
    cmd = [sys.executable, "-m", "chainrule.cli.main", "explain", str(EXAMPLE), "--steps",
           str(STEPS)]
    cli = median_seconds(lambda: subprocess.run(cmd, env=env, check=True,
                                                stdout=subprocess.DEVNULL))
    print(f"chainrule explain, conv2d family (median of 3, {STEPS} steps)")
    print(f"  chainrule explain examples/conv.toml --steps {STEPS}: {cli:.3f} s (the command, "
          "imports included; target < 2 s)")
    for label, net in (("conv.toml", load_file(EXAMPLE)), ("torch-sized CNN", cnn())):
        lib = median_seconds(lambda net=net: explain(net, STEPS))
        ours = f"{lib:.3f} s ({lib / STEPS * 1e6:.0f} µs/step)"
        theirs = torch_steps(net, STEPS)
        peer = (f"; torch SGD {theirs:.3f} s, ratio ×{lib / theirs:.2f}" if theirs
                else "; torch not installed")
        shown = median_seconds(lambda net=net: explain(net, 1).to_markdown())
        print(f"  {label}: explain(…, {STEPS}) {ours}{peer}; one step explained and rendered "
              f"(Markdown) {shown:.3f} s")


if __name__ == "__main__":
    main()
