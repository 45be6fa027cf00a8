"""Fixtures for the playground's tests: a live server and a headless Chromium.

The browser tests need Playwright (the ``dev`` extra) and a Chromium binary — Debian's
``chromium`` package (``apt-get install chromium``; no browser is downloaded). Where either is
missing they are skipped with the reason, and the end of the run says loudly which did not run;
with ``CHAINRULE_REQUIRE_BROWSER=1`` (set by ``.ci/run``) a missing browser fails them instead.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
SKIPPED: list[str] = []


def chromium_path() -> str | None:
    """Debian's chromium, or $CHAINRULE_CHROMIUM, or None."""
    env = os.environ.get("CHAINRULE_CHROMIUM")
    if env:  # an explicit choice: that binary or none
        return env if os.path.exists(env) else None
    for path in CHROMIUM_CANDIDATES:
        if os.path.exists(path):
            return path
    return shutil.which("chromium")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright; it is in the dev extra)"
    if chromium_path() is None:
        return ("no Chromium at /usr/bin/chromium or $CHAINRULE_CHROMIUM "
                "(apt-get install chromium)")
    return None


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The playground served on a free port in a background thread."""
    import uvicorn

    from chainrule.playground.server import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the playground server did not start within 10 s"
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright, or a skip (a failure in CI) saying why."""
    why = browser_missing()
    if why is not None:
        if os.environ.get("CHAINRULE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (CHAINRULE_REQUIRE_BROWSER=1) but {why}")
        pytest.skip(f"browser tests not run: {why}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(),
                               args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server_url: str) -> Iterator[Any]:
    """A fresh page on the playground; the test fails on any console error of the page."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000},
                                  accept_downloads=True, bypass_csp=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    yield pg
    context.close()
    assert not errors, f"console errors on the page: {errors}"


def open_page(pg: Any, url: str) -> None:
    """Load ``url`` and wait until the page has its first state from the server."""
    pg.goto(url)
    pg.wait_for_selector("body[data-ready='1']", timeout=15000)


def open_preset(pg: Any, url: str, preset: str, parameter: str) -> None:
    """Load the page, choose ``preset`` and wait until its parameter table shows ``parameter``."""
    open_page(pg, url)
    pg.select_option("#preset", preset)
    pg.wait_for_selector(f'#params tr[data-name="{parameter}"]')


def click_edge(pg: Any, name: str, at: float = 0.25) -> None:
    """Click the edge of weight ``name`` a fraction ``at`` along its curve (edges cross in
    the middle, where another edge may be on top)."""
    point = pg.evaluate("""([name, at]) => {
        const p = [...document.querySelectorAll('path.edge-hit')]
            .find(e => e.dataset.name === name);
        const q = p.getPointAtLength(p.getTotalLength() * at), m = p.getScreenCTM();
        return [q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f];
    }""", [name, at])
    pg.mouse.click(*point)


def url_with(url: str, settings: dict[str, Any]) -> str:
    """``url`` with the page state ``settings`` in its fragment (what "share" produces)."""
    from urllib.parse import quote

    return url + "#" + quote(json.dumps(settings))


def shot(pg: Any, name: str) -> None:
    """A full-page screenshot into build/playground-screens/ (to look at, not compared)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "build" / "playground-screens"
    folder.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(folder / name), full_page=True)


def seed003_by_hand(lr: float = 0.1) -> dict[str, float]:
    """Seed 003's step recomputed by hand (``tests/cli/test_explain.py``'s NumPy version): the
    new parameters by name, and their gradients ``dE/d…`` = (old − new)/α; ``dE/da0`` is
    ∂E/∂b^a0 (a0's net input has ∂a0/∂b^a0 = 1)."""
    from tests.cli.test_explain import seed003_step

    old, _ = seed003_step(0.0)
    new, _ = seed003_step(lr)
    out = {k: float(v) for k, v in new.items()}
    out.update({f"dE/d{k}": float((old[k] - new[k]) / lr) for k in new})
    out["dE/da0"] = out["dE/db^a0"]
    return out


def pytest_runtest_logreport(report: Any) -> None:
    """Remember skipped browser tests for the summary below."""
    if report.skipped and "browser" in report.nodeid:
        SKIPPED.append(report.nodeid)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say loudly, at the end of the run, that the browser tests did not run."""
    if SKIPPED:
        why = browser_missing() or "see the skip reasons"
        terminalreporter.write_sep("!", f"{len(SKIPPED)} BROWSER TESTS DID NOT RUN: {why}",
                                   red=True, bold=True)
