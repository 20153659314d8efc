"""Practise with a friend: the pack a candidate sends, the friend's screen made from it, and the return.

Three shapes, each checked here, because each arrives from a link anyone could have edited:

- a pack (candidate -> friend): the questions, weak moments, facts to listen for and a persona. It holds
  only what the candidate picked; its keys are short because it rides in a URL. Questions from the bank
  travel as their id with their text as a fallback (the friend may run another version of the bank);
  the follow-up ladder of a bank question comes from the friend's bank, an own question carries its own.
- the friend's screen (`partner.open`): the pack made whole, with the persona's line and the facts in
  the shape `ledger.check` takes.
- a return (friend -> candidate): the friend's notes and five-dimension scores, and (`partner.session`)
  the practice-history entry it becomes, marked as with a partner.

The bytes around these (compression, checksum, passphrase) are the page's (site/js/link-envelope.js).
"""

from __future__ import annotations

import hashlib
import math

from . import params as P
from .errors import BadParams
from .feedback import LABELS, WEIGHTS

PACK_VERSION = 1
RETURN_VERSION = 1
DIMENSIONS = tuple(WEIGHTS)  # structure, specificity, ownership, consistency, conciseness

MAX_QUESTIONS = 30
MAX_FOLLOW_UPS = 8
MAX_WEAK = 30
MAX_FACTS = 100
MAX_TEXT = 4000       # one question, note or fact as the person wrote it
MAX_NOTES = 20_000    # the friend's notes on one answer
MAX_NAME = 400
FACT_FIELDS = {"u": "unit", "c": "currency", "m": "mode", "bd": "bound", "lo": "low", "hi": "high", "pd": "per_days"}
CATEGORIES = ("behavioral", "scenario", "technical", "values", "why_us", "debrief")


# --- small checks: every message names the place, so a person (or the test) can find it ------------


def _obj(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise BadParams(f"{where} must be an object; this link or file was not made by Round Two, or was changed.")
    return value


def _list(value, where: str, limit: int) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadParams(f"{where} must be a list; this link or file was not made by Round Two, or was changed.")
    if len(value) > limit:
        raise BadParams(f"{where} has {len(value):,} items; Round Two puts at most {limit} in one.")
    return value


def _str(obj: dict, key: str, where: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise BadParams(f"{where} must be text.")
    if len(value) > limit:
        raise BadParams(f"{where} is too long ({len(value):,} characters; the limit is {limit:,}). Shorten it.")
    if required and not value.strip():
        raise BadParams(f"{where} is empty.")
    return value


def _number(value, where: str):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadParams(f"{where} must be a number.")
    return value


def _version(obj: dict, expected_type: str, newest: int, what: str) -> None:
    if obj.get("rt") != expected_type:
        raise BadParams(f"This is not {what} made by Round Two (or it was changed on the way). Ask for it again.")
    version = obj.get("v")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BadParams(f"This {what} has no valid version number; ask for it again.")
    if version > newest:
        raise BadParams(f"This {what} was made by a newer version of Round Two (format {version}; this page reads "
                        f"up to {newest}). Reload this page to get the newest version, then open it again.")


def _bank_question(qid: str):
    from .questions import get_bank  # noqa: PLC0415 - the bank loads only when a pack names one

    return get_bank().by_id.get(qid)


def _pack_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:12]


# --- the pack ---------------------------------------------------------------------------------------


def _pack_question(raw, n: int) -> dict:
    where = f"Question {n + 1}"
    raw = _obj(raw, where)
    bank_id = _str(raw, "bank_id", f"{where}'s bank id", 80)
    known = _bank_question(bank_id) if bank_id else None
    text_value = _str(raw, "text", f"{where}'s text") or (known["text"] if known else "")
    if not text_value.strip():
        raise BadParams(f"{where} has no text; type the question or leave it out.")
    out = {"x": text_value}
    if known:
        out["b"] = bank_id
        return out  # its ladder and category come from the friend's bank
    follow_ups = [_str({"f": f}, "f", f"{where}'s follow-up {i + 1}") for i, f in
                  enumerate(_list(raw.get("follow_ups"), f"{where}'s follow-ups", MAX_FOLLOW_UPS))]
    if follow_ups := [f for f in follow_ups if f.strip()]:
        out["f"] = follow_ups
    category = raw.get("category")
    if category in CATEGORIES and category != "behavioral":
        out["c"] = category
    return out


def _pack_weak(raw, n: int) -> dict:
    where = f"Weak moment {n + 1}"
    raw = _obj(raw, where)
    out = {k: v for k, v in (("x", _str(raw, "question", f"{where}'s question")),
                             ("n", _str(raw, "note", f"{where}'s note")),
                             ("pb", _str(raw, "pushback", f"{where}'s pushback"))) if v.strip()}
    if not out.get("n") and not out.get("pb"):
        raise BadParams(f"{where} says neither what went wrong nor what was pushed on; add a note or leave it out.")
    return out


def _pack_fact(raw, n: int) -> dict:
    from .ledger import _ledger_fact  # noqa: PLC0415 - the ledger's own check of a fact

    where = f"Fact {n + 1}"
    raw = _obj(raw, where)
    checked = _ledger_fact(raw, n)  # raises a clear message for a fact the ledger could not check
    out = {"k": checked["kind"], "a": _str(raw, "about", f"{where}'s subject", 400), "v": raw.get("value"),
           "x": _str(raw, "text", f"{where}'s words") or str(raw.get("value"))}
    for short, name in FACT_FIELDS.items():
        if isinstance(raw.get(name), (str, int, float)) and not isinstance(raw.get(name), bool):
            out[short] = raw[name] if not isinstance(raw[name], str) else raw[name][:80]
    return out


def pack(params: dict) -> dict:
    """`partner.pack`: the pack for a link, from exactly what the candidate picked, and its preview.

    params: questions [{bank_id?, text, follow_ups?, category?}], weak [{question, note, pushback}],
    facts [ledger facts: kind, about, value, text, ...], persona (id), title (company and role as the
    candidate wants the friend to see it), candidate (a first name, optional), now (ISO time).
    Result: {"pack": the compact pack, "preview": {"questions", "weak", "facts", "persona", "title"}}.
    """
    from .probes import persona  # noqa: PLC0415

    params = P.require_dict(params)
    questions = [_pack_question(q, n) for n, q in
                 enumerate(P.listing(params, "questions", max_items=MAX_QUESTIONS))]
    if not questions:
        raise BadParams("Pick at least one question for your friend to ask.")
    weak = [_pack_weak(w, n) for n, w in enumerate(P.listing(params, "weak", max_items=MAX_WEAK))]
    facts = [_pack_fact(f, n) for n, f in enumerate(P.listing(params, "facts", max_items=MAX_FACTS))]
    persona_id = P.text(params, "persona", required=False, max_len=40)
    if persona_id and persona(persona_id) is None:
        raise BadParams(f"There is no interviewer persona called {persona_id[:40]!r}; pick one from the list.")
    title = P.text(params, "title", required=False, max_len=MAX_NAME)
    candidate = P.text(params, "candidate", required=False, max_len=MAX_NAME)
    now = P.text(params, "now", required=False, max_len=40)
    out = {"rt": "pack", "v": PACK_VERSION,
           "id": _pack_id(now, title, *(q["x"] for q in questions))}
    for key, value in (("t", title), ("n", candidate), ("p", persona_id)):
        if value:
            out[key] = value
    out["q"] = questions
    if weak:
        out["w"] = weak
    if facts:
        out["l"] = facts
    return {"pack": out, "preview": _preview(out)}


def _preview(p: dict) -> dict:
    """What a pack holds, as the lists a person reads before sending it or after opening it."""
    from .probes import persona  # noqa: PLC0415

    found = persona(p.get("p")) if p.get("p") else None
    return {
        "title": p.get("t", ""),
        "candidate": p.get("n", ""),
        "persona": f"{found['name']}, {found['title']}" if found else "",
        "questions": [q["x"] for q in p["q"]],
        "weak": [" · ".join(w[k] for k in ("x", "n", "pb") if w.get(k)) for w in p.get("w", [])],
        "facts": [f["x"] for f in p.get("l", [])],
    }


def _read_pack(raw) -> dict:
    """A pack from a link, checked field by field; the same compact shape back, or a clear message."""
    raw = _obj(raw, "The practice pack")
    _version(raw, "pack", PACK_VERSION, "practice pack")
    questions = []
    for n, q in enumerate(_list(raw.get("q"), "The pack's question list", MAX_QUESTIONS)):
        q = _obj(q, f"Question {n + 1}")
        item = {"x": _str(q, "x", f"Question {n + 1}", required=True)}
        if q.get("b") is not None:
            item["b"] = _str(q, "b", f"Question {n + 1}'s bank id", 80)
        f = [_str({"f": s}, "f", f"Question {n + 1}'s follow-up") for s in
             _list(q.get("f"), f"Question {n + 1}'s follow-ups", MAX_FOLLOW_UPS)]
        if f:
            item["f"] = f
        if q.get("c") in CATEGORIES:
            item["c"] = q["c"]
        questions.append(item)
    if not questions:
        raise BadParams("This practice pack holds no questions; ask your friend to make the link again.")
    weak = []
    for n, w in enumerate(_list(raw.get("w"), "The pack's weak moments", MAX_WEAK)):
        w = _obj(w, f"Weak moment {n + 1}")
        weak.append({k: _str(w, k, f"Weak moment {n + 1}") for k in ("x", "n", "pb") if w.get(k) is not None})
    facts = []
    for n, f in enumerate(_list(raw.get("l"), "The pack's facts", MAX_FACTS)):
        f = _obj(f, f"Fact {n + 1}")
        facts.append(_pack_fact(_fact_for_ledger(f, n), n))
    out = {"rt": "pack", "v": raw["v"], "id": _str(raw, "id", "The pack's id", 40),
           "t": _str(raw, "t", "The pack's title", MAX_NAME), "n": _str(raw, "n", "The candidate's name", MAX_NAME),
           "p": _str(raw, "p", "The pack's persona", 40), "q": questions, "w": weak, "l": facts}
    return out


def _fact_for_ledger(f: dict, n: int) -> dict:
    """A compact fact of a pack in the shape ledger.check takes, locked (the candidate stands by it)."""
    out = {"id": f"listen-{n + 1}", "kind": f.get("k"), "about": f.get("a", ""), "value": f.get("v"),
           "text": f.get("x", ""), "locked": True, "source": "what you were told to listen for"}
    for short, name in FACT_FIELDS.items():
        if short in f:
            out[name] = f[short]
    return out


def open_pack(params: dict) -> dict:
    """`partner.open`: the friend's screen from a pack: {"pack"} -> {"title", "candidate", "persona"
    {id, name, title, summary} or null, "questions" [{text, follow_ups, category, bank_id}], "weak"
    [{question, note, pushback}], "facts" [ledger facts for ledger.check], "listen_for" [their words],
    "preview", "pack_id"}."""
    from .probes import persona  # noqa: PLC0415

    params = P.require_dict(params)
    if "pack" not in params:
        raise BadParams("Send the opened pack as 'pack'.")
    p = _read_pack(params["pack"])
    questions = []
    for q in p["q"]:
        known = _bank_question(q["b"]) if q.get("b") else None
        questions.append({"text": q["x"], "bank_id": q.get("b", ""),
                          "follow_ups": list(known["follow_ups"]) if known else q.get("f", []),
                          "category": known["category"] if known else q.get("c", "behavioral")})
    found = persona(p["p"]) if p["p"] else None
    return {
        "pack_id": p["id"], "title": p["t"], "candidate": p["n"],
        "persona": {k: found[k] for k in ("id", "name", "title", "summary")} if found else None,
        "questions": questions,
        "weak": [{"question": w.get("x", ""), "note": w.get("n", ""), "pushback": w.get("pb", "")} for w in p["w"]],
        "facts": [_fact_for_ledger(f, n) for n, f in enumerate(p["l"])],
        "listen_for": [f["x"] for f in p["l"]],
        "preview": _preview(p),
    }


# --- the return -------------------------------------------------------------------------------------


def _scores(raw, where: str) -> dict:
    raw = _obj(raw if raw is not None else {}, where)
    out = {}
    for key in DIMENSIONS:
        item = raw.get(key)
        if item is None:
            continue
        item = _obj(item, f"{where}: {key}")
        score = item.get("score")
        if score is None or score == "":
            continue
        score = _number(score, f"{where}: the {key} score")
        if score != int(score) or not 1 <= score <= 5:
            raise BadParams(f"{where}: the {key} score must be a whole number from 1 to 5.")
        out[key] = [int(score), _str(item, "note", f"{where}: the {key} sentence", 2000)]
    return out


def reply(params: dict) -> dict:
    """`partner.reply`: the friend's return, compact for a link.

    params: pack_id, title, friend (their name, optional), persona, started_at, ended_at, answers
    [{question, bank_id?, notes, scores {dimension: {score 1-5, note}}, flags [text]?}].
    Result: {"reply": the compact return, "summary": a sentence}.
    """
    params = P.require_dict(params)
    answers = []
    for n, a in enumerate(P.listing(params, "answers", max_items=MAX_QUESTIONS)):
        where = f"Answer {n + 1}"
        a = _obj(a, where)
        item = {"x": _str(a, "question", f"{where}'s question", required=True),
                "o": _str(a, "notes", f"{where}'s notes", MAX_NOTES)}
        if a.get("bank_id"):
            item["b"] = _str(a, "bank_id", f"{where}'s bank id", 80)
        scores = _scores(a.get("scores"), where)
        if scores:
            item["d"] = scores
        flags = [_str({"f": f}, "f", f"{where}'s flag") for f in _list(a.get("flags"), f"{where}'s flags", 20)]
        if flags:
            item["fl"] = flags
        answers.append(item)
    if not any(a["o"].strip() or a.get("d") for a in answers):
        raise BadParams("There is nothing to send back yet: take notes or give a score for at least one answer.")
    out = {"rt": "return", "v": RETURN_VERSION, "pack": P.text(params, "pack_id", required=False, max_len=40)}
    for key, name, limit in (("t", "title", MAX_NAME), ("fn", "friend", MAX_NAME), ("p", "persona", 40),
                             ("s", "started_at", 40), ("e", "ended_at", 40)):
        value = P.text(params, name, required=False, max_len=limit)
        if value:
            out[key] = value
    out["a"] = answers
    return {"reply": out, "summary": _return_summary(out)}


def _return_summary(r: dict) -> str:
    scored = sum(1 for a in r["a"] if a.get("d"))
    noted = sum(1 for a in r["a"] if a["o"].strip())
    who = r.get("fn") or "your friend"
    return (f"From {who}: {len(r['a'])} question{'s' if len(r['a']) != 1 else ''}, notes on {noted}, "
            f"scores on {scored}.")


def _read_return(raw) -> dict:
    raw = _obj(raw, "The return")
    _version(raw, "return", RETURN_VERSION, "return link")
    answers = []
    for n, a in enumerate(_list(raw.get("a"), "The return's answers", MAX_QUESTIONS)):
        where = f"Answer {n + 1}"
        a = _obj(a, where)
        item = {"x": _str(a, "x", f"{where}'s question", required=True), "o": _str(a, "o", f"{where}'s notes", MAX_NOTES)}
        if a.get("b") is not None:
            item["b"] = _str(a, "b", f"{where}'s bank id", 80)
        d = _obj(a.get("d") if a.get("d") is not None else {}, f"{where}'s scores")
        item["d"] = _scores({k: {"score": v[0], "note": v[1]} if isinstance(v, list) and len(v) == 2 else v
                             for k, v in d.items() if k in DIMENSIONS}, where)
        item["fl"] = [_str({"f": f}, "f", f"{where}'s flag") for f in _list(a.get("fl"), f"{where}'s flags", 20)]
        answers.append(item)
    if not answers:
        raise BadParams("This return link holds no answers; ask your friend to make it again.")
    out = {"rt": "return", "v": raw["v"], "a": answers}
    for key, limit in (("pack", 40), ("t", MAX_NAME), ("fn", MAX_NAME), ("p", 40), ("s", 40), ("e", 40)):
        out[key] = _str(raw, key, f"The return's {key}", limit)
    return out


def session(params: dict) -> dict:
    """`partner.session`: the practice-history entry a return becomes, with a preview of it.

    params: reply (the opened return). Result: {"entry": {... the fields practice history keeps,
    "with_partner": true, "partner": {name, pack_id}, questions with the friend's notes and scores},
    "summary": a sentence}. The page appends the entry to doc.practice.history (unless its id is there).
    """
    params = P.require_dict(params)
    if "reply" not in params:
        raise BadParams("Send the opened return as 'reply'.")
    r = _read_return(params["reply"])
    questions, per_dim = [], {k: [] for k in DIMENSIONS}
    overall = []
    for a in r["a"]:
        scores = a["d"]
        for key, (score, _note) in scores.items():
            per_dim[key].append(score)
        q_overall = _weighted(scores)
        if q_overall is not None:
            overall.append(q_overall)
        questions.append({"id": a.get("b", ""), "question": a["x"][:300], "overall": q_overall, "retry": False,
                          "notes": a["o"], "flags": a["fl"],
                          "scores": {k: {"score": s, "label": LABELS[s], "note": note} for k, (s, note) in scores.items()}})
    dims = {k: round(sum(v) / len(v), 1) for k, v in per_dim.items() if v}
    who = r["fn"].strip()
    entry = {
        "id": "partner-" + _pack_id(r["pack"], r["s"], r["e"], r["fn"], *(a["x"] + a["o"] for a in r["a"])),
        "started_at": r["s"], "ended_at": r["e"],
        "interviewer": f"With a partner{': ' + who if who else ''}",
        "persona": r["p"] or "partner", "with_partner": True,
        "partner": {"name": who, "pack_id": r["pack"], "title": r["t"]},
        "overall": round(sum(overall) / len(overall), 1) if overall else None,
        "answered": sum(1 for a in r["a"] if a["o"].strip() or a["d"]), "asked": len(r["a"]),
        "skipped": 0, "follow_ups": 0, "dimensions": dims, "practise_next": None, "questions": questions,
    }
    return {"entry": entry, "summary": _return_summary(r)}


def _weighted(scores: dict):
    """One answer's overall score from the dimensions the friend scored, weighted as feedback.py weighs them."""
    if not scores:
        return None
    total = sum(WEIGHTS[k] for k in scores)
    return round(sum(WEIGHTS[k] * s for k, (s, _n) in scores.items()) / total, 1)
