"""Graded feedback (`feedback.grade`): five dimensions, each item citing the words it is about."""

from __future__ import annotations

import pytest

from roundtwo import api
from tests.work import assert_linear, repeat

STRONG = (
    "In 2022 our app's store rating sat at 3.4 stars and support wanted it above 4 by the summer. "
    "I was asked to own the fix. I read four hundred one-star reviews with our support lead, found that "
    "most were about being logged out after an update, and rebuilt the token refresh. I also "
    "worked with our QA engineer to add an upgrade test to every release, and I tracked crash-free "
    "sessions for six weeks against the old build. Over the following quarter the rating went from 3.4 to 4.3, "
    "and the review tags credited about two thirds of that gain to the login change."
)
WEAK = "Basically we kind of did a lot of stuff and things got a lot better, you know."


def grade(answer, **extra):
    params = {"question": "Describe a time you improved an important metric.", "answer": answer,
              "category": "behavioral", **extra}
    reply = api.dispatch({"method": "feedback.grade", "params": params})
    assert reply["ok"], reply
    return reply["result"]


def scores(result):
    return {k: d["score"] for k, d in result["dimensions"].items()}


def items(result):
    for d in result["dimensions"].values():
        yield from d["went_well"]
        yield from d["improve"]


def test_five_dimensions_scored_one_to_five():
    result = grade(STRONG)
    assert set(result["dimensions"]) == {"structure", "specificity", "ownership", "consistency", "conciseness"}
    for d in result["dimensions"].values():
        assert 1 <= d["score"] <= 5 and d["out_of"] == 5 and d["label"]
    assert 1 <= result["overall"]["score"] <= 5 and 0 <= result["overall"]["percent"] <= 100


def test_strong_answer_beats_weak_answer_on_every_content_dimension():
    strong, weak = scores(grade(STRONG)), scores(grade(WEAK))
    for k in ("structure", "specificity", "ownership", "conciseness"):
        assert strong[k] > weak[k], k
    assert grade(STRONG)["overall"]["score"] > grade(WEAK)["overall"]["score"] + 1.5


def test_items_cite_the_answer_with_offsets():
    for answer in (STRONG, WEAK):
        result = grade(answer)
        cited = [i for i in items(result) if i["text"]]
        assert cited
        for i in cited:
            assert answer[i["start"]:i["end"]] == i["text"] and i["note"]


def test_structure_names_the_missing_result():
    result = grade("Our release process was slow and error-prone. I wrote a script that builds the changelog.")
    notes = [i["note"] for i in result["dimensions"]["structure"]["improve"]]
    assert any("result" in n for n in notes)


def test_ownership_flags_we_with_the_we_words():
    result = grade("We planned the launch, we built it and we shipped it on time.")
    own = result["dimensions"]["ownership"]
    assert own["score"] <= 2 and own["improve"][0]["text"].lower().startswith("we")


def test_specificity_cites_hedges_and_vague_words():
    improve = grade(WEAK)["dimensions"]["specificity"]["improve"]
    cited = {i["text"] for i in improve}
    assert "kind of" in cited and "a lot" in cited


def test_specificity_asks_for_a_baseline_on_an_unanchored_claim():
    improve = grade("I rebuilt onboarding and activation rose 30%.")["dimensions"]["specificity"]["improve"]
    assert any("baseline" in i["note"] and i["text"] == "activation rose 30%" for i in improve)


def test_conciseness_by_category():
    short_why = ("I used your SDK at two jobs, and at Brightline I filed three issues about its offline mode. I want "
                 "to work on the sync engine you described in the March release notes, because I know where it "
                 "breaks and I have ideas for the conflict handling.")
    assert grade(short_why, category="why_us")["dimensions"]["conciseness"]["score"] >= 3
    rambling = " ".join([STRONG] * 8)
    assert grade(rambling)["dimensions"]["conciseness"]["score"] <= 2


def test_no_facts_is_consistent():
    c = grade(STRONG)["dimensions"]["consistency"]
    assert c["score"] == 5 and c["checked"] == 0 and c["improve"] == []


TEAM_FACT = {"about": "team size", "kind": "count", "value": 5, "text": "I managed five engineers", "locked": True}


def test_conflicting_fact_lowers_consistency_and_cites_the_words():
    answer = "I managed seven engineers on payments and we shipped the new ledger in March."
    c = grade(answer, facts=[TEAM_FACT])["dimensions"]["consistency"]
    assert c["score"] < 5 and c["checked"] == 1
    item = c["improve"][0]
    assert "seven" in item["text"] and answer[item["start"]:item["end"]] == item["text"]


def test_matching_fact_is_praised():
    c = grade("I managed 5 engineers on payments and we shipped in March.", facts=[TEAM_FACT])["dimensions"]["consistency"]
    assert c["score"] == 5 and c["went_well"] and "5" in c["went_well"][0]["text"]


def test_unrelated_fact_is_not_a_conflict():
    c = grade("I rebuilt the returns form. Over the following quarter basket size grew 12%.", facts=[TEAM_FACT])["dimensions"]["consistency"]
    assert c["score"] == 5


def test_malformed_facts_are_skipped():
    result = grade(STRONG, facts=[1, "x", None, {"value": [1]}, {"about": 3, "text": 4}, {"kind": "nope", "value": 2}])
    assert result["dimensions"]["consistency"]["score"] == 5


def test_scenario_structure_values_steps_reasons_and_trade_offs():
    plan = ("First I'd meet each engineer one to one, because the missed deadlines may have different causes. "
            "Then I'd look at the last three sprints. Finally I'd pick one change, knowing it may cost some "
            "velocity for a sprint or two, rather than changing everything at once.")
    assert grade(plan, category="scenario")["dimensions"]["structure"]["score"] >= 4
    assert grade("I'd fix it.", category="scenario")["dimensions"]["structure"]["score"] <= 2


def test_overall_points_at_a_next_step():
    step = grade(WEAK)["overall"]["next_step"]
    assert step["note"]


def test_empty_answer_grades_low_without_error():
    result = grade("")
    assert result["overall"]["score"] < 2.5
    for i in items(result):
        assert i["text"] == "" and i["start"] == i["end"] == 0


def test_bad_params():
    assert api.dispatch({"method": "feedback.grade", "params": {"answer": 3}})["error"]["code"] == "bad_params"
    assert api.dispatch({"method": "feedback.grade", "params": {"answer": "x", "facts": {}}})["error"]["code"] == "bad_params"


def test_one_megabyte_answer_is_graded_and_flagged_truncated():
    answer = (STRONG + " ") * (1_000_000 // (len(STRONG) + 1))
    result = grade(answer)
    assert result["truncated"] is True
    assert set(result["dimensions"]) == {"structure", "specificity", "ownership", "consistency", "conciseness"}
    assert 1 <= result["overall"]["score"] <= 5
    for i in items(result):
        assert answer[i["start"]:i["end"]] == i["text"]


def test_grading_work_grows_linearly_with_the_answer():
    assert_linear(grade, repeat(STRONG + " "), 10_000)


def test_naughty_strings_never_fail(blns):
    for s in blns:
        reply = api.dispatch({"method": "feedback.grade", "params": {
            "answer": s, "question": s, "facts": [{"about": s, "value": 3, "text": s}]}})
        assert reply["ok"], (s, reply)


@pytest.mark.parametrize("category", ["behavioral", "values", "scenario", "technical", "why_us"])
def test_every_category_grades(category):
    assert grade(STRONG, category=category)["category"] == category
