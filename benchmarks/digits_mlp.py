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
    state = model.state_dict()
    runs = [bench.ChainruleRun(model, args.lr), bench.NumpyRun(state, args.lr)]
    torch_run = bench.torch_run(state, args.lr)
    if torch_run is not None:
        runs.append(torch_run)

    print(f"digits MLP 64-128-64-10, float32, batch {args.batch}, SGD lr {args.lr}, "
          f"{len(Xtr)} train / {len(Xte)} test rows, {args.epochs} epochs")
    print(f"  {bench.blas_note()}; optimizer: "
          f"{'chainrule.optim.SGD' if bench.SGD is not None else 'plain p.data -= lr * p.grad'}")
    if torch_run is None:
        print("  (PyTorch not installed: skipped)")
    times = bench.train_side_by_side(runs, Xtr, ytr, args.batch, args.epochs)
    def per_epoch(ts: list[float]) -> str:
        return f"{bench.median_ms(ts):.2f} ms/epoch"

    for line in bench.report(runs, times, Xte, yte, per_epoch):
        print(line)

    n_batches = 200
    for run in runs[:2]:
        first, last, peak = bench.memory_profile(run, Xtr, ytr, args.batch, n_batches)
        print(f"  memory {run.name:10s} traced after batch 1: {first:.3f} MiB, after batch "
              f"{n_batches}: {last:.3f} MiB, peak {peak:.3f} MiB")


if __name__ == "__main__":
    main()
