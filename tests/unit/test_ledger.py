"""The ledger view's Python: round-one suggestions merged with the stored ledger (ledger.suggest), facts
typed or corrected by hand (ledger.make), and what later text is checked against."""

from __future__ import annotations

import copy
import json

import pytest

from roundtwo import api
from roundtwo.ledger import check, make, suggest

Q1 = "I ran a squad of five engineers for 18 months. The budget was $2M."
Q2 = "My team of 7 people shipped it in 2021. I was a senior engineer."


def doc(answers=(Q1, Q2), ledger=(), later=("I had nine engineers.",)):
    questions = [{"id": f"q{n}", "question": f"Question {n}", "answer": a, "notes": "", "weak": False,
                  "weak_note": "", "pushback": ""} for n, a in enumerate(answers, 1)]
    round_two = [{"id": f"l{n}", "question": "Later", "answer": a, "notes": "", "weak": False, "weak_note": "",
                  "pushback": ""} for n, a in enumerate(later, 1)]
    return {"version": 2, "current": "i1", "interviews": [{
        "id": "i1", "company": "Acme", "role": "", "rounds": [
            {"id": "r1", "name": "Round one", "ended_at": "", "interviewers": "", "questions": questions},
            {"id": "r2", "name": "Round two", "ended_at": "", "interviewers": "", "questions": round_two}],
        "ledger": {"facts": list(ledger)}}]}


def facts_of(result, question_id):
    (group,) = [g for g in result["groups"] if g["question_id"] == question_id]
    return group["facts"]


def confirm(result, question_id, text, **changes):
    """What the UI stores when the person confirms (and locks) the suggestion with these words."""
    (entry,) = [e for e in facts_of(result, question_id) if e["text"] == text and e["status"] == "suggested"]
    return {**entry["record"], "id": f"lf-{question_id}-{text}", "locked": True, "status": "confirmed", **changes}


def test_suggestions_come_from_round_one_answers_with_their_source():
    result = suggest(doc())
    labels = [g["label"] for g in result["groups"]]
    assert labels == ["Round one Q1 · Question 1", "Round one Q2 · Question 2"]   # round two is not the ledger
    team = [e for e in facts_of(result, "q1") if e["about"] == "team"][0]
    assert (team["status"], team["locked"], team["value"], team["text"], team["shown"]) == \
        ("suggested", False, 5, "five engineers", "5")
    assert Q1[team["start"]:team["end"]] == "five engineers"
    assert team["record"]["question_id"] == "q1" and team["record"]["origin"]["text"] == "five engineers"


def test_a_confirmed_fact_shows_once_and_locked():
    stored = confirm(suggest(doc()), "q1", "five engineers")
    result = suggest(doc(ledger=[stored]))
    team = [e for e in facts_of(result, "q1") if e["about"] == "team"]
    assert len(team) == 1 and team[0]["status"] == "confirmed" and team[0]["locked"] is True
    assert team[0]["id"] == stored["id"] and team[0]["in_answer"] and not team[0]["stale"]
    assert result["counts"]["locked"] == 1


def test_a_corrected_fact_keeps_its_place_through_how_it_was_first_read():
    first = suggest(doc())
    record = [e for e in facts_of(first, "q1") if e["text"] == "five engineers"][0]["record"]
    fixed = make({"value": "6", "about": "Team size"}, record)["fact"]
    stored = {**fixed, "id": "lf-1", "locked": True, "status": "corrected"}
    team = [e for e in facts_of(suggest(doc(ledger=[stored])), "q1") if e["about"] == "team"]
    assert [(e["status"], e["value"], e["text"]) for e in team] == [("corrected", 6, "five engineers")]


def test_words_no_longer_in_the_answer_are_flagged_not_dropped():
    stored = confirm(suggest(doc()), "q1", "five engineers")
    changed = Q1.replace("five engineers", "a few engineers")
    result = suggest(doc(answers=(changed, Q2), ledger=[stored]))
    (stale,) = [e for e in facts_of(result, "q1") if e["id"] == stored["id"]]
    assert stale["stale"] and not stale["in_answer"] and stale["start"] is None and stale["locked"]
    assert result["counts"]["stale"] == 1 and "no longer in your answer" in result["summary"]
    # reflowed or re-cased words are still the same words
    reflowed = Q1.replace("five engineers", "Five\n  engineers")
    (kept,) = [e for e in facts_of(suggest(doc(answers=(reflowed, Q2), ledger=[stored])), "q1") if e["id"] == stored["id"]]
    assert not kept["stale"] and reflowed[kept["start"]:kept["end"]] == "Five\n  engineers"


def test_dismissed_suggestions_leave_the_list_and_the_check():
    first = suggest(doc())
    entry = [e for e in facts_of(first, "q1") if e["text"] == "18 months"][0]
    dismissed = {**entry["record"], "id": "lf-d", "locked": False, "status": "dismissed"}
    result = suggest(doc(ledger=[dismissed]))
    assert "18 months" not in [e["text"] for e in facts_of(result, "q1")]
    (group,) = [g for g in result["groups"] if g["question_id"] == "q1"]
    assert [e["text"] for e in group["dismissed"]] == ["18 months"]
    assert "18 months" not in [f["text"] for f in result["check"]["facts"]]


def test_added_by_hand_and_orphaned_facts_have_their_own_groups():
    added = {**make({"kind": "count", "about": "direct reports", "value": "4", "text": "four reports"})["fact"],
             "id": "lf-a", "locked": True, "status": "added"}
    stored = confirm(suggest(doc()), "q2", "7 people")
    result = suggest(doc(answers=(Q1,), ledger=[added, stored]))      # question 2 was removed
    by_label = {g["label"]: g for g in result["groups"]}
    assert [e["text"] for e in by_label["Added by hand"]["facts"]] == ["four reports"]
    orphans = by_label["From questions no longer in your round-one debrief"]["facts"]
    assert [(e["id"], e["orphan"], e["stale"]) for e in orphans] == [(stored["id"], True, True)]


def test_a_fact_added_to_a_question_merges_with_the_same_words_there():
    added = {**make({"kind": "money", "about": "budget", "value": "$2M", "text": "$2M", "question_id": "q1"})["fact"],
             "id": "lf-b", "locked": True, "status": "added"}
    budget = [e for e in facts_of(suggest(doc(ledger=[added])), "q1") if e["kind"] == "money"]
    assert [(e["status"], e["in_answer"]) for e in budget] == [("added", True)]


def test_an_empty_ledger_says_so():
    result = suggest(doc(answers=("", "We talked about culture.")))
    assert result["summary"] == "Nothing in the ledger yet." and result["check"]["basis"] == "none"
    assert [g["has_answer"] for g in result["groups"]] == [False, True]


def test_unreadable_stored_facts_are_reported_and_the_rest_still_works():
    result = suggest(doc(ledger=[{"id": "x", "kind": "weight", "value": 3}, {"kind": "count", "value": "lots"}]))
    assert [u["id"] for u in result["unreadable"]] == ["x", None]
    assert "kind" in result["unreadable"][0]["message"]
    assert facts_of(result, "q1")


def test_nothing_locked_checks_the_suggestions_and_says_so():
    result = suggest(doc())
    assert result["check"]["basis"] == "suggested" and "Nothing is locked yet" in result["check"]["note"]
    (conflict,) = check(result["check"]["facts"], "I had nine engineers on my team.")["conflicts"]
    assert conflict["earlier"]["question_id"] in ("q1", "q2") and conflict["earlier"]["locked"] is False
    assert conflict["earlier"]["id"].startswith(conflict["earlier"]["question_id"] + ":")


def test_a_locked_fact_is_the_word_on_its_subject():
    first = suggest(doc())
    stored = confirm(first, "q1", "five engineers")
    result = suggest(doc(ledger=[stored]))
    ids = {f["id"] for f in result["check"]["facts"]}
    assert result["check"]["basis"] == "locked" and "1 locked fact" in result["check"]["note"]
    # q2's unlocked "7 people" is on the same subject as the locked 5: left out; its budget is not.
    assert not any(f["text"] == "7 people" for f in result["check"]["facts"]) and stored["id"] in ids
    assert any(f["kind"] == "money" for f in result["check"]["facts"])
    (conflict,) = check(result["check"]["facts"], "My team was 7 people.")["conflicts"]
    assert conflict["earlier"]["id"] == stored["id"] and conflict["earlier"]["locked"] is True
    assert conflict["earlier"]["status"] == "confirmed"
    assert check(result["check"]["facts"], "I managed 5 engineers.")["conflicts"] == []


def test_a_stale_locked_fact_is_still_checked():
    stored = confirm(suggest(doc()), "q1", "five engineers")
    result = suggest(doc(answers=(Q1.replace("five engineers", "six engineers"), Q2), ledger=[stored]))
    (conflict,) = [c for c in check(result["check"]["facts"], "My team had six engineers.")["conflicts"]
                   if c["about"] == "team"]
    assert conflict["earlier"]["id"] == stored["id"]


def test_round_one_answers_that_disagree_are_reported_with_both_questions():
    (conflict,) = suggest(doc())["conflicts"]
    assert (conflict["earlier"]["question_id"], conflict["later"]["question_id"]) == ("q1", "q2")
    assert conflict["message"].startswith("Round one Q1 · Question 1 and Round one Q2 · Question 2 disagree.")
    assert Q2[conflict["later"]["start"]:conflict["later"]["end"]] == "7 people"


def test_a_correction_settles_a_disagreement():
    first = suggest(doc())
    record = [e for e in facts_of(first, "q1") if e["text"] == "five engineers"][0]["record"]
    fixed = {**make({"value": "7"}, record)["fact"], "id": "lf-1", "locked": True, "status": "corrected"}
    assert suggest(doc(ledger=[fixed]))["conflicts"] == []


def test_the_same_fact_said_differently_is_no_conflict():
    assert suggest(doc(answers=(Q1, "Those 5 engineers and I spent a year and a half on it.")))["conflicts"] == []


# --- ledger.make --------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind, typed, value, extra", [
    ("count", "5", 5, {}),
    ("count", "five", 5, {}),
    ("money", "$2M", 2_000_000, {"currency": "USD"}),
    ("money", "120000", 120_000, {"currency": "USD"}),
    ("percent", "40%", 40, {}),
    ("duration", "6 months", 6, {"unit": "month"}),
    ("duration", "2 weeks", pytest.approx(24 / 52), {"unit": "week"}),
    ("duration", "3", 3, {"unit": "month"}),
    ("year", "2021", 2021, {}),
    ("ordinal", "3rd", 3, {}),
    ("ordinal", "seventh", 7, {}),
])
def test_make_reads_values_as_people_write_them(kind, typed, value, extra):
    fact = make({"kind": kind, "about": "team size" if kind != "year" else "joined", "value": typed})["fact"]
    assert fact["value"] == value and fact["kind"] == kind
    assert {k: fact[k] for k in extra} == extra
    assert fact["text"] == typed                    # the words default to the value as typed


def test_make_names_the_subject_as_extraction_does():
    assert make({"kind": "count", "about": "Team size", "value": 5})["fact"]["about"] == "team"
    assert make({"kind": "count", "about": "tickets", "value": 5})["fact"]["about"] == "ticket"
    typed = make({"kind": "count", "about": "on-call rotations", "value": 5})["fact"]
    assert typed["label"] == "On-call rotations"
    title = make({"kind": "title", "about": "anything", "value": "  Senior   Engineer "})["fact"]
    assert (title["about"], title["value"]) == ("title", "Senior Engineer")
    role = make({"kind": "role", "value": "Led the migration"})["fact"]
    assert (role["value"], role["level"]) == ("led the migration", "lead")


def test_a_correction_keeps_what_was_not_changed_and_drops_a_stale_range():
    (rng,) = [f for f in suggest(doc(answers=("My team was 5-6 people.",)))["groups"][0]["facts"] if f["kind"] == "count"]
    base = {**rng["record"], "id": "lf-r", "status": "confirmed", "locked": True}
    same = make({"value": rng["shown"], "about": rng["label"]}, base)["fact"]
    assert (same["low"], same["high"], same["id"], same["question_id"]) == (5, 6, "lf-r", "q1")
    fixed = make({"value": "7"}, base)["fact"]
    assert fixed["value"] == 7 and "low" not in fixed and "high" not in fixed
    assert fixed["origin"] == base["origin"] and fixed["text"] == "5-6 people"


@pytest.mark.parametrize("fact, words", [
    ({"kind": "weight", "about": "x", "value": 1}, "kind"),
    ({"kind": "count", "about": "team", "value": ""}, "Write the value"),
    ({"kind": "count", "about": "team", "value": "lots"}, "does not read as a number"),
    ({"kind": "money", "about": "budget", "value": "6 months"}, "money"),
    ({"kind": "count", "about": "", "value": "5"}, "about"),
    ({"kind": "count", "about": "x" * 300, "value": "5"}, "short"),
    ({"kind": "title", "value": "   "}, "job title"),
    ({"kind": "count", "about": "team", "value": "5", "text": "y" * 3000}, "too long"),
    ({"kind": "count", "about": "team", "value": True}, "number"),
])
def test_make_says_what_to_fix(fact, words):
    reply = api.dispatch({"method": "ledger.make", "params": {"fact": fact}})
    assert not reply["ok"] and reply["error"]["code"] == "bad_params", reply
    assert words in reply["error"]["message"]


def test_made_facts_are_what_ledger_check_takes():
    fact = {**make({"kind": "count", "about": "team size", "value": "5", "text": "five engineers"})["fact"],
            "locked": True, "id": "lf-1"}
    (conflict,) = check([fact], "My team was seven engineers.")["conflicts"]
    assert conflict["earlier"]["id"] == "lf-1" and conflict["earlier"]["text"] == "five engineers"


# --- through the API ---------------------------------------------------------------------------------
def test_methods_are_registered_and_replies_are_json():
    assert api.METHODS["ledger.suggest"] == "ledger:suggest_params"
    assert api.METHODS["ledger.make"] == "ledger:make_params"
    reply = api.dispatch({"method": "ledger.suggest", "params": {"doc": doc()}})
    assert reply["ok"] and json.loads(json.dumps(reply)) == reply
    assert api.dispatch({"method": "ledger.suggest", "params": {}})["error"]["code"] == "bad_params"
    assert api.dispatch({"method": "ledger.make", "params": {"fact": "5"}})["error"]["code"] == "bad_params"


def test_ledger_check_says_when_a_text_was_cut():
    big = "My team was 7 people. " * 60_000
    result = check([{"kind": "count", "about": "team", "value": 5}], big)
    assert result["truncated"] is True and result["conflicts"]
    assert check([], "My team was 7.")["truncated"] is False


def test_suggest_does_not_change_the_document():
    d = doc(ledger=[confirm(suggest(doc()), "q1", "five engineers")])
    before = copy.deepcopy(d)
    suggest(d)
    assert d == before


def test_every_naughty_string(blns):
    for text in blns:
        d = doc(answers=(text, Q1 + " " + text))
        reply = api.dispatch({"method": "ledger.suggest", "params": {"doc": d}})
        assert reply["ok"], text
        for fact in ({"kind": "count", "about": text, "value": text, "text": text},
                     {"kind": "title", "about": text, "value": text, "text": text},
                     {"kind": "count", "about": text, "value": "5", "text": text}):
            made = api.dispatch({"method": "ledger.make", "params": {"fact": fact}})
            assert made["ok"] or made["error"]["code"] == "bad_params", (text, made)
            if made["ok"]:
                stored = {**made["result"]["fact"], "id": "x", "locked": True, "status": "added"}
                assert api.dispatch({"method": "ledger.suggest", "params": {"doc": doc(ledger=[stored])}})["ok"]
                assert api.dispatch({"method": "ledger.check", "params": {"facts": [stored], "text": text}})["ok"]


def test_a_ledger_checked_again_after_a_fact_changed_sees_the_change():
    # the page sends the whole ledger at every pause in typing; what was checked once is reused, never stale
    fact = {"kind": "count", "about": "team", "value": 5, "text": "team of five", "locked": True,
            "sentence": "I led a team of five."}
    text = "I led a team of eight."
    first = check([dict(fact)], text)["conflicts"]
    again = check([dict(fact)], text)["conflicts"]
    changed = check([dict(fact, value=8, text="team of eight", sentence="I led a team of eight.")], text)["conflicts"]
    assert [c["earlier"]["value"] for c in first] == [5]
    assert [c["earlier"]["value"] for c in again] == [5]
    assert changed == []


def test_a_bad_ledger_fact_is_reported_every_time_it_is_sent():
    bad = {"kind": "count", "about": "team", "value": "five-ish"}
    for _ in range(2):
        with pytest.raises(Exception, match="Ledger fact 1"):
            check([dict(bad)], "I had five.")


def test_a_ledger_sent_once_is_checked_again_by_its_key():
    facts = [{"kind": "count", "about": "team", "value": 5, "text": "team of five", "locked": True,
              "sentence": "I led a team of five."}]
    first = api.dispatch({"method": "ledger.check", "params": {"facts": facts, "text": "A team of eight.",
                                                                  "hold": True}})
    key = first["result"]["facts_key"]
    again = api.dispatch({"method": "ledger.check", "params": {"facts_key": key, "text": "My team was eight."}})
    assert again["ok"] and [c["earlier"]["value"] for c in again["result"]["conflicts"]] == [5]
    same = api.dispatch({"method": "ledger.check", "params": {"facts": copy.deepcopy(facts), "text": "",
                                                                 "hold": True}})
    assert same["result"]["facts_key"] == key          # the key names the content, not the call
    unheld = api.dispatch({"method": "ledger.check", "params": {"facts": facts, "text": ""}})
    assert "facts_key" not in unheld["result"]         # only a caller that asks gets a key


def test_hold_must_be_true_or_false():
    reply = api.dispatch({"method": "ledger.check", "params": {"facts": [], "text": "", "hold": "yes"}})
    assert not reply["ok"] and "'hold'" in reply["error"]["message"]


def test_a_key_not_held_asks_for_the_facts_again():
    reply = api.dispatch({"method": "ledger.check", "params": {"facts_key": "facts-nothing-like-this", "text": "Five."}})
    assert not reply["ok"] and reply["error"]["code"] == "unknown_facts_key"
    assert "send its facts again" in reply["error"]["message"]
