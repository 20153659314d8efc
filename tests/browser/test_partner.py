"""Practise with a friend, both sides in two browser contexts: the candidate makes a link, the friend
opens it, takes notes, sees live probes and a ledger flag, scores and returns a link, the candidate
imports it into practice history; with and without a passphrase, and offline after the first visit."""

import json

import pytest

from tests.browser.helpers import DIALOG_HOOK, offline, saved, seed, wait_ready

FACT = {"id": "lf-1", "kind": "count", "about": "engineers", "value": 5, "text": "a team of five engineers",
        "sentence": "I led a team of five engineers.", "locked": True, "status": "confirmed"}


def candidate_doc():
    return {"version": 2, "current": "i-1", "bank": {"custom": [], "hidden": [], "values": []}, "practice": {},
            "interviews": [{
                "id": "i-1", "company": "Northwind", "role": "Data analyst", "candidate_name": "Ana Ruiz",
                "rounds": [{"id": "r-1", "name": "Round one", "questions": [
                    {"id": "q-1", "question": "Tell me about the migration you led.", "answer": "", "weak": True,
                     "weak_note": "no numbers on the result", "pushback": "who decided the deadline"},
                    {"id": "q-2", "question": "Why do you want to leave your current role?", "answer": ""}]}],
                "ledger": {"facts": [FACT], "distinct": []}, "panel": {"panelists": []}, "salary": {}, "plan": {"done": {}}}]}


# The friend uses Round Two for an interview of their own: the link must leave it as it is.
FRIENDS_OWN = {"version": 2, "current": "i-9", "bank": {"custom": [], "hidden": [], "values": []}, "practice": {},
               "interviews": [{"id": "i-9", "company": "Friend's own company", "role": "", "rounds": [],
                               "ledger": {"facts": [], "distinct": []}}]}


def storage(page):
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]))")


def make_link(page, passphrase=""):
    page.wait_for_selector("#partner-make")
    page.wait_for_selector("[id^=partner-bank-]", state="attached")  # the bank has loaded
    page.select_option("#partner-persona", "skeptic")
    page.fill("#partner-passphrase", passphrase)
    page.click("#partner-make")
    page.wait_for_selector("#partner-link")
    return page.input_value("#partner-link")


def friend_opens(page, link, passphrase=""):
    page.goto(link)
    wait_ready(page)
    if passphrase:
        page.wait_for_selector("#friend-passphrase")
        page.fill("#friend-passphrase", "not it")
        page.click("#friend-unlock")
        page.wait_for_selector("#friend-locked:has-text('does not open')")
        page.fill("#friend-passphrase", passphrase)
        page.click("#friend-unlock")
    page.wait_for_selector("#friend-question")


def interview(page):
    page.fill("#friend-notes", "We moved it in a quarter. I led a team of nine engineers, and we cut costs a lot.")
    page.wait_for_selector("[data-flag]")
    page.wait_for_selector("[data-probes] li")
    page.select_option("#friend-score-structure", "4")
    page.fill("#friend-note-structure", "Clear order, situation first.")
    page.select_option("#friend-score-consistency", "2")
    page.fill("#friend-note-consistency", "The team size moved from five to nine.")


@pytest.mark.parametrize("passphrase", ["", "tiger lily 42"])
def test_candidate_and_friend_play_both_sides(browser, app_url, passphrase):
    candidate_ctx = browser.new_context()
    friend_ctx = browser.new_context()
    try:
        cand = candidate_ctx.new_page()
        cand.add_init_script(DIALOG_HOOK)
        seed(cand, app_url, candidate_doc(), "#partner")
        link = make_link(cand, passphrase)
        assert "#friend/R2" in link
        preview = cand.inner_text("[data-preview]")
        assert "a team of five engineers" in preview and "Tell me about the migration you led." in preview
        assert "Morgan" in preview
        length = int(cand.get_attribute("[data-length]", "data-length"))
        assert length == len(link) < 4000
        assert cand.locator("svg.qr").count() == 1

        friend = friend_ctx.new_page()
        friend.add_init_script(DIALOG_HOOK)
        friend.goto(app_url)
        friend.evaluate("(raw) => localStorage.setItem('roundtwo.doc', raw)", json.dumps(FRIENDS_OWN))
        before = storage(friend)
        friend_opens(friend, link, passphrase)
        assert friend.inner_text("#friend-question") == "Tell me about the migration you led."
        assert "Morgan" in friend.inner_text("[data-persona]")
        assert "a team of five engineers" in friend.inner_text("[data-listen]")
        interview(friend)
        assert "nine" in friend.inner_text("[data-flag]")
        friend.click("#friend-next")
        assert friend.inner_text("#friend-question") == "Why do you want to leave your current role?"
        friend.fill("#friend-name", "Jo")
        assert friend.input_value("#friend-return-passphrase") == passphrase  # the same lock by default
        friend.click("#friend-finish")
        friend.wait_for_selector("#friend-return-link")
        back = friend.input_value("#friend-return-link")
        assert "#partner/R2" in back
        friend.dispatch_event("body", "pagehide")
        assert storage(friend) == before  # nothing of the pack saved, the friend's own document untouched

        cand.goto(back)
        if passphrase:
            cand.wait_for_selector("[data-out=return] .error")
            assert "passphrase" in cand.inner_text("[data-out=return]")
            cand.fill("#partner-return-passphrase", passphrase)
            cand.click("#partner-open-return")
        cand.wait_for_selector("[data-returned]")
        assert "The team size moved from five to nine." in cand.inner_text("[data-returned]")
        assert not (saved(cand)["practice"].get("history"))  # nothing is added before the person says so
        cand.click("#partner-add")
        history = saved(cand)["practice"]["history"]
        assert len(history) == 1 and history[0]["with_partner"] is True
        assert history[0]["interviewer"] == "With a partner: Jo"
        assert history[0]["questions"][0]["scores"]["consistency"]["score"] == 2
        # Opening the same return again adds nothing.
        cand.goto(back)
        if passphrase:
            cand.wait_for_selector("#partner-return-passphrase")
            cand.fill("#partner-return-passphrase", passphrase)
            cand.click("#partner-open-return")
        cand.wait_for_selector("[data-out=return]:has-text('already in your practice history')")
        assert len(saved(cand)["practice"]["history"]) == 1
        cand.goto(app_url + "#practice")
        cand.wait_for_selector(".history-table td:has-text('With a partner: Jo')")
        assert cand.evaluate("window.__executed") == [] and friend.evaluate("window.__executed") == []
    finally:
        candidate_ctx.close()
        friend_ctx.close()


def test_both_sides_work_offline_after_the_first_visit(browser, app_url):
    candidate_ctx = browser.new_context()
    friend_ctx = browser.new_context()
    try:
        cand = candidate_ctx.new_page()
        seed(cand, app_url, candidate_doc(), "#partner")
        with offline(candidate_ctx, cand) as failed_cand:
            link = make_link(cand)
        friend = friend_ctx.new_page()
        friend_opens(friend, link)
        with offline(friend_ctx, friend) as failed_friend:
            friend.wait_for_selector("#friend-question")
            interview(friend)
            friend.click("#friend-finish")
            friend.wait_for_selector("#friend-return-link")
            back = friend.input_value("#friend-return-link")
        assert failed_cand == [] and failed_friend == []
        with offline(candidate_ctx, cand):
            cand.goto(back)
            cand.wait_for_selector("#partner-add")
            cand.click("#partner-add")
            assert saved(cand)["practice"]["history"][0]["with_partner"] is True
    finally:
        candidate_ctx.close()
        friend_ctx.close()


def test_a_cut_or_changed_link_opens_nothing_and_touches_nothing(browser, app_url):
    ctx = browser.new_context()
    try:
        cand = ctx.new_page()
        seed(cand, app_url, candidate_doc(), "#partner")
        link = make_link(cand)
        friend = ctx.new_page()
        friend.goto(app_url)
        before = storage(friend)
        for broken in (link[:len(link) // 2], link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]):
            friend.goto("about:blank")
            friend.goto(broken)
            friend.wait_for_selector("#friend-error")
            assert "incomplete or was changed" in friend.inner_text("#friend-error")
            assert storage(friend) == before
        # A return link cut short, at the candidate's: a message, and history untouched.
        cand.fill("#partner-return", app_url + "#partner/R2AQ")
        cand.click("#partner-open-return")
        cand.wait_for_selector("[data-out=return] .error")
        assert saved(cand)["practice"].get("history") in (None, [])
    finally:
        ctx.close()
