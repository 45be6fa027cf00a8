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
