"""The playground in a real browser (Playwright + Debian's Chromium): load, step seed 003,
train a spiral, click a weight, check a wrong value, reload a shared link — with no console
error on the way (the ``page`` fixture fails the test on any)."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import numpy as np
import pytest
from tests.playground.conftest import open_page


def seed003_by_hand() -> dict[str, float]:
    """Seed 003's one step, α = 0.1, recomputed here with plain arithmetic."""
    i = np.array([1.0, 0.5, 1.0])
    w_a = np.array([0.5, 1.0, -0.5])
    b_a = 0.0
    w_c = np.array([-1.0, 1.0])
    b_c = np.array([0.0, 0.0])
    t = np.array([0.5, 1.0])
    a0 = i @ w_a + b_a
    b0 = max(a0, 0.0)
    c = w_c * b0 + b_c
    o = np.maximum(c, 0.0)
    dE_do = 2 * (o - t) / 2                      # MSE over the two outputs
    dE_dc = dE_do * (c > 0)
    dE_db0 = dE_dc @ w_c
    dE_da0 = dE_db0 * (a0 > 0)
    lr = 0.1
    new = {f"w_i{k}^a0": w_a[k] - lr * dE_da0 * i[k] for k in range(3)}
    new["b^a0"] = b_a - lr * dE_da0
    for k in range(2):
        new[f"w_b0^c{k}"] = w_c[k] - lr * dE_dc[k] * b0
        new[f"b^c{k}"] = b_c[k] - lr * dE_dc[k]
    new["dE/dw_b0^c1"] = dE_dc[1] * b0
    return new


def param(pg, name: str) -> float:
    return float(pg.locator(f'#params tr[data-name="{name}"] td.value').inner_text())


def test_seed003_step_shows_the_walkthrough_numbers(page, server_url):
    open_page(page, server_url)
    page.select_option("#preset", "seed003")
    page.wait_for_selector('#params tr[data-name="w_i0^a0"]')
    for _ in range(7):                            # forward, node by node, up to the error
        page.click("#fwd")
    assert "E = 0.25" in page.inner_text("#walk-status")
    page.click("#apply-step")
    page.wait_for_function("document.querySelector('#iterations').textContent === '1'")
    want = seed003_by_hand()
    for name in ("w_i0^a0", "w_i1^a0", "w_i2^a0", "b^a0", "w_b0^c0", "w_b0^c1", "b^c0", "b^c1"):
        assert param(page, name) == pytest.approx(want[name], abs=1e-9), name
    page.screenshot(path=str(_shots() / "seed003.png"), full_page=True)


def test_click_a_weight_shows_its_derivation_and_a_wrong_value_gets_the_hint(page, server_url):
    open_page(page, server_url)
    page.select_option("#preset", "seed003")
    page.wait_for_selector('path.edge-hit[data-name="w_b0^c1"]')
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
    page.screenshot(path=str(_shots() / "derivation.png"), full_page=True)


def test_spiral_trains_to_90_percent(page, server_url):
    """Two-arm spiral, 500 points, all seven features, 8-8 tanh: ≥ 90 % train accuracy."""
    settings = {"dataset": "spiral", "hidden": [8, 8], "lr": 0.03, "noise": 0,
                "features": ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]}
    open_page(page, server_url + "#" + quote(json.dumps(settings)))
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
    page.screenshot(path=str(_shots() / "spiral.png"), full_page=True)


def test_a_shared_link_reproduces_the_state(page, server_url, browser):
    settings = {"dataset": "xor", "hidden": [3], "lr": 0.1, "noise": 10, "init_seed": 7,
                "hide": ["data"]}
    open_page(page, server_url + "#" + quote(json.dumps(settings)))
    assert page.input_value("#dataset") == "xor" and page.input_value("#lr") == "0.1"
    assert not page.is_visible("#data-col")              # hidden by the link
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


def _shots():
    from pathlib import Path

    d = Path(__file__).resolve().parents[2] / "build" / "playground-screens"
    d.mkdir(parents=True, exist_ok=True)
    return d
