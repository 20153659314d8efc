"""Delivery figures for a spoken answer (`delivery.measure`), and the one-way session that asks no follow-ups."""

import pytest

from roundtwo import delivery
from tests.unit.dispatch import call, ok

STORY = ("So, um, the warehouse tool kept timing out for the night shift. I profiled the slow query, "
         "added an index, and the nightly job went from 40 minutes to 6.")


def test_pace_is_words_over_the_minutes_the_answer_ran():
    r = ok("delivery.measure", transcript="one two three four five six seven eight nine ten", seconds=5)
    assert r["words"] == 10 and r["words_per_minute"] == 120.0
    assert r["pace"]["verdict"] == "steady"


def test_pace_verdicts_either_side_of_the_range():
    words = " ".join(["word"] * 50)
    assert ok("delivery.measure", transcript=words, seconds=60)["pace"]["verdict"] == "slow"
    assert ok("delivery.measure", transcript=words, seconds=10)["pace"]["verdict"] == "fast"


@pytest.mark.parametrize("said, count", [
    ("Um, I led it. Uh, we shipped.", 2),
    ("You know, it was basically done, I mean nearly.", 3),
    ("It was kind of late and sort of over budget.", 2),
    ("What kind of role is it, and which sort of team?", 0),
    ("I would like to lead the team.", 0),
    ("UMM the results, ERM, were good", 2),
])
def test_fillers_are_counted_as_whole_words_and_phrases(said, count):
    r = ok("delivery.measure", transcript=said, seconds=30)
    assert r["fillers"]["count"] == count, r["fillers"]["found"]
    for f in r["fillers"]["found"]:
        assert said[f["start"]:f["end"]] == f["text"]


def test_fillers_per_minute_follow_the_length_of_the_answer():
    r = ok("delivery.measure", transcript="um um um um", seconds=120)
    assert r["fillers"]["per_minute"] == 2.0


def test_long_pauses_come_from_the_recogniser_timings():
    segments = [{"text": "So the tool", "start": 3.0, "end": 4.0},
                {"text": "kept timing out", "start": 4.5, "end": 6.0},
                {"text": "and I fixed it", "start": 9.0, "end": 10.0}]
    r = ok("delivery.measure", transcript="So the tool kept timing out and I fixed it", seconds=10, segments=segments)
    assert r["pauses"]["measured"] is True
    assert r["pauses"]["long"] == [{"at": 0.0, "seconds": 3.0}, {"at": 6.0, "seconds": 3.0}]


def test_without_timings_pauses_are_left_out_with_a_note():
    r = ok("delivery.measure", transcript=STORY, seconds=40)
    assert r["pauses"] == {"measured": False, "threshold": r["pauses"]["threshold"], "long": []}
    assert any("Pauses are not measured" in n for n in r["notes"])


def test_time_used_against_the_limit():
    r = ok("delivery.measure", transcript=STORY, seconds=90, limit=60)
    assert r["time"] == {"used": 90.0, "limit": 60.0, "share": 1.5, "over": True}
    r = ok("delivery.measure", transcript=STORY, seconds=30, limit=120)
    assert r["time"]["over"] is False and r["time"]["share"] == 0.25


def test_the_preamble_before_the_first_concrete_fact():
    r = ok("delivery.measure", transcript=STORY, seconds=40)
    before = r["before_first_fact"]
    assert before["fact"] == "40 minutes"
    assert before["words"] == len(STORY[:STORY.index("40")].split())
    assert 0.5 < before["share"] < 1


def test_an_answer_that_opens_with_its_number_has_no_preamble():
    r = ok("delivery.measure", transcript="Twelve engineers reported to me.", seconds=5)
    assert r["before_first_fact"]["words"] == 0 and r["before_first_fact"]["share"] == 0


def test_no_fact_at_all_is_said_plainly():
    r = ok("delivery.measure", transcript="I worked hard and the team liked it.", seconds=5)
    assert r["before_first_fact"] == {"words": 8, "share": 1.0, "fact": None}
    assert any("No concrete fact" in n for n in r["notes"])


def test_an_empty_or_instant_answer_has_no_rates():
    r = ok("delivery.measure", transcript="", seconds=0)
    assert r["words"] == 0 and r["words_per_minute"] is None and r["fillers"]["per_minute"] is None
    assert r["before_first_fact"]["share"] is None


@pytest.mark.parametrize("params, field", [
    ({"transcript": "hi"}, "seconds"),
    ({"transcript": "hi", "seconds": -1}, "seconds"),
    ({"transcript": "hi", "seconds": True}, "seconds"),
    ({"transcript": "hi", "seconds": float("nan")}, "seconds"),
    ({"transcript": 5, "seconds": 3}, "transcript"),
    ({"transcript": "hi", "seconds": 3, "segments": "all of it"}, "segments"),
    ({"transcript": "hi", "seconds": 3, "segments": [{"start": 4, "end": 2}]}, "segments[0]"),
    ({"transcript": "hi", "seconds": 3, "segments": [{"start": "a", "end": 2}]}, "start"),
])
def test_wrong_input_gets_a_message_naming_the_field(params, field):
    reply = call("delivery.measure", **params)
    assert reply["ok"] is False and reply["error"]["code"] == "bad_params"
    assert field in reply["error"]["message"]


def test_hostile_text_is_measured_without_fault(blns):
    for s in blns:
        assert call("delivery.measure", transcript=s, seconds=12, limit=60)["ok"]


def test_the_filler_list_is_data():
    phrases = delivery.settings()["phrases"]
    assert ("um",) in phrases and ("you", "know") in phrases
    assert phrases == sorted(phrases, key=len, reverse=True)


def test_a_one_way_session_never_follows_up_and_grades_each_answer():
    questions = [{"id": "a", "text": "Tell me about a time you fixed something slow.", "category": "behavioral"},
                 {"id": "b", "text": "Why this company?", "category": "motivation"}]
    facts = [{"kind": "duration", "about": "job", "value": 40, "text": "40 minutes", "locked": True}]
    r = ok("practice.start", questions=questions, count=2, one_way=True, context={"facts": facts})
    nxt = ok("practice.next", session=r["session"], answer="We made the job take 45 minutes instead. " * 3, seconds=50)
    assert nxt["step"]["type"] == "question" and nxt["feedback"]["question_id"] == "a"
    assert "consistency" in nxt["feedback"]["grade"]["dimensions"]
    last = ok("practice.next", session=nxt["session"], answer="I like the product and the people.", seconds=20)
    assert last["step"]["type"] == "summary" and last["feedback"]["question_id"] == "b"
    assert call("practice.start", questions=questions, one_way="yes")["ok"] is False
