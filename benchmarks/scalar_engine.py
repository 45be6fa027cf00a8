"""Scalar engine speed and memory: chainrule vs micrograd, side by side in one run.

One training step = forward over all 100 points of ``make_moons(noise=0.1, random_state=1)``,
squared-error loss, backward, SGD update, for ``MLP(2, [16, 16, 1])``. Each library runs in its
own process, alternating, with Python's garbage collector left at its defaults. Also prints the
bytes per graph node and the seconds to build and backpropagate a 1,000,000-node chain.

micrograd is not a dependency: when it is missing, this script installs micrograd 0.1.0 into
``benchmarks/.deps`` (its own folder) with pip. Run::

    .venv/bin/python benchmarks/scalar_engine.py [--rounds 3] [--steps 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

DEPS = Path(__file__).resolve().parent / ".deps"


def moons() -> tuple[list[list[float]], list[float]]:
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=100, noise=0.1, random_state=1)
    return X.tolist(), [float(2 * t - 1) for t in y]  # targets −1 / +1


def make_model(lib: str):
    import random

    random.seed(1337)
    if lib == "micrograd":
        from micrograd.nn import MLP

        return MLP(2, [16, 16, 1])
    from chainrule.scalar.nn import MLP, Neuron

    model = MLP(2, [16, 16, 1], seed=1337)
    if lib == "chainrule-unfused":
        # micrograd's neuron formula: one mul and one add node per weight, no fused linear node.
        def unfused(self: Neuron, x: list) -> object:
            act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
            return act.relu() if self.nonlin else act

        for layer in model.layers:
            for neuron in layer.neurons:
                neuron.__class__ = type("UnfusedNeuron", (Neuron,), {"__call__": unfused})
    return model


def forward_loss(model, X: list[list[float]], y: list[float]):
    """Mean squared error of the model over all points: one graph per call."""
    outs = [model(x) for x in X]
    return sum((o - t) ** 2 for o, t in zip(outs, y)) * (1.0 / len(y))


def step(model, X: list[list[float]], y: list[float], lr: float = 0.05):
    loss = forward_loss(model, X, y)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= lr * p.grad
    return loss


def count_nodes(root, lib: str) -> int:
    if lib.startswith("chainrule"):
        from chainrule.scalar import topological_order

        return len(topological_order(root))
    seen, stack = set(), [root]
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        stack.extend(v._prev)
    return len(seen)


def graph_memory(lib: str, X: list[list[float]], y: list[float]) -> tuple[float, int]:
    """Bytes allocated for one step's graph (forward + backward) and its node count."""
    model = make_model(lib)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    loss = forward_loss(model, X, y)
    loss.backward()
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return used, count_nodes(loss, lib)


def chain_seconds() -> tuple[float, float]:
    from chainrule.scalar import Value

    x = Value(1.0)
    c = Value(1.0)
    t0 = time.perf_counter()
    y = x
    for _ in range(1_000_000):
        y = y * c
    t1 = time.perf_counter()
    y.backward()
    t2 = time.perf_counter()
    assert x.grad == 1.0
    return t1 - t0, t2 - t1


def worker(lib: str, steps: int) -> None:
    if lib == "micrograd":
        sys.path.insert(0, str(DEPS))
    X, y = moons()
    model = make_model(lib)
    times, losses = [], []
    for _ in range(steps):
        t0 = time.perf_counter()
        loss = step(model, X, y)
        times.append(time.perf_counter() - t0)
        losses.append(loss.data)
    used, nodes = graph_memory(lib, X, y)
    result = {"times": times, "loss": losses, "graph_bytes": used, "nodes": nodes}
    print(json.dumps(result))


def ensure_micrograd() -> bool:
    probe = "import sys; sys.path.insert(0, sys.argv[1]); import micrograd"
    found = subprocess.run([sys.executable, "-c", probe, str(DEPS)], capture_output=True)
    if found.returncode == 0:
        return True
    print("installing micrograd 0.1.0 into", DEPS, "(benchmark only) ...", flush=True)
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(DEPS),
               "micrograd==0.1.0"]
    return subprocess.run(install, capture_output=True).returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--worker", choices=["chainrule", "chainrule-unfused", "micrograd"])
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.steps)
        return

    libs = ["chainrule", "chainrule-unfused"]
    if ensure_micrograd():
        libs.append("micrograd")
    else:
        print("micrograd could not be installed; timing chainrule alone")
    results: dict[str, dict[str, list[float]]] = {
        lib: {"times": [], "bytes": [], "nodes": []} for lib in libs
    }
    for r in range(args.rounds):
        for lib in libs if r % 2 == 0 else libs[::-1]:  # alternate who goes first
            cmd = [sys.executable, __file__, "--worker", lib, "--steps", str(args.steps)]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            data = json.loads(out.strip().splitlines()[-1])
            results[lib]["times"] += data["times"]
            results[lib]["bytes"].append(data["graph_bytes"])
            results[lib]["nodes"].append(data["nodes"])

    print(f"\nMLP(2, [16, 16, 1]), 100 moons points, one training step; "
          f"{args.rounds} rounds x {args.steps} steps, alternating processes, gc at defaults")
    med = {lib: statistics.median(results[lib]["times"]) for lib in libs}
    for lib in libs:
        used = statistics.median(results[lib]["bytes"])
        nodes = statistics.median(results[lib]["nodes"])
        print(f"  {lib:17s} median {med[lib] * 1e3:8.1f} ms/step   graph {used / 2**20:5.1f} MiB, "
              f"{nodes:7.0f} nodes, {used / nodes:5.0f} bytes/node")
    if "micrograd" in med:
        # issue 10: the fused engine stays >= 50x micrograd; unfused is the engine alone
        for lib, target in (("chainrule", " (target >= 50x)"), ("chainrule-unfused", "")):
            print(f"  ratio: {lib} is {med['micrograd'] / med[lib]:.1f}x faster per step "
                  f"than micrograd{target}")
    build, back = chain_seconds()
    print(f"\n1,000,000-node chain: build {build:.2f} s, backward {back:.2f} s")


if __name__ == "__main__":
    main()
