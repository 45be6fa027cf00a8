"""``chainrule explain`` at scale: 10,000 steps of seed 000's 2-2-2 network, and one explained
step of a 100×100 layer — time and memory, beside the scalar graph the steps used to run on.

Run: ``.venv/bin/python benchmarks/explain_steps.py``. Targets (issue 12): 10,000 steps in
under 1 s and 100 MB with memory flat in the steps; one explained 100×100 step in under 1 s.
"""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from chainrule.explain import Network, explain
from chainrule.explain.walk.graph import build_graph
from chainrule.scalar.value import Value

SEED000 = Path(__file__).resolve().parents[1] / "examples" / "seed000.toml"


def measure(f: Callable[[], Any], repeat: int = 3) -> tuple[float, float]:
    """(median seconds, peak traced MiB) of ``f()``."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    f()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return statistics.median(times), peak


def scalar_steps(net: Network, steps: int) -> float:
    """The former way: one scalar graph per step (kept here as the peer)."""
    params = net.parameters()
    for _ in range(steps):
        leaves = {n: Value(v) for n, v in params.items()}
        graph = build_graph(net, leaves)
        graph.root.backward()
        params = {n: v if n in net.frozen else v - net.learning_rate * leaves[n].grad
                  for n, v in params.items()}
    return graph.root.data


def big_network(n: int = 100, seed: int = 0) -> Network:
    """One sigmoid layer of n × n weights on one sample, ½ squared error."""
    rng = np.random.default_rng(seed)
    return Network.from_dict({
        "name": f"dense{n}x{n}", "learning_rate": 0.1, "inputs": rng.normal(size=n).tolist(),
        "targets": rng.uniform(size=n).tolist(),
        "layers": [{"weights": (0.1 * rng.normal(size=(n, n))).tolist(), "biases": [0.0] * n,
                    "activation": "sigmoid"}], "loss": {"kind": "half_sse"}})


def main() -> None:
    net = Network.from_toml(SEED000)
    print("chainrule explain at scale (median of 3; memory = tracemalloc peak)")
    rows = []
    for n in (1_000, 10_000, 100_000):
        t, mem = measure(lambda n=n: explain(net, n), repeat=1 if n > 10_000 else 3)
        rows.append((n, t, mem))
        print(f"  seed000 2-2-2, {n:>7,} steps (array engine): {t:7.3f} s  {mem:7.2f} MiB  "
              f"({t / n * 1e6:.1f} µs/step)")
    t_scalar, m_scalar = measure(lambda: scalar_steps(net, 200), repeat=1)
    per = t_scalar / 200
    t10k = next(t for n, t, _ in rows if n == 10_000)
    print(f"  peer: scalar graph per step, 200 steps: {t_scalar:.3f} s, {m_scalar:.2f} MiB "
          f"({per * 1e6:.0f} µs/step → 10,000 steps ≈ {per * 1e4:.1f} s; array engine is "
          f"{per * 1e4 / t10k:.0f}× faster)")
    mem_1k, mem_100k = rows[0][2], rows[2][2]
    print(f"  memory, 100,000 vs 1,000 steps: {mem_100k:.2f} vs {mem_1k:.2f} MiB (flat apart "
          "from one float per step)")
    ex = explain(net, 10_000)
    print(f"  loss before step 10,000: {ex.losses[-1]:.10f}; after it: {ex.final_loss:.10f}")
    def one_step(net: Network) -> str:
        ex = explain(net)
        ex.matrices(1)
        return ex.to_markdown() + ex.to_html()

    t, mem = measure(lambda: one_step(big_network()))
    t_net, _ = measure(big_network)
    print(f"  100×100 sigmoid layer, one explained step (matrix view, Markdown + HTML): "
          f"{t:.3f} s  {mem:.1f} MiB, of which {t_net:.3f} s build and validate the network")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"  whole process, peak resident memory (Python, NumPy, chainrule and all the runs "
          f"above): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
