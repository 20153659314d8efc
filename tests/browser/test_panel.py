"""Step 4 · the panel in Chromium: panelists, each one's likely concern with its reason, overriding it,
stories and questions from the round-one debrief, the warnings and checklist, and hostile input."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import DIALOG_HOOK, saved, seed, type_into, wait_ready

pytestmark = pytest.mark.browser

ROUND_ONE = {"id": "r1", "name": "Round one", "ended_at": "2025-03-04T15:30", "interviewers": "Dana Lee",
             "questions": [
                 {"id": "q-deadline", "question": "Tell me about a hard deadline.", "answer":
                  "Migrated the payments database and shipped two weeks ahead of the deadline.",
                  "notes": "", "weak": False, "weak_note": "", "pushback": ""},
                 {"id": "q-churn", "question": "A customer problem you solved?", "answer":
                  "Interviewed 20 customers and cut churn by three points.",
                  "notes": "", "weak": False, "weak_note": "", "pushback": ""}]}

DOC = {"version": 2, "current": "i1", "bank": {"custom": [], "hidden": [], "values": []}, "practice": {},
       "interviews": [{"id": "i1", "company": "Acme", "role": "Engineer", "candidate_name": "", "next_round_at": "",
                       "news_expected_by": "", "rounds": [ROUND_ONE], "ledger": {"facts": []},
                       "panel": {"panelists": []}, "salary": {}, "plan": {"done": {}}}]}


def settled(page):
    page.wait_for_selector("#panel:not([data-busy])", state="attached")


def fid(i, name):
    return f"#f-interviews-0-panel-panelists-{i}-{name}"


def test_panelists_concerns_overrides_warnings_and_checklist_survive_reload(page, app_url):
    seed(page, app_url, DOC, "#panel")
    page.click("text=Add a panelist")
    page.fill(fid(0, "name"), "Ana Ruiz")
    page.fill(fid(0, "role"), "CTO")
    concern = page.locator('[data-concern="0"]')
    expect(concern).to_contain_text("Technical rigour")
    expect(concern).to_contain_text("Why: Because the role mentions")

    # The person's choice overrides the guess.
    page.select_option(fid(0, "concern"), "delivery")
    expect(concern).to_contain_text("Delivery")
    expect(concern).to_contain_text("your choice")

    page.click("text=Add a panelist")
    page.fill(fid(1, "name"), "Ben Okafor")
    page.fill(fid(1, "role"), "Head of Customer Success")
    expect(page.locator('[data-concern="1"]')).to_contain_text("Customer impact")
    # Python suggests the churn story for the customer-minded panelist.
    expect(page.locator('[data-story-out="1"]')).to_contain_text("A customer problem you solved?")

    # The same story for everyone is warned about.
    page.select_option(fid(0, "story"), "q-deadline")
    page.select_option(fid(1, "story"), "q-deadline")
    warning = page.locator("[data-code=same_story_everywhere]")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("same story")

    # Checklist progress follows what is filled in: questions chosen for both -> that item is done.
    settled(page)
    question_item = page.locator("[data-item=question]")
    expect(question_item).to_have_attribute("data-done", "false")
    before = page.text_content("[data-progress]")
    page.locator('[data-question-out="0"] button').click()
    page.locator('[data-question-out="1"] button').click()
    expect(question_item).to_have_attribute("data-done", "true")
    settled(page)
    assert page.text_content("[data-progress]") != before

    # Varying the stories clears the warning.
    page.select_option(fid(1, "story"), "q-churn")
    expect(warning).to_have_count(0)
    expect(page.locator("[data-item=varied]")).to_have_attribute("data-done", "true")

    rows = page.locator("table.matrix tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Ana Ruiz")
    expect(rows.nth(0)).to_contain_text("Delivery")

    page.wait_for_timeout(400)  # the debounced save
    people = saved(page)["interviews"][0]["panel"]["panelists"]
    assert [p["concern"] for p in people] == ["delivery", ""]
    assert people[0]["question"] and people[1]["story"] == "q-churn"

    page.reload()
    wait_ready(page)
    assert page.input_value(fid(0, "name")) == "Ana Ruiz"
    assert page.input_value(fid(0, "concern")) == "delivery"
    expect(page.locator("table.matrix tbody tr")).to_have_count(2)
    expect(page.locator("[data-item=question]")).to_have_attribute("data-done", "true")
    # The mock links to the practice view.
    page.click("#panel-mock-link")
    expect(page.locator("#practice")).to_be_visible()


def test_every_naughty_string_in_every_panelist_field(page, app_url, blns):
    page.add_init_script(DIALOG_HOOK)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    seed(page, app_url, DOC, "#panel")
    people = 4
    for _ in range(people):
        page.click("text=Add a panelist")
    page.select_option(fid(0, "story"), "own")
    fields = [fid(i, name) for i in range(people) for name in ("name", "role", "function", "notes", "question")]
    fields.append(fid(0, "story_own"))
    for start in range(0, len(blns), len(fields)):
        strings = blns[start:start + len(fields)]
        type_into(page, [list(pair) for pair in zip(fields, strings)])
        settled(page)
        assert page.locator("#panel .error").count() == 0, strings
    expect(page.locator("table.matrix tbody tr")).to_have_count(people)
    assert dialogs == [] and page.evaluate("window.__executed") == [] and errors == []
    assert page.locator(".notice-error").count() == 0
    assert page.evaluate("document.querySelectorAll('main script, main iframe, main object, main img').length") == 0
    page.wait_for_timeout(400)
    last = blns[len(blns) - 1 - (len(blns) - 1) % len(fields)]  # the first string of the last chunk
    assert saved(page)["interviews"][0]["panel"]["panelists"][0]["name"] == last
