"""The playground's speed, measured on the real page (Playwright + Debian's chromium).

Prints, against the targets of issue 14:

* **start → interactive**: from spawning ``chainrule playground`` to the page holding its first
  state from the server (the browser is launched beforehand; target < 1 s), the same from the
  moment the server listens (it listens before NumPy and the engines load, which then load
  while the browser fetches the page), and the server's CPU time up to then — on a shared,
  loaded machine the wall times mostly measure waiting for a core, the CPU time does not;
* **training + redraw**: a 2-8-8-1 tanh network on 500 points (250 train), batch 10, with the
  page's ▶ play: each frame is one epoch (25 SGD steps) on the server plus a full redraw on the
  page — the 50×50 decision heatmap, all 17 neuron thumbnails, 82 edges, the loss chart
  (target ≥ 30 frames/s); also with one request at a time (no overlap of server and page), for
  an epoch and for one batch (one SGD step) per frame;
* **one sample forward + backward**: the page's round trip for a new sample's explained step
  (values, ∂E/∂ of every node and parameter, updates), median of 20 (target < 50 ms), for the
  2-8-8-1 network and for seed 003's network; and one "forward ▸ one node" click.

Run::

    .venv/bin/python benchmarks/playground.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHAINRULE_CHROMIUM", "/usr/bin/chromium")
NET = {"dataset": "circles", "points": 500, "ratio": 50, "batch": 10, "hidden": [8, 8],
       "features": ["x1", "x2"], "activation": "tanh", "lr": 0.03}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("chainrule")
    return subprocess.Popen([str(exe), "playground", "--no-browser", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.05).close()
            return
        except OSError:
            time.sleep(0.005)
    raise SystemExit("the playground did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process ``pid`` has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def playing(page, seconds: float) -> float:
    """Epochs per second while the page's own ▶ play runs (each epoch: train + full redraw)."""
    start = int(page.inner_text("#epoch"))
    page.click("#play")
    t0 = time.perf_counter()
    page.wait_for_timeout(seconds * 1000)
    end = int(page.inner_text("#epoch"))
    elapsed = time.perf_counter() - t0
    page.click("#play")
    page.wait_for_timeout(300)
    return (end - start) / elapsed


def frames_per_second(page, unit: str, seconds: float) -> float:
    return page.evaluate("""async ([unit, seconds]) => {
        let n = 0; const t0 = performance.now();
        while (performance.now() - t0 < seconds * 1000) {
            await ask({op: "train", unit});                 // server: train; page: full redraw
            await new Promise(r => requestAnimationFrame(r));
            n++;
        }
        return n / ((performance.now() - t0) / 1000);
    }""", [unit, seconds])


def walk_ms(page, samples: list[int]) -> float:
    times = page.evaluate("""async (samples) => {
        const out = [];
        for (const k of samples) {
            const t0 = performance.now();
            const r = await request({op: "walk", sample: k});
            if (r.type !== "walk") throw new Error(r.message);
            out.push(performance.now() - t0);
        }
        return out;
    }""", samples)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="play time per measurement")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1300, "height": 1000}, bypass_csp=True)
        t0 = time.perf_counter()
        server = start_server(port)
        try:
            wait_port(port)
            listening = time.perf_counter() - t0
            page.goto(f"http://127.0.0.1:{port}/#" + quote(json.dumps(NET)),
                      wait_until="domcontentloaded")
            loaded = time.perf_counter() - t0
            page.wait_for_selector("body[data-ready='1']", timeout=15000)
            interactive = time.perf_counter() - t0
            cpu = cpu_seconds(server.pid)
            load = os.getloadavg()[0]
            play_fps = playing(page, args.seconds)
            epoch_fps = frames_per_second(page, "epoch", args.seconds)
            batch_fps = frames_per_second(page, "batch", args.seconds)
            walk_net = walk_ms(page, list(range(1, 21)))
            page.click("#fwd")                        # loads the step (measured above)
            page.wait_for_function("document.querySelector('#walk-status').textContent !== ''")
            click_ms = page.evaluate("""async () => {   // the next nodes: drawn from that step
                const out = [];
                for (let k = 0; k < 5; k++) {
                    const t0 = performance.now();
                    document.getElementById("fwd").click();
                    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
                    out.push(performance.now() - t0);
                }
                return out.sort((a, b) => a - b)[2];
            }""")
            page.select_option("#preset", "seed003")
            page.wait_for_selector('#params tr[data-name="w_i0^a0"]')
            walk_seed = _seed_walks(page)
        finally:
            server.terminate()
            server.wait(5)
        browser.close()
    rows = [
        ("start → server listening", f"{listening:.2f} s", "", None),
        ("start → page loaded (HTML, JS)", f"{loaded:.2f} s", "", None),
        ("start → interactive page", f"{interactive:.2f} s", "< 1 s", 1.0 / interactive),
        ("server listening → interactive page", f"{interactive - listening:.2f} s", "< 1 s",
         1.0 / (interactive - listening)),
        ("  server CPU time, start → interactive", f"{cpu:.2f} s", "< 1 s", 1.0 / cpu),
        ("2-8-8-1, 500 points, ▶ play: epochs", f"{play_fps:.1f} frames/s", "≥ 30/s",
         play_fps / 30),
        ("  one request at a time: epoch + redraw", f"{epoch_fps:.1f} frames/s", "≥ 30/s",
         epoch_fps / 30),
        ("  one request at a time: batch + redraw", f"{batch_fps:.1f} frames/s", "≥ 30/s",
         batch_fps / 30),
        ("one sample fwd+bwd, 2-8-8-1 (median)", f"{walk_net:.1f} ms", "< 50 ms",
         50 / walk_net),
        ("one sample fwd+bwd, seed 003 (median)", f"{walk_seed:.1f} ms", "< 50 ms",
         50 / walk_seed),
        ("next 'forward ▸ one node' → painted", f"{click_ms:.1f} ms", "< 50 ms",
         50 / click_ms),
    ]
    print(f"chainrule playground on {os.cpu_count()} CPUs, chromium {CHROMIUM}; load average "
          f"{load:.1f} when the page became interactive (wall times stretch with the load; the "
          "CPU time does not)")
    print(f"{'measure':40} {'measured':>16} {'target':>9} {'target ratio':>13}")
    for name, got, target, ratio in rows:
        shown = f"{ratio:>12.1f}×" if ratio is not None else ""
        print(f"{name:40} {got:>16} {target:>9} {shown}".rstrip())
    print("(target ratio > 1 means the target is met; TensorFlow Playground cannot run here to "
          "compare, it trains in the browser and has no per-sample step)")


def _seed_walks(page) -> float:
    """Seed 003 has one sample: force a fresh walk each time by editing nothing but asking
    for the sample again after setting a bias to its own value (which drops the cached step)."""
    times = page.evaluate("""async () => {
        const out = [];
        for (let i = 0; i < 20; i++) {
            await request({op: "set", name: "b^c0", value: 0});   // drops the cached step
            const t0 = performance.now();
            const r = await request({op: "walk", sample: 0});
            if (r.type !== "walk") throw new Error(r.message);
            out.push(performance.now() - t0);
        }
        return out;
    }""")
    return statistics.median(times)


if __name__ == "__main__":
    main()
