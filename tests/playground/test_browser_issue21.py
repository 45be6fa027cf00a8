"""Issue 21, in a real browser: the loss menu and link say the loss trained with, the loss
chart has axes and a legend, the heatmap a colour bar, and "apply update" says what it did."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

from tests.playground.conftest import open_page, url_with


def shared_settings(pg) -> dict:
    """The settings in the page's share link (its fragment, decoded)."""
    return json.loads(unquote(urlsplit(pg.input_value("#share-url")).fragment))


def test_three_classes_show_and_link_categorical_cross_entropy(page, server_url):
    from chainrule.playground.model import choices

    open_page(page, url_with(server_url, {"dataset": "gaussian", "classes": 3, "loss": "bce"}))
    assert page.input_value("#loss") == "cce"            # softmax + CE is what trains
    assert shared_settings(page)["loss"] == "cce"
    label = page.eval_on_selector("#loss", "s => s.options[s.selectedIndex].textContent")
    assert label == {v: lab for v, lab, _ in choices()["loss"]}["cce"]
    assert label != {v: lab for v, lab, _ in choices()["loss"]}["bce"]


def test_changing_to_three_classes_switches_the_menu_and_the_link(page, server_url):
    open_page(page, url_with(server_url, {"dataset": "gaussian", "classes": 2}))
    assert page.input_value("#loss") == "bce" and shared_settings(page)["loss"] == "bce"
    page.fill("#classes", "3")
    page.dispatch_event("#classes", "change")
    page.wait_for_function("document.querySelector('#loss').value === 'cce'", timeout=5000)
    assert shared_settings(page)["loss"] == "cce"
    assert page.locator("#error").is_hidden()


def chart(pg) -> dict:
    """What the loss chart shows: its curves' point counts, tick labels and legend."""
    return pg.evaluate("""() => {
        const svg = document.querySelector('#loss-chart');
        const texts = sel => [...svg.querySelectorAll(sel)].map(t => t.textContent);
        return {curves: Object.fromEntries([...svg.querySelectorAll('polyline.curve')].map(
                    p => [p.dataset.series, p.points.numberOfItems])),
                x: texts('text.xtick'), y: texts('text.ytick'), legend: texts('text.legend'),
                axes: svg.querySelectorAll('line.axis').length, history: S.history.length};
    }""")


def test_a_long_run_draws_a_chart_with_axes_ticks_and_a_legend(page, server_url):
    from tests.playground.conftest import open_preset

    from chainrule.playground import limits as lim

    open_preset(page, server_url, "mazur", "b1")
    page.click("#iterate")
    page.wait_for_function("document.querySelector('#iterations').textContent === '10000'",
                           timeout=30000)
    c = chart(page)
    assert 2 < c["curves"]["train loss"] == c["history"] <= lim.MAX_HISTORY_PER_REPLY + 1
    assert "test loss" not in c["curves"]                    # a preset has no test data
    assert c["legend"] == ["train loss"] and c["axes"] >= 2
    assert len(c["x"]) >= 2 and float(c["x"][-1]) == 10_000  # epochs, up to the last one
    assert len(c["y"]) >= 2 and float(c["y"][0]) == 0        # loss from 0 up


def test_playing_epochs_adds_a_point_per_epoch_to_both_curves(page, server_url):
    open_page(page, url_with(server_url, {"dataset": "xor", "points": 40}))
    for k in range(3):
        page.click("#step-epoch")
        page.wait_for_function(f"document.querySelector('#epoch').textContent === '{k + 1}'")
    c = chart(page)
    assert c["curves"] == {"train loss": 4, "test loss": 4}
    assert c["legend"] == ["train loss", "test loss"]
    assert c["x"][0] == "0" and float(c["x"][-1]) == 3


PIXELS = """(ids) => ids.map(id => {
    const c = document.getElementById(id).tagName === 'CANVAS' ? document.getElementById(id)
        : document.querySelector('#' + id + ' canvas');
    return [c.width, c.height, Array.from(c.getContext('2d').getImageData(
        0, 0, c.width, c.height).data)];
})"""


def output_nodes(pg) -> list[str]:
    """The ids of the output neurons' boxes (their thumbnails are the canvases inside)."""
    last = pg.evaluate("S.sizes.length - 1")
    return [f"node-{last}-{j}" for j in range(pg.evaluate("S.sizes[S.sizes.length - 1]"))]


def test_the_output_thumbnail_has_the_heatmaps_colours(page, server_url):
    open_page(page, url_with(server_url, {"dataset": "xor", "points": 60}))
    page.click("#step-epoch")
    page.wait_for_function("document.querySelector('#epoch').textContent === '1'")
    (w, h, heat), (tw, th, thumb) = page.evaluate(PIXELS, ["heatmap", output_nodes(page)[0]])
    assert (w, h) == (tw, th) == (50, 50)
    assert len(set(zip(heat[0::4], heat[1::4], heat[2::4]))) > 10   # not one flat colour
    worst = max(abs(a - b) for a, b in zip(heat, thumb))
    assert worst <= 1, worst                              # the same value, the same colour


def test_three_class_thumbnails_agree_with_the_heatmap_where_their_class_wins(page, server_url):
    open_page(page, url_with(server_url, {"dataset": "gaussian", "classes": 3, "points": 90}))
    page.click("#step-epoch")
    page.wait_for_function("document.querySelector('#epoch').textContent === '1'")
    nodes = output_nodes(page)
    assert len(nodes) == 3
    got = page.evaluate(PIXELS, ["heatmap", *nodes])
    winner = page.evaluate("Array.from(b64bytes(S.frame.heat_class))")
    heat = got[0][2]
    assert len(set(winner)) >= 2
    for i, k in enumerate(winner):
        thumb = got[1 + k][2]
        assert max(abs(heat[4 * i + c] - thumb[4 * i + c]) for c in range(3)) <= 1, (i, k)


def test_the_colour_bar_uses_the_heatmaps_colour_map(page, server_url):
    open_page(page, url_with(server_url, {"dataset": "xor", "points": 60}))
    page.click("#step-epoch")
    page.wait_for_function("document.querySelector('#epoch').textContent === '1'")
    (bw, bh, bar), (_, _, heat) = page.evaluate(PIXELS, ["colour-bar", "heatmap"])
    values = page.evaluate("Array.from(b64bytes(S.frame.heat))")
    for i in range(0, len(values), 97):               # pixels of the heatmap, t = byte/255
        x = round(values[i] / 255 * (bw - 1))
        got, want = bar[4 * (bh // 2 * bw + x):][:3], heat[4 * i:4 * i + 3]
        assert max(abs(a - b) for a, b in zip(got, want)) <= 3, (values[i], got, want)
    ticks = page.eval_on_selector_all("#colour-ticks .cb-tick",
                                      "ts => ts.map(t => [t.dataset.t, t.textContent])")
    assert [t for t, _ in ticks] == ["0", "0.5", "1"] and "class 1" in ticks[-1][1]
    assert page.is_visible("#colour-bar")


def test_apply_update_says_what_the_step_did_to_the_loss(page, server_url):
    import re

    from tests.playground.conftest import open_preset

    open_preset(page, server_url, "seed000", "w1")
    page.click("#fwd")
    page.wait_for_function("document.querySelector('#walk-status').textContent !== ''")
    before = page.evaluate("S.walk.loss")
    assert page.locator("#apply-status").count() == 1    # a status line by the button
    assert page.inner_text("#apply-status") == ""
    page.click("#apply-step")
    page.wait_for_function("document.querySelector('#apply-status').textContent !== ''")
    after = page.evaluate("S.walk.loss")
    text = page.inner_text("#apply-status")
    m = re.fullmatch(r"update applied: loss on sample 1 (\S+) → (\S+)", text)
    assert m, text
    assert float(m[1]) == float(f"{before:.3g}") and float(m[2]) == float(f"{after:.3g}")
    assert after < before                                    # a gradient step lowers E
    box, button = (page.locator(s).bounding_box() for s in ("#apply-status", "#apply-step"))
    # beside the button, or just under it where the bar wraps
    assert button["y"] - 5 < box["y"] < button["y"] + button["height"] + 20, (box, button)
    page.click("#apply-step")                                # a second step: new numbers
    page.wait_for_function(f"!document.querySelector('#apply-status').textContent"
                           f".includes('→ {m[2]}') && document.querySelector("
                           "'#apply-status').textContent !== ''")
    assert page.inner_text("#apply-status").startswith(f"update applied: loss on sample 1 {m[2]} →")
