"""What a new user hit in the playground (issue 21), in a real browser: a refused
check-my-work value replaces the verdict beside the box, and every error reply carries the
request's id (so the page's waiting request is answered, not left hanging)."""

from __future__ import annotations

import pytest
from tests.playground.conftest import open_preset, seed003_by_hand


def test_an_error_reply_carries_the_request_id():
    from chainrule.playground.actions import handle
    from chainrule.playground.session import Session

    reply = handle(Session(), {"op": "check", "id": 7, "key": "dE/dw_b0^c1", "value": "abc"})
    assert reply["type"] == "error" and reply["id"] == 7
    assert handle(Session(), {"op": "no such op", "id": 8})["id"] == 8


@pytest.mark.parametrize("typed", ["abc", "", "nan", "-1/2"])
def test_a_refused_value_replaces_the_verdict_beside_the_box(page, server_url, typed):
    open_preset(page, server_url, "seed003", "w_b0^c1")
    page.select_option("#check-key", "dE/dw_b0^c1")
    page.fill("#check-value", f"{seed003_by_hand()['dE/dw_b0^c1']:g}")
    page.click("#check-btn")
    page.wait_for_function("document.querySelector('#verdict').textContent.startsWith('right')")
    page.fill("#check-value", typed)
    page.click("#check-btn")
    page.wait_for_function(
        "!document.querySelector('#verdict').textContent.startsWith('right')", timeout=5000)
    verdict = page.locator("#verdict")
    assert "number" in verdict.inner_text()
    assert "wrong" in (verdict.get_attribute("class") or "")
    assert page.locator("#error").is_hidden()          # no lingering banner out of view


@pytest.mark.parametrize("viewport", [(1400, 900), (1024, 768)])
def test_a_link_with_hidden_controls_keeps_the_network_beside_the_heatmap(browser, server_url,
                                                                        viewport):
    """Hiding the data column (and others) by link keeps the grid: the network gets the
    middle, wide, and is not drawn over the heatmap."""
    from tests.playground.conftest import open_page, url_with

    settings = {"dataset": "xor", "hidden": [4, 4], "hide": ["data", "features", "layers"]}
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  bypass_csp=True)
    pg = context.new_page()
    try:
        open_page(pg, url_with(server_url, settings))
        net = pg.locator("#net").bounding_box()
        heat = pg.locator("#heatmap").bounding_box()
        assert not pg.is_visible("#data-col")
        assert net["width"] > 400, net
        assert net["x"] + net["width"] <= heat["x"], (net, heat)
        edges_right = pg.evaluate("""() => Math.max(...[...document.querySelectorAll(
            'path.edge')].map(e => e.getBoundingClientRect().right))""")
        nodes_right = pg.evaluate("""() => Math.max(...[...document.querySelectorAll(
            '#nodes > *')].map(e => e.getBoundingClientRect().right))""")
        assert edges_right <= nodes_right, (edges_right, nodes_right)  # edges end at nodes
        pg.screenshot(path=f"/tmp/w21shots/hidden-link-{viewport[0]}.png")
    finally:
        context.close()


def test_samples_are_numbered_from_1_as_in_the_cli(page, server_url):
    from tests.playground.conftest import open_page, url_with

    open_page(page, url_with(server_url, {"dataset": "xor", "points": 40, "ratio": 50}))
    assert page.input_value("#sample") == "1" and page.get_attribute("#sample", "min") == "1"
    last = page.get_attribute("#sample", "max")
    assert last == "20"                                  # 20 training points: 1 … 20
    page.fill("#sample", last)
    page.dispatch_event("#sample", "change")
    page.click("#fwd")
    page.wait_for_function("document.querySelector('#walk-status').textContent !== ''")
    assert page.locator("#error").is_hidden()


def test_training_points_are_outlined_in_white(page, server_url):
    from tests.playground.conftest import open_page, url_with

    open_page(page, url_with(server_url, {"dataset": "xor", "points": 40, "ratio": 50}))
    strokes = page.eval_on_selector_all("#points-layer circle.pt:not(.test)",
                                        "cs => cs.map(c => c.getAttribute('stroke'))")
    assert len(strokes) == 20 and set(strokes) == {"#fff"}
    page.screenshot(path="/tmp/w21shots/points-white-1300.png")
