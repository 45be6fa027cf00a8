"""Shared pieces of the MLP benchmarks: data, a hand-written NumPy twin of the chainrule model,
the epoch loops for both (and for PyTorch when it is installed), and a memory probe.

The twin starts from the chainrule model's own initial weights and visits the batches in the
same shuffled order, so the two runs do the same arithmetic; only the bookkeeping differs.
"""

from __future__ import annotations

import itertools
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from chainrule import nn
from chainrule.optim import SGD
from chainrule.tensor import no_grad


def blas_note() -> str:
    """NumPy's version and the thread settings both sides run under (set nothing here)."""
    threads = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                          "MKL_NUM_THREADS") if k in os.environ}
    return f"numpy {np.__version__}, {os.cpu_count()} CPUs, thread settings {threads or 'default'}"


def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """scikit-learn's digits scaled to [0, 1] as float32, split 80/20 with random_state=0."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    return tuple(train_test_split(X, y, test_size=0.2, random_state=0))  # type: ignore[return-value]


def build(sizes: list[int], seed: int = 0, dtype: Any = np.float32) -> nn.Sequential:
    """Dense(He init) + ReLU between every pair of sizes, no activation after the last."""
    rng = np.random.default_rng(seed)
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(itertools.pairwise(sizes)):
        layers.append(nn.Dense(a, b, init="he", seed=rng, dtype=dtype))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


# -- chainrule ------------------------------------------------------------------------------
class ChainruleRun:
    """chainrule's training loop: Sequential, CrossEntropyLoss, chainrule.optim.SGD."""

    name = "chainrule"

    def __init__(self, model: nn.Sequential, lr: float) -> None:
        self.model, self.lr = model, lr
        self.loss = nn.CrossEntropyLoss()
        self.params = model.parameters()  # found once, as an optimizer does
        self.opt = SGD(self.params, lr=lr)

    def step(self, xb: np.ndarray, yb: np.ndarray) -> None:
        self.opt.zero_grad()
        self.loss(self.model(xb), yb).backward()
        self.opt.step()

    def predict(self, X: np.ndarray) -> np.ndarray:
        with no_grad():
            return self.model(X).data.argmax(axis=1)


# -- hand-written NumPy ---------------------------------------------------------------------
class NumpyRun:
    """The same network by hand: y = x @ W + b, ReLU by a mask, fused softmax cross-entropy."""

    name = "numpy"

    def __init__(self, state: dict[str, np.ndarray], lr: float) -> None:
        keys = sorted({k.split(".")[0] for k in state}, key=int)
        self.Ws = [state[f"{k}.weight"].copy() for k in keys]
        self.bs = [state[f"{k}.bias"].copy() for k in keys]
        self.lr = lr

    def step(self, xb: np.ndarray, yb: np.ndarray) -> None:
        acts, masks = [xb], []
        h = xb
        last = len(self.Ws) - 1
        for i, (W, b) in enumerate(zip(self.Ws, self.bs)):
            h = h @ W
            h += b
            if i < last:
                masks.append(h > 0)
                h = np.maximum(h, 0)
                acts.append(h)
        n = len(yb)
        z = h - h.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        self.last_loss = float((np.log(s).sum() - z[np.arange(n), yb].sum()) / n)
        e /= s
        g = e * np.float32(1 / n) if e.dtype == np.float32 else e / n
        g[np.arange(n), yb] -= 1 / n
        for i in range(last, -1, -1):
            W = self.Ws[i]
            dW = acts[i].T @ g
            db = g.sum(axis=0)
            if i > 0:
                g = (g @ W.T) * masks[i - 1]
            W -= self.lr * dW
            self.bs[i] -= self.lr * db

    def predict(self, X: np.ndarray) -> np.ndarray:
        h = X
        for i, (W, b) in enumerate(zip(self.Ws, self.bs)):
            h = h @ W + b
            if i < len(self.Ws) - 1:
                h = np.maximum(h, 0)
        return h.argmax(axis=1)


# -- PyTorch, when importable ---------------------------------------------------------------
def torch_run(state: dict[str, np.ndarray], lr: float) -> Any | None:
    """A PyTorch twin (same weights, same order), or None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None

    class TorchRun:
        name = "pytorch"

        def __init__(self) -> None:
            keys = sorted({k.split(".")[0] for k in state}, key=int)
            layers: list[Any] = []
            for j, k in enumerate(keys):
                W = torch.from_numpy(state[f"{k}.weight"].T.copy())
                lin = torch.nn.Linear(W.shape[1], W.shape[0])
                with torch.no_grad():
                    lin.weight.copy_(W)
                    lin.bias.copy_(torch.from_numpy(state[f"{k}.bias"]))
                layers.append(lin)
                if j < len(keys) - 1:
                    layers.append(torch.nn.ReLU())
            self.model = torch.nn.Sequential(*layers)
            self.opt = torch.optim.SGD(self.model.parameters(), lr=lr)
            self.loss = torch.nn.CrossEntropyLoss()

        def step(self, xb: np.ndarray, yb: np.ndarray) -> None:
            self.opt.zero_grad()
            self.loss(self.model(torch.from_numpy(xb)), torch.from_numpy(yb)).backward()
            self.opt.step()

        def predict(self, X: np.ndarray) -> np.ndarray:
            with torch.no_grad():
                return self.model(torch.from_numpy(X)).argmax(1).numpy()

    return TorchRun()


# -- loops and measurements -----------------------------------------------------------------
def epoch(run: Any, X: np.ndarray, y: np.ndarray, batch: int, order: np.ndarray) -> float:
    """One pass over (X, y) in ``order``, in batches; returns the seconds it took."""
    t0 = time.perf_counter()
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        run.step(X[idx], y[idx])
    return time.perf_counter() - t0


def train_side_by_side(runs: list[Any], X: np.ndarray, y: np.ndarray, batch: int,
                       epochs: int, seed: int = 0) -> dict[str, list[float]]:
    """Train every run for ``epochs``, alternating runs within each epoch (same shuffle)."""
    rng = np.random.default_rng(seed)
    times: dict[str, list[float]] = {r.name: [] for r in runs}
    for e in range(epochs):
        order = rng.permutation(len(X))
        turn = runs if e % 2 == 0 else runs[::-1]  # neither side always goes first
        for run in turn:
            times[run.name].append(epoch(run, X, y, batch, order))
    return times


def median_seconds(f: Any, repeat: int = 3) -> float:
    """The median wall time of ``f()`` over ``repeat`` runs, in seconds."""
    import statistics
    import time

    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def median_ms(ts: list[float]) -> float:
    return 1000 * statistics.median(ts)


def memory_profile(run: Any, X: np.ndarray, y: np.ndarray, batch: int,
                   batches: int) -> tuple[float, float, float]:
    """Traced memory (MiB) after the first batch, after the last, and the peak over all.

    Flat numbers mean no graph or gradient is kept alive from one step to the next.
    """
    order = np.arange(len(X))
    after = np.zeros(batches, dtype=np.int64)  # made before tracing, so it is not counted
    tracemalloc.start()
    try:
        for i in range(batches):
            idx = order[(i * batch) % len(X):][:batch]
            run.step(X[idx], y[idx])
            after[i] = tracemalloc.get_traced_memory()[0]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    mib = 1 / 2**20
    return after[0] * mib, after[-1] * mib, peak * mib


def accuracy(run: Any, X: np.ndarray, y: np.ndarray) -> float:
    return float((run.predict(X) == y).mean())


def compare(title: str, model: nn.Sequential, lr: float, train: tuple[np.ndarray, np.ndarray],
            test: tuple[np.ndarray, np.ndarray], batch: int, epochs: int,
            unit: Callable[[list[float]], str], mem_batches: int, mem_digits: int) -> None:
    """Train ``model``, its NumPy twin (and PyTorch's) side by side and print the comparison:
    ``title``, the settings, each run's epoch time, ratio and accuracy, then traced memory of
    chainrule and NumPy over ``mem_batches`` batches."""
    state = model.state_dict()
    runs = [ChainruleRun(model, lr), NumpyRun(state, lr)]
    torch = torch_run(state, lr)
    if torch is not None:
        runs.append(torch)
    print(title)
    print(f"  {blas_note()}; optimizer: chainrule.optim.SGD")
    if torch is None:
        print("  (PyTorch not installed: skipped)")
    times = train_side_by_side(runs, *train, batch, epochs)
    for line in report(runs, times, *test, unit):
        print(line)
    for run in runs[:2]:
        first, last, peak = memory_profile(run, *train, batch, mem_batches)
        print(f"  memory {run.name:10s} traced after batch 1: {first:.{mem_digits}f} MiB, "
              f"after batch {mem_batches}: {last:.{mem_digits}f} MiB, "
              f"peak {peak:.{mem_digits}f} MiB")


def report(runs: list[Any], times: dict[str, list[float]], Xte: np.ndarray, yte: np.ndarray,
           unit: Callable[[list[float]], str]) -> list[str]:
    """Lines with each run's median epoch time and test accuracy, and the ratios to NumPy."""
    base, fastest = statistics.median(times["numpy"]), min(times["numpy"])
    lines = []
    for run in runs:
        ratio = statistics.median(times[run.name]) / base
        best = min(times[run.name]) / fastest  # less disturbed by other work on the machine
        lines.append(f"  {run.name:10s} {unit(times[run.name]):>12s}   x{ratio:4.2f} of NumPy "
                     f"(fastest epochs: x{best:4.2f})   test accuracy "
                     f"{accuracy(run, Xte, yte):.4f}")
    return lines
