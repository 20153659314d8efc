"""The panel: concerns, the matrix, questions to ask. One behaviour per test."""

from __future__ import annotations

import pytest

from roundtwo import api, panel
from tests.unit.dispatch import call, ok

CONCERNS = {"technical_rigour", "customer_impact", "team_fit", "strategic_alignment", "delivery"}


@pytest.fixture
def reraise(monkeypatch):
    monkeypatch.setattr(api, "RERAISE", True)


STORIES = [
    {"id": "migration", "title": "Payments migration",
     "text": "Migrated the payments database with zero downtime and shipped two weeks ahead of the deadline."},
    {"id": "mentor", "title": "Mentoring",
     "text": "Mentored two junior colleagues through a conflict about code review feedback."},
    {"id": "churn", "title": "Churn",
     "text": "Interviewed 20 customers and cut churn by three points; retention is up since."},
    {"id": "budget", "title": "Budget call",
     "text": "Argued the business case to cut the roadmap and saved 15% of the budget."},
    {"id": "latency", "title": "Latency bug",
     "text": "Traced a latency bug to its root cause with a benchmark and fixed the architecture."},
]


# --- concern ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role, expected", [
    ("VP Engineering", "delivery"),
    ("Senior Product Designer", "customer_impact"),
    ("Head of Talent", "team_fit"),
    ("CFO", "strategic_alignment"),
    ("Staff Engineer", "technical_rigour"),
    ("Customer Success Lead", "customer_impact"),
])
def test_concern_from_role(role, expected):
    assert ok("panel.concern", role=role)["concern"] == expected


def test_concern_reason_names_the_words():
    result = ok("panel.concern", role="Head of Talent")
    assert "\u201ctalent\u201d" in result["reason"]
    assert result["label"] == "Team fit"


def test_concern_alternatives_list_other_scored_concerns():
    result = ok("panel.concern", role="VP Engineering")
    alternatives = [a["concern"] for a in result["alternatives"]]
    assert "strategic_alignment" in alternatives and "delivery" not in alternatives


def test_notes_from_round_one_decide_when_the_role_says_nothing():
    result = ok("panel.concern", role="Jane", notes="She kept asking about the roadmap and the budget.")
    assert result["concern"] == "strategic_alignment"
    assert "your notes mention" in result["reason"]


def test_function_field_is_used():
    assert ok("panel.concern", role="Director", function="Finance")["concern"] == "strategic_alignment"


def test_nothing_to_go_on_gives_a_default_that_says_so():
    result = ok("panel.concern", role="")
    assert result["concern"] == "team_fit" and result["confident"] is False
    assert {a["concern"] for a in result["alternatives"]} == CONCERNS - {"team_fit"}


def test_words_match_whole_words_only():
    # "vp" must not fire inside "mvp"; "ux" not inside "luxury"
    result = ok("panel.concern", role="MVP luxury")
    assert result["confident"] is False


# --- questions --------------------------------------------------------------------------------

def test_question_bank_has_at_least_eight_per_concern_and_family():
    q = panel.data().questions
    assert set(q["concern"]) == CONCERNS
    assert all(len(v) >= 8 for v in q["concern"].values())
    assert len(q["family"]) >= 6 and all(len(v) >= 8 for v in q["family"].values())


def test_questions_follow_the_role_and_its_family():
    result = ok("panel.questions_to_ask", role="CFO")
    assert result["concern"] == "strategic_alignment" and result["family"]["family"] == "executive"
    sources = {q["source"] for q in result["questions"]}
    assert {"concern", "family"} <= sources


def test_questions_for_a_given_concern():
    result = ok("panel.questions_to_ask", concern="delivery", limit=3)
    assert result["concern"] == "delivery" and result["concern_source"] == "person"
    assert len(result["questions"]) == 3


def test_final_round_brings_final_round_questions():
    final = ok("panel.questions_to_ask", role="Recruiter", round=3, limit=50)
    second = ok("panel.questions_to_ask", role="Recruiter", round=2, limit=50)
    final_texts = {q["text"] for q in final["questions"] if q["source"] == "round"}
    second_texts = {q["text"] for q in second["questions"] if q["source"] == "round"}
    assert final["round"] == "final" and final_texts and not final_texts & second_texts


def test_excluded_questions_are_left_out():
    first = ok("panel.questions_to_ask", concern="team_fit")["questions"][0]["text"]
    again = ok("panel.questions_to_ask", concern="team_fit", exclude=[first])
    assert first not in [q["text"] for q in again["questions"]]


def test_unknown_concern_is_bad_params():
    reply = call("panel.questions_to_ask", concern="vibes")
    assert reply["error"]["code"] == "bad_params" and "technical_rigour" in reply["error"]["message"]


# --- matrix -----------------------------------------------------------------------------------

def test_matrix_suggests_a_story_matched_to_the_concern():
    result = ok("panel.matrix", panelists=[{"name": "Ana", "role": "VP Engineering"}], stories=STORIES)
    row = result["rows"][0]
    assert row["concern"] == "delivery"
    assert row["story"]["suggested"]["id"] == "migration"
    assert "deadline" in row["story"]["suggested"]["words"]


def test_matrix_spreads_suggestions_across_panelists():
    people = [{"name": "A", "role": "Staff Engineer"}, {"name": "B", "role": "Principal Engineer"}]
    rows = ok("panel.matrix", panelists=people, stories=STORIES)["rows"]
    assert rows[0]["story"]["suggested"]["id"] != rows[1]["story"]["suggested"]["id"]


def test_matrix_gives_each_panelist_a_different_question():
    people = [{"name": "A", "role": "Staff Engineer"}, {"name": "B", "role": "Staff Engineer"}]
    rows = ok("panel.matrix", panelists=people)["rows"]
    assert rows[0]["question"]["suggested"] != rows[1]["question"]["suggested"]


def test_person_override_of_concern_wins_and_accepts_the_label():
    row = ok("panel.matrix", panelists=[{"role": "CFO", "concern": "Technical rigour"}])["rows"][0]
    assert row["concern"] == "technical_rigour" and row["concern_source"] == "person"
    assert "strategic alignment" in row["reason"]


def test_unknown_override_is_bad_params():
    reply = call("panel.matrix", panelists=[{"role": "CFO", "concern": "vibes"}])
    assert reply["error"]["code"] == "bad_params" and "panelists[0].concern" in reply["error"]["message"]


def test_chosen_story_resolves_by_id_or_title():
    people = [{"role": "CFO", "story": "budget"}, {"role": "CEO", "story": "Latency bug"}]
    rows = ok("panel.matrix", panelists=people, stories=STORIES)["rows"]
    assert rows[0]["story"]["chosen"]["id"] == "budget" and rows[1]["story"]["chosen"]["id"] == "latency"
    assert rows[0]["story"]["suggested"] is None


def test_one_story_for_everyone_is_warned():
    people = [{"role": "CFO", "story": "budget"}, {"role": "Staff Engineer", "story": "budget"}]
    warnings = ok("panel.matrix", panelists=people, stories=STORIES)["warnings"]
    assert [w["code"] for w in warnings] == ["same_story_everywhere"]


def test_empty_panelist_is_warned():
    result = ok("panel.matrix", panelists=[{"name": "Ana", "role": "CFO"}, {}])
    assert [w["code"] for w in result["warnings"]] == ["empty_panelist"]
    assert result["rows"][1]["warnings"][0]["panelist"] == "p2"


def test_no_panelists_is_a_warning_not_an_error():
    result = ok("panel.matrix", panelists=[])
    assert result["warnings"][0]["code"] == "no_panelists"
    assert result["progress"]["done"] == 0


def test_checklist_is_complete_when_everything_is_filled_and_varied():
    people = [
        {"name": "A", "role": "CFO", "notes": "asked about budget", "story": "budget", "question": "Q1?"},
        {"name": "B", "role": "Staff Engineer", "notes": "deep dive", "story": "latency", "question": "Q2?"},
    ]
    result = ok("panel.matrix", panelists=people, stories=STORIES)
    assert all(item["done"] for item in result["checklist"])
    assert result["progress"] == {"done": 5, "total": 5, "percent": 100}


def test_checklist_counts_partial_progress():
    people = [{"name": "A", "role": "CFO", "notes": "met at a conference"}, {"name": "B"}]
    items = {i["id"]: i for i in ok("panel.matrix", panelists=people)["checklist"]}
    assert (items["researched"]["count"], items["researched"]["total"]) == (1, 2)
    assert items["concern"]["count"] == 1        # B's concern is only a default guess
    assert not items["researched"]["done"] and not items["story"]["done"]


def test_stories_not_varied_when_one_covers_most_of_the_panel():
    people = [{"role": "CFO", "story": "budget"}, {"role": "CEO", "story": "budget"},
              {"role": "Staff Engineer", "story": "latency"}]
    result = ok("panel.matrix", panelists=people, stories=STORIES)
    varied = next(i for i in result["checklist"] if i["id"] == "varied")
    assert not varied["done"]
    assert any(w["code"] == "story_overused" for w in result["warnings"])


def test_plain_text_stories_are_accepted():
    rows = ok("panel.matrix", panelists=[{"role": "Customer Success Lead"}],
              stories=["Cut churn for our biggest customers by calling each one."])["rows"]
    assert rows[0]["story"]["suggested"]["id"] == "s1"


def test_too_many_panelists_is_refused_clearly():
    reply = call("panel.matrix", panelists=[{"name": "x"}] * 31)
    assert reply["error"]["code"] == "bad_params" and "30" in reply["error"]["message"]


def test_huge_notes_are_refused_clearly():
    reply = call("panel.matrix", panelists=[{"notes": "x" * 20_001}])
    assert reply["error"]["code"] == "bad_params" and "panelists[0].notes" in reply["error"]["message"]


def test_a_panelist_that_is_not_an_object_is_bad_params():
    reply = call("panel.matrix", panelists=["Ana"])
    assert reply["error"]["code"] == "bad_params"


def test_every_naughty_string_in_every_panelist_field(blns, reraise):
    fields = ("id", "name", "role", "function", "notes", "concern", "story", "question")
    for s in blns:
        for field in fields:
            reply = call("panel.matrix", panelists=[{field: s}, {"role": "CFO"}], stories=[s, {"title": s, "text": s}],
                         round=s)
            assert reply["ok"] or reply["error"]["code"] == "bad_params", (field, s, reply)
        for method in ("panel.concern", "panel.questions_to_ask"):
            for field in ("role", "function", "notes", "concern", "round"):
                reply = call(method, **{field: s})
                assert reply["ok"] or reply["error"]["code"] == "bad_params", (method, field, s, reply)


# --- stories from the debrief's rounds --------------------------------------------------------

ROUNDS = [{"name": "Round one", "questions": [
    {"id": "q-mig", "question": "Tell me about a hard deadline.",
     "answer": "Migrated the payments database and shipped two weeks ahead of the deadline."},
    {"id": "q-empty", "question": "Why us?", "answer": "   "},
    {"id": "q-churn", "question": "A customer problem you solved?",
     "answer": "Interviewed 20 customers and cut churn by three points."},
]}]


def test_answered_debrief_questions_become_stories_titled_by_the_question():
    stories = panel.stories_from_rounds(ROUNDS)
    assert [s["id"] for s in stories] == ["q-mig", "q-churn"]
    assert stories[0]["title"] == "Tell me about a hard deadline."


def test_matrix_takes_rounds_and_suggests_a_debrief_answer_by_its_question_id():
    result = ok("panel.matrix", panelists=[{"id": "a", "role": "Head of Customer Success"}], rounds=ROUNDS)
    assert result["rows"][0]["story"]["suggested"]["id"] == "q-churn"


def test_choosing_the_same_debrief_answer_for_everyone_is_warned():
    people = [{"id": "a", "role": "CTO", "story": "q-mig"}, {"id": "b", "role": "CFO", "story": "q-mig"}]
    result = ok("panel.matrix", panelists=people, rounds=ROUNDS)
    assert "same_story_everywhere" in {w["code"] for w in result["warnings"]}


def test_a_very_long_answer_never_blocks_the_matrix():
    rounds = [{"questions": [{"id": "q", "question": "Q", "answer": "deadline " * 10_000}]}]
    assert ok("panel.matrix", panelists=[{"role": "Delivery lead"}], rounds=rounds)["rows"]


def test_rounds_that_are_not_a_list_are_bad_params():
    assert call("panel.matrix", panelists=[], rounds="round one")["error"]["code"] == "bad_params"
