"""Mock interview sessions: a persona asks questions, follows up with probes, and moves on.

The session is a plain JSON dict that the browser keeps and passes back on every call, so each method
is a pure function of its input:

- `practice.personas` {}                                   -> [persona, ...]
- `practice.start` {"questions"?, "persona"?, "count"?, "seconds_per_answer"?, "mix"?, "context"?,
                    "shuffle_seed"?, "retry"?, "panel"?, "debrief"?} -> {"session", "step"}
  context: {"weak_moments", "pushback", "conflicts", "facts"}; with locked "facts" every answer is checked
  against the ledger, and a contradiction becomes the next follow-up.
  retry: questions answered weakly in earlier sessions; they come first in the plan.
  panel: [{"name", "role", "concern"}]: the person's panelists take turns asking, each played by the
  persona that fits their likely concern (`panel_concerns` in data/personas.toml).
  debrief: the round-one questions as written in the debrief ({question, answer, weak, weak_note,
  pushback}); weak moments and pushback topics become context for the follow-ups.
  one_way: true for a one-way recorded interview: no follow-ups, each answer is graded as it comes.
- `practice.next` {"session", "answer", "seconds"?}          -> {"session", "step", "feedback"?, "notice"?}
  feedback: when a question is finished, its graded feedback (`feedback.grade`'s shape) on the main
  answer; notice: a sentence for the person when the answer was cut.
- `practice.hint` {"question", "answer_so_far"?, "stories"?, "facts"?, "category"?} -> coach hint

A step is {"type": "question" | "probe" | "summary", ...}. After an answer the persona asks a follow-up
(the most pressing probe for everything said so far on this question) while it is pressing enough for
that persona (`move_on_below`) and fewer than the persona's `max_follow_ups` (3-5) have been asked;
otherwise it moves to the next question. No probe kind is asked twice about one question, and no probe
(same id or same words) twice in a session. The last step is a summary with a grade per question; a
question graded under RETRY_BELOW is marked `retry` so it can come back in a later session.
"""

from __future__ import annotations

import random

from . import params as P
from .analysis import CATEGORIES, DETAIL_LIMIT, analyse, content_words, tokenize
from .errors import BadParams
from .feedback import _ledger_conflicts, grade_answer
from .probes import MULTI_KINDS, _clean_context, persona, personas_params, run
from .probes import personas as personas_all

SESSION_KIND = "roundtwo.practice"
SESSION_VERSION = 1
DEFAULT_PERSONA = "warm"
MAX_QUESTIONS = 50
MAX_ANSWER = 200_000  # per answer stored in the session; longer answers are analysed, then clipped
RETRY_BELOW = 3.0  # an answer graded under this (out of 5) comes back first in a later session
MAX_PANEL = 12
MAX_PANEL_TEXT = 200
MAX_RETRY = 50


# --------------------------------------------------------------------------------------- personas


def personas(params: dict) -> list:
    """`practice.personas`: the five interviewers (a list), with pace and follow-up limits."""
    return personas_params(params)["personas"]


# --------------------------------------------------------------------------------------- start


def _question_from(raw, index: int) -> dict | None:
    """A question from a bank dict or a plain string; None when it has no text."""
    if isinstance(raw, str):
        text = raw.strip()[:2000]
        qid, category, ladder = f"q{index + 1}", None, []
    elif isinstance(raw, dict):
        text = raw.get("text") if isinstance(raw.get("text"), str) else raw.get("question")
        text = text.strip()[:2000] if isinstance(text, str) else ""
        qid = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id") else f"q{index + 1}"
        category = raw.get("category") if raw.get("category") in CATEGORIES else None
        ladder_raw = raw.get("follow_ups") if isinstance(raw.get("follow_ups"), list) else []
        ladder = [f.strip()[:500] for f in ladder_raw[:10] if isinstance(f, str) and f.strip()]
    else:
        return None
    if not text:
        return None
    if category is None:
        category = _guess_category(text)
    return {"id": qid[:80], "text": text, "category": category, "follow_ups": ladder}


def _guess_category(text: str) -> str:
    try:
        from .questions import guess  # the bank's own classifier, when present
        category = guess(text)[0]
        if category in CATEGORIES:
            return category
    except Exception:  # noqa: BLE001 - any trouble there: fall back to a plain default
        pass
    return "behavioral"


def _bank_questions() -> list:
    try:
        from .questions import bank
        return bank({})["questions"]
    except Exception:  # noqa: BLE001 - without a bank, the caller must send questions
        return []


def _mix(questions: list[dict], mix, count: int, seed) -> list[dict]:
    """Pick `count` questions, interleaving categories by the weights in `mix` (dict or list)."""
    if seed is not None:
        questions = list(questions)
        random.Random(seed).shuffle(questions)
    if not mix:
        return questions[:count]
    if isinstance(mix, list):
        weights = {c: 1 for c in mix if c in CATEGORIES}
    elif isinstance(mix, dict):
        weights = {}
        for c, w in mix.items():
            if c not in CATEGORIES:
                raise BadParams(f"'mix' has an unknown category {str(c)[:30]!r}; use: {', '.join(CATEGORIES)}.")
            if isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0:
                raise BadParams("Each weight in 'mix' must be a number of zero or more.")
            if w > 0:
                weights[c] = float(w)
    else:
        raise BadParams("'mix' must be a list of categories or an object of category -> weight.")
    if not weights:
        return questions[:count]
    pools = {c: [q for q in questions if q["category"] == c] for c in weights}
    picked: list[dict] = []
    credit = {c: 0.0 for c in weights}
    total = sum(weights.values())
    while len(picked) < count and any(pools.values()):
        for c in weights:  # smooth weighted round robin: highest accumulated credit goes next
            credit[c] += weights[c] / total
        live = [c for c in weights if pools[c]]
        c = max(live, key=lambda k: (credit[k], -list(weights).index(k)))
        credit[c] -= 1
        picked.append(pools[c].pop(0))
    return picked


def _short_text(value, limit: int = MAX_PANEL_TEXT) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join("".join(ch for ch in value[: limit * 4] if ch.isprintable() or ch == " ").split())[:limit]


def _panel(raw) -> list[dict]:
    """The person's panelists -> interviewers, each played by the persona that fits their likely concern."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BadParams("The field 'panel' must be a list of panelists, each with a name, a role and a concern.")
    from .panel import data as panel_data, infer_concern, phrase_key

    d = panel_data()
    by_concern = {}
    for p in personas_all():
        for c in p.get("panel_concerns", []):
            by_concern.setdefault(c, p)
    out = []
    for item in raw[:MAX_PANEL]:
        if not isinstance(item, dict):
            continue
        name, role = _short_text(item.get("name")), _short_text(item.get("role"))
        concern_text = _short_text(item.get("concern"))
        if not (name or role):
            continue
        concern = d.concern_names.get(phrase_key(concern_text)) if concern_text else None
        if concern is None:
            concern = infer_concern(role, "", concern_text)["concern"]
        who = by_concern.get(concern) or persona(DEFAULT_PERSONA)
        out.append({"name": name or role, "role": role, "concern": concern,
                    "concern_label": d.concerns[concern]["label"], "persona": who["id"],
                    "persona_title": who["title"]})
    if not out:
        raise BadParams("There is no one on your panel yet. Add each panelist's name and role in the Panel step, "
                        "or choose an interviewer instead.")
    return out


def _debrief_context(raw) -> dict:
    """Round-one questions as written in the debrief -> weak moments and pushback topics."""
    if raw is None:
        return {"weak_moments": [], "pushback": []}
    if not isinstance(raw, list):
        raise BadParams("The field 'debrief' must be a list of your round-one questions.")
    weak, pushback = [], []
    for item in raw[:500]:
        if not isinstance(item, dict):
            continue
        question = item.get("question") if isinstance(item.get("question"), str) else ""
        note = item.get("weak_note") if isinstance(item.get("weak_note"), str) else ""
        if item.get("weak") is True and (question.strip() or note.strip()):
            weak.append({"question": question[:2000], "note": note[:2000]})
        topics = item.get("pushback") if isinstance(item.get("pushback"), str) else ""
        for topic in topics[:5000].replace(";", ",").replace("\n", ",").split(","):
            topic = " ".join(topic.split())
            if topic and topic not in pushback:
                pushback.append(topic[:300])
    return {"weak_moments": weak[:100], "pushback": pushback[:200]}


def start(params: dict) -> dict:
    """`practice.start`: a session plan and its first question."""
    params = P.require_dict(params)
    raw = P.listing(params, "questions", max_items=2000)
    questions = [q for q in (_question_from(r, i) for i, r in enumerate(raw)) if q]
    retry_raw = P.listing(params, "retry", max_items=MAX_RETRY)
    retry = [q for q in (_question_from(r, i) for i, r in enumerate(retry_raw)) if q]
    if not raw:
        questions = [q for q in (_question_from(r, i) for i, r in enumerate(_bank_questions())) if q]
    if not questions and not retry:
        raise BadParams("There are no questions to practise. Add at least one question with some text.")
    panel = _panel(params.get("panel"))
    pid = panel[0]["persona"] if panel else (params.get("persona") or DEFAULT_PERSONA)
    who = persona(pid)
    count = P.integer(params, "count", default=min(len(questions) + len(retry), 5), lo=1, hi=MAX_QUESTIONS)
    seconds = P.integer(params, "seconds_per_answer", default=int(who["seconds_per_answer"]), lo=10, hi=1800)
    seed = params.get("shuffle_seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise BadParams("'shuffle_seed' must be a whole number.")
    first, seen = [], set()
    for q in retry:
        if q["id"] not in seen and len(first) < count:
            seen.add(q["id"])
            first.append(dict(q, retry=True))
    rest = [q for q in questions if q["id"] not in seen]
    plan = first + (_mix(rest, params.get("mix"), count - len(first), seed) if count > len(first) else [])
    if not plan:
        raise BadParams("None of the questions fit that mix. Choose other categories or more questions.")
    for i, q in enumerate(plan):
        if panel:
            q["panelist"] = i % len(panel)
    raw_context = params.get("context")
    context = _clean_context(raw_context)
    from_debrief = _debrief_context(params.get("debrief"))
    facts = raw_context.get("facts") if isinstance(raw_context, dict) else None
    if facts is not None and not isinstance(facts, list):
        raise BadParams("The field 'context.facts' must be a list of locked facts.")
    facts = [f for f in (facts or [])[:2000] if isinstance(f, dict)]
    one_way = params.get("one_way", False)
    if not isinstance(one_way, bool):
        raise BadParams("'one_way' must be true or false.")
    session = {
        "kind": SESSION_KIND,
        "version": SESSION_VERSION,
        "persona": who["id"],
        "max_follow_ups": int(who["max_follow_ups"]),
        "move_on_below": float(who.get("move_on_below", 60)),
        "seconds_per_answer": seconds,
        "pause_seconds": float(who.get("pause_seconds", 1)),
        "questions": plan,
        "panel": panel,
        "index": 0,
        "follow_ups_asked": 0,
        "kinds_this_question": [],
        "asked_ids": [],
        "asked_texts": [],
        "context": {"weak_moments": context["weak_moments"] + from_debrief["weak_moments"],
                    "pushback": context["pushback"] + [p for p in from_debrief["pushback"] if p not in context["pushback"]],
                    "conflicts": context["conflicts"], "facts": facts},
        "transcript": [],
        "current": None,
        "done": False,
        "one_way": one_way,
    }
    step = _question_step(session)
    return {"session": session, "step": step}


def _interviewer(session: dict, q: dict) -> dict:
    """Who asks question q: a panelist (with the persona playing them) or the session's persona."""
    panel = session.get("panel") if isinstance(session.get("panel"), list) else []
    k = q.get("panelist")
    if panel and isinstance(k, int) and not isinstance(k, bool) and 0 <= k < len(panel) and isinstance(panel[k], dict):
        p = panel[k]
        try:
            who = persona(p.get("persona")) or persona(session["persona"])
        except BadParams:
            who = persona(session["persona"])
        return {"name": _short_text(p.get("name")), "role": _short_text(p.get("role")),
                "concern": _short_text(p.get("concern_label")), "persona": who["id"], "title": who["title"],
                "_who": who}
    who = persona(session["persona"])
    return {"name": who["name"], "role": who["title"], "concern": "", "persona": who["id"], "title": who["title"],
            "_who": who}


def _limits(session: dict, q: dict) -> tuple[dict, int, float]:
    """(persona, follow-ups allowed, move-on threshold) for question q."""
    asker = _interviewer(session, q)
    who = asker["_who"]
    if session.get("one_way") is True:  # a recorded platform asks and moves on: nobody follows up
        return who, 0, float(who.get("move_on_below", 60))
    if who["id"] == session["persona"]:
        return who, session["max_follow_ups"], float(session.get("move_on_below", who.get("move_on_below", 60)))
    return who, max(0, min(5, int(who["max_follow_ups"]))), float(who.get("move_on_below", 60))


def _public(asker: dict) -> dict:
    return {k: v for k, v in asker.items() if not k.startswith("_")}


def _question_step(session: dict) -> dict:
    q = session["questions"][session["index"]]
    session["current"] = {"type": "question", "text": q["text"], "kind": None, "id": q["id"]}
    asker = _interviewer(session, q)
    who = asker["_who"]
    _, max_follow_ups, _ = _limits(session, q)
    return {"type": "question", "text": q["text"], "question_id": q["id"], "category": q["category"],
            "number": session["index"] + 1, "of": len(session["questions"]),
            "seconds": session["seconds_per_answer"], "pause_seconds": float(who.get("pause_seconds", 1)),
            "persona": who["id"], "interviewer": _public(asker), "max_follow_ups": max_follow_ups,
            "retry": q.get("retry") is True}


# --------------------------------------------------------------------------------------- next


def _check_session(raw) -> dict:
    if not isinstance(raw, dict) or raw.get("kind") != SESSION_KIND:
        raise BadParams("This practice session could not be read. Start a new session.")
    if raw.get("version") != SESSION_VERSION:
        raise BadParams("This practice session comes from a different version of Round Two. Start a new session.")
    try:
        questions = raw["questions"]
        index = raw["index"]
        ok = (isinstance(questions, list) and questions and all(isinstance(q, dict) and isinstance(q.get("text"), str)
                                                                  for q in questions)
              and isinstance(index, int) and not isinstance(index, bool) and 0 <= index <= len(questions)
              and isinstance(raw.get("transcript"), list) and isinstance(raw.get("asked_ids"), list)
              and isinstance(raw.get("asked_texts"), list) and isinstance(raw.get("kinds_this_question"), list)
              and isinstance(raw.get("follow_ups_asked"), int))
    except (KeyError, TypeError):
        ok = False
    if not ok:
        raise BadParams("This practice session is damaged. Start a new session.")
    persona(raw.get("persona"))  # still a known persona
    session = dict(raw)
    session["transcript"] = list(raw["transcript"])
    session["asked_ids"] = [x for x in raw["asked_ids"] if isinstance(x, str)]
    session["asked_texts"] = [x for x in raw["asked_texts"] if isinstance(x, str)]
    session["kinds_this_question"] = [x for x in raw["kinds_this_question"] if isinstance(x, str)]
    session["max_follow_ups"] = max(0, min(5, int(raw.get("max_follow_ups", 3)) if isinstance(raw.get("max_follow_ups"), int) else 3))
    ctx = raw.get("context") if isinstance(raw.get("context"), dict) else {}
    session["context"] = {k: ctx.get(k) if isinstance(ctx.get(k), list) else []
                          for k in ("weak_moments", "pushback", "conflicts", "facts")}
    return session


def _answers_for(session: dict, index: int) -> list[dict]:
    return [t for t in session["transcript"] if isinstance(t, dict) and t.get("question_index") == index]


def next_step(params: dict) -> dict:
    """`practice.next`: record the answer to the current prompt and return the next step."""
    params = P.require_dict(params)
    session = _check_session(params.get("session"))
    if session.get("done") or session["index"] >= len(session["questions"]):
        session["done"] = True
        return {"session": session, "step": _summary(session)}
    answer = P.text(params, "answer", required=False)
    seconds = params.get("seconds")
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0):
        raise BadParams("'seconds' must be a number of seconds, zero or more.")
    q = session["questions"][session["index"]]
    who, max_follow_ups, _ = _limits(session, q)
    current = session.get("current") if isinstance(session.get("current"), dict) else {"type": "question"}
    entry = {
        "question_index": session["index"],
        "prompt": str(current.get("text", q["text"]))[:2000],
        "type": current.get("type", "question"),
        "kind": current.get("kind"),
        "answer": answer[:MAX_ANSWER],
        "skipped": not answer.strip(),
    }
    if seconds is not None:
        entry["seconds"] = round(float(seconds), 1)
        entry["over_time"] = float(seconds) > session["seconds_per_answer"]
    session["transcript"].append(entry)
    extra = {}
    if len(answer) > MAX_ANSWER:
        extra["notice"] = (f"Your answer was {len(answer):,} characters long. The first {MAX_ANSWER:,} are kept in "
                           f"this session and the first {DETAIL_LIMIT:,} are analysed in detail. A spoken answer of "
                           f"two minutes is about 1,800 characters.")

    if answer.strip() and session["follow_ups_asked"] < max_follow_ups:
        probe = _pick_probe(session, q)
        if probe is not None:
            session["follow_ups_asked"] += 1
            if probe["kind"] not in MULTI_KINDS:
                session["kinds_this_question"].append(probe["kind"])
            session["asked_ids"].append(probe["id"])
            session["asked_texts"].extend([probe["text"], probe["plain"]])
            if probe["kind"] == "consistency":  # a conflict is raised once per session
                session["context"]["conflicts"] = [c for c in session["context"]["conflicts"]
                                                   if not _conflict_matches(c, probe)]
            session["current"] = {"type": "probe", "text": probe["text"], "kind": probe["kind"], "id": probe["id"]}
            asker = _interviewer(session, q)
            step = {"type": "probe", "text": probe["text"], "kind": probe["kind"], "label": probe["label"],
                    "why": probe["why"], "quote": probe["quote"], "probe_id": probe["id"],
                    "follow_up": session["follow_ups_asked"], "max_follow_ups": max_follow_ups,
                    "question_id": q["id"], "question": q["text"], "category": q["category"],
                    "number": session["index"] + 1, "of": len(session["questions"]),
                    "seconds": session["seconds_per_answer"], "pause_seconds": float(who.get("pause_seconds", 1)),
                    "persona": who["id"], "interviewer": _public(asker)}
            return {"session": session, "step": step, **extra}

    # move on, with the graded feedback on the question just finished
    feedback = _feedback(session, session["index"])
    if feedback is not None:
        extra["feedback"] = feedback
    session["index"] += 1
    session["follow_ups_asked"] = 0
    session["kinds_this_question"] = []
    if session["index"] >= len(session["questions"]):
        session["done"] = True
        session["current"] = None
        return {"session": session, "step": _summary(session), **extra}
    return {"session": session, "step": _question_step(session), **extra}


def _main_answer(session: dict, index: int) -> tuple[int, str] | None:
    """(transcript index, text) of the answer graded for question `index`: the answer to the question
    itself, or everything said when that is missing; None when nothing was said."""
    entries = [(k, t) for k, t in enumerate(session["transcript"])
               if isinstance(t, dict) and t.get("question_index") == index]
    said = "\n\n".join(t.get("answer", "") for _, t in entries if isinstance(t.get("answer"), str) and t.get("answer"))
    if not said.strip():
        return None
    for k, t in entries:
        if t.get("type") == "question" and isinstance(t.get("answer"), str) and t["answer"].strip():
            return k, t["answer"]
    return -1, said


def _grade(session: dict, index: int):
    found = _main_answer(session, index)
    if found is None:
        return None, None
    q = session["questions"][index]
    facts = [f for f in session["context"].get("facts", []) if isinstance(f, dict)]
    return found, grade_answer(found[1], q.get("text", ""), q.get("category", "behavioral"), facts)


def _feedback(session: dict, index: int) -> dict | None:
    """Graded feedback for question `index` (None when it was skipped). Offsets point into the transcript
    entry `transcript_index` (code points, as everywhere in Python)."""
    found, g = _grade(session, index)
    if g is None:
        return None
    q = session["questions"][index]
    return {"question_index": index, "question_id": q.get("id"), "question": q.get("text"),
            "category": q.get("category"), "transcript_index": found[0], "grade": g,
            "retry": g["overall"]["score"] < RETRY_BELOW}


def _conflict_matches(conflict, probe) -> bool:
    if not isinstance(conflict, dict):
        return True
    later = conflict.get("later") if isinstance(conflict.get("later"), dict) else {}
    text = str(later.get("text") or later.get("value") or "")
    return bool(text) and text[:60] in probe["text"]


def _pick_probe(session: dict, q: dict) -> dict | None:
    """The most pressing probe for everything said on this question, if pressing enough for this persona."""
    said = "\n\n".join(t["answer"] for t in _answers_for(session, session["index"]) if t.get("answer"))
    who, _, threshold = _limits(session, q)
    asked = session["kinds_this_question"] + session["asked_ids"] + session["asked_texts"]
    ladder_used = [t for t in q.get("follow_ups", []) if t in session["asked_texts"]]
    conflicts = [c for c in session["context"]["conflicts"] if isinstance(c, dict)]
    facts = [f for f in session["context"].get("facts", []) if isinstance(f, dict)]
    if facts:  # what was just said, against the facts locked in the ledger
        found = _ledger_conflicts(said[:MAX_ANSWER], facts, want_matches=False)
        if found is not None:
            conflicts += [c for c in found[0] if isinstance(c, dict)]
    context = {
        "asked": asked + ladder_used,
        "weak_moments": [w for w in session["context"]["weak_moments"] if isinstance(w, dict)],
        "pushback": [p for p in session["context"]["pushback"] if isinstance(p, str)],
        "conflicts": conflicts,
        "follow_ups": [f for f in q.get("follow_ups", []) if isinstance(f, str)],
    }
    turn = sum(1 for t in session["transcript"] if isinstance(t, dict) and t.get("type") == "probe")
    result = run(said, q["text"], q.get("category", "behavioral"), persona_=who, context=context, limit=3, turn=turn)
    for probe in result["probes"]:
        if probe["score"] < threshold:
            return None
        if probe["text"] in session["asked_texts"] or probe["plain"] in session["asked_texts"]:
            continue
        return probe
    return None


# --------------------------------------------------------------------------------------- summary


def _summary(session: dict) -> dict:
    per_question = []
    kinds: dict[str, int] = {}
    for t in session["transcript"]:
        if isinstance(t, dict) and t.get("type") == "probe" and t.get("kind"):
            kinds[t["kind"]] = kinds.get(t["kind"], 0) + 1
    overall_scores = []
    for i, q in enumerate(session["questions"]):
        entries = _answers_for(session, i)
        if not entries:
            continue
        g = _grade(session, i)[1]
        skipped = g is None
        asker = _public(_interviewer(session, q))
        item = {
            "question_id": q.get("id"), "question": q.get("text"), "category": q.get("category"),
            "skipped": skipped,
            "follow_ups": [{"kind": t.get("kind"), "prompt": t.get("prompt"), "answered": not t.get("skipped")}
                           for t in entries if t.get("type") == "probe"],
            "seconds": sum(t.get("seconds", 0) for t in entries if isinstance(t.get("seconds"), (int, float))) or None,
            "over_time": any(t.get("over_time") for t in entries),
            "interviewer": asker,
            "was_retry": q.get("retry") is True,
        }
        if not skipped:
            item["retry"] = g["overall"]["score"] < RETRY_BELOW
            item["grade"] = {"overall": g["overall"]["score"], "label": g["overall"]["label"],
                             "scores": {k: d["score"] for k, d in g["dimensions"].items()},
                             "next_step": g["overall"]["next_step"]}
            overall_scores.append(g["overall"]["score"])
        per_question.append(item)
    answered = [p for p in per_question if not p["skipped"]]
    best = max(answered, key=lambda p: p["grade"]["overall"], default=None)
    worst = min(answered, key=lambda p: p["grade"]["overall"], default=None)
    dims: dict[str, list] = {}
    for p in answered:
        for k, v in p["grade"]["scores"].items():
            dims.setdefault(k, []).append(v)
    averages = {k: round(sum(v) / len(v), 1) for k, v in dims.items()}
    retry_ids = {p["question_id"] for p in answered if p["retry"]}
    settled_ids = {p["question_id"] for p in answered if not p["retry"]}
    keep = ("id", "text", "category", "follow_ups")
    return {
        "type": "summary",
        "retry_below": RETRY_BELOW,
        "retry_questions": [{k: q[k] for k in keep if k in q} for q in session["questions"]
                            if q.get("id") in retry_ids],
        "settled_ids": sorted(i for i in settled_ids if isinstance(i, str)),
        "panel": bool(session.get("panel")),
        "persona": session["persona"],
        "questions": per_question,
        "answered": len(answered),
        "skipped": len(per_question) - len(answered),
        "asked": len(session["questions"]),
        "follow_ups_asked": sum(kinds.values()),
        "probe_kinds": kinds,
        "overall": round(sum(overall_scores) / len(overall_scores), 1) if overall_scores else None,
        "dimension_averages": averages,
        "practise_next": min(averages, key=averages.get) if averages else None,
        "strongest_question": best["question_id"] if best else None,
        "weakest_question": worst["question_id"] if worst else None,
    }


# --------------------------------------------------------------------------------------- hint


STORY_TEXT_FIELDS = ("text", "story", "summary", "situation", "task", "action", "result", "notes", "answer", "what_happened")


def _story_text(story) -> tuple[str, str, str]:
    """(id, title, text) of a debrief story given as a dict or a string."""
    if isinstance(story, str):
        return "", "", story[:3000]
    if not isinstance(story, dict):
        return "", "", ""
    parts = [story[f] for f in STORY_TEXT_FIELDS if isinstance(story.get(f), str)]
    title = story.get("title") if isinstance(story.get("title"), str) else ""
    if not title and isinstance(story.get("question"), str):
        title = story["question"]
    sid = story.get("id") if isinstance(story.get("id"), (str, int)) and not isinstance(story.get("id"), bool) else ""
    return str(sid)[:80], title[:200], " ".join(parts)[:3000]


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 40 else limit] + "\u2026"


def hint(params: dict) -> dict:
    """`practice.hint`: what to say next, as prompts, plus your own matching story and locked facts.

    It never writes the answer: it points at the missing step of the story and at material the person
    already wrote (debrief stories, locked facts) that shares words with the question.
    """
    params = P.require_dict(params)
    question = P.text(params, "question", required=False, max_len=20_000)
    so_far = P.text(params, "answer_so_far", required=False)
    category = P.choice(params, "category", CATEGORIES, default=None)
    stories = P.listing(params, "stories", max_items=500)
    facts = P.listing(params, "facts", max_items=2000)
    if category is None:
        category = _guess_category(question) if question.strip() else "behavioral"
    a = analyse(so_far, question, category)
    prompts = _structure_prompts(a, category)

    topic = content_words([t[0] for t in tokenize(question[:2000])] + a.words[:2000])
    scored = []
    for k, s in enumerate(stories):
        sid, title, text = _story_text(s)
        if not (text or title):
            continue
        words = content_words([t[0] for t in tokenize(title + " " + text)])
        shared = sorted(words & topic)
        if shared:
            scored.append((len(shared), -k, {"id": sid or f"story{k + 1}", "title": title,
                                            "excerpt": _excerpt(text or title), "shared_words": shared[:8],
                                            "index": k}))
    scored.sort(key=lambda x: (-x[0], -x[1]))
    fact_hits = []
    for k, f in enumerate(facts):
        if not isinstance(f, dict):
            continue
        about = f.get("about") if isinstance(f.get("about"), str) else ""
        text = f.get("text") if isinstance(f.get("text"), str) else ""
        value = f.get("value") if isinstance(f.get("value"), (str, int, float)) and not isinstance(f.get("value"), bool) else None
        words = content_words([t[0] for t in tokenize((about + " " + text)[:500])])
        shared = sorted(words & topic)
        if shared:
            fact_hits.append((len(shared), -k, {"about": about, "value": value, "text": _excerpt(text, 200),
                                                "kind": f.get("kind") if isinstance(f.get("kind"), str) else "",
                                                "shared_words": shared[:8], "index": k}))
    fact_hits.sort(key=lambda x: (-x[0], -x[1]))
    out_facts = [x[2] for x in fact_hits[:5]]
    if out_facts and not a.metrics:
        prompts.append({"kind": "facts", "text": "You locked in figures that fit this question. Use the same ones, "
                                                  "exactly as you said them in round one."})
    return {
        "prompts": prompts[:4],
        "stories": [x[2] for x in scored[:3]],
        "facts": out_facts,
        "category": category,
        "note": "Prompts and your own material only; the words are yours to choose.",
    }


def _structure_prompts(a, category: str) -> list[dict]:
    prompts = []
    if not a.words:
        if category in ("behavioral", "values") or a.story_expected():
            prompts.append({"kind": "situation", "text": "Start with one real time: where you were, when, and what was at stake."})
        elif category == "why_us":
            prompts.append({"kind": "specifics", "text": "Start with one thing you know about them that you could not say about another company."})
        else:
            prompts.append({"kind": "action", "text": "Start with your first step, and why it comes first."})
        return prompts
    s = a.star
    story = a.story_expected() or category in ("behavioral", "values")
    if story:
        if s["situation"] is None and s["task"] is None:
            prompts.append({"kind": "situation", "text": "Set the scene in a sentence: where, when, and what was at stake."})
        if a.hypothetical_only:
            prompts.append({"kind": "action", "text": "Tell what you did, not what you would do: past tense, \u201cI ...\u201d."})
        elif s["action"] is None:
            prompts.append({"kind": "action", "text": "Now say what you did yourself, step by step."})
        if s["action"] is not None and s["result"] is None:
            prompts.append({"kind": "result", "text": "Finish with the result: what changed, and a number if you have one."})
    else:
        if not a.signposts:
            prompts.append({"kind": "structure", "text": "Give your plan an order: first, then, finally."})
        if not a.trade_offs and category in ("scenario", "technical"):
            prompts.append({"kind": "trade_off", "text": "Name the trade-off: what you would give up, or what you ruled out."})
    if a.we_subject and not a.i_subject and category != "why_us":
        prompts.append({"kind": "ownership", "text": "Say which part was yours: \u201cI ...\u201d."})
    if not a.hard_specifics:
        prompts.append({"kind": "specifics", "text": "Add one number, name or date you can stand behind."})
    if a.hedges:
        prompts.append({"kind": "hedges", "text": "Drop the hedges (\u201c" + a.hits(a.hedges, 1)[0]["text"] + "\u201d): say it plainly."})
    if s["result"] is not None and s["action"] is not None and story and not prompts:
        prompts.append({"kind": "retrospective", "text": "Be ready for \u201cwhat would you do differently?\u201d: have one honest answer."})
    return prompts
