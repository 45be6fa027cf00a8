"""The class list and the answers CSV refuse bad ids the same way, naming file and line."""

from __future__ import annotations

import pytest

from chainrule.errors import ConfigError
from chainrule.exercise.answers import read_answers_csv
from chainrule.exercise.classlist import read_class_list

READERS = [read_class_list, read_answers_csv]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(("body", "message"), [
    ("name,x\nAda,1\n", "line 1: no id column (expected one of id, student"),
    ("id,x\na1,1\n,2\n", "line 3: empty student id"),
    ("Student,x\na1,1\n\na2,2\na1,3\n", "line 5: student id 'a1' repeats line 2"),
])
def test_bad_ids_are_refused_naming_the_line(tmp_path, read, body, message):
    path = tmp_path / "class.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read(path)
    assert str(path) in str(info.value) and message in str(info.value)


def test_both_readers_find_the_same_students(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text("Name,ID,q1\nAda,a1,0.5\n,,\nBob, b2 ,0.25\n", encoding="utf-8")
    students = read_class_list(path)
    answers = read_answers_csv(path)
    assert [s.id for s in students] == list(answers) == ["a1", "b2"]
    assert [s.name for s in students] == ["Ada", "Bob"]
    assert answers["b2"] == {"q1": "0.25"}


def test_an_answers_row_longer_than_its_header_is_refused(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("id,q1\na1,0.5,extra\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2: 3 cells but the header has 2"):
        read_answers_csv(path)
