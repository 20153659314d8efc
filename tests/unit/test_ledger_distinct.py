"""Flags that explain themselves and the person's answers to them: each conflict's frame, rule and "pair";
pairs the person said are different things ("distinct"), left out of every later check and undone by
removing them; and a corrected fact that stays corrected however the answers are typed on."""

from __future__ import annotations

import copy

import pytest

from roundtwo import api, model
from roundtwo.debrief import analyze
from roundtwo.ledger import check, fact_key, make, suggest

# Examples written for these tests.
R1 = "At Lumen in 2022 I ran a crew of six designers. We cut the backlog in 4 months."
R1_OTHER = "My crew of 9 designers redrew the icon set."
LATER = "In 2022 at Lumen my crew was eleven designers."

LOCKED = {"id": "lf-crew", "kind": "count", "about": "team", "label": "Team size", "value": 6, "mode": "level",
          "text": "six designers", "source": "Round one Q1", "question_id": "q1", "round_id": "r1",
          "origin": {"kind": "count", "about": "team", "text": "six designers"}, "locked": True, "status": "confirmed"}


def doc(answers=(R1,), ledger=(), distinct=None, later=("",)):
    questions = [{"id": f"q{n}", "question": f"Question {n}", "answer": a, "notes": "", "weak": False,
                  "weak_note": "", "pushback": ""} for n, a in enumerate(answers, 1)]
    round_two = [{"id": f"t{n}", "question": "Later", "answer": a, "notes": "", "weak": False, "weak_note": "",
                  "pushback": ""} for n, a in enumerate(later, 1)]
    ledger_doc = {"facts": list(ledger)}
    if distinct is not None:
        ledger_doc["distinct"] = list(distinct)
    return {"version": 2, "current": "i1", "interviews": [{
        "id": "i1", "company": "Lumen", "role": "", "rounds": [
            {"id": "r1", "name": "Round one", "ended_at": "", "interviewers": "", "questions": questions},
            {"id": "r2", "name": "Round two", "ended_at": "", "interviewers": "", "questions": round_two}],
        "ledger": ledger_doc}]}


def the_check(d):
    return suggest(d)["check"]["facts"]


def team_conflicts(result):
    return [c for c in result if c["about"] == "team"]


# --- what a flag says about itself --------------------------------------------------------------

def test_a_conflict_names_its_frame_its_rule_and_its_pair():
    (c,) = team_conflicts(check([LOCKED], LATER)["conflicts"])
    assert c["frame"].startswith("both about") and "2022" in c["frame"]
    assert c["rule"] == "exact figures that differ disagree"
    assert c["pair"] == {"earlier": "lf-crew", "later": "count|11|eleven designers"}


def test_a_suggestion_is_paired_by_its_words_not_its_position():
    (c,) = team_conflicts(check(the_check(doc()), LATER)["conflicts"])
    assert c["earlier"]["status"] == "suggested"
    assert c["pair"]["earlier"] == "count|6|six designers"        # its id ("q1:f0") moves as the answer grows


def test_the_later_key_survives_typing_elsewhere_in_the_answer():
    (first,) = team_conflicts(check([LOCKED], LATER)["conflicts"])
    longer = "Some context first, with 3 launches and a 20% lift. " + LATER.replace("eleven", "Eleven") + " More."
    (again,) = team_conflicts(check([LOCKED], longer)["conflicts"])
    assert again["pair"] == first["pair"] and again["later"]["start"] != first["later"]["start"]


def test_fact_key_reads_kind_value_and_words():
    assert fact_key({"kind": "money", "value": 2_000_000.0, "text": "$2M"}) == "money|2000000|2m"
    assert fact_key({"kind": "count", "low": 5, "high": 6, "value": 6, "text": "5-6  People"}) == "count|5-6|5 6 people"
    assert fact_key({"kind": "title", "value": "Senior  Designer", "text": "a senior designer"}) == \
        "title|senior designer|a senior designer"


# --- "these are different things" ----------------------------------------------------------------

def test_a_distinct_pair_is_hidden_and_kept_aside():
    (c,) = team_conflicts(check([LOCKED], LATER)["conflicts"])
    result = check([LOCKED], LATER, distinct=[c["pair"]])
    assert team_conflicts(result["conflicts"]) == []
    assert [h["pair"] for h in result["hidden"]] == [c["pair"]]
    # undo: without the pair it is flagged again
    assert team_conflicts(check([LOCKED], LATER, distinct=[])["conflicts"])


def test_a_distinct_pair_only_hides_that_pair():
    (c,) = team_conflicts(check([LOCKED], LATER)["conflicts"])
    other = check([LOCKED], "My crew was twelve designers.", distinct=[c["pair"]])
    assert team_conflicts(other["conflicts"]) and other["hidden"] == []


def test_a_distinct_pair_is_met_either_way_round():
    (c,) = team_conflicts(check([LOCKED], LATER)["conflicts"])
    flipped = {"earlier": c["pair"]["later"], "later": c["pair"]["earlier"]}
    assert team_conflicts(check([LOCKED], LATER, distinct=[flipped])["conflicts"]) == []


def test_a_pair_kept_on_a_suggestion_still_holds_once_it_is_confirmed():
    d = doc()
    (c,) = team_conflicts(check(the_check(d), LATER)["conflicts"])
    confirmed = [e for g in suggest(d)["groups"] for e in g["facts"] if e["text"] == "six designers"][0]
    stored = {**confirmed["record"], "id": "lf-new", "locked": True, "status": "confirmed"}
    facts = the_check(doc(ledger=[stored]))
    assert team_conflicts(check(facts, LATER)["conflicts"])[0]["pair"]["earlier"] == "lf-new"
    assert team_conflicts(check(facts, LATER, distinct=[c["pair"]])["conflicts"]) == []


def test_a_pair_kept_on_a_stored_fact_holds_after_that_fact_is_corrected():
    (c,) = team_conflicts(check([LOCKED], LATER)["conflicts"])
    corrected = {**make({"value": "7"}, LOCKED)["fact"], "status": "corrected", "locked": True}
    assert corrected["id"] == "lf-crew"
    facts = the_check(doc(ledger=[corrected]))
    assert team_conflicts(check(facts, LATER)["conflicts"])             # 7 against eleven: still a conflict
    assert team_conflicts(check(facts, LATER, distinct=[c["pair"]])["conflicts"]) == []


def test_the_ledger_view_hides_round_one_pairs_from_the_document():
    d = doc(answers=(R1, R1_OTHER))
    (c,) = team_conflicts(suggest(d)["conflicts"])
    assert c["pair"]["earlier"] == "count|6|six designers" and c["pair"]["later"].startswith("count|9|9 designers")
    kept = {**c["pair"], "label": "Team size", "message": c["message"], "at": "2025-01-01T00:00:00Z"}   # UI fields ride along
    result = suggest(doc(answers=(R1, R1_OTHER + " We shipped it in 2023."), distinct=[kept]))
    assert team_conflicts(result["conflicts"]) == [] and [h["pair"] for h in result["hidden"]] == [c["pair"]]
    # a distinct param, when sent, is used instead of the document's
    reply = api.dispatch({"method": "ledger.suggest", "params": {"doc": doc(answers=(R1, R1_OTHER), distinct=[kept]),
                                                                 "distinct": []}})
    assert reply["ok"] and team_conflicts(reply["result"]["conflicts"])


def test_the_debrief_analysis_respects_pairs_kept_in_the_ledger_view():
    # kept by the stored fact's id in the ledger view; the analysis sees only the answers' words
    d = doc(answers=(R1,), later=(LATER,), ledger=[LOCKED])
    (c,) = team_conflicts(check(the_check(d), LATER)["conflicts"])
    assert c["pair"]["earlier"] == "lf-crew"
    before = analyze(d)
    assert team_conflicts(before["conflicts"]) and before["hidden"] == []
    after = analyze(doc(answers=(R1,), later=(LATER,), ledger=[LOCKED], distinct=[c["pair"]]))
    assert team_conflicts(after["conflicts"]) == [] and len(after["hidden"]) == 1
    assert "1 pair you marked as different things is not counted" in after["summary"]


def test_unreadable_saved_pairs_are_skipped_not_fatal():
    saved = ["x", {"earlier": 5}, {"earlier": "", "later": "a"}, {"later": "count|11|eleven designers"}]
    result = suggest(doc(answers=(R1, R1_OTHER), distinct=saved))
    assert team_conflicts(result["conflicts"])
    reply = api.dispatch({"method": "debrief.analyze", "params": {"doc": doc(later=(LATER,), distinct=saved)}})
    assert reply["ok"] and team_conflicts(reply["result"]["conflicts"])


@pytest.mark.parametrize("method, base", [
    ("ledger.check", {"facts": [LOCKED], "text": LATER}),
    ("ledger.suggest", {"doc": doc()}),
    ("debrief.analyze", {"doc": doc()}),
])
@pytest.mark.parametrize("distinct, words", [
    ("lf-crew", "must be a list of pairs"),
    ({"earlier": "a", "later": "b"}, "must be a list of pairs"),
    (["lf-crew"], "Pair 1 in 'distinct' must be an object"),
    ([{"earlier": "a", "later": "b"}, {"earlier": "a"}], "Pair 2 in 'distinct' needs 'later' as text"),
    ([{"earlier": 3, "later": "b"}], "needs 'earlier' as text"),
    ([{"earlier": "  ", "later": "b"}], "needs 'earlier' as text"),
    ([{"earlier": "a" * 5000, "later": "b"}], "too long"),
    ([{"earlier": "a", "later": "b"}] * 5001, "too many pairs"),
])
def test_bad_distinct_params_say_what_to_fix(method, base, distinct, words):
    reply = api.dispatch({"method": method, "params": {**base, "distinct": distinct}})
    assert not reply["ok"] and reply["error"]["code"] == "bad_params", reply
    assert words in reply["error"]["message"]


def test_distinct_is_optional_and_results_only_gain_fields():
    reply = api.dispatch({"method": "ledger.check", "params": {"facts": [LOCKED], "text": LATER}})
    assert reply["ok"] and set(reply["result"]) == {"conflicts", "hidden", "truncated"}
    assert api.dispatch({"method": "ledger.check", "params": {"facts": [LOCKED], "text": LATER, "distinct": None}})["ok"]
    assert {"groups", "conflicts", "hidden", "check", "counts", "summary"} <= set(suggest(doc()))


# --- the document -------------------------------------------------------------------------------

def test_the_document_keeps_distinct_pairs_and_fills_them_for_older_ones():
    blank = model.blank_interview()
    assert blank["ledger"] == {"facts": [], "distinct": []}
    old = doc()                                          # saved before pairs existed
    out = model.migrate(old)
    assert out["status"] == "current" and out["doc"]["interviews"][0]["ledger"]["distinct"] == []
    kept = doc(distinct=[{"earlier": "lf-crew", "later": "count|11|eleven designers", "label": "Team size"}, "junk"])
    again = model.migrate(kept)["doc"]["interviews"][0]["ledger"]["distinct"]
    assert again == [{"earlier": "lf-crew", "later": "count|11|eleven designers", "label": "Team size"}]


# --- "correct my fact": the correction stays ----------------------------------------------------

def _entries(result, question_id="q1"):
    return [e for g in result["groups"] if g["question_id"] == question_id for e in g["facts"]]


def test_a_corrected_fact_stays_corrected_as_the_answer_is_typed_on():
    record = [e for e in _entries(suggest(doc())) if e["text"] == "six designers"][0]["record"]
    fixed = {**make({"value": "11"}, record)["fact"], "id": "lf-fix", "locked": True, "status": "corrected"}
    typed = R1
    for more in (" Then", " Then we hired", " Then we hired 2 more", " Then we hired 2 more designers in 2023.",
                 "\n\nLater my crew of six designers moved to the app."):
        typed += more
        d = doc(answers=(typed,), ledger=[fixed])
        before = copy.deepcopy(d)
        result = suggest(d)
        mine = [e for e in _entries(result) if e["id"] == "lf-fix"]
        assert [(e["status"], e["value"], e["locked"], e["stale"]) for e in mine] == [("corrected", 11, True, False)], typed
        assert d == before                                   # the view never writes over what is stored
        # what later text is checked against carries the corrected value, so the flag re-evaluates
        assert [f["value"] for f in result["check"]["facts"] if f.get("ledger_id") == "lf-fix"] == [11]
        assert team_conflicts(check(result["check"]["facts"], LATER)["conflicts"]) == []
    # the answer's second "six designers" is a suggestion of its own, not the corrected fact taken back
    assert [e["status"] for e in _entries(result) if e["text"] == "six designers"] == ["corrected", "suggested"]


def test_a_corrected_fact_whose_words_are_gone_is_kept_and_still_checked():
    fixed = {**make({"value": "11"}, LOCKED)["fact"], "locked": True, "status": "corrected"}
    d = doc(answers=(R1.replace("six designers", "a few designers"),), ledger=[fixed])
    result = suggest(d)
    (mine,) = [e for e in _entries(result) if e["id"] == "lf-crew"]
    assert (mine["status"], mine["value"], mine["stale"]) == ("corrected", 11, True)
    (c,) = team_conflicts(check(result["check"]["facts"], "My crew was 4 designers.")["conflicts"])
    assert c["earlier"]["value"] == 11 and c["earlier"]["status"] == "corrected"
