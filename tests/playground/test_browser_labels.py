"""The network picture's labels, in a real browser: node names, values, δs and edge labels
never overprint one another (or a neuron's box) and never stick out of the picture; training
points keep a white outline that shows on a trained heatmap."""

from __future__ import annotations

from itertools import combinations

import pytest
from tests.playground.conftest import open_page, url_with

VIEWPORTS = [(1400, 900), (1024, 768)]

# Every non-empty, visible text label of the network picture and every neuron box, with its
# screen rectangle; and the rectangles of the picture (#net-wrap) and its column (#net-col).
LABELS = """() => {
    const rect = e => { const r = e.getBoundingClientRect();
                        return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
    const shown = e => e.textContent.trim() !== '' && getComputedStyle(e).display !== 'none'
        && getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().width > 0;
    const labels = [...document.querySelectorAll(
        '#nodes .nd .lab, #nodes .nd .val, #nodes .nd .dlt, #net text')].filter(shown)
        .map(e => ({text: e.textContent, cls: e.getAttribute('class'), ...rect(e)}));
    const boxes = [...document.querySelectorAll('#nodes .nd')].map(
        e => ({text: 'box ' + e.dataset.name, ...rect(e)}));
    return {labels, boxes, wrap: rect(document.getElementById('net-wrap')),
            col: rect(document.getElementById('net-col'))};
}"""


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    """Whether rectangles a and b share more than ``slack`` pixels each way."""
    return (min(a["r"], b["r"]) - max(a["l"], b["l"]) > slack
            and min(a["b"], b["b"]) - max(a["t"], b["t"]) > slack)


def inside(a: dict, box: dict, slack: float = 1.0) -> bool:
    return (a["l"] >= box["l"] - slack and a["r"] <= box["r"] + slack
            and a["t"] >= box["t"] - slack and a["b"] <= box["b"] + slack)


def assert_labels_apart(pg, least: int) -> list[dict]:
    """No two labels overlap, no label overlaps a neuron box, all lie inside the picture and
    its column; at least ``least`` labels are shown (so the check checks something)."""
    got = pg.evaluate(LABELS)
    labels = got["labels"]
    assert len(labels) >= least, labels
    clashes = [(a["text"], b["text"]) for a, b in combinations(labels, 2) if overlap(a, b)]
    assert not clashes, clashes
    on_boxes = [(a["text"], b["text"]) for a in labels for b in got["boxes"] if overlap(a, b)]
    assert not on_boxes, on_boxes
    outside = [a["text"] for a in labels
               if not (inside(a, got["wrap"]) and inside(a, got["col"]))]
    assert not outside, (outside, got["wrap"])
    return labels


def new_page(browser, viewport):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  bypass_csp=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    return context, pg, errors


def step_through(pg) -> None:
    """Forward through every node of the chosen sample, then backward through every node."""
    pg.click("#fwd")
    pg.wait_for_function("S.walk !== null && S.fwd === 0")
    n_fwd, n_bwd = pg.evaluate("[S.walk.order.forward.length, S.walk.order.backward.length]")
    for _ in range(n_fwd - 1):
        pg.click("#fwd")
    for _ in range(n_bwd):
        pg.click("#bwd")
    pg.wait_for_function(f"S.bwd === {n_bwd - 1}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_step_through_labels_of_a_2_4_2_1_network_do_not_overlap(browser, server_url,
                                                                  viewport):
    context, pg, errors = new_page(browser, viewport)
    try:
        open_page(pg, url_with(server_url, {"dataset": "circles", "hidden": [4, 2]}))
        assert pg.evaluate("S.sizes") == [2, 4, 2, 1]
        step_through(pg)
        labels = assert_labels_apart(pg, least=9 + 7 + 7)   # names; values; δs (hidden, out)
        assert any(t["text"].startswith("δ = ∂E/∂") for t in labels)
        pg.screenshot(path=f"/tmp/play2-labels-step-{viewport[0]}.png")
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_edge_labels_where_edges_cross_do_not_overlap(browser, server_url, viewport):
    """A 2-2-1 network shows a number on each of its 6 edges (its first layer's edges cross);
    with ∂E/∂w shown too, and after a batch (Δ on the edges changed most)."""
    context, pg, errors = new_page(browser, viewport)
    try:
        open_page(pg, url_with(server_url, {"dataset": "xor", "hidden": [2], "points": 40}))
        assert pg.evaluate("S.sizes") == [2, 2, 1]
        step_through(pg)
        labels = assert_labels_apart(pg, least=5 + 6)
        assert sum(t["cls"] is not None and "elabel" in t["cls"] for t in labels) >= 4
        pg.check("#show-grads")
        pg.wait_for_function("document.querySelectorAll('#net text.elabel.g').length > 0")
        assert_labels_apart(pg, least=5 + 6)
        pg.click("#step-batch")
        pg.wait_for_function("document.querySelector('#iterations').textContent === '1'")
        pg.wait_for_function("document.querySelectorAll('#net text.elabel.d').length > 0")
        assert_labels_apart(pg, least=5 + 1)
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_labels_of_a_wide_network_stay_apart(browser, server_url, viewport):
    """Eight neurons in each of two layers, every value and δ shown."""
    context, pg, errors = new_page(browser, viewport)
    try:
        open_page(pg, url_with(server_url, {"dataset": "spirals", "hidden": [8, 8]}))
        pg.check("#show-grads")
        step_through(pg)
        assert_labels_apart(pg, least=19 + 17 + 17)
        assert not errors, errors
    finally:
        context.close()


def ring_and_around(png: bytes, cx: float, cy: float, r: float) -> tuple[float, float]:
    """The mean of min(R, G, B) over the pixels on the circle of radius ``r`` px round
    (cx, cy), and over the heatmap 3 to 4 px further out (255 = white)."""
    import io

    import numpy as np
    from PIL import Image

    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(float).min(axis=2)
    ys, xs = np.mgrid[0:img.shape[0], 0:img.shape[1]]
    d = np.hypot(xs + 0.5 - cx, ys + 0.5 - cy)
    return float(img[abs(d - r) <= 0.5].mean()), float(img[(d >= r + 3) & (d <= r + 4)].mean())


def test_training_points_keep_a_white_ring_on_a_trained_heatmap(browser, server_url):
    """On a trained heatmap, the pixels round an isolated training point are near-white while
    the heatmap just outside is coloured: the dot's white outline shows."""
    context, pg, errors = new_page(browser, (1400, 900))
    try:
        open_page(pg, url_with(server_url, {"dataset": "xor", "points": 40, "lr": 0.3}))
        for k in range(40):
            pg.click("#step-epoch")
            pg.wait_for_function(f"document.querySelector('#epoch').textContent === '{k + 1}'")
        png = pg.locator("#pic-wrap").screenshot()
        box = pg.locator("#points-layer").bounding_box()
        wrap = pg.locator("#pic-wrap").bounding_box()
        dots = pg.evaluate("""() => [...document.querySelectorAll('#points-layer circle.pt')]
            .map(c => { const r = c.getBoundingClientRect();
                        return [(r.left + r.right) / 2, (r.top + r.bottom) / 2, r.width / 2]; })""")
        assert len(dots) == 20
        checked = 0
        for x, y, r in dots:
            far = all((x - u) ** 2 + (y - v) ** 2 > 15 ** 2 for u, v, _ in dots if (u, v) != (x, y))
            inner = box["x"] + 10 < x < box["x"] + box["width"] - 10 and \
                box["y"] + 10 < y < box["y"] + box["height"] - 10
            if not (far and inner):
                continue
            ring, around = ring_and_around(png, x - wrap["x"], y - wrap["y"], r)
            if around > 215:                      # the heatmap is near-white here anyway
                continue
            checked += 1
            assert ring >= 215, (x, y, ring, around)
        assert checked >= 3, checked
        assert not errors, errors
    finally:
        context.close()
