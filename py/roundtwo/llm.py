"""What Round Two asks an optional language model, and how its replies are read.

The page sends and streams; everything about content lives here, so it is the same in pytest and in
the browser: which of the person's words go into a request, the system prompt, the persona, and what
counts as a usable reply. The API key never comes here (it would otherwise pass through Python's
memory and its error paths); the page adds it to the HTTP request.

- `llm.prompt` {"kind", ...inputs} -> {"kind", "system", "messages", "max_tokens", "json", "trimmed"}
- `llm.request` {"kind", "provider", "model", "base_url"?, "stream"?, ...inputs} -> what `llm.prompt` gives,
  plus "request" {"url", "method", "headers", "body" (the exact text sent), "stream", "format"} and "key"
  {"header", "scheme", "required"}: the one provider's HTTP request, every header but the key's, which
  the page adds under `key.header` as `key.scheme` + the key
- `llm.parse` {"kind", "text", "finished"?, ...the same inputs} or {"kind", "provider", "reply" (a complete
  non-streamed reply body, as received), ...} -> {"usable", "note", "result"?, "dropped"}

Kinds: "test" (one tiny call), "feedback" (one practice answer on the five dimensions of
`feedback.grade`), "follow_up" (the persona's next probe), "second_reader" (contradictions between
two texts, in `consistency.compare`'s shape), "tailor" (likely questions from a job description).

A reply is never trusted: JSON is dug out of code fences and chatter, every quote must be found in the
person's own text (else that point is dropped), scores must be whole numbers 1-5, and a reply with
nothing usable is `usable: false` with a note; the page then shows the rule-based result alone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import quote, urlsplit

from . import params as P
from .errors import BadParams

KINDS = ("test", "feedback", "follow_up", "second_reader", "tailor")
DIMENSIONS = ("structure", "specificity", "ownership", "consistency", "conciseness")
DIMENSION_WORDS = {
    "structure": "structure: does the story have its parts (situation, task, action, result) or a plan its steps",
    "specificity": "specificity: numbers, names, dates and concrete detail rather than vague words and hedges",
    "ownership": "ownership: what the candidate did themselves ('I') rather than the group ('we')",
    "consistency": "consistency: agreement with the facts the candidate has already stated (listed below)",
    "conciseness": "conciseness: a length that suits a spoken answer, without filler",
}
WEIGHTS = {"structure": 0.25, "specificity": 0.25, "ownership": 0.2, "consistency": 0.15, "conciseness": 0.15}
LABELS = {1: "missing", 2: "weak", 3: "fair", 4: "good", 5: "strong"}
CATEGORIES = ("behavioral", "values", "scenario", "technical", "why_us")

# What one request may carry: enough for a long answer, bounded so a pasted book does not become a bill.
MAX_ANSWER_CHARS = 12_000
MAX_TEXT_CHARS = 20_000
MAX_FACTS = 40
MAX_PROBES = 3
MAX_POINTS = 4          # per dimension, per side
MAX_CONTRADICTIONS = 20
MAX_TAILORED = 10
MAX_FOLLOW_UP_CHARS = 400
MAX_REPLY_CHARS = 200_000

TOKENS = {"test": 16, "feedback": 1500, "follow_up": 200, "second_reader": 1500, "tailor": 1200}

JSON_RULE = ("Reply with one JSON object only, no prose before or after it and no code fence. "
             "Every quote must be copied exactly, word for word, from the text it quotes.")


# --------------------------------------------------------------------------------------- inputs


def _clip(text: str, limit: int) -> tuple[str, bool]:
    return (text, False) if len(text) <= limit else (text[:limit], True)


def _facts(params: dict) -> list[str]:
    """Locked ledger facts as short lines: only their words go out, never the rest of the ledger."""
    out = []
    for f in P.listing(params, "facts", max_items=2000):
        if isinstance(f, dict) and isinstance(f.get("text"), str) and f["text"].strip():
            about = f.get("about") if isinstance(f.get("about"), str) else ""
            out.append(f"- {f['text'].strip()[:200]}" + (f" (about: {about[:40]})" if about else ""))
        if len(out) >= MAX_FACTS:
            break
    return out


def _persona(params: dict) -> dict:
    from .probes import persona

    found = persona(params.get("persona") or "warm")
    return {"name": found.get("name", ""), "title": found.get("title", ""), "summary": found.get("summary", ""),
            "prefixes": [p for p in found.get("prefixes", []) if isinstance(p, str) and p]}


def _turns(params: dict) -> list[dict]:
    """This question so far: each prompt the candidate heard and what they answered."""
    turns = []
    for t in P.listing(params, "turns", max_items=50):
        if isinstance(t, dict):
            prompt = t.get("prompt") if isinstance(t.get("prompt"), str) else ""
            answer = t.get("answer") if isinstance(t.get("answer"), str) else ""
            if prompt.strip() or answer.strip():
                turns.append({"prompt": prompt[:2000], "answer": answer[:MAX_ANSWER_CHARS]})
    return turns


def _probes(params: dict) -> list[dict]:
    out = []
    for p in P.listing(params, "probes", max_items=50):
        if isinstance(p, dict) and isinstance(p.get("text"), str) and p["text"].strip():
            why = p.get("why") if isinstance(p.get("why"), str) else ""
            out.append({"text": p["text"].strip()[:500], "why": why.strip()[:300]})
        if len(out) >= MAX_PROBES:
            break
    return out


# --------------------------------------------------------------------------------------- prompts


def _prompt_test(params: dict) -> dict:
    return {"system": "You are answering a connection test.",
            "user": "Reply with the single word OK.", "json": False, "trimmed": False}


def _prompt_feedback(params: dict) -> dict:
    question = P.text(params, "question", required=False, max_len=20_000)
    answer = P.text(params, "answer")
    if not answer.strip():
        raise BadParams("There is no answer to read yet: type the answer first.")
    category = P.choice(params, "category", CATEGORIES, default="behavioral")
    answer, trimmed = _clip(answer, MAX_ANSWER_CHARS)
    facts = _facts(params)
    dims = "\n".join(f"- {DIMENSION_WORDS[d]}" for d in DIMENSIONS)
    system = (
        "You are an experienced interview coach reading one answer a candidate gave in a mock second-round "
        "interview. Grade it on exactly these five dimensions, each a whole number from 1 (missing) to 5 "
        f"(strong):\n{dims}\n"
        "For each dimension give up to four points, each either something that went well or something to "
        "improve, each tied to the exact words of the answer it is about. Be specific and brief. "
        + JSON_RULE + "\nThe object's shape:\n"
        '{"dimensions": {"structure": {"score": 3, "points": [{"kind": "went_well" or "improve", '
        '"note": "one sentence", "quote": "exact words from the answer"}]}, "specificity": {...}, '
        '"ownership": {...}, "consistency": {...}, "conciseness": {...}}, "summary": "one sentence"}')
    user = (f"Question type: {category}\nQuestion: {question.strip() or '(not given)'}\n\n"
            f"Facts the candidate has already stated:\n{chr(10).join(facts) if facts else '(none)'}\n\n"
            f"The answer:\n<<<\n{answer}\n>>>")
    return {"system": system, "user": user, "json": True, "trimmed": trimmed}


def _prompt_follow_up(params: dict) -> dict:
    question = P.text(params, "question", max_len=20_000)
    who = _persona(params)
    turns = _turns(params)
    if not any(t["answer"].strip() for t in turns):
        raise BadParams("There is no answer to follow up on yet.")
    probes = _probes(params)
    style = f"{who['name']}, {who['title']}. {who['summary']}".strip()
    openers = ", ".join(f'"{p}"' for p in who["prefixes"][:4])
    system = (
        f"You play an interviewer in a mock second-round interview: {style} "
        + (f"You sometimes open with words like {openers}. " if openers else "")
        + "Ask the single next follow-up question, in character, reacting to what the candidate just said. "
        "Stay on the target the interview coach gives you: press on the weak point it names, not on "
        "something new. One question, at most two sentences, no preamble, no feedback. "
        + JSON_RULE + '\nThe object\'s shape: {"question": "your follow-up question"}')
    transcript = "\n\n".join(f"Interviewer: {t['prompt'] or question}\nCandidate: {t['answer'] or '(no answer)'}"
                             for t in turns)
    targets = "\n".join(f"- {p['text']}" + (f" (why: {p['why']})" if p["why"] else "") for p in probes)
    user = (f"The question: {question}\n\nSo far:\n{transcript}\n\n"
            f"The coach's pick of what to press on next:\n{targets or '- ask for the most important missing detail'}")
    user, trimmed = _clip(user, MAX_TEXT_CHARS * 2)
    return {"system": system, "user": user, "json": True, "trimmed": trimmed}


def _prompt_second_reader(params: dict) -> dict:
    earlier = P.text(params, "earlier")
    later = P.text(params, "later")
    if not earlier.strip() or not later.strip():
        raise BadParams("Both texts are needed: choose two rounds that both have answers, or paste both.")
    earlier, cut_a = _clip(earlier, MAX_TEXT_CHARS)
    later, cut_b = _clip(later, MAX_TEXT_CHARS)
    system = (
        "You are a careful second reader helping a job candidate stay consistent between interview rounds. "
        "Find statements in the LATER text that contradict statements in the EARLIER text: different "
        "numbers, dates, titles, team sizes, outcomes or roles for the same thing. Ignore restatements, "
        "roundings, and differences that are about different things. Only report what you can quote. "
        + JSON_RULE + "\nThe object's shape:\n"
        '{"contradictions": [{"about": "a few words", "earlier_quote": "exact words from EARLIER", '
        '"later_quote": "exact words from LATER", "explanation": "one sentence"}]} '
        '(an empty list when there are none)')
    user = f"EARLIER:\n<<<\n{earlier}\n>>>\n\nLATER:\n<<<\n{later}\n>>>"
    return {"system": system, "user": user, "json": True, "trimmed": cut_a or cut_b}


def _prompt_tailor(params: dict) -> dict:
    job = P.text(params, "job_description")
    if len(job.strip()) < 40:
        raise BadParams("Paste the whole job description (a few sentences at least) so the questions fit it.")
    job, trimmed = _clip(job, MAX_TEXT_CHARS)
    cats = ", ".join(CATEGORIES)
    system = (
        "You help a candidate prepare a second-round interview. From the job description, propose up to "
        f"{MAX_TAILORED} questions the second round is likely to ask, harder and more specific than a first "
        f"round. Give each a category, one of: {cats}. " + JSON_RULE + "\nThe object's shape:\n"
        '{"questions": [{"text": "the question", "category": "behavioral", "why": "what in the job '
        'description suggests it"}]}')
    user = f"The job description:\n<<<\n{job}\n>>>"
    return {"system": system, "user": user, "json": True, "trimmed": trimmed}


PROMPTS = {"test": _prompt_test, "feedback": _prompt_feedback, "follow_up": _prompt_follow_up,
           "second_reader": _prompt_second_reader, "tailor": _prompt_tailor}


def build(params: dict) -> dict:
    kind = P.choice(params, "kind", KINDS)
    if kind is None:
        raise BadParams(f"The field 'kind' is missing; send one of: {', '.join(KINDS)}.")
    built = PROMPTS[kind](params)
    return {"kind": kind, "system": built["system"],
            "messages": [{"role": "user", "content": built["user"]}],
            "max_tokens": TOKENS[kind], "json": built["json"], "trimmed": built["trimmed"]}


def prompt_params(params: dict) -> dict:
    """`llm.prompt`: the request for one use, without any provider's wire format or key."""
    return build(P.require_dict(params))


# --------------------------------------------------------------------------------------- reading replies


_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.S)


class Unusable(Exception):
    """The reply cannot be used; the message is the note the person sees."""


def extract_json(text: str, finished: bool = True) -> dict:
    """The one JSON object in a reply, even when a model wrapped it in a fence or a sentence."""
    stripped = text.strip()
    if not stripped:
        raise Unusable("The model sent an empty reply.")
    candidates = [stripped]
    candidates += [m.group(1).strip() for m in _FENCE.finditer(stripped)]
    first, last = stripped.find("{"), stripped.rfind("}")
    if first != -1 and last > first:
        candidates.append(stripped[first:last + 1])
    for c in candidates:
        try:
            value = json.loads(c)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    if not finished or (first != -1 and last < first) or stripped.count("{") > stripped.count("}"):
        raise Unusable("The model's reply was cut off before it was complete.")
    raise Unusable("The model did not answer in the form asked for (JSON).")


_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                              "\u2014": "-", "\u00a0": " "})


def _normalised(text: str) -> tuple[str, list[int]]:
    """Lower case, one space for any run of white space, straight quotes; with each character's source index."""
    out, where = [], []
    last_space = True
    for i, ch in enumerate(text):
        ch = ch.translate(_QUOTE_MARKS)
        if ch.isspace():
            if last_space:
                continue
            ch, last_space = " ", True
        else:
            last_space = False
        for c in unicodedata.normalize("NFC", ch).lower():
            out.append(c)
            where.append(i)
    return "".join(out), where


def find_quote(text: str, quote) -> tuple[int, int] | None:
    """Where `quote` stands in `text` (code point offsets), exactly or up to case, spacing and quote marks."""
    if not isinstance(quote, str):
        return None
    q = quote.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()
    q = q.rstrip("\u2026").rstrip(".").strip() if q.endswith(("...", "\u2026")) else q
    if len(q) < 3:
        return None
    at = text.find(q)
    if at != -1:
        return at, at + len(q)
    hay, where = _normalised(text)
    needle, _ = _normalised(q)
    needle = needle.strip()
    if len(needle) < 3:
        return None
    at = hay.find(needle)
    if at == -1:
        return None
    return where[at], where[at + len(needle) - 1] + 1


def _sentence(value, limit: int = 400) -> str:
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def _score(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and 1 <= value <= 5 else None


def _parse_feedback(reply: dict, params: dict) -> tuple[dict, int, str]:
    answer = P.text(params, "answer")
    dims_in = reply.get("dimensions")
    if not isinstance(dims_in, dict):
        raise Unusable("The model's reply had no grades for the five dimensions.")
    dims, dropped = {}, 0
    for name in DIMENSIONS:
        d = dims_in.get(name)
        score = _score(d.get("score")) if isinstance(d, dict) else None
        if score is None:
            continue
        good, improve = [], []
        for point in d.get("points", []) if isinstance(d.get("points"), list) else []:
            if not isinstance(point, dict) or not _sentence(point.get("note")):
                dropped += 1
                continue
            where = find_quote(answer, point.get("quote"))
            if where is None:
                dropped += 1  # a quote that is not in the answer: the point is not shown
                continue
            side = improve if point.get("kind") == "improve" else good
            if len(side) < MAX_POINTS:
                side.append({"note": _sentence(point["note"]), "text": answer[where[0]:where[1]],
                             "start": where[0], "end": where[1]})
        dims[name] = {"score": score, "out_of": 5, "label": LABELS[score], "went_well": good, "improve": improve}
    if not dims:
        raise Unusable("The model's reply had no usable scores (each must be a whole number from 1 to 5).")
    weight = sum(WEIGHTS[k] for k in dims)
    overall = round(sum(dims[k]["score"] * WEIGHTS[k] for k in dims) / weight, 1)
    result = {"dimensions": dims, "summary": _sentence(reply.get("summary")),
              "overall": {"score": overall, "out_of": 5, "label": LABELS[max(1, min(5, round(overall)))]},
              "missing": [d for d in DIMENSIONS if d not in dims], "offset_units": "codepoint"}
    note = ""
    if result["missing"]:
        note = f"The model did not grade {', '.join(result['missing'])}; the rule-based scores stand there."
    return result, dropped, note


def _parse_follow_up(reply: dict, params: dict) -> tuple[dict, int, str]:
    text = _sentence(reply.get("question"), 2000)
    if not text:
        raise Unusable("The model's reply had no follow-up question.")
    if len(text) > MAX_FOLLOW_UP_CHARS:
        raise Unusable("The model's follow-up was too long to ask aloud, so the rule-based one is kept.")
    return {"question": text}, 0, ""


def _parse_second_reader(reply: dict, params: dict) -> tuple[dict, int, str]:
    earlier, later = P.text(params, "earlier"), P.text(params, "later")
    items = reply.get("contradictions")
    if not isinstance(items, list):
        raise Unusable("The model's reply had no list of contradictions.")
    out, dropped = [], 0
    for c in items[:MAX_CONTRADICTIONS * 3]:
        if not isinstance(c, dict):
            dropped += 1
            continue
        a = find_quote(earlier, c.get("earlier_quote"))
        b = find_quote(later, c.get("later_quote"))
        if a is None or b is None:
            dropped += 1  # it cannot be shown against the person's own words, so it is not shown at all
            continue
        about = _sentence(c.get("about"), 80)
        explanation = _sentence(c.get("explanation")) or "The model reads these two passages as disagreeing."
        out.append({"about": about, "kind": "model", "label": about or "a statement",
                    "earlier": {"value": None, "text": earlier[a[0]:a[1]], "start": a[0], "end": a[1]},
                    "later": {"value": None, "text": later[b[0]:b[1]], "start": b[0], "end": b[1]},
                    "message": explanation, "rule": "read by the language model", "source": "model"})
        if len(out) >= MAX_CONTRADICTIONS:
            break
    note = f"{dropped} of the model's points quoted words that are not in your texts, so they are left out." \
        if dropped else ""
    return {"conflicts": out, "offset_units": "codepoint"}, dropped, note


def _parse_tailor(reply: dict, params: dict) -> tuple[dict, int, str]:
    items = reply.get("questions")
    if not isinstance(items, list):
        raise Unusable("The model's reply had no list of questions.")
    out, dropped, seen = [], 0, set()
    for q in items:
        text = _sentence(q.get("text"), 2000) if isinstance(q, dict) else ""
        if not text or len(text) > 500 or text.lower() in seen:
            dropped += 1
            continue
        seen.add(text.lower())
        category = q.get("category") if q.get("category") in CATEGORIES else "behavioral"
        out.append({"text": text, "category": category, "why": _sentence(q.get("why"), 300),
                    "source": "language model, from your job description"})
        if len(out) >= MAX_TAILORED:
            break
    if not out:
        raise Unusable("The model's reply had no usable questions.")
    return {"questions": out}, dropped, ""


def _parse_test(reply_text: str) -> dict:
    return {"reply": _sentence(reply_text, 80)}


PARSERS = {"feedback": _parse_feedback, "follow_up": _parse_follow_up, "second_reader": _parse_second_reader,
           "tailor": _parse_tailor}

FALLBACK = {"feedback": "the rule-based feedback above stands", "follow_up": "the rule-based follow-up stands",
            "second_reader": "the rule-based check stands", "tailor": "your question bank is unchanged"}


# --------------------------------------------------------------------------------------- the wire


ANTHROPIC_VERSION = "2023-06-01"

# Each provider's HTTP shape. "format" names how its replies and stream events read (openai, anthropic,
# gemini); "key" is where the page puts the key: header name, what goes before the key, whether needed.
PROVIDERS = {
    "openai": {"label": "OpenAI", "base": "https://api.openai.com/v1", "format": "openai",
               "key": {"header": "authorization", "scheme": "Bearer ", "required": True}},
    "anthropic": {"label": "Anthropic", "base": "https://api.anthropic.com/v1", "format": "anthropic",
                  "key": {"header": "x-api-key", "scheme": "", "required": True}},
    "gemini": {"label": "Google Gemini", "base": "https://generativelanguage.googleapis.com/v1beta",
               "format": "gemini", "key": {"header": "x-goog-api-key", "scheme": "", "required": True}},
    "compatible": {"label": "An OpenAI-compatible server", "base": "http://localhost:11434/v1", "format": "openai",
                   "key": {"header": "authorization", "scheme": "Bearer ", "required": False}},
}
MAX_MODEL_CHARS = 200
MAX_RAW_REPLY_CHARS = 1_000_000


def check_base_url(raw) -> str:
    """The base URL a person typed, checked: http(s) only, no credentials, no query; no trailing slash."""
    typed = raw.strip() if isinstance(raw, str) else ""
    try:
        url = urlsplit(typed)
        url.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        url = None
    if url is None or not typed or any(c.isspace() for c in typed):
        raise BadParams(f"\u201c{typed[:80]}\u201d is not a web address. Type the server's base URL, for example "
                        "http://localhost:11434/v1 for Ollama.")
    if url.scheme.lower() not in ("http", "https"):
        raise BadParams("The server's address must start with http:// or https://.")
    if not url.hostname:
        raise BadParams(f"\u201c{typed[:80]}\u201d is not a web address. Type the server's base URL, for example "
                        "http://localhost:11434/v1 for Ollama.")
    if url.username is not None or url.password is not None:
        raise BadParams("Leave the user name and password out of the address; put a key in the key field instead.")
    if url.query or url.fragment or typed.endswith(("?", "#")):
        raise BadParams("Leave the ?\u2026 and #\u2026 parts out of the server's address.")
    return f"{url.scheme.lower()}://{url.netloc.lower()}{url.path}".rstrip("/")


def wire(provider: str, built: dict, *, model: str, base_url: str = "", stream: bool = False) -> dict:
    """One provider's HTTP request for a prompt from `build`, every header but the key's."""
    spec = PROVIDERS[provider]
    headers = {"content-type": "application/json"}
    messages = [{"role": m["role"], "content": m["content"]} for m in built["messages"]]
    if provider == "anthropic":
        url = f"{spec['base']}/messages"
        headers["anthropic-version"] = ANTHROPIC_VERSION
        # Anthropic refuses calls from a browser page unless told the page holds the key on purpose.
        headers["anthropic-dangerous-direct-browser-access"] = "true"
        body = {"model": model, "max_tokens": built["max_tokens"], "system": built["system"], "messages": messages}
        if stream:
            body["stream"] = True
    elif provider == "gemini":
        path = f"{spec['base']}/models/{quote(model, safe=chr(39) + '-_.!~*()')}"
        url = f"{path}:streamGenerateContent?alt=sse" if stream else f"{path}:generateContent"
        generation = {"maxOutputTokens": built["max_tokens"]}
        if built["json"]:
            generation["responseMimeType"] = "application/json"
        body = {"systemInstruction": {"parts": [{"text": built["system"]}]},
                "contents": [{"role": "model" if m["role"] == "assistant" else "user", "parts": [{"text": m["content"]}]}
                             for m in messages],
                "generationConfig": generation}
    else:
        base = check_base_url(base_url or spec["base"]) if provider == "compatible" else spec["base"]
        url = f"{base}/chat/completions"
        body = {"model": model, "messages": [{"role": "system", "content": built["system"]}, *messages]}
        # OpenAI's newer models take max_completion_tokens; local servers know max_tokens.
        if provider == "openai":
            body["max_completion_tokens"] = built["max_tokens"]
            if built["json"]:
                body["response_format"] = {"type": "json_object"}
        else:
            body["max_tokens"] = built["max_tokens"]
        if stream:
            body["stream"] = True
    return {"url": url, "method": "POST", "headers": headers, "body": json.dumps(body, ensure_ascii=False),
            "stream": stream, "format": spec["format"]}


def request_params(params: dict) -> dict:
    """`llm.request`: the prompt for one use and the provider's HTTP request for it, all but the key."""
    params = P.require_dict(params)
    provider = P.choice(params, "provider", tuple(PROVIDERS))
    if provider is None:
        raise BadParams("Choose a provider in the Model settings first.")
    model = P.text(params, "model", required=False, max_len=MAX_MODEL_CHARS).strip()
    if not model:
        raise BadParams(f"Type or pick a model name for {PROVIDERS[provider]['label']} first.")
    base_url = P.text(params, "base_url", required=False, max_len=500)
    stream = params.get("stream") is True
    # The address first: a wrong one is the person's to fix whatever they asked for.
    if provider == "compatible":
        check_base_url(base_url or PROVIDERS[provider]["base"])
    built = build(params)
    return {**built, "provider": provider, "label": PROVIDERS[provider]["label"],
            "request": wire(provider, built, model=model, base_url=base_url, stream=stream),
            "key": dict(PROVIDERS[provider]["key"])}


def read_reply(provider: str, raw: str) -> tuple[str, bool]:
    """The text of one complete, non-streamed reply body and whether the model finished it."""
    label = PROVIDERS[provider]["label"]
    fmt = PROVIDERS[provider]["format"]
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise Unusable(f"{label}'s reply could not be read (it was not the JSON it should be). Try again; if it "
                       "keeps happening, check the model name or the server's address.")
    no_text = Unusable(f"{label}'s reply had no text in it where it should be. Try again, or try another model.")
    if fmt == "anthropic":
        content = data.get("content")
        if not isinstance(content, list):
            raise no_text
        text = "".join(c["text"] for c in content
                       if isinstance(c, dict) and c.get("type") == "text" and isinstance(c.get("text"), str))
        return text, data.get("stop_reason") != "max_tokens"
    if fmt == "gemini":
        candidates = data.get("candidates")
        cand = candidates[0] if isinstance(candidates, list) and candidates and isinstance(candidates[0], dict) else None
        if cand is None:
            feedback = data.get("promptFeedback")
            blocked = feedback.get("blockReason") if isinstance(feedback, dict) else None
            if isinstance(blocked, str) and blocked:
                raise Unusable(f"{label} declined to answer ({blocked[:60]}).")
            raise no_text
        content = cand.get("content") if isinstance(cand.get("content"), dict) else {}
        parts = content.get("parts") if isinstance(content.get("parts"), list) else []
        text = "".join(p["text"] for p in parts if isinstance(p, dict) and isinstance(p.get("text"), str))
        if not text and cand.get("finishReason") in ("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT"):
            raise Unusable(f"{label} declined to answer ({cand['finishReason']}).")
        return text, cand.get("finishReason") != "MAX_TOKENS"
    choices = data.get("choices")
    choice = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else None
    message = choice.get("message") if choice else None
    if not isinstance(message, dict):
        raise no_text
    content = message.get("content")
    return (content if isinstance(content, str) else ""), choice.get("finish_reason") != "length"


def parse(params: dict) -> dict:
    kind = P.choice(params, "kind", KINDS)
    if kind is None:
        raise BadParams(f"The field 'kind' is missing; send one of: {', '.join(KINDS)}.")
    if "reply" in params:
        # A complete reply body as the provider sent it: its text first, in that provider's shape.
        provider = P.choice(params, "provider", tuple(PROVIDERS))
        if provider is None:
            raise BadParams("The field 'provider' is missing; send the provider the reply came from.")
        raw = P.text(params, "reply", max_len=MAX_RAW_REPLY_CHARS)
        try:
            text, finished = read_reply(provider, raw)
        except Unusable as exc:
            note = str(exc) if kind == "test" else f"{exc} So {FALLBACK[kind]}."
            return {"usable": False, "note": note, "dropped": 0}
        text = text[:MAX_REPLY_CHARS]
    else:
        text = P.text(params, "text", max_len=MAX_REPLY_CHARS)
        finished = params.get("finished", True) is not False
    if kind == "test":
        return {"usable": bool(text.strip()), "note": "" if text.strip() else "The model sent an empty reply.",
                "result": _parse_test(text), "dropped": 0}
    try:
        reply = extract_json(text, finished)
        result, dropped, note = PARSERS[kind](reply, params)
    except Unusable as exc:
        return {"usable": False, "note": f"{exc} So {FALLBACK[kind]}.", "dropped": 0}
    if not finished:
        note = (note + " " if note else "") + "The reply was cut off; what arrived complete is shown."
    return {"usable": True, "note": note, "result": result, "dropped": dropped}


def parse_params(params: dict) -> dict:
    """`llm.parse`: check one reply against what was asked; `usable: false` means show the rules alone."""
    return parse(P.require_dict(params))
