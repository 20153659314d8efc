"""Saving never stops silently: while an older document is upgraded what is typed is kept and put on top
of it, and data that cannot be copied aside pauses saving with the status line saying so and a way on."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PYTHON_READY_TIMEOUT, saved

pytestmark = pytest.mark.browser

V1 = (Path(__file__).resolve().parent.parent / "fixtures" / "docs" / "v1.json").read_text()
COMPANY = "#f-interviews-0-company"
SECOND_COMPANY = "#f-interviews-1-company"
NAME = "#f-interviews-0-candidate_name"


def aside_values(page):
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('roundtwo.aside.')).map(k => localStorage.getItem(k))")


def test_typing_during_a_slow_upgrade_keeps_every_keystroke(context, app_url):
    page = context.new_page()
    page.add_init_script(f"if (!localStorage.getItem('roundtwo.doc')) localStorage.setItem('roundtwo.doc', {json.dumps(V1)});")
    # The upgrade needs Python; holding the worker's script back keeps it waiting for as long as we type.
    held = []
    page.route("**/py-worker.js", lambda route: held.append(route))
    page.goto(app_url)
    expect(page.locator("[data-notice=migrating]")).to_be_visible()
    status = page.locator("#save-status")
    expect(status).to_contain_text("NOT being saved")

    page.locator(NAME).press_sequentially("Kim Lee")            # only typed: added
    page.locator(COMPANY).press_sequentially("Zeta Corp")       # the old data has one too: the person chooses
    page.click("text=Add a question")
    page.locator("#f-interviews-0-rounds-0-questions-0-answer").press_sequentially("I grew the team to nine.")
    page.click("#interview-bar >> text=New interview")        # the interview bar, outside the main area
    page.locator(SECOND_COMPANY).press_sequentially("Second Co")
    assert page.evaluate("document.documentElement.dataset.python") == "loading" and len(held) == 1
    assert saved(page) == json.loads(V1)                        # nothing written over the old data yet

    held[0].continue_()
    dialog = page.locator("dialog.versions")
    expect(dialog).to_be_visible(timeout=PYTHON_READY_TIMEOUT)
    expect(dialog.get_by_label("What you typed")).to_have_accessible_name("What you typed: Zeta Corp")
    expect(dialog.get_by_label("Your saved data")).to_have_accessible_name("Your saved data: Acme Payments")
    dialog.get_by_label("What you typed").check()
    dialog.get_by_role("button", name="Keep this version").click()
    expect(dialog).to_have_count(0)
    expect(status).to_have_text("Saved in this browser")

    doc = saved(page)
    first, second = doc["interviews"]
    assert doc["version"] == 2
    assert (first["company"], first["candidate_name"], first["role"]) == ("Zeta Corp", "Kim Lee", "Engineering Manager")
    answers = [q["answer"] for q in first["rounds"][0]["questions"]]
    assert answers[0].startswith("I ran a squad of five") and answers[-1] == "I grew the team to nine."
    assert second["company"] == "Second Co"
    expect(page.locator(SECOND_COMPANY)).to_have_value("Second Co")  # still the interview the person was on
    page.select_option("#interview-select", first["id"])
    expect(page.locator(COMPANY)).to_have_value("Zeta Corp")
    assert V1 in aside_values(page)


def test_damaged_data_that_cannot_be_kept_aside_pauses_saving_with_a_way_on(page, app_url):
    damaged = "{damaged " + "x" * 200_000
    page.goto(app_url)
    # Fill this origin's storage until no copy of the damaged data fits beside it.
    page.evaluate("""(damaged) => {
        localStorage.clear();
        localStorage.setItem('roundtwo.doc', damaged);
        let n = 0;
        for (const size of [1_000_000, 100_000, 10_000]) {
            try { for (;;) localStorage.setItem('filler.' + n++, 'f'.repeat(size)); } catch { /* full at this size */ }
        }
    }""", damaged)
    page.reload()
    status = page.locator("#save-status")
    expect(status).to_contain_text("NOT being saved")
    expect(status).to_contain_text("could not be copied aside")
    page.fill(COMPANY, "Typed while paused")
    assert page.evaluate("localStorage.getItem('roundtwo.doc')") == damaged
    with page.expect_download() as download:
        status.get_by_role("button", name="Download it").click()
    assert Path(download.value.path()).read_text() == damaged
    status.get_by_role("button", name="Save over it").click()
    expect(status).to_have_text("Saved in this browser")
    assert saved(page)["interviews"][0]["company"] == "Typed while paused"
