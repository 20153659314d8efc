"""Every provider for every use of the model, streamed and not. Only the provider is faked (page.route):
each request is checked for its exact shape (URL, method, the headers a page sets, the body's fields and
the person's words in it), answered in that provider's own reply shape, and what the person then sees is
checked: labelled as the model's, beside the rule-based result."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_app, saved
from tests.browser.test_llm import (
    ANSWER, CORS, EARLIER, FEEDBACK, JOB, KEY, LATER, READER, TAILORED, anthropic_stream, doc_with_rounds,
    gemini_reply, gemini_stream, openai_reply, openai_stream, seed, send_from_preview, start_practice, to_feedback,
    turn_on)

pytestmark = pytest.mark.browser

LOCAL_BASE = "http://localhost:18434/v1"
FOLLOW_UP = json.dumps({"question": "Hold on: which part of that redesign did you do yourself?"})

PROVIDERS = {
    "openai": {"label": "OpenAI", "model": "gpt-4o-mini", "route": "https://api.openai.com/**",
               "key_headers": {"authorization": f"Bearer {KEY}"}},
    "anthropic": {"label": "Anthropic", "model": "claude-3-5-haiku-latest", "route": "https://api.anthropic.com/**",
                  "key_headers": {"x-api-key": KEY, "anthropic-version": "2023-06-01",
                                  "anthropic-dangerous-direct-browser-access": "true"}},
    "gemini": {"label": "Google Gemini", "model": "gemini-2.0-flash", "route": "https://generativelanguage.googleapis.com/**",
               "key_headers": {"x-goog-api-key": KEY}},
    "compatible": {"label": "An OpenAI-compatible server", "model": "llama3.2", "route": "http://localhost:18434/**",
                   "key_headers": {"authorization": f"Bearer {KEY}"}},
}

# What a browser adds to any request by itself; everything else is what the page chose to send.
BROWSER_HEADERS = {"user-agent", "accept", "accept-language", "accept-encoding", "origin", "content-length", "host",
                   "connection"}

REPLIES = {"second_reader": READER, "tailor": TAILORED, "follow_up": FOLLOW_UP, "feedback": FEEDBACK}


def kind_of(system: str) -> str:
    """Which use a request is for, from its system prompt (each use has its own)."""
    for words, kind in [("second reader", "second_reader"), ("From the job description", "tailor"),
                        ("You play an interviewer", "follow_up"), ("interview coach reading one answer", "feedback")]:
        if words in system:
            return kind
    raise AssertionError(f"a request for no known use: {system[:80]}")


def anthropic_reply(content):
    return json.dumps({"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
                       "content": [{"type": "text", "text": content}], "stop_reason": "end_turn",
                       "usage": {"input_tokens": 20, "output_tokens": 15}})


def reply_for(provider, content, stream):
    if provider == "anthropic":
        return (anthropic_stream(content), "text/event-stream") if stream else (anthropic_reply(content), "application/json")
    if provider == "gemini":
        return (gemini_stream(content), "text/event-stream") if stream else (gemini_reply(content), "application/json")
    return (openai_stream(content), "text/event-stream") if stream else (openai_reply(content), "application/json")


def system_and_user(provider, body):
    if provider == "anthropic":
        return body["system"], [m["content"] for m in body["messages"] if m["role"] == "user"]
    if provider == "gemini":
        return (body["systemInstruction"]["parts"][0]["text"],
                [p["text"] for c in body["contents"] if c["role"] == "user" for p in c["parts"]])
    assert body["messages"][0]["role"] == "system"
    return body["messages"][0]["content"], [m["content"] for m in body["messages"][1:] if m["role"] == "user"]


class Endpoint:
    """One provider's endpoint: records each request with the use it is for, answers in the provider's shape."""

    def __init__(self, page, provider, stream):
        self.provider, self.stream, self.requests = provider, stream, []
        page.route(PROVIDERS[provider]["route"], self.handle)

    def handle(self, route):
        request = route.request
        if request.method == "OPTIONS":
            return route.fulfill(status=204, headers=CORS)
        body = json.loads(request.post_data or "null")
        system, users = system_and_user(self.provider, body)
        kind = kind_of(system)
        self.requests.append({"kind": kind, "url": request.url, "method": request.method,
                              "headers": request.all_headers(), "body": body, "system": system, "users": users})
        text, content_type = reply_for(self.provider, REPLIES[kind], self.stream)
        route.fulfill(status=200, body=text, headers={**CORS, "content-type": content_type})

    def first(self, kind):
        return next(r for r in self.requests if r["kind"] == kind)


def check_request(req, provider, stream):
    spec = PROVIDERS[provider]
    model = spec["model"]
    url = {"openai": "https://api.openai.com/v1/chat/completions",
           "anthropic": "https://api.anthropic.com/v1/messages",
           "gemini": f"https://generativelanguage.googleapis.com/v1beta/models/{model}:"
                     + ("streamGenerateContent?alt=sse" if stream else "generateContent"),
           "compatible": f"{LOCAL_BASE}/chat/completions"}[provider]
    assert req["url"] == url and req["method"] == "POST"
    chosen = {k: v for k, v in req["headers"].items() if k not in BROWSER_HEADERS and not k.startswith("sec-")}
    assert chosen == {"content-type": "application/json", **spec["key_headers"]}  # no cookie, no referer, nothing else
    body = req["body"]
    streamed = {"stream"} if stream else set()
    if provider == "openai":
        assert set(body) == {"model", "messages", "max_completion_tokens", "response_format"} | streamed
        assert body["response_format"] == {"type": "json_object"}
    elif provider == "compatible":
        assert set(body) == {"model", "messages", "max_tokens"} | streamed
    elif provider == "anthropic":
        assert set(body) == {"model", "max_tokens", "system", "messages"} | streamed
    else:
        assert set(body) == {"systemInstruction", "contents", "generationConfig"}
        assert body["generationConfig"]["responseMimeType"] == "application/json"
        assert body["generationConfig"]["maxOutputTokens"] > 0
    if provider != "gemini":
        assert body["model"] == model
        assert body.get("stream", False) is stream
    assert len(req["users"]) == 1 and "JSON" in req["system"]
    return req["users"][0]


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("provider", list(PROVIDERS))
def test_every_use_of_every_provider(page, app_url, provider, stream):
    spec = PROVIDERS[provider]
    label = f"{spec['label']} · {spec['model']}"
    api = Endpoint(page, provider, stream)
    seed(page, doc_with_rounds())
    open_app(page, app_url, "#model")
    turn_on(page, provider, model=spec["model"], stream=stream, follow_ups=True,
            base=LOCAL_BASE if provider == "compatible" else None)

    # A second reader for two rounds: suggestions anchored in the texts, beside the rules' own flags.
    page.click("#llm-reader-go")
    expect(page.locator("#llm-preview [data-preview-url]")).to_contain_text(api_url_start(provider))
    send_from_preview(page)
    model = page.locator("[data-reader-model]")
    expect(model.locator("[data-suggestion]")).to_have_count(2)
    expect(model).to_contain_text(f"from the model · {label}")
    expect(page.locator("[data-reader-rules]")).to_contain_text("engineers")
    user = check_request(api.first("second_reader"), provider, stream)
    assert user == f"EARLIER:\n<<<\n{EARLIER}\n>>>\n\nLATER:\n<<<\n{LATER}\n>>>"

    # Tailoring: proposed questions, labelled, joining the bank only when added, tagged with their source.
    page.fill("#llm-tailor-job", JOB)
    page.click("#llm-tailor-go")
    send_from_preview(page)
    items = page.locator("[data-tailored]")
    expect(items).to_have_count(2)
    expect(page.locator("[data-llm-tailor-out]")).to_contain_text(f"From the language model · {label}")
    assert JOB in check_request(api.first("tailor"), provider, stream)
    items.first.get_by_role("button", name="Add to my questions").click()
    expect(items.first.locator("[data-added]")).to_be_visible()
    assert [q["origin"] for q in saved(page)["bank"]["custom"]] == ["language model, from your job description"]

    # A follow-up in character: the rule probe first, the model's wording replacing it, the rule's kept beside.
    start_practice(page)
    send_from_preview(page, dont_ask_again=True)
    expect(page.locator("#practice-prompt")).to_have_text(json.loads(FOLLOW_UP)["question"])
    source = page.locator("[data-llm-probe]")
    expect(source.locator("[data-probe-source=model]")).to_have_text(f"Worded by the language model · {label}")
    expect(source).to_contain_text("The rule-based follow-up was:")
    user = check_request(api.first("follow_up"), provider, stream)
    assert ANSWER in user and "The coach's pick of what to press on next" in user
    assert "Morgan" in api.first("follow_up")["system"]

    # Feedback: the model's grading in its own table, beside the rule-based scores, which stay as they were.
    to_feedback(page)
    rule_scores = page.locator(".card.feedback .dimension h4").all_text_contents()
    assert len(rule_scores) == 5
    page.click("#llm-feedback-ask")
    send_from_preview(page)
    opinion = page.locator("[data-llm-feedback]")
    expect(opinion).to_contain_text(f"From the language model · {label}")
    expect(page.locator("[data-llm-scores] tr[data-dim=ownership] [data-model-score]")).to_have_text("2/5 weak")
    expect(opinion.locator("mark", has_text="We printed the refund label")).to_have_count(1)
    assert page.locator(".card.feedback .dimension h4").all_text_contents() == rule_scores
    assert ANSWER in check_request(api.first("feedback"), provider, stream)
    assert {r["kind"] for r in api.requests} == set(REPLIES)


def api_url_start(provider):
    return {"openai": "https://api.openai.com/v1/", "anthropic": "https://api.anthropic.com/v1/",
            "gemini": "https://generativelanguage.googleapis.com/v1beta/models/", "compatible": LOCAL_BASE}[provider]
