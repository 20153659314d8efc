"""Step 5, practice, in Chromium: a whole mock session with the keyboard alone and offline, follow-ups
that quote the person's words, the coach using their own debrief story and locked facts, a session that
survives a reload and can be abandoned, speech present or absent, and hostile or huge answers."""

import json

import pytest

from tests.browser.helpers import offline, open_app, wait_ready

pytestmark = pytest.mark.browser

HOOK_DIALOGS = """
    window.__dialogs = [];
    for (const name of ['alert', 'confirm', 'prompt']) {
        window[name] = (...args) => { window.__dialogs.push([name, String(args[0])]); return name === 'confirm' ? false : null; };
    }
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective));
"""

STORY = "At Shopfront I rebuilt the login token refresh, and the app store rating rose 30% over a quarter."


def seeded_doc(**practice):
    return {
        "version": 2, "current": "i1",
        "interviews": [{
            "id": "i1", "company": "Acme", "role": "Product manager", "candidate_name": "", "next_round_at": "",
            "news_expected_by": "",
            "rounds": [{"id": "r1", "name": "Round one", "ended_at": "", "interviewers": "", "questions": [
                {"id": "q-1", "question": "Describe a time you raised an app store rating.", "answer": STORY,
                 "notes": "", "weak": True, "weak_note": "fuzzy on the baseline", "pushback": "baseline, attribution"}]}],
            "ledger": {"facts": [{"kind": "percent", "about": "rating", "value": 30,
                                  "text": "app store rating rose 30%", "locked": True}]},
            "panel": {"panelists": []}, "salary": {}, "plan": {"done": {}},
        }],
        "bank": {"custom": [], "hidden": [], "values": []},
        "practice": practice,
    }


def seed(page, doc):
    """Put a document in storage before the app reads it (first load only)."""
    page.add_init_script("if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
                         " localStorage.setItem('roundtwo.doc', %s); }" % json.dumps(json.dumps(doc)))


def saved(page):
    page.wait_for_timeout(350)  # the debounced save
    return json.loads(page.evaluate("localStorage.getItem('roundtwo.doc')"))


def phase(page):
    return page.get_attribute("#practice", "data-phase")


def wait_turn(page, before_turn, before_phase):
    """Wait until the session moved on (a new prompt, feedback or the summary)."""
    for _ in range(300):
        if (page.get_attribute("#practice", "data-turn"), phase(page)) != (before_turn, before_phase):
            return
        page.wait_for_timeout(50)
    raise AssertionError("the session did not move on")


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching selector has focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


ANSWERS = [
    "We kind of improved the onboarding flow and activation went up a lot.",
    "I ran five interviews with new users in March 2024, found the setup step confusing, and rewrote it. "
    "Activation rose from 41% to 52% in six weeks, measured against the old flow.",
]


def test_a_full_mock_session_with_the_keyboard_alone_offline(context, page, app_url):
    page.add_init_script(HOOK_DIALOGS)
    open_app(page, app_url, "#practice")
    with offline(context, page):
        page.wait_for_selector("#practice-persona-executive")
        page.locator("body").focus()
        # Set up: two questions, the executive (up to three follow-ups), then start.
        tab_to(page, "#f-practice-setup-count")
        page.keyboard.press("Control+A")
        page.keyboard.type("2")
        tab_to(page, "#practice-persona-warm")
        for _ in range(3):
            page.keyboard.press("ArrowDown")
        assert page.is_checked("#practice-persona-executive")
        tab_to(page, "#practice-start")
        page.keyboard.press("Enter")
        page.wait_for_selector("#practice-answer")

        follow_ups, feedback_seen, k = {}, 0, 0
        while phase(page) != "summary":
            before = (page.get_attribute("#practice", "data-turn"), phase(page))
            if phase(page) == "answer":
                assert focused_id(page) == "practice-answer"
                assert page.get_attribute("[role=timer]", "aria-label")
                progress = page.text_content(".progress-line")
                if "follow-up" in progress:
                    number = progress.split("Question ")[1].split(" ")[0]
                    follow_ups[number] = follow_ups.get(number, 0) + 1
                page.keyboard.insert_text(ANSWERS[k % 2])
                k += 1
                page.keyboard.press("Control+Enter")
            else:
                assert phase(page) == "feedback" and focused_id(page) == "practice-feedback-title"
                feedback_seen += 1
                assert page.locator(".dimension").count() == 5
                assert page.locator(".dimension mark").count() >= 1  # their own words, highlighted
                page.keyboard.press("Tab")
                assert focused_id(page) == "practice-continue"
                page.keyboard.press("Enter")
            wait_turn(page, *before)
            assert k < 40, "the session never ended"
        assert feedback_seen == 2
        assert all(n <= 3 for n in follow_ups.values()), follow_ups
        assert focused_id(page) == "practice-summary-title"
        summary = page.text_content(".summary")
        assert "overall" in summary and "2 answered" in summary

        page.reload()
        wait_ready(page)
        history = page.locator("[data-history] table tbody tr")
        assert history.count() == 1 and "of 2" in history.first.text_content()
        doc = saved(page)
        assert doc["practice"]["history"][0]["answered"] == 2
        assert page.evaluate("window.__dialogs") == [] and page.evaluate("window.__csp") == []


def test_probes_quote_their_words_the_coach_uses_their_story_and_a_session_survives_reload(page, app_url):
    selection = [{"id": "m1", "text": "Tell me about a result you are proud of.", "category": "behavioral", "follow_ups": []}]
    seed(page, seeded_doc(setup={"selection": selection, "persona": "skeptic", "mode": "persona"}))
    page.add_init_script(HOOK_DIALOGS)
    open_app(page, app_url, "#practice")
    page.wait_for_selector("#practice-persona-skeptic")
    assert "the 1 you selected" in page.text_content("[data-setup]")
    page.click("#practice-start")
    page.wait_for_selector("#practice-answer")
    assert page.text_content("#practice-prompt") == selection[0]["text"]

    page.fill("#practice-answer", "Our team rebuilt the login flow and the app store rating rose 30%.")
    before = (page.get_attribute("#practice", "data-turn"), phase(page))
    page.click("#practice-submit")
    wait_turn(page, *before)
    probe = page.text_content("#practice-prompt")
    assert phase(page) == "answer" and "follow-up 1" in page.text_content(".progress-line")
    assert "30%" in probe, probe

    # Stuck: structure prompts plus their own debrief story and locked fact, never a written answer.
    page.fill("#practice-answer", "It was about the app store rating")
    page.click("#practice-hint")
    coach = page.wait_for_selector(".coach")
    text = coach.text_content()
    assert "Shopfront" in text and "app store rating rose 30%" in text
    assert page.locator(".coach li").count() >= 1
    assert focused_id(page) == "practice-answer"

    # The session and the draft survive a reload.
    page.fill("#practice-answer", "Draft kept across a reload")
    page.wait_for_timeout(350)
    page.reload()
    wait_ready(page)
    page.wait_for_selector("#practice-answer")
    assert page.text_content("#practice-prompt") == probe
    assert page.input_value("#practice-answer") == "Draft kept across a reload"

    # Abandon asks first: cancel keeps it, confirm ends it.
    page.click("#practice-abandon")
    page.click("#confirm-dialog button[value=cancel]")
    assert phase(page) == "answer" and saved(page)["practice"]["active"]
    page.click("#practice-abandon")
    page.click("#confirm-dialog button[value=confirm]")
    page.wait_for_selector("#practice-start")
    assert saved(page)["practice"]["active"] is None
    assert page.evaluate("window.__dialogs") == []


FAKE_VOICES = """
    window.__spoken = [];
    const fake = {
        getVoices: () => [{ name: 'Test voice', lang: 'en-GB' }],
        speak: (u) => window.__spoken.push(u.text), cancel: () => {},
        addEventListener: () => {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
    delete window.SpeechRecognition; delete window.webkitSpeechRecognition;
"""
NO_SPEECH = """
    delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;
    delete window.SpeechRecognition; delete window.webkitSpeechRecognition;
"""


@pytest.mark.parametrize("speech", ["voices", "none"])
def test_reading_aloud_with_and_without_voices_and_no_dictation(page, app_url, speech):
    """With voices: the question is read aloud, by the person's own panel. Without: nothing breaks."""
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    if speech == "voices":
        doc = seeded_doc()
        doc["interviews"][0]["panel"]["panelists"] = [
            {"id": "p1", "name": "Dana Lee", "role": "Engineering Director", "concern": "technical_rigour"},
            {"id": "p2", "name": "Sam Ortiz", "role": "VP Product", "concern": ""}]
        seed(page, doc)
    page.add_init_script(FAKE_VOICES if speech == "voices" else NO_SPEECH)
    open_app(page, app_url, "#practice")
    page.wait_for_selector("#practice-persona-warm")
    toggle = page.locator("#f-practice-setup-speak")
    if speech == "voices":
        assert toggle.is_enabled()
        toggle.check()
        assert "Your panel (2)" in page.text_content("[data-setup]")
        page.check("#practice-persona-panel")
    else:
        assert toggle.is_disabled() and "no voices" in page.text_content("[data-setup]")
        assert page.is_disabled("#practice-persona-panel") and "Step 4 · Panel" in page.text_content("[data-setup]")
    page.fill("#f-practice-setup-count", "1")
    page.click("#practice-start")
    page.wait_for_selector("#practice-answer")
    if speech == "voices":
        assert "Dana Lee" in page.text_content(".interviewer")
    assert page.locator("#practice-dictate").count() == 0  # no SpeechRecognition, no button
    question = page.text_content("#practice-prompt")
    if speech == "voices":
        assert page.evaluate("window.__spoken") == [question]
    page.fill("#practice-answer", ANSWERS[1])
    before = (page.get_attribute("#practice", "data-turn"), phase(page))
    page.keyboard.press("Control+Enter")
    wait_turn(page, *before)
    assert phase(page) in ("answer", "feedback")
    assert errors == []


def test_empty_huge_and_naughty_answers(page, app_url, blns):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(HOOK_DIALOGS)
    open_app(page, app_url, "#practice")
    page.wait_for_selector("#practice-persona-skeptic")
    page.check("#practice-persona-skeptic")
    page.fill("#f-practice-setup-count", "50")

    def start():
        page.click("#practice-start")
        page.wait_for_selector("#practice-answer")

    start()
    # Empty: a clear message, the session does not move.
    turn = page.get_attribute("#practice", "data-turn")
    page.fill("#practice-answer", "   \n ")
    page.keyboard.press("Control+Enter")
    assert "empty" in page.text_content("[data-answer-message]")
    assert page.get_attribute("#practice", "data-turn") == turn and focused_id(page) == "practice-answer"

    # A megabyte: accepted, said clearly that it was cut, and the page stays responsive.
    huge = "I led the migration and we cut costs by 20%. " * 23_000
    page.fill("#practice-answer", huge)
    before = (turn, phase(page))
    page.click("#practice-submit")
    assert page.evaluate("1 + 1") == 2  # the page answers while Python works
    wait_turn(page, *before)
    assert "1,035,000 characters long" in page.text_content("#practice")
    # Every naughty string as an answer: rendered as text, nothing executes, nothing breaks.
    for s in blns:
        while phase(page) != "answer":
            if phase(page) == "summary":
                page.click("#practice-again")
                start()
            else:
                before = (page.get_attribute("#practice", "data-turn"), phase(page))
                page.click("#practice-continue")
                wait_turn(page, *before)
        page.fill("#practice-answer", s)
        before = (page.get_attribute("#practice", "data-turn"), phase(page))
        page.keyboard.press("Control+Enter")
        for _ in range(300):
            turn, now, message = page.evaluate("""() => { const s = document.getElementById('practice');
                const m = s.querySelector('[data-answer-message]');
                return [s.dataset.turn, s.dataset.phase, m ? m.textContent : ''] }""")
            if (turn, now) != before:
                break
            if "empty" in message:  # blank to the eye: told so, nothing sent
                break
            assert "Checking" in message or not message, (s, message)
            page.wait_for_timeout(30)
        else:
            raise AssertionError(f"no reply to {s!r}")
    assert page.evaluate("window.__dialogs") == []
    assert page.evaluate("document.querySelectorAll('#practice img, #practice script, #practice iframe').length") == 0
    assert errors == []
