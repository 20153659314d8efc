"""Start-up figures: navigation -> Python ready, for the app and for a bare page that loads only the same
dist/pyodide, cold (a fresh browser context each load) and warm (a reload in the same context), in one
Chromium run; plus the app's first paint. Prints medians and the app/bare ratios.

A third page, bare Pyodide in a Web Worker (bench/bare/worker.html), shows what running Python off the
page's thread costs by itself, apart from anything the app adds.

A returning visitor's app restores Python from the memory snapshot it made on the first visit
(site/py-worker.js). So that the figure without it is on record too, "app, no snapshot" reloads warm
with the snapshot deleted first, as on the first start after an update.

    python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

from tests.conftest import CHROMIUM_FLAGS, SYSTEM_CHROMIUM  # noqa: E402

BARE = Path(__file__).resolve().parent / "bare"
READY = "html[data-python=ready]"


class BenchHandler(build.Handler):
    """dist/ as the app sees it, plus the bare page under /__bare__/."""

    def translate_path(self, path):
        if path.startswith("/__bare__/"):
            return str(BARE / path.removeprefix("/__bare__/").split("?")[0])
        return super().translate_path(path)


def serve(directory: Path):
    handler = functools.partial(BenchHandler, directory=str(directory))
    httpd = build.http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def ready_ms(page) -> float:
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    return page.evaluate("performance.getEntriesByName('python-ready')[0].startTime")


def first_paint_ms(page) -> float:
    return page.evaluate("""new Promise((resolve) => {
        const seen = performance.getEntriesByName('first-contentful-paint');
        if (seen.length) return resolve(seen[0].startTime);
        new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime)).observe({type: 'paint', buffered: true});
    })""")


def cold_load(browser, url: str, *, is_app: bool) -> tuple[float, float | None]:
    """A first visit: a fresh context (empty caches, no service worker)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    cold = ready_ms(page)
    paint = first_paint_ms(page) if is_app else None
    context.close()
    return cold, paint


SNAPSHOT_STORED = "caches.open('python-snapshot').then((c) => c.keys()).then((k) => k.length > 0)"


def wait_for_snapshot(page):
    """Until the app has stored its snapshot, so no 20 MB write runs on into the next measurement."""
    for _ in range(100):
        if page.evaluate(SNAPSHOT_STORED):
            return
        page.wait_for_timeout(100)
    raise RuntimeError("the app stored no Python snapshot")


def returning_visitor(browser, url: str, *, is_app: bool):
    """A page that has been visited once; for the app, with its service worker installed and precached."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    ready_ms(page)
    if is_app:
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        wait_for_snapshot(page)
    return context, page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="cold loads per page (default 9)")
    parser.add_argument("--warm", type=int, default=2, help="warm reloads per cold load (default 2)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    build.build()
    httpd, base = serve(build.DIST)
    figures = {"app": {"cold": [], "warm": [], "paint": []}, "bare": {"cold": [], "warm": []},
               "worker": {"cold": [], "warm": []}, "app, no snapshot": {"warm": []}}
    launch = {"executable_path": SYSTEM_CHROMIUM, "args": CHROMIUM_FLAGS} if os.path.exists(SYSTEM_CHROMIUM) else {}
    pages = {"app": base, "bare": base + "__bare__/index.html", "worker": base + "__bare__/worker.html"}
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch)
        cold_load(browser, base, is_app=True)  # one unmeasured load warms the server and the disk
        # Every round measures each page once, in a rotating order, so the machine's drift hits all alike.
        for i in range(args.runs):
            names = list(pages)[i % 3:] + list(pages)[:i % 3]
            for name in names:
                cold, paint = cold_load(browser, pages[name], is_app=name == "app")
                figures[name]["cold"].append(cold)
                if paint is not None:
                    figures[name]["paint"].append(paint)
        warm_pages = {**pages, "app, no snapshot": base}
        visitors = {name: returning_visitor(browser, url, is_app=url == base) for name, url in warm_pages.items()}
        for i in range(args.runs * args.warm):
            names = list(warm_pages)[i % 4:] + list(warm_pages)[:i % 4]
            for name in names:
                page = visitors[name][1]
                if name == "app, no snapshot":
                    page.evaluate("caches.delete('python-snapshot')")
                page.reload()
                figures[name]["warm"].append(ready_ms(page))
                if name == "app, no snapshot":
                    wait_for_snapshot(page)
        for context, _ in visitors.values():
            context.close()
        browser.close()
    httpd.shutdown()

    med = {k: {m: statistics.median(v) for m, v in d.items() if v} for k, d in figures.items()}
    print(f"navigation -> python-ready, median of {args.runs} cold loads and {args.runs * args.warm} warm reloads (ms)")
    print(f"  {'':17} {'cold':>8} {'warm':>8}")
    names = {"app": "app", "bare": "bare", "worker": "bare in a worker"}
    for name, label in names.items():
        print(f"  {label:17} {med[name]['cold']:8.0f} {med[name]['warm']:8.0f}")
    print(f"  {'app, no snapshot':17} {'':8} {med['app, no snapshot']['warm']:8.0f}   "
          f"(ratio to bare {med['app, no snapshot']['warm'] / med['bare']['warm']:.3f}: the first start after an update)")
    print(f"  ratio app/bare: cold {med['app']['cold'] / med['bare']['cold']:.3f}  "
          f"warm {med['app']['warm'] / med['bare']['warm']:.3f}   (bar: at most 1.10 each)")
    print(f"  ratio bare in a worker/bare: cold {med['worker']['cold'] / med['bare']['cold']:.3f}  "
          f"warm {med['worker']['warm'] / med['bare']['warm']:.3f}   (the cost of the worker alone)")
    print(f"  ratio app/bare in a worker: cold {med['app']['cold'] / med['worker']['cold']:.3f}  "
          f"warm {med['app']['warm'] / med['worker']['warm']:.3f}   (what the app adds)")
    print(f"first contentful paint of the app, cold: median {med['app']['paint']:.0f} ms "
          f"(max {max(figures['app']['paint']):.0f})   (bar: under 300 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
