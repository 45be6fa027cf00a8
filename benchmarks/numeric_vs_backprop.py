"""The cost of a full gradient by central differences against one backward pass.

Seed 002's point: numerical differentiation is brute force. For a network with P parameters a
central-difference gradient needs 2P forward passes, (L(w + ε eₖ) − L(w − ε eₖ)) / 2ε for every
k, while backpropagation gets all P partial derivatives from one forward and one backward pass.
Here: digits MLP 64-h-10 (ReLU, softmax cross-entropy, float64, a batch of 256 rows) for growing
hidden sizes h; prints P, the seconds of each method, their ratio, and the largest difference
between the two gradients (they must agree). Run::

    .venv/bin/python benchmarks/numeric_vs_backprop.py [--hidden 4 8 16 32 64 128]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as bench  # the helper sits next to this script

from chainrule import nn
from chainrule.tensor import no_grad


def backprop_grad(model: nn.Sequential, X: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    model.zero_grad()
    nn.CrossEntropyLoss()(model(X), y).backward()
    return [p.grad for p in model.parameters()]


def numeric_grad(model: nn.Sequential, X: np.ndarray, y: np.ndarray,
                 eps: float = 1e-6) -> list[np.ndarray]:
    loss = nn.CrossEntropyLoss()
    grads = []
    with no_grad():  # forward passes only: no graph to build
        for p in model.parameters():
            w = p.data
            g = np.zeros_like(w)
            for k in np.ndindex(w.shape):
                orig = w[k]
                w[k] = orig + eps
                up = loss(model(X), y).item()
                w[k] = orig - eps
                down = loss(model(X), y).item()
                w[k] = orig
                g[k] = (up - down) / (2 * eps)
            grads.append(g)
    return grads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, nargs="+", default=[4, 8, 16, 32, 64, 128])
    parser.add_argument("--rows", type=int, default=256)
    args = parser.parse_args()

    Xtr, _, ytr, _ = bench.digits_split()
    X, y = Xtr[:args.rows].astype(np.float64), ytr[:args.rows]
    print(f"digits MLP 64-h-10, float64, a batch of {len(X)} rows; {bench.blas_note()}")
    print(f"  {'h':>4s} {'params P':>9s} {'numeric s':>10s} {'backprop s':>11s} "
          f"{'ratio':>9s} {'max |diff|':>11s}")
    for h in args.hidden:
        model = bench.build([64, h, 10], seed=0, dtype=np.float64)
        n_params = sum(p.data.size for p in model.parameters())
        t_back = float("inf")
        for _ in range(20):  # the best of 20: the least disturbed by other work on the machine
            t0 = time.perf_counter()
            ana = backprop_grad(model, X, y)
            t_back = min(t_back, time.perf_counter() - t0)
        t0 = time.perf_counter()
        num = numeric_grad(model, X, y)
        t_num = time.perf_counter() - t0
        diff = max(float(np.abs(a - n).max()) for a, n in zip(ana, num))
        print(f"  {h:4d} {n_params:9d} {t_num:10.3f} {t_back:11.6f} {t_num / t_back:8.0f}x "
              f"{diff:11.2e}")


if __name__ == "__main__":
    main()
