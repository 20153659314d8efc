"""The Python memory snapshot (site/py-worker.js): made on the first visit before any call is answered,
kept in Cache Storage, restored on the next visit; a bad one is thrown away and replaced, never trusted."""

import pytest

from tests.browser.helpers import call, open_app, wait_ready

pytestmark = pytest.mark.browser

RESTORED = "python: loading Restoring from your last visit"
MARKS = "performance.getEntriesByType('mark').map((e) => e.name)"


def stored_snapshots(page, until=None):
    """[(url, size)] of each entry in the snapshot cache. Waits (up to 15 s) for the background write to
    land: for any entry at all, or for exactly `until`. Returns what is there in the end."""
    for _ in range(150):
        entries = [tuple(e) for e in page.evaluate("""async () => {
            const cache = await caches.open('python-snapshot');
            const out = [];
            for (const request of await cache.keys()) {
                out.push([request.url, (await (await cache.match(request)).arrayBuffer()).byteLength]);
            }
            return out; }""")]
        if entries if until is None else entries == until:
            return entries
        page.wait_for_timeout(100)
    if until is None:
        raise AssertionError("no Python snapshot was stored after the first visit")
    return entries


def test_the_next_visit_restores_python_from_the_snapshot_and_everything_answers(page, app_url):
    open_app(page, app_url)
    assert RESTORED not in page.evaluate(MARKS)  # a first visit has nothing to restore
    [(url, size)] = stored_snapshots(page)
    assert "python-snapshot/" in url and size > 1_000_000  # Python's whole memory, not a stub

    page.reload()
    wait_ready(page)
    assert RESTORED in page.evaluate(MARKS)
    assert call(page, "app.ping")["ok"]
    # Modules imported lazily after the restore, data files read from the archive, micropip and markdown.
    facts = call(page, "facts.extract", {"text": "I led a team of five for 18 months."})["result"]["facts"]
    assert {f["value"] for f in facts if f["kind"] == "count"} == {5}
    assert call(page, "salary.lookup", {"title": "Software Developer"})["ok"]
    html = call(page, "render.markdown", {"text": "*restored* <b>raw</b>"})["result"]["html"]
    assert "<em>restored</em>" in html and "&lt;b&gt;" in html


def test_the_snapshot_never_holds_what_the_person_sent(page, app_url):
    marker = "Zqxv-private-note-7731"
    page.goto(app_url)
    # Sent before Python is ready, so the call waits in the worker while the snapshot is made.
    page.evaluate("(t) => { window.__early = window.roundtwo.call('facts.extract', {text: t}); }",
                  f"{marker} led a team of 12")
    wait_ready(page)
    assert page.evaluate("window.__early.then((r) => r.ok)")
    stored_snapshots(page)
    found = page.evaluate("""async (marker) => {
        const cache = await caches.open('python-snapshot');
        const [request] = await cache.keys();
        const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
        const needle = new TextEncoder().encode(marker);
        outer: for (let i = 0; i <= bytes.length - needle.length; i++) {
            for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
            return true;
        }
        return false; }""", marker)
    assert found is False


# How a stored snapshot can go wrong: a stray write, a short write (quota, a closed tab), and bytes of
# the right length that are not a snapshot of this build. The first two are never tried; the third is
# tried, refused by Pyodide, and the usual start takes over.
SPOIL = """async ([url, how]) => {
    const cache = await caches.open('python-snapshot');
    const good = await cache.match(url);
    const bytes = new Uint8Array(await good.clone().arrayBuffer());
    if (how === 'stray') return cache.put(url, new Response(crypto.getRandomValues(new Uint8Array(65536))));
    if (how === 'short') return cache.put(url, new Response(bytes.slice(0, bytes.length >> 1), {headers: good.headers}));
    bytes.set(crypto.getRandomValues(new Uint8Array(65536)));
    return cache.put(url, new Response(bytes, {headers: good.headers})); }"""


@pytest.mark.parametrize("how, tried", [("stray", False), ("short", False), ("scrambled", True)])
def test_a_bad_snapshot_is_thrown_away_and_python_starts_anyway(page, app_url, how, tried):
    open_app(page, app_url)
    [(url, size)] = stored_snapshots(page)
    page.evaluate(SPOIL, [url, how])
    page.reload()
    wait_ready(page)
    assert (RESTORED in page.evaluate(MARKS)) is tried
    assert call(page, "app.ping")["ok"]
    assert call(page, "facts.extract", {"text": "a team of five"})["ok"]
    # ... and a good snapshot replaced the bad one, so the visit after that restores again.
    assert stored_snapshots(page, until=[(url, size)]) == [(url, size)]
    page.reload()
    wait_ready(page)
    assert RESTORED in page.evaluate(MARKS) and call(page, "app.ping")["ok"]


def test_an_older_builds_snapshot_is_never_restored_and_is_cleared(page, app_url):
    open_app(page, app_url)
    [(url, size)] = stored_snapshots(page)
    stale = url.rsplit("/", 1)[0] + "/0123456789abcdef"  # another build's key
    page.evaluate("""async ([url, stale]) => {
        const cache = await caches.open('python-snapshot');
        await cache.put(stale, await cache.match(url));
        await cache.delete(url); }""", [url, stale])
    page.reload()
    wait_ready(page)
    assert RESTORED not in page.evaluate(MARKS)
    assert stored_snapshots(page, until=[(url, size)]) == [(url, size)]
