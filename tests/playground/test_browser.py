"""The playground in a real browser (Playwright + Debian's Chromium): load, step seed 003,
train a spiral, click a weight, check a wrong value, reload a shared link — with no console
error on the way (the ``page`` fixture fails the test on any)."""

from __future__ import annotations

import time

import pytest
from tests.playground.conftest import open_page, open_preset, seed003_by_hand, shot, url_with


def param(pg, name: str) -> float:
    return float(pg.locator(f'#params tr[data-name="{name}"] td.value').inner_text())


def test_seed003_step_shows_the_walkthrough_numbers(page, server_url):
    open_preset(page, server_url, "seed003", "w_i0^a0")
    for _ in range(7):                            # forward, node by node, up to the error
        page.click("#fwd")
    assert "E = 0.25" in page.inner_text("#walk-status")
    page.click("#apply-step")
    page.wait_for_function("document.querySelector('#iterations').textContent === '1'")
    want = seed003_by_hand()
    for name in ("w_i0^a0", "w_i1^a0", "w_i2^a0", "b^a0", "w_b0^c0", "w_b0^c1", "b^c0", "b^c1"):
        assert param(page, name) == pytest.approx(want[name], abs=1e-9), name
    shot(page, "seed003.png")


def test_click_a_weight_shows_its_derivation_and_a_wrong_value_gets_the_hint(page, server_url):
    open_preset(page, server_url, "seed003", "w_b0^c1")
    page.click('path.edge-hit[data-name="w_b0^c1"]')
    page.wait_for_function("document.querySelector('#derivation math') !== null")
    text = page.locator("#derivation").text_content()
    grad = seed003_by_hand()["dE/dw_b0^c1"]           # −0.25
    assert "∂" in text and f"{abs(grad):g}" in text
    page.select_option("#check-key", "dE/dw_b0^c1")
    page.fill("#check-value", f"{-grad:g}")           # the sign flipped
    page.click("#check-btn")
    page.wait_for_function("document.querySelector('#verdict').textContent !== ''")
    verdict = page.inner_text("#verdict")
    assert verdict.startswith("wrong") and "sign" in verdict
    page.fill("#check-value", f"{grad:g}")
    page.click("#check-btn")
    page.wait_for_function("document.querySelector('#verdict').textContent.startsWith('right')")
    shot(page, "derivation.png")


def test_spiral_trains_to_90_percent(page, server_url):
    """Two-arm spiral, 500 points, all seven features, 8-8 tanh: ≥ 90 % train accuracy."""
    settings = {"dataset": "spirals", "hidden": [8, 8], "lr": 0.03, "noise": 0,
                "features": ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]}
    open_page(page, url_with(server_url, settings))
    page.click("#play")
    deadline, acc = time.monotonic() + 60, 0.0
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        text = page.inner_text("#train-acc").rstrip("%")
        acc = float(text) / 100 if text not in ("–", "") else 0.0
        if acc >= 0.9:
            break
    page.click("#play")
    assert acc >= 0.9, f"train accuracy {acc:.1%} after 60 s"
    page.check("#show-test")
    shot(page, "spiral.png")


def test_a_shared_link_reproduces_the_state(page, server_url, browser):
    settings = {"dataset": "xor", "hidden": [3], "lr": 0.1, "noise": 10, "init_seed": 7,
                "hide": ["data"]}
    open_page(page, url_with(server_url, settings))
    assert page.input_value("#dataset") == "xor" and page.input_value("#lr") == "0.1"
    assert not page.is_visible("#data-col")              # hidden by the link
    from chainrule.playground.model import ACTIVATIONS, LOSSES  # the menus: the rule table's
    for menu, offered in (("#activation", ACTIVATIONS), ("#loss", LOSSES)):
        assert page.eval_on_selector_all(f"{menu} option", "os => os.map(o => o.value)") == \
            list(offered)
    page.select_option("#activation", "relu")            # a change goes into the URL
    page.wait_for_function("decodeURIComponent(location.hash).includes('relu')")
    url = page.url
    weights = {n: param(page, n) for n in ("w[1]_{1,1}", "w[1]_{2,2}", "b[1]_1")}
    other = browser.new_page(bypass_csp=True)
    try:
        open_page(other, url)
        assert other.input_value("#activation") == "relu"
        assert other.input_value("#dataset") == "xor"
        assert {n: param(other, n) for n in weights} == weights
        assert not other.is_visible("#data-col")
    finally:
        other.close()
