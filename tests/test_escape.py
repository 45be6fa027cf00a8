"""chainrule.escape: each format's escaping, checked by reading the output back the way its
consumer does (a LaTeX tokenizer's view, markdown-it, an HTML parser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from chainrule.escape import (
    html_text,
    latex_math,
    latex_text,
    markdown_code,
    markdown_fence,
    markdown_text,
    mathtext,
    terminal,
    visible,
)

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
HOSTILE = st.text(alphabet="\\{}$&#^_%~<>[]()!*`|\n\x1b\u202eab1 :", max_size=40)
_MD = MarkdownIt("commonmark").enable("table")


def _unescaped_specials(tex: str) -> list[str]:
    """Characters that would mean something to TeX left after removing the escapes."""
    rest = re.sub(r"\\(textbackslash|backslash|textless|textgreater|textasciitilde|"
                  r"textasciicircum|sim|wedge)\{\}|\\[{}$&#_%]|\\ ", "", tex)
    return re.findall(r"[\\{}$&#^_%~]", rest)


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXT, HOSTILE))
def test_latex_text_leaves_no_active_character(text):
    assert _unescaped_specials(latex_text(text)) == []


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXT, HOSTILE))
def test_latex_math_leaves_no_active_character_and_no_tag(text):
    out = latex_math(text)
    assert _unescaped_specials(out.replace("<{}", "").replace("]{}", "")) == []
    assert not re.search(r"<[A-Za-z/!?]", out)
    assert not re.search(r"\][(\[:]", out)


def test_latex_examples():
    assert latex_text(r"\input{/etc/passwd}") == r"\textbackslash{}input\{/etc/passwd\}"
    assert latex_text("^^5c") == r"\textasciicircum{}\textasciicircum{}5c"
    assert latex_math(r"\def") == r"\backslash{}def"
    assert latex_text("a\nb\x1b") == r"a b\textbackslash{}x1b"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def _render(md: str) -> _Page:
    page = _Page()
    page.feed(_MD.render(md))
    return page


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXT, HOSTILE))
def test_markdown_text_renders_as_the_text_itself(text):
    page = _render(markdown_text(text))
    assert set(page.tags) <= {"p"}, page.tags
    shown = "".join(" " if c in "\n\r\t" else visible(c) for c in text)
    assert " ".join(page.text.split()) == " ".join(shown.split())


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXT, HOSTILE))
def test_markdown_code_span_cannot_be_closed(text):
    page = _render("x " + markdown_code(text) + " y")
    assert page.tags in (["p", "code"], ["p"]) and page.tags.count("code") <= 1
    if text.strip(" \n\r\t"):
        assert page.tags == ["p", "code"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(TEXT, HOSTILE).map(lambda s: s.replace("\n", " ")), max_size=4))
def test_markdown_fence_holds_every_line(lines):
    fence = markdown_fence(lines)
    page = _render("\n".join([fence + "text", *lines, fence, "after"]))
    assert page.tags == ["pre", "code", "p"]


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXT, HOSTILE))
def test_html_text_is_text(text):
    page = _Page()
    page.feed(f"<p title='{html_text(text)}'>{html_text(text)}</p>")
    assert page.tags == ["p"]
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", html_text(text))


def test_terminal_shows_control_characters():
    assert terminal("a\x1b[2Jb\u202ec\nd\x7f") == r"a\x1b[2Jb\u202ec\nd\x7f"
    assert terminal("plain ü σ") == "plain ü σ"
    assert mathtext("$x$ cost") == r"\$x\$ cost"


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_terminal_output_has_no_control_character(text):
    out = terminal(text)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]", out)
