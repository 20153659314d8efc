"""Bytes over the wire: what a first visit downloads, against a bare Pyodide page, and what one metro
lookup adds (the first metro of a state, then another metro of the same state, then the same lookup
offline). Counted on the server, as the body bytes it sent for every request (the page's, its Python
worker's and the service worker's precache), so nothing the browser does out of sight is missed.

    python bench/download_bytes.py

Bytes, not times: the figures are the same on every machine for the same build.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

from tests.conftest import CHROMIUM_FLAGS, SYSTEM_CHROMIUM  # noqa: E402

BARE = Path(__file__).resolve().parent / "bare"
READY = "html[data-python=ready]"


class CountingHandler(build.Handler):
    """dist/ with the bare page under /__bare__/, adding up the body bytes sent for each path."""

    sent: dict[str, int] = {}
    lock = threading.Lock()

    def translate_path(self, path):
        if path.startswith("/__bare__/"):
            return str(BARE / path.removeprefix("/__bare__/").split("?")[0])
        return super().translate_path(path)

    def copyfile(self, source, outputfile):
        data = source.read()
        outputfile.write(data)
        with self.lock:
            key = self.path.split("?")[0]
            self.sent[key] = self.sent.get(key, 0) + len(data)


def total() -> int:
    with CountingHandler.lock:
        return sum(CountingHandler.sent.values())


def since(before: dict[str, int]) -> dict[str, int]:
    with CountingHandler.lock:
        return {k: v - before.get(k, 0) for k, v in CountingHandler.sent.items() if v != before.get(k, 0)}


def snapshot() -> dict[str, int]:
    with CountingHandler.lock:
        return dict(CountingHandler.sent)


def settle(page, quiet_ms: int = 1500):
    """Until the server has sent nothing for a while (the service worker's precache runs on after ready)."""
    last = -1
    while last != total():
        last = total()
        page.wait_for_timeout(quiet_ms)


def kb(n: int) -> str:
    return f"{n:>11,} bytes ({n / 1048576:6.2f} MB)"


def main() -> int:
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="roundtwo-bytes-")) / "dist"
    build.build(out)
    httpd = build.http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                  functools.partial(CountingHandler, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    launch = {"executable_path": SYSTEM_CHROMIUM, "args": CHROMIUM_FLAGS} if os.path.exists(SYSTEM_CHROMIUM) else {}
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch)

        context = browser.new_context()
        page = context.new_page()
        before = snapshot()
        page.goto(base + "__bare__/index.html")
        page.wait_for_selector(READY, state="attached", timeout=120_000)
        settle(page)
        bare = sum(since(before).values())
        context.close()

        context = browser.new_context()
        page = context.new_page()
        before = snapshot()
        page.goto(base + "#salary")
        page.wait_for_selector(READY, state="attached", timeout=120_000)
        ready = sum(since(before).values())
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        settle(page)
        first = since(before)
        first_total = sum(first.values())
        metros_first = sum(v for k, v in first.items() if "/salary-metros/" in k)
        app_zip = first.get("/roundtwo.zip", 0)

        def lookup(location):
            start = snapshot()
            reply = page.evaluate("(loc) => window.roundtwo.call('salary.lookup', {title: 'Software engineer', location: loc, limit: 1})",
                                  location)
            assert reply["ok"], reply
            area = reply["result"]["matches"][0]["area"]["used"]["name"]
            settle(page, 500)
            return area, since(start)

        area1, added1 = lookup("Austin")
        area2, added2 = lookup("Dallas")
        state_area, added_state = lookup("California")
        context.set_offline(True)
        page.reload()
        page.wait_for_selector(READY, state="attached", timeout=120_000)
        area3, added3 = lookup("Austin")
        context.set_offline(False)
        context.close()
        browser.close()
    httpd.shutdown()

    zipped = (out / "roundtwo.zip").stat().st_size
    pyodide = sum(p.stat().st_size for p in (out / "pyodide").iterdir())
    metro_files = sorted((out / build.METRO_DIST).iterdir(), key=lambda p: p.stat().st_size)
    print("Bytes the server sent (bodies), one fresh Chromium context each:")
    print(f"  bare Pyodide page, to Python ready:            {kb(bare)}")
    print(f"  app, first visit, to Python ready:             {kb(ready)}")
    print(f"  app, first visit, with the service worker's precache done: {kb(first_total)}")
    print(f"    of which roundtwo.zip (package + national and state wages): {kb(app_zip)}"
          f"  [file: {zipped:,} bytes]")
    print(f"    of which metro files:                        {kb(metros_first)}  (none expected)")
    sizes = {"/" + f.relative_to(out).as_posix(): f.stat().st_size for f in out.rglob("*") if f.is_file()}
    twice = {k: v for k, v in first.items() if k in sizes and v > sizes[k]}
    print(f"    of which sent more than once (the page's fetch, then the precache's): "
          f"{kb(sum(v - sizes[k] for k, v in twice.items()))}  {sorted(twice)}")
    print(f"  app first visit / bare Pyodide:                {first_total / bare:.2f}x "
          f"(to ready: {ready / bare:.2f}x)")
    print(f"  Pyodide's own files in dist/pyodide:           {kb(pyodide)}")
    print("One metro lookup:")
    print(f"  first metro of a state ({area1}): {kb(sum(added1.values()))}  {sorted(added1)}")
    print(f"  another metro of that state ({area2}): {kb(sum(added2.values()))}")
    print(f"  a state ({state_area}): {kb(sum(added_state.values()))}")
    print(f"  the first metro again, offline after a reload ({area3}): {kb(sum(added3.values()))}")
    print(f"  metro files: {len(metro_files)}, smallest {metro_files[0].stat().st_size:,} bytes "
          f"({metro_files[0].name}), largest {metro_files[-1].stat().st_size:,} bytes ({metro_files[-1].name}), "
          f"all together {sum(p.stat().st_size for p in metro_files):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
