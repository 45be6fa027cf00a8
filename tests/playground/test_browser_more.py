"""More of the page in a real browser: gradients on the edges, points added by clicking, a CSV,
three classes, the exports, seed 000 and Mazur's 10,000 iterations."""

from __future__ import annotations

import pytest
from tests.playground.conftest import (
    click_edge,
    open_page,
    open_preset,
    seed003_by_hand,
    shot,
    url_with,
)


def test_gradients_on_edges_and_neurons_match_the_step(page, server_url):
    open_preset(page, server_url, "seed003", "w_i0^a0")
    page.check("#show-grads")
    page.wait_for_function("document.querySelector('#node-1-0 .dlt').textContent !== ''")
    want = seed003_by_hand()                      # δ of the hidden neuron: ∂E/∂a0 = −0.5
    assert page.inner_text("#node-1-0 .dlt") == f"δ = ∂E/∂a0 = {want['dE/da0']:g}"
    labels = page.locator("text.elabel.g").all_text_contents()
    assert f"{want['dE/dw_i0^a0']:g}" in labels and f"{want['dE/dw_b0^c1']:g}" in labels
    for _ in range(8):
        page.click("#bwd")
    assert page.inner_text('#params tr[data-name="w_i1^a0"] td.grad') == \
        f"{want['dE/dw_i1^a0']:g}"
    shot(page, "gradients.png")


def test_seed000_step_and_mazur_iterations(page, server_url):
    import numpy as np
    from tests.playground.test_numbers import seed000_loss

    open_preset(page, server_url, "seed000", "w5")
    page.click("#apply-step")
    page.wait_for_function("document.querySelector('#iterations').textContent === '1'")
    p = np.array([0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55, 0.35, 0.6])
    grad = [(seed000_loss(p + 1e-6 * e) - seed000_loss(p - 1e-6 * e)) / 2e-6 for e in np.eye(10)]
    for k, name in enumerate(["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"]):
        shown = float(page.inner_text(f'#params tr[data-name="{name}"] td.value'))
        assert shown == pytest.approx(p[k] - 0.5 * grad[k], abs=5e-7), name   # 6 digits shown
    for name, old in (("c1", 0.35), ("c2", 0.6)):                            # frozen
        assert float(page.inner_text(f'#params tr[data-name="{name}"] td.value')) == old
    page.select_option("#preset", "mazur")
    page.wait_for_selector('#params tr[data-name="b1"]')
    page.click("#iterate")
    page.wait_for_function("document.querySelector('#iterations').textContent === '10000'",
                           timeout=30000)
    error = float(page.inner_text("#train-loss"))
    assert error == pytest.approx(0.0000351085, rel=1e-3)     # Mazur's published error


def test_points_by_click_three_classes_and_csv(page, server_url, tmp_path):
    open_page(page, url_with(server_url, {"dataset": "gaussian", "classes": 3, "loss": "cce",
                                      "points": 60, "hidden": [4]}))
    assert page.locator("#net .edge").count() == 2 * 4 + 4 * 3     # softmax over 3 outputs
    before = page.locator("#points-layer circle").count()
    page.select_option("#paint-class", "2")
    page.click("#points-layer", position={"x": 150, "y": 150})
    page.wait_for_function(f"document.querySelectorAll('#points-layer circle').length > {before}")
    page.click("#points-layer", position={"x": 150, "y": 150}, modifiers=["Shift"])
    page.wait_for_function(f"document.querySelectorAll('#points-layer circle').length === {before}")
    csv = tmp_path / "pts.csv"
    csv.write_text("x1,x2,label\n" + "".join(f"{i / 3 - 3},{(i % 5) - 2},{i % 2}\n"
                                             for i in range(20)), encoding="utf-8")
    page.set_input_files("#csv", str(csv))
    page.wait_for_function("document.querySelectorAll('#points-layer circle').length === 10")
    assert page.input_value("#classes") == "2"


def test_exports_download(page, server_url, tmp_path):
    from chainrule.explain import Network

    open_page(page, url_with(server_url, {"hidden": [2]}))
    got = {}
    for selector in ('[data-export="toml"]', '[data-export="model"]', '[data-export="html"]',
                     "#export-svg", "#export-png"):
        with page.expect_download() as info:
            page.click(selector)
        d = info.value
        path = tmp_path / d.suggested_filename
        d.save_as(path)
        got[d.suggested_filename] = path
    net = Network.from_toml(got["network.toml"])
    assert net.layer_sizes == (2, 2, 1)
    assert got["model.npz"].read_bytes()[:2] == b"PK"
    assert "<math" in got["step.html"].read_text(encoding="utf-8")
    assert got["network.svg"].read_text(encoding="utf-8").startswith("<svg")
    assert got["network.png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_edit_a_weight_then_rewind_to_the_same_initial_weights(page, server_url):
    open_page(page, url_with(server_url, {"hidden": [2], "init_seed": 3}))
    name = "w[1]_{1,2}"
    first = page.inner_text(f'#params tr[data-name="{name}"] td.value')
    click_edge(page, name)
    page.wait_for_selector("#edit-value")
    page.fill("#edit-value", "1.5")
    page.click("#edit-set")
    page.wait_for_function(f"document.querySelector('#params tr[data-name=\"{name}\"] "
                           "td.value').textContent === '1.5'")
    page.click("#step-epoch")
    page.wait_for_function("document.querySelector('#epoch').textContent === '1'")
    page.click("#rewind")
    page.wait_for_function("document.querySelector('#epoch').textContent === '0'")
    assert page.inner_text(f'#params tr[data-name="{name}"] td.value') == first
    page.click("#reset")                                   # new random weights this time
    page.wait_for_function(f"document.querySelector('#params tr[data-name=\"{name}\"] "
                           f"td.value').textContent !== '{first}'")


def test_a_link_brings_back_clicked_points_and_edited_weights(page, server_url, browser):
    open_page(page, url_with(server_url, {"dataset": "xor", "hidden": [2], "points": 40}))
    page.click("#points-layer", position={"x": 60, "y": 60})            # a point of class 0
    page.wait_for_function("document.querySelectorAll('#points-layer circle').length === 21")
    name = "w[1]_{2,1}"
    click_edge(page, name)
    page.wait_for_selector("#edit-value")
    page.fill("#edit-value", "-1.75")
    page.click("#edit-set")
    page.wait_for_function("decodeURIComponent(location.hash).includes('-1.75')")
    url = page.url
    train = page.locator("#points-layer circle:not(#chosen)").count()        # no ring
    other = browser.new_page(bypass_csp=True)
    errors: list[str] = []
    other.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        open_page(other, url)
        assert other.locator("#points-layer circle:not(#chosen)").count() == train == 21
        assert other.inner_text(f'#params tr[data-name="{name}"] td.value') == "-1.75"
        for n in ("w[1]_{1,1}", "b[1]_1", "w[2]_{1,2}"):                 # the others as well
            assert other.inner_text(f'#params tr[data-name="{n}"] td.value') == \
                page.inner_text(f'#params tr[data-name="{n}"] td.value'), n
        shot(other, "link-with-edits.png")
    finally:
        other.close()
    assert not errors, errors


@pytest.mark.parametrize("unit", ["batch", "epoch"])
def test_a_batch_or_epoch_step_marks_what_changed_most(page, server_url, unit):
    open_page(page, url_with(server_url, {"dataset": "circles", "hidden": [3], "points": 60,
                                          "lr": 0.3}))
    before = page.evaluate("[S.frame.weights, S.frame.biases]")
    page.click(f"#step-{unit}")
    page.wait_for_function("document.querySelector('#walk-status').textContent"
                           f".startsWith('one {unit}')")
    after = page.evaluate("[S.frame.weights, S.frame.biases]")
    layout = page.evaluate("S.layout.layers")
    deltas = {}                                            # recomputed here from the frames
    for k, layer in enumerate(layout):
        for j, row in enumerate(layer["weights"]):
            for i, n in enumerate(row):
                deltas[n] = after[0][k][j][i] - before[0][k][j][i]
        for j, n in enumerate(layer["biases"]):
            deltas[n] = after[1][k][j] - before[1][k][j]
    top = max(deltas, key=lambda n: abs(deltas[n]))
    assert f"largest change is {top} by" in page.inner_text("#walk-status")
    marked = set(page.eval_on_selector_all("path.edge.changed",
                                           "es => es.map(e => e.dataset.name)"))
    nodes = set(page.eval_on_selector_all(".nd.changed", "es => es.map(e => e.id)"))
    bias_node = {n: f"node-{k + 1}-{j}" for k, layer in enumerate(layout)
                 for j, n in enumerate(layer["biases"])}
    big = {n for n, d in deltas.items() if abs(d) >= abs(deltas[top]) / 2}
    assert top in big
    assert marked == {n for n in big if n not in bias_node}
    assert nodes == {bias_node[n] for n in big if n in bias_node}
    shot(page, f"changed-{unit}.png")


def test_with_regularisation_the_derivation_says_what_training_adds(page, server_url):
    open_page(page, url_with(server_url, {"hidden": [2], "reg": "l2", "reg_rate": 0.1}))
    name = "w[1]_{1,2}"
    click_edge(page, name)
    page.wait_for_selector("#reg-note")
    note = page.inner_text("#reg-note")
    w = float(page.inner_text(f'#params tr[data-name="{name}"] td.value'))
    assert "Not in E above: L2 regularisation" in note and "λ·½Σw²" in note
    assert f"= {float(f'{0.1 * w:.6g}'):g}:" in note           # ∂(λ·½w²)/∂w = λ·w, by hand
    shot(page, "regularisation.png")
