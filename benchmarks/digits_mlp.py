"""chainrule vs hand-written NumPy (and PyTorch if installed) training an MLP on digits.

MLP 64-128-64-10 (He init, ReLU), softmax cross-entropy, float32, batch 64, SGD lr 0.1, on
scikit-learn's digits (features scaled to [0, 1], 80/20 split with random_state=0). Both sides
start from the same weights, see the same shuffled batches, and alternate epoch by epoch;
the figures are medians over epochs. Target: chainrule within 1.3x of NumPy, same accuracy.
Run::

    .venv/bin/python benchmarks/digits_mlp.py [--epochs 20]

On a busy 2-core machine OpenBLAS's worker threads spin against other work and both sides slow
down erratically; ``OPENBLAS_NUM_THREADS=1`` in front of the command gives steadier figures
(the script sets nothing itself and prints the settings it ran under).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as bench  # the helper sits next to this script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.1)
    args = parser.parse_args()

    Xtr, Xte, ytr, yte = bench.digits_split()
    model = bench.build([64, 128, 64, 10], seed=0)

    def per_epoch(ts: list[float]) -> str:
        return f"{bench.median_ms(ts):.2f} ms/epoch"

    bench.compare(f"digits MLP 64-128-64-10, float32, batch {args.batch}, SGD lr {args.lr}, "
                  f"{len(Xtr)} train / {len(Xte)} test rows, {args.epochs} epochs",
                  model, args.lr, (Xtr, ytr), (Xte, yte), args.batch, args.epochs, per_epoch,
                  mem_batches=200, mem_digits=3)

if __name__ == "__main__":
    main()
