"""chainrule vs hand-written NumPy (and PyTorch if installed) on a wide MLP and many rows.

MLP 784-256-256-10 (He init, ReLU), softmax cross-entropy, float32, batch 128, SGD lr 0.1, on
60,000 synthetic float32 rows (seeded): Gaussian noise around one of 10 class prototypes, so
the task is learnable and the two accuracies can be compared. Both sides start from the
same weights, see the same shuffled batches and alternate epoch by epoch; figures are medians.
Target: chainrule within 1.1x of NumPy per epoch. Run::

    .venv/bin/python benchmarks/big_mlp.py [--epochs 5] [--rows 60000]

On a busy 2-core machine OpenBLAS's worker threads spin against other work and both sides slow
down erratically; ``OPENBLAS_NUM_THREADS=1`` in front of the command gives steadier figures
(the script sets nothing itself and prints the settings it ran under).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as bench  # the helper sits next to this script


def synthetic(rows: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``rows`` float32 rows of 784 features in 10 classes: x = 0.1·prototype[class] + noise.

    Prototypes and noise are standard normal (the scale He init is made for); at 0.1 the classes
    overlap enough that a few epochs reach about 75-80% held-out accuracy, not 100%.
    """
    rng = np.random.default_rng(seed)
    prototypes = rng.standard_normal((10, 784), dtype=np.float32)
    labels = rng.integers(0, 10, size=rows)
    X = rng.standard_normal((rows, 784), dtype=np.float32)
    X += np.float32(0.1) * prototypes[labels]
    return X, labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args()

    X, y = synthetic(args.rows + 10_000)
    Xtr, ytr, Xte, yte = X[:args.rows], y[:args.rows], X[args.rows:], y[args.rows:]
    model = bench.build([784, 256, 256, 10], seed=0)

    def per_epoch(ts: list[float]) -> str:
        return f"{bench.median_ms(ts) / 1000:.3f} s/epoch"

    bench.compare(f"MLP 784-256-256-10, float32, batch {args.batch}, SGD lr {args.lr}, "
                  f"{args.rows} synthetic rows (+10000 held out), {args.epochs} epochs",
                  model, args.lr, (Xtr, ytr), (Xte, yte), args.batch, args.epochs, per_epoch,
                  mem_batches=50, mem_digits=2)

if __name__ == "__main__":
    main()
