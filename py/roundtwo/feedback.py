"""Graded feedback on one answer: five dimensions scored 1-5, each with what went well and what to
improve, every item pointing at the words it is about.

Dimensions: structure (the story's parts, or a plan's steps), specificity (numbers, names, dates
against vague words and hedges), ownership ("I" against "we"), consistency (against the facts the
person has locked in the claims ledger) and conciseness (length for the question type, filler).

Method: `feedback.grade` {"question", "answer", "category", "facts"?} -> {"dimensions": {name:
{"score", "out_of", "label", "went_well": [item], "improve": [item]}}, "overall": {...}}, where an
item is {"note", "text", "start", "end"} (text "" and start = end = 0 when no words apply, such as
"there is no result yet" in an empty answer).
"""

from __future__ import annotations


from . import params as P
from .errors import ApiError
from .analysis import CATEGORIES, Analysis, analyse, content_words, span, tokenize

WEIGHTS = {"structure": 0.25, "specificity": 0.25, "ownership": 0.2, "consistency": 0.15, "conciseness": 0.15}
# Comfortable spoken length in words by question type (about 150 words a minute).
TARGET_WORDS = {
    "behavioral": (120, 300), "values": (80, 260), "scenario": (80, 280), "technical": (80, 320), "why_us": (50, 180),
}
LABELS = {1: "missing", 2: "weak", 3: "fair", 4: "good", 5: "strong"}
MAX_ITEMS = 5


def _item(note: str, where: dict | None = None) -> dict:
    if where is None:
        return {"note": note, "text": "", "start": 0, "end": 0}
    return {"note": note, "text": where["text"], "start": where["start"], "end": where["end"]}


def _dim(score: int, went_well: list, improve: list) -> dict:
    score = max(1, min(5, int(score)))
    return {"score": score, "out_of": 5, "label": LABELS[score], "went_well": went_well[:MAX_ITEMS],
            "improve": improve[:MAX_ITEMS]}


def _whole(a: Analysis) -> dict | None:
    if not a.sentences:
        return None
    return span(a.text, a.sentences[0].start, a.sentences[-1].end)


# --------------------------------------------------------------------------------------- dimensions


def structure(a: Analysis) -> dict:
    good, bad = [], []
    if not a.words:
        return _dim(1, [], [_item("There is no answer yet. Start with the situation: where, when, what was at stake.")])
    s = a.star
    story = a.story_expected() or (a.category in ("technical", "values") and any(x.actions_i or x.actions_we for x in a.sentences))
    if story:
        context = s["situation"] or s["task"]
        parts = 0
        if context is not None:
            parts += 1
            part = "situation" if s["situation"] is not None else "task"
            cues = a.star_cues[part]
            good.append(_item(f"You set up the {part} here.", a.hits(cues, 1)[0] if cues else a.sentence_span(context)))
        else:
            bad.append(_item("Open with the situation: where you were, when, and what was at stake.",
                             a.sentence_span(a.sentences[0])))
        if s["action"] is not None and not a.hypothetical_only:
            parts += 1
            good.append(_item("You say what was done here.", a.hits(a.star_cues["action"], 1)[0] if a.star_cues["action"]
                              else a.sentence_span(s["action"])))
        elif a.hypothetical_only:
            hyp = [p for x in a.sentences for p in x.hypothetical]
            bad.append(_item("This says what you would do. Tell what you did, in the past tense.", a.hits(hyp, 1)[0]))
        else:
            bad.append(_item("Say what you did: the steps you took yourself.", a.sentence_span(context or a.sentences[0])))
        if s["result"] is not None:
            parts += 1
            cues = a.star_cues["result"]
            good.append(_item("You close with a result here.", a.hits(cues, 1)[0] if cues else a.sentence_span(s["result"])))
        else:
            bad.append(_item("End with the result: what changed because of what you did, with a number if you have one.",
                             a.sentence_span(a.sentences[-1])))
        score = 1 + parts
        ordered = all(x is not None for x in (context, s["action"], s["result"])) and \
            context.index <= s["action"].index <= s["result"].index
        if parts == 3 and ordered and a.word_count >= 40:
            score = 5
        elif parts == 3 and ordered:
            score = 4
            bad.append(_item("All the parts are there; each is a sentence or less. Give the action more room.",
                             a.sentence_span(s["action"])))
        elif parts == 3:
            score = 4
            bad.append(_item("The parts are there but not in story order; lead with the situation and finish on the result.",
                             a.sentence_span(s["result"])))
        return _dim(score, good, bad)
    if a.category == "why_us":
        return _why_us_structure(a)
    # plans and designs: steps, reasons and trade-offs
    points = 0
    acts = [p for x in a.sentences for p in (x.hypothetical or x.actions_i)]
    if acts:
        points += 1
        good.append(_item("You say what you would do.", a.hits(acts, 1)[0]))
    else:
        bad.append(_item("Say what you would actually do, step by step.", _whole(a)))
    if a.signposts:
        points += 1 + (len(a.signposts) >= 3)
        good.append(_item("Signposts make the order easy to follow.", a.hits(a.signposts, 1)[0]))
    else:
        bad.append(_item("Give it an order: first, then, finally.", a.sentence_span(a.sentences[0])))
    reasons = [(i, i + 1) for i, w in enumerate(a.words) if w in ("because", "since", "so")]
    if reasons:
        points += 1
        good.append(_item("You give a reason.", a.hits(reasons, 1)[0]))
    else:
        bad.append(_item("Say why: one reason for your approach.", _whole(a)))
    if a.trade_offs:
        points += 1
        good.append(_item("You name a trade-off or option.", a.hits(a.trade_offs, 1)[0]))
    else:
        bad.append(_item("Name a trade-off: what you would give up, or the option you rejected.", _whole(a)))
    return _dim(1 + min(4, points), good, bad)


FORWARD = frozenset({"want", "wants", "hope", "excited", "looking", "keen", "eager", "like", "love", "join", "build", "grow", "learn"})


def _why_us_structure(a: Analysis) -> dict:
    """Why-us: something specific about them, a link to your own experience, what you want to do there, why."""
    good, bad = [], []
    points = 0
    past = [p for x in a.sentences for p in x.actions_i]
    if past:
        points += 1
        good.append(_item("You tie it to your own experience.", a.hits(past, 1)[0]))
    else:
        bad.append(_item("Link it to something you have done: “At X, I ...”.", _whole(a)))
    if a.named or a.metrics:
        points += 1
        where = a.hits(a.named, 1) or [a.token_range_span(a.metrics[0][0], a.metrics[0][1])]
        good.append(_item("You name something specific about them.", where[0]))
    else:
        bad.append(_item("Name one specific thing about this company, team or product.", _whole(a)))
    ahead = [(i, i + 1) for i, w in enumerate(a.words) if w in FORWARD and i > 0 and a.words[i - 1] in ("i", "i'd", "to", "i'm")]
    if ahead:
        points += 1
        good.append(_item("You say what you want to do here.", a.hits(ahead, 1)[0]))
    else:
        bad.append(_item("Say what you want to work on here, and what you would bring.", _whole(a)))
    reasons = [(i, i + 1) for i, w in enumerate(a.words) if w in ("because", "since", "so")]
    if reasons:
        points += 1
        good.append(_item("You give a reason.", a.hits(reasons, 1)[0]))
    return _dim(1 + min(4, points), good, bad)


def specificity(a: Analysis) -> dict:
    if not a.words:
        return _dim(1, [], [_item("No answer yet.")])
    spec = a.specificity()["score"]
    score = 5 if spec >= 80 else 4 if spec >= 60 else 3 if spec >= 40 else 2 if spec >= 20 else 1
    good = [_item("A number an interviewer can test.", a.token_range_span(i, j)) for i, j, _ in a.metrics[:2]]
    good += [_item("A timeframe.", a.token_range_span(i, j)) for i, j, _ in a.timeframes[:1]]
    good += [_item("A name or term that makes it concrete.", a.token_range_span(i, j)) for i, j in a.named[:1]]
    bad = [_item("Hedge: say it plainly or give the number.", h) for h in a.hits(a.hedges, 2)]
    bad += [_item("Vague: what exactly, how much, compared with what?", v) for v in a.hits(a.vague_hits(), 3)]
    for _strength, kind, _span, (qi, qj) in a.claims[:2]:
        if kind == "change" and "from" not in a.words[qi:qj]:
            bad.append(_item("Give the baseline and how you measured it, so this claim holds up.", a.token_range_span(qi, qj)))
    if not a.hard_specifics:
        bad.append(_item("Add one number, name or date you can stand behind.", _whole(a)))
    return _dim(score, good, bad)


def ownership(a: Analysis) -> dict:
    if not a.words:
        return _dim(1, [], [_item("No answer yet.")])
    i_n, we_n = len(a.i_subject), len(a.we_subject)
    i_acts = [p for s in a.sentences for p in s.actions_i]
    we_acts = [p for s in a.sentences for p in s.actions_we]
    good = [_item("Your own action, in your words.", h) for h in a.hits(i_acts, 3)]
    bad = []
    if i_n == 0 and we_n == 0:
        score = 3 if a.category in ("why_us", "scenario", "technical") else 2
        bad.append(_item("It is not clear who did what. Put yourself in the sentence: \u201cI ...\u201d.", _whole(a)))
    elif i_n == 0:
        score = 1 if we_n >= 3 else 2
        bad += [_item("\u201cWe\u201d hides your part. What did you do?", h) for h in a.hits(we_acts or a.we_subject, 3)]
    elif we_n > 2 * i_n:
        score = 3
        bad += [_item("Mostly \u201cwe\u201d: say which part was yours.", h) for h in a.hits(we_acts or a.we_subject, 2)]
    elif len(i_acts) >= 2 or (i_acts and we_n == 0):
        score = 5
    else:
        score = 4
        if not i_acts:
            bad.append(_item("Name an action you took yourself, with a verb: \u201cI built\u201d, \u201cI asked\u201d.", _whole(a)))
    if we_n and i_acts and score >= 4:
        good.append(_item("You credit the team and still show your part.", a.hits(a.we_subject, 1)[0]))
    return _dim(score, good, bad)


def _ledger_conflicts(text: str, facts: list[dict], want_matches: bool = True):
    """(conflicts, matches, usable facts, source) from the claims ledger (`ledger.check`), or None
    when the ledger module is not part of this build. Each conflict's "later" carries offsets into text."""
    try:
        from .ledger import check
    except ImportError:
        return None
    usable = []
    for fact in facts:
        try:
            check([fact], "")  # validates one fact; a malformed fact is skipped, not fatal
        except ApiError:
            continue
        usable.append(fact)
    if not usable:
        return [], [], 0, "ledger"
    conflicts = check(usable, text).get("conflicts", [])
    matches = []
    if not want_matches:
        return conflicts, matches, len(usable), "ledger"
    try:
        from .consistency import same
        from .facts import extract
    except ImportError:
        return conflicts, matches, len(usable), "ledger"
    said = extract(text)
    for fact in usable[:50]:
        for mine in extract(str(fact.get("text") or ""))[:5]:
            for now in said:
                if (now.get("kind") == mine.get("kind") and now.get("about") == mine.get("about")
                        and now.get("mode") == mine.get("mode") and now.get("about") and same(mine, now)):
                    matches.append((fact, now))
                    break
    return conflicts, matches, len(usable), "ledger"


def _fallback_conflicts(a: Analysis, facts: list[dict]) -> list[dict]:
    """Without the consistency module: a numeric fact conflicts when the answer never states its value
    but states a different number of the same kind in a sentence about the same thing (shared words).
    Facts without a number are never reported."""
    out = []
    stated = set()
    for i, _j, _kind in a.metrics:
        number = _number(a.words[i])
        if number is not None:
            stated.add(number)
    claim_sents = {a.sent_of[c[3][0]] for c in a.claims}
    for fact in facts:
        value = fact.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or float(value) in stated:
            continue
        fact_text = str(fact.get("text", ""))
        fa = analyse(fact_text[:2000], "", None) if fact_text else None
        fact_kinds = {k for _, _, k in fa.metrics} if fa else set()
        about_words = content_words([t[0] for t in tokenize(str(fact.get("about", "")) + " " + fact_text[:2000])])
        if not about_words:
            continue
        best = None
        for sent in a.sentences:
            shared = len(about_words & content_words(a.words[sent.t0:sent.t1]))
            if not shared:
                continue
            for i, j, kind in sent.metrics:
                if fact_kinds and kind not in fact_kinds:
                    continue
                number = _number(a.words[i])
                if number is None:
                    continue
                rank = (shared, sent.index in claim_sents, sent.index)
                if best is None or rank > best[0]:
                    best = (rank, number, i, j, sent)
        if best is not None:
            _, number, i, j, sent = best
            out.append({"about": fact.get("about", ""), "earlier": {"value": value, "text": fact_text},
                        "later": {"value": number, "text": a.text[sent.start:sent.end]},
                        "message": f"Your locked fact says {value} ({fact.get('about') or 'this'}); here you say {a.words[i]}.",
                        "fact": fact, "_span": a.token_range_span(i, j)})
    return out


def _number(word: str) -> float | None:
    raw = word.lstrip("$£€¥").rstrip("%").replace(",", "")
    try:
        return float(raw)
    except ValueError:
        return None


def _offsets_span(a: Analysis, side: dict) -> dict | None:
    start, end = side.get("start"), side.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(a.text):
        return span(a.text, start, end)
    text = str(side.get("text") or "")
    pos = a.text.find(text) if text else -1
    return span(a.text, pos, pos + len(text)) if pos >= 0 else None


def consistency(a: Analysis, facts: list[dict]) -> dict:
    if not facts:
        return dict(_dim(5, [], []), checked=0, note="No locked facts yet, so there is nothing to contradict.")
    found = _ledger_conflicts(a.text, facts)
    if found is None:
        conflicts, matches, checked, source = _fallback_conflicts(a, facts), [], len(facts), "fallback"
    else:
        conflicts, matches, checked, source = found
    bad = []
    for c in conflicts:
        later = c.get("later") if isinstance(c.get("later"), dict) else {}
        earlier = c.get("earlier") if isinstance(c.get("earlier"), dict) else {}
        where = c.get("_span") or _offsets_span(a, later)
        note = c.get("message") or (f"This differs from what you locked in about {c.get('about', 'this')}: "
                                     f"{earlier.get('text') or earlier.get('value')}")
        if earlier.get("locked"):
            note = f"{note} (a locked fact)"
        bad.append(_item(str(note), where))
    good = []
    for fact, now in matches:
        where = _offsets_span(a, now)
        if where and not any(b["start"] <= where["start"] < b["end"] for b in bad if b["text"]):
            good.append(_item(f"Matches what you locked in: {fact.get('text') or fact.get('value')}.", where))
    if source == "fallback":
        for fact in facts[:50]:
            value = fact.get("value")
            text = str(fact.get("text") or "")
            shown = str(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else ""
            for needle in (text, shown):
                pos = a.text.find(needle) if needle and len(needle) >= 2 else -1
                if pos >= 0:
                    good.append(_item(f"Matches your locked fact about {fact.get('about') or 'this'}.",
                                      span(a.text, pos, pos + len(needle))))
                    break
    score = 5 if not conflicts else max(1, 4 - len(conflicts))
    return dict(_dim(score, good, bad), checked=checked, source=source)


def conciseness(a: Analysis) -> dict:
    if not a.words:
        return _dim(1, [], [_item("No answer yet.")])
    lo, hi = TARGET_WORDS.get(a.category or "behavioral", (100, 300))
    n = a.word_count
    seconds = round(n / 150 * 60)
    good, bad = [], []
    whole = _whole(a)
    if lo <= n <= hi:
        score = 5
        good.append(_item(f"{n} words, about {seconds} seconds spoken: a good length for this question.", whole))
    elif n < lo:
        ratio = n / lo
        score = 4 if ratio >= 0.7 else 3 if ratio >= 0.4 else 2 if ratio >= 0.2 else 1
        bad.append(_item(f"{n} words (about {seconds} seconds) is short for this question; aim for {lo}-{hi}.", whole))
    else:
        ratio = n / hi
        score = 4 if ratio <= 1.3 else 3 if ratio <= 1.8 else 2 if ratio <= 2.5 else 1
        bad.append(_item(f"{n} words (about {seconds} seconds) is long; aim for {lo}-{hi}. Cut the set-up first.",
                         a.sentence_span(a.sentences[0])))
    padding = len(a.fillers) + len(a.hedges)
    if n and padding / n > 0.05:
        score -= 1
        bad += [_item("Filler: drop it.", h) for h in a.hits(a.fillers, 3)]
    longest = max(a.sentences, key=lambda s: s.t1 - s.t0)
    if longest.t1 - longest.t0 > 45:
        bad.append(_item(f"This sentence runs {longest.t1 - longest.t0} words; split it.", a.sentence_span(longest)))
    elif not a.fillers and n >= 20:
        good.append(_item("No filler words.", whole))
    return _dim(score, good, bad)


# --------------------------------------------------------------------------------------- method


def grade_answer(answer: str, question: str = "", category: str = "behavioral", facts: list | None = None) -> dict:
    a = analyse(answer, question, category)
    facts = [f for f in (facts or []) if isinstance(f, dict)]
    dims = {
        "structure": structure(a),
        "specificity": specificity(a),
        "ownership": ownership(a),
        "consistency": consistency(a, facts),
        "conciseness": conciseness(a),
    }
    total = sum(dims[k]["score"] * w for k, w in WEIGHTS.items())
    overall = round(total, 1)
    weakest = min(dims, key=lambda k: (dims[k]["score"], -WEIGHTS[k]))
    strongest = max(dims, key=lambda k: (dims[k]["score"], WEIGHTS[k]))
    first_fix = next((dims[k]["improve"][0] for k in sorted(dims, key=lambda k: dims[k]["score"]) if dims[k]["improve"]), None)
    return {
        "dimensions": dims,
        "overall": {
            "score": overall, "out_of": 5, "percent": round((overall - 1) / 4 * 100),
            "label": LABELS[max(1, min(5, round(overall)))],
            "strongest": strongest, "weakest": weakest,
            "next_step": first_fix,
        },
        "weights": dict(WEIGHTS),
        "category": category,
        "words": a.word_count,
        "offset_units": "codepoint",
        "truncated": a.truncated,
    }


def grade(params: dict) -> dict:
    """`feedback.grade`: score one answer on five dimensions, citing the words behind each point."""
    params = P.require_dict(params)
    answer = P.text(params, "answer", required=False)
    question = P.text(params, "question", required=False, max_len=20_000)
    category = P.choice(params, "category", CATEGORIES, default="behavioral")
    facts = P.listing(params, "facts", max_items=2000)
    clean = [f for f in facts if isinstance(f, dict)]  # each fact is checked by the ledger; bad ones are skipped
    return grade_answer(answer, question, category, clean)
