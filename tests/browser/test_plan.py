"""The plan in Chromium: deadlines, the seven steps ticking themselves, thank-you notes that name the
debrief, one calendar file; hostile input in every note; and the plan, panel and salary sheets offline."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import DIALOG_HOOK, offline, saved, type_into, wait_ready

pytestmark = pytest.mark.browser

ANSWER = "#f-interviews-0-rounds-0-questions-0-answer"


def doc(answer="", **extra):
    interview = {
        "id": "i1", "company": "Acme", "role": "Senior Software Engineer", "candidate_name": "Sam Rivera",
        "next_round_at": "@in5days", "news_expected_by": "@in10days_date",
        "rounds": [{"id": "r1", "name": "Round one", "ended_at": "@2hoursago", "interviewers": "Dana Lee (CTO), Ben Okafor",
                    "questions": [{"id": "q1", "question": "Tell me about a hard deadline.", "answer": answer,
                                   "notes": "", "weak": False, "weak_note": "", "pushback": "rollback plan"}]}],
        "ledger": {"facts": []}, "panel": {"panelists": []}, "salary": {}, "plan": {"done": {}},
    }
    interview.update(extra)
    return {"version": 2, "current": "i1", "bank": {"custom": [], "hidden": [], "values": []}, "practice": {},
            "interviews": [interview]}


def seed(page, app_url, document, hash_):
    """Store the document with its @-dates made relative to now, in the browser's own time zone."""
    page.goto(app_url)
    page.evaluate("""(raw) => {
        const pad = (n) => String(n).padStart(2, '0');
        const local = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
        const hour = 3600e3, now = Date.now();
        const dates = { '@2hoursago': local(new Date(now - 2 * hour)), '@in5days': local(new Date(now + 120 * hour)),
                        '@in10days_date': local(new Date(now + 240 * hour)).slice(0, 10) };
        localStorage.setItem('roundtwo.doc', raw.replace(/@\\w+/g, (m) => dates[m] ?? m));
    }""", json.dumps(document))
    page.goto(app_url + hash_)
    page.reload()
    wait_ready(page)


def settled(page):
    page.wait_for_selector("#plan:not([data-busy])", state="attached")


def step(page, flag):
    return page.locator(f"#plan [data-step={flag}]")


def test_deadlines_self_ticking_steps_thank_you_note_and_calendar(page, app_url, tmp_path):
    seed(page, app_url, doc(), "#plan")
    expect(step(page, "debriefed")).to_have_attribute("data-done", "false")
    deadlines = page.locator("table.deadlines")
    expect(deadlines).to_contain_text("Debrief Round one")
    expect(deadlines).to_contain_text("Send thank-you notes for Round one")
    expect(deadlines).to_contain_text("Second interview at Acme")
    expect(deadlines).to_contain_text("Follow up if there is no news from Acme")
    expect(page.locator('[data-due="r1"]')).to_contain_text("send by")

    # The thank-you note names something from the round-one debrief.
    body = page.locator("#plan-thank_you-r1-body")
    page.wait_for_selector("[data-note=thank_you] [data-topic]")
    assert "Tell me about a hard deadline" in body.input_value()
    assert body.input_value().startswith("Dear Dana Lee,")
    mail = page.locator("[data-note=thank_you] [data-mail]")
    assert mail.get_attribute("href").startswith("mailto:?subject=")
    # Choosing the pushback topic redrafts around it.
    page.select_option("#f-interviews-0-plan-thank_you-r1-topic", "rollback plan")
    expect(body).to_have_value(re.compile("rollback plan"))

    # Debriefing ticks step one by itself.
    page.goto(app_url + "#debrief")
    page.fill(ANSWER, "I migrated the payments database and shipped two weeks early.")
    page.goto(app_url + "#plan")
    expect(step(page, "debriefed")).to_have_attribute("data-done", "true")
    expect(step(page, "debriefed")).to_contain_text("1 answered question")
    # ...and so does marking the note sent.
    expect(step(page, "thank_you_sent")).to_have_attribute("data-done", "false")
    page.check("#f-interviews-0-plan-thank_you-r1-sent")
    expect(step(page, "thank_you_sent")).to_have_attribute("data-done", "true")
    expect(page.locator("[data-progress]")).to_contain_text("2 of 7 done")

    # Every date in one calendar file.
    with page.expect_download() as info:
        page.click("#plan-ics")
    path = tmp_path / "plan.ics"
    info.value.save_as(path)
    data = path.read_bytes()
    assert info.value.suggested_filename == "round-two-acme.ics"
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.count(b"BEGIN:VEVENT") == data.count(b"END:VEVENT") >= 5
    assert b"SUMMARY:Second interview at Acme" in data

    # The person's own words are kept, and the mail link follows them.
    body.fill("Dear Dana,\n\nThank you & see you soon.")
    settled(page)
    expect(page.locator("[data-note=thank_you] [data-redraft]")).to_be_visible()
    page.reload()
    wait_ready(page)
    settled(page)
    assert page.input_value("#plan-thank_you-r1-body") == "Dear Dana,\n\nThank you & see you soon."
    href = page.locator("[data-note=thank_you] [data-mail]").get_attribute("href")
    assert "Thank%20you%20%26%20see%20you%20soon." in href
    assert saved(page)["interviews"][0]["plan"]["thank_you"]["r1"]["sent"] is True


def test_every_naughty_string_in_every_note_field(page, app_url, blns):
    page.add_init_script(DIALOG_HOOK)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    seed(page, app_url, doc("I shipped it."), "#plan")
    page.click("[data-bucket=second] >> text=Add my own question")
    # The thank-you note is edited (subject, body); the follow-up stays a draft Python writes for the
    # hostile name and address; the own question is plain text.
    fields = ["#plan-thank_you-r1-subject", "#plan-thank_you-r1-body", "#f-interviews-0-plan-thank_you-r1-to_name",
              "#f-interviews-0-plan-thank_you-r1-to_email", "#f-interviews-0-plan-follow_up-to_name",
              "#f-interviews-0-plan-follow_up-to_email", "#f-interviews-0-plan-questions-0-text"]
    chunk = len(fields) * 3
    for start in range(0, len(blns), chunk):
        strings = blns[start:start + chunk]
        type_into(page, [[fields[i % len(fields)], text] for i, text in enumerate(strings)])
        settled(page)
        for message in page.locator("#plan .error").all_text_contents():
            assert "too long" in message, (strings, message)
    assert dialogs == [] and page.evaluate("window.__executed") == [] and errors == []
    assert page.locator(".notice-error").count() == 0
    assert page.evaluate("document.querySelectorAll('main script, main iframe, main object, main img').length") == 0
    # The follow-up draft greets whatever name was typed last, as text.
    page.wait_for_timeout(400)
    stored = saved(page)["interviews"][0]["plan"]
    assert stored["thank_you"]["r1"]["edited"] is True and stored["questions"][0]["text"] == page.input_value(fields[-1])


def test_plan_panel_and_salary_survive_a_reload_offline(context, page, app_url):
    panel = {"panelists": [
        {"id": "p1", "name": "Dana Lee", "role": "CTO", "function": "", "notes": "asked about scale", "concern": "",
         "story": "q1", "story_own": "", "question": "How do you review designs?"},
        {"id": "p2", "name": "Ben Okafor", "role": "Head of Customer Success", "function": "", "notes": "", "concern": "",
         "story": "", "story_own": "", "question": ""}]}
    salary = {"title": "Sr. software engineer", "code": "15-1252", "floor": "140k", "experience": "eight years in payments"}
    seed(page, app_url, doc("I shipped the migration two weeks early.", panel=panel, salary=salary), "#plan")
    expect(step(page, "salary_prepared")).to_have_attribute("data-done", "true")
    with offline(context, page) as failed:
        expect(step(page, "debriefed")).to_have_attribute("data-done", "true")
        expect(page.locator("table.deadlines")).to_contain_text("Debrief Round one")
        page.wait_for_selector("[data-note=thank_you] [data-topic]")
        page.goto(page.url.split("#")[0] + "#panel")
        expect(page.locator("table.matrix tbody tr")).to_have_count(2)
        expect(page.locator("table.matrix")).to_contain_text("How do you review designs?")
        page.goto(page.url.split("#")[0] + "#salary")
        expect(page.locator("tr[data-market=us] td")).to_have_count(5)
        expect(page.locator("[data-line=anchor]")).to_contain_text("eight years in payments")
    assert failed == []
