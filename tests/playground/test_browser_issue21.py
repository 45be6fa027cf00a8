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
