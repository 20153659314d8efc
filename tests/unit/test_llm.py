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


# ---- each provider's request (llm.request) ---------------------------------------------------------


def wire(provider, kind="feedback", stream=False, **over):
    inputs = {"feedback": {"answer": ANSWER, "question": "Tell me about returns."},
              "test": {}}[kind]
    return ok("llm.request", kind=kind, provider=provider, model=over.pop("model", "m-1"), stream=stream,
              **inputs, **over)


@pytest.mark.parametrize("stream", [False, True])
def test_openai_request(stream):
    r = wire("openai", stream=stream)
    req = r["request"]
    assert req["url"] == "https://api.openai.com/v1/chat/completions" and req["method"] == "POST"
    assert req["headers"] == {"content-type": "application/json"} and req["format"] == "openai"
    assert r["key"] == {"header": "authorization", "scheme": "Bearer ", "required": True}
    body = json.loads(req["body"])
    assert set(body) == {"model", "messages", "max_completion_tokens", "response_format"} | ({"stream"} if stream else set())
    assert body["response_format"] == {"type": "json_object"} and body["max_completion_tokens"] == llm.TOKENS["feedback"]
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][0]["content"] == r["system"] and ANSWER in body["messages"][1]["content"]
    assert req["stream"] is stream and body.get("stream", False) is stream


@pytest.mark.parametrize("stream", [False, True])
def test_anthropic_request(stream):
    r = wire("anthropic", stream=stream)
    req = r["request"]
    assert req["url"] == "https://api.anthropic.com/v1/messages" and req["format"] == "anthropic"
    assert req["headers"] == {"content-type": "application/json", "anthropic-version": "2023-06-01",
                              "anthropic-dangerous-direct-browser-access": "true"}
    assert r["key"] == {"header": "x-api-key", "scheme": "", "required": True}
    body = json.loads(req["body"])
    assert set(body) == {"model", "max_tokens", "system", "messages"} | ({"stream"} if stream else set())
    assert body["system"] == r["system"] and [m["role"] for m in body["messages"]] == ["user"]


@pytest.mark.parametrize("stream", [False, True])
def test_gemini_request_puts_the_model_in_the_path_and_never_a_key_in_the_url(stream):
    r = wire("gemini", stream=stream, model="gemini-2.0-flash")
    req = r["request"]
    base = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash"
    assert req["url"] == (f"{base}:streamGenerateContent?alt=sse" if stream else f"{base}:generateContent")
    assert "key" not in req["url"] and req["headers"] == {"content-type": "application/json"}
    assert r["key"] == {"header": "x-goog-api-key", "scheme": "", "required": True}
    body = json.loads(req["body"])
    assert body["systemInstruction"] == {"parts": [{"text": r["system"]}]}
    assert body["contents"][0]["role"] == "user" and ANSWER in body["contents"][0]["parts"][0]["text"]
    assert body["generationConfig"] == {"maxOutputTokens": llm.TOKENS["feedback"], "responseMimeType": "application/json"}
    odd = wire("gemini", model="tuned/my model")["request"]["url"]
    assert "/models/tuned%2Fmy%20model:generateContent" in odd


def test_compatible_request_goes_to_the_base_url_the_person_gave():
    r = wire("compatible", kind="test", base_url="http://127.0.0.1:8080/v1/", stream=True)
    req = r["request"]
    assert req["url"] == "http://127.0.0.1:8080/v1/chat/completions" and req["format"] == "openai"
    assert r["key"] == {"header": "authorization", "scheme": "Bearer ", "required": False}
    body = json.loads(req["body"])
    assert body == {"model": "m-1", "messages": [{"role": "system", "content": r["system"]},
                                                 {"role": "user", "content": "Reply with the single word OK."}],
                    "max_tokens": 16, "stream": True}
    assert wire("compatible", kind="test")["request"]["url"] == "http://localhost:11434/v1/chat/completions"


@pytest.mark.parametrize("base, words", [
    ("ftp://example.org", "must start with http:// or https://"),
    ("https://me:secret@example.org/v1", "user name and password"),
    ("https://example.org/v1?token=1", "?… and #… parts"),
    ("local host", "not a web address"),
    ("http://", "not a web address"),
])
def test_a_bad_base_url_says_how_to_write_it(base, words):
    reply = call("llm.request", kind="test", provider="compatible", model="m", base_url=base)
    assert not reply["ok"] and words in reply["error"]["message"]


@pytest.mark.parametrize("params, words", [
    ({"kind": "test", "model": "m"}, "Choose a provider"),
    ({"kind": "test", "provider": "openai", "model": "  "}, "model name for OpenAI"),
    ({"kind": "feedback", "provider": "openai", "model": "m", "answer": " "}, "no answer"),
])
def test_request_without_what_it_needs(params, words):
    reply = call("llm.request", **params)
    assert not reply["ok"] and words in reply["error"]["message"]


def test_the_request_carries_no_key_field_whatever_it_is_given():
    r = ok("llm.request", kind="test", provider="openai", model="m", key="sk-should-never-be-here")
    assert "sk-should-never-be-here" not in json.dumps(r)


# ---- each provider's complete reply (llm.parse with "reply") ---------------------------------------


FOLLOW = json.dumps({"question": "Which part of the redesign was yours alone?"})


def openai_body(content, finish="stop"):
    return json.dumps({"id": "x", "object": "chat.completion",
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}]})


def anthropic_body(content, stop="end_turn"):
    return json.dumps({"id": "m", "type": "message", "role": "assistant", "stop_reason": stop,
                       "content": [{"type": "text", "text": content[:10]}, {"type": "tool_use", "id": "t"},
                                   {"type": "text", "text": content[10:]}]})


def gemini_body(content, finish="STOP"):
    return json.dumps({"candidates": [{"content": {"role": "model", "parts": [{"text": content[:7]}, {"text": content[7:]}]},
                                       "finishReason": finish}]})


@pytest.mark.parametrize("provider, body", [
    ("openai", openai_body), ("compatible", openai_body), ("anthropic", anthropic_body), ("gemini", gemini_body)])
def test_each_providers_reply_is_read_then_checked(provider, body):
    r = ok("llm.parse", kind="follow_up", provider=provider, reply=body(FOLLOW))
    assert r["usable"] and r["result"]["question"] == "Which part of the redesign was yours alone?"
    t = ok("llm.parse", kind="test", provider=provider, reply=body("OK"))
    assert t["usable"] and t["result"]["reply"] == "OK"


@pytest.mark.parametrize("provider, body", [
    ("openai", openai_body(FOLLOW, finish="length")), ("anthropic", anthropic_body(FOLLOW, stop="max_tokens")),
    ("gemini", gemini_body(FOLLOW, finish="MAX_TOKENS"))])
def test_a_reply_stopped_at_its_token_limit_is_marked_cut_off(provider, body):
    r = ok("llm.parse", kind="follow_up", provider=provider, reply=body)
    assert r["usable"] and "cut off" in r["note"]


@pytest.mark.parametrize("provider, raw, words", [
    ("openai", "<html>Bad gateway</html>", "OpenAI's reply could not be read"),
    ("openai", json.dumps({"unexpected": True}), "OpenAI's reply had no text in it"),
    ("anthropic", json.dumps({"type": "message", "content": "no list"}), "Anthropic's reply had no text"),
    ("gemini", json.dumps({"promptFeedback": {"blockReason": "SAFETY"}}), "Google Gemini declined to answer (SAFETY)"),
    ("gemini", json.dumps({"candidates": []}), "had no text"),
    ("compatible", "[1, 2]", "An OpenAI-compatible server's reply could not be read"),
])
def test_unreadable_replies_say_so_and_the_rules_stand(provider, raw, words):
    r = ok("llm.parse", kind="second_reader", provider=provider, reply=raw, earlier="a b c", later="d e f")
    assert r["usable"] is False and words in r["note"] and "rule-based check stands" in r["note"]
    t = ok("llm.parse", kind="test", provider=provider, reply=raw)
    assert t["usable"] is False and words in t["note"]


def test_a_reply_needs_its_provider():
    reply = call("llm.parse", kind="test", reply="{}")
    assert not reply["ok"] and "'provider'" in reply["error"]["message"]


def test_hostile_reply_bodies_never_raise(blns):
    for s in blns[:150]:
        for provider in llm.PROVIDERS:
            for raw in (s, json.dumps({"choices": [{"message": {"content": s}}], "content": [{"type": "text", "text": s}],
                                       "candidates": [{"content": {"parts": [{"text": s}]}}]})):
                assert call("llm.parse", kind="feedback", provider=provider, reply=raw, answer=s or "x")["ok"]
