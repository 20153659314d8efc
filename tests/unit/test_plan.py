"""The plan: deadlines, checklist, calendar files, thank-you and follow-up notes. One behaviour per test."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from roundtwo.plan import fold
from roundtwo import api
from tests.unit.dispatch import call, ok

ROUND = {"name": "Round one", "ended_at": "2025-03-04T15:30:00Z", "company": "Acme",
         "interviewers": ["Ana Ruiz", "Ben Okafor"]}
BASE = {"rounds": [ROUND], "second_interview_at": "2025-03-12T14:00:00Z", "now": "2025-03-04T18:00:00Z"}


def deadline(result, kind):
    return next(d for d in result["deadlines"] if d["kind"] == kind)


@pytest.fixture
def reraise(monkeypatch):
    monkeypatch.setattr(api, "RERAISE", True)


# --- build ------------------------------------------------------------------------------------

def test_debrief_deadline_is_24_hours_after_the_round():
    assert deadline(ok("plan.build", **BASE), "debrief")["due"] == "2025-03-05T15:30:00Z"


@pytest.mark.parametrize("now, status", [
    ("2025-03-04T16:00:00Z", "upcoming"),
    ("2025-03-05T08:00:00Z", "due_soon"),
    ("2025-03-05T16:00:00Z", "missed"),
])
def test_deadline_status_follows_the_clock(now, status):
    assert deadline(ok("plan.build", **{**BASE, "now": now}), "debrief")["status"] == status


def test_done_flag_marks_the_deadline_done():
    result = ok("plan.build", **{**BASE, "now": "2025-03-06T00:00:00Z", "done": {"debriefed": True}})
    assert deadline(result, "debrief")["status"] == "done"


def test_checklist_has_the_seven_steps_ticked_from_flags():
    result = ok("plan.build", **{**BASE, "done": {"debriefed": True, "facts_locked": True}})
    ids = [c["id"] for c in result["checklist"]]
    assert ids == ["debriefed", "facts_locked", "escalation_mapped", "panel_prepared", "salary_prepared",
                   "practised", "thank_you_sent"]
    assert [c["done"] for c in result["checklist"]][:3] == [True, True, False]
    assert result["progress"]["done"] == 2 and result["progress"]["total"] == 7
    assert result["progress"]["next"]["id"] == "escalation_mapped"


def test_preparation_is_due_a_day_before_round_two():
    result = ok("plan.build", **BASE)
    assert deadline(result, "panel")["due"] == "2025-03-11T14:00:00Z"
    assert deadline(result, "second_interview")["due"] == "2025-03-12T14:00:00Z"


def test_follow_up_is_the_next_working_day_after_the_date_given():
    result = ok("plan.build", **{**BASE, "news_expected_by": "2025-03-14"})   # a Friday
    assert deadline(result, "follow_up")["due"] == "2025-03-17T10:00:00Z"      # Monday


def test_decision_days_set_the_follow_up():
    result = ok("plan.build", **{**BASE, "decision_days": 3})   # 12 Mar + 3 = Sat 15 Mar
    assert deadline(result, "follow_up")["due"] == "2025-03-17T10:00:00Z"


def test_no_date_for_news_assumes_a_week_and_says_so():
    result = ok("plan.build", **BASE)
    assert result["follow_up_at"] is not None
    assert any("assumes" in note for note in result["notes"])


def test_naive_times_use_the_given_offset():
    result = ok("plan.build", rounds=[{**ROUND, "ended_at": "2025-03-04T16:30"}], utc_offset_minutes=60,
                now="2025-03-04T18:00:00Z")
    assert deadline(result, "debrief")["due"] == "2025-03-05T15:30:00Z"


def test_round_without_an_end_time_is_skipped_with_a_note():
    result = ok("plan.build", rounds=[{"name": "Phone screen"}], now="2025-03-04T18:00:00Z")
    assert result["deadlines"] == [] and "Phone screen" in result["notes"][0]


def test_invalid_date_is_bad_params_naming_the_field():
    reply = call("plan.build", rounds=[{**ROUND, "ended_at": "next Tuesday"}])
    assert reply["error"]["code"] == "bad_params"
    assert "rounds[0].ended_at" in reply["error"]["message"] and "2025-03-04T15:30:00Z" in reply["error"]["message"]


def test_impossible_date_is_bad_params():
    reply = call("plan.build", **{**BASE, "second_interview_at": "2025-02-30T10:00:00Z"})
    assert reply["error"]["code"] == "bad_params" and "second_interview_at" in reply["error"]["message"]


def test_far_future_year_is_bad_params():
    reply = call("plan.build", **{**BASE, "now": "9999-12-31T23:59:59Z"})
    assert reply["error"]["code"] == "bad_params" and "2200" in reply["error"]["message"]


def test_flag_that_is_not_true_or_false_is_bad_params():
    reply = call("plan.build", **{**BASE, "done": {"debriefed": "yes"}})
    assert reply["error"]["code"] == "bad_params" and "done.debriefed" in reply["error"]["message"]


def test_too_many_rounds_is_refused_clearly():
    reply = call("plan.build", rounds=[ROUND] * 21)
    assert reply["error"]["code"] == "bad_params" and "20" in reply["error"]["message"]


# --- calendar ---------------------------------------------------------------------------------

def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def assert_valid_ics(text: str):
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    for line in text.split("\r\n")[:-1]:
        assert len(line.encode("utf-8")) <= 75, line
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    events = text.count("BEGIN:VEVENT")
    assert events == text.count("END:VEVENT")
    for prop in ("UID:", "DTSTAMP:", "DTSTART:", "DTEND:"):
        assert sum(1 for line in lines if line.startswith(prop)) == events
    for line in lines:
        if line.startswith(("DTSTAMP:", "DTSTART:", "DTEND:")):
            assert re.fullmatch(r"[A-Z]+:\d{8}T\d{6}Z", line), line
    return lines


def test_ics_holds_every_event_in_one_valid_calendar():
    result = ok("plan.ics", **{**BASE, "news_expected_by": "2025-03-14"})
    lines = assert_valid_ics(result["ics"])
    summaries = [line for line in lines if line.startswith("SUMMARY:")]
    assert len(summaries) == result["events"] == 5   # round, debrief, thank-you, round two, follow-up
    assert lines.count("BEGIN:VALARM") >= 4
    assert "DTSTART:20250305T150000Z" in lines and "DTEND:20250305T153000Z" in lines


def test_ics_escapes_commas_semicolons_backslashes_and_newlines():
    name = 'Panel, part 1; "tech"\\ops\nsecond line'
    text = ok("plan.ics", **{**BASE, "rounds": [{**ROUND, "name": name}]})["ics"]
    lines = assert_valid_ics(text)
    debrief = next(line for line in lines if line.startswith("SUMMARY:Debrief deadline"))
    assert debrief == 'SUMMARY:Debrief deadline: Panel\\, part 1\\; "tech"\\\\ops second line'


def test_ics_folds_long_lines_without_splitting_characters():
    company = "Ünïcödé 株式会社 " * 12
    text = ok("plan.ics", **{**BASE, "rounds": [{**ROUND, "company": company}]})["ics"]
    assert_valid_ics(text)
    text.encode("utf-8").decode("utf-8")
    for physical in text.split("\r\n"):
        physical.encode("utf-8")   # each physical line is whole characters


def test_fold_round_trips():
    line = "DESCRIPTION:" + "é,;" * 60
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_uids_are_stable_and_unique():
    first = ok("plan.ics", **BASE)["ics"]
    again = ok("plan.ics", **{**BASE, "now": "2025-03-06T09:00:00Z"})["ics"]
    uids = [line for line in unfold(first) if line.startswith("UID:")]
    assert len(uids) == len(set(uids))
    assert uids == [line for line in unfold(again) if line.startswith("UID:")]


def test_reminder_ics_is_one_event_with_an_alarm():
    result = ok("plan.reminder_ics", ended_at="2025-03-04T15:30:00Z", now="2025-03-04T15:40:00Z",
                name="Round one", company="Acme")
    lines = assert_valid_ics(result["ics"])
    assert result["ics"].count("BEGIN:VEVENT") == 1 and "BEGIN:VALARM" in lines
    assert result["deadline"] == "2025-03-05T15:30:00Z"
    assert result["filename"] == "debrief-acme.ics"


# --- debrief window ---------------------------------------------------------------------------

@pytest.mark.parametrize("now, state, left", [
    ("2025-03-04T16:30:00Z", "open", 23 * 3600),
    ("2025-03-05T12:30:00Z", "closing", 3 * 3600),
    ("2025-03-05T16:30:00Z", "missed", 0),
])
def test_debrief_window_states(now, state, left):
    result = ok("plan.debrief_window", ended_at="2025-03-04T15:30:00Z", now=now)
    assert (result["state"], result["seconds_left"]) == (state, left)
    assert result["deadline"] == "2025-03-05T15:30:00Z"


def test_debrief_window_needs_an_end_time():
    reply = call("plan.debrief_window", now="2025-03-04T16:30:00Z")
    assert reply["error"]["code"] == "bad_params" and "ended_at" in reply["error"]["message"]


# --- thank-you and follow-up ------------------------------------------------------------------

NOTE = {"company": "Acme", "role": "Staff Engineer", "interviewer": "Ana", "candidate_name": "Sam Lee",
        "topics": [{"text": "Estimates for the migration", "kind": "pushback"},
                   "How would you scale the payments service?"],
        "ended_at": "2025-03-04T15:30:00Z"}


def test_thank_you_names_a_question_from_the_debrief():
    result = ok("plan.thank_you", **NOTE)
    assert "\u201cHow would you scale the payments service?\u201d" in result["body"]
    assert result["topic_used"] == "How would you scale the payments service?"
    assert result["subject"] == "Thank you: Staff Engineer interview"
    assert result["body"].startswith("Dear Ana,") and result["body"].endswith("Sam Lee")
    assert "Tuesday 4 March" in result["body"]


def test_thank_you_can_use_a_pushback_topic():
    result = ok("plan.thank_you", **{**NOTE, "topics": [{"text": "Estimates for the migration", "kind": "pushback"}]})
    assert "pushed back on" in result["body"] and "Estimates for the migration" in result["body"]


def test_mailto_is_percent_encoded_and_round_trips():
    result = ok("plan.thank_you", **{**NOTE, "to": "ana@acme.com",
                                     "topics": ["Pricing & tiers? 100% sure; a+b=c #1"]})
    url = result["mailto"]
    assert url.startswith("mailto:ana@acme.com?subject=")
    assert " " not in url and "\n" not in url and "%0D%0A" in url
    subject = unquote(url.split("subject=", 1)[1].split("&body=", 1)[0])
    body = unquote(url.split("&body=", 1)[1])
    assert subject == result["subject"]
    assert body == result["body"].replace("\n", "\r\n")
    assert "&" not in url.split("&body=", 1)[1] and "#" not in url


def test_thank_you_without_topics_warns():
    result = ok("plan.thank_you", company="Acme", role="Analyst")
    assert result["topic_used"] is None and result["warnings"]


def test_thank_you_lists_missing_company_and_role():
    result = ok("plan.thank_you", topics=["roadmap"])
    assert result["missing"] == ["company", "role"]
    assert result["subject"] == "Thank you for the interview"


def test_bad_email_address_is_left_out_with_a_warning():
    result = ok("plan.thank_you", **{**NOTE, "to": "ana at acme"})
    assert result["mailto"].startswith("mailto:?subject=") and result["warnings"]


def test_follow_up_mentions_the_date_they_gave():
    result = ok("plan.follow_up_email", company="Acme", role="Staff Engineer", round="second",
                news_expected_by="2025-03-14", topics=["the payments roadmap"])
    assert "Friday 14 March" in result["body"]
    assert "the payments roadmap" in result["body"]
    assert result["subject"] == "Following up: Staff Engineer interview"


def test_too_many_topics_is_refused_clearly():
    reply = call("plan.thank_you", company="Acme", role="X", topics=["a"] * 51)
    assert reply["error"]["code"] == "bad_params" and "50" in reply["error"]["message"]


# --- hostile input ----------------------------------------------------------------------------

def test_every_naughty_string_in_every_plan_field(blns, reraise):
    for s in blns:
        rounds = [{"name": s, "company": s, "interviewers": [s], "ended_at": "2025-03-04T15:30:00Z"}]
        for method in ("plan.build", "plan.ics"):
            reply = call(method, rounds=rounds, now="2025-03-04T18:00:00Z", second_interview_at="2025-03-12T14:00:00Z")
            assert reply["ok"] or reply["error"]["code"] == "bad_params", (method, s, reply)
            if method == "plan.ics" and reply["ok"]:
                assert_valid_ics(reply["result"]["ics"])
        for field in ("ended_at", "now", "second_interview_at", "news_expected_by"):
            params = {"rounds": [{"name": "R", "ended_at": "2025-03-04T15:30:00Z"}], field: s}
            if field == "ended_at":
                params = {"rounds": [{"name": "R", "ended_at": s}]}
            reply = call("plan.build", **params)
            assert reply["ok"] or reply["error"]["code"] == "bad_params", (field, s, reply)
        for method in ("plan.thank_you", "plan.follow_up_email"):
            for field in ("company", "role", "interviewer", "round", "highlights", "candidate_name", "to"):
                reply = call(method, **{**NOTE, field: s})
                assert reply["ok"] or reply["error"]["code"] == "bad_params", (method, field, s, reply)
            reply = call(method, **{**NOTE, "topics": [s, {"text": s, "kind": s}]})
            assert reply["ok"] or reply["error"]["code"] == "bad_params", (method, s, reply)
        reply = call("plan.reminder_ics", ended_at="2025-03-04T15:30:00Z", name=s, company=s)
        assert reply["ok"] or reply["error"]["code"] == "bad_params", (s, reply)
        if reply["ok"]:
            assert_valid_ics(reply["result"]["ics"])
        reply = call("plan.debrief_window", ended_at=s)
        assert reply["ok"] or reply["error"]["code"] == "bad_params", (s, reply)


# --- status: the checklist ticks itself -------------------------------------------------------

def status_doc(**interview):
    base = {"id": "i1", "rounds": [{"id": "r1", "name": "Round one", "ended_at": "2025-03-04T15:30",
                                    "questions": [{"question": "Q", "answer": ""}]}],
            "ledger": {"facts": []}, "panel": {"panelists": []}, "salary": {}, "plan": {"done": {}}}
    base.update(interview)
    return {"version": 2, "current": "i1", "interviews": [base], "bank": {"custom": [], "hidden": [], "values": []},
            "practice": {}}


def flags(doc, **extra):
    return ok("plan.status", doc=doc, now="2025-03-05T10:00:00Z", **extra)["done"]


def test_status_of_a_fresh_interview_is_all_not_done():
    assert not any(flags(status_doc()).values())


def test_status_debriefed_once_round_one_has_an_answer():
    doc = status_doc(rounds=[{"id": "r1", "name": "Round one", "ended_at": "2025-03-04T15:30",
                              "questions": [{"question": "Q", "answer": "I led a team of five."}]}])
    result = ok("plan.status", doc=doc, now="2025-03-05T10:00:00Z")
    assert result["done"]["debriefed"] and "1 answered" in result["why"]["debriefed"]


def test_status_facts_locked_needs_a_locked_fact():
    assert not flags(status_doc(ledger={"facts": [{"kind": "count", "value": 5}]}))["facts_locked"]
    assert flags(status_doc(ledger={"facts": [{"kind": "count", "value": 5, "locked": True}]}))["facts_locked"]


def test_status_escalation_and_practice_read_the_bank_and_history():
    started = status_doc()
    started["practice"] = {"active": {"session": {"id": "s"}, "step": {}}}
    assert flags(started)["escalation_mapped"] and not flags(started)["practised"]
    doc = status_doc()
    doc["bank"]["custom"] = [{"question": "Why us?"}]
    doc["practice"] = {"history": [{"score": 3}]}
    result = flags(doc)
    assert result["escalation_mapped"] and result["practised"]


def test_status_panel_prepared_when_the_panel_checklist_is_nearly_complete():
    rounds = [{"id": "r1", "name": "Round one", "ended_at": "2025-03-04T15:30", "questions": [
        {"id": "qa", "question": "A deadline", "answer": "Shipped the migration on time."},
        {"id": "qb", "question": "A customer", "answer": "Cut churn for customers."}]}]
    people = [{"id": "a", "role": "CTO", "notes": "asked about scale", "story": "qa", "question": "How do you test?"},
              {"id": "b", "role": "Head of Customer Success", "notes": "churn", "story": "qb", "question": "What is NPS?"}]
    assert flags(status_doc(rounds=rounds, panel={"panelists": people}))["panel_prepared"]
    half = [{**p, "story": "", "question": ""} for p in people]
    assert not flags(status_doc(rounds=rounds, panel={"panelists": half}))["panel_prepared"]


def test_status_salary_prepared_needs_floor_and_range():
    assert not flags(status_doc(salary={"floor": "120k"}))["salary_prepared"]
    assert flags(status_doc(salary={"floor": "120k", "code": "15-1252"}))["salary_prepared"]


def test_status_thank_you_sent_needs_every_ended_round_ticked():
    doc = status_doc(plan={"done": {"followed_up": True}, "thank_you": {"r1": {"sent": True}}})
    result = flags(doc)
    assert result["thank_you_sent"] and result["followed_up"] and not result["news_received"]
    # a round that has not ended yet does not count against you
    doc["interviews"][0]["rounds"].append({"id": "r2", "name": "Round two", "ended_at": "2025-03-20T10:00"})
    assert flags(doc)["thank_you_sent"]


def test_status_flags_feed_plan_build():
    done = flags(status_doc(plan={"thank_you": {"r1": {"sent": True}}}))
    result = ok("plan.build", **BASE, done=done)
    assert next(c for c in result["checklist"] if c["id"] == "thank_you_sent")["done"]


def test_status_needs_a_document():
    assert call("plan.status", doc="nope")["error"]["code"] == "bad_params"


def test_status_tolerates_a_damaged_document(blns, reraise):
    for s in blns[:200]:
        doc = {"current": s, "interviews": [s, {"id": s, "rounds": [s, {"ended_at": s, "questions": [s]}],
                                                "ledger": s, "panel": {"panelists": [s, {"role": s}]}, "salary": s,
                                                "plan": {"thank_you": s}}], "bank": s, "practice": s}
        reply = call("plan.status", doc=doc)
        assert reply["ok"], (s, reply)


# --- mailto for an edited note ----------------------------------------------------------------

def test_mailto_for_an_edited_note_round_trips():
    body = "Dear Ana,\n\nThanks & see you soon? 100% yes."
    result = ok("plan.mailto", to="ana@example.com", subject="Thank you", body=body)
    link = result["mailto"]
    assert link.startswith("mailto:ana@example.com?subject=Thank%20you&body=")
    assert unquote(link.split("&body=", 1)[1]) == body.replace("\n", "\r\n")


def test_mailto_refuses_a_huge_body_clearly():
    reply = call("plan.mailto", subject="x", body="x" * 30_000)
    assert reply["error"]["code"] == "bad_params" and "Copy it" in reply["error"]["message"]
