"""load_csv: headers, targets, text labels, and errors that name file, line and column."""

from __future__ import annotations

import numpy as np
import pytest

from chainrule.data import load_csv
from chainrule.errors import ConfigError


def write(tmp_path, text: str, name: str = "t.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_header_detected_and_last_column_is_target(tmp_path):
    p = write(tmp_path, "a,b,label\n1,2,0\n3.5,-4e1,1\n\n5,6,1\n")
    X, y = load_csv(p)
    assert X.dtype == np.float32 and X.tolist() == [[1, 2], [3.5, -40], [5, 6]]
    assert y.dtype == np.int64 and y.tolist() == [0, 1, 1]
    t = load_csv(p)
    assert t.feature_names == ("a", "b") and t.target_name == "label" and t.classes is None


def test_no_header_and_target_by_index(tmp_path):
    p = write(tmp_path, "1,2,3\n4,5,6\n")
    t = load_csv(p, target=0)
    assert t.X.tolist() == [[2, 3], [5, 6]] and t.y.tolist() == [1, 4]
    assert t.feature_names == ("column 2", "column 3")
    assert load_csv(p, target=-2).y.tolist() == [2, 5]
    t = load_csv(p, target=None)
    assert t.y is None and t.X.shape == (2, 3)


def test_target_by_name_fractional_target_and_delimiter(tmp_path):
    p = write(tmp_path, "price;size;rooms\n1.5;30;1\n2.25;50;2\n")
    t = load_csv(p, target="price", delimiter=";")
    assert t.y.dtype == np.float32 and t.y.tolist() == [1.5, 2.25]
    assert t.X.tolist() == [[30, 1], [50, 2]]


def test_text_labels_become_sorted_codes(tmp_path):
    p = write(tmp_path, "5.1,3.5,setosa\n6.3,2.9,virginica\n5.0,3.4,setosa\n")
    t = load_csv(p)
    assert t.classes == ("setosa", "virginica")
    assert t.y.tolist() == [0, 1, 0]
    assert [t.classes[i] for i in t.y] == ["setosa", "virginica", "setosa"]


def test_ragged_row_names_file_and_line(tmp_path):
    p = write(tmp_path, "a,b,c\n1,2,3\n4,5\n")
    with pytest.raises(ConfigError) as exc:
        load_csv(p)
    msg = str(exc.value)
    assert str(p) in msg and "line 3" in msg and "expected 3 fields" in msg and "found 2" in msg


def test_non_number_names_file_line_and_column(tmp_path):
    p = write(tmp_path, "a,b,y\n1,2,0\n\n3,oops,1\n")
    with pytest.raises(ConfigError) as exc:
        load_csv(p)
    msg = str(exc.value)
    assert f"{p}, line 4, column 2 (b)" in msg and "'oops' is not a number" in msg


@pytest.mark.parametrize(("text", "words"), [
    ("a,b\n1,\n", "empty field"),
    ("a,b\n1,nan\n", "not a finite number"),
    ("", "no rows"),
    ("a,b\n", "no data rows"),
])
def test_other_bad_tables(tmp_path, text, words):
    p = write(tmp_path, text)
    with pytest.raises(ConfigError, match=words):
        load_csv(p, target=None)


def test_bad_targets_and_missing_file(tmp_path):
    p = write(tmp_path, "a,b\n1,2\n")
    with pytest.raises(ConfigError, match=r"no column named 'z'.*\['a', 'b'\]"):
        load_csv(p, target="z")
    with pytest.raises(ConfigError, match="out of range"):
        load_csv(p, target=5)
    with pytest.raises(ConfigError, match="no header"):
        load_csv(write(tmp_path, "1,2\n", "n.csv"), target="a")
    with pytest.raises(ConfigError, match="no such file"):
        load_csv(tmp_path / "missing.csv")
