"""Hostile inputs of issue 13, each run as a user would (``chainrule …`` in a subprocess):
exit status, seconds, peak memory (max RSS of the child) and the first line of stderr.

    .venv/bin/python benchmarks/hostile_inputs.py          # all categories, about a minute

The "issue" column is what the issue measured before the budgets (for comparison, side by
side); every row should now end with status 2 (or 0 where the input is fine) within seconds
and near the ~80 MB a bare ``chainrule`` process takes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SEED = (REPO / "examples" / "seed000.toml").read_text(encoding="utf-8")


LOAD = ("import sys\nfrom chainrule import io\nfrom chainrule.errors import ChainruleError\n"
        "try:\n    io.load(sys.argv[1] if len(sys.argv) > 1 else %r)\nexcept ChainruleError as e:"
        "\n    sys.exit(f'chainrule: error: {e}')\n")


def chainrule() -> list[str]:
    script = Path(sys.executable).with_name("chainrule")
    return [str(script)] if script.exists() else [sys.executable, "-m", "chainrule.cli.main"]


def measure(args: list[str], cwd: Path) -> tuple[int, float, float, str]:
    """Run one command; its status, seconds, max RSS in MB (``os.wait4``: this child alone)
    and the first line it wrote to stderr (or stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        command = ([sys.executable, "-c", LOAD % args[1]] if args[0] == "--python"
                   else chainrule() + args)
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err,
                                 env=dict(os.environ, NO_COLOR="1"))
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        texts = []
        for f in (err, out):
            f.seek(0)
            texts.append(f.read().decode("utf-8", "replace").strip().splitlines())
    line = (texts[0] or texts[1] or [""])[0]
    return child.returncode, seconds, usage.ru_maxrss / 1024, line


def write_files(d: Path) -> None:
    (d / "inj.toml").write_text(SEED.replace('input_names = ["x1", "x2"]',
                                             r'input_names = ["\\input{/etc/passwd}", '
                                             '"<script>alert(1)</script>"]'), encoding="utf-8")
    (d / "digits.toml").write_text(SEED.replace("learning_rate = 0.5",
                                                "learning_rate = " + "9" * 5000))
    (d / "deep.toml").write_text(SEED.replace("inputs = [0.05, 0.1]",
                                              "inputs = " + "[" * 1000 + "]" * 1000))
    n = 100
    row = "[" + ",".join(["0.1"] * n) + "]"
    (d / "wide.toml").write_text(
        f"learning_rate = 0.1\ninputs = {row}\ntargets = [0.5]\n[[layers]]\nactivation = "
        f"'sigmoid'\nweights = [{','.join([row] * n)}]\n[[layers]]\nactivation = 'sigmoid'\n"
        f"weights = [{row}]\n[loss]\nkind = 'mse'\n")
    (d / "neurons.toml").write_text(
        "learning_rate = 0.1\ninputs = [0.1]\ntargets = [0.5]\n[[layers]]\nactivation = "
        "'sigmoid'\nweights = [" + ",".join(["[0.1]"] * 1_000_000) + "]\n[loss]\nkind='mse'\n")
    rows = "a,b,y\n" + "".join(f"{i},{2 * i},{i % 2}\n" for i in range(19))
    (d / "classes.csv").write_text(rows + "1,2,10000000\n")
    (d / "big.csv").write_text(rows + "1e39,2,0\n")
    (d / "nan.csv").write_text(rows + "1,2,nan\n")
    (d / "semi.csv").write_text(rows.replace(",", ";"))
    (d / "four.csv").write_text("a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
    meta = BytesIO()
    np.save(meta, np.array(json.dumps({"format": 1, "kind": "model", "arch": {
        "type": "Sequential", "layers": [{"type": "Dense", "in_features": 15000,
                                          "out_features": 15000}]}})))
    with zipfile.ZipFile(d / "dense15000.npz", "w") as zf:
        zf.writestr("__chainrule__.npy", meta.getvalue())
    with zipfile.ZipFile(d / "bomb.npz", "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("0.weight.npy", "w", force_zip64=True) as f:
            head = BytesIO()
            np.lib.format.write_array_header_1_0(
                head, {"descr": "<f4", "fortran_order": False, "shape": (2**28,)})
            f.write(head.getvalue())
            for _ in range(2**30 // 2**24):
                f.write(bytes(2**24))
        zf.writestr("__chainrule__.npy", meta.getvalue())


CASES = [
    ("1 injection", ["explain", "inj.toml", "-o", "out.tex"], "\\input copied raw"),
    ("2 formula", ["derive", "(((9^100)^100)^100)^100"], "minutes"),
    ("2 formula", ["derive", "((((2^100)^100)^100)^100)^100"], "3.9 GB"),
    ("2 formula", ["derive", "σ(a) (8⁻¹)**1.04⁹⁹"], "4.7 GB"),
    ("2 formula", ["derive", "(x+y+z+w+v+u)^100"], "minutes"),
    ("2 formula", ["derive", "*".join(f"(x+{k})^99" for k in range(69))], "minutes"),
    ("2 formula", ["derive", "σ(" * 8 + "x" + ")" * 8, "--check", "x"], "minutes"),
    ("2 graph", ["graph", "+".join(f"a{i}*b{i}" for i in range(100)), "-o", "g.svg"],
     "30 s (Graphviz timeout)"),
    ("3 divergence", ["train", "--data", "xor", "--lr", "1e300", "--optimizer", "sgd",
                      "--epochs", "1", "--batch-size", "100000", "--save", "m.npz",
                      "--checkpoint", "ck.npz"], "exit 0, NaN saved"),
    ("4 model file", ["--python", "dense15000.npz"], "2.7 GB (2 KB file)"),
    ("4 deflate bomb", ["--python", "bomb.npz"], "3 GB (2.9 MB file)"),
    ("4 checkpoint bomb", ["train", "--data", "xor", "--epochs", "1", "--resume",
                           "bomb.npz"], "3 GB (2.9 MB file)"),
    ("4 CSV classes", ["train", "--data", "classes.csv", "--epochs", "1"], "4.7 GB"),
    ("4 TOML 100x100", ["explain", "wide.toml", "-o", "wide.md"], "> 1 min"),
    ("4 TOML 10^6", ["explain", "neurons.toml"], "> 1 min"),
    ("6 digits", ["explain", "digits.toml"], "internal error"),
    ("6 deep TOML", ["explain", "deep.toml"], "internal error"),
    ("6 int limit", ["derive", "(10^100)^50"], "internal error"),
    ("6 recursion", ["derive", "*".join(["x"] * 490)], "internal error"),
    ("6 overflow", ["derive", "sin(x*x)", "--at", "x=1e200"], "internal error"),
    ("6 graph", ["graph", "(x-1)^0.5", "-o", "g.svg"], "internal error"),
    ("7 CSV 1e39", ["train", "--data", "big.csv", "--epochs", "1"], "wrong advice"),
    ("7 CSV NaN", ["train", "--data", "nan.csv", "--epochs", "1"], "wrong advice"),
    ("7 control chars", ["derive", "x +\x1b[31m\u202e 1"], "ESC echoed"),
    ("8 CSV ;", ["train", "--data", "semi.csv", "--epochs", "1"], "in_features 0"),
    ("8 CSV 4 rows", ["train", "--data", "four.csv", "--epochs", "1"], "ShapeError"),
    ("8 graph 255+", ["graph", "+".join(["x"] * 130), "-o", "g.svg"], "file name"),
    ("2 graph", ["graph", "+".join(["x"] * 60), "-o", "g.svg"], "13 s"),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        write_files(d)
        print(f"{'category':16} {'exit':>4} {'seconds':>8} {'max MB':>7}  {'issue':24} first line")
        worst_time = worst_mem = (0.0, "")
        for category, args, before in CASES:
            status, seconds, mb, line = measure(args, d)
            shown = " ".join(args)[:40]
            print(f"{category:16} {status:>4} {seconds:8.2f} {mb:7.0f}  {before:24} "
                  f"{line[:110]}  [{shown}]")
            worst_time = max(worst_time, (seconds, shown))
            worst_mem = max(worst_mem, (mb, shown))
        print(f"slowest: {worst_time[0]:.2f} s ({worst_time[1]}); "
              f"largest memory: {worst_mem[0]:.0f} MB ({worst_mem[1]})")


if __name__ == "__main__":
    main()
