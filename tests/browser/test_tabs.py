"""Two tabs of one browser: an edit in one shows in the other, edits to different things are both kept in
either order, the same field changed in both is the person's choice, and saving never stops silently."""

import json
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import saved

pytestmark = pytest.mark.browser

COMPANY = "#f-interviews-0-company"
ROLE = "#f-interviews-0-role"
ANSWER = "#f-interviews-0-rounds-0-questions-0-answer"

SEEDED = {"version": 2, "current": "i-1", "interviews": [{
    "id": "i-1", "company": "Acme", "role": "Engineer",
    "rounds": [{"id": "r-1", "name": "Round one", "questions": [
        {"id": "q-1", "question": "Tell me about a team you led.", "answer": "I led five engineers."}]}]}]}


def open_tabs(context, app_url, n=2, hold_saves=False):
    """Open n pages of one context on the seeded document. With hold_saves, each page's clock can be
    paused (page.clock.pause_at), so an edit there stays unsaved, as in the quarter second after a keystroke."""
    pages = [context.new_page() for _ in range(n)]
    pages[0].goto(app_url)
    pages[0].evaluate("(raw) => localStorage.setItem('roundtwo.doc', raw)", json.dumps(SEEDED))
    for page in pages:
        if hold_saves:
            page.clock.install()
        page.goto(app_url)
        expect(page.locator(COMPANY)).to_have_value("Acme")
    return pages


def hold_saves(page):
    """Stop the page's time: its debounced save waits until page.clock.resume()."""
    page.clock.pause_at(datetime.now() + timedelta(minutes=1))


def stored_company(page):
    return json.loads(page.evaluate("localStorage.getItem('roundtwo.doc')"))["interviews"][0]["company"]


def kept_aside(page):
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('roundtwo.aside.')).map(k => localStorage.getItem(k))")


@pytest.mark.parametrize("order", ["A then B", "B then A"])
def test_an_edit_in_one_tab_shows_in_the_other_and_both_are_kept(context, app_url, order):
    a, b = open_tabs(context, app_url)
    first, second = (a, b) if order == "A then B" else (b, a)
    second.click(ANSWER)
    second.keyboard.press("Control+End")              # the second tab's person is about to type there
    first.fill(COMPANY, "Edited in the first tab")
    expect(second.locator(COMPANY)).to_have_value("Edited in the first tab")
    second.keyboard.type(" Then I hired two more.")   # the view was redrawn: the field and caret are kept
    answer = "I led five engineers. Then I hired two more."
    expect(first.locator(ANSWER)).to_have_value(answer)
    expect(first.locator(COMPANY)).to_have_value("Edited in the first tab")
    for page in (a, b):
        interview = saved(page)["interviews"][0]
        assert interview["company"] == "Edited in the first tab"
        assert interview["rounds"][0]["questions"][0]["answer"] == answer
        assert interview["role"] == "Engineer"
        expect(page.locator("#save-status")).to_have_text("Saved in this browser")


@pytest.mark.parametrize("order", ["A then B", "B then A"])
def test_edits_made_in_both_tabs_before_either_saw_the_other_are_both_kept(context, app_url, order):
    a, b = open_tabs(context, app_url, hold_saves=True)
    first, second = (a, b) if order == "A then B" else (b, a)
    hold_saves(second)
    second.fill(ROLE, "Typed in the second tab")      # not saved yet when the first tab's save arrives
    first.fill(COMPANY, "Typed in the first tab")
    saved(first)                                      # leaving the page would write it at once
    expect(second.locator(COMPANY)).to_have_value("Typed in the first tab")
    expect(second.locator(ROLE)).to_have_value("Typed in the second tab")
    second.clock.resume()
    expect(first.locator(ROLE)).to_have_value("Typed in the second tab")
    expect(first.locator(COMPANY)).to_have_value("Typed in the first tab")
    for page in (a, b):
        interview = saved(page)["interviews"][0]
        assert (interview["company"], interview["role"]) == ("Typed in the first tab", "Typed in the second tab")
    assert a.locator("dialog.versions").count() == b.locator("dialog.versions").count() == 0


@pytest.mark.parametrize("pick", ["This tab", "The other tab"])
def test_the_same_field_changed_in_both_tabs_is_the_persons_choice(context, app_url, pick):
    a, b = open_tabs(context, app_url, hold_saves=True)
    hold_saves(b)
    b.fill(COMPANY, "Beta, typed in B")
    a.fill(COMPANY, "Alpha, typed in A")
    saved(a)
    dialog = b.locator("dialog.versions")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("group")).to_have_accessible_name("Interview 1 (Engineer) › Company")
    expect(dialog.get_by_label("This tab")).to_have_accessible_name("This tab: Beta, typed in B")
    expect(dialog.get_by_label("The other tab")).to_have_accessible_name("The other tab: Alpha, typed in A")
    # Until the person chooses, the saved version stays, and this tab's is kept aside: closing loses neither.
    expect(b.locator(COMPANY)).to_have_value("Alpha, typed in A")
    assert any("Beta, typed in B" in raw for raw in kept_aside(b))
    expect(a.locator(COMPANY)).to_have_value("Alpha, typed in A")
    assert a.locator("dialog.versions").count() == 0

    dialog.get_by_label(pick).check()
    dialog.get_by_role("button", name="Keep this version").click()
    expect(dialog).to_have_count(0)
    chosen = "Beta, typed in B" if pick == "This tab" else "Alpha, typed in A"
    expect(b.locator(COMPANY)).to_have_value(chosen)
    b.clock.resume()
    expect(a.locator(COMPANY)).to_have_value(chosen)
    assert stored_company(a) == chosen and saved(b)["interviews"][0]["company"] == chosen
    assert kept_aside(b) == []


def test_a_save_this_page_cannot_read_stops_saving_and_says_so_with_a_way_on(context, app_url):
    a, b = open_tabs(context, app_url)
    newer = json.dumps({"version": 999, "note": "saved by a newer Round Two"})
    b.evaluate("(raw) => localStorage.setItem('roundtwo.doc', raw)", newer)  # what a newer build's tab would save
    status = a.locator("#save-status")
    expect(status).to_contain_text("NOT being saved")
    expect(status.get_by_role("button", name="Reload")).to_be_visible()
    a.fill(COMPANY, "Typed after it")
    assert saved(a) == json.loads(newer)  # never written over
    status.get_by_role("button", name="Export…").click()
    expect(a.locator("#export-all")).to_be_focused()


def test_two_new_tabs_share_the_first_interview_typed_into_either(context, app_url):
    a, b = context.new_page(), context.new_page()
    for page in (a, b):
        page.goto(app_url)
        expect(page.locator(COMPANY)).to_have_value("")
    b.fill(COMPANY, "Typed in the new tab B")
    expect(a.locator(COMPANY)).to_have_value("Typed in the new tab B")
    a.fill(ROLE, "Typed in the new tab A")
    expect(b.locator(ROLE)).to_have_value("Typed in the new tab A")
    for page in (a, b):  # the blank interview each tab made up on opening was no edit: one interview
        [interview] = saved(page)["interviews"]
        assert (interview["company"], interview["role"]) == ("Typed in the new tab B", "Typed in the new tab A")
