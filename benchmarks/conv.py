"""Forward + backward time of a small CNN: chainrule vs PyTorch (CPU), side by side.

Net: Conv2d(1, 4, 3, padding=1) → tanh → MaxPool2d(2) → Conv2d(4, 8, 3, stride=2) → Flatten,
batch of 16 images 1×12×12, float32, the sum of the outputs as the loss. Both start from the
same weights. Prints the median seconds per step of each and the ratio.

    PYTHONPATH=src python benchmarks/conv.py [--steps 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from chainrule import nn


def _median_step(step, steps: int) -> float:
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    steps = parser.parse_args().steps
    net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1, seed=0), nn.Tanh(), nn.MaxPool2d(2),
                        nn.Conv2d(4, 8, 3, stride=2, seed=1), nn.Flatten())
    x = np.random.default_rng(0).standard_normal((16, 1, 12, 12)).astype(np.float32)

    def ours() -> None:
        net.zero_grad()
        net(x).sum().backward()

    try:
        import torch
    except ImportError:
        print("torch: not installed")
        return
    torch.set_num_threads(1)
    tnet = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.Tanh(),
                               torch.nn.MaxPool2d(2), torch.nn.Conv2d(4, 8, 3, stride=2),
                               torch.nn.Flatten())
    tnet.load_state_dict({k: torch.tensor(v) for k, v in net.state_dict().items()})
    tx = torch.tensor(x)

    def theirs() -> None:
        tnet.zero_grad()
        tnet(tx).sum().backward()

    a, b = _median_step(ours, steps), _median_step(theirs, steps)
    print(f"chainrule {a * 1e6:.1f} µs, torch {b * 1e6:.1f} µs (1 thread): ratio {a / b:.2f}x")


if __name__ == "__main__":
    main()
