"""llm.prompt and llm.parse: what goes to a language model, and how its replies are checked before use."""

import json

import pytest

from roundtwo import api, llm
from tests.unit.dispatch import call, ok

ANSWER = ("At Harbour Books I led the returns redesign. We printed the refund label inside every parcel, and "
          "repeat orders rose 30% over one quarter. I presented the result to the owners.")


# ---- prompts ---------------------------------------------------------------------------------------


def test_feedback_prompt_carries_the_answer_question_and_locked_facts_only():
    facts = [{"text": "repeat orders rose 30%", "about": "repeat orders", "locked": True, "value": 30}]
    p = ok("llm.prompt", kind="feedback", question="Tell me about returns.", answer=ANSWER, facts=facts)
    assert p["kind"] == "feedback" and p["json"] is True and p["max_tokens"] > 0
    assert [m["role"] for m in p["messages"]] == ["user"]
    user = p["messages"][0]["content"]
    assert ANSWER in user and "Tell me about returns." in user and "- repeat orders rose 30% (about: repeat orders)" in user
    for dim in llm.DIMENSIONS:
        assert dim in p["system"]
    assert "JSON" in p["system"]  # OpenAI's JSON mode requires the word in the messages
    assert p["trimmed"] is False


def test_a_long_answer_is_trimmed_and_says_so():
    p = ok("llm.prompt", kind="feedback", answer="word " * 5000)
    assert p["trimmed"] is True
    assert len(p["messages"][0]["content"]) < llm.MAX_ANSWER_CHARS + 2000


@pytest.mark.parametrize("params, words", [
    ({"kind": "feedback", "answer": "  "}, "no answer"),
    ({"kind": "second_reader", "earlier": "x", "later": ""}, "Both texts"),
    ({"kind": "tailor", "job_description": "short"}, "whole job description"),
    ({"kind": "nonsense"}, "must be one of"),
    ({}, "'kind' is missing"),
    ({"kind": "follow_up", "question": "Q?", "turns": []}, "no answer to follow up"),
])
def test_bad_inputs_say_what_to_do(params, words):
    reply = api.dispatch({"method": "llm.prompt", "params": params})
    assert not reply["ok"] and reply["error"]["code"] == "bad_params"
    assert words in reply["error"]["message"]


def test_follow_up_prompt_is_in_the_personas_voice_and_aims_at_the_rule_probes():
    p = ok("llm.prompt", kind="follow_up", persona="skeptic", question="Tell me about returns.",
           turns=[{"prompt": "Tell me about returns.", "answer": ANSWER}],
           probes=[{"text": "What was the baseline before the 30%?", "why": "a number without a baseline"}])
    assert "Morgan" in p["system"] and "Direct skeptic" in p["system"]
    assert "What was the baseline before the 30%?" in p["messages"][0]["content"]
    assert ANSWER in p["messages"][0]["content"]


def test_unknown_persona_is_a_clear_error():
    reply = call("llm.prompt", kind="follow_up", persona="nobody", question="Q", turns=[{"prompt": "Q", "answer": "A"}])
    assert not reply["ok"] and "persona" in reply["error"]["message"]


def test_second_reader_and_tailor_prompts():
    p = ok("llm.prompt", kind="second_reader", earlier="We were 5 people.", later="We were 9 people.")
    assert "EARLIER:\n<<<\nWe were 5 people.\n>>>" in p["messages"][0]["content"]
    t = ok("llm.prompt", kind="tailor", job_description="We need a product manager to own checkout and payments. " * 3)
    assert "checkout and payments" in t["messages"][0]["content"]
    test = ok("llm.prompt", kind="test")
    assert test["json"] is False and test["max_tokens"] <= 16


# ---- finding quotes --------------------------------------------------------------------------------


@pytest.mark.parametrize("quote", [
    "repeat orders rose 30%", "Repeat Orders Rose 30%", "repeat orders  rose\n30%", "\u201crepeat orders rose 30%\u201d",
    "repeat orders rose 30%...",
])
def test_a_quote_is_found_up_to_case_spacing_and_quote_marks(quote):
    start, end = llm.find_quote(ANSWER, quote)
    assert ANSWER[start:end].lower().startswith("repeat orders rose 30")


@pytest.mark.parametrize("quote", ["repeat orders rose 40%", "", "ab", None, 42, "the owners approved it"])
def test_words_not_in_the_text_are_not_found(quote):
    assert llm.find_quote(ANSWER, quote) is None


def test_offsets_are_code_points_past_astral_characters():
    text = "\U0001F600 We grew revenue by 12% in 2023."
    start, end = llm.find_quote(text, "revenue by 12%")
    assert text[start:end] == "revenue by 12%"


# ---- reading replies -------------------------------------------------------------------------------


def feedback_reply(**over):
    dims = {d: {"score": 4, "points": [{"kind": "went_well", "note": "Clear result.", "quote": "repeat orders rose 30%"}]}
            for d in llm.DIMENSIONS}
    dims["ownership"] = {"score": 2, "points": [
        {"kind": "improve", "note": "Say what you did.", "quote": "We printed the refund label"},
        {"kind": "improve", "note": "Invented.", "quote": "I single-handedly rebuilt payments"}]}
    body = {"dimensions": dims, "summary": "A solid answer."}
    body.update(over)
    return json.dumps(body)


def test_feedback_reply_becomes_the_rule_shape_with_offsets_and_drops_invented_quotes():
    r = ok("llm.parse", kind="feedback", answer=ANSWER, text=feedback_reply())
    assert r["usable"] and r["dropped"] == 1
    dims = r["result"]["dimensions"]
    assert set(dims) == set(llm.DIMENSIONS)
    own = dims["ownership"]
    assert own["score"] == 2 and own["label"] == "weak" and len(own["improve"]) == 1
    item = own["improve"][0]
    assert ANSWER[item["start"]:item["end"]] == item["text"] == "We printed the refund label"
    assert r["result"]["overall"]["score"] == round(4 * 0.8 + 2 * 0.2, 1)
    assert r["result"]["summary"] == "A solid answer."


@pytest.mark.parametrize("wrap", [
    "```json\n{}\n```", "Here is my grading:\n{}\nHope it helps!", "{}",
])
def test_json_is_found_inside_fences_and_chatter(wrap):
    r = ok("llm.parse", kind="feedback", answer=ANSWER, text=wrap.replace("{}", feedback_reply()))
    assert r["usable"]


@pytest.mark.parametrize("text, words", [
    ("I think the answer is great.", "form asked for"),
    ("", "empty reply"),
    ('{"dimensions": {"structure": {"score": 4, "points": [', "cut off"),
    ('{"dimensions": {"structure": {"score": 9}}}', "no usable scores"),
    ('{"dimensions": "good"}', "no grades"),
    ('[1, 2, 3]', "form asked for"),
])
def test_unusable_feedback_replies_fall_back_with_a_note(text, words):
    r = ok("llm.parse", kind="feedback", answer=ANSWER, text=text)
    assert r["usable"] is False and words in r["note"] and "rule-based feedback" in r["note"]
    assert "result" not in r


def test_a_stream_cut_midway_is_noted_even_when_json_parsed():
    r = ok("llm.parse", kind="follow_up", text='{"question": "And the baseline?"}', finished=False)
    assert r["usable"] and "cut off" in r["note"]


def test_partial_dimensions_say_which_the_rules_keep():
    body = json.dumps({"dimensions": {"structure": {"score": "3", "points": []}}})
    r = ok("llm.parse", kind="feedback", answer=ANSWER, text=body)
    assert r["usable"] and list(r["result"]["dimensions"]) == ["structure"]
    assert "ownership" in r["note"] and "rule-based scores stand" in r["note"]


def test_follow_up_reply():
    r = ok("llm.parse", kind="follow_up", text='{"question": "  Hold on.  What was the baseline?  "}')
    assert r["result"]["question"] == "Hold on. What was the baseline?"
    long = ok("llm.parse", kind="follow_up", text=json.dumps({"question": "why " * 200}))
    assert not long["usable"] and "rule-based follow-up" in long["note"]
    assert not ok("llm.parse", kind="follow_up", text='{"q": 1}')["usable"]


def test_second_reader_keeps_only_anchored_contradictions_in_compare_shape():
    earlier, later = "In 2021 my team was 5 engineers.", "By then I managed 9 engineers, all hired by me."
    text = json.dumps({"contradictions": [
        {"about": "team size", "earlier_quote": "5 engineers", "later_quote": "9 engineers", "explanation": "5 against 9."},
        {"about": "made up", "earlier_quote": "12 designers", "later_quote": "9 engineers", "explanation": "x"},
        "junk"]})
    r = ok("llm.parse", kind="second_reader", earlier=earlier, later=later, text=text)
    assert r["usable"] and r["dropped"] == 2 and "left out" in r["note"]
    [c] = r["result"]["conflicts"]
    rule = ok("consistency.compare", earlier=earlier, later=later)["conflicts"][0]
    assert set(rule) >= {"about", "kind", "earlier", "later", "message"} and set(c) >= {"about", "kind", "earlier", "later", "message"}
    assert earlier[c["earlier"]["start"]:c["earlier"]["end"]] == "5 engineers"
    assert later[c["later"]["start"]:c["later"]["end"]] == "9 engineers"
    assert c["source"] == "model"


def test_tailor_reply_tags_the_source_and_cleans_categories():
    text = json.dumps({"questions": [{"text": "How would you grow payments?", "category": "scenario", "why": "owns payments"},
                                     {"text": "How would you grow payments?", "category": "scenario"},
                                     {"text": "Tell me about a launch.", "category": "weird"}, {"nope": 1}]})
    r = ok("llm.parse", kind="tailor", text=text)
    qs = r["result"]["questions"]
    assert [q["text"] for q in qs] == ["How would you grow payments?", "Tell me about a launch."]
    assert qs[1]["category"] == "behavioral" and all("language model" in q["source"] for q in qs)
    assert r["dropped"] == 2


def test_test_reply_and_bad_parse_params():
    assert ok("llm.parse", kind="test", text=" OK ")["result"]["reply"] == "OK"
    reply = call("llm.parse", kind="feedback", answer=ANSWER)
    assert not reply["ok"] and "'text' is missing" in reply["error"]["message"]
    reply = call("llm.parse", kind="feedback", answer=ANSWER, text=42)
    assert not reply["ok"] and reply["error"]["code"] == "bad_params"


def test_hostile_replies_never_raise(blns):
    for s in blns[:200]:
        for kind in ("feedback", "follow_up", "second_reader", "tailor"):
            reply = call("llm.parse", kind=kind, text=s, answer=s or "x", earlier=s or "x", later=s or "y")
            assert reply["ok"], (kind, s, reply)
        reply = call("llm.parse", kind="second_reader", earlier=s or "x", later="y",
                     text=json.dumps({"contradictions": [{"earlier_quote": s, "later_quote": s}]}))
        assert reply["ok"]
