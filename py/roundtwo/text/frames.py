"""A fact's frame: whose number it is (holder), where (employer, client, project), when, and whether it
happened (modality). Facts are compared only when their frames can be about the same thing.

The frame is read from the words before the number in its clause and sentence, with two carries across
sentences: "where" holds until another place is named, and a "she" or "they" holds the last person named.
Vocabulary: data/frames.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .tokens import Token
from .wordlists import _SMALL, _TENS

_YEAR = re.compile(r"(?:19|20)\d\d")
_FY = re.compile(r"fy(\d{2}|\d{4})")
_QUARTER = re.compile(r"q([1-4])")
_WHOLE_OF = {"company", "business", "organisation", "organization", "station", "department", "site", "group",
             "trust", "firm", "school", "hospital", "division", "country", "region", "network", "estate", "fleet",
             "industry", "sector", "market", "portfolio", "club", "league", "practice", "service", "council"}
_NUM_WORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_FORECAST = {"forecast", "forecasted", "forecasting", "projection", "prediction", "predicted"}
_PRIOR = {"previous", "former", "prior", "old", "last"}
_TIME_NOUNS = {"year", "yr", "years", "yrs", "month", "months", "week", "weeks", "quarter", "time", "minute",
               "day", "days", "moment", "season"}
_ORD_YEAR = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3,
             "4th": 4, "5th": 5}


@dataclass(slots=True)
class Frame:
    holder: str = "self"            # "self", "person:<word>", "org:<word>"
    where: str = ""                 # "" (the main story), "previous", or a name/project in lower case
    when: str = ""                  # "", "y2019", "q3", "nth1" (first year), "start", "end"
    modality: str = "actual"        # "actual", "hypothetical", "target", "negated"
    # the names said in the sentence that named `where`: "Skyline Regional, ATR fleet, line maint at EMA"
    # names Skyline and EMA as one place, so an answer "at Skyline" is about the same job
    places: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {"holder": self.holder, "where": self.where, "when": self.when, "modality": self.modality}
        if self.places:
            out["places"] = self.places
        return out


class Words:
    def __init__(self, data: dict):
        h = data["holder"]
        self.people = set(h["people"])
        self.people_openers = set(h["people_openers"])
        self.organisations = set(h["organisations"])
        self.whole = Phrases(tuple(p.split()) for p in h["whole"])
        self.third_person = set(h["third_person"])
        self.self_words = set(h["self_words"])
        w = data["where"]
        self.previous = Phrases(tuple(p.split()) for p in w["previous"])
        self.other_place = Phrases(tuple(p.split()) for p in w["other_place"])
        self.prepositions = set(w["prepositions"])
        self.project_heads = set(w["project_heads"])
        wh = data["when"]
        self.start = Phrases(tuple(p.split()) for p in wh["start"])
        self.end = Phrases(tuple(p.split()) for p in wh["end"])
        self.previous_year = Phrases(tuple(p.split()) for p in wh["previous_year"])
        m = data["modality"]
        self.hypothetical = Phrases(tuple(p.split()) for p in m["hypothetical"])
        self.target = Phrases(tuple(p.split()) for p in m["target"])
        self.negation = set(m["negation"])
        self.achieved = set(m["achieved"])
        self.correction = Phrases(tuple(p.split()) for p in m["correction"])


@lru_cache(maxsize=1)
def words() -> Words:
    raw = resources.files("roundtwo").joinpath("data/frames.toml").read_text(encoding="utf-8")
    return Words(tomllib.loads(raw))


class Phrases:
    """Phrases of a few words, indexed by their first word so a lookup at one position is one dict hit."""

    def __init__(self, phrases):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            if p:
                self.by_first.setdefault(p[0], []).append(p)

    def at(self, low: list[str], i: int) -> bool:
        found = self.by_first.get(low[i])
        if found is None:
            return False
        for p in found:
            if len(p) == 1 or tuple(low[i:i + len(p)]) == p:
                return True
        return False

    def any_in(self, low: list[str], a: int, b: int) -> bool:
        """Whether one of the phrases starts at a position in a..b-1."""
        by_first = self.by_first
        return any(low[i] in by_first and self.at(low, i) for i in range(a, b))


class Reader:
    """Frames for the facts of one text, read in order."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.low = [t.low if t.word else t.text for t in tokens]
        self.w = words()
        self._where_by_sentence: dict[int, str] = {}
        self._places_by_sentence: dict[int, str] = {}
        self._person_by_sentence: dict[int, str] = {}
        self._sentence_bounds: dict[int, tuple[int, int]] = {}
        self._when_cache: dict[int, list] = {}
        for i, t in enumerate(tokens):
            a, b = self._sentence_bounds.get(t.sentence, (i, i))
            self._sentence_bounds[t.sentence] = (min(a, i), max(b, i))
        self._carry()

    # --- what carries across sentences --------------------------------------------------------
    def _carry(self) -> None:
        where = ""
        places = ""
        person = ""
        for s in sorted(self._sentence_bounds):
            a, b = self._sentence_bounds[s]
            named = self._where_in(a, b + 1)
            if named is not None:
                where = named
                places = self._names_in(a, b + 1)
            self._where_by_sentence[s] = where
            self._places_by_sentence[s] = places
            p = self._person_in(a, b + 1)
            if p:
                person = p
            self._person_by_sentence[s] = person

    def _where_in(self, a: int, b: int) -> str | None:
        """The employer, client or project named in tokens a..b, if any (the first one)."""
        low, toks, w = self.low, self.tokens, self.w
        for i in range(a, b):
            if w.previous.at(low, i):
                return "previous"
            if low[i] in ("at", "w") and i + 2 < b:
                owned = low[i + 1] in ("my", "our")
                j = i + 1 + (low[i + 1] in ("my", "a", "the", "our", "/"))
                # "last" and "old" only as the person's own ("at my last firm"): "at last count" is no employer
                prior = low[j] in _PRIOR and (owned or low[j] not in ("last", "old"))
                if j + 1 < b and prior and toks[j + 1].word and low[j + 1] not in _TIME_NOUNS:
                    return "previous"       # "5 yrs at previous operator", "w/ former employer"
            if low[i] in w.prepositions and i + 1 < b:
                j = i + 1
                if low[j] in ("the", "a", "an") and j + 1 < b:
                    j += 1
                name = []
                while j < b and toks[j].word and toks[j].text[:1].isupper() and not toks[j].text.isupper() \
                        or (j < b and toks[j].word and toks[j].text.isupper() and len(toks[j].text) > 1
                            and not _YEAR.fullmatch(toks[j].text) and name == [] and low[j] not in ("i",)):
                    name.append(low[j])
                    j += 1
                    if len(name) >= 3:
                        break
                if name and low[i] != "on" and not any(ch.isdigit() for ch in name[0]):
                    return " ".join(name)
                if low[i] == "on" and low[i + 1] == "the":
                    k = i + 2
                    while k < b and k < i + 6 and toks[k].word:
                        if low[k] in w.project_heads:
                            return "project:" + " ".join(low[i + 2:k + 1])
                        k += 1
        return None

    def _names_in(self, a: int, b: int) -> str:
        """The proper names in tokens a..b ("Skyline", "EMA"), lower case: capitalised words that do not
        open the sentence, and acronyms."""
        toks = self.tokens
        names = []
        for i in range(a, b):
            t = toks[i]
            if not t.word or t.low == "i" or _YEAR.fullmatch(t.text) or any(ch.isdigit() for ch in t.text):
                continue
            if t.text.isupper() and len(t.text) > 1 or t.text[:1].isupper() and i > a:
                names.append(t.low)
        return " ".join(dict.fromkeys(names))

    def _person_in(self, a: int, b: int) -> str:
        low, w = self.low, self.w
        for i in range(a, b):
            if low[i] in w.people and i > a and low[i - 1] in w.people_openers:
                if low[i - 1] == "our" and low[i] in ("head",):
                    continue
                return low[i]
        return ""

    # --- one fact -----------------------------------------------------------------------------
    def frame(self, first: int, last: int, *, kind: str = "") -> Frame:
        toks, low, w = self.tokens, self.low, self.w
        t = toks[first]
        s = t.sentence
        a, b = self._sentence_bounds[s]
        f = Frame(where=self._where_by_sentence.get(s, ""), places=self._places_by_sentence.get(s, ""))
        named_here = self._where_in(a, first)
        if named_here is not None:
            f.where = named_here
            f.places = self._names_in(a, b + 1)
        clause_start = first
        while clause_start > a and toks[clause_start - 1].clause == t.clause:
            clause_start -= 1
        # another place named in the number's clause, or just after it, but not past a ";" ("Our club: 3,000
        # members; competitor down the road ~5,000")
        after = last + 1
        while after < min(b + 1, last + 4) and low[after] != ";":
            after += 1
        if w.other_place.any_in(low, clause_start, after):
            f.where = "other"           # "the flagship nursery in the group had thirty-one staff"
        f.holder = self._holder(a, clause_start, first, s)
        f.when = self._when(a, b + 1, first, last, kind)
        f.modality = self._modality(a, clause_start, first, last, b + 1)
        return f

    def _holder(self, a: int, clause_start: int, first: int, s: int) -> str:
        low, w = self.low, self.w
        # "the company farmed 3,000 hectares in total": the whole, not the person's part
        end = clause_start
        while end < len(low) and self.tokens[end].clause == self.tokens[first].clause:
            end += 1
        # ... but "we had three troops, thirty animals altogether" is the speaker's own total
        own_total = any(low[k] in ("i", "we", "my", "our") for k in range(a, first)) and \
            not any(low[k] in w.organisations for k in range(a, first))
        for i in range(clause_start, min(end, first + 6)):
            if w.whole.at(low, i) and not (own_total and low[i] in ("altogether", "overall", "total")
                                                    or own_total and low[i:i + 2] == ["in", "total"]):
                return "org:whole"
            if low[i] in ("whole", "entire") and i + 1 < len(low) and (low[i + 1] in _WHOLE_OF or
                                                                      i + 2 < len(low) and low[i + 2] in _WHOLE_OF):
                return "org:whole"      # "across the whole station", "the entire trust"
        # the nearest subject-like word before the number in its sentence: a person, an organisation, I/we
        for i in range(first - 1, a - 1, -1):
            word = low[i]
            if word in w.organisations:
                return "org:" + word.rstrip("s")
            if word in ("who", "whose") and clause_start <= i < first:
                # "Reported to the ops director, who had 40 staff": the relative clause is the director's
                named = next((low[k] for k in range(i - 1, max(a, i - 3) - 1, -1) if low[k] in w.people), "")
                if named:
                    return "person:" + named
            if word in w.people and i > a and low[i - 1] in w.people_openers:
                if i > a + 1 and low[i - 2] in ("was", "as", "am", "i'm", "became", "being"):
                    return "self"       # "I was the head nurse": the speaker's own title
                return "person:" + word
            if word in w.self_words:
                if word in ("my", "our") and i + 1 < first and low[i + 1] in w.people:
                    continue
                if word in ("i", "we") and i > a + 1 and low[i - 1] in w.people and low[i - 2] in w.people_openers:
                    return "person:" + low[i - 1]   # "The partner I worked for billed 2,400 hours"
                return "self"
            if word in w.third_person and i == a or (word in w.third_person and low[i - 1] in (",", "and", "but")):
                person = self._person_by_sentence.get(s - 1, "") or self._person_by_sentence.get(s, "")
                if person:
                    return "person:" + person
        return "self"

    def _when(self, a: int, b: int, first: int, last: int, kind: str) -> str:
        found = ""
        best = None
        for i, tag, year_word, prev_ok in self._when_tags(a, b):
            if first <= i <= last:
                continue
            if year_word:                   # a bare year dates other figures, never itself
                # ... said before the number, after "in"/"by", or right after it in notes ("6 lifts 2022")
                if kind == "year" or not (prev_ok or i < first or self._just_after(first, last, i)):
                    continue
            elif tag.startswith("nth") and i + 1 == first and self.low[i] in ("year", "yr"):
                continue                    # "year 3" where 3 is the fact itself
            if i > first and any(self.low[k] == ";" for k in range(last + 1, i)):
                continue                    # "Caseload at start: 30; by the end: 18": the next item's
            if i > last + 1 and any(self._is_number(k) for k in range(last + 1, i)):
                continue                    # "6 lifts 2022, 3 in 2023": 2023 dates the 3
            d = abs(i - first)
            gap = toks_clause_gap(self.tokens, i, first)
            # a tag in another clause counts only before the number ("In 2019, we were five")
            if gap > 1 and i > first:
                continue
            # "When I arrived it was 93% and we got it to 96": a phase holds for its own clause
            if tag in ("start", "end") and (gap > 1 or i > first and any(
                    self.low[k] in ("and", "but", "while", "whereas") for k in range(last + 1, i))):
                continue                    # "When I started we had four, and by the time I left eleven'
            # the nearest, preferring one in the number's own clause: "6 lifts 2022, 3 in 2023"
            d += 100 * min(gap, 1)
            if best is None or d < best:
                best, found = d, tag
        return found

    def _year_span(self, i: int, a: int, b: int) -> bool:
        """Year i is one end of a span of years: "2022 and 2023", "2018 to 2022", "2018-2022"."""
        low = self.low
        joined = ("and", "to", "-", "\u2013", "until", "through", "&")
        after = i + 2 < b and low[i + 1] in joined and (_YEAR.fullmatch(low[i + 2]) or
                                                       low[i + 2].isdigit() and len(low[i + 2]) == 2)
        before = i - 2 >= a and low[i - 1] in joined and _YEAR.fullmatch(low[i - 2])
        adjacent = i + 1 < b and _YEAR.fullmatch(low[i + 1]) or i - 1 >= a and _YEAR.fullmatch(low[i - 1])
        return bool(after or before or adjacent)    # the tokenizer drops a hyphen between digits: "2018 2022"

    def _just_after(self, first: int, last: int, i: int) -> bool:
        """Token i follows the number's own words with no break ("6 lifts 2022", "3 rescues 2023")."""
        return 0 < i - last <= 3 and all(self.tokens[k].word and not (k > last and self._is_number(k))
                                         for k in range(first + 1, i))

    def _is_number(self, k: int) -> bool:
        word = self.low[k]
        return word[:1].isdigit() or word in _SMALL or word in _TENS

    def _when_tags(self, a: int, b: int) -> list[tuple[int, str, bool, bool]]:
        """Every time word of one sentence, read once for all its facts: (position, tag, is a bare year,
        the year follows a word that dates by it)."""
        cached = self._when_cache.get(a)
        if cached is not None:
            return cached
        low, w = self.low, self.w
        out = []
        for i in range(a, b):
            word = low[i]
            if _YEAR.fullmatch(word):
                prev = low[i - 1] if i > a else ""
                if self._year_span(i, a, b):
                    out.append((i, "span", True, True))   # "over 2022 and 2023", "2018-22": no one year
                    continue
                out.append((i, "y" + word, True,
                            prev in ("in", "by", "during", "of", "since", "until", "for", "early", "late", "mid", "fy")))
                continue
            tag = ""
            if _FY.fullmatch(word):
                digits = _FY.fullmatch(word).group(1)
                tag = "y" + (("20" + digits) if len(digits) == 2 else digits)
            elif word in _ORD_YEAR and i + 1 < b and low[i + 1] in ("year", "yr") and (i == a or
                    low[i - 1] in ("my", "our", "the", "in", "by", "during")):       # notes: "1,200 in first yr", "1st year: 2,000"
                tag = f"nth{_ORD_YEAR[word]}"
            elif word.isdigit() and len(word) == 1 and i + 2 < b and low[i + 1] in ("st", "nd", "rd", "th") and \
                    low[i + 2] in ("year", "yr") and (i == a or low[i - 1] in ("my", "our", "the", "in", "by", "during")):
                tag = f"nth{word}"              # "1st year: 2,000 members" (the tokens "1", "st")
            elif word in ("year", "yr") and i + 1 < b and (low[i + 1] in _NUM_WORD or low[i + 1].isdigit()):
                n = _NUM_WORD.get(low[i + 1]) or int(low[i + 1]) if low[i + 1].isdigit() and len(low[i + 1]) < 3 \
                    else _NUM_WORD.get(low[i + 1], 0)
                if 0 < n <= 6 and not self.tokens[i].text[:1].isupper():
                    tag = f"nth{n}"             # "in yr 1", "by year three" (not "Year 9", a school year)
            elif w.previous_year.at(low, i):
                tag = "yprev"
            elif w.start.at(low, i):
                tag = "start"
            elif w.end.at(low, i):
                tag = "end"
            if tag:
                out.append((i, tag, False, False))
        self._when_cache[a] = out
        return out

    def _modality(self, a: int, clause_start: int, first: int, last: int, b: int) -> str:
        low, w = self.low, self.w
        # negated: "not seven", "wasn't 7"; corrected: "seven, sorry, five" (the first is negated)
        if first > a and low[first - 1] in w.negation:
            return "negated"
        if first > a + 1 and low[first - 1] in ("than",) and low[first - 2] in ("rather",):
            return "negated"
        j = last + 1
        while j < b and j <= last + 2 and not self.tokens[j].word:
            j += 1
        if j < b and w.correction.at(low, j) and low[j] != "actually":
            return "negated"
        if j + 1 < b and low[j] == "no" and (self.tokens[j + 1].word and low[j + 1][:1].isdigit() or
                                             not self.tokens[j + 1].word):
            return "negated"                # "five - no, three cubs"
        if j < b and low[j] in ("but",) and j + 1 < b and low[j + 1] in ("rather",):
            return "negated"
        # hypothetical and target words in the clause before the number (or the sentence's "if" clause)
        for i in range(clause_start, first):
            if w.hypothetical.at(low, i):
                return "hypothetical"
        for i in range(max(a, clause_start - 6), first):
            if w.target.at(low, i):
                if low[i] in _FORECAST and i + 1 < first and self.tokens[i + 1].word and \
                        low[i + 1] not in ("was", "is", "of", "at", "for", "to", "had", "said", "showed") \
                        and not low[i + 1][:1].isdigit():
                    continue                # "forecast error fell to 19%": a forecast's own measure
                # "Target was 50 a month; we got ~35": what happened, said after the target
                if i < clause_start and any(low[k] == ";" or low[k] in w.achieved for k in range(i + 1, first)):
                    continue
                return "target"
        for i in range(max(a, first - 15), clause_start):
            # "If I'd had ten people, we ...": an if-clause colours the clause right after it, no further
            if low[i] == "if" and self.tokens[first].clause - self.tokens[i].clause <= 1:
                return "hypothetical"
        return "actual"


def toks_clause_gap(tokens: list[Token], i: int, j: int) -> int:
    return abs(tokens[i].clause - tokens[j].clause)
