"""Output files appear whole or not at all: a failed rendering leaves the old file intact."""

from __future__ import annotations

import pytest

from chainrule.cli.files import atomic_path, write_text
from chainrule.cli.main import main


def _only(folder):
    return sorted(p.name for p in folder.iterdir())


def test_failed_graph_rendering_keeps_the_old_file(tmp_path, monkeypatch, capsys):
    from chainrule.viz.graph import GraphDrawing

    target = tmp_path / "graph.svg"
    target.write_text("OLD PICTURE", encoding="utf-8")

    def half_then_fail(self, path):
        with open(path, "w", encoding="utf-8") as f:
            f.write("<svg half")  # half-written, then the renderer dies
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(GraphDrawing, "save", half_then_fail)
    assert main(["graph", "x^2", "-o", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "OLD PICTURE"
    assert _only(tmp_path) == ["graph.svg"]  # no temporary file left behind
    err = capsys.readouterr().err
    assert "internal error" in err and "renderer crashed" in err and len(err.splitlines()) == 1


def test_failed_explanation_rendering_keeps_the_old_file(tmp_path, monkeypatch):
    from chainrule.errors import ConfigError
    from chainrule.explain import Explanation

    target = tmp_path / "step.html"
    target.write_text("OLD PAGE", encoding="utf-8")

    def fail(self, *args, **kwargs):
        raise ConfigError("cannot render")

    monkeypatch.setattr(Explanation, "to_html", fail)
    from chainrule.tour.networks import SEED003

    net = tmp_path / "net.toml"
    net.write_text(_toml(SEED003), encoding="utf-8")
    assert main(["explain", str(net), "-o", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "OLD PAGE"
    assert _only(tmp_path) == ["net.toml", "step.html"]


def test_atomic_path_replaces_only_on_success(tmp_path):
    target = tmp_path / "out.txt"
    write_text(target, "first")
    with pytest.raises(ZeroDivisionError), atomic_path(target) as tmp:
        tmp.write_text("partial", encoding="utf-8")
        1 / 0  # noqa: B018 - the failure under test
    assert target.read_text(encoding="utf-8") == "first"
    write_text(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert _only(tmp_path) == ["out.txt"]


def test_empty_output_is_an_error_not_a_file(tmp_path):
    from chainrule.errors import ConfigError

    with pytest.raises(ConfigError, match="no output"), atomic_path(tmp_path / "x.svg"):
        pass
    assert _only(tmp_path) == []


def test_unwritable_place_is_one_line(cli, error_line, tmp_path):
    (tmp_path / "afile").write_text("", encoding="utf-8")
    line = error_line(cli("graph", "x^2", "-o", "afile/g.svg"))
    assert "afile" in line


def _toml(data: dict) -> str:
    """A tiny TOML writer for the network dicts of chainrule.tour.networks (tests only)."""

    def value(v):
        if isinstance(v, str):
            return '"' + v.replace('"', '\\"') + '"'
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return repr(v)

    lines, tables = [], []
    for k, v in data.items():
        if k == "layers":
            for layer in v:
                tables.append("[[layers]]\n" + "".join(f"{a} = {value(b)}\n"
                                                       for a, b in layer.items()))
        elif isinstance(v, dict):
            tables.append(f"[{k}]\n" + "".join(f"{a} = {value(b)}\n" for a, b in v.items()))
        else:
            lines.append(f"{k} = {value(v)}")
    return "\n".join(lines) + "\n\n" + "\n".join(tables)
