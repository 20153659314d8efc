"""The shell end to end in Chromium against the built dist/: saving, Python readiness and the call
contract, failure and retry, CSP, offline, updates, and data we cannot read being kept aside."""

import json
import shutil

import pytest

import build
from tests.browser.helpers import call, offline, open_app, saved, wait_for_offline_ready, wait_ready
from tests.conftest import Server

pytestmark = pytest.mark.browser


def test_typed_text_is_saved_without_leaving_the_page_and_survives_reload(page, app_url):
    page.goto(app_url)
    page.fill("#f-interviews-0-company", "Acme Payments")
    page.click("text=Add a question")
    page.fill("#f-interviews-0-rounds-0-questions-0-answer", "I led a team of five for six months.")
    # The debounced save writes it by itself, with no pagehide; waited for, never timed (a busy machine only
    # makes the wait longer).
    for _ in range(300):
        doc = saved(page)
        if doc and "six months" in json.dumps(doc):
            break
        page.wait_for_timeout(100)
    assert doc["interviews"][0]["company"] == "Acme Payments"
    assert doc["interviews"][0]["rounds"][0]["questions"][0]["answer"] == "I led a team of five for six months."
    page.reload()
    assert page.input_value("#f-interviews-0-company") == "Acme Payments"
    assert page.input_value("#f-interviews-0-rounds-0-questions-0-answer") == "I led a team of five for six months."


def test_pagehide_flushes_a_pending_save(page, app_url):
    page.goto(app_url)
    page.fill("#f-interviews-0-role", "Staff engineer")
    page.goto("about:blank")  # leaves at once, before the debounce fires
    page.goto(app_url)
    assert page.input_value("#f-interviews-0-role") == "Staff engineer"


def test_python_becomes_ready_and_calls_answer_with_dispatch_replies(page, app_url):
    open_app(page, app_url)
    assert page.evaluate("performance.getEntriesByName('python-ready').length") == 1
    assert call(page, "app.ping") == {"ok": True, "result": {"pong": True, "version": "0.1.0"}}
    assert call(page, "no.such")["error"]["code"] == "unknown_method"
    reply = call(page, "consistency.compare", {"earlier": "I ran a squad of five engineers.",
                                               "later": "I had seven engineers on my team."})
    assert reply["ok"] and reply["result"]["conflicts"][0]["earlier"]["value"] == 5
    assert call(page, "consistency.compare", {"earlier": 3})["error"]["code"] == "bad_params"


def test_markdown_is_installed_from_the_site_and_raw_html_stays_text(page, app_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_app(page, app_url)
    reply = call(page, "render.markdown", {"text": "**bold** <img src=x onerror=alert(1)>"})
    assert reply["ok"], reply
    assert "<strong>bold</strong>" in reply["result"]["html"] and "&lt;img" in reply["result"]["html"]
    wheel_requests = [u for u in requests if u.endswith(".whl")]
    assert wheel_requests and all(u.startswith(app_url) for u in wheel_requests)


@pytest.mark.parametrize("blocked", ["pyodide/pyodide.asm.js", "pyodide/pyodide.asm.wasm"])
def test_form_works_before_python_and_a_failed_load_offers_retry(context, page, app_url, blocked):
    context.route("**/" + blocked, lambda route: route.abort())
    page.goto(app_url)
    page.fill("#f-interviews-0-company", "Typed while Python failed")
    page.wait_for_selector("html[data-python=error]", state="attached", timeout=60_000)
    assert page.is_visible("#python-retry")
    assert "failed" in page.text_content("#python-status-text")
    page.wait_for_timeout(400)
    assert saved(page)["interviews"][0]["company"] == "Typed while Python failed"
    context.unroute("**/" + blocked)
    page.click("#python-retry")
    wait_ready(page)
    assert call(page, "app.ping")["ok"]


def test_no_csp_violation_during_load_and_use(page, app_url):
    page.add_init_script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation',
            (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    open_app(page, app_url)
    page.fill("#f-interviews-0-company", "Acme")
    page.click("text=Add a question")
    page.fill("#f-interviews-0-rounds-0-questions-0-answer", "We had **five** people <b>bold</b>")
    page.click("text=Show as document")
    page.wait_for_selector("article.rendered strong")
    page.click("text=Analyse")
    page.wait_for_selector(".analysis")
    assert page.evaluate("window.__csp") == []
    csp = page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval'" not in csp.replace("wasm-unsafe-eval'", "")


def test_offline_after_one_visit(context, page, app_url):
    open_app(page, app_url)
    with offline(context, page) as failed:
        assert call(page, "app.ping")["ok"]
        reply = call(page, "render.markdown", {"text": "*offline*"})
        assert reply["ok"] and "<em>offline</em>" in reply["result"]["html"]
        page.fill("#f-interviews-0-company", "Offline Co")
        page.wait_for_timeout(400)
        assert saved(page)["interviews"][0]["company"] == "Offline Co"
    assert failed == []


def test_a_new_deployment_shows_an_updated_notice(browser, dist_dir, tmp_path):
    site = tmp_path / "dist"
    shutil.copytree(dist_dir, site)
    server = Server(site)
    context = browser.new_context()
    try:
        page = context.new_page()
        open_app(page, server.url)
        wait_for_offline_ready(page)
        (site / "styles.css").write_text((site / "styles.css").read_text() + "\n/* new deployment */\n")
        build.write_service_worker(site)
        page.goto(server.url)  # the next visit
        notice = page.wait_for_selector("[data-notice=updated]", timeout=60_000)
        assert "updated" in notice.text_content()
        # By its role: "text=Reload" also matches the notice's sentence ("Reload to use…"), which does nothing.
        with page.expect_navigation():
            page.locator("[data-notice=updated]").get_by_role("button", name="Reload").click()
        wait_ready(page)
    finally:
        context.close()
        server.close()


def seed(page, app_url, raw):
    page.goto(app_url)
    page.evaluate("(raw) => localStorage.setItem('roundtwo.doc', raw)", raw)
    page.reload()


def aside_values(page):
    return page.evaluate("""Object.keys(localStorage).filter(k => k.startsWith('roundtwo.aside.'))
                            .map(k => localStorage.getItem(k))""")


CORRUPT = '{"version": 2, "interviews": [{"company": "Half-writ'


def test_corrupt_saved_data_is_kept_aside_and_the_person_told(page, app_url):
    seed(page, app_url, CORRUPT)
    notice = page.wait_for_selector("[data-notice=aside]")
    assert "could not be read" in notice.text_content()
    assert aside_values(page) == [CORRUPT]
    page.fill("#f-interviews-0-company", "Fresh start")
    page.wait_for_timeout(400)
    assert saved(page)["interviews"][0]["company"] == "Fresh start"
    assert aside_values(page) == [CORRUPT]


def test_newer_saved_data_is_never_overwritten(page, app_url):
    newer = json.dumps({"version": 999, "interview": {"company": "From the future"}})
    seed(page, app_url, newer)
    wait_ready(page)
    notice = page.wait_for_selector("[data-notice=aside]")
    assert "newer version" in notice.text_content()
    assert newer in aside_values(page)


def test_hostile_strings_typed_into_every_field_never_execute(page, app_url, blns):
    page.add_init_script("window.__executed = []; window.alert = window.confirm = window.prompt = "
                         "(m) => window.__executed.push(String(m));")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(page, app_url)
    page.click("text=Add a question")
    fields = ["#f-interviews-0-company", "#f-interviews-0-role", "#f-interviews-0-rounds-0-questions-0-question", "#f-interviews-0-rounds-0-questions-0-answer",
              "#f-interviews-0-rounds-0-questions-0-notes"]
    chunk = 40
    for start in range(0, len(blns), chunk):
        strings = blns[start:start + chunk]
        for i, selector in enumerate(fields):
            page.fill(selector, "\n".join(strings[i::len(fields)]) or "x")
        page.click("text=Show as document")
        page.wait_for_selector("[data-out=document] article, [data-out=document] .error")
        page.click("text=Analyse")
        page.wait_for_selector("[data-out=analysis] ul, [data-out=analysis] .error")
    assert dialogs == [] and page.evaluate("window.__executed") == []
    assert page.evaluate("document.querySelectorAll('main script, main iframe, main object').length") == 0


def test_data_from_the_previous_version_is_migrated_and_a_copy_kept(page, app_url):
    from pathlib import Path

    v1 = (Path(__file__).resolve().parent.parent / "fixtures" / "docs" / "v1.json").read_text()
    seed(page, app_url, v1)
    wait_ready(page)
    page.wait_for_selector("[data-notice=migrated]")
    assert page.input_value("#f-interviews-0-company") == "Acme Payments"
    assert page.input_value("#f-interviews-0-rounds-0-questions-0-answer").startswith("I ran a squad of five")
    page.wait_for_timeout(400)
    doc = saved(page)
    assert doc["version"] == 2 and doc["interviews"][0]["role"] == "Engineering Manager"
    assert v1 in aside_values(page)
