"""Mock sessions (`practice.*`): the plan, follow-ups within the persona's limits, no repeats, the summary,
and the coach hint. The session is plain JSON, so every step is round-tripped through json here."""

from __future__ import annotations

import json

import pytest

from roundtwo import api
from tests.work import assert_linear, repeat

QUESTIONS = [
    {"id": "b1", "text": "Tell me about a project you led that was difficult.", "category": "behavioral",
     "follow_ups": ["What made it difficult for you, specifically?", "Who disagreed with you?",
                    "What would the team say you got wrong?"]},
    {"id": "v1", "text": "Tell me about a time you put the customer ahead of your target.", "category": "values"},
    {"id": "s1", "text": "Your top engineer threatens to quit. What do you do?", "category": "scenario"},
    {"id": "t1", "text": "How would you design a job scheduler?", "category": "technical"},
    {"id": "w1", "text": "Why would you want to work for us?", "category": "why_us"},
]
WEAK = "We kind of did a lot of stuff and it went great."
STRONG = (
    "In 2022 our app's store rating sat at 3.4 stars. My lead asked me to sort it out. I read four hundred one-star reviews, "
    "spotted that most were about being logged out after an update, and rebuilt the token refresh. "
    "Over the following quarter the rating went from 3.4 to 4.3, measured against a six-week baseline of the old build."
)


def call(method, params):
    reply = api.dispatch({"method": method, "params": json.loads(json.dumps(params))})
    assert reply["ok"], reply
    return json.loads(json.dumps(reply["result"]))


def start(**params):
    params.setdefault("questions", QUESTIONS)
    return call("practice.start", params)


def play(session, answers):
    """Answer every prompt with the next answer (the last one repeats); return the steps taken."""
    steps = []
    k = 0
    while True:
        answer = answers[min(k, len(answers) - 1)]
        k += 1
        result = call("practice.next", {"session": session, "answer": answer, "seconds": 30})
        session, step = result["session"], result["step"]
        steps.append(step)
        if step["type"] == "summary":
            return session, steps
        assert k < 200, "session never ended"


# --- personas and the plan ---------------------------------------------------------------------------


def test_personas_listed_with_pace_and_limits():
    ps = call("practice.personas", {})
    assert [p["id"] for p in ps] == ["skeptic", "warm", "technical", "people", "executive"]
    for p in ps:
        assert 3 <= p["max_follow_ups"] <= 5 and p["seconds_per_answer"] > 0 and p["pause_seconds"] >= 0
        assert p["title"] and p["summary"] and "templates" not in p


def test_start_plans_the_count_and_asks_the_first_question():
    result = start(persona="skeptic", count=3)
    session, step = result["session"], result["step"]
    assert len(session["questions"]) == 3 and session["persona"] == "skeptic"
    assert step == {**step, "type": "question", "number": 1, "of": 3, "text": QUESTIONS[0]["text"], "seconds": 90}


def test_seconds_per_answer_overrides_the_persona():
    assert start(persona="warm", seconds_per_answer=45)["step"]["seconds"] == 45


def test_plain_string_questions_are_accepted():
    result = start(questions=["Why do you want this job?", "Tell me about a failure."], count=2)
    assert [q["text"] for q in result["session"]["questions"]] == ["Why do you want this job?", "Tell me about a failure."]


def test_mix_interleaves_categories_by_weight():
    qs = [{"id": f"b{i}", "text": f"Tell me about time {i}.", "category": "behavioral"} for i in range(6)]
    qs += [{"id": f"v{i}", "text": f"Values question {i}?", "category": "values"} for i in range(6)]
    plan = start(questions=qs, count=6, mix={"behavioral": 2, "values": 1})["session"]["questions"]
    cats = [q["category"] for q in plan]
    assert cats.count("behavioral") == 4 and cats.count("values") == 2
    assert cats[:3] != ["behavioral"] * 3  # interleaved, not grouped


def test_mix_as_a_list_and_bad_mix():
    plan = start(count=2, mix=["why_us", "scenario"])["session"]["questions"]
    assert {q["category"] for q in plan} == {"why_us", "scenario"}
    reply = api.dispatch({"method": "practice.start", "params": {"questions": QUESTIONS, "mix": {"nope": 1}}})
    assert reply["error"]["code"] == "bad_params"


def test_shuffle_seed_is_repeatable():
    a = start(count=5, shuffle_seed=7)["session"]["questions"]
    b = start(count=5, shuffle_seed=7)["session"]["questions"]
    assert a == b


def test_no_questions_falls_back_to_the_bank():
    result = call("practice.start", {"count": 2})
    assert len(result["session"]["questions"]) == 2


def test_only_empty_questions_is_bad_params():
    reply = api.dispatch({"method": "practice.start", "params": {"questions": ["", "  ", 5]}})
    assert reply["error"]["code"] == "bad_params"


def test_unknown_persona_is_bad_params():
    reply = api.dispatch({"method": "practice.start", "params": {"questions": QUESTIONS, "persona": "ghost"}})
    assert reply["error"]["code"] == "bad_params"


# --- follow-ups ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["skeptic", "warm", "technical", "people", "executive"])
def test_follow_ups_respect_the_persona_limit_and_never_repeat(persona):
    session = start(persona=persona, count=5)["session"]
    limit = session["max_follow_ups"]
    session, steps = play(session, [WEAK])
    per_question: dict[int, list] = {}
    texts, ids = [], []
    number = 0
    for step in steps:
        if step["type"] == "question":
            number = step["number"]
        if step["type"] == "probe":
            per_question.setdefault(step.get("number", number), []).append(step["kind"])
            texts.append(step["text"])
            ids.append(step["probe_id"])
    assert per_question, "a weak answer should draw follow-ups"
    for kinds in per_question.values():
        assert len(kinds) <= limit
        single = [k for k in kinds if k not in ("follow_up", "consistency", "revisit", "pushback")]
        assert len(single) == len(set(single)), kinds
    assert len(texts) == len(set(texts)) and len(ids) == len(set(ids))


def test_a_weak_answer_draws_more_follow_ups_than_a_strong_one():
    def count(answer):
        session = start(persona="skeptic", questions=[QUESTIONS[1]], count=1)["session"]
        _, steps = play(session, [answer])
        return sum(1 for s in steps if s["type"] == "probe")
    assert count(WEAK) > count(STRONG)


def test_executive_moves_on_sooner_than_skeptic():
    def count(persona):
        session = start(persona=persona, count=5)["session"]
        _, steps = play(session, [STRONG])
        return sum(1 for s in steps if s["type"] == "probe")
    assert count("executive") < count("skeptic")


def test_bank_ladder_is_used_in_order():
    session = start(persona="skeptic", questions=[QUESTIONS[0]], count=1)["session"]
    _, steps = play(session, [STRONG])
    ladder = [s["text"] for s in steps if s["type"] == "probe" and s["kind"] == "follow_up"]
    plain = [t.split(". ", 1)[-1] if not t.startswith("What") else t for t in ladder]
    assert ladder, [s.get("kind") for s in steps]
    assert any(QUESTIONS[0]["follow_ups"][0] in t for t in ladder)
    assert plain == sorted(plain, key=lambda t: next(i for i, f in enumerate(QUESTIONS[0]["follow_ups"]) if f in t))


def test_ledger_conflict_is_raised_once():
    conflict = {"about": "team size", "earlier": {"value": 5, "text": "a team of five"},
                "later": {"value": 7, "text": "seven engineers"}, "message": "5 vs 7"}
    session = start(persona="skeptic", count=3, context={"conflicts": [conflict]})["session"]
    _, steps = play(session, ["I led seven engineers and we kind of shipped it."])
    assert sum(1 for s in steps if s["type"] == "probe" and s["kind"] == "consistency") == 1


def test_locked_facts_turn_a_contradiction_into_a_follow_up():
    facts = [{"about": "team size", "kind": "count", "value": 5, "text": "I managed five engineers", "locked": True}]
    session = start(persona="warm", count=1, questions=[QUESTIONS[1]], context={"facts": facts})["session"]
    result = call("practice.next", {"session": session, "answer": "I managed seven engineers and put the customer first."})
    step = result["step"]
    assert step["type"] == "probe" and step["kind"] == "consistency"
    assert "I managed five engineers" in step["text"] and "seven engineers" in step["text"]
    _, steps = play(result["session"], ["I managed seven engineers and put the customer first."])
    assert not any(s.get("kind") == "consistency" for s in steps)  # raised once, not again


def test_empty_answer_skips_to_the_next_question():
    session = start(count=2)["session"]
    result = call("practice.next", {"session": session, "answer": "   "})
    assert result["step"]["type"] == "question" and result["step"]["number"] == 2


def test_summary_grades_each_answered_question():
    session = start(persona="warm", count=3)["session"]
    session, steps = play(session, [STRONG])
    summary = steps[-1]
    assert summary["type"] == "summary" and summary["answered"] == 3 and summary["asked"] == 3
    for q in summary["questions"]:
        assert 1 <= q["grade"]["overall"] <= 5 and set(q["grade"]["scores"]) >= {"structure", "ownership"}
    assert summary["practise_next"] in summary["dimension_averages"]
    again = call("practice.next", {"session": session, "answer": "more"})
    assert again["step"]["type"] == "summary"


def test_time_over_the_limit_is_noted():
    session = start(persona="executive", count=1, questions=[QUESTIONS[4]])["session"]
    result = call("practice.next", {"session": session, "answer": STRONG, "seconds": 500})
    assert result["session"]["transcript"][0]["over_time"] is True


@pytest.mark.parametrize("bad", [None, 5, {}, {"kind": "other"}, {"kind": "roundtwo.practice", "version": 1},
                                 {"kind": "roundtwo.practice", "version": 99}])
def test_damaged_session_is_bad_params(bad):
    reply = api.dispatch({"method": "practice.next", "params": {"session": bad, "answer": "x"}})
    assert reply["error"]["code"] == "bad_params"


def test_tampered_session_fields_are_bad_params():
    session = start()["session"]
    session["index"] = 99
    reply = api.dispatch({"method": "practice.next", "params": {"session": session, "answer": "x"}})
    assert reply["error"]["code"] == "bad_params"


# --- hint ------------------------------------------------------------------------------------------


STORIES = [
    {"id": "s1", "title": "App store rating", "text": "Fixed the login flow; the store rating went up after rebuilding token refresh."},
    {"id": "s2", "title": "Hiring", "text": "Hired four engineers for the platform team in a quarter."},
]
FACTS = [
    {"about": "rating", "kind": "count", "value": 4.3, "text": "the rating rose to 4.3"},
    {"about": "team size", "kind": "count", "value": 4, "text": "hired four engineers"},
]


def hint(**params):
    return call("practice.hint", params)


def test_hint_for_an_empty_answer_starts_with_the_situation():
    result = hint(question="Describe a time you improved an app store rating.", answer_so_far="")
    assert result["prompts"][0]["kind"] == "situation"


def test_hint_names_the_missing_result():
    result = hint(question="Describe a time you improved an app store rating.",
                  answer_so_far="Our app kept logging people out after updates. I rebuilt the token refresh.")
    assert "result" in [p["kind"] for p in result["prompts"]]


def test_hint_finds_the_persons_own_story_and_facts_by_word_overlap():
    result = hint(question="Describe a time you improved an app store rating.", answer_so_far="",
                  stories=STORIES, facts=FACTS)
    assert result["stories"][0]["id"] == "s1" and "rating" in result["stories"][0]["shared_words"]
    assert [f["about"] for f in result["facts"]] == ["rating"]


def test_hint_never_writes_the_answer():
    result = hint(question="Describe a time you improved an app store rating.", answer_so_far="",
                  stories=STORIES, facts=FACTS)
    for p in result["prompts"]:
        assert len(p["text"]) < 160
    for s in result["stories"]:
        story = next(x for x in STORIES if x["id"] == s["id"])
        assert s["excerpt"] in story["text"] or s["excerpt"].rstrip("\u2026") in story["text"]


def test_hint_for_a_plan_question_asks_for_order_and_trade_offs():
    result = hint(question="How would you design a job scheduler?", category="technical", answer_so_far="I'd use Redis.")
    kinds = [p["kind"] for p in result["prompts"]]
    assert "structure" in kinds and "trade_off" in kinds


def test_hint_accepts_plain_string_stories_and_ignores_junk():
    result = hint(question="Tell me about hiring engineers.", stories=["I hired four engineers", 5, None, {}],
                  facts=[1, None, {"about": 3}])
    assert result["stories"] and result["stories"][0]["id"] == "story1"


# --- hostile input ---------------------------------------------------------------------------------


def test_naughty_strings_never_fail(blns):
    session = start(persona="skeptic", count=1, questions=[QUESTIONS[0]])["session"]
    for s in blns:
        reply = api.dispatch({"method": "practice.next", "params": {"session": session, "answer": s}})
        assert reply["ok"], (s, reply)
        reply = api.dispatch({"method": "practice.hint", "params": {
            "question": s, "answer_so_far": s, "stories": [s, {"title": s, "text": s}], "facts": [{"about": s, "text": s}]}})
        assert reply["ok"], (s, reply)
        reply = api.dispatch({"method": "practice.start", "params": {"questions": [s or "x", {"text": s}]}})
        assert reply["ok"] or (not s.strip() and reply["error"]["code"] == "bad_params"), (s, reply)


def test_one_megabyte_answer_in_a_session():
    session = start(count=1, questions=[QUESTIONS[0]])["session"]
    reply = api.dispatch({"method": "practice.next", "params": {"session": session, "answer": "We did it. " * 90_000}})
    assert reply["ok"], reply
    assert reply["result"]["step"]["type"] in {"probe", "question", "summary"}
    assert "990,000" in reply["result"]["notice"]  # says how long the answer was and what of it is kept


def test_session_work_grows_linearly_with_the_answer():
    session = start(count=1, questions=[QUESTIONS[0]])["session"]
    assert_linear(lambda answer: call("practice.next", {"session": session, "answer": answer}),
                  repeat("We did it. "), 25_000)


# --- panel, retry, debrief context, feedback per question -------------------------------------------


PANEL = [
    {"name": "Dana Lee", "role": "Engineering Director", "concern": "technical_rigour"},
    {"name": "Sam Ortiz", "role": "VP Product", "concern": "Strategic alignment"},
    {"name": "", "role": "", "concern": ""},  # blank: skipped
]


def test_panelists_take_turns_each_played_by_the_persona_for_their_concern():
    result = start(panel=PANEL, count=4)
    session, step = result["session"], result["step"]
    assert [p["persona"] for p in session["panel"]] == ["technical", "executive"]
    assert step["interviewer"]["name"] == "Dana Lee" and step["persona"] == "technical"
    seen = []
    while step["type"] != "summary":
        if step["type"] == "question":
            seen.append(step["interviewer"]["name"])
        result = call("practice.next", {"session": session, "answer": "   "})
        session, step = result["session"], result["step"]
    assert seen == ["Dana Lee", "Sam Ortiz", "Dana Lee", "Sam Ortiz"]
    assert step["panel"] is True
    assert [q["interviewer"]["name"] for q in step["questions"]] == seen and all(q["skipped"] for q in step["questions"])


def test_a_panelist_without_a_known_concern_gets_one_from_their_role():
    session = start(panel=[{"name": "Kim", "role": "Chief Executive Officer"}], count=1)["session"]
    assert session["panel"][0]["concern"] == "strategic_alignment" and session["panel"][0]["persona"] == "executive"


def test_a_panel_follows_each_panelists_own_limit():
    session = start(panel=[PANEL[1]], count=1, questions=[QUESTIONS[0]])["session"]
    _, steps = play(session, [WEAK])
    assert sum(1 for s in steps if s["type"] == "probe") <= 3  # the executive's limit, not the default


def test_an_empty_panel_says_where_to_add_panelists():
    reply = api.dispatch({"method": "practice.start", "params": {"questions": QUESTIONS, "panel": [{"name": " "}]}})
    assert reply["error"]["code"] == "bad_params" and "Panel step" in reply["error"]["message"]


def test_retry_questions_come_first_and_are_marked():
    again = {"id": "old1", "text": "Tell me about a time you missed a deadline.", "category": "behavioral"}
    result = start(retry=[again], count=3, mix=["why_us", "scenario"])
    plan = result["session"]["questions"]
    assert plan[0]["id"] == "old1" and plan[0]["retry"] is True and len(plan) == 3
    assert result["step"]["retry"] is True
    assert sorted(q["category"] for q in plan[1:]) == ["scenario", "why_us"]


def test_debrief_weak_moments_and_pushback_become_context():
    debrief = [{"question": "Tell me about your biggest project.", "answer": "x", "weak": True,
                "weak_note": "lost track of the budget", "pushback": "budget, hiring; scope"}]
    ctx = start(debrief=debrief, count=1)["session"]["context"]
    assert ctx["weak_moments"] == [{"question": "Tell me about your biggest project.", "note": "lost track of the budget"}]
    assert ctx["pushback"] == ["budget", "hiring", "scope"]


def test_finishing_a_question_returns_its_graded_feedback_and_a_weak_one_is_marked_for_retry():
    session = start(persona="executive", count=2, questions=QUESTIONS[:2])["session"]
    feedback = None
    while feedback is None:
        result = call("practice.next", {"session": session, "answer": WEAK})
        session, feedback = result["session"], result.get("feedback")
    assert feedback["question_index"] == 0 and feedback["question_id"] == "b1"
    assert set(feedback["grade"]["dimensions"]) == {"structure", "specificity", "ownership", "consistency", "conciseness"}
    assert session["transcript"][feedback["transcript_index"]]["answer"] == WEAK
    assert feedback["retry"] is True
    session, steps = play(session, [STRONG])
    summary = steps[-1]
    assert [q["id"] for q in summary["retry_questions"]] == ["b1"]
    assert summary["questions"][0]["retry"] is True and "v1" in summary["settled_ids"]


def test_a_skipped_question_has_no_feedback():
    session = start(count=2)["session"]
    assert "feedback" not in call("practice.next", {"session": session, "answer": ""})


def test_an_answer_longer_than_a_session_keeps_says_so():
    session = start(count=1, questions=[QUESTIONS[0]])["session"]
    result = call("practice.next", {"session": session, "answer": "I did it. " * 30_000})
    assert "300,000 characters" in result["notice"]
    assert len(result["session"]["transcript"][0]["answer"]) == 200_000


def test_summary_checks_answers_against_locked_facts():
    facts = [{"about": "team size", "kind": "count", "value": 5, "text": "I managed five engineers", "locked": True}]
    session = start(persona="executive", count=1, questions=[QUESTIONS[1]], context={"facts": facts})["session"]
    _, steps = play(session, ["I managed seven engineers and put the customer first."])
    assert steps[-1]["questions"][0]["grade"]["scores"]["consistency"] < 5
