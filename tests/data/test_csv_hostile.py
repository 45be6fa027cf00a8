"""CSV files that used to end in the wrong advice or an internal error (issue 13, items 4, 7
and 8): out-of-range and non-finite values name their line, ';' files are read, BOMs pass,
tiny files still split, and --target counts columns from 1."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.data import load_csv, train_test_split
from chainrule.errors import ConfigError


def write(tmp_path, text: str, name: str = "t.csv", encoding: str = "utf-8"):
    p = tmp_path / name
    p.write_text(text, encoding=encoding)
    return p


ROWS = "a,b,y\n" + "".join(f"{i},{2 * i},{i % 2}\n" for i in range(10))


@pytest.mark.parametrize("bad, message", [
    ("1e39,2,0", r"line 5, column 1 \(a\): 1e39 is beyond the range of float32"),
    ("1,2,nan", r"line 5, column 3 \(y, the target\): 'nan' is not a finite number"),
    ("1,2,-inf", r"line 5, column 3 \(y, the target\): '-inf' is not a finite number"),
    ("1,2,1e39", r"line 5, column 3 \(y, the target\): '1e39' is beyond the range"),
])
def test_values_that_are_not_finite_in_float32_name_their_line(tmp_path, bad, message):
    lines = ROWS.splitlines()
    lines[4] = bad
    with pytest.raises(ConfigError, match=message):
        load_csv(write(tmp_path, "\n".join(lines) + "\n"))


def test_semicolons_and_tabs_are_detected(tmp_path):
    plain = load_csv(write(tmp_path, ROWS))
    for sep in (";", "\t"):
        t = load_csv(write(tmp_path, ROWS.replace(",", sep), "s.csv"))
        assert t.X.tolist() == plain.X.tolist() and t.y.tolist() == plain.y.tolist()
        assert t.feature_names == ("a", "b")


def test_a_byte_order_mark_is_not_part_of_the_first_name(tmp_path):
    t = load_csv(write(tmp_path, ROWS, encoding="utf-8-sig"))
    assert t.feature_names == ("a", "b")


def test_huge_whole_numbers_stay_floats(tmp_path):
    t = load_csv(write(tmp_path, "a,y\n1,1e30\n2,3\n"))
    assert t.y.dtype == np.float32 and t.y.tolist() == [np.float32(1e30), 3.0]


@pytest.mark.parametrize("sizes", [(2, 2), (3, 1, 1), (50, 30, 20), (1, 1, 1, 1)])
def test_stratified_split_gives_the_exact_test_count(sizes):
    y = np.repeat(np.arange(len(sizes)), sizes)
    X = np.arange(len(y), dtype=float).reshape(-1, 1)
    n_test = int(np.ceil(0.25 * len(y)))
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, 0.25, seed=3, stratify=True)
    assert len(y_te) == n_test and len(y_tr) == len(y) - n_test
    assert sorted(X_tr[:, 0].tolist() + X_te[:, 0].tolist()) == X[:, 0].tolist()


def test_train_cli_on_small_and_odd_csv_files(tmp_path, capsys):
    from chainrule.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["train", "--epochs", "1", "--layers", "4", *args])
        out = capsys.readouterr()
        return status, out.out, out.err

    four = write(tmp_path, "a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", "four.csv")
    status, out, err = run("--data", str(four), "--json")
    assert status == 0, err
    assert '"train": 3' in out and '"test": 1' in out
    first = write(tmp_path, "".join(f"{i % 2},{i},{2 * i}\n" for i in range(12)), "first.csv")
    status, out, err = run("--data", str(first), "--target", "1", "--json")
    assert status == 0, err
    assert '"classes": 2' in out and '"features": 2' in out
    classes = write(tmp_path, ROWS.rstrip() + "\n1,2,10000000\n", "classes.csv")
    status, out, err = run("--data", str(classes))
    assert status == 2 and len(err.strip().splitlines()) == 1
    assert "10,000,001 classes" in err and "--max-memory" in err
