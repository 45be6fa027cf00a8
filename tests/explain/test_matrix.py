"""The matrix view: seed 000's and seed 003's layers as matrices, numbers recomputed by hand
here (plain floats, the seeds' own formulas), and every entry equal to the scalar chain's."""

from __future__ import annotations

import math
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from chainrule.explain import Network, explain


def sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def test_seed000_matrices_by_hand(seed000):
    x1, x2, c1, c2 = 0.05, 0.1, 0.35, 0.6
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55
    y1, y2 = x1 * w1 + x2 * w3 + c1, x1 * w2 + x2 * w4 + c1
    h1, h2 = sig(y1), sig(y2)
    z1, z2 = h1 * w5 + h2 * w7 + c2, h1 * w6 + h2 * w8 + c2
    o1, o2 = sig(z1), sig(z2)
    d1, d2 = (o1 - 0.1) * o1 * (1 - o1), (o2 - 0.99) * o2 * (1 - o2)
    e1 = (w5 * d1 + w6 * d2) * h1 * (1 - h1)
    e2 = (w7 * d1 + w8 * d2) * h2 * (1 - h2)
    m = explain(seed000).matrices(1)
    hidden, out = m.layers
    # W is (units, fan_in): row j holds the weights into neuron j.
    np.testing.assert_allclose(hidden.W, [[w1, w3], [w2, w4]], rtol=0)
    np.testing.assert_allclose(hidden.z[0], [y1, y2], rtol=1e-15)
    np.testing.assert_allclose(out.z[0], [z1, z2], rtol=1e-15)
    np.testing.assert_allclose(out.delta[0], [d1, d2], rtol=1e-13)
    np.testing.assert_allclose(hidden.delta[0], [e1, e2], rtol=1e-13)
    np.testing.assert_allclose(out.dw, [[d1 * h1, d1 * h2], [d2 * h1, d2 * h2]], rtol=1e-13)
    np.testing.assert_allclose(hidden.dw, [[e1 * x1, e1 * x2], [e2 * x1, e2 * x2]], rtol=1e-13)
    np.testing.assert_allclose(out.db, [d1 + d2], rtol=1e-13)  # c2 is shared: Σⱼ δⱼ
    assert m.checked == 22 and not m.mismatches and m.max_difference < 1e-15


def test_seed003_matrices_by_hand(seed003):
    i = [1.0, 0.5, 1.0]
    a0 = 0.5 * i[0] + 1 * i[1] - 0.5 * i[2]
    b0 = max(a0, 0.0)
    c = [-1 * b0, 1 * b0]
    o = [max(v, 0.0) for v in c]
    dO = [2 * (o[0] - 0.5) / 2, 2 * (o[1] - 1) / 2]
    dc = [dO[k] * (c[k] > 0) for k in range(2)]  # ReLU′(c0) = 0: the seed's lesson
    da0 = (-1 * dc[0] + 1 * dc[1]) * (a0 > 0)
    m = explain(seed003).matrices(1)
    first, second = m.layers
    assert dc == [0.0, -0.5] and da0 == -0.5
    np.testing.assert_allclose(second.delta[0], dc, rtol=0)
    np.testing.assert_allclose(second.dw, [[dc[0] * b0], [dc[1] * b0]], rtol=0)
    np.testing.assert_allclose(first.dw, [[da0 * x for x in i]], rtol=0)
    np.testing.assert_allclose(first.db, [da0], rtol=0)
    assert m.checked == 17 and not m.mismatches


def test_matrix_view_is_rendered_with_numbers(seed000, seed003):
    md = explain(seed003).to_markdown()
    assert "δ⁽¹⁾ = (W⁽²⁾ᵀ δ⁽²⁾) ⊙ ReLU′(z⁽¹⁾)" in md
    assert "∂E/∂W⁽¹⁾ = δ⁽¹⁾ a⁽⁰⁾ᵀ" in md and "[-0.5 -0.25 -0.5]" in md
    assert "all 17 entries" in md
    tex = explain(seed000).to_latex()
    assert r"\begin{bmatrix} 0.15 & 0.25 \\ 0.2 & 0.3 \end{bmatrix}" in tex
    html = explain(seed000).to_html()
    assert "<mtable class=\"bmatrix\"><mtr><mtd" in html and "0.120866" in html
    assert "odot" not in html and "\\top" not in html  # every command became MathML


def test_batch_matrix_view_sums_the_samples(seed003):
    two = Network([[1, 0.5, 1], [0.2, -1, 0.3]], seed003.layers, [[0.5, 1], [0, 0.25]], 0.1,
                  seed003.loss, input_names=seed003.input_names)
    ex = explain(two)
    m = ex.matrices(1)
    assert m.samples == 2 and m.checked == 26 and not m.mismatches
    # ∂E/∂W = Δᵀ A: the sum over the samples' outer products.
    for ml in m.layers:
        by_sample = sum(np.outer(ml.delta[s], ml.a_in[s]) for s in range(2))
        np.testing.assert_allclose(ml.dw, by_sample, rtol=1e-15)
    md = ex.to_markdown()
    assert "∂E/∂W⁽²⁾ = Δ⁽²⁾ᵀ A⁽¹⁾" in md


def test_large_layer_uses_the_matrix_view_only():
    rng = np.random.default_rng(1)
    big = Network.from_dict({
        "learning_rate": 0.1, "inputs": rng.normal(size=100).tolist(),
        "targets": rng.uniform(size=100).tolist(),
        "layers": [{"weights": (0.1 * rng.normal(size=(100, 100))).tolist(),
                    "biases": [0.0] * 100, "activation": "sigmoid"}],
        "loss": {"kind": "half_sse"}})
    ex = explain(big)
    assert not ex.scalar
    m = ex.matrices(1)
    W = np.array(big.layers[0].weights)
    x, t = np.array(big.inputs[0]), np.array(big.targets[0])
    o = 1 / (1 + np.exp(-(W @ x)))
    np.testing.assert_allclose(m.layers[0].dw, np.outer((o - t) * o * (1 - o), x), rtol=1e-12)
    md = ex.to_markdown()
    assert "⋯" in md and "⋮" in md and "Matrix view" in md
    with pytest.raises(Exception, match="matrix view"):
        ex.detail(1)


@pytest.mark.usefixtures("pdflatex")
def test_latex_with_matrices_and_training_compiles(seed003, tmp_path):
    two = Network([[1, 0.5, 1], [0.2, -1, 0.3]], seed003.layers, [[0.5, 1], [0, 0.25]], 0.1,
                  seed003.loss, input_names=seed003.input_names)
    (tmp_path / "m.tex").write_text(explain(two, 30, show=[1, 30]).to_latex(standalone=True),
                                    encoding="utf-8")
    run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "m.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, [line for line in run.stdout.splitlines() if line.startswith("!")]


def test_html_matrix_view_structure_and_jupyter(seed000):
    ex = explain(seed000, 50, show=[1, 50])
    page = ex.to_html()
    body = page[page.index('<div class="chainrule">'):page.index("</body>")]
    root = ET.fromstring(body)  # well-formed, matrices included
    mats = [t for t in root.iter("mtable") if t.get("class") == "bmatrix"]
    # Per shown step: z, a, δ, ∂E/∂W, ∂E/∂b lines of both layers hold matrices.
    assert len(mats) >= 2 * 20
    cells = [mtd for mat in mats for mtd in mat.iter("mtd")]
    # Numbers right-aligned in their column (Chromium needs -webkit-right for a cell's block).
    assert cells and all("text-align:-webkit-right" in mtd.get("style", "") for mtd in cells)
    first = [[mtd.findtext(".//mn") for mtd in mtr] for mtr in mats[0]]
    assert first == [["0.15", "0.25"], ["0.2", "0.3"]]  # W⁽¹⁾ row j = into neuron j
    rows = [tr for tr in root.iter("tr") if tr.find("td") is not None]
    assert any(tr[0].text == "50" for tr in rows)  # the log-spaced loss table
    fragment = ex._repr_html_()
    assert "bmatrix" in fragment and "mtable.bmatrix" in fragment  # Jupyter gets the CSS too
