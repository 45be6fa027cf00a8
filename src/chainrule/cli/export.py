"""``chainrule export MODEL --torch OUTDIR``: a saved chainrule model as PyTorch files.

Writes ``OUTDIR/NAME.safetensors`` (the torch ``state_dict``, float64) and ``OUTDIR/NAME.py``
(a script that rebuilds the ``torch.nn.Sequential`` and loads those weights), NAME being the
model file's name without its extension. Both files are prepared before anything is written,
and each appears whole or not at all. When torch is installed, the rebuilt torch model is run
on a seeded batch and its outputs compared with chainrule's.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from chainrule.cli.common import Formatter, add_common
from chainrule.cli.files import existing_file
from chainrule.cli.output import Output
from chainrule.errors import ConfigError, MissingDependencyError
from chainrule.text.numbers import fmt_count

HELP = "export a saved chainrule model to PyTorch (safetensors weights + a rebuild script)"
EPILOG = """\
examples:
  chainrule train --data digits --layers 64 --epochs 20 --save digits.npz
  chainrule export digits.npz --torch digits-torch   # digits-torch/digits.{safetensors,py}

Then, in Python: runpy.run_path("digits-torch/digits.py")["model"] is the torch model.
Exporting needs the safetensors package; checking the export needs torch:
pip install "chainrule[torch]"."""

#: The size of the seeded batch the export is checked on.
CHECK_ROWS = 8
#: How far torch's outputs may be from chainrule's (float64) for the export to pass.
OUTPUT_TOL = 1e-12


def register(subparsers: Any) -> None:
    """Add the ``export`` subcommand to ``subparsers`` (an argparse subparsers action)."""
    p = subparsers.add_parser("export", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
                              epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("model", metavar="MODEL.npz", help="a model saved by 'chainrule train --save' "
                                                      "(.npz or .safetensors)")
    p.add_argument("--torch", required=True, metavar="OUTDIR",
                   help="the folder to write NAME.safetensors and NAME.py into (created)")
    add_common(p)
    p.set_defaults(run=run)


def _check(model: Any, script: Path) -> list[str]:
    """Check the export in torch: the generated script's model, imported back into chainrule
    (float64), must hold ``model``'s weights exactly, give torch's outputs on a seeded
    (8, in) batch, and have torch's ``.grad`` for an MSE loss on it. The lines saying so (or
    why there was no check)."""
    import numpy as np

    try:
        import torch
    except ImportError:
        return ["not checked in torch (torch is not installed: pip install 'chainrule[torch]')"]
    import runpy

    from chainrule.bridge.model_check import check_model_against_torch
    from chainrule.bridge.torch_import import from_torch
    from chainrule.tensor import Tensor
    from chainrule.text.numbers import fmt

    first = next(iter(model), None)
    if type(first).__name__ != "Dense":
        return ["not checked in torch (the first layer is not Dense: no input size to try)"]
    rebuilt = runpy.run_path(str(script))["model"]  # the script just written, not user input
    back = from_torch(rebuilt)
    mine, again = model.state_dict(), back.state_dict()
    if set(mine) != set(again) or any(
            not np.array_equal(np.asarray(mine[k], np.float64), again[k]) for k in mine):
        raise ConfigError(f"{script}: the torch model's weights differ from the model's")
    x = np.random.default_rng(0).normal(size=(CHECK_ROWS, first.in_features))
    theirs = rebuilt(torch.as_tensor(x)).detach().numpy()
    worst = float(np.max(np.abs(theirs - back(Tensor(x)).data)))
    ok, line = check_model_against_torch(back, rebuilt, torch.nn.MSELoss(), x,
                                         np.zeros_like(theirs))
    if not ok:
        raise ConfigError(f"{script}: {line}")
    if not worst <= OUTPUT_TOL:  # the bound, not the figure: the figure varies with the BLAS
        raise ConfigError(f"{script}: torch's outputs differ from chainrule's by {fmt(worst)} "
                          f"(tolerance {fmt(OUTPUT_TOL)})")
    return [f"torch's model holds the same weights; on {CHECK_ROWS} seeded inputs its outputs "
            f"equal chainrule's (float64) within {fmt(OUTPUT_TOL)}", line]


def run(args: argparse.Namespace) -> int:
    """Run ``chainrule export`` with parsed ``args``; return the exit status."""
    try:
        import safetensors  # noqa: F401
    except ImportError:
        raise MissingDependencyError("safetensors", "torch", "chainrule export --torch") from None
    from chainrule import io
    from chainrule.bridge.torch_export import to_torch_files

    source = existing_file(args.model, "model file")
    model = io.load(source)
    folder = Path(args.torch)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"--torch {args.torch!r} is a file; give a folder")
    folder.mkdir(parents=True, exist_ok=True)
    weights, script = folder / f"{source.stem}.safetensors", folder / f"{source.stem}.py"
    parts = to_torch_files(model, weights, script)
    count = sum(p.size for p in model.parameters())
    out = Output()
    out.pairs([("weights", f"{weights} (torch state_dict, {fmt_count(count)} parameters, "
                           "float64)"),
               ("script", f"{script} (torch.nn.Sequential of {len(parts)} modules)")])
    for part in parts:
        out.text(f"  {part}")
    for line in _check(model, script):
        out.text(line)
    return 0
