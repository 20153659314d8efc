"""Step 2, the facts ledger, in Chromium: round-one facts suggested as typed, confirmed, corrected, added,
unlocked and removed, kept across a reload; later answers (a round-two answer in the debrief, any text in
"Check a text") flagged with both passages; hostile and huge input."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_app, wait_ready

pytestmark = pytest.mark.browser

Q1 = "I ran a squad of five engineers for 18 months. The migration budget was $2M."
Q2 = "My team of 7 people shipped the new ledger in 2021. I was a senior engineer at the time."

# Anything that runs would call one of these or set window.__ran (hostile strings use alert(...) and friends).
HOOKS = """
    window.__ran = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
        window[name] = (...args) => { window.__ran.push(name + ':' + String(args[0]).slice(0, 40)); };
    }
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective));
"""


def saved_doc(page):
    return json.loads(page.evaluate("localStorage.getItem('roundtwo.doc')"))


def seeded(page, app_url, *, round_one=(Q1, Q2), round_two=("",), ledger=(), draft="", hash_="#ledger"):
    """Open the app with a saved document (as a returning visitor would have it)."""
    questions = [{"id": f"q{n}", "question": f"Round one question {n}", "answer": a, "notes": "", "weak": False,
                  "weak_note": "", "pushback": ""} for n, a in enumerate(round_one, 1)]
    later = [{"id": f"t{n}", "question": f"Round two question {n}", "answer": a, "notes": "", "weak": False,
              "weak_note": "", "pushback": ""} for n, a in enumerate(round_two, 1)]
    doc = {"version": 2, "current": "i1", "interviews": [{
        "id": "i1", "company": "Acme", "role": "Engineering manager", "candidate_name": "", "next_round_at": "",
        "news_expected_by": "",
        "rounds": [{"id": "r1", "name": "Round one", "ended_at": "", "interviewers": "", "questions": questions},
                   {"id": "r2", "name": "Round two", "ended_at": "", "interviewers": "", "questions": later}],
        "ledger": {"facts": list(ledger), "draft": draft}, "panel": {"panelists": []}, "salary": {},
        "plan": {"done": {}}}], "bank": {"custom": [], "hidden": [], "values": []}, "practice": {}}
    page.goto(app_url + "manifest.webmanifest")   # same origin, no app running to save over it
    page.evaluate("(doc) => localStorage.setItem('roundtwo.doc', doc)", json.dumps(doc))
    page.goto(app_url + hash_)
    wait_ready(page)
    return page


LOCKED_TEAM = {"id": "lf-team", "kind": "count", "about": "team", "label": "Team size", "value": 5, "mode": "level",
               "text": "five engineers", "source": "Round one Q1", "question_id": "q1", "round_id": "r1",
               "origin": {"kind": "count", "about": "team", "text": "five engineers"}, "locked": True,
               "status": "confirmed"}


def fact(page, label):
    """The ledger entry whose main button names this fact ("Team size: 5")."""
    return page.locator("#ledger li.ledger-fact").filter(has=page.get_by_role("button", name=label))


def test_confirm_correct_add_unlock_remove_and_reload(page, app_url):
    open_app(page, app_url)
    page.click("text=Add a question")
    page.fill("#f-interviews-0-rounds-0-questions-0-answer", Q1)
    page.click("text=Add a question")
    page.fill("#f-interviews-0-rounds-0-questions-1-answer", Q2)
    page.click("nav a[href='#ledger']")

    # suggestions per round-one question, each with what it is about and its words marked in the answer
    team = fact(page, "Confirm & lock: Team size: 5 (“five engineers”)")
    expect(team).to_have_attribute("data-status", "suggested")
    expect(team.locator("mark")).to_have_text("five engineers")
    expect(team.locator(".fact-label")).to_have_text("Team size")
    groups = page.locator("#ledger .ledger-group h3")
    expect(groups.nth(0)).to_contain_text("Round one Q1")
    expect(groups.nth(1)).to_contain_text("Round one Q2")
    # nothing locked yet: the check says what it checks against
    expect(page.locator("#ledger [data-out=check-status]")).to_contain_text("Nothing is locked yet")
    # the two round-one answers disagree: both passages, the words marked
    within = page.locator("#ledger .ledger-within .conflict-card")
    expect(within).to_have_count(1)
    expect(within.locator(".conflict-message")).to_contain_text("Team size: you said five engineers (5) earlier and 7 people (7) now")
    expect(within.locator("blockquote mark")).to_have_text(["five engineers", "7 people"])

    # confirm & lock
    page.get_by_role("button", name="Confirm & lock: Team size: 5 (“five engineers”)").click()
    locked = fact(page, "Unlock: Team size: 5 (“five engineers”)")
    expect(locked).to_have_attribute("data-locked", "true")
    expect(locked).to_have_attribute("data-status", "confirmed")
    expect(page.locator("#ledger [data-out=check-status]")).to_contain_text("Checks against your 1 locked fact")

    # correct: a value the extraction read right but the person wants to fix
    page.get_by_role("button", name="Correct: Duration: 18 months (“18 months”)").click()
    form = page.locator("#ledger .correct-form")
    expect(form.locator("input[name=value]")).to_be_focused()
    form.locator("input[name=value]").fill("lots")
    form.locator("[data-action=save]").click()
    expect(form.locator("[data-error]")).to_contain_text("does not read as a length of time")
    form.locator("input[name=value]").fill("20 months")
    form.locator("input[name=about]").fill("Migration length")
    form.locator("[data-action=save]").click()
    corrected = fact(page, "Unlock: Migration length: 20 months (“18 months”)")
    expect(corrected).to_have_attribute("data-status", "corrected")
    expect(corrected.locator(".fact-value")).to_have_text("20 months")

    # correct the round-two-to-be disagreement away: Q2's 7 was a slip for 5
    page.get_by_role("button", name="Correct: Team size: 7 (“7 people”)").click()
    page.locator("#ledger .correct-form input[name=value]").fill("5")
    page.locator("#ledger .correct-form [data-action=save]").click()
    expect(page.locator("#ledger .ledger-within")).to_have_count(0)

    # add a fact by hand
    page.select_option("#ledger-add-kind", "count")
    page.fill("#ledger-add-about", "direct reports")
    page.fill("#ledger-add-value", "four")
    page.fill("#ledger-add-text", "four direct reports")
    page.click("#ledger form.ledger-add button[type=submit]")
    added = fact(page, "Unlock: Direct reports: 4 (“four direct reports”)")
    expect(added).to_have_attribute("data-status", "added")
    expect(page.locator("#ledger .ledger-group h3", has_text="Added by hand")).to_have_count(1)

    # not a fact, then unlock and lock again
    page.get_by_role("button", name="Not a fact: Launch year: 2021 (“2021”)").click()
    expect(page.locator("#ledger details.dismissed summary")).to_contain_text("(1)")
    page.get_by_role("button", name="Unlock: Direct reports: 4 (“four direct reports”)").click()
    unlocked = fact(page, "Lock: Direct reports: 4 (“four direct reports”)")
    expect(unlocked).to_have_attribute("data-locked", "false")
    expect(unlocked.locator(".badge")).to_have_text("Unlocked")
    page.get_by_role("button", name="Lock: Direct reports: 4 (“four direct reports”)").click()
    expect(added).to_have_attribute("data-locked", "true")

    # remove asks first; cancel keeps it, confirm removes it and the words are suggested again
    page.get_by_role("button", name="Remove: Migration length: 20 months (“18 months”)").click()
    expect(page.locator("#confirm-dialog")).to_be_visible()
    expect(page.locator("#confirm-dialog [data-message]")).to_contain_text("Migration length: 20 months")
    page.click("#confirm-dialog button[value=cancel]")
    expect(corrected).to_have_count(1)
    page.get_by_role("button", name="Remove: Migration length: 20 months (“18 months”)").click()
    page.click("#confirm-dialog button[value=confirm]")
    expect(corrected).to_have_count(0)
    expect(fact(page, "Confirm & lock: Duration: 18 months (“18 months”)")).to_have_count(1)

    page.wait_for_timeout(400)  # the debounced save
    stored = {(f["status"], f["locked"], f["text"]) for f in saved_doc(page)["interviews"][0]["ledger"]["facts"]}
    assert stored == {("confirmed", True, "five engineers"), ("corrected", True, "7 people"),
                      ("added", True, "four direct reports"), ("dismissed", False, "2021")}

    page.reload()
    wait_ready(page)
    expect(fact(page, "Unlock: Team size: 5 (“five engineers”)")).to_have_attribute("data-locked", "true")
    expect(fact(page, "Unlock: Direct reports: 4 (“four direct reports”)")).to_have_attribute("data-status", "added")
    expect(fact(page, "Unlock: Team size: 5 (“7 people”)")).to_have_attribute("data-status", "corrected")

    # the answer changes so a locked fact's words are gone: flagged, not dropped
    page.click("nav a[href='#debrief']")
    page.fill("#f-interviews-0-rounds-0-questions-0-answer", Q1.replace("five engineers", "a handful of engineers"))
    page.click("nav a[href='#ledger']")
    stale = fact(page, "Unlock: Team size: 5 (“five engineers”)")
    expect(stale).to_have_attribute("data-stale", "true")
    expect(stale.locator(".badge")).to_have_text("No longer in your answer")
    expect(stale.locator(".stale-note")).to_contain_text("Your answer no longer says “five engineers”")


def test_later_text_is_checked_with_both_passages(page, app_url):
    seeded(page, app_url, ledger=[LOCKED_TEAM], hash_="#debrief")
    answer = "#f-interviews-0-rounds-1-questions-0-answer"
    flags = page.locator("[data-conflicts-for='interviews.0.rounds.1.questions.0.answer']")
    # a round-two answer contradicting the locked fact, flagged as typed
    page.fill(answer, "In the end I had nine engineers reporting to me.")
    expect(flags.locator(".chip.conflict")).to_contain_text(
        "Team size: you said five engineers (5) earlier and nine engineers (9) now.")
    # the same fact said differently: no conflict
    page.fill(answer, "In the end I managed 5 engineers.")
    expect(flags.locator(".ledger-ok")).to_have_text("Consistent with your round-one facts.")
    expect(flags.locator(".chip.conflict")).to_have_count(0)
    # round one is never flagged against itself
    expect(page.locator("[data-conflicts-for='interviews.0.rounds.0.questions.1.answer']")).to_have_count(0)

    page.click("nav a[href='#ledger']")
    area = page.locator("#f-interviews-0-ledger-draft")
    later = "Back then I led a team of 8 engineers, and the budget was $2M."
    area.fill(later)
    card = page.locator("#ledger [data-out=check-results] .conflict-card")
    expect(card).to_have_count(1)
    expect(card.locator(".conflict-message")).to_contain_text("Team size: you said five engineers (5) earlier and 8 engineers (8) now.")
    expect(card.locator(".badge")).to_have_text("Locked fact")
    earlier, now = card.locator("figure.passage").all()
    expect(earlier.locator("figcaption")).to_contain_text("Earlier · Round one Q1")
    expect(earlier.locator("blockquote")).to_have_text(Q1)
    expect(earlier.locator("mark")).to_have_text("five engineers")
    expect(now.locator("blockquote")).to_have_text(later)
    expect(now.locator("mark")).to_have_text("8 engineers")
    expect(page.locator("#ledger [data-out=check-status]")).to_contain_text("1 contradiction")
    # the same facts said differently: nothing flagged
    area.fill("I led five engineers; the budget was two million dollars.")
    expect(page.locator("#ledger [data-out=check-status]")).to_contain_text("No contradictions")
    expect(card).to_have_count(0)
    # the text typed in the check area is kept
    page.wait_for_timeout(400)
    assert saved_doc(page)["interviews"][0]["ledger"]["draft"] == "I led five engineers; the budget was two million dollars."


def _chunks(strings, room=170):
    """(before, after) groups of strings short enough that the whole text shows in the passage around a
    contradiction placed between them (the page shows 180 UTF-16 units each side of the marked words)."""
    out, current, side, size = [], ([], []), 0, 0
    for s in strings:
        units = len(s.encode("utf-16-le")) // 2 + 1
        if size + units > room and (current[0] or current[1]):
            if side == 0:
                side, size = 1, 0
            else:
                out.append(current)
                current, side, size = ([], []), 0, 0
        current[side].append(s)
        size += units
    if current[0] or current[1]:
        out.append(current)
    return out


# In the page: type each text into the check area and wait for its result (the debounce, then Python).
CHECK_EACH = """async (texts) => {
    const area = document.querySelector('#f-interviews-0-ledger-draft');
    const box = document.querySelector('#ledger [data-out=check]');
    const out = [];
    for (const text of texts) {
        const before = Number(box.dataset.checks || 0);
        area.value = text;
        area.dispatchEvent(new Event('input', {bubbles: true}));
        const typed = area.value;
        const t0 = performance.now();
        let timeout = false;
        while (!(Number(box.dataset.checks || 0) > before && box.dataset.checkedLength === String(typed.length))) {
            if (performance.now() - t0 > 30000) { timeout = true; break; }
            await new Promise((r) => setTimeout(r, 20));
        }
        const card = box.querySelector('[data-out=check-results] .conflict-card');
        out.push({typed, timeout, status: box.querySelector('[data-out=check-status]').textContent,
                  message: card ? card.querySelector('.conflict-message').textContent : '',
                  shown: card ? card.querySelectorAll('figure.passage blockquote')[1].textContent : ''});
    }
    return out;
}"""

# In the page: fill "Add a fact by hand" and submit, for each [about, value, words]; what the page answered.
ADD_EACH = """async (rows) => {
    const form = document.querySelector('#ledger form.ledger-add');
    const done = form.querySelector('[data-done]');
    const error = form.querySelector('[data-error]');
    const out = [];
    for (const [about, value, words] of rows) {
        form.querySelector('#ledger-add-about').value = about;
        form.querySelector('#ledger-add-value').value = value;
        form.querySelector('#ledger-add-text').value = words;
        done.textContent = ''; error.textContent = '';
        form.querySelector('button[type=submit]').click();
        const t0 = performance.now();
        while (!done.textContent && !error.textContent && performance.now() - t0 < 30000) {
            await new Promise((r) => setTimeout(r, 10));
        }
        out.push({added: done.textContent, error: error.textContent});
    }
    return out;
}"""


def test_hostile_strings_in_the_check_area_and_an_added_fact_run_nothing(page, app_url, blns):
    page.add_init_script(HOOKS)
    seeded(page, app_url, ledger=[LOCKED_TEAM])

    # every string, beside a contradiction so that it is shown in the "now" passage
    texts = [" ".join(before + ["My team was 8 people."] + after) for before, after in _chunks(blns)]
    for result in page.evaluate(CHECK_EACH, texts):
        typed = result["typed"]
        assert not result["timeout"], typed
        assert "contradiction" in result["status"], result        # some strings hold numbers of their own
        # locked facts come first
        assert "Team size: you said five engineers (5) earlier and 8 people (8) now." in result["message"], result
        shown = result["shown"]                                  # shown as typed: text, never markup
        if shown.startswith("… ") or shown.endswith(" …"):       # a long string: the passage is cut
            assert shown.removeprefix("… ").removesuffix(" …") in typed and len(shown) > 200, result
        else:
            assert shown == typed, result
    expect(page.locator("#ledger [data-out=check-results] .conflict-card").first).to_be_visible()

    # every string into every field of "Add a fact by hand" (rotated, so each meets each field once)
    n = len(blns)
    page.select_option("#ledger-add-kind", "count")
    rows = [[blns[k], blns[(k + 1) % n], blns[(k + 2) % n]] for k in range(n)]
    answers = page.evaluate(ADD_EACH, rows)
    assert all(a["added"] or a["error"] for a in answers), "every attempt is added or told what to fix"
    added_first = sum(bool(a["added"]) for a in answers)
    assert added_first > 10                                  # the strings that are numbers
    # and with a value that reads: every one added and listed as typed
    rows = [[s if s.strip() and len(s) < 200 else "x", "5", s] for s in blns]   # longer is refused, said above
    answers = page.evaluate(ADD_EACH, rows)
    assert all(a["added"].startswith("Added and locked") for a in answers), [a for a in answers if a["error"]][:3]
    added = []
    for _ in range(100):                 # the debounced save lands once the page is idle again
        added = [f for f in saved_doc(page)["interviews"][0]["ledger"]["facts"] if f.get("status") == "added"]
        if len(added) >= n + added_first:
            break
        page.wait_for_timeout(100)
    assert len(added) == n + added_first
    expect(page.locator("#ledger .ledger-group[data-group=''] li.ledger-fact")).to_have_count(len(added))
    shown = page.locator("#ledger .ledger-group[data-group=''] li.ledger-fact .fact-context q").all_text_contents()
    assert shown == [f["text"] for f in added]

    assert page.evaluate("window.__ran") == []
    assert page.evaluate("window.__csp") == []
    assert page.evaluate("document.documentElement.dataset.python") == "ready"


def test_a_megabyte_in_the_check_area_answers_without_freezing(page, app_url):
    seeded(page, app_url, ledger=[LOCKED_TEAM])
    block = "My team had 8 engineers and we shipped 3 releases in 2022. " * 40 + "\n\n"
    huge = (block * (1_000_000 // len(block) + 1))[:1_000_000]
    page.locator("#f-interviews-0-ledger-draft").fill(huge)
    # the page stays responsive while Python works: typing elsewhere still saves
    page.click("nav a[href='#debrief']")
    page.fill("#f-interviews-0-company", "Still typing")
    page.click("nav a[href='#ledger']")
    status = page.locator("#ledger [data-out=check-status]")
    expect(status).to_contain_text("contradiction", timeout=60_000)
    expect(page.locator("#ledger [data-out=check-results] .conflict-card mark").nth(1)).to_have_text("8 engineers")
    expect(page.locator("#ledger [data-out=draft-note]")).to_contain_text("not kept in the browser")
    page.wait_for_timeout(400)
    doc = saved_doc(page)["interviews"][0]
    assert doc["company"] == "Still typing" and doc["ledger"]["draft"] == ""


# ---- flags that explain themselves: frame and rule, "These are different things", "Correct my fact" ----
# Examples written for these tests.
CREW_R1 = "At Lumen in 2022 I ran a crew of six designers. We cut the backlog in 4 months."
CREW_LATER = "In 2022 at Lumen my crew was eleven designers."
LOCKED_CREW = {"id": "lf-crew", "kind": "count", "about": "team", "label": "Team size", "value": 6, "mode": "level",
               "text": "six designers", "source": "Round one Q1", "question_id": "q1", "round_id": "r1",
               "origin": {"kind": "count", "about": "team", "text": "six designers"}, "locked": True,
               "status": "confirmed"}
ROUND_TWO = "#f-interviews-0-rounds-1-questions-0-answer"
ROUND_ONE = "#f-interviews-0-rounds-0-questions-0-answer"
FLAGS = "[data-conflicts-for='interviews.0.rounds.1.questions.0.answer']"


def saved_when(page, test, tries=100):
    """The saved interview once `test(interview)` holds (the save is debounced)."""
    interview = None
    for _ in range(tries):
        interview = saved_doc(page)["interviews"][0]
        if test(interview):
            return interview
        page.wait_for_timeout(50)
    raise AssertionError(f"never saved as expected: {interview and interview['ledger']}")


def test_a_flag_explains_itself_is_kept_as_different_things_and_the_fact_corrected(page, app_url):
    page.add_init_script(HOOKS)
    seeded(page, app_url, round_one=(CREW_R1,), ledger=[LOCKED_CREW], hash_="#debrief")
    flags = page.locator(FLAGS)
    page.fill(ROUND_TWO, CREW_LATER)

    # the flag: the message, the frame in words and the rule, and two actions
    flag = flags.locator(".ledger-flag")
    expect(flag).to_have_count(1)
    expect(flag.locator(".chip.conflict")).to_contain_text("Team size: you said six designers (6) earlier and eleven designers (11) now.")
    expect(flag.locator(".conflict-why")).to_have_text(
        "Same frame: both about your own figures, at Lumen, in 2022. Rule: exact figures that differ disagree.")
    flags.screenshot(path="/tmp/ledger-flag-debrief.png")       # to look at; not kept in the repo

    # "These are different things": the flag goes, kept aside with a way back, focus where it went
    flag.get_by_role("button", name="These are different things").click()
    expect(flag).to_have_count(0)
    hidden = flags.locator("details.hidden-flags")
    expect(hidden.locator("summary")).to_contain_text("1 hidden flag")
    expect(hidden.locator("summary")).to_be_focused()
    expect(flags.locator(".ledger-ok")).to_have_text("Consistent with your round-one facts.")
    kept = saved_when(page, lambda i: i["ledger"].get("distinct"))["ledger"]["distinct"]
    assert [(p["earlier"], p["later"]) for p in kept] == [("lf-crew", "count|11|eleven designers")]

    # typing on elsewhere in the answer keeps it hidden, and so does a reload
    page.fill(ROUND_TWO, "We shipped 3 apps that year. " + CREW_LATER + " It was busy.")
    expect(flags.locator(".ledger-ok")).to_be_visible()
    expect(hidden.locator("summary")).to_contain_text("1 hidden flag")
    page.wait_for_timeout(400)
    page.reload()
    wait_ready(page)
    expect(hidden.locator("summary")).to_contain_text("1 hidden flag")
    expect(flag).to_have_count(0)

    # undo: "Show again" brings the flag back and forgets the pair
    hidden.locator("summary").click()
    hidden.get_by_role("button", name="Show again").first.click()
    expect(flag).to_have_count(1)
    expect(hidden).to_have_count(0)
    expect(flag.get_by_role("button", name="These are different things")).to_be_focused()
    saved_when(page, lambda i: i["ledger"].get("distinct") == [])

    # "Correct my fact": the earlier fact's correction opens in the ledger, focused on its value
    flag.get_by_role("button", name="Correct my fact").click()
    expect(page).to_have_url(app_url + "#ledger")
    form = page.locator("#ledger li.ledger-fact[data-key='lf-crew'] .correct-form")
    expect(form.locator("input[name=value]")).to_be_focused()
    expect(form.locator("input[name=value]")).to_have_value("6")
    form.locator("input[name=value]").fill("11")
    form.locator("[data-action=save]").click()
    crew = page.locator("#ledger li.ledger-fact[data-key='lf-crew']")
    expect(crew).to_have_attribute("data-status", "corrected")
    expect(crew.locator(".fact-value")).to_have_text("11")

    # back in the debrief the flag is re-evaluated: the corrected fact agrees
    page.click("nav a[href='#debrief']")
    expect(flags.locator(".ledger-ok")).to_have_text("Consistent with your round-one facts.")
    # typing on, in round two and in round one, never takes the correction back
    page.fill(ROUND_TWO, CREW_LATER + " We also hired 2 researchers.")
    page.fill(ROUND_ONE, CREW_R1 + " The crew of six designers grew later.")
    expect(flags.locator(".ledger-ok")).to_have_text("Consistent with your round-one facts.")
    page.fill(ROUND_TWO, CREW_LATER + " We also hired 2 researchers and ran 5 studies.")
    expect(flags.locator(".ledger-ok")).to_be_visible()
    stored = saved_when(page, lambda i: i["rounds"][0]["questions"][0]["answer"].endswith("grew later.")
                        and i["rounds"][1]["questions"][0]["answer"].endswith("5 studies."))["ledger"]["facts"]
    assert [(f["id"], f["status"], f["value"], f["locked"]) for f in stored] == [("lf-crew", "corrected", 11, True)]
    page.click("nav a[href='#ledger']")
    expect(crew).to_have_attribute("data-status", "corrected")
    expect(crew.locator(".fact-value")).to_have_text("11")
    assert page.evaluate("window.__ran") == [] and page.evaluate("window.__csp") == []


def test_ledger_cards_explain_themselves_and_hide_round_one_pairs(page, app_url):
    seeded(page, app_url, round_one=(CREW_R1, "My crew of 9 designers redrew the icon set."), ledger=[LOCKED_CREW],
           draft=CREW_LATER)
    # the check area: frame and rule under the message, and the two actions
    card = page.locator("#ledger [data-out=check-results] .conflict-card")
    expect(card).to_have_count(1)
    expect(card.locator(".conflict-why .conflict-frame")).to_have_text("Same frame: both about your own figures, at Lumen, in 2022.")
    expect(card.locator(".conflict-why .conflict-rule")).to_have_text("Rule: exact figures that differ disagree.")
    card.screenshot(path="/tmp/ledger-flag-card.png")

    # the two round-one answers disagree; "These are different things" settles it, kept across typing
    within = page.locator("#ledger .ledger-within")
    expect(within.locator(".conflict-card")).to_have_count(1)
    expect(within.locator(".conflict-why")).to_contain_text("Rule: exact figures that differ disagree.")
    within.get_by_role("button", name="These are different things").click()
    expect(within.locator(".conflict-card")).to_have_count(0)
    expect(within.locator(".hidden-flags summary")).to_be_focused()
    page.click("nav a[href='#debrief']")
    page.fill("#f-interviews-0-rounds-0-questions-1-answer", "We launched in 2023. My crew of 9 designers redrew the icon set.")
    page.click("nav a[href='#ledger']")
    expect(within.locator(".hidden-flags summary")).to_contain_text("1 hidden flag")
    expect(within.locator(".conflict-card")).to_have_count(0)
    page.wait_for_timeout(400)
    page.reload()
    wait_ready(page)
    # every kept pair is listed, and each can be shown again
    pairs = page.locator("#ledger details.distinct-pairs")
    expect(pairs.locator("summary")).to_have_text("Pairs you said are different things (1)")
    pairs.locator("summary").click()
    pairs.get_by_role("button", name="Show again").click()
    expect(within.locator(".conflict-card")).to_have_count(1)
    expect(pairs).to_have_count(0)

    # "Correct my fact" from a card here opens that fact's correction
    card.get_by_role("button", name="Correct my fact").click()
    form = page.locator("#ledger .correct-form")
    expect(form).to_have_count(1)
    expect(form.locator("input[name=value]")).to_be_focused()
    expect(form.locator("input[name=value]")).to_have_value("6")


COUNT_CHECKS = """() => {
    self.__checks = [];
    self.addEventListener("message", (event) => {
        const { method, params } = event.data || {};
        if (method === "ledger.check") self.__checks.push("facts" in params ? "facts" : "key");
    });
}"""


def test_while_typing_the_ledger_crosses_to_python_once(page, app_url):
    # a ledger of thirty interviews is thousands of facts: sent once, then named by its key at each pause
    seeded(page, app_url, ledger=[LOCKED_TEAM])
    [worker] = page.workers
    worker.evaluate(COUNT_CHECKS)
    area = page.locator("#f-interviews-0-ledger-draft")
    status = page.locator("#ledger [data-out=check-status]")
    card = page.locator("#ledger [data-out=check-results] .conflict-card .conflict-message")
    for words, n in (("six engineers", 6), ("seven engineers", 7), ("five engineers", 5), ("nine engineers", 9)):
        area.fill(f"Back then I led {words}.")
        if n == 5:
            expect(status).to_contain_text("No contradictions")
        else:
            expect(card).to_contain_text(f"and {words} ({n}) now")
    sent = worker.evaluate("() => self.__checks")
    assert sent[0] == "facts" and len(sent) >= 4 and set(sent[1:]) == {"key"}, sent
