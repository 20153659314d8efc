"""A deployment while a page is open, in Chromium: the page goes on running the build it started with
(every view, every file it asks for, a restarted Python worker) until the person accepts the "updated"
notice; then it runs the new build, and the old build's cache is deleted once no page uses it."""

import hashlib
import shutil

import pytest
from playwright.sync_api import expect

import build
from tests.browser.helpers import call, open_app, wait_for_offline_ready, wait_ready
from tests.conftest import Server

pytestmark = pytest.mark.browser

VIEWS = ["debrief", "ledger", "escalation", "panel", "salary", "practice", "plan", "about"]
# Appended to every script of the second build: any of them that runs in a page or worker says so.
SECOND = 'self.__roundtwoBuild = "second";'
RUNAWAY = "[" * 20_000  # see test_worker.py: Python-Markdown takes minutes on it; the time limit restarts Python

# The SHA-256 of each URL as this page (or worker) is served it now.
DIGESTS = """async (urls) => {
    const out = {};
    for (const url of urls) {
        const bytes = await (await fetch(url)).arrayBuffer();
        out[url] = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
            .map((b) => b.toString(16).padStart(2, "0")).join("");
    }
    return out; }"""
BUILD_CACHES = "caches.keys().then((names) => names.filter((n) => n.startsWith('roundtwo-')))"


def second_site(tmp_path):
    """The shell's sources with every script, the styles and the page changed."""
    site = tmp_path / "site-second"
    shutil.copytree(build.SITE, site)
    for path in [*sorted(site.glob("js/*.js")), site / "py-worker.js"]:
        path.write_text(path.read_text() + f"\n{SECOND}\n")
    (site / "styles.css").write_text((site / "styles.css").read_text() + "\n/* second build */\n")
    (site / "index.html").write_text((site / "index.html").read_text() + "<!-- second build -->\n")
    return site


def digests(directory):
    """{url: sha256} of every file the service worker serves from this build."""
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file() and p.name != "sw.js"}


def controller_version(page):
    return page.evaluate("""() => new Promise((resolve) => {
        navigator.serviceWorker.addEventListener("message", (e) => { if (e.data.type === "version") resolve(e.data.version); });
        navigator.serviceWorker.controller.postMessage({ type: "version" }); })""")


def test_an_open_page_keeps_its_build_through_a_deployment_until_the_person_reloads(browser, tmp_path):
    served = tmp_path / "dist"
    build.build(served)
    first = digests(served)
    server = Server(served)
    context = browser.new_context()
    try:
        page = context.new_page()
        open_app(page, server.url)
        wait_for_offline_ready(page)

        manifest = build.build(served, site=second_site(tmp_path))  # the deployment, into the served folder
        second = digests(served)
        changed = sorted(url for url in first if first[url] != second.get(url))
        assert {"index.html", "py-worker.js", "js/app.js", "js/ledger.js", "roundtwo.zip"} - set(changed) == {"roundtwo.zip"}
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        expect(page.locator("[data-notice=updated]")).to_contain_text("updated", timeout=60_000)
        assert controller_version(page) == manifest["version"]  # the new build's worker serves this page now

        # ... and serves it the first build: every view, each view module loaded afresh, every file.
        for view in VIEWS:
            page.click(f"nav.steps a[href='#{view}']")
            expect(page.locator(f"#{view}")).to_be_visible()
            expect(page.locator(f"#{view} h2").first).to_be_visible()
            assert page.evaluate("(v) => import(`./js/${v}.js?after-deployment`).then(() => true)", view)
        assert page.evaluate("self.__roundtwoBuild") is None
        assert page.evaluate(DIGESTS, sorted(first)) == first
        assert page.locator("[data-notice=view]").count() == 0

        # A Python worker started after the deployment (here after a runaway call) is the first build's too.
        [started_before] = page.workers
        assert call(page, "render.markdown", {"text": RUNAWAY})["error"]["code"] == "python_timeout"
        wait_ready(page)
        [worker] = [w for w in page.workers if w is not started_before]  # the stopped one may linger a moment
        assert worker.evaluate("self.__roundtwoBuild") is None
        assert worker.evaluate(DIGESTS, ["roundtwo.zip", "wheels/wheels.json"]) == {
            url: first[url] for url in ["roundtwo.zip", "wheels/wheels.json"]}
        assert call(page, "facts.extract", {"text": "a team of five"})["ok"]

        with page.expect_navigation():
            page.locator("[data-notice=updated]").get_by_role("button", name="Reload").click()  # the person accepts
        wait_ready(page)
        assert page.evaluate("self.__roundtwoBuild") == "second"
        assert page.evaluate(DIGESTS, changed) == {url: second[url] for url in changed}
        [worker] = [w for w in page.workers if w is not worker]
        assert worker.evaluate("self.__roundtwoBuild") == "second"
        assert page.locator("[data-notice=updated]").count() == 0
        # No page uses the first build now: its cache goes (the new page's start-up message prunes).
        for _ in range(100):
            if page.evaluate(BUILD_CACHES) == [manifest["cache"]]:
                break
            page.wait_for_timeout(100)
        assert page.evaluate(BUILD_CACHES) == [manifest["cache"]]
    finally:
        context.close()
        server.close()
