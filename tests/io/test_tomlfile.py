"""Network and learner files (TOML): BOM, huge numbers, deep nesting and size budgets give one
clear error quickly (issue 13, items 4, 6 and 8)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from chainrule.errors import BudgetError, ConfigError
from chainrule.explain import Network, check_backprop
from chainrule.io.tomlfile import explain_size_limit, read_toml

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEED = (EXAMPLES / "seed000.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "net.toml", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    plain = Network.from_toml(write(tmp_path, SEED))
    marked = Network.from_toml(write(tmp_path, SEED, "bom.toml", bom=True))
    assert marked.to_dict() == plain.to_dict()


def wide(n_in: int, n_hidden: int) -> str:
    row = "[" + ",".join(["0.1"] * n_in) + "]"
    return ("name = 'w'\nlearning_rate = 0.1\ninputs = " + row + "\ntargets = [0.5]\n"
            "[[layers]]\nactivation = 'sigmoid'\nweights = [" + ",".join([row] * n_hidden)
            + "]\n[[layers]]\nactivation = 'sigmoid'\nweights = [[" + ",".join(
                ["0.1"] * n_hidden) + "]]\n[loss]\nkind = 'mse'\n")


@pytest.mark.parametrize("text, error, message", [
    (SEED.replace("learning_rate = 0.5", "learning_rate = " + "9" * 5000), ConfigError,
     r"a number is too long .*5000 digits"),
    (SEED.replace("learning_rate = 0.5", "learning_rate = " + "9" * 400), ConfigError,
     r"learning_rate: an integer of 400 digits is too large"),
    (SEED.replace("inputs = [0.05, 0.1]", "inputs = " + "[" * 1000 + "]" * 1000), ConfigError,
     "nested too deeply"),
    # 320·320 + 320 rows, then 320 + 1 row
    (wide(320, 320), BudgetError, r"103,041 weights and neurons.*at most 100,000 .*"
                                  r"CHAINRULE_MAX_EXPLAIN_SIZE=103041"),
])
def test_hostile_network_files(tmp_path: Path, text: str, error: type, message: str) -> None:
    path = write(tmp_path, text)
    start = time.perf_counter()
    with pytest.raises(error, match=message):
        Network.from_toml(path)
    assert time.perf_counter() - start < 5


def test_a_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "# " + "x" * 4_000_000 + "\n" + SEED)
    with pytest.raises(BudgetError, match=r"4,00\d,\d+ bytes; .*at most 3,200,000"):
        read_toml(path, "network file")


def test_the_size_limit_can_be_raised(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, wide(40, 40))  # 1,681 weights and neurons
    monkeypatch.setenv("CHAINRULE_MAX_EXPLAIN_SIZE", "1000")
    with pytest.raises(BudgetError, match="at most 1,000"):
        Network.from_toml(path)
    monkeypatch.setenv("CHAINRULE_MAX_EXPLAIN_SIZE", "2000")
    assert explain_size_limit() == 2000
    assert Network.from_toml(path).layer_sizes == (40, 40, 1)


def test_learner_files_go_through_the_same_reader(tmp_path: Path) -> None:
    net = write(tmp_path, SEED, "seed000.toml")
    learner = write(tmp_path, 'network = "seed000.toml"\ny1 = 0.3825\n', "mine.toml", bom=True)
    assert check_backprop(None, learner).judgements  # the BOM is fine
    deep = write(tmp_path, "y1 = " + "[" * 1000 + "]" * 1000 + "\n", "deep.toml")
    with pytest.raises(ConfigError, match="nested too deeply"):
        check_backprop(net, deep)
