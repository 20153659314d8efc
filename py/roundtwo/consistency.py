"""Contradictions between what a candidate said earlier and what they say now.

Each fact (from roundtwo.facts) gets a frame (roundtwo.text.frames: whose number, where, when, whether it
happened) and a subject (roundtwo.text.subjects: the words around it, weighted). Two facts are compared
only when they are of one kind, in compatible frames and of compatible roles in a change (the start of a
change against a start, the end against an end or a plain level). Then:

1. A later fact that says again what an earlier one said (the values agree under the published hedge rule,
   roundtwo.text.hedges, and their subjects are alike) is explained, and so is that earlier fact.
2. Of what is left, the most alike pairs whose values disagree are contradictions, one partner each.

Derived facts take part in step 1 only: the change a "from 10% to 13%" implies (+3 points, +30%), the
length of "2016 to 2019", the sum of "4 engineers and 2 designers". So a later answer that states them
differently is not flagged, and one that states something else is.
"""

from __future__ import annotations

import re

from functools import lru_cache

from . import params as P
from .facts import extract, lexicon, number_only
from .text import frames as F
from .text import hedges as Q
from .text import subjects as S
from .text.tokens import token_at, tokenize
from .text.wordlists import clean_number

MAX_CONFLICTS = 100
MAX_FACTS_COMPARED = 400     # per side; keeps a pathological text (thousands of numbers) bounded
MAX_LEDGER_FACTS = 5000      # a ledger checked against one answer (ledger.MAX_LEDGER)
MAX_FACTS_WITHIN = 1000      # facts of one text read by `within`
WITHIN_WINDOW = 150          # each answer of one text meets at most this many facts before it
UNCOMPARED_ABOUT = {"", "year"}
NUMERIC = ("count", "money", "percent", "duration", "year", "ordinal")
GENERIC_ABOUT = {"", "year", "project", "team", "number", "people"}
# About keys (from facts.toml) that are too broad to add to a pairing's likeness.
_MODES_CONFLICT = {("start", "start"), ("end", "end"), ("delta", "delta"), ("level", "level"),
                   ("level", "end"), ("end", "level")}


def same(a: dict, b: dict) -> bool:
    """Do two facts say the same thing (their values agree; titles refine each other)?"""
    kind = a.get("kind")
    if kind == "title":
        ga, gb = _grade(str(a["value"])), _grade(str(b["value"]))
        if ga and gb:
            return ga == gb             # "Band 6" and "Band 6 nurse" are one grade; "Band 7" another
        return lexicon().titles_compatible(str(a["value"]), str(b["value"]))
    if kind == "role":
        return a.get("level") == b.get("level")
    if not isinstance(a.get("value"), (int, float)) or not isinstance(b.get("value"), (int, float)):
        return str(a.get("value")).strip().lower() == str(b.get("value")).strip().lower()
    return Q.values_agree(a, b)


_GRADE = re.compile(r"\b(band|grade|level|tier|step|scale|pay band|l|e|g|p|ic|m)\s?-?(\d{1,2}[a-z]?)\b", re.I)


def _grade(title: str) -> tuple[str, str] | None:
    """A pay grade or level in a title: ("band", "6") for "Band 6 nurse", ("l", "5") for "L5 engineer"."""
    words = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
             "nine": "9", "ten": "10"}
    title = re.sub(r"\b(" + "|".join(words) + r")\b", lambda m: words[m.group(1).lower()], title, flags=re.I)
    m = _GRADE.search(title)
    return (m.group(1).lower(), m.group(2).lower()) if m else None


def _group_key(fact: dict):
    """A coarse subject key (kind, about, is a change) used by the ledger view to group facts."""
    kind = fact.get("kind")
    about = fact.get("about") or ""
    if kind in ("year", "ordinal", "count", "percent", "money") and about in UNCOMPARED_ABOUT:
        return None
    return kind, about, fact.get("mode") == "delta"


# --- reading each fact's frame and subject ---------------------------------------------------------

class _Fact:
    """One fact as the comparison sees it: the fact itself, its frame, subject and effective mode."""

    __slots__ = ("fact", "frame", "bag", "mode", "derived", "n", "bare")

    def __init__(self, fact: dict, frame: dict, bag: dict, derived: bool = False):
        self.fact = fact
        self.frame = frame
        self.bag = bag
        self.derived = derived
        mode = fact.get("mode") or "level"
        if mode == "level" and frame.get("when") in ("start", "end") and fact.get("kind") != "year":
            mode = frame["when"]
        self.mode = mode
        self.n = 0
        self.bare = False       # read from its subject key alone (a hand-typed ledger fact)

    def copy(self) -> "_Fact":
        """A copy whose fact, frame and subject can be changed (pairing marks parts and aligns
        shortenings) without touching the cached reading it came from."""
        item = _Fact(dict(self.fact), dict(self.frame), dict(self.bag), self.derived)
        item.mode, item.n, item.bare = self.mode, self.n, self.bare
        return item


def _about_bag(fact: dict) -> dict:
    about = fact.get("about") or ""
    words = str(fact.get("about_words") or "")
    if about not in GENERIC_ABOUT:
        words += " " + str(fact.get("label") or "")     # "Duration" or "Year" says nothing of a subject
    if about and about not in GENERIC_ABOUT:
        words += " " + about.replace("_", " ")
    return S.words_bag(words, 1.0)


def read(facts: list[dict], text: str | None = None, *, limit: int = MAX_FACTS_COMPARED) -> list[_Fact]:
    """Frames and subjects for facts of one text (or, with no text, each from its own sentence)."""
    facts = [f for f in facts if isinstance(f, dict) and f.get("kind")][:limit]
    if text:
        # read only as far as the last fact compared (and a little beyond, for the words after it)
        ends = [f["end"] for f in facts if isinstance(f.get("end"), int)]
        tokens = tokenize(text[:max(ends) + 400] if ends else text[:4000])
        return _read_in(tokens, facts, offset=0)
    out = []
    for fact in facts:
        sentence = str(fact.get("sentence") or "")
        said = str(fact.get("text") or "")
        at = sentence.find(said) if said and sentence else -1
        if at >= 0:
            frame, bag = _read_alone(sentence, at, at + len(said), str(fact.get("kind") or ""),
                                     str(fact.get("about") or ""), str(fact.get("about_words") or ""),
                                     str(fact.get("label") or ""), str(fact.get("mode") or "level"))
            out.append(_Fact(fact, dict(frame), dict(bag)))
            continue
        frame = fact.get("frame") if isinstance(fact.get("frame"), dict) else F.Frame().as_dict()
        item = _Fact(fact, frame, _about_bag(fact))
        item.bare = True
        out.append(item)
    return out


@lru_cache(maxsize=8192)
def _read_alone(sentence: str, start: int, end: int, kind: str, about: str, about_words: str, label: str, mode: str):
    """A stored fact read in its own sentence; cached, since a ledger is checked again at every pause in typing."""
    fact = {"kind": kind, "about": about, "about_words": about_words, "label": label, "mode": mode,
            "start": start, "end": end, "text": sentence[start:end], "sentence": sentence}
    [item] = _read_in(tokenize(sentence), [fact], offset=0)
    return tuple(item.frame.items()), tuple(item.bag.items())


def _read_in(tokens, facts, offset: int, keep=None) -> list[_Fact]:
    if not tokens:
        return [_Fact(f, F.Frame().as_dict(), _about_bag(f)) for f in (keep or facts)]
    reader = F.Reader(tokens)
    ranks = S.word_ranks(tokens)
    spans = []
    for fact in facts:
        start, end = fact.get("start"), fact.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            spans.append(None)
            continue
        first = min(token_at(tokens, start - offset), len(tokens) - 1)
        last = max(first, min(token_at(tokens, max(start, end - 1) - offset), len(tokens) - 1))
        spans.append((first, last))
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for fact, span in zip(facts, spans):
        # a role's words are its number's too, and a year is a modifier ("the 2022 panto took £900k")
        if span and fact.get("kind") not in ("title", "role", "year"):
            by_sentence.setdefault(tokens[span[0]].sentence, []).append(span)
    out = []
    for n, (fact, span) in enumerate(zip(facts, spans)):
        original = keep[n] if keep else fact
        if span is None:
            out.append(_Fact(original, F.Frame().as_dict(), _about_bag(original)))
            continue
        first, last = span
        others = [s for s in by_sentence.get(tokens[first].sentence, []) if s != span]
        bag = S.bag(tokens, first, last, others, ranks)
        if original.get("kind") == "duration" and _is_tenure(tokens, first, last, original, facts):
            bag["(time in the job)"] = 1.5
        joined = _joined_before(tokens, first) if original.get("kind") == "year" else 0.0
        if joined:
            # "since 2014", "joined in 2019", "started at Acme in 2015"; "branch manager since 2019" may
            # be when the title began (a promotion) or when the job did
            bag["(joined)"] = joined
            if joined < 1:
                bag["promotion"] = max(bag.get("promotion", 0.0), 0.5)
        if original.get("kind") == "ordinal":
            bag["(order of joining)"] = 1.0     # "the 4th hire", "second salesperson", "employee number 11"
        if original.get("kind") == "count" and original.get("unit"):
            for w in _measure_words() & set(S.words_bag(str(original.get("text") or ""))):
                bag.pop(w, None)                # "msw" and "metres" are one unit, said two ways
            bag[f"(measured in {original['unit']})"] = 1.5
        for concept, w in _about_bag(original).items():
            bag[concept] = max(bag.get(concept, 0.0), w * 0.8)
        frame = reader.frame(first, last, kind=original.get("kind", "")).as_dict()
        out.append(_Fact(original, frame, bag))
    # "the loan book was - not eighty, sorry, ninety-five million": the figure that corrects a taken-back
    # one is about what that one was about
    for prev, cur in zip(out, out[1:]):
        if prev.frame.get("modality") == "negated" and cur.frame.get("modality") != "negated" and \
                prev.fact.get("sentence") == cur.fact.get("sentence") and \
                {prev.fact.get("kind"), cur.fact.get("kind")} <= {"count", "money"} | {cur.fact.get("kind")}:
            for c, w in prev.bag.items():
                cur.bag[c] = max(cur.bag.get(c, 0.0), w)
    # a number with no words of its own ("(prior yr £1.1M)") is about what its neighbour is about
    for n, item in enumerate(out):
        bare = item.fact.get("kind") == "count" and not item.fact.get("about_words")
        if (sum(item.bag.values()) >= 0.5 and not bare) or item.fact.get("kind") in ("title", "role"):
            continue                    # "thirty root canals a month; I was nearer twenty": twenty what?
        sentence = item.fact.get("sentence")
        near = [o for o in out[max(0, n - 2):n + 3] if o is not item and o.fact.get("sentence") == sentence
                and o.fact.get("kind") == item.fact.get("kind") and sum(o.bag.values()) >= 0.5]
        if not near and n > 0 and len(str(sentence or "").split()) <= 4:
            # notes: "Target: 99% availability. Achieved 97.5%.": a fragment with only a number is about
            # what the fragment before it was about
            prev = out[n - 1]
            if prev.fact.get("kind") == item.fact.get("kind") and prev.fact.get("sentence") != sentence \
                    and sum(prev.bag.values()) >= 0.5:
                near = [prev]
        if near:
            for c, w in near[0].bag.items():
                item.bag[c] = max(item.bag.get(c, 0.0), 0.7 * w)
    # the start and end of one change share a subject: "MAPE 28% -> 19%" is about MAPE at both ends
    for prev, cur in zip(out, out[1:]):
        if prev.fact.get("mode") == "start" and cur.fact.get("mode") == "end" and \
                prev.fact.get("kind") == cur.fact.get("kind"):
            merged = dict(prev.bag)
            for c, w in cur.bag.items():
                merged[c] = max(merged.get(c, 0.0), w)
            prev.bag, cur.bag = merged, dict(merged)
            if cur.frame.get("modality") != prev.frame.get("modality"):
                cur.frame = dict(cur.frame, modality=prev.frame.get("modality"))
    return out


@lru_cache(maxsize=1)
def _measure_words() -> frozenset:
    """The measure units as a subject bag spells them (stemmed): "metres", "msw", "kilos"."""
    return frozenset(c for unit in lexicon().measure for c in S.words_bag(unit.replace("_", " ")))


def _joined_before(tokens, first: int) -> float:
    """How surely a year says when the person joined or began: "since 2017", "joined them in 2019",
    "started at Acme in 2015" (not "started leading the team in 2018", which began something else)."""
    if first > 0 and tokens[first - 1].low == "since":
        lex = lexicon()
        title = first > 1 and (tokens[first - 2].low in lex.title_heads or tokens[first - 2].low in lex.title_abbr)
        return 0.5 if title else 1.0
    s = tokens[first].sentence
    for i in range(max(0, first - 6), first):
        t = tokens[i]
        if t.sentence != s:
            continue
        if t.low in ("joined", "join", "joining", "hired", "arrived"):
            return 1.0
        if t.low in ("started", "began", "start") and i + 1 < first and tokens[i + 1].low in ("at", "with", "in", "there", "on"):
            return 1.0
    return 0.0


_TENURE_WORDS = {"spent", "stayed", "tenure", "there", "been", "role", "job", "post", "position", "served",
                 "worked", "employed", "joined", "career", "experience", "finish", "throughout"}


# "nine months with no lost shifts", "a year at full capacity": what the time held, not a job
_NOT_AN_EMPLOYER = {"no", "zero", "none", "nothing", "only", "just", "fewer", "less", "more", "full", "half",
                    "least", "most", "peak", "capacity", "every", "each"}


def _is_tenure(tokens, first: int, last: int, fact: dict, facts: list[dict]) -> bool:
    """How long the person was in the job: "3 yrs" on a title line, "I spent seven years there", "for
    about three years as head brewer", a date range, or a notes fragment that is only a length of time."""
    if fact.get("from_dates") or fact.get("about") in ("tenure", "experience"):
        return True
    try:
        if float(fact.get("value") or 0) < 3:          # months: a job is not a fortnight
            return False
    except (TypeError, ValueError):
        return False
    if str(fact.get("unit") or "") not in ("month", "mo", "year", "yr", ""):
        return False                                    # hours billed, days lost: not how long the job was
    sentence = tokens[first].sentence
    after = tokens[last + 1].low if last + 1 < len(tokens) and tokens[last + 1].sentence == sentence else ""
    then = tokens[last + 2].low if last + 2 < len(tokens) and tokens[last + 2].sentence == sentence else ""
    if after in ("at", "with", "w") and float(fact.get("value") or 0) >= 6 and not then[:1].isdigit() \
            and then not in _NOT_AN_EMPLOYER:
        return True                                     # "5 yrs at a previous operator", "two years with Acme"
    words = [t for t in tokens if t.sentence == sentence and t.word]
    if len(words) <= 3 or (len(words) <= 6 and words[0] is tokens[first]):
        return True                                     # "3 yrs.", "4 yrs on project", "2 years at Acme"
    for other in facts:
        if other.get("kind") == "title" and other.get("sentence") == fact.get("sentence"):
            return True                                 # "Head brewer, craft brewery, 3 yrs"
    lo, hi = max(0, first - 8), min(len(tokens), last + 4)
    near = {t.low for t in tokens[lo:hi] if t.sentence == sentence}
    person = bool({t.low for t in words} & {"i", "i've", "i'd", "my", "me"})
    k = first - 1
    while k > 0 and tokens[k].low in ("about", "around", "roughly", "nearly", "almost", "over", "just", "some",
                                      "approximately", "well", "a", "the", "last", "first", "past"):
        k -= 1                                          # "for about three years", "for the last two years"
    if k >= 0 and tokens[k].low == "for" and person and float(fact.get("value") or 0) >= 6:
        return True                                     # "for three years I ran ...", "... for 2 years"
    return bool(near & _TENURE_WORDS) and bool(near & {"i", "i've", "i'd", "my", "was", "been"})


# --- derived facts: what a statement implies without saying it ------------------------------------

_RANGE_BETWEEN = re.compile(r"\s*(?:-|--|\u2013|\u2014|to|until|till|through|thru|and|\u2192|->)?\s*"
                            r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*)?", re.I)


def _derived(items: list[_Fact]) -> list[_Fact]:
    out: list[_Fact] = []
    for prev, cur in zip(items, items[1:]):
        a, b = prev.fact, cur.fact
        if a.get("kind") != b.get("kind") or prev.frame != cur.frame and prev.frame.get("when") not in ("start",):
            continue
        if a.get("mode") == "start" and b.get("mode") == "end" and isinstance(a.get("value"), (int, float)) \
                and isinstance(b.get("value"), (int, float)) and a["value"]:
            x, y = float(a["value"]), float(b["value"])
            change = abs(y - x)
            base = {"mode": "delta", "text": f"{a.get('text', '')} \u2192 {b.get('text', '')}",
                    "start": a.get("start"), "end": b.get("end"), "sentence": b.get("sentence", ""),
                    "about": b.get("about", ""), "about_words": b.get("about_words", ""), "label": b.get("label", "")}
            bag = dict(prev.bag)
            for c, w in cur.bag.items():
                bag[c] = max(bag.get(c, 0.0), w)
            if a["kind"] == "percent":
                out.append(_Fact(dict(base, kind="percent", value=round(change, 6), unit="points"), cur.frame, bag, True))
            rel = 100.0 * change / abs(x)
            out.append(_Fact(dict(base, kind="percent", value=round(rel, 6), unit="percent", approx=True), cur.frame, bag, True))
        if a.get("kind") == "year" and b.get("kind") == "year" and isinstance(a.get("value"), int) \
                and isinstance(b.get("value"), int) and 0 < b["value"] - a["value"] <= 60 \
                and isinstance(a.get("end"), int) and isinstance(b.get("start"), int) and b["start"] - a["end"] <= 9 \
                and _RANGE_BETWEEN.fullmatch(_between_text(a, b) or " to "):
            # "2016-2021", "Mar 2015 to Sep 2019" (not "licensed 2017, left 2022": two events)
            months = 12.0 * (b["value"] - a["value"])
            slack = Q.rules()["hedge"]["date_range_slack"]
            ma, mb = _month_before(a), _month_before(b)
            if ma and mb:
                months += mb - ma       # "Mar 2015 - Sep 2019" is 54 months
                slack = 1
            fact = {"kind": "duration", "value": months, "low": max(1.0, months - slack), "high": months + slack,
                    "mode": "level", "unit": "year", "text": f"{a.get('text')} to {b.get('text')}",
                    "start": a.get("start"), "end": b.get("end"), "sentence": b.get("sentence", ""),
                    "about": "tenure", "about_words": "", "label": "Duration", "from_dates": True}
            bag = dict(prev.bag)
            bag.update(cur.bag)
            bag["(time in the job)"] = 1.5     # a date range on a CV line or in notes is how long the job lasted
            out.append(_Fact(fact, prev.frame, bag, False))
    # "with two other designers": three with me
    for cur in items:
        f = cur.fact
        if f.get("kind") == "count" and isinstance(f.get("value"), (int, float)) and \
                re.match(r"\S+\s+other\b", str(f.get("text") or ""), re.I):
            out.append(_Fact(dict(f, value=float(f["value"]) + 1), cur.frame, cur.bag, True))
    # parts and wholes: "4 engineers and 2 designers" (six people); "two teams of five" (ten)
    for i, cur in enumerate(items):
        f = cur.fact
        if f.get("kind") != "count" or not isinstance(f.get("value"), (int, float)):
            continue
        run = [cur]
        me = 0                          # "2 groomers + me + 1 bather": the speaker is one of the whole
        for nxt in items[i + 1:i + 4]:
            g = nxt.fact
            gap = _between_text(run[-1].fact, g)
            if nxt.frame.get("part") == "each" and not re.fullmatch(r"\s+of\s+", gap or ""):
                break                   # "9 cohorts, ~12 trainees each": a size of one, not a part
            if g.get("kind") == "count" and isinstance(g.get("value"), (int, float)) and gap is not None and \
                    (_PARTS_JOIN.fullmatch(gap) or _ME_JOIN.fullmatch(gap)) and g.get("mode") == f.get("mode"):
                me += bool(_ME_JOIN.fullmatch(gap))
                run.append(nxt)
            else:
                break
        last = run[-1].fact
        sentence, text = str(last.get("sentence") or ""), str(last.get("text") or "")
        at = sentence.find(text) if text else -1
        if at >= 0 and _ME_AFTER.match(sentence[at + len(text):]):
            me += 1                     # "three nurses plus me": four with the speaker
        of = len(run) == 2 and re.fullmatch(r"\s+of\s+", _between_text(run[0].fact, run[1].fact) or "")
        own = str(f.get("sentence") or "").find(str(f.get("text") or ""))
        if len(run) >= 2 and own >= 0 and f.get("text") and \
                _ME_AFTER.match(str(f["sentence"])[own + len(str(f["text"])):]):
            out.append(_Fact(dict(f, value=float(f["value"]) + 1), cur.frame, cur.bag, True))   # "2 groomers + me"
        if (len(run) >= 2 or me) and not of:
            total = sum(float(r.fact["value"]) for r in run) + me
            bag: dict = {}
            for r in run:
                for c, w in r.bag.items():
                    bag[c] = max(bag.get(c, 0.0), w * 0.8)
            heads = [max(r.bag, key=r.bag.get) for r in run if r.bag]
            out.append(_Fact(dict(f, value=total, text=" and ".join(str(r.fact.get("text")) for r in run),
                                  end=run[-1].fact.get("end"), parts=heads,
                                  members=[id(r) for r in run]), cur.frame, bag, True))
        if len(run) >= 2 and of and str(f.get("about_words") or "").endswith("s"):
            # "two teams of five": ten people
            bag = {c: w * 0.8 for r in run for c, w in r.bag.items()}
            out.append(_Fact(dict(f, value=float(run[0].fact["value"]) * float(run[1].fact["value"]),
                                  end=run[-1].fact.get("end")), cur.frame, bag, True))
    return out


_MONTHS = {m: n for n, ms in enumerate((("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
                                          ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
                                          ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
                                          ("dec", "december")), 1) for m in ms}


def _month_before(year: dict) -> int | None:
    """The month written before a year ("Mar 2015", "September 2019"), as 1 to 12."""
    sentence, text = str(year.get("sentence") or ""), str(year.get("text") or "")
    at = sentence.find(text)
    words = sentence[max(0, at - 12):at].replace(".", " ").replace("/", " ").split() if at >= 0 else []
    return _MONTHS.get(words[-1].lower()) if words else None


_ME_JOIN = re.compile(r"\s*(?:,|and|plus|\+|&)\s*(?:me|myself)\s*(?:,|and|plus|\+|&|,\s*and)\s*~?", re.I)
_ME_AFTER = re.compile(r"\s*(?:,|and|plus|\+|&)\s*(?:me|myself)\b(?!\s+(?:to|in|on|as|at|for|with|by)\b)", re.I)
_PARTS_JOIN = re.compile(r"\s*(?:,|and|plus|\+|&|,\s*and)\s*~?|\s+of\s+", re.I)


def _between_text(a: dict, b: dict) -> str | None:
    """The words between two facts of one sentence, when both came from it."""
    sentence, ta, tb = str(a.get("sentence") or ""), str(a.get("text") or ""), str(b.get("text") or "")
    if not sentence or sentence != b.get("sentence") or not ta or not tb:
        return None
    i = sentence.find(ta)
    j = sentence.find(tb, i + len(ta)) if i >= 0 else -1
    if i < 0 or j < 0:
        return None
    return sentence[i + len(ta):j]


# --- pairing ------------------------------------------------------------------------------------

def _frames_compatible(fa: dict, fb: dict, kind: str) -> bool:
    if fa.get("modality") == "negated" or fb.get("modality") == "negated":
        return False
    if fa.get("modality", "actual") != fb.get("modality", "actual"):
        return False
    if fa.get("holder", "self") != fb.get("holder", "self"):
        return False
    wa, wb = fa.get("where", ""), fb.get("where", "")
    if wa != wb:
        if ("previous" in (wa, wb) or "other" in (wa, wb)) and "" in (wa, wb):
            return False
        if "other" in (wa, wb):
            return False
        if wa and wb and wa != "previous" and wb != "previous" and not _names_meet(wa, wb) \
                and not _names_meet(wa, fb.get("places", "")) and not _names_meet(wb, fa.get("places", "")):
            return False
    if kind != "year":
        ta, tb = fa.get("when", ""), fb.get("when", "")
        if ta and tb and ta != tb:
            if (ta[0] == "y" and tb[0] == "y") or (ta.startswith("nth") and tb.startswith("nth")):
                return False
            if "span" in (ta, tb) and (ta[0] == "y" or tb[0] == "y"):
                return False            # "nine over 2022 and 2023" is not what one of those years saw
            if {_phase(ta), _phase(tb)} == {"early", "late"}:
                return False            # "in my first year" is not "by the time I left"
    return True


def _phase(when: str) -> str:
    if when in ("start", "nth1"):
        return "early"
    if when == "end":
        return "late"
    return ""


def _names_meet(a: str, b: str) -> bool:
    sa = {S.stem(w) for w in re.split(r"[\s:]+", a) if w and w != "project"}
    sb = {S.stem(w) for w in re.split(r"[\s:]+", b) if w and w != "project"}
    return bool(sa & sb)


def _kinds_meet(a: dict, b: dict) -> bool:
    ka, kb = a.get("kind"), b.get("kind")
    if ka == kb == "count":
        return (a.get("unit") or "") == (b.get("unit") or "")      # 50 m deep is not 50 dives
    if ka == kb and ka != "percent":
        return True
    if {ka, kb} == {"money", "count"}:
        # "billed four hundred and eighty thousand", "it hammered at three point two million": money
        # said without its currency, a large number with no noun of its own
        count = a if a.get("kind") == "count" else b
        return (not count.get("about_words") or number_only(str(count.get("text") or ""))) and \
            not count.get("unit") and float(count.get("value") or 0) >= 1000
    if a.get("kind") != b.get("kind"):
        return False
    if a.get("kind") == "percent" and (a.get("unit") == "points") != (b.get("unit") == "points"):
        return False
    return True


def _likeness(x: _Fact, y: _Fact, weights: dict, cosine: float | None = None) -> float:
    sim = S.similarity(x.bag, y.bag, weights) if cosine is None else cosine
    a, b = x.fact, y.fact
    ka, kb = a.get("about") or "", b.get("about") or ""
    known = lexicon().label
    if ka and kb and ka not in GENERIC_ABOUT and kb not in GENERIC_ABOUT:
        if ka == kb:
            sim += 0.2
        elif ka in known and kb in known:
            sim -= 0.15                 # two different things the vocabulary knows (budget, savings)
    elif ka and ka == kb and ka not in UNCOMPARED_ABOUT and ka != "project":
        sim += 0.1                      # both about a team, or people
    if (x.bare or y.bare) and ka and ka == kb and ka not in UNCOMPARED_ABOUT:
        sim = max(sim, 0.5)             # a fact known only by its subject key: the key decides
    if bool(a.get("per_days")) != bool(b.get("per_days")) and a.get("kind") == b.get("kind") == "count":
        sim -= 0.1                      # "1,200 acres a year" is a flow, "28,000 acres" a stock
    when = x.frame.get("when", "")
    if when and when == y.frame.get("when", "") and a.get("kind") != "year":
        sim += 0.15                     # both said of the same year or the same end of the story
    return sim


def pair(earlier: list[_Fact], later: list[_Fact]) -> list[tuple[_Fact, _Fact, float]]:
    """Contradicting pairs (earlier, later, likeness), most alike first."""
    rules = Q.rules()["pairing"]
    _mark_parts(earlier)
    _mark_parts(later)
    e_all = earlier + _derived(earlier)
    l_all = later + _derived(later)
    weights = S.idf([f.bag for f in e_all + l_all])
    # the only fact of its kind on each side is very likely the same fact: a lower bar to flag it
    sole_e = _sole(earlier)
    sole_l = _sole(later)
    # a count that is itself one of listed parts ("ten engineers plus two designers") is no whole
    in_runs = {m for z in e_all + l_all if z.derived for m in z.fact.get("members") or ()}
    e_all = [x for x in e_all if not _frame_only(x, e_all)]
    l_all = [y for y in l_all if not _frame_only(y, l_all)]
    explained_l: set[int] = set()
    explained_e: set[int] = set()
    candidates = []
    later_by_kind: dict[str, list[int]] = {}
    for j, y in enumerate(l_all):
        later_by_kind.setdefault(y.fact.get("kind"), []).append(j)
    norms = {id(f): S.norm(f.bag, weights) for f in e_all + l_all}
    # an index of the later facts by subject word and key: a pair that shares neither is never alike
    # enough to matter, so a ledger of thousands of facts meets only the few that could be its own
    by_concept: dict[str, set[int]] = {}
    by_about: dict[str, set[int]] = {}
    loose: set[int] = set()
    for j, y in enumerate(l_all):
        for c in y.bag:
            by_concept.setdefault(c, set()).add(j)
        if y.fact.get("about"):
            by_about.setdefault(y.fact["about"], set()).add(j)
        if y.bare or not y.bag:
            loose.add(j)
    for i, x in enumerate(e_all):
        kind = x.fact.get("kind")
        same_kind = later_by_kind.get(kind, [])
        if kind in ("money", "count"):          # money said without its currency is read as a count
            same_kind = same_kind + later_by_kind.get("count" if kind == "money" else "money", [])
        if x.bare or not x.bag:
            peers = same_kind
        else:
            near = set(loose)
            for c in x.bag:
                near |= by_concept.get(c, set())
            near |= by_about.get(x.fact.get("about") or "", set())
            peers = [j for j in same_kind if j in near]
        for j in peers:
            y = l_all[j]
            a, b = x.fact, y.fact
            if not _kinds_meet(a, b) or a.get("kind") not in NUMERIC:
                continue
            if not _frames_compatible(x.frame, y.frame, a.get("kind")):
                continue
            if (x.mode == "delta") != (y.mode == "delta"):
                continue
            each = (x.frame.get("part") == "each", y.frame.get("part") == "each")
            if each[0] != each[1]:
                continue                # the size of one group says nothing of how many groups
            cosine = S.similarity(x.bag, y.bag, weights, norms[id(x)], norms[id(y)])
            sim = _likeness(x, y, weights, cosine) + (0.2 if each[0] else 0.0)
            named = (x.derived or y.derived) and id(y if x.derived else x) not in in_runs and \
                _whole_names_the_parts(x, y)
            if named:
                sim = max(sim, rules["conflict"])
            if sim < rules["agree"]:
                continue
            if _agree(x, y) and ((x.mode, y.mode) in _MODES_CONFLICT or x.mode == "level" or y.mode == "level"):
                # a start that happens to match an end says nothing about the end ("from 96% to 97.2")
                explained_e.add(i)
                explained_l.add(j)
                continue
            bar = rules["agree"] if (a.get("kind") in sole_e and a.get("kind") in sole_l) else rules["conflict"]
            if not (x.bare or y.bare) and cosine == 0.0:
                continue                # nothing in common but a vocabulary key: not shown to be one fact
            if (x.derived or y.derived) and not named:
                continue
            if (x.mode, y.mode) not in _MODES_CONFLICT or sim < bar:
                continue
            if x.frame.get("part") != y.frame.get("part"):
                continue                # a part may say again what was said, never contradict the whole
            candidates.append((sim, i, j, named))
    # a whole said to be made of the noted parts meets their sum before any one part; then most alike
    # first; between equals, a fact the person locked is the one to cite
    candidates.sort(key=lambda c: (not c[3], -c[0], not e_all[c[1]].fact.get("locked"), c[1], c[2]))
    out = []
    used_e: set[int] = set()
    used_l: set[int] = set()
    for sim, i, j, _named in candidates:
        if i in explained_e or j in explained_l or i in used_e or j in used_l:
            continue
        used_e.add(i)
        used_l.add(j)
        out.append((e_all[i], l_all[j], sim))
    return out


def _whole_names_the_parts(x: _Fact, y: _Fact) -> bool:
    """"3 surveyors + 2 CAD techs" against "a team of seven, surveyors plus CAD technicians": the whole
    is said to be made of those parts, so their sum is its claim. A sum whose parts the other side does not
    name ("ten people") may agree with it but never contradicts it."""
    if x.derived == y.derived:
        return False
    parts, whole = (x, y) if x.derived else (y, x)
    if whole.fact.get("about") not in _PEOPLE_WHOLES or whole.frame.get("part"):
        return False                    # not "45 sites, 6 countries" against "900 patients"
    heads = set(parts.fact.get("parts") or ())
    return len(heads) >= 2 and sum(1 for h in heads if whole.bag.get(h)) >= 2


_PEOPLE_WHOLES = {"team", "people", "staff", "headcount", "crew", "workforce"}


_TIME_WORDS = r"(?:season|year|week|month|day|quarter|shift|term|night|time|semester|summer|winter|cycle|sprint|run)"
_PART_OF = re.compile(r"^\s*(?:of (?:them|these|those|whom|which|us|the \w+)|were|was)\b", re.I)


def _mark_parts(items: list[_Fact]) -> None:
    """"fourteen vessels, ten of them feeders and four larger ships": ten and four are parts of the
    fourteen; they may agree with a part said earlier but are never the whole's contradiction."""
    for n, x in enumerate(items):
        f = x.fact
        sentence, text = str(f.get("sentence") or ""), str(f.get("text") or "")
        at = sentence.find(text) if text else -1
        if f.get("kind") != "count" or at < 0:
            continue
        if re.match(r"^\s*(?:each|apiece|a head|a piece)\b(?!\s+" + _TIME_WORDS + ")", sentence[at + len(text):], re.I):
            x.frame = dict(x.frame, part="each")    # "phases of four hundred each": the size of one
            continue
        if re.search(r"\beach (?:of|with|having|of them had|one (?:of|with)|(?:\w+ )?(?:had|has|ran|took|handled|served|"
                     r"covered|carried|looked after))\s*(?:about|around|roughly|~)?\s*$",
                     sentence[:at], re.I) or \
                not f.get("per") and re.match(r"^\s*(?:per|in each|for each|in every|for every)\s+(?!" + _TIME_WORDS + r")[^\W\d]",
                                              sentence[at + len(text):], re.I):
            # "four gangs, each of four scaffolders", "five pickers per crew": the size of one
            x.frame = dict(x.frame, part="each")
            continue
        prev = items[n - 1].fact if n else {}
        if prev.get("kind") == "count" and isinstance(prev.get("value"), (int, float)) and prev["value"] > 1 \
                and str(prev.get("about_words") or "").endswith("s") \
                and re.fullmatch(r"\s+of\s+", _between_text(prev, f) or ""):
            x.frame = dict(x.frame, part="each")    # "four crews of 5 pickers": the size of one crew
            continue
        if re.match(r"^\s*of (?:them|these|those|whom|which)\b", sentence[at + len(text):], re.I) or \
                re.search(r"\b(?:incl\.?|including|of which|of whom)\s*$", sentence[:at], re.I):
            whole = next((w for w in reversed(items[max(0, n - 3):n]) if w.fact.get("kind") == "count"
                          and w.fact.get("sentence") == f.get("sentence")), None)
            if whole is not None and whole.frame.get("holder") != x.frame.get("holder"):
                continue        # "the director had 40 staff; I had 12 of them": twelve is the person's whole
            if whole is not None and x.frame.get("when") and x.frame.get("when") != whole.frame.get("when"):
                continue        # "nine over 2022 and 2023, six of them in 2023": six is 2023's whole
            x.frame = dict(x.frame, part="yes")
            for y in items[n + 1:n + 3]:
                gap = _between_text(f, y.fact)
                if y.fact.get("kind") == "count" and gap is not None and re.search(r"\band\b|,", gap) and len(gap) < 40:
                    y.frame = dict(y.frame, part="yes")


def _frame_only(x: _Fact, items: list[_Fact]) -> bool:
    """"In 2018 the studio had 12 artists": the year opens the sentence to date its other figures; it
    is their frame, not an event of its own (an event's year is compared: "we opened in 2018")."""
    f = x.fact
    if f.get("kind") != "year" or not isinstance(f.get("start"), int):
        return False
    sentence = str(f.get("sentence") or "")
    head = sentence[:sentence.find(str(f.get("text")))] if str(f.get("text")) in sentence else "?"
    if head.strip().lower() not in ("in", "by", "during", "since", "as of", "back in", "in early", "in late"):
        return False
    tag = "y" + str(f["value"])
    if any(y.fact.get("kind") == "role" and y.frame.get("when") == tag and y.fact.get("sentence") == sentence
           for y in items):
        return False                    # "In 2021 I was a band 7, and I led the rollout": the rollout's year
    for y in items:
        g = y.fact
        if y is x or g.get("kind") == "year" or y.frame.get("when") != tag or g.get("sentence") != sentence:
            continue
        between = _between_text(f, g)
        if between is not None and _STATE_VERB.search(between):
            return True                 # "In 2018 the studio had 12": a state, dated
    return False


_STATE_VERB = re.compile(r"\b(?:had|has|have|was|were|is|are|numbered|employed|stood|sat|counted|totalled|totaled)\b", re.I)


_OVER_SPAN = re.compile(r"\b(?:over|across|in|during|for)\b[^.;]{0,30}?\(?\s*(\d+(?:\.\d+)?|one|two|three|four|five|six|"
                        r"seven|eight|nine|ten)\s*(yrs?|years?|months?|mos?)\b", re.I)
_WORD_N = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _span_of(total: dict) -> float | None:
    """Months a total is said to cover, written right after it: "£48M over AMP7 (5 yrs)", "$2M across two years"."""
    sentence, text = str(total.get("sentence") or ""), str(total.get("text") or "")
    at = sentence.find(text) if text else -1
    if at < 0:
        return None
    m = _OVER_SPAN.search(sentence, at + len(text), at + len(text) + 45)
    if not m:
        return None
    n = _WORD_N.get(m.group(1).lower()) or float(m.group(1)) if m.group(1)[0].isdigit() else _WORD_N.get(m.group(1).lower(), 0)
    return float(n) * (12 if m.group(2).lower().startswith("y") else 1)


def _sole(items: list[_Fact]) -> set[str]:
    """Kinds with exactly one fact in a one-sentence text (in a longer one, the sole figure of a kind may
    well be about something the other text never mentions)."""
    if len({x.fact.get("sentence") for x in items}) != 1:
        return set()
    seen: dict[str, int] = {}
    for x in items:
        if x.frame.get("holder", "self") != "self" or x.frame.get("modality", "actual") != "actual":
            continue                    # "... and the team as a whole about sixty": not the person's figure
        k = x.fact.get("kind")
        seen[k] = seen.get(k, 0) + 1
    return {k for k, n in seen.items() if n == 1}


def _agree(x: _Fact, y: _Fact) -> bool:
    a, b = x.fact, y.fact
    if Q.values_agree(a, b):
        return True
    # a total against a rate: "$60k a year" and "$180k over three years"
    if bool(a.get("per_days")) != bool(b.get("per_days")):
        rate, total = (a, b) if a.get("per_days") else (b, a)
        span = _span_of(total)
        if span:
            # "£48M over 5 yrs" against "£48M a year": the total must be the rate times the span
            periods = span * 30.4167 / float(rate["per_days"])
            try:
                return abs(float(total["value"]) - float(rate["value"]) * periods) <= 0.1 * float(total["value"])
            except (TypeError, ValueError):
                return False
        try:
            periods = float(total["value"]) / float(rate["value"])
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        # a whole number of periods, and few of them: round figures are multiples of each other by chance
        # ("28,000 acres" is not fourteen years of "2,000 acres a year")
        return 1.5 < periods <= 6 and abs(periods - round(periods)) < 0.05
    return False


def _titles(earlier: list[_Fact], later: list[_Fact]) -> list[tuple[_Fact, _Fact, float]]:
    """Title and role drift: a later title no earlier title refines (and no earlier title said again)."""
    out = []
    for kind in ("title", "role"):
        e = [x for x in earlier if x.fact.get("kind") == kind and x.frame.get("holder") == "self"]
        l_ = [y for y in later if y.fact.get("kind") == kind and y.frame.get("holder") == "self"]
        if not e or not l_:
            continue
        career = len(e) > 1 or len(l_) > 1      # several jobs: compare only titles dated alike
        # ... or the one title each side says the person became ("then managing editor", "before becoming
        # senior editor"): where the story ended
        became = sum(x.fact.get("mode") == "end" for x in e) == 1 and sum(y.fact.get("mode") == "end" for y in l_) == 1
        for y in l_:
            dated = [x for x in e if x.frame.get("when") and x.frame.get("when") == y.frame.get("when")]
            # "Promoted senior 2023" and "in 2023 I was made principal": one date, one job, however said
            peers = [x for x in e if _frames_compatible(x.frame, y.frame, kind)
                     and (x.fact.get("mode") == y.fact.get("mode") or x in dated)
                     and (not career or x.frame.get("when") and x.frame.get("when") == y.frame.get("when")
                          or became and x.fact.get("mode") == "end")]
            if not peers or any(same(x.fact, y.fact) for x in peers):
                continue
            if any(same(x.fact, z.fact) for x in peers for z in l_ if z is not y):
                continue            # the earlier title is said again elsewhere: this one is another job
            out.append((peers[0], y, 1.0))
            break
    return out


# --- messages and the reply ---------------------------------------------------------------------------
def _show(fact: dict) -> str:
    """A value for a message: "$2,000,000", "40%", "6 months", "4th", "5-6"."""
    if isinstance(fact.get("low"), (int, float)) and isinstance(fact.get("high"), (int, float)):
        low, high = dict(fact, value=fact["low"]), dict(fact, value=fact["high"])
        low.pop("low"), high.pop("low")
        return f"{_show(low)}\u2013{_show(high)}"
    value = fact["value"]
    kind = fact["kind"]
    if kind in ("title", "role") or not isinstance(value, (int, float)):
        return str(value)
    if kind == "money":
        symbol = {"USD": "$", "EUR": "\u20ac", "GBP": "\u00a3"}.get(fact.get("currency") or "USD")
        amount = f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"
        return f"{symbol}{amount}" if symbol else f"{amount} {fact['currency']}"
    if kind == "percent":
        return f"{value:g}%"
    if kind == "duration":
        return _show_months(float(value), fact.get("unit"))
    if kind == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    if kind == "year":
        return str(value)
    shown = f"{value:,}" if isinstance(value, int) else f"{value:,g}"
    return f"{shown} {fact['unit']}" if kind == "count" and fact.get("unit") else shown


def _plural(n: float, unit: str) -> str:
    shown = f"{n:.1f}".rstrip("0").rstrip(".")
    return f"{shown} {unit}" + ("" if shown == "1" else "s")


def _show_months(months: float, unit: str | None) -> str:
    small = {"millisecond": 1 / 2_592_000_000, "ms": 1 / 2_592_000_000, "second": 1 / 2_592_000,
             "sec": 1 / 2_592_000, "minute": 1 / 43_200, "min": 1 / 43_200, "hour": 1 / 720, "hr": 1 / 720,
             "day": 1 / 30, "week": 12 / 52, "wk": 12 / 52, "fortnight": 24 / 52}
    names = {"ms": "millisecond", "sec": "second", "min": "minute", "hr": "hour", "wk": "week",
             "fortnight": "week"}
    if unit in small:
        size = small[unit]
        name = names.get(unit, unit)
        if unit == "fortnight":
            size = 12 / 52
        return _plural(months / size, name)
    if months >= 12 and abs(months / 12 - round(months / 12, 1)) < 1e-9:
        return _plural(months / 12, "year")
    return _plural(months, "month")


def _said(fact: dict) -> str:
    text = " ".join(str(fact.get("text") or "").split())
    shown = _show(fact)
    if fact["kind"] in ("title", "role"):
        return f'"{text or shown}"'
    if not text:
        return shown
    if text.replace(",", "").replace(" ", "").lower() == shown.replace(",", "").replace(" ", "").lower():
        return text
    return f"{text} ({shown})"


def message(earlier: dict, later: dict) -> str:
    label = earlier.get("label") or lexicon().label_for(earlier.get("about") or "")
    if earlier["kind"] == "ordinal":
        label = f"Order ({earlier.get('about')})"
    modes = {earlier.get("mode"), later.get("mode")}
    if modes == {"end"}:
        label += " after the change"
    elif modes == {"start"}:
        label += " before the change"
    elif modes == {"delta"}:
        label += " change"
    return f"{label}: you said {_said(earlier)} earlier and {_said(later)} now."


def _side(fact: dict, other: dict, extra=()) -> dict:
    value = fact.get("value")
    if isinstance(fact.get("low"), (int, float)) and isinstance(fact.get("high"), (int, float)) and \
            not fact.get("from_dates"):
        # a range contradicts through its nearer end: "5-6 people" against 9 is "6 against 9"
        value = min((fact["low"], fact["high"]), key=lambda v: abs(v - other.get("value", v)) if
                    isinstance(other.get("value"), (int, float)) else 0)
    side = {"value": value, "text": fact.get("text", ""), "start": fact.get("start"), "end": fact.get("end")}
    per, other_per = fact.get("per_days"), other.get("per_days")
    if isinstance(value, (int, float)) and isinstance(per, (int, float)) and isinstance(other_per, (int, float)) \
            and per > 0 and other_per > 0 and per != other_per:
        # "10 a month" against "200 a year": both sides in the longer period, so the figures compare
        # as they stand (120 against 200); what was said stays in "text"
        side["per_days"] = max(per, other_per)
        side["value"] = clean_number(value * side["per_days"] / per)
    elif per:
        side["per_days"] = per
    for name in ("mode", "unit", "currency", "low", "high", "sentence", "id", *extra):
        if name in fact:
            side[name] = fact[name]
    return side


def _frame_words(frame: dict) -> str:
    """A frame in words: "about you, at acme, in 2021"."""
    holder = frame.get("holder", "self")
    who = "you" if holder == "self" else holder.split(":", 1)[-1]
    parts = [f"both about {'your own figures' if holder == 'self' else 'your ' + who if holder.startswith('person') else who}"]
    where = frame.get("where", "")
    if where == "previous":
        parts.append("at a previous job")
    elif where.startswith("project:"):
        parts.append("on the " + where.split(":", 1)[1])
    elif where:
        parts.append("at " + where.title())
    when = frame.get("when", "")
    if when.startswith("y"):
        parts.append("in " + when[1:])
    elif when.startswith("nth"):
        parts.append(f"in year {when[3:]}")
    elif when == "start":
        parts.append("at the start")
    elif when == "end":
        parts.append("by the end")
    if frame.get("modality") == "target":
        parts.append("as a target")
    elif frame.get("modality") == "hypothetical":
        parts.append("as a what-if")
    return ", ".join(parts)


def _conflict(x: _Fact, y: _Fact, sim: float, extra=()) -> dict:
    a, b = x.fact, y.fact
    kind = a["kind"]
    about = a.get("about") or b.get("about") or ""
    label = a.get("label") or lexicon().label_for(about)
    if kind in ("title", "role"):
        rule = "a different title or role for the same job" if kind == "title" else "leading against being one of several"
    else:
        rule = Q.explain(a, b)
    return {"about": about, "kind": kind, "label": label, "earlier": _side(a, b, extra), "later": _side(b, a),
            "message": message(a, b), "frame": _frame_words(y.frame), "frames": {"earlier": x.frame, "later": y.frame},
            "rule": rule, "likeness": round(sim, 3)}


_VOWELS = set("aeiou")


def _may_shorten(short: str) -> bool:
    return 3 <= len(short) <= 5 and short.isalpha() and (not _VOWELS & set(short[1:]) or len(short) >= 4)


def _abbreviates(short: str, word: str) -> bool:
    """Whether notes' `short` is a shortening of `word`: "appt" of "appoint", "mgr" of "manag", "mtg" of
    "meet". A shortening keeps the first letter and drops vowels: no vowel after its first letter, its
    letters in order in the word, the word at least two letters longer. Or it cuts the word short after
    four letters or five: "conv" of "conversion", "maint" of "maintenance"."""
    if not 3 <= len(short) <= 5 or not short.isalpha():
        return False
    if len(word) < len(short) + 2 or word[0] != short[0] or not word.isalpha():
        return False
    if _VOWELS & set(short[1:]):
        # cut before a vowel ("conv|ersion", "maint|enance"); "team" is not cut from "teammate"
        return len(short) >= 4 and word.startswith(short) and word[len(short)] in _VOWELS
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _initialisms(sentences: set[str], wanted: set[str]) -> dict[str, list[str]]:
    """For each acronym in `wanted`, the first run of words whose initials spell it, as one side says
    them: "net operating income" for "noi". One pass over the side's words."""
    out: dict[str, list[str]] = {}
    lengths = {len(a) for a in wanted}
    for sentence in sentences:
        words = _WORD.findall(sentence)
        for n in lengths:
            for i in range(len(words) - n + 1):
                run = words[i:i + n]
                key = "".join(w[0] for w in run).lower()
                if key in wanted and key not in out and all(len(w) > 2 for w in run):
                    out[key] = run
    return out


def _acronym_words(acronym: str, sentences: set[str]) -> dict[str, float]:
    """The words an acronym stands for, where the other side says them in full: "NOI" and "net operating
    income", "AR" and "accounts receivable"."""
    run = _initialisms(sentences, {acronym}).get(acronym)
    return S.words_bag(" ".join(run), 0.8) if run else {}


def _align_shortenings(e_items: list[_Fact], l_items: list[_Fact]) -> None:
    """A word one side shortens ("missed appts") counts as the word the other side says in full
    ("missed appointments"), when exactly one of that side's words fits; an acronym ("NOI") counts as the
    words it stands for."""
    for side, other in ((e_items, l_items), (l_items, e_items)):
        full = {k for item in other for k in item.bag if not k.startswith("(")}
        sentences = {str(item.fact.get("sentence") or "") for item in other}
        found = [(item, m.group().lower()) for item in side
                 for m in re.finditer(r"\b[A-Z]{2,5}\b", str(item.fact.get("sentence") or ""))
                 if m.group().lower() in item.bag]
        if found:
            index = _initialisms(sentences, {k for _, k in found})
            for item, k in found:
                for c, w in (S.words_bag(" ".join(index[k]), 0.8) if k in index else {}).items():
                    item.bag[c] = max(item.bag.get(c, 0.0), w * item.bag[k])
        by_letter: dict[str, list[str]] = {}
        for w in full:
            by_letter.setdefault(w[:1], []).append(w)
        memo: dict[str, list[str]] = {}         # each word is looked up once, however many facts carry it
        for item in side:
            for k in [k for k in item.bag if k not in full]:
                fits = memo.get(k)
                if fits is None:
                    fits = [w for w in by_letter.get(k[:1], ()) if _abbreviates(k, w)] if _may_shorten(k) else []
                    # "waitlist" against "waiting list", "caseload" against "case load": one word for two
                    fits += [k[:n] + "+" + k[n:] for n in range(3, len(k) - 2)
                             if k[:n] in full and k[n:] in full or S.stem(k[:n]) in full and S.stem(k[n:]) in full]
                    memo[k] = fits
                if len(fits) == 1 and "+" in fits[0]:
                    head, tail = fits[0].split("+")
                    for part in (head, tail):
                        part = part if part in full else S.stem(part)
                        item.bag[part] = max(item.bag.get(part, 0.0), item.bag[k])
                elif len(fits) == 1:
                    item.bag[fits[0]] = max(item.bag.get(fits[0], 0.0), item.bag[k])


def _between(e_items: list[_Fact], l_items: list[_Fact], extra=()) -> list[dict]:
    _align_shortenings(e_items, l_items)
    found = pair(e_items, l_items) + _titles(e_items, l_items)
    out = [_conflict(x, y, sim, extra) for x, y, sim in found]
    out.sort(key=lambda c: (c["later"]["start"] if isinstance(c["later"]["start"], int) else 0))
    return out[:MAX_CONFLICTS]


def conflicts(earlier: list[dict], later: list[dict], *, extra=(), earlier_text: str | None = None,
              later_text: str | None = None) -> list[dict]:
    """Contradictions between two lists of facts, in the order they appear in the later text.

    With the texts the facts came from, frames carry across sentences; without, each fact is read in
    its own sentence.
    """
    # a ledger (no text) is read whole: every locked fact is checked, however many rounds it holds
    e_limit = MAX_FACTS_COMPARED if earlier_text else MAX_LEDGER_FACTS
    if not earlier_text:
        earlier = _distinct_facts(earlier)
    return _between(read(earlier, earlier_text, limit=e_limit), read(later, later_text), extra)


_SAME_FACT = ("kind", "value", "text", "sentence", "mode", "unit", "currency", "low", "high", "bound", "hedge",
              "per_days", "level", "about")


def _distinct_facts(facts: list) -> list:
    """A ledger says the same fact many times (every round, every practice); each is compared once, the
    locked one first, so a long ledger costs what its distinct facts cost."""
    seen: dict = {}
    for fact in facts:
        if not isinstance(fact, dict):
            continue
        try:
            key = tuple(map(fact.get, _SAME_FACT))
            hash(key)
        except TypeError:
            key = id(fact)
        held = seen.get(key)
        if held is None or (fact.get("locked") and not held.get("locked")):
            seen[key] = fact
    return list(seen.values())


def compare(earlier: str, later: str) -> dict:
    return {"conflicts": _between(_read_text(earlier), _read_text(later))}


def _read_text(text: str) -> list[_Fact]:
    """The facts of one text with their frames and subjects, as copies the comparison may change."""
    return [item.copy() for item in _read_text_cached(text)]


@lru_cache(maxsize=8)
def _read_text_cached(text: str) -> tuple[_Fact, ...]:
    # While a person types one answer against another, the other text is the same at every call:
    # it is read once. Only the first MAX_FACTS_COMPARED facts of a text are compared: read no further.
    items = _precise_restatements(read(extract(text, max_facts=MAX_FACTS_COMPARED), text))
    _open_years(items)
    _years_take_their_events(items)
    return tuple(items)


def _years_take_their_events(items: list[_Fact]) -> None:
    """"In 2021 I was a band 7, and I led the rollout of screening": the year dates the rollout too, so
    it meets "rollout of screening, 2020" in notes."""
    for x in items:
        f = x.fact
        if f.get("kind") != "year" or not isinstance(f.get("value"), int):
            continue
        tag = "y" + str(f["value"])
        for y in items:
            if y.fact.get("kind") == "role" and y.frame.get("when") == tag and y.fact.get("sentence") == f.get("sentence"):
                for c, w in y.bag.items():
                    x.bag[c] = max(x.bag.get(c, 0.0), 0.6 * w)


def _open_years(items: list[_Fact]) -> None:
    """"lead engineer from 2020", "since 2019": a span with no end said is the year it began, an event
    like "I became lead in 2018"; "2016 to 2019" stays a span (its start meets only a start)."""
    for n, x in enumerate(items):
        if x.fact.get("kind") != "year" or x.mode != "start":
            continue
        nxt = items[n + 1].fact if n + 1 < len(items) else {}
        if not (nxt.get("kind") == "year" and nxt.get("mode") == "end" and nxt.get("sentence") == x.fact.get("sentence")):
            x.mode = "level"


_RESTATE_GAP = re.compile(r"\s*(?:,|:|\u2014|\u2013|-|\()\s*(?:or rather|actually|exactly|precisely|in fact|to be exact|so)?\s*",
                          re.I)


# "forty percent, but honestly it was closer to a quarter": the second figure takes the first one back
_CORRECTION_GAP = re.compile(r"[^.;]{0,40}?\b(?:but|though|or|well|no)\b,?\s*(?:(?:honestly|really|actually|in truth|"
                             r"in fact|realistically|to be honest|if i'm honest|truthfully),?\s*)?(?:it was|it's|"
                             r"it is|that was|that's|i'd say|i did|i was)?\s*(?:closer to|nearer(?: to)?|more like)\s*",
                             re.I)


def _precise_restatements(items: list[_Fact]) -> list[_Fact]:
    """"well over a decade, fourteen years now", "about forty - 42, actually": the hedged figure is said
    again precisely at once; "about forty percent, but honestly closer to a quarter": it is taken back.
    Either way the second figure stands, about what the first was about."""
    out: list[_Fact] = []
    for n, x in enumerate(items):
        nxt = items[n + 1] if n + 1 < len(items) else None
        f = x.fact
        gap = _between_text(f, nxt.fact) if nxt is not None and nxt.fact.get("kind") == f.get("kind") else None
        if gap is not None and f.get("kind") in ("duration", "count", "money", "percent") and not f.get("low") \
                and f.get("mode") == nxt.fact.get("mode") == "level" and _CORRECTION_GAP.fullmatch(gap):
            for c, w in x.bag.items():
                nxt.bag[c] = max(nxt.bag.get(c, 0.0), w)
            holder = str(nxt.frame.get("holder") or "")
            if holder.startswith("person:"):
                # "my supervisor put it at thirty, but honestly it was closer to a fifth": the speaker's own
                # figure; who said the other is no part of what it is about
                nxt.frame = dict(nxt.frame, holder="self")
                for c in S.words_bag(holder.split(":", 1)[1]):
                    nxt.bag.pop(c, None)
            continue
        if nxt is not None and (f.get("approx") or f.get("bound")) and f.get("kind") in ("duration", "count", "money") \
                and nxt.fact.get("kind") == f.get("kind") and not (nxt.fact.get("approx") or nxt.fact.get("bound")) \
                and not f.get("low") and x.frame.get("holder") == nxt.frame.get("holder"):
            if gap is not None and _RESTATE_GAP.fullmatch(gap):
                for c, w in x.bag.items():
                    nxt.bag[c] = max(nxt.bag.get(c, 0.0), w)
                continue
        out.append(x)
    return out


def compare_params(params: dict) -> dict:
    """consistency.compare {"earlier", "later"} -> {"conflicts": [{about, kind, earlier, later, message}]}."""
    params = P.require_dict(params)
    return compare(P.text(params, "earlier"), P.text(params, "later"))


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_LINE = re.compile(r"[^\n]+")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def _segments(text: str) -> list[tuple[int, int]]:
    """Answers: paragraphs split by blank lines; else lines; else sentences."""
    cuts = [m.end() for m in _BLANK_LINE.finditer(text)]
    if cuts:
        return list(zip([0, *cuts], [*cuts, len(text)]))
    for pattern in (_LINE, _SENTENCE):
        parts = [(m.start(), m.end()) for m in pattern.finditer(text) if m.group().strip()]
        if len(parts) > 1:
            return parts
    return [(0, len(text))]


def within(text: str) -> dict:
    """Contradictions inside one text: each answer (paragraph) against the answers before it.

    The text is read once; each answer is compared with at most WITHIN_WINDOW facts before it, so
    a long text stays linear in its length.
    """
    items = read(extract(text, max_facts=MAX_FACTS_WITHIN), text, limit=MAX_FACTS_WITHIN)
    segments = _segments(text)
    out: list[dict] = []
    earlier: list[_Fact] = []
    n = 0
    for start, end in segments:
        here = []
        while n < len(items) and items[n].fact["start"] < end:
            if items[n].fact["start"] >= start:
                here.append(items[n])
            n += 1
        if here and earlier:
            out.extend(_between(earlier[-WITHIN_WINDOW:], here[:MAX_FACTS_COMPARED]))
            if len(out) >= MAX_CONFLICTS:
                break
        earlier.extend(here)
    return {"conflicts": out[:MAX_CONFLICTS]}


def within_params(params: dict) -> dict:
    """consistency.within {"text"} -> {"conflicts": [...]}: one text contradicting itself."""
    params = P.require_dict(params)
    return within(P.text(params, "text"))
