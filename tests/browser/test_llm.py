"""The optional language model, in Chromium. Only the remote provider is faked: each provider's endpoint
is intercepted with page.route, the exact request is checked (URL, method, headers, body) and answered
with replies shaped like the providers' own, streamed and not. One test talks to a small
OpenAI-compatible server on 127.0.0.1 through a real socket. With the feature off nothing leaves the
site's origin, and the key is found nowhere it must not be."""

from __future__ import annotations

import http.server
import json
import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_app, saved, wait_ready

pytestmark = pytest.mark.browser

KEY = "sk-test-0123456789abcdefKEYKEY"
ANSWER = ("At Harbour Books I led the returns redesign. We printed the refund label inside every parcel, and "
          "repeat orders rose 30% over one quarter. I presented the result to the owners.")
EARLIER = "In 2021 my team was 5 engineers and we shipped the app in March."
LATER = "By then I managed 9 engineers, and the app shipped in June."
CORS = {"access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "POST, OPTIONS",
        "access-control-expose-headers": "retry-after"}


def doc_with_rounds():
    def q(qid, text, answer):
        return {"id": qid, "question": text, "answer": answer, "notes": "", "weak": False, "weak_note": "", "pushback": ""}
    return {
        "version": 2, "current": "i1",
        "interviews": [{
            "id": "i1", "company": "Acme", "role": "Engineering manager", "candidate_name": "", "next_round_at": "",
            "news_expected_by": "",
            "rounds": [{"id": "r1", "name": "Round one", "ended_at": "", "interviewers": "",
                        "questions": [q("q-1", "Tell me about your team.", EARLIER)]},
                       {"id": "r2", "name": "Round two", "ended_at": "", "interviewers": "",
                        "questions": [q("q-2", "How big was the team?", LATER)]}],
            "ledger": {"facts": []}, "panel": {"panelists": []}, "salary": {}, "plan": {"done": {}},
        }],
        "bank": {"custom": [], "hidden": [], "values": []},
        "practice": {},
    }


def seed(page, doc):
    page.add_init_script("if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
                         " localStorage.setItem('roundtwo.doc', %s); }" % json.dumps(json.dumps(doc)))


class Provider:
    """A fake provider endpoint: records each request and answers with the next planned reply."""

    def __init__(self, page, pattern):
        self.requests = []
        self.replies = []
        page.route(pattern, self.handle)

    def answer(self, body="", status=200, content_type="application/json", headers=None):
        self.replies.append({"status": status, "body": body, "content_type": content_type, "headers": headers or {}})

    def handle(self, route):
        request = route.request
        if request.method == "OPTIONS":
            return route.fulfill(status=204, headers=CORS)
        self.requests.append({"url": request.url, "method": request.method, "headers": request.all_headers(),
                              "body": json.loads(request.post_data or "null")})
        if not self.replies:
            return  # never answered: the page must give up by itself (timeout) or be cancelled
        reply = self.replies.pop(0)
        if reply.get("abort"):
            return route.abort("failed")
        route.fulfill(status=reply["status"], body=reply["body"],
                      headers={**CORS, "content-type": reply["content_type"], **reply["headers"]})

    def fail_network(self):
        self.replies.append({"abort": True})


def sse(events):
    """Server-sent events text: (event name or None, data) pairs."""
    return "".join((f"event: {name}\n" if name else "") + f"data: {data}\n\n" for name, data in events)


def openai_reply(content, finish="stop"):
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini",
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}],
                       "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})


def openai_stream(content, pieces=4, done=True):
    step = max(1, len(content) // pieces)
    chunks = [content[i:i + step] for i in range(0, len(content), step)]
    events = [(None, json.dumps({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}))]
    events += [(None, json.dumps({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": c}, "finish_reason": None}]})) for c in chunks]
    if done:
        events += [(None, json.dumps({"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})), (None, "[DONE]")]
    return sse(events)


def anthropic_stream(content):
    half = len(content) // 2
    return sse([
        ("message_start", json.dumps({"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [], "model": "claude-3-5-haiku-latest", "stop_reason": None, "usage": {"input_tokens": 20, "output_tokens": 1}}})),
        ("content_block_start", json.dumps({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})),
        ("ping", json.dumps({"type": "ping"})),
        ("content_block_delta", json.dumps({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": content[:half]}})),
        ("content_block_delta", json.dumps({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": content[half:]}})),
        ("content_block_stop", json.dumps({"type": "content_block_stop", "index": 0})),
        ("message_delta", json.dumps({"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": {"output_tokens": 15}})),
        ("message_stop", json.dumps({"type": "message_stop"})),
    ])


def gemini_reply(content):
    return json.dumps({"candidates": [{"content": {"parts": [{"text": content}], "role": "model"}, "finishReason": "STOP", "index": 0}],
                       "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 1}, "modelVersion": "gemini-2.0-flash"})


def gemini_stream(content):
    half = len(content) // 2
    return sse([(None, json.dumps({"candidates": [{"content": {"parts": [{"text": content[:half]}], "role": "model"}, "index": 0}]})),
                (None, json.dumps({"candidates": [{"content": {"parts": [{"text": content[half:]}], "role": "model"}, "finishReason": "STOP", "index": 0}]}))])


FEEDBACK = json.dumps({"dimensions": {
    "structure": {"score": 4, "points": [{"kind": "went_well", "note": "A clear result at the end.", "quote": "repeat orders rose 30% over one quarter"}]},
    "specificity": {"score": 5, "points": [{"kind": "went_well", "note": "A number with a period.", "quote": "30% over one quarter"}]},
    "ownership": {"score": 2, "points": [{"kind": "improve", "note": "Say what you did yourself.", "quote": "We printed the refund label"},
                                         {"kind": "improve", "note": "Invented.", "quote": "I rebuilt payments alone"}]},
    "consistency": {"score": 4, "points": []},
    "conciseness": {"score": 4, "points": []}}, "summary": "Strong result, shared credit."})

READER = json.dumps({"contradictions": [
    {"about": "team size", "earlier_quote": "5 engineers", "later_quote": "9 engineers", "explanation": "Five engineers earlier, nine later."},
    {"about": "launch month", "earlier_quote": "shipped the app in March", "later_quote": "the app shipped in June", "explanation": "March against June."},
    {"about": "invented", "earlier_quote": "12 designers", "later_quote": "9 engineers", "explanation": "Not in the text."}]})


# ---- helpers -----------------------------------------------------------------------------------------


def turn_on(page, provider, *, model=None, key=KEY, stream=True, follow_ups=False, base=None):
    if not page.url.endswith("#model"):
        page.click("nav a[href='#model']")
    page.check(f"#llm-on-{provider}")
    if model:
        page.fill(f"#llm-{provider}-model", model)
    if base:
        page.fill("#llm-compatible-base", base)
    if key:
        page.fill(f"#llm-{provider}-key", key)
    page.set_checked("#llm-stream", stream)
    page.set_checked("#llm-follow-ups", follow_ups)
    expect(page.locator("[data-llm-state=on]")).to_be_visible()


def send_from_preview(page, dont_ask_again=False):
    dialog = page.locator("#llm-preview")
    expect(dialog).to_be_visible()
    if dont_ask_again:
        page.check("#llm-preview-skip")
    page.click("#llm-preview-send")
    expect(dialog).to_have_count(0)


def start_practice(page, answer=ANSWER):
    page.click("nav a[href='#practice']")
    page.wait_for_selector("#practice-persona-skeptic")
    page.fill("#f-practice-setup-count", "1")
    page.check("#practice-persona-skeptic")
    page.click("#practice-start")
    page.wait_for_selector("#practice-answer")
    page.fill("#practice-answer", answer)
    page.click("#practice-submit")


def to_feedback(page):
    """Move on past every follow-up, to the question's graded feedback."""
    for _ in range(10):
        page.wait_for_selector("#practice-feedback-title, #practice-skip:enabled")
        if page.locator("#practice-feedback-title").count():
            return
        page.click("#practice-skip")
    raise AssertionError("never reached the feedback")


def headers_of(request, *names):
    return {n: request["headers"].get(n) for n in names}


# ---- off by default ----------------------------------------------------------------------------------


def test_off_by_default_a_full_use_of_every_view_sends_nothing_beyond_the_site(context, page, app_url):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(app_url))
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    seed(page, doc_with_rounds())
    open_app(page, app_url)
    for view in ["debrief", "ledger", "escalation", "panel", "salary", "plan", "about", "model"]:
        page.click(f"nav.steps a[href='#{view}']")
        expect(page.locator(f"section#{view}")).to_be_visible()
    expect(page.locator("[data-llm-state=off]")).to_contain_text("Nothing is sent anywhere")
    assert not page.is_checked("#llm-on-openai")
    page.click("#llm-reader-go")  # the rules alone, and a plain note instead of a model
    expect(page.locator("[data-reader-rules]")).to_contain_text("engineers")
    expect(page.locator("[data-reader-model]")).to_contain_text("Turn on a language model")
    start_practice(page)
    to_feedback(page)
    expect(page.locator("#llm-feedback-ask")).to_have_count(0)
    page.click("#practice-continue")
    page.wait_for_selector("#practice-summary-title")
    outside = [u for u in requests if not u.startswith(origin) and not u.startswith(("data:", "blob:"))]
    assert outside == []
    csp = page.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
    connect = next(d.strip() for d in csp.split(";") if d.strip().startswith("connect-src"))
    assert connect == ("connect-src 'self' https://api.openai.com https://api.anthropic.com "
                       "https://generativelanguage.googleapis.com http://localhost:* http://127.0.0.1:*")


# ---- each provider, each use -------------------------------------------------------------------------


def test_openai_feedback_beside_the_rules_with_the_exact_request(page, app_url):
    api = Provider(page, "https://api.openai.com/**")
    open_app(page, app_url, "#model")
    turn_on(page, "openai", model="gpt-4o-mini", stream=False)
    start_practice(page)
    to_feedback(page)
    rule_scores = page.locator(".card.feedback .dimension h4").all_text_contents()
    assert len(rule_scores) == 5
    api.answer(openai_reply(FEEDBACK))
    page.click("#llm-feedback-ask")
    expect(page.locator("#llm-preview [data-preview-url]")).to_have_text("https://api.openai.com/v1/chat/completions")
    shown = page.text_content("#llm-preview [data-preview-headers]") + page.text_content("#llm-preview [data-preview-body]")
    assert KEY not in shown and "your key, hidden here" in shown and "repeat orders rose 30%" in shown
    send_from_preview(page)
    opinion = page.locator("[data-llm-feedback]")
    expect(opinion).to_contain_text("From the language model · OpenAI · gpt-4o-mini")
    [req] = api.requests
    assert req["url"] == "https://api.openai.com/v1/chat/completions" and req["method"] == "POST"
    assert headers_of(req, "authorization", "content-type") == {"authorization": f"Bearer {KEY}", "content-type": "application/json"}
    assert "cookie" not in req["headers"] and "referer" not in req["headers"]
    body = req["body"]
    assert set(body) == {"model", "messages", "max_completion_tokens", "response_format"}
    assert body["model"] == "gpt-4o-mini" and body["response_format"] == {"type": "json_object"}
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert ANSWER in body["messages"][1]["content"] and "ownership" in body["messages"][0]["content"]
    # Beside, not instead: the rule-based scores are as they were, the model's sit in their own table.
    assert page.locator(".card.feedback .dimension h4").all_text_contents() == rule_scores
    expect(page.locator("[data-llm-scores] tr[data-dim=ownership] [data-model-score]")).to_have_text("2/5 weak")
    expect(opinion.locator("mark", has_text="We printed the refund label")).to_have_count(1)
    expect(opinion).not_to_contain_text("I rebuilt payments alone")  # a quote not in the answer is dropped
    expect(opinion).to_contain_text("Strong result, shared credit.")


def test_anthropic_streamed_second_reader_anchors_each_contradiction(page, app_url):
    api = Provider(page, "https://api.anthropic.com/**")
    seed(page, doc_with_rounds())
    open_app(page, app_url, "#model")
    turn_on(page, "anthropic", model="claude-3-5-haiku-latest", stream=True)
    api.answer(anthropic_stream(READER), content_type="text/event-stream")
    page.click("#llm-reader-go")
    send_from_preview(page)
    model = page.locator("[data-reader-model]")
    expect(model.locator("[data-suggestion]")).to_have_count(2)
    expect(model).to_contain_text("from the model · Anthropic · claude-3-5-haiku-latest")
    expect(model).to_contain_text("1 of the model's points quoted words that are not in your texts")
    expect(page.locator("[data-reader-rules]")).to_contain_text("engineers")
    [req] = api.requests
    assert req["url"] == "https://api.anthropic.com/v1/messages" and req["method"] == "POST"
    assert headers_of(req, "x-api-key", "anthropic-version", "anthropic-dangerous-direct-browser-access", "content-type") == {
        "x-api-key": KEY, "anthropic-version": "2023-06-01", "anthropic-dangerous-direct-browser-access": "true",
        "content-type": "application/json"}
    assert "authorization" not in req["headers"]
    body = req["body"]
    assert set(body) == {"model", "max_tokens", "system", "messages", "stream"} and body["stream"] is True
    assert body["messages"] == [{"role": "user", "content": f"EARLIER:\n<<<\n{EARLIER}\n>>>\n\nLATER:\n<<<\n{LATER}\n>>>"}]
    first = model.locator("[data-suggestion]").first
    expect(first.locator("mark").first).to_have_text("5 engineers")
    first.get_by_role("button", name="Accept").click()
    expect(first.locator("[data-suggestion-status]")).to_contain_text("Accepted")
    second = model.locator("[data-suggestion]").nth(1)
    second.get_by_role("button", name="Dismiss").click()
    expect(second).to_have_class("conflict-item dismissed")


@pytest.mark.parametrize("stream", [False, True])
def test_gemini_test_connection_streamed_and_not(page, app_url, stream):
    api = Provider(page, "https://generativelanguage.googleapis.com/**")
    open_app(page, app_url, "#model")
    turn_on(page, "gemini", model="gemini-2.0-flash", stream=stream)
    api.answer(gemini_stream("OK") if stream else gemini_reply("OK"), content_type="text/event-stream" if stream else "application/json")
    page.click("[data-llm-test=gemini]")
    send_from_preview(page, dont_ask_again=True)
    expect(page.locator("[data-llm-test-ok]")).to_have_text("Connected: Google Gemini · gemini-2.0-flash replied “OK”.")
    [req] = api.requests
    base = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash"
    assert req["url"] == (f"{base}:streamGenerateContent?alt=sse" if stream else f"{base}:generateContent")
    assert KEY not in req["url"]  # in a header, never in the address
    assert headers_of(req, "x-goog-api-key", "content-type") == {"x-goog-api-key": KEY, "content-type": "application/json"}
    body = req["body"]
    assert body["contents"] == [{"role": "user", "parts": [{"text": "Reply with the single word OK."}]}]
    assert body["systemInstruction"] == {"parts": [{"text": "You are answering a connection test."}]}
    assert body["generationConfig"] == {"maxOutputTokens": 16}
    # "Don't ask again": the second test goes straight out.
    api.answer(gemini_stream("OK") if stream else gemini_reply("OK"), content_type="text/event-stream" if stream else "application/json")
    page.click("[data-llm-test=gemini]")
    expect(page.locator("[data-llm-test-ok]")).to_be_visible()
    assert len(api.requests) == 2 and page.locator("#llm-preview").count() == 0


def test_gemini_bad_key_and_a_retry_delay_in_the_body(page, app_url):
    api = Provider(page, "https://generativelanguage.googleapis.com/**")
    open_app(page, app_url, "#model")
    turn_on(page, "gemini", stream=False)
    api.answer(json.dumps({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
                                     "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}]}}), status=400)
    page.click("[data-llm-test=gemini]")
    send_from_preview(page, dont_ask_again=True)
    error = page.locator("[data-llm-test-out=gemini] [data-llm-error]")
    expect(error).to_contain_text("Google Gemini did not accept the API key (HTTP 400)")
    api.answer(json.dumps({"error": {"code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED",
                                     "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "17s"}]}}), status=429)
    page.click("[data-llm-test=gemini]")
    expect(error).to_contain_text("Try again in 17 seconds")


def test_follow_up_in_the_interviewers_voice_replaces_the_rule_probe(page, app_url):
    api = Provider(page, "https://api.openai.com/**")
    open_app(page, app_url, "#model")
    turn_on(page, "openai", stream=True, follow_ups=True)
    api.answer(openai_stream(json.dumps({"question": "Hold on. Thirty percent against what baseline, and who chose it?"})),
               content_type="text/event-stream")
    start_practice(page)
    send_from_preview(page)
    expect(page.locator("#practice-prompt")).to_have_text("Hold on. Thirty percent against what baseline, and who chose it?")
    expect(page.locator("[data-probe-source=model]")).to_contain_text("Worded by the language model · OpenAI · gpt-4o-mini")
    [req] = api.requests
    assert req["body"]["stream"] is True
    system, user = req["body"]["messages"][0]["content"], req["body"]["messages"][1]["content"]
    assert "Morgan" in system and "Direct skeptic" in system
    assert ANSWER in user and "The coach's pick of what to press on next" in user
    # The model's wording is what the session records as asked.
    page.fill("#practice-answer", "Against the 2.1% of the quarter before; I chose it with finance.")
    page.click("#practice-submit")
    expect(page.locator("#practice-prompt")).not_to_have_text("Hold on. Thirty percent against what baseline, and who chose it?")
    transcript = saved(page)["practice"]["active"]["session"]["transcript"]
    assert transcript[1]["prompt"] == "Hold on. Thirty percent against what baseline, and who chose it?"


def test_a_failing_follow_up_leaves_the_rule_probe(page, app_url):
    api = Provider(page, "https://api.openai.com/**")
    open_app(page, app_url, "#model")
    turn_on(page, "openai", stream=False, follow_ups=True)
    api.answer(openai_reply("Sure! Here's a question: what was the baseline?"))
    start_practice(page)
    expect(page.locator("#llm-preview")).to_be_visible()  # asked once the rule probe is on screen
    rule = page.text_content("#practice-prompt")
    send_from_preview(page)
    expect(page.locator("[data-llm-probe]")).to_contain_text("rule-based follow-up stands")
    assert page.text_content("#practice-prompt") == rule


JOB = ("Senior product manager, payments. You will own checkout and payment conversion across web and app, "
       "work with finance on fraud losses, and lead a team of four engineers and a designer.")
TAILORED = json.dumps({"questions": [
    {"text": "How would you cut fraud losses without hurting checkout conversion?", "category": "scenario", "why": "fraud losses with finance"},
    {"text": "Tell me about a time you led engineers you did not manage.", "category": "behavioral", "why": "lead a team"}]})


def test_questions_from_a_job_description_join_the_bank_tagged_with_their_source(page, app_url):
    api = Provider(page, "https://generativelanguage.googleapis.com/**")
    open_app(page, app_url, "#model")
    turn_on(page, "gemini", stream=True)
    page.fill("#llm-tailor-job", "too short")
    api.answer(gemini_stream(TAILORED), content_type="text/event-stream")
    page.click("#llm-tailor-go")
    expect(page.locator("[data-llm-tailor-out] [data-llm-error]")).to_contain_text("Paste the whole job description")
    assert api.requests == []  # a wrong input never leaves the page
    page.fill("#llm-tailor-job", JOB)
    page.click("#llm-tailor-go")
    send_from_preview(page)
    items = page.locator("[data-tailored]")
    expect(items).to_have_count(2)
    [req] = api.requests
    assert req["url"].endswith("/models/gemini-2.0-flash:streamGenerateContent?alt=sse")
    assert JOB in req["body"]["contents"][0]["parts"][0]["text"]
    assert req["body"]["generationConfig"]["responseMimeType"] == "application/json"
    items.first.get_by_role("button", name="Add to my questions").click()
    expect(items.first.locator("[data-added]")).to_be_visible()
    custom = saved(page)["bank"]["custom"]
    assert [(q["text"], q["category"], q["origin"]) for q in custom] == [
        ("How would you cut fraud losses without hurting checkout conversion?", "scenario",
         "language model, from your job description")]
    page.click("nav a[href='#escalation']")
    expect(page.locator("text=How would you cut fraud losses without hurting checkout conversion?").first).to_be_visible()
    expect(page.locator("text=Proposed by a language model, from your job description").first).to_be_visible()


# ---- failures ----------------------------------------------------------------------------------------


def test_each_failure_says_what_to_do_and_loses_nothing(page, app_url):
    api = Provider(page, "https://api.openai.com/**")
    open_app(page, app_url, "#model")
    turn_on(page, "openai", stream=False)
    error = page.locator("[data-llm-test-out=openai] [data-llm-error]")

    def attempt(expected, first=False):
        page.click("[data-llm-test=openai]")
        if first:
            send_from_preview(page, dont_ask_again=True)
        expect(error).to_contain_text(expected)
        assert KEY not in error.text_content()

    api.answer(json.dumps({"error": {"message": f"Incorrect API key provided: {KEY[:3]}****{KEY[-4:]}.", "type": "invalid_request_error", "code": "invalid_api_key"}}), status=401)
    attempt("did not accept the API key (HTTP 401)", first=True)
    api.answer(json.dumps({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}), status=429, headers={"retry-after": "20"})
    attempt("Try again in 20 seconds")
    api.answer(json.dumps({"error": {"message": "Rate limit reached for gpt-4o-mini. Please try again in 7.2s.", "code": "rate_limit_exceeded"}}), status=429)
    attempt("Try again in 8 seconds")
    api.answer(json.dumps({"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "code": "insufficient_quota"}}), status=429)
    attempt("no credit")
    api.answer(json.dumps({"error": {"message": "The model `gpt-9` does not exist", "type": "invalid_request_error", "code": "model_not_found"}}), status=404)
    attempt("does not know the model")
    api.fail_network()
    attempt("could not be reached")
    page.context.set_offline(True)
    api.fail_network()  # page.route still sees the request offline; what a page meets then is a failed fetch
    attempt("This device is offline")
    page.context.set_offline(False)
    api.answer("<html>Bad gateway</html>", status=200, content_type="text/html")
    attempt("could not be read")
    api.answer(json.dumps({"unexpected": True}))
    attempt("had no text in it")
    # Too slow: the person's own limit, here one second.
    page.fill("#llm-timeout", "1")
    attempt("took longer than 1 seconds")
    page.fill("#llm-timeout", "60")
    # Cancel at any time.
    page.click("[data-llm-test=openai]")
    page.click("[data-llm-test-out=openai] [data-llm-cancel]")
    expect(error).to_have_text("Stopped: you cancelled the request.")
    # Nothing typed was lost meanwhile.
    assert page.input_value("#llm-openai-model") == "gpt-4o-mini"


def test_malformed_and_cut_off_replies_fall_back_to_the_rules(page, app_url):
    api = Provider(page, "https://api.anthropic.com/**")
    seed(page, doc_with_rounds())
    open_app(page, app_url, "#model")
    turn_on(page, "anthropic", stream=True)
    model = page.locator("[data-reader-model]")
    # A stream that stops midway, with half a JSON object.
    cut = anthropic_stream(READER).split("event: content_block_stop")[0]
    cut = cut.rsplit("event: content_block_delta", 1)[0]
    api.answer(cut, content_type="text/event-stream")
    page.click("#llm-reader-go")
    send_from_preview(page, dont_ask_again=True)
    expect(model.locator("[data-llm-error]")).to_contain_text("cut off")
    expect(model.locator("[data-llm-error]")).to_contain_text("rule-based check stands")
    expect(page.locator("[data-reader-rules]")).to_contain_text("engineers")
    # Prose where JSON was asked for.
    api.answer(anthropic_stream("I found a couple of differences between the rounds!"), content_type="text/event-stream")
    page.click("#llm-reader-go")
    expect(model.locator("[data-llm-error]")).to_contain_text("did not answer in the form asked for")
    # An error event inside the stream.
    api.answer(sse([("error", json.dumps({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}))]),
               content_type="text/event-stream")
    page.click("#llm-reader-go")
    expect(model.locator("[data-llm-error]")).to_contain_text("stopped the reply with an error: Overloaded")


def test_a_local_server_that_refuses_the_page_gets_the_exact_fix(page, app_url):
    open_app(page, app_url, "#model")
    page.route("http://localhost:11434/**", lambda route: route.abort("failed"))
    turn_on(page, "compatible", key="", stream=False)
    page.click("[data-llm-test=compatible]")
    send_from_preview(page)
    err = page.locator("[data-llm-test-out=compatible] [data-llm-error]")
    expect(err).to_contain_text("No answer from http://localhost:11434/v1")
    expect(err).to_contain_text("OLLAMA_ORIGINS")
    expect(err).to_contain_text("--cors")
    expect(err).to_contain_text("local network")
    page.fill("#llm-compatible-base", "ftp://example.org")
    page.click("[data-llm-test=compatible]")
    expect(err).to_contain_text("must start with http:// or https://")
    page.fill("#llm-compatible-base", "https://llm.example.org/v1")
    page.click("[data-llm-test=compatible]")
    send_from_preview(page)
    expect(err).to_contain_text("not allowed to connect to https://llm.example.org")
    expect(err).to_contain_text("--connect-origin")


# ---- the key -----------------------------------------------------------------------------------------


FIND_KEY = """async (key) => {
  const found = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if ((localStorage.getItem(k) || '').includes(key)) found.push('localStorage ' + k);
  }
  for (const info of (await indexedDB.databases())) {
    const db = await new Promise((ok, no) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = no; });
    for (const store of db.objectStoreNames) {
      const all = await new Promise((ok) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); });
      if (JSON.stringify(all).includes(key)) found.push('IndexedDB ' + info.name + '/' + store);
    }
    db.close();
  }
  const needle = new TextEncoder().encode(key);
  const has = (bytes) => { outer: for (let i = bytes.indexOf(needle[0]); i !== -1 && i <= bytes.length - needle.length; i = bytes.indexOf(needle[0], i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer; return true; } return false; };
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      const res = await cache.match(req);
      if (has(new Uint8Array(await res.arrayBuffer()))) found.push('Cache ' + name + ' ' + req.url);
    }
  }
  return found;
}"""


# Every message the page posts to a worker (the Python one included), as text: the key must be in none,
# so it never enters Python's memory, its snapshot or its error paths.
TO_WORKERS = """window.__toWorkers = []; const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (msg, ...rest) {
  try { window.__toWorkers.push(JSON.stringify(msg)); } catch { window.__toWorkers.push(String(msg)); }
  return post.call(this, msg, ...rest);
};"""


def test_the_key_is_found_nowhere_unless_remembered(page, app_url):
    console = []
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: console.append(str(e)))
    page.add_init_script(TO_WORKERS)
    api = Provider(page, "https://api.openai.com/**")
    seed(page, doc_with_rounds())
    open_app(page, app_url, "#model")
    turn_on(page, "openai", stream=False)
    api.answer(openai_reply(f"OK {KEY}"))  # a reply that echoes the key: it is taken out before Python reads it
    page.click("[data-llm-test=openai]")
    send_from_preview(page, dont_ask_again=True)
    expect(page.locator("[data-llm-test-ok]")).to_contain_text("replied “OK [your key]”")
    api.answer(json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}"}}), status=401)
    page.click("[data-llm-test=openai]")
    expect(page.locator("[data-llm-error]")).to_be_visible()
    api.answer(openai_reply(READER))
    page.click("#llm-reader-go")
    send_from_preview(page, dont_ask_again=True)
    expect(page.locator("[data-suggestion]")).to_have_count(2)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # its caches are filled: search them too
    to_workers = page.evaluate("window.__toWorkers")
    assert any('"method":"llm.request"' in m for m in to_workers) and any('"reply"' in m for m in to_workers)
    assert not any(KEY in m for m in to_workers)  # never handed to Python
    assert page.evaluate(FIND_KEY, KEY) == []
    assert KEY not in page.content()
    page.click("nav a[href='#about']")
    with page.expect_download() as download:
        page.click("#export-all")
    with open(download.value.path(), encoding="utf-8") as f:
        exported = f.read()
    assert "Acme" in exported and KEY not in exported
    assert not any(KEY in line for line in console)
    # Remembered: then, and only then, under its own key outside the document; forgotten: gone.
    page.click("nav a[href='#model']")
    page.check("#llm-openai-remember")
    assert page.evaluate(FIND_KEY, KEY) == ["localStorage roundtwo.llm.key.openai"]
    page.reload()
    wait_ready(page)
    assert page.is_checked("#llm-on-openai") and page.is_checked("#llm-openai-remember")
    page.click("text=Forget the key")
    assert page.evaluate(FIND_KEY, KEY) == []
    # Not remembered: a reload forgets it.
    page.fill("#llm-openai-key", KEY)
    page.reload()
    wait_ready(page)
    api.answer(openai_reply("OK"))
    page.click("[data-llm-test=openai]")
    expect(page.locator("[data-llm-test-out=openai] [data-llm-error]")).to_contain_text("Paste your OpenAI API key first")
    assert api.requests[-1]["headers"]["authorization"] == f"Bearer {KEY}"  # the last one sent was before the reload
    assert not any(KEY in line for line in console)


# ---- a real socket -----------------------------------------------------------------------------------


class LocalModel(http.server.BaseHTTPRequestHandler):
    """A tiny OpenAI-compatible server, as Ollama or llama.cpp's would answer (CORS allowed)."""

    seen: list = []

    def log_message(self, *args):
        pass

    def cors(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "content-type, authorization")
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

    def do_OPTIONS(self):  # noqa: N802 - the http.server API
        self.send_response(204)
        self.cors()
        self.end_headers()

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        LocalModel.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        if self.path != "/v1/chat/completions":
            self.send_response(404)
            self.cors()
            self.end_headers()
            return
        self.send_response(200)
        self.cors()
        if body.get("stream"):
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in ["O", "K"]:
                chunk = {"object": "chat.completion.chunk", "model": body["model"], "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
        else:
            data = openai_reply("OK").encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)


@pytest.fixture
def local_model():
    LocalModel.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), LocalModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_an_openai_compatible_server_on_this_computer_through_a_real_socket(page, app_url, local_model):
    open_app(page, app_url, "#model")
    turn_on(page, "compatible", model="llama3.2", key="", base=local_model, stream=False)
    page.click("[data-llm-test=compatible]")
    send_from_preview(page, dont_ask_again=True)
    expect(page.locator("[data-llm-test-ok]")).to_have_text("Connected: An OpenAI-compatible server · llama3.2 replied “OK”.")
    page.check("#llm-stream")
    page.click("[data-llm-test=compatible]")
    expect(page.locator("[data-llm-test-ok]")).to_be_visible()
    assert [s["path"] for s in LocalModel.seen] == ["/v1/chat/completions"] * 2
    plain, streamed = (s["body"] for s in LocalModel.seen)
    assert "stream" not in plain and streamed["stream"] is True
    assert plain["model"] == "llama3.2" and plain["max_tokens"] == 16
    assert "Authorization" not in LocalModel.seen[0]["headers"]  # no key typed, none sent

