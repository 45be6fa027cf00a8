"""Injection corpus: hostile names, descriptions and learner keys through every output format.

A network file's names, name and description and a learner file's keys are put through
``explain`` (LaTeX, Markdown in both math styles, HTML), the check-my-work report, and the CLI's
``-o .tex/.md/.html``; each output is then read the way its consumer reads it:

* LaTeX: every control word must be one the clean seed output also uses (or an escape of
  :mod:`chainrule.escape`), never ``\\input``, ``\\write18``, ``\\def``, …; no ``^^`` and no
  bare ``%``;
* Markdown: rendered by markdown-it (CommonMark + tables, raw HTML on) — no element or attribute
  beyond those the clean document has, no ``href``/``src``, and the hostile text shown as text;
* HTML: parsed — no ``script``/``img``/``a`` element, no ``on…`` attribute.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from chainrule.escape import terminal
from chainrule.explain import Network, check_backprop, explain

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

CORPUS = [
    r"\input{/etc/passwd}", r"\immediate\write18{touch pwned}", r"\openout5=pwned.tex",
    r"\def\x{y}", r"\catcode`\@=11", "^^5cinput{/etc/passwd}", "50%comment", "$x$ & #1 ~",
    "a_{\\input{x}}", "w[\\def\\y{}]", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "![i](http://e.example/x.png)",
    "[r]: javascript:alert(1)", "``x``", "`", "*em* _em_", "| cell |", "# head", "- item",
    "&lt;b&gt;", "<a href='x'>l</a>", "\x1b[31mred", "a\u202eb", "new\nline", "nul\x00",
]
FORBIDDEN_TEX = {"input", "include", "write", "immediate", "openout", "openin", "read", "def",
                 "gdef", "edef", "xdef", "let", "catcode", "csname", "usepackage", "newcommand",
                 "renewcommand", "special", "directlua", "outer", "expandafter", "relax"}


def _network(text: str) -> Network:
    data = tomllib.loads((EXAMPLES / "seed000.toml").read_text(encoding="utf-8"))
    data["name"] = text
    data["description"] = f"Described as {text} here."
    data["input_names"] = [text, "x2"]
    data["layers"][1]["out_names"] = ["z1^a", text + "^a"]
    return Network.from_dict(data)


def _controls(tex: str) -> set[str]:
    return set(re.findall(r"\\([A-Za-z]+|.)", tex, re.DOTALL))


@pytest.fixture(scope="module")
def clean_tex_words() -> set[str]:
    net = Network.from_toml(EXAMPLES / "seed000.toml")
    words = _controls(explain(net).to_latex(standalone=True))
    words |= _controls(check_backprop(net, EXAMPLES / "seed000-learner.toml").to_latex())
    return words | {"textbackslash", "backslash", "textless", "textgreater", "sim", "wedge",
                    "textasciitilde", "textasciicircum", "$", "%", "&", "#", "_", "{", "}"}


def assert_safe_latex(tex: str, allowed: set[str]) -> None:
    tex = tex.split("\\begin{document}")[-1]  # the preamble is ours
    words = _controls(tex)
    assert not words & FORBIDDEN_TEX, words & FORBIDDEN_TEX
    assert words <= allowed, words - allowed
    assert "^^" not in tex
    assert not re.search(r"(?<!\\)%", tex)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", tex)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs |= {a for a, _ in attrs}

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


_MD = MarkdownIt("commonmark").enable("table")


@pytest.fixture(scope="module")
def clean_md_tags() -> set[str]:
    net = Network.from_toml(EXAMPLES / "seed000.toml")
    tags = set()
    for math in ("text", "latex"):
        tags |= _parse(_MD.render(explain(net).to_markdown(math=math))).tags
    return tags


def assert_safe_markdown(md: str, allowed: set[str], shown: str) -> None:
    page = _parse(_MD.render(md))
    assert page.tags <= allowed, page.tags - allowed
    assert not page.attrs - {"style", "class"}, page.attrs
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", md)
    text = " ".join("".join(page.text).split())
    assert " ".join(shown.split()) in text


def assert_safe_html(html: str) -> None:
    page = _parse(html)
    assert not page.tags & {"script", "img", "a", "iframe", "object", "embed", "svg"}, page.tags
    assert not [a for a in page.attrs if a.startswith("on") or a in ("href", "src")]


@pytest.mark.parametrize("text", CORPUS)
def test_explanation_escapes_every_format(text, clean_tex_words, clean_md_tags):
    ex = explain(_network(text))
    assert_safe_latex(ex.to_latex(standalone=True), clean_tex_words)
    shown = terminal(text).replace("\\n", " ")
    assert_safe_markdown(ex.to_markdown(), clean_md_tags, f"Described as {shown} here.")
    assert_safe_markdown(ex.to_markdown(math="latex"), clean_md_tags,
                         f"Described as {shown} here.")
    assert_safe_html(ex.to_html())


@pytest.mark.parametrize("text", CORPUS[::2])
def test_check_report_escapes_learner_keys(text, clean_tex_words, clean_md_tags):
    net = _network(text)
    values = {"x2": 0.1, text: 0.05, f"{text}+": 1.0, "w1": 0.15, "<b>bold</b>": 2.0}
    result = check_backprop(net, values)
    assert_safe_latex(result.to_latex(standalone=True), clean_tex_words)
    md = result.to_markdown()
    page = _parse(_MD.render(md))
    assert page.tags <= clean_md_tags | {"p"}, page.tags
    assert "<b>bold</b>" in "".join(page.text)
    assert_safe_html(result.to_html())


def test_cli_writes_escaped_files(cli, tmp_path, clean_tex_words, clean_md_tags):
    data = (EXAMPLES / "seed000.toml").read_text(encoding="utf-8")
    data = data.replace('input_names = ["x1", "x2"]',
                        r'input_names = ["\\input{/etc/passwd}", "<script>alert(1)</script>"]')
    data = data.replace('name = "seed000"', 'name = "\\u001b[2J<img src=x onerror=alert(1)>"')
    (tmp_path / "net.toml").write_text(data, encoding="utf-8")
    for suffix in ("tex", "md", "html"):
        result = cli("explain", "net.toml", "-o", f"out.{suffix}")
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout + result.stderr
    assert_safe_latex((tmp_path / "out.tex").read_text(encoding="utf-8"), clean_tex_words)
    assert r"\backslash{}input\{/etc/passwd\}" in (tmp_path / "out.tex").read_text()
    assert_safe_markdown((tmp_path / "out.md").read_text(encoding="utf-8"), clean_md_tags,
                         "<script>alert(1)</script>")
    assert_safe_html((tmp_path / "out.html").read_text(encoding="utf-8"))
    shown = cli("explain", "net.toml")
    assert shown.returncode == 0 and "\x1b" not in shown.stdout
    assert r"\x1b[2J<img" in shown.stdout


def test_tour_markdown_has_no_raw_html():
    from chainrule.cli.tourview import tour_markdown

    class Section:
        heading, text, derivations, tables, corrections, figures, commands = (
            "h", ["para"], ["```\n<script>"], [], [], [], [])

    page = _parse(_MD.render(tour_markdown([Section()], Path("."), 1.0)))
    assert "script" not in page.tags


def test_network_picture_shows_hostile_names_as_text(tmp_path):
    from chainrule.viz import draw_network

    net = _network("$\\input{x}$ \x1b[31m a$b\\frac{$")
    draw_network(net, path=tmp_path / "net.svg")
    svg = (tmp_path / "net.svg").read_text(encoding="utf-8")
    assert "\x1b" not in svg
    assert r"\x1b[31m" in svg
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)  # well-formed: no control character, every name escaped
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    attrs = {a for el in root.iter() for a in el.attrib}
    assert not tags & {"script", "a", "foreignObject", "image"}
    assert not [a for a in attrs if a.startswith("on")]
