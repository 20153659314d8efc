"""Small helpers shared by the browser tests."""

import contextlib
import json

PYTHON_READY_TIMEOUT = 90_000  # ms; CI machines can be slow, and we never assert wall-clock times


def open_app(page, url, hash_=""):
    page.goto(url + hash_)
    wait_ready(page)
    return page


def call(page, method, params=None):
    return page.evaluate("([m, p]) => window.roundtwo.call(m, p)", [method, params or {}])


def wait_ready(page):
    # A selector, not wait_for_function: the page's CSP forbids the eval that wait_for_function uses.
    page.wait_for_selector("html[data-python=ready]", state="attached", timeout=PYTHON_READY_TIMEOUT)


# Added with page.add_init_script: any script that runs from a person's text would call these.
DIALOG_HOOK = ("window.__executed = []; window.alert = window.confirm = window.prompt = "
               "(m) => { window.__executed.push(String(m)); };")


def saved(page):
    """The document as saved in localStorage (None if nothing is saved).

    A pending debounced save is flushed first, as leaving the page would (the store's only pagehide
    listener), so a reading never depends on how fast a busy machine ran the debounce timer."""
    raw = page.evaluate("""() => { window.dispatchEvent(new Event('pagehide'));
                                   return localStorage.getItem('roundtwo.doc'); }""")
    return json.loads(raw) if raw else None


def type_into(page, pairs):
    """Type each [selector, text] in order, as the browser reports typing: the value, then an input event."""
    page.evaluate("""(pairs) => { for (const [sel, text] of pairs) {
        const box = document.querySelector(sel); box.focus(); box.value = text;
        box.dispatchEvent(new Event('input', { bubbles: true })); } }""", pairs)


def wait_for_offline_ready(page):
    """Wait until the service worker (registered once Python is ready) controls the page, and the page's
    background download (markdown's wheels) has settled: cut off by going offline, it would count as a
    request that failed."""
    page.wait_for_selector("html[data-warmed]", state="attached", timeout=PYTHON_READY_TIMEOUT)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(100):
        if page.evaluate("!!navigator.serviceWorker.controller"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never took control")


@contextlib.contextmanager
def offline(context, page):
    """After a first visit: the network off and the page reloaded until Python is ready, for the body of
    the with-block. Yields the list of requests that failed meanwhile; the network is back on after."""
    wait_for_offline_ready(page)
    failed = []
    context.on("requestfailed", lambda r: failed.append(r.url))
    context.set_offline(True)
    try:
        page.reload()
        wait_ready(page)
        yield failed
    finally:
        context.set_offline(False)


def seed(page, app_url, doc, hash_=""):
    """Store `doc` as the saved document, then open the app at `hash_` with Python ready."""
    page.goto(app_url)
    page.evaluate("(raw) => localStorage.setItem('roundtwo.doc', raw)", json.dumps(doc))
    page.goto(app_url + hash_)
    page.reload()
    wait_ready(page)
