"""Renderers read the data object: golden Markdown per seed, and structural checks of the
HTML (well-formed, MathML, nothing to fetch), LaTeX, rich and JSON outputs.

To regenerate a golden file after an intended change, write ``explain(net).to_markdown()`` to
``tests/explain/golden/<seed>.md`` and read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console

from chainrule.errors import ConfigError
from chainrule.explain import explain
from chainrule.explain.render.document import Equation, Table

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("seed", ["seed000", "seed003"])
def test_golden_markdown(seed, request):
    net = request.getfixturevalue(seed)
    expected = (GOLDEN / f"{seed}.md").read_text(encoding="utf-8")
    assert explain(net).to_markdown() == expected


def test_document_is_built_from_the_step_data(seed000):
    ex = explain(seed000)
    step = ex.detail()
    blocks = ex.document().blocks
    equations = [b for b in blocks if isinstance(b, Equation)]
    # One chain-rule equation per parameter, plus one for each hidden activation used twice.
    lhs = [e.lhs.text for e in equations]
    assert {f"∂E_total/∂{p}" for p in step.parameter_order} <= set(lhs)
    assert "∂E_total/∂y1^a" in lhs and "∂E_total/∂y2^a" in lhs
    w5 = equations[lhs.index("∂E_total/∂w5")]
    assert w5.rhs[1].text == "(z1^a − target₁) · z1^a(1 − z1^a) · y1^a"
    assert w5.rhs[-1].text == f"{step.grads['w5']:.6g}"
    update = next(b for b in blocks if isinstance(b, Table) and b.header[0] == "parameter")
    assert [r[0].text for r in update.rows] == [u.name for u in step.updates]


def test_html_is_self_contained_mathml(seed003):
    page = explain(seed003, steps=2).to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "://" not in page and "<link" not in page
    body = page[page.index('<div class="chainrule">'):page.index("</body>")]
    root = ET.fromstring(body)  # well-formed: every <math> closes
    maths = root.findall(".//math")
    assert len(maths) > 50
    assert any(m.find(".//mfrac") is not None for m in maths)  # ∂E/∂w as a fraction
    assert "<mi>ŷ</mi>" not in page and "<mover" in page  # ŷ0 is \hat{y}_0


def test_html_fragment_for_jupyter(seed003):
    ex = explain(seed003)
    fragment = ex._repr_html_()
    assert not fragment.startswith("<!DOCTYPE") and '<div class="chainrule">' in fragment
    assert ex._repr_markdown_() == ex.to_markdown()


def test_latex_environments_balance(seed000):
    tex = explain(seed000).to_latex(standalone=True)
    assert tex.startswith(r"\documentclass{article}") and tex.rstrip().endswith(
        r"\end{document}")
    for env in ("align*", "tabular", "center", "document"):
        assert tex.count(rf"\begin{{{env}}}") == tex.count(rf"\end{{{env}}}") > 0
    assert tex.count("{") == tex.count("}")
    assert r"\frac{\partial E_{\mathrm{total}}}{\partial w_{5}}" in tex


def test_latex_prose_has_no_raw_unicode_math(seed003):
    tex = explain(seed003).to_latex()
    prose = [line for line in tex.splitlines() if not line.startswith(("$", "\\", "&"))]
    assert not any(ch in line for line in prose for ch in "∂Σⱼʲ")


def test_rich_renderable(seed003):
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(explain(seed003).to_rich())
    text = console.export_text()
    assert "∂E/∂b0" in text and "1.025" in text and "Fully connected layer 1" in text


def test_markdown_latex_mode(seed003):
    md = explain(seed003).to_markdown(math="latex")
    assert r"$$" in md and r"\begin{aligned}" in md and "`" not in md
    with pytest.raises(ConfigError, match="math must be one of text, latex"):
        explain(seed003).to_markdown(math="mathml")


def test_to_dict_is_json(seed000):
    data = explain(seed000, steps=3).to_dict(steps=[1, 3])
    text = json.dumps(data, ensure_ascii=False)
    back = json.loads(text)
    # Every step's loss, but parameters and detail only for the steps asked for.
    assert len(back["losses"]) == 3 and back["losses"][2] == pytest.approx(
        explain(seed000, steps=3).losses[2], rel=1e-15)
    assert [s["step"] for s in back["steps"]] == [1, 3]
    assert [d["step"] for d in back["details"]] == [1, 3]
    first = back["details"][0]
    assert first["grads"]["w5"] == pytest.approx(explain(seed000).grads["w5"], rel=1e-15)
    assert first["forward"][0]["formula"] == "x1·w1 + x2·w3 + c1"


def test_steps_summary_and_detail_on_request(seed000):
    ex = explain(seed000, steps=5)
    md = ex.to_markdown(steps=[5])
    assert "## Training" in md and "## Step 5" in md and "## Step 1" not in md
    assert all(a > b for a, b in zip(ex.losses, ex.losses[1:]))
    with pytest.raises(ConfigError, match="step must be an integer from 1 to 5"):
        ex.detail(6)
    with pytest.raises(ConfigError, match="steps must be an integer"):
        explain(seed000, steps=0)
