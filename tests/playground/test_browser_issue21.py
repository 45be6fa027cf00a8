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
