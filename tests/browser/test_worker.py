"""The Python worker under real use, in Chromium: a call that keeps Python busy too long is stopped by
restarting the worker (from the memory snapshot), its caller told so, the calls behind it answered, and
nothing the person typed lost; keystroke-driven calls replace the ones still waiting instead of queueing."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_app, saved, type_into, wait_ready
from tests.browser.test_ledger import LOCKED_TEAM, seeded
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


# Counts, in the worker, the keystroke-driven calls it is sent, by text: what Python is asked to run.
COUNT_SENT = """() => {
    self.__sent = [];
    self.addEventListener("message", (event) => {
        const { method, params } = event.data || {};
        if (method) self.__sent.push([method, params.text === undefined ? null : params.text]);
    });
}"""
LATER = "#f-interviews-0-rounds-1-questions-0-answer"
LATER_PATH = "interviews.0.rounds.1.questions.0.answer"


def test_typing_while_python_is_busy_sends_only_the_latest_text(browser, app_url):
    # The service worker is off so the worker's download of markdown goes to the network, where the test
    # holds it: a call waiting on it keeps the worker's one slot taken for as long as the test wants.
    context = browser.new_context(service_workers="block")
    held = []
    try:
        page = context.new_page()
        page.route("**/wheels/markdown-*.whl", lambda route: held.append(route))
        page.clock.install()  # the page's timers (the typing debounce) run when the test says
        seeded(page, app_url, ledger=[LOCKED_TEAM], hash_="#debrief")
        facts = page.locator(f'[data-facts-for="{LATER_PATH}"]')
        flags = page.locator(f'[data-conflicts-for="{LATER_PATH}"]')
        type_into(page, [[LATER, "Back then I led six engineers."]])
        expect(flags).to_contain_text("six engineers")  # the ledger is in Python, held by its key
        expect(facts).to_contain_text("6")

        [worker] = page.workers
        worker.evaluate(COUNT_SENT)
        page.evaluate("() => { window.__markdown = window.roundtwo.call('render.markdown', {text: '*held*'}); }")
        while not (held and ["render.markdown", "*held*"] in worker.evaluate("() => self.__sent")):
            page.wait_for_timeout(100)  # until the worker has the call and waits for the download
        page.clock.pause_at(page.evaluate("Date.now()") + 1000)
        for words in ("seven", "eight", "nine", "ten"):
            type_into(page, [[LATER, f"Back then I led {words} engineers."]])
            page.clock.run_for(1000)  # the pause after a keystroke: its facts and its check are asked for
        assert worker.evaluate("() => self.__sent") == [["render.markdown", "*held*"]]  # all wait in the page

        for route in held:
            route.continue_()
        page.clock.resume()
        assert page.evaluate("window.__markdown.then((r) => r.ok)")
        expect(flags).to_contain_text("ten engineers")
        expect(facts).to_contain_text("10")
        # Python ran each kind once, for the last text: the three before it were replaced unsent.
        last = "Back then I led ten engineers."
        assert worker.evaluate("() => self.__sent") == [
            ["render.markdown", "*held*"], ["facts.extract", last], ["ledger.check", last]]
        expect(facts).not_to_contain_text("newer request")
    finally:
        context.close()
