"""The loss table is the one place a loss is named: every name in it resolves (term row, nn
class, fused op), every consumer reads it, and a former spelling is refused with the new
name (the CLI exits 2 with one line)."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule import nn, rules
from chainrule.cli.main import main
from chainrule.errors import ConfigError
from chainrule.exercise.networks import LOSS_TEXT
from chainrule.explain import Network, describe, explain
from chainrule.explain.model.network import LOSS_ROWS, LOSSES
from chainrule.playground import model as playground
from chainrule.rules import loss_table
from chainrule.tensor import Tensor

ENTRIES = list(loss_table.LOSSES.values())
CLASSES = [(e, c) for e in ENTRIES for c in e.nn_classes]
OLD = sorted(loss_table.OLD_NAMES.items())


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.kind)
def test_every_name_resolves(entry: loss_table.LossKind) -> None:
    row = rules.row(entry.term_row)
    assert row.arity == (3 if "n" in row.params else 2)
    for cls_name, op_name in entry.fused_ops.items():
        cls = getattr(nn, cls_name)
        assert issubclass(cls, nn.Loss)
        pred = Tensor(np.full((2, 3), 0.3), requires_grad=True)
        target = np.eye(3)[[0, 2]]
        assert cls()(pred, target)._op.name == op_name  # its own reduction is the fused op
    assert set(entry.fused_ops) == set(entry.nn_classes)


@pytest.mark.parametrize(("entry", "cls_name"), CLASSES, ids=lambda x: getattr(x, "kind", x))
def test_describe_explains_each_nn_class_with_its_value(entry: loss_table.LossKind,
                                                        cls_name: str) -> None:
    """One sample: explain's loss (the term row, the fused activation made a layer) equals
    the nn class's own number on the same model."""
    fused = entry.nn_classes[cls_name]
    dense = nn.Dense(2, 3, dtype=np.float64)
    dense.load_state_dict({"weight": np.array([[0.5, -0.3, 0.8], [0.2, 0.7, -0.6]]),
                           "bias": np.array([0.1, -0.2, 0.05])})
    layers = [dense] if fused else [dense, nn.Sigmoid()]
    model = nn.Sequential(*layers)
    x, t = np.array([[0.4, -1.2]]), np.array([[0.0, 1.0, 0.0]])
    want = float(getattr(nn, cls_name)()(model(x), t).item())
    net = describe(model, inputs=x, targets=t, loss=getattr(nn, cls_name)())
    assert net.loss.kind == entry.kind
    assert net.layers[-1].activation == (fused or "sigmoid")
    assert explain(net).losses[0] == pytest.approx(want, rel=1e-12)


def test_consumers_read_the_table() -> None:
    kinds = list(loss_table.LOSSES)
    assert list(LOSSES) == kinds and {e.kind: e.term_row for e in ENTRIES} == LOSS_ROWS
    assert list(playground.LOSSES) == kinds
    assert [c[0] for c in playground.choices()["loss"]] == kinds
    assert set(LOSS_TEXT) == set(kinds)
    assert len(loss_table.OLD_NAMES) == sum(len(e.old_names) for e in ENTRIES)  # no overlap
    assert not set(loss_table.OLD_NAMES) & set(kinds)


@pytest.mark.parametrize(("old", "new"), OLD)
def test_old_spellings_are_refused_with_the_new_name(old: str, new: str, tmp_path) -> None:
    with pytest.raises(ConfigError, match=f"'{new}'"):
        describe(nn.Sequential(nn.Dense(2, 2)), loss=old)
    data = {"learning_rate": 0.1, "inputs": [1.0, 2.0], "targets": [0.5],
            "layers": [{"weights": [[0.1, 0.2]], "activation": "sigmoid"}],
            "loss": {"kind": old}}
    with pytest.raises(ConfigError, match=f"loss.kind: expected '{new}'"):
        Network.from_dict(data)
    path = tmp_path / "net.toml"
    path.write_text('learning_rate = 0.1\ninputs = [1.0, 2.0]\ntargets = [0.5]\n'
                    '[[layers]]\nweights = [[0.1, 0.2]]\nactivation = "sigmoid"\n'
                    f'[loss]\nkind = "{old}"\n', encoding="utf-8")
    assert main(["explain", str(path)]) == 2


def test_cli_says_the_new_name_in_one_line(tmp_path, capsys) -> None:
    path = tmp_path / "net.toml"
    path.write_text('learning_rate = 0.1\ninputs = [1.0]\ntargets = [0.5]\n[[layers]]\n'
                    'weights = [[0.1]]\n[loss]\nkind = "cross_entropy"\n', encoding="utf-8")
    assert main(["explain", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "'cce'" in err and "Traceback" not in err
