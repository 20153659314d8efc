"""The Python worker under real use, in Chromium: a call that keeps Python busy too long is stopped by
restarting the worker (from the memory snapshot), its caller told so, the calls behind it answered, and
nothing the person typed lost; keystroke-driven calls replace the ones still waiting instead of queueing."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_app, saved, type_into, wait_ready
from tests.browser.test_snapshot import MARKS, RESTORED, stored_snapshots

pytestmark = pytest.mark.browser

# Valid input that Python-Markdown reads in quadratic time: 4,000 brackets take seconds, these minutes.
# A person can paste it; the time limit is what keeps it from blocking every call behind it.
BRACKETS = "[" * 20_000
ANSWER = "#f-interviews-0-rounds-0-questions-0-answer"
RESTART_WAIT = 120_000  # ms: the time limit, then a restart; waited for, never asserted


def test_a_runaway_call_is_stopped_and_everything_behind_it_is_answered(page, app_url):
    open_app(page, app_url)
    stored_snapshots(page)  # the first visit's snapshot is in place: the restart comes back from it
    page.fill("#f-interviews-0-company", "Acme Payments")
    page.click("text=Add a question")
    page.fill(ANSWER, BRACKETS)
    doc = saved(page)
    # The runaway (the debrief as a document), and the person pressing Analyse while it runs.
    page.evaluate("(doc) => { window.__runaway = window.roundtwo.call('debrief.render', {doc}); }", doc)
    page.click("text=Analyse")

    runaway = page.evaluate("window.__runaway")
    assert runaway["ok"] is False and runaway["error"]["code"] == "python_timeout", runaway
    assert "restarted Python" in runaway["error"]["message"] and "Nothing you typed is lost" in runaway["error"]["message"]
    # The call queued behind it went to the new worker and was answered there.
    expect(page.locator("#debrief [data-out=analysis]")).to_contain_text("1 question", timeout=RESTART_WAIT)
    expect(page.locator("[data-notice=python-restarted]")).to_contain_text("restarted Python")
    wait_ready(page)
    assert RESTORED in page.evaluate(MARKS)  # the new worker came back from the snapshot

    # Nothing lost, and the app goes on: facts as typed, saving, a call that needs markdown.
    assert page.input_value("#f-interviews-0-company") == "Acme Payments"
    assert page.input_value(ANSWER) == BRACKETS
    type_into(page, [[ANSWER, "I led a team of five for six months."]])
    expect(page.locator("#debrief [data-facts-for] .chip").first).to_be_visible()
    assert saved(page)["interviews"][0]["rounds"][0]["questions"][0]["answer"] == "I led a team of five for six months."
    page.click("text=Show as document")
    expect(page.locator("#debrief article.rendered")).to_contain_text("a team of five")
