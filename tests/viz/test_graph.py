"""Computation graphs: DOT text, the Graphviz path (a stand-in `dot`), the pure-Python path."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainrule.errors import ConfigError
from chainrule.scalar import Value
from chainrule.viz import draw_graph, graph_dot, value_svg
from chainrule.viz.graph import collect, format_number, graph_figure


def seed001_graph() -> tuple[Value, list[Value]]:
    """Seed 001's L = (a·b + c)·f with a = 2, b = −3, c = 10, f = −2 (micrograd's lecture)."""
    a, b, c, f = Value(2.0, name="a"), Value(-3.0, name="b"), Value(10.0, name="c"), \
        Value(-2.0, name="f")
    e = a * b
    e.name = "e"
    d = e + c
    d.name = "d"
    L = d * f
    L.name = "L"
    L.backward()
    return L, [a, b, c, f, e, d, L]


def test_dot_has_every_name_value_and_gradient():
    L, nodes = seed001_graph()
    dot = graph_dot(L)
    # By hand: dL/dd = f = −2, dL/df = d = 4, dL/dc = −2, dL/de = −2, dL/da = −2·b = 6,
    # dL/db = −2·a = −4.
    expected = {"a": (2, 6), "b": (-3, -4), "c": (10, -2), "f": (-2, 4), "e": (-6, -2),
                "d": (4, -2), "L": (-8, 1)}
    for v in nodes:
        data, grad = expected[v.name]
        assert v.data == data and v.grad == grad
        assert f"{{ {v.name} | data {data:g} | grad {grad:g} }}" in dot
    assert dot.count("shape=record") == 7 and dot.count("shape=ellipse") == 3
    assert dot.count("->") == 3 * 3  # each op: two operands in, one result out
    assert dot.startswith("digraph") and "rankdir=LR" in dot
    assert graph_dot(L) == dot  # deterministic ids


def test_record_labels_are_escaped():
    x = Value(1.5, name='x|{<"odd">}')
    y = x * 2
    dot = graph_dot(y)
    assert r'x\|\{\<\"odd\"\>\}' in dot


def test_constant_exponent_is_folded_into_its_op():
    x = Value(3.0, name="x")
    y = x**2
    y.backward()
    data = collect(y)
    assert [n.parts for n in data.nodes if n.is_op] == [("^2",)]
    assert len([n for n in data.nodes if not n.is_op]) == 2  # x and y, no box for "2"
    assert "grad 6" in graph_dot(y)


def test_big_graphs_are_capped_and_collapsed():
    s = Value(0.0, name="s")
    for i in range(200):
        s = s + Value(float(i), name=f"x{i}")
    data = collect(s, max_nodes=30)
    boxes = [n for n in data.nodes if not n.is_op and n.key != "__more__"]
    assert len(boxes) == 30
    assert data.hidden == 401 - 30  # 201 leaves + 200 sums in all
    more = [n for n in data.nodes if n.key == "__more__"]
    assert more and more[0].parts == (f"… {data.hidden} more nodes",)
    with pytest.raises(ConfigError, match="max_nodes"):
        collect(s, max_nodes=0)


def test_format_number():
    assert format_number(0.0) == "0"
    assert format_number(0.38250001) == "0.3825"
    assert format_number(16.0) == "16"
    assert format_number(Value(2.5)) == "2.5"


def test_pure_python_renderer_writes_every_label(tmp_path):
    L, nodes = seed001_graph()
    drawing = draw_graph(L, tmp_path / "g.svg", renderer="matplotlib")
    svg = (tmp_path / "g.svg").read_text()
    for v in nodes:
        assert f"{v.name}  │  data {v.data:g}  │  grad {v.grad:g}" in svg
    assert drawing.renderer == "matplotlib"
    assert drawing.svg().count("data ") == 7
    drawing.save(tmp_path / "g.png")
    drawing.save(tmp_path / "g.dot")
    assert (tmp_path / "g.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "g.dot").read_text() == drawing.dot
    with pytest.raises(ConfigError, match="extension"):
        drawing.save(tmp_path / "g.txt")


def test_pure_python_boxes_do_not_overlap():
    x = Value(0.5, name="x")
    y = ((x**2) * 3 + x.sin() * x).tanh()
    y.backward()
    fig = graph_figure(y)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_text()]
    assert len(boxes) == 8 + 6  # 8 values, 6 ops
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def _fake_dot(folder: Path, body: str) -> None:
    script = folder / "dot"
    script.write_text(f"#!{sys.executable}\n{body}")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.mark.skipif(os.name == "nt", reason="a shebang script stands in for Graphviz")
def test_graphviz_renderer_is_used_when_dot_is_on_the_path(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "stdin.dot"
    _fake_dot(bin_dir, "import sys\n"
                       f"open({str(log)!r}, 'w').write(sys.stdin.read())\n"
                       "fmt = sys.argv[1][2:]\n"
                       "sys.stdout.write('<svg><!-- fake --></svg>' if fmt == 'svg' else "
                       "'PNGDATA')\n")
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    L, _ = seed001_graph()
    drawing = draw_graph(L, tmp_path / "out.svg")
    assert drawing.renderer == "graphviz"
    assert (tmp_path / "out.svg").read_text() == "<svg><!-- fake --></svg>"
    assert log.read_text() == drawing.dot
    drawing.save(tmp_path / "out.png")
    assert (tmp_path / "out.png").read_bytes() == b"PNGDATA"
    # Forcing the fallback ignores dot.
    assert draw_graph(L, renderer="matplotlib").svg().startswith("<?xml")


@pytest.mark.skipif(os.name == "nt", reason="a shebang script stands in for Graphviz")
def test_graphviz_failure_is_a_clear_error(tmp_path, monkeypatch):
    _fake_dot(tmp_path, "import sys\nsys.stderr.write('syntax error in line 1')\nsys.exit(1)\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="syntax error in line 1"):
        draw_graph(Value(1.0) * 2).svg()


def test_missing_graphviz_when_forced(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ConfigError, match="not on the PATH"):
        draw_graph(Value(1.0) * 2, renderer="graphviz").svg()
    assert draw_graph(Value(1.0) * 2).renderer == "matplotlib"


def test_bad_arguments():
    with pytest.raises(ConfigError, match="renderer"):
        draw_graph(Value(1.0), renderer="ascii")
    with pytest.raises(ConfigError, match="Value"):
        draw_graph(3.0)  # type: ignore[arg-type]


def test_value_svg_for_jupyter(monkeypatch):
    monkeypatch.setenv("PATH", "")
    L, _ = seed001_graph()
    svg = value_svg(L)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "grad 6" in svg


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5),
                          st.sampled_from(["+", "*", "-"])), min_size=1, max_size=12))
def test_random_graphs_layout_left_to_right_without_overlaps(program):
    """Random expression DAGs: each edge runs left to right, no two boxes overlap."""
    from chainrule.viz.graph import FONT
    from chainrule.viz.layered import layout, text_size

    pool = [Value(float(i), name=f"v{i}") for i in range(6)]
    for i, j, op in program:
        a, b = pool[i % len(pool)], pool[j % len(pool)]
        pool.append(a + b if op == "+" else a * b if op == "*" else a - b)
    data = collect(pool[-1])
    sizes = {n.key: tuple(v + 0.2 for v in text_size("  │  ".join(n.parts), FONT))
             for n in data.nodes}
    placed = layout(None, [n.key for n in data.nodes], list(data.edges), sizes)
    for u, v in data.edges:
        assert placed.nodes[u].right < placed.nodes[v].left
    boxes = list(placed.nodes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart_x = a.right <= b.left or b.right <= a.left
            apart_y = (a.y + a.height / 2 <= b.y - b.height / 2 + 1e-9 or
                       b.y + b.height / 2 <= a.y - a.height / 2 + 1e-9)
            assert apart_x or apart_y


def test_a_failing_save_keeps_the_old_file(tmp_path, monkeypatch) -> None:
    from matplotlib.figure import Figure

    from chainrule.viz.canvas import save_figure

    target = tmp_path / "picture.png"
    target.write_bytes(b"old picture")

    def broken(self, fname, **kwargs) -> None:
        with open(fname, "wb") as handle:
            handle.write(b"half")
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(RuntimeError, match="renderer crashed"):
        save_figure(Figure(), target)
    assert target.read_bytes() == b"old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["picture.png"]


def two_paths() -> Value:
    """Seed 003's d = b·c with b = a², c = −7a: a reaches d through b and through c."""
    a = Value(2.0, name="a")
    b = a ** 2
    b.name = "b"
    c = -7 * a
    c.name = "c"
    d = b * c
    d.name = "d"
    return d


def _hops(data, names: dict[str, str], src: str, dst: str) -> set[tuple[str, str]]:
    """The two edges src → op → dst, found from the graph's own edge list."""
    op = f"{names[dst]}_op"
    assert (names[src], op) in data.edges and (op, names[dst]) in data.edges
    return {(names[src], op), (op, names[dst])}


def test_highlighted_paths_colour_their_edges_only():
    d = two_paths()
    data = collect(d, highlight=[["a", "b", "d"], ["a", "c", "d"]])
    names = {n.parts[0]: n.key for n in data.nodes if not n.is_op and len(n.parts) == 3}
    via_b = _hops(data, names, "a", "b") | _hops(data, names, "b", "d")
    via_c = _hops(data, names, "a", "c") | _hops(data, names, "c", "d")
    assert set(data.colours) == via_b | via_c
    shared = via_b & via_c  # the last op → d edge is on both paths: the first path's colour
    assert {data.colours[e] for e in via_b} == {"#e08a00"}
    assert {data.colours[e] for e in via_c - shared} == {"#c2187a"}
    constant_edge = next(e for e in data.edges if e not in data.colours)
    dot = graph_dot(d, highlight=[["a", "b", "d"], ["a", "c", "d"]])
    assert f'"{constant_edge[0]}" -> "{constant_edge[1]}";' in dot  # left grey
    assert dot.count('color="#e08a00"') == len(via_b)
    assert dot.count('color="#c2187a"') == len(via_c - shared)
    assert graph_dot(d) == graph_dot(d, highlight=())  # nothing asked, nothing coloured


def test_highlight_in_the_pure_python_picture():
    d = two_paths()
    fig = graph_figure(d, highlight=[["a", "b", "d"], ["a", "c", "d"]])
    colours = {line.get_color() for ax in fig.axes for line in ax.get_lines()}
    assert {"#e08a00", "#c2187a", "#666666"} <= colours


@pytest.mark.parametrize(("paths", "message"), [
    ([["a", "q"]], "'q', which is not a value"),
    ([["a", "d"]], "no op of the graph takes 'a' to 'd'"),
    ([["a", "b"], ["d", "c"]], "path 2 goes 'd' → 'c'"),
])
def test_highlight_names_what_is_wrong(paths, message):
    with pytest.raises(ConfigError, match=message):
        draw_graph(two_paths(), highlight=paths)
