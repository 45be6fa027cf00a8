"""``chainrule explain examples/rnn-seq.toml --steps 1000``: the recurrent family's long run.

Times the command as a user runs it (a subprocess, imports included; median of 3) and the
library call ``explain(network, 1000)`` alone (training on ``nn.RNN``, five time steps, two
hidden units, every step's loss kept), then one explained step rendered as text.

Run: ``.venv/bin/python benchmarks/explain_rnn.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import median_seconds

from chainrule.explain import explain
from chainrule.explain.families import load_file

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "rnn-seq.toml"


def main() -> None:
    net = load_file(EXAMPLE)
    env = dict(os.environ, NO_COLOR="1")
    cmd = [sys.executable, "-m", "chainrule.cli.main", "explain", str(EXAMPLE), "--steps",
           "1000"]
    cli = median_seconds(lambda: subprocess.run(cmd, env=env, check=True,
                                                stdout=subprocess.DEVNULL))
    lib = median_seconds(lambda: explain(net, 1000))
    shown = median_seconds(lambda: explain(net, 1).to_markdown())
    ex = explain(net, 1000)
    print("chainrule explain, rnn family (median of 3)")
    print(f"  chainrule explain examples/rnn-seq.toml --steps 1000: {cli:.3f} s (the command, "
          "imports included)")
    print(f"  explain(rnn-seq, 1000) alone: {lib:.3f} s ({lib / 1000 * 1e6:.0f} µs/step, "
          f"T = {net.steps}, H = {net.hidden_size}); loss {ex.losses[0]:.4g} → "
          f"{ex.final_loss:.4g}")
    print(f"  one step explained and rendered (Markdown): {shown:.3f} s")


if __name__ == "__main__":
    main()
