"""Key files are validated JSON; bad ones are one clear error."""

from __future__ import annotations

import json

import pytest

from chainrule.errors import ConfigError
from chainrule.exercise.classwork import class_entries
from chainrule.exercise.keyfile import dumps_key, read_key
from chainrule.exercise.sheets import Student


@pytest.fixture
def key_text():
    return dumps_key(class_entries("backprop-softmax", 1, [Student("a", "A"), Student("b")]))


def test_round_trip(tmp_path, key_text):
    p = tmp_path / "key.json"
    p.write_text(key_text)
    entries = read_key(p)
    assert [s.id for _, s in entries] == ["a", "b"]
    again = class_entries("backprop-softmax", 1, [Student("a", "A"), Student("b")])
    assert [e for e, _ in entries] == [e for e, _ in again]


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(format="other"), "not a chainrule exercise key"),
    (lambda d: d.update(version=9), "version 9"),
    (lambda d: d.update(entries=[]), "entries"),
    (lambda d: d["entries"][1]["exercise"]["quantities"][2].update(value="x"),
     r"entries\[1\]\.exercise\.quantities\[2\]\.value: expected a finite number"),
    (lambda d: d["entries"][0]["exercise"].update(level=-1), r"entries\[0\]\.exercise\.level"),
    (lambda d: d["entries"][0]["exercise"]["quantities"][0].update(group="?"), "group"),
    (lambda d: d["entries"][0]["exercise"].update(pickle="x"), "unknown field 'pickle'"),
    (lambda d: d["entries"][1]["student"].update(id="a"), "appears twice"),
    (lambda d: d["entries"][0]["exercise"]["quantities"][1].update(key="z1"),
     r"quantities: key 'z1' appears twice"),
    (lambda d: d["entries"][1]["exercise"]["network"].update(learning_rate=-1),
     r"entries\[1\]\.exercise\.network"),
])
def test_bad_keys_name_the_field(tmp_path, key_text, change, message):
    data = json.loads(key_text)
    change(data)
    p = tmp_path / "key.json"
    p.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match=message):
        read_key(p)


def test_not_json(tmp_path):
    p = tmp_path / "key.json"
    p.write_bytes(b"\x80\x04\x95 a pickle")
    with pytest.raises(ConfigError, match=r"cannot read|not a key file"):
        read_key(p)
    p.write_text("{")
    with pytest.raises(ConfigError, match="not a key file"):
        read_key(p)


def _toml(value):
    """A value as inline TOML (nulls dropped), enough for a key file."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()
                               if v is not None) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


def test_a_toml_key_reads_like_the_json_one(tmp_path, key_text):
    data = json.loads(key_text)
    p = tmp_path / "key.toml"
    p.write_text("\n".join(f"{k} = {_toml(v)}" for k, v in data.items()) + "\n")
    json_path = tmp_path / "key.json"
    json_path.write_text(key_text)
    assert read_key(p) == read_key(json_path)
