"""Step 3, the escalation map, in Chromium: filters with counts, follow-up ladders, the person's own,
edited and hidden questions kept across a reload, their values turned into questions, round-one
questions in the list, "practise these", and hostile text that never executes."""

import json

import pytest

from tests.browser.helpers import open_app, wait_ready
from tests.browser.test_practice import HOOK_DIALOGS, saved, seed, seeded_doc

pytestmark = pytest.mark.browser


def count_text(page):
    return page.text_content("#esc-count")


def wait_count_change(page, before):
    for _ in range(200):
        now = count_text(page)
        if now != before:
            return now
        page.wait_for_timeout(50)
    raise AssertionError("the list did not change")


WAIT_FOR_ADD = """(before) => new Promise((resolve) => {
    let n = 0;
    const check = () => {
        const state = [document.getElementById('esc-new-text').value,
            document.querySelector('[data-new-error]').textContent, document.getElementById('esc-count').textContent];
        if (state[1] || (state[0] === '' && state[2] !== before)) return resolve(state);
        if (++n > 2000) return resolve(null);
        setTimeout(check, 5);
    };
    check();
})"""


def card(page, qid):
    return page.locator(f'li.qcard[data-qid="{qid}"]')


def test_filters_own_edited_hidden_values_debrief_and_practise_these(page, app_url):
    seed(page, seeded_doc())
    page.add_init_script(HOOK_DIALOGS)
    open_app(page, app_url, "#escalation")
    page.wait_for_selector("li.qcard")
    everything = count_text(page)
    total = int(everything.split(" ")[0])
    assert total >= 250

    # Round-one questions come first, with a guessed category and a ladder.
    first = page.locator("li.qcard").first
    assert "raised an app store rating" in first.text_content() and "From your debrief" in first.text_content()
    first.locator("summary").click()
    assert first.locator("details.ladder li").count() >= 3

    # Filters: category (with counts in the options), then a search word, then clear.
    option = page.locator("#esc-category option[value=technical]").text_content()
    technical = int(option.split("(")[1].rstrip(")"))
    page.select_option("#esc-category", "technical")
    now = wait_count_change(page, everything)
    assert now.startswith(f"{technical} of {total}")
    assert all(t == "Technical" for t in page.locator("li.qcard .chips li:first-child").all_text_contents())
    page.select_option("#esc-role-family", "data")
    now = wait_count_change(page, now)
    assert int(now.split(" ")[0]) < technical
    page.click("text=Clear filters")
    wait_count_change(page, now)
    page.fill("#esc-search", "deadline")
    now = wait_count_change(page, everything)
    assert all("deadline" in c.lower() for c in page.locator("li.qcard").all_text_contents())
    page.click("text=Clear filters")
    assert wait_count_change(page, now) == everything

    # Edit a built-in question: stored as a custom question with the same id.
    builtin = page.locator("li.qcard", has=page.locator("button:text-is('Edit')")).first
    qid = builtin.get_attribute("data-qid")
    builtin.locator("button:text-is('Edit')").click()
    page.fill("#esc-edit-text", "My own wording of this question?")
    page.fill("#esc-edit-follow-ups", "First probe\nSecond probe\nThird probe")
    page.click("li.qcard.editing button:text-is('Save')")
    page.wait_for_selector(f'li.qcard[data-qid="{qid}"] >> text=Edited by you')

    # Add an own question, and hide another (with undo and a "show hidden" toggle).
    page.click("summary:text('Add your own question')")
    page.fill("#esc-new-text", "How would you handle a launch slipping a week?")
    page.select_option("#esc-new-category", "scenario")
    page.click("button:text-is('Add question')")
    page.wait_for_selector("li.qcard >> text=How would you handle a launch slipping a week?")
    own_id = page.locator("li.qcard", has_text="How would you handle a launch slipping a week?").get_attribute("data-qid")
    victim = page.locator("li.qcard").nth(3)
    victim_id = victim.get_attribute("data-qid")
    victim.locator("button:text-is('Hide')").click()
    page.wait_for_selector(f'li.qcard[data-qid="{victim_id}"]', state="detached")
    page.click("[data-notice=bank-hidden] >> text=Undo")
    page.wait_for_selector(f'li.qcard[data-qid="{victim_id}"]')
    card(page, victim_id).locator("button:text-is('Hide')").click()
    page.wait_for_selector(f'li.qcard[data-qid="{victim_id}"]', state="detached")
    page.check("#esc-show-hidden")
    page.wait_for_selector(f'li.qcard.is-hidden[data-qid="{victim_id}"]')
    page.uncheck("#esc-show-hidden")
    page.wait_for_selector(f'li.qcard[data-qid="{victim_id}"]', state="detached")

    # Own values become questions, in the values section and in the list.
    page.fill("#f-bank-values", "Default to action\nBe candid")
    page.wait_for_selector("[data-out=own-values] >> text=Default to action")
    assert "Acme" in page.text_content("[data-out=own-values]")
    page.select_option("#esc-framework", "own")
    page.wait_for_selector("li.qcard >> text=Your value: Be candid")
    page.select_option("#esc-framework", "")

    # Published frameworks list their values and questions.
    amazon = page.locator("details.framework", has_text="Amazon")
    amazon.locator("> summary").click()
    assert amazon.locator("dt").count() >= 14 and amazon.locator(".value-q").count() >= 14

    # Everything persists across a reload.
    page.wait_for_timeout(350)
    page.reload()
    wait_ready(page)
    page.wait_for_selector(f'li.qcard[data-qid="{qid}"] >> text=My own wording of this question?')
    assert card(page, own_id).count() == 1 and card(page, victim_id).count() == 0
    assert page.input_value("#f-bank-values") == "Default to action\nBe candid"
    bank = saved(page)["bank"]
    assert {"id": qid, "text": "My own wording of this question?", "category": bank["custom"][0]["category"],
            "follow_ups": ["First probe", "Second probe", "Third probe"]} in bank["custom"]
    assert bank["hidden"] == [victim_id]
    assert card(page, qid).locator("details.ladder li").all_text_contents() == ["First probe", "Second probe", "Third probe"]

    # Practise these: the selection goes to step 5 and its first question is asked.
    card(page, own_id).locator("input[data-select-id]").check()
    card(page, qid).locator("input[data-select-id]").check()
    assert "2 questions selected" in page.text_content("[data-selection]")
    page.click("button:text-is('Practise these')")
    page.wait_for_selector("#practice-start:focus")
    assert "the 2 you selected" in page.text_content("[data-setup]")
    page.click("#practice-start")
    page.wait_for_selector("#practice-answer")
    assert page.text_content("#practice-prompt") in ("How would you handle a launch slipping a week?",
                                                      "My own wording of this question?")
    assert page.evaluate("window.__dialogs") == []


def test_naughty_strings_as_questions_and_values_never_execute(page, app_url, blns):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(HOOK_DIALOGS)
    open_app(page, app_url, "#escalation")
    page.wait_for_selector("li.qcard")
    page.click("summary:text('Add your own question')")
    added = 0
    for k, s in enumerate(blns):
        page.fill("#esc-new-text", s)
        if k % 3 == 0:
            page.fill("#esc-new-follow-ups", blns[-1 - k])
        before = count_text(page)
        page.click("button:text-is('Add question')", force=True)
        # Either added (the form clears and the list grows) or refused with a message.
        state = page.evaluate(WAIT_FOR_ADD, before)
        assert state, f"no answer for {s!r}"
        if state[1]:
            assert "text" in state[1] or "long" in state[1] or "Type" in state[1], (s, state)
        else:
            added += 1
    assert added > len(blns) // 2
    # Values, a dozen lines at a time (the first 12 distinct values are used).
    for i in range(0, len(blns), 12):
        page.fill("#f-bank-values", "\n".join(blns[i:i + 12]))
        page.wait_for_timeout(400)  # the list follows the values after a pause in typing
    page.wait_for_timeout(400)
    assert page.locator("[data-out=own-values] h4, [data-out=own-values] .error, [data-out=own-values] p").count()
    assert page.evaluate("window.__dialogs") == []
    assert page.evaluate("document.querySelectorAll('#escalation img, #escalation script, #escalation iframe').length") == 0
    assert errors == []
    page.reload()
    wait_ready(page)
    page.wait_for_selector("li.qcard")
    doc = json.loads(page.evaluate("localStorage.getItem('roundtwo.doc')"))
    assert len(doc["bank"]["custom"]) == added
    assert page.evaluate("window.__dialogs") == [] and errors == []
