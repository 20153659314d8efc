"""Step 4 · the salary sheet in Chromium: a typed title to occupations, the percentiles (top codes and
UK suppressed values shown honestly), the walk-away number and the lines, a round-one number outside
the new range, and hostile input."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import call, DIALOG_HOOK, offline, open_app, saved, seed, type_into, wait_ready

pytestmark = pytest.mark.browser

DOC = {"version": 2, "current": "i1", "bank": {"custom": [], "hidden": [], "values": []}, "practice": {},
       "interviews": [{"id": "i1", "company": "Acme", "role": "Engineer", "candidate_name": "", "next_round_at": "",
                       "news_expected_by": "", "ledger": {"facts": []}, "panel": {"panelists": []}, "salary": {},
                       "plan": {"done": {}},
                       "rounds": [{"id": "r1", "name": "Round one", "ended_at": "2025-03-04T15:30", "interviewers": "",
                                   "questions": [{"id": "q1", "question": "What are your salary expectations?",
                                                  "answer": "I said I was looking for around 95k.", "notes": "",
                                                  "weak": False, "weak_note": "", "pushback": ""}]}]}]}

TITLE = "#f-interviews-0-salary-title"
FLOOR = "#f-interviews-0-salary-floor"
EXPERIENCE = "#f-interviews-0-salary-experience"
NOTES = "#f-interviews-0-salary-notes"
LOCATION = "#f-interviews-0-salary-location"
EMPLOYER = "#f-interviews-0-salary-employer"
OFFER_BASE = "#f-interviews-0-salary-offer-base"


def settled(page):
    page.wait_for_selector("#salary:not([data-busy])", state="attached")


def test_lookup_percentiles_lines_and_a_round_one_number_outside_the_range(page, app_url):
    seed(page, app_url, DOC, "#salary")
    page.fill(TITLE, "Sr. software engineer")
    matches = page.locator("#salary .match input[type=radio]")
    expect(matches.first).to_be_visible()
    top3 = [matches.nth(i).get_attribute("value") for i in range(3)]
    assert "15-1252" in top3
    expect(page.locator("#salary .matches")).to_contain_text("Software Developers")
    expect(page.locator("#salary .matches")).to_contain_text("matched “Software Engineer”")
    page.check("#salary-match-15-1252")

    # Percentiles as Python found them, in dollars; the UK row shows what ONS did not publish.
    us = page.locator("tr[data-market=us] td")
    expect(us).to_have_count(5)
    match = next(m for m in call(page, "salary.lookup", {"title": "Sr. software engineer"})["result"]["matches"]
                 if m["code"] == "15-1252")
    assert us.nth(2).text_content() == f"${match['percentiles']['p50']:,}"
    uk = page.locator("tr[data-market=uk] td")
    expect(uk).to_have_count(5)
    assert match["uk"]["p90"] is None and uk.nth(4).text_content() == "not published"
    assert uk.nth(2).text_content() == f"£{match['uk']['median']:,}"
    expect(page.locator("[data-out=sources]")).to_contain_text("Bureau of Labor Statistics")
    expect(page.locator("[data-out=sources]")).to_contain_text("O*NET")

    # The person's numbers and words become the lines.
    page.fill(FLOOR, "140k")
    page.fill(EXPERIENCE, "eight years building payment systems")
    expect(page.locator("[data-line=anchor]")).to_contain_text(
        "Based on my research and my eight years building payment systems, I am targeting")
    expect(page.locator("[data-floor]")).to_contain_text("$140,000")
    expect(page.locator("[data-target]")).to_contain_text("–")
    expect(page.locator("[data-line=not-ready]")).not_to_be_empty()
    # "around 95k" in round one is below the walk-away number and the new range: warned.
    expect(page.locator("[data-code=said_below_floor]")).to_contain_text("$95,000")
    expect(page.locator("[data-said]")).to_contain_text("Round one, question 1")
    expect(page.locator("[data-turn=open] summary")).to_contain_text("What are your salary expectations?")
    page.locator("[data-turn=open] summary").click()
    expect(page.locator("[data-turn=open]")).to_contain_text("I am targeting")

    # The UK market plans in pounds.
    page.check("#salary-market-uk")
    expect(page.locator("[data-target]")).to_contain_text("£")
    page.check("#salary-market-us")
    expect(page.locator("[data-target]")).to_contain_text("$")

    settled(page)
    page.wait_for_timeout(400)
    sal = saved(page)["interviews"][0]["salary"]
    assert sal["title"] == "Sr. software engineer" and sal["code"] == "15-1252" and sal["floor"] == "140k"
    assert sal["market"] == "us" and sal["target"]["low"] < sal["target"]["high"]

    page.reload()
    wait_ready(page)
    assert page.input_value(FLOOR) == "140k"
    expect(page.locator("#salary-match-15-1252")).to_be_checked()
    expect(page.locator("[data-line=anchor]")).to_contain_text("eight years building payment systems")

    # BLS's top code is shown as a lower bound, never as a ceiling (May 2025 keeps it in states and metros).
    page.fill(TITLE, "Oral and maxillofacial surgeon")
    page.check("#salary-match-29-1022")
    page.fill(LOCATION, "Alabama")
    expect(page.locator("tr[data-market=area] td").nth(4)).to_have_text("at least $239,200")
    expect(page.locator("[data-code=top_coded]")).to_be_visible()


def test_every_naughty_string_in_every_salary_field(page, app_url, blns):
    page.add_init_script(DIALOG_HOOK)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_app(page, app_url, "#salary")
    page.fill(TITLE, "Registered nurse")
    page.check("#salary-match-29-1141")
    fields = [FLOOR, EXPERIENCE, NOTES]
    # Every string goes into the title and one other field, twelve at a time; then the page settles with
    # Python's answer to the last of them on screen (salary.lookup meets every string in the unit tests).
    for start in range(0, len(blns), 12):
        pairs = []
        for n, text in enumerate(blns[start:start + 12], start):
            pairs += [[TITLE, text], [fields[n % 3], text]]
        type_into(page, pairs)
        settled(page)
        # A title Python cannot take gets a sentence saying why (too long), never an internal fault.
        for message in page.locator("#salary .error").all_text_contents():
            assert "too long" in message or "amount" in message, (pairs[-2][1], message)
    assert dialogs == [] and page.evaluate("window.__executed") == [] and errors == []
    assert page.locator(".notice-error").count() == 0
    assert page.evaluate("document.querySelectorAll('main script, main iframe, main object, main img').length") == 0
    page.wait_for_timeout(400)
    assert saved(page)["interviews"][0]["salary"]["title"] == blns[-1]


def test_the_role_from_the_debrief_is_offered_not_filled_in_unasked(page, app_url):
    doc = json.loads(json.dumps(DOC))
    doc["interviews"][0]["role"] = "Senior Software Engineer"
    seed(page, app_url, doc, "#salary")
    assert page.input_value(TITLE) == ""
    page.click("#salary [data-out=matches] >> text=Use “Senior Software Engineer”")
    assert page.input_value(TITLE) == "Senior Software Engineer"
    matches = page.locator("#salary .match input[type=radio]")
    expect(matches.first).to_be_visible()
    assert "15-1252" in [matches.nth(i).get_attribute("value") for i in range(3)]
    page.wait_for_timeout(400)
    assert saved(page)["interviews"][0]["salary"]["title"] == "Senior Software Engineer"


def test_a_metro_loaded_once_is_picked_again_offline(context, page, app_url):
    requested = []
    context.on("request", lambda r: requested.append(r.url) if "/salary-metros/" in r.url else None)
    seed(page, app_url, DOC, "#salary")
    # The first visit downloaded no metro file: they come when a metro is picked.
    assert requested == []
    page.fill(TITLE, "Software engineer")
    page.check("#salary-match-15-1252")

    # Typed places lead somewhere sensible, offered in the field's list.
    page.fill(LOCATION, "Bay Area")
    expect(page.locator("#salary-places option").first).to_have_attribute("value", "San Francisco-Oakland-Fremont, CA")
    page.fill(LOCATION, "Austin")
    area = page.locator("tr[data-market=area]")
    expect(area.locator("th")).to_contain_text("Austin-Round Rock-San Marcos, TX")
    expect(area.locator("th")).to_contain_text("employed")
    expect(page.locator("tr[data-market=us] th")).to_contain_text("United States")
    reply = call(page, "salary.lookup", {"title": "Software engineer", "location": "Austin"})["result"]
    austin = next(m for m in reply["matches"] if m["code"] == "15-1252")["area"]
    assert austin["used"]["name"] == "Austin-Round Rock-San Marcos, TX"
    assert area.locator("td").nth(2).text_content() == f"${austin['percentiles']['p50']:,}"
    expect(page.locator("[data-basis]")).to_contain_text("in the Austin area")
    expect(page.locator("[data-line=anchor]")).to_contain_text("in the Austin area")
    assert any(u.endswith("/salary-metros/TX.json.gz") for u in requested)

    # An offer against the range, with a counter line.
    page.fill(OFFER_BASE, "100k")
    expect(page.locator("[data-offer-position]")).to_have_attribute("data-offer-position", "below_range")
    expect(page.locator("[data-line=counter]")).to_contain_text("in the Austin area")

    with offline(context, page) as failed:
        page.goto(page.url.split("#")[0] + "#salary")
        # Austin again, and another Texas metro (the same file), from the service worker's cache.
        expect(page.locator("tr[data-market=area] th")).to_contain_text("Austin-Round Rock-San Marcos, TX")
        page.fill(LOCATION, "Dallas")
        expect(page.locator("tr[data-market=area] th")).to_contain_text("Dallas-Fort Worth-Arlington, TX")
        # A state whose metros were never loaded says so in a sentence; its state figures still work.
        page.fill(LOCATION, "Boston")
        expect(page.locator("[data-out=place] .error")).to_contain_text("metro figures for MA")
        page.fill(LOCATION, "Massachusetts")
        expect(page.locator("tr[data-market=area] th")).to_contain_text("Massachusetts")
    assert [u for u in failed if "/salary-metros/" not in u] == []
    assert all(u.endswith("/salary-metros/MA.json.gz") for u in failed)
