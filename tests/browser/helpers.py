"""Small helpers for the browser tests."""

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
