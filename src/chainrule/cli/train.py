"""``chainrule train``: train a network on a dataset with a progress bar; save it safely."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from chainrule.cli import trainsetup as setup
from chainrule.cli.common import (
    Formatter,
    add_common,
    int_list,
    positive_float,
    positive_int,
    warn,
)
from chainrule.cli.files import check_suffix, existing_file, write_with
from chainrule.cli.output import Output, emit_json
from chainrule.errors import ConfigError

HELP = "train a network on digits, moons, xor, spirals or a CSV file"
EPILOG = """\
examples:
  chainrule train --data digits --layers 64 --epochs 20 --save digits.npz
  chainrule train --data moons --layers 16,16 --activation tanh --optimizer momentum --lr 0.05
  chainrule train --data spirals --layers 64,64 --epochs 200 --plot curves.png
  chainrule train --data measurements.csv --target label --layers 32 --json
  chainrule train --data digits --epochs 40 --checkpoint run.npz   # stop any time, then:
  chainrule train --data digits --epochs 40 --resume run.npz

The test part of the data (--test-size) is never trained on; its loss and accuracy are the
"test" numbers. Model files (.npz or .safetensors) hold arrays and JSON only, never pickle, and
are written atomically: an interrupted run leaves the previous file intact."""

MODEL_SUFFIXES = (".npz", ".safetensors")
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")


def register(subparsers: Any) -> None:
    """Add the ``train`` subcommand to ``subparsers`` (an argparse subparsers action)."""
    p = subparsers.add_parser("train", help=HELP, description=HELP[0].upper() + HELP[1:] + ".",
                              epilog=EPILOG, formatter_class=Formatter)
    p.add_argument("--data", required=True, metavar="NAME|FILE.csv",
                   help=f"{', '.join(setup.DATASETS)}, or a CSV file (last column = target "
                        "unless --target)")
    p.add_argument("--target", metavar="COLUMN", help="the CSV column to predict (name or "
                   "1-based number; default: the last)")
    p.add_argument("--layers", default="64", metavar="SIZES",
                   help="hidden layer sizes, comma-separated; '' for none (default: 64)")
    p.add_argument("--activation", default="relu", choices=setup.ACTIVATIONS)
    p.add_argument("--loss", default="auto", metavar="|".join(setup.LOSSES),
                   help="auto: cce (softmax + cross-entropy) for classes, mse for a numeric "
                        "target; bce for two classes")
    p.add_argument("--optimizer", default="adam", choices=setup.OPTIMIZERS)
    p.add_argument("--lr", type=positive_float, metavar="RATE",
                   help="learning rate (default: 0.1 sgd, 0.05 momentum, 0.01 adam)")
    p.add_argument("--epochs", type=positive_int, default=20, metavar="N",
                   help="total epochs, counting resumed ones (default: 20)")
    p.add_argument("--batch-size", type=positive_int, default=32, metavar="B")
    p.add_argument("--test-size", type=float, default=0.25, metavar="FRACTION",
                   help="share of the data held out for testing (default: 0.25)")
    p.add_argument("--seed", type=int, default=0, help="seeds data, split, weights, shuffling")
    p.add_argument("--save", metavar="FILE", help="write the trained model (.npz/.safetensors)")
    p.add_argument("--checkpoint", metavar="FILE",
                   help="write a checkpoint after every epoch (.npz), to --resume from")
    p.add_argument("--resume", metavar="FILE",
                   help="continue from this checkpoint (and keep checkpointing to it)")
    p.add_argument("--plot", metavar="FILE", help="draw the training curves (.png/.svg/.pdf)")
    add_common(p, json=True)
    p.set_defaults(run=run)


def _check_paths(args: argparse.Namespace) -> None:
    """Fail on a bad output name before spending time on training; remove the temporary files
    that a killed earlier run left beside the files this one writes."""
    from chainrule.io.atomic import remove_stale

    for path in (args.save, args.checkpoint, args.resume):
        if path:
            remove_stale(path)
    if args.save:
        check_suffix(args.save, MODEL_SUFFIXES, "--save")
    if args.checkpoint:
        check_suffix(args.checkpoint, MODEL_SUFFIXES, "--checkpoint")
    if args.resume:
        existing_file(args.resume, "--resume checkpoint")
    if args.plot:
        check_suffix(args.plot, FIGURE_SUFFIXES, "--plot")
    if not 0.0 < args.test_size < 1.0:
        raise ConfigError(f"--test-size: expected a fraction between 0 and 1, got "
                          f"{args.test_size:g}")
    if args.seed < 0:
        raise ConfigError(f"--seed: expected an integer ≥ 0, got {args.seed}")


def run(args: argparse.Namespace) -> int:
    """Run ``chainrule train`` with parsed ``args``; return the exit status."""
    _check_paths(args)
    from chainrule import train as training

    hidden = int_list(args.layers, "--layers")
    data = setup.load_data(args.data, target=args.target, test_size=args.test_size,
                           seed=args.seed)
    loss, outputs, loss_name = setup.pick_loss(args.loss, data)
    setup.check_size(data, hidden, outputs)
    y_train, y_test = setup.targets_for(loss_name, data)
    model = setup.build_model(data.features, hidden, outputs, args.activation, args.seed)
    optimizer = setup.build_optimizer(args.optimizer, model.parameters(), args.lr)
    if args.resume:
        _check_resume(args, optimizer)
    out = None if args.json else Output()
    if out is not None:
        _intro(out, args, data, model, optimizer, loss_name)
    callbacks = []
    checkpoint = args.checkpoint or args.resume
    if checkpoint:
        callbacks.append(training.Checkpoint(checkpoint, extra={
            "data": args.data, "target": args.target, "batch_size": args.batch_size}))
    history = training.fit(model, (data.X_train, y_train), loss, optimizer, args.epochs,
                           args.batch_size, validation=(data.X_test, y_test),
                           callbacks=callbacks, seed=args.seed,
                           progress=False if args.json else None, resume=args.resume)
    final = history.last()
    saved = _save(args, model, history)
    if out is None:
        emit_json({"data": data.describe(), "model": setup.describe_model(model),
                   "parameters": setup.count_parameters(model),
                   "loss": loss_name, "optimizer": args.optimizer, "lr": optimizer.lr,
                   "epochs": args.epochs, "batch_size": args.batch_size, "seed": args.seed,
                   "history": history.to_dict(), "final": final, **saved})
        return 0
    _report(out, history, final, saved)
    return 0


def _check_resume(args: argparse.Namespace, optimizer: Any) -> None:
    """Say what a resumed run keeps from its checkpoint: the same data is required; another
    batch size is allowed with a note; the checkpoint's learning rate wins over --lr (the
    optimizer continues from its state) and the intro shows the rate actually used."""
    from chainrule.io import load_checkpoint

    ckpt = load_checkpoint(args.resume)
    was = ckpt.extra if isinstance(ckpt.extra, dict) else {}
    if "data" in was and (was.get("data"), was.get("target")) != (args.data, args.target):
        raise ConfigError(f"--resume {args.resume}: the checkpoint was trained on --data "
                          f"{was.get('data')}" + (f" --target {was['target']}" if was.get(
                              "target") else "") + f", not {args.data}; resume with the same "
                          "data, or start a new run without --resume")
    if "batch_size" in was and was["batch_size"] != args.batch_size:
        warn(f"--batch-size {args.batch_size} differs from the checkpoint's "
             f"{was['batch_size']}: training continues, but not as the interrupted run would "
             "have")
    saved_lr = (ckpt.optimizer_state or {}).get("hyper", {}).get("lr")
    if isinstance(saved_lr, (int, float)) and saved_lr != optimizer.lr:
        if args.lr is not None:
            warn(f"--lr {args.lr:g} is not used: the checkpoint continues with its learning "
                 f"rate {saved_lr:g} (and its optimizer state)")
        optimizer.lr = saved_lr  # what fit will restore; the intro shows it


def _intro(out: Output, args: argparse.Namespace, data: setup.Data, model: Any,
           optimizer: Any, loss_name: str) -> None:
    kind = f"{data.classes} classes" if data.classes is not None else "numeric target"
    out.pairs([
        ("data", f"{data.name}: {len(data.X_train)} train / {len(data.X_test)} test samples, "
                 f"{data.features} features, {kind}"),
        ("model", f"{setup.describe_model(model)} ({setup.count_parameters(model):,} "
                  "parameters)"),
        ("training", f"{loss_name} loss, {args.optimizer} lr={optimizer.lr:g}, "
                     f"{args.epochs} epochs, batch {args.batch_size}, seed {args.seed}"
                     + (f", resuming from {args.resume}" if args.resume else "")),
    ])


def _save(args: argparse.Namespace, model: Any, history: Any) -> dict[str, str]:
    saved: dict[str, str] = {}
    if args.save:
        from chainrule import io

        io.save(model, args.save)  # atomic: temp file + os.replace inside chainrule.io
        saved["saved"] = str(args.save)
    if args.checkpoint or args.resume:
        saved["checkpoint"] = str(args.checkpoint or args.resume)
    if args.plot:
        from chainrule.viz.history import plot_history

        write_with(args.plot, lambda tmp: plot_history(history, tmp,
                                                        title=f"Training on {args.data}"))
        saved["plot"] = str(args.plot)
    return saved


def _report(out: Output, history: Any, final: dict[str, float], saved: dict[str, str]) -> None:
    epochs = history.to_dict()
    keys = [k for k in ("loss", "accuracy", "val_loss", "val_accuracy") if k in epochs]
    names = {"loss": "loss", "accuracy": "train acc", "val_loss": "test loss",
             "val_accuracy": "test acc"}
    shown = list(range(len(history)))
    if len(shown) > 10:  # the first epochs and the last ones tell the story
        shown = shown[:3] + shown[-5:]
    rows = [[int(epochs["epoch"][i])] + [_metric(k, epochs[k][i]) for k in keys] for i in shown]
    if len(shown) < len(history):
        rows.insert(3, ["…"] * (len(keys) + 1))
    out.table(["epoch"] + [names[k] for k in keys], rows, align="r" * (len(keys) + 1))
    parts = [f"epoch {int(final['epoch'])}"] + [f"{names[k]} {_metric(k, final[k])}"
                                               for k in keys]
    out.verdict(True, "final: " + ", ".join(parts))
    for what, path in saved.items():
        label = {"saved": "model saved to", "checkpoint": "checkpoint in",
                 "plot": "curves drawn in"}[what]
        out.text(f"{label} {Path(path)}")


def _metric(key: str, value: float) -> str:
    return f"{100 * value:.1f}%" if "accuracy" in key else f"{value:.4f}"
