"""What a fact is about: the words around its number, stemmed, mapped through a synonym table, weighted.

A fact's subject is a bag of stems. The words of its own phrase ("300 stores") weigh most; words further
away in its sentence weigh less, words across a clause break less again, and words nearer another number
of the same sentence count mostly for that number. Two facts are about the same thing when their bags
overlap, each shared stem weighted by how rare it is among the facts being compared (a word every fact
shares, like "team" in an answer about one team, says little).

The synonym table and the words that never name a subject are data: data/synonyms.toml.
"""

from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .tokens import NUM, WORD, SYM, Token
from .wordlists import (_BIG, _CLAUSE_WORD, _POSSESSIVE, _DETERMINER, _NP_ADJ, _FIRST_PERSON, _SMALL, _TENS,
                        _singular)

if TYPE_CHECKING:
    from .numbers import _Quantity

# Words a number's subject is never called: its own unit or number words ("from 58 percent to eighty").
_NOT_A_SUBJECT = {"percent", "pct", "percentage", "hundred", "dozen", "left", "began", "begun", "went", "came",
                  "took", "got", "gave", "held"}


def _number_word(word: str) -> bool:
    return all(part in _SMALL or part in _TENS or part in _BIG for part in word.split("-"))

SELF_WEIGHT = 1.5        # a word inside the fact's own phrase ("300 stores")
NEAR_OTHER = 0.35        # a word nearer another number of the sentence
PER_CLAUSE = 0.5         # each clause break between the word and the number
DECAY = 0.2              # per word of distance
AFTER_BREAK = 0.2        # a word after the number, past a clause break, belongs to what follows
HEAD_WEIGHT = 0.8        # the first words of the number's own clause
WINDOW = 12              # words further than this from the number are not read


def stem(word: str) -> str:
    """A crude, predictable stem so 'migrating' meets 'migration' and 'customers' meets 'customer'."""
    w = word.replace("'", "")
    for suffix in ("ements", "ement", "ments", "ment", "ications", "ication", "ations", "ation", "ings", "ing",
                   "ies", "ied", "ers", "er", "ors", "or", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix) and not (suffix == "s" and w.endswith("ss")):
            w = w[: -len(suffix)]
            if suffix in ("ings", "ing", "ed", "ers", "er") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lszf":
                w = w[:-1]              # "wrapping" meets "wrap", "planned" meets "plan"
            if suffix in ("ings", "ing", "ed") and len(w) > 5 and w[-2:] in ("er", "or"):
                w = w[:-2]              # "hammered" meets "hammer", "monitored" meets "monitor"
                if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lszf":
                    w = w[:-1]
            break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]                      # "overstate" meets "overstated", "manage" meets "managed"
    elif len(w) > 5 and w.endswith("ify"):
        w = w[:-1]                      # "qualify" meets "qualified" and "qualification"
    return w


class Vocabulary:
    def __init__(self, data: dict):
        self.abbrev = {k.lower(): v.lower() for k, v in data.get("abbreviations", {}).items()}
        self.ignore = {w.lower() for w in data.get("ignore", {}).get("words", [])}
        self.ignore_stems = {stem(w) for w in self.ignore if len(w) > 3}
        self.group: dict[str, str] = {}
        for name, words in data.get("groups", {}).items():
            for word in words:
                for part in word.lower().split():
                    self.group.setdefault(stem(part), name)

    @lru_cache(maxsize=16384)  # noqa: B019 (one Vocabulary lives for the process: vocabulary() below)
    def concept(self, word: str) -> str | None:
        """The stem or synonym group a word stands for, or None for a word that names nothing."""
        w = word.lower().replace("\u2019", "'")
        w = self.abbrev.get(w, w)
        if "'" in w:
            base, _, tail = w.partition("'")
            if tail in ("d", "ll", "ve", "re", "m", "s", "t") and base in self.ignore:
                return None             # "we'd", "I've", "they're"
        if " " in w:
            w = w.split()[-1]
        if w in self.ignore or any(c.isdigit() for c in w) or len(w) < 2:
            return None
        if w.endswith("'s"):
            w = w[:-2]
        s = stem(w)
        if s in self.group:
            return self.group[s]
        if s in self.ignore_stems and (w.endswith("ed") or w.endswith("ing")):
            return None                 # "started" names no more than "start" does ("falls" still does)
        return s


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    raw = resources.files("roundtwo").joinpath("data/synonyms.toml").read_text(encoding="utf-8")
    return Vocabulary(tomllib.loads(raw))


def word_ranks(tokens: list[Token]) -> list[int]:
    """ranks[i]: how many word tokens come before token i (so the words between two tokens is one
    subtraction, not a walk; a text's facts are read with one list)."""
    ranks = [0] * (len(tokens) + 1)
    n = 0
    for i, t in enumerate(tokens):
        ranks[i] = n
        n += t.word
    ranks[len(tokens)] = n
    return ranks


def bag(tokens: list[Token], first: int, last: int, others: list[tuple[int, int]],
        ranks: list[int] | None = None) -> dict[str, float]:
    """The subject of the fact spanning tokens first..last (inclusive): concept -> weight.

    `others` are the token spans of the other numbers in the same sentence; `ranks` is word_ranks(tokens).
    """
    vocab = vocabulary()
    if ranks is None:
        ranks = word_ranks(tokens)
    out: dict[str, float] = {}
    if not tokens:
        return out
    sentence = tokens[first].sentence
    lo, hi = max(0, first - WINDOW * 2), min(len(tokens), last + WINDOW * 2 + 1)
    words_seen = 0
    # the first words of the number's clause name what the clause is about: "Queue time at the front
    # desk for walk-in patients fell by half" is about queue time, however far the number sits from it
    head: set[int] = set()
    clause = tokens[first].clause
    for i in range(first - 1, lo - 1, -1):
        if tokens[i].sentence != sentence or tokens[i].clause != clause:
            break
        if tokens[i].word and vocab.concept(tokens[i].low):
            head.add(i)
            if len(head) > 2:
                head.discard(max(head))
    for i in range(lo, hi):
        t = tokens[i]
        if t.sentence != sentence or not t.word:
            continue
        concept = vocab.concept(t.low)
        if concept is None:
            continue
        if first <= i <= last:
            weight = SELF_WEIGHT
        else:
            j = first if i < first else last
            d = ranks[j] - ranks[i + 1] if i < j else ranks[i] - ranks[j + 1]   # words strictly between
            if d > WINDOW:
                continue
            weight = 1.0 / (1.0 + DECAY * d)
            breaks = abs(tokens[first if i < first else last].clause - t.clause)
            weight *= PER_CLAUSE ** min(breaks, 4)
            if breaks and i > last:
                weight *= AFTER_BREAK   # "went to 70%, and attrition fell": the next clause's words
            nearest_other = min((_span_distance(i, s, e) for s, e in others), default=None)
            if nearest_other is not None and nearest_other < abs(i - (first if i < first else last)):
                weight *= NEAR_OTHER
            elif i in head:
                weight = max(weight, HEAD_WEIGHT)
        if weight > out.get(concept, 0.0):
            out[concept] = weight
        words_seen += 1
    return out


def _words_between(tokens: list[Token], i: int, j: int) -> int:
    a, b = (i, j) if i < j else (j, i)
    return sum(1 for k in range(a + 1, b) if tokens[k].word)


def _span_distance(i: int, s: int, e: int) -> int:
    if s <= i <= e:
        return 0
    return s - i if i < s else i - e


def words_bag(words: str, weight: float = 1.0) -> dict[str, float]:
    """A subject from a few words (a hand-typed 'about', a label): every word weighs the same."""
    vocab = vocabulary()
    out: dict[str, float] = {}
    for w in words.replace("_", " ").replace("-", " ").replace("/", " ").split():
        c = vocab.concept(w.strip(".,;:()"))
        if c:
            out[c] = weight
    return out


def idf(bags: list[dict[str, float]]) -> dict[str, float]:
    """How telling each concept is among these facts: rare ones count more."""
    df: dict[str, int] = {}
    for b in bags:
        for c in b:
            df[c] = df.get(c, 0) + 1
    n = len(bags) or 1
    return {c: math.log(1.0 + n / k) for c, k in df.items()}


def norm(a: dict[str, float], weights: dict[str, float]) -> float:
    return math.sqrt(sum((w * weights.get(c, 1.0)) ** 2 for c, w in a.items()))


def similarity(a: dict[str, float], b: dict[str, float], weights: dict[str, float],
               norm_a: float | None = None, norm_b: float | None = None) -> float:
    """Cosine of two subjects under the rarity weights: 0 (nothing shared) to 1 (the same words)."""
    if not a or not b:
        return 0.0
    if len(b) < len(a):
        a, b, norm_a, norm_b = b, a, norm_b, norm_a
    dot = 0.0
    for c, wa in a.items():
        wb = b.get(c)
        if wb:
            dot += wa * wb * weights.get(c, 1.0) ** 2
    if dot == 0.0:
        return 0.0
    na = norm(a, weights) if norm_a is None else norm_a
    nb = norm(b, weights) if norm_b is None else norm_b
    return dot / (na * nb)


# --- the noun a number is about, found while scanning --------------------------------------------
class SubjectReader:
    """Finds the noun a number is about ("300 stores", "a team of 5", "churn fell to 6%")."""

    # --- what a number is about ----------------------------------------------------------------
    def noun_phrase(self, e: int, b: int, q: _Quantity):
        """The noun phrase right after a quantity: (indices, last index + 1) or ([], e)."""
        low, kd, tok, lex = self.low, self.kd, self.tok, self.lex
        k = e
        if q.hyphen and k < b and kd[k] == WORD:
            return [k], k + 1                   # "900-pupil school": just "pupil"
        if k < b and low[k] == "of" and q.kind != "percent":
            k += 1
            if k < b and low[k] in _DETERMINER:
                k += 1
        words: list[int] = []
        while k < b and len(words) < 4:
            if kd[k] == SYM:
                if tok[k] == "-" and words and k + 1 < b and kd[k + 1] == WORD:
                    k += 1
                    continue
                break
            if kd[k] == NUM:
                break
            w = low[k]
            if w in lex.per and w.endswith("ly") or w in ("annual",):
                if q.per is None:
                    q.per = lex.per[w]
                k += 1
                continue
            known = w in lex.noun or _singular(w) in lex.noun or _singular(w) in lex.people
            if not known:
                if (w in lex.filler and w not in _NP_ADJ) or w in _CLAUSE_WORD:
                    break
                if words and (w.endswith("ing") or w.endswith("ed")):
                    break
                if w.endswith("ly") or w in lex.delta_after:
                    break
            words.append(k)
            k += 1
        while words and low[words[-1]].endswith("ing") and low[words[-1]] not in lex.noun:
            words.pop()                         # "three reporting ..." has no noun
        if not words:
            return [], e
        return words, words[-1] + 1

    def head(self, words: list[int], kind: str):
        """The about key, people flag and words of a noun phrase: the last lexicon match wins."""
        lex = self.lex
        best = None
        start = 0
        while start < len(words):
            step = 1
            for n in range(min(lex.longest, len(words) - start), 0, -1):
                idx = words[start:start + n]
                phrase = self.phrase(idx, noun=True)
                keys = [k for k in lex.noun.get(phrase, ()) if kind in lex.kinds[k]]
                if keys:
                    best, step = (keys[0], None, idx), n
                    break
                if phrase in lex.people:
                    best, step = (None, "generic" if phrase in lex.people_generic else "specific", idx), n
                    break
            start += step
        return best

    def words_of(self, idx) -> str:
        return " ".join(self.tok[i] for i in idx)

    def about(self, s: int, e: int, kind, a: int, b: int, q: _Quantity, change=False) -> tuple[str, str, int]:
        """What the quantity spanning tokens [s, e) is about: (key, words, end of its noun phrase)."""
        if kind == "year":
            return self.about_year(s, e, a, b)
        if kind == "duration":
            return self.about_duration(s, e, a, b, q, change)
        if kind in ("money", "percent"):
            return self.about_measure(s, e, kind, a, b, q)
        return self.about_count(s, e, a, b, q)

    def find_left(self, s: int, a: int, kind: str, *, groups=False, cues=True, limit=8):
        for k in self.left(s, a, limit):
            hit = self.lookup_back(k, a, kind, groups=groups, cues=cues)
            if hit:
                return hit[0], self.words_of(range(hit[1], k + 1))
        return None

    def find_right(self, e: int, b: int, kind: str, limit=6):
        lex = self.lex
        for k in self.right(e, b, limit):
            hit = self.lookup_fwd(k, b, lex.noun, noun=True)
            if hit:
                keys = [key for key in hit[0] if kind in lex.kinds[key]]
                if keys:
                    return keys[0], self.words_of(range(k, hit[1] + 1))
        return None

    def fallback(self, idx_list) -> tuple[str, str] | None:
        """A content word nobody listed: the thing is called what the person called it."""
        lex = self.lex
        for k in idx_list:
            w = self.low[k]
            if (len(w) >= 3 and w not in lex.filler and w not in lex.change and not w.endswith("ly")
                    and w not in lex.approx and w not in lex.delta_after and w.isalpha()
                    and not (w.endswith("ed") and len(w) > 4) and w not in _FIRST_PERSON
                    and w not in _NOT_A_SUBJECT and not _number_word(w)):
                return _singular(w), self.tok[k]
        return None

    def cue_at(self, k: int, b: int, kind: str):
        hit = self.lookup_fwd(k, b, self.lex.cue, noun=False) if k < b else None
        if hit:
            keys = [key for key in hit[0] if kind in self.lex.kinds[key]]
            if keys:
                return keys[0], self.words_of(range(k, hit[1] + 1))
        return None

    def about_count(self, s, e, a, b, q) -> tuple[str, str, int]:
        lex, low = self.lex, self.low
        cue = self.cue_at(e, b, "count")
        if cue and cue[0] in ("team", "reports"):
            return cue[0], cue[1], e
        if e < b and low[e] in ("time", "times"):
            action = self.action(s, a)          # "deployed 20 times a week": about deploying
            if action:
                return action[0], action[1], e + 1
        words, np_end = self.noun_phrase(e, b, q)
        head = self.head(words, "count") if words else None
        left_cue = self.find_left(s, a, "count", cues=True, limit=5)
        hires = left_cue is not None and left_cue[0] == "hires"
        if head and head[0] == "hires":
            return "hires", self.words_of(head[2]), np_end
        people = head[1] if head else None
        if hires and (people or not words):
            return "hires", left_cue[1], np_end
        if q.hyphen and people and np_end < b:
            group = self.lookup_fwd(np_end, b, lex.noun, noun=True)     # "a 40-person department"
            if group and any(key in lex.group for key in group[0]):
                key = next(key for key in group[0] if key in lex.group)
                return key, self.words_of(range(words[0], group[1] + 1)), group[1] + 1
        if words and not people:
            if head and head[0] in lex.group and head[2][-1] == words[-1]:
                return low[words[-1]], self.words_of(head[2]), np_end     # "two teams": how many teams
            if head:
                return head[0], self.words_of(head[2]), np_end
            fb = self.fallback([words[-1]])
            if fb:
                return fb[0], self.words_of(words), np_end
            return "", "", np_end
        # people, or no noun at all
        after = np_end if words else e
        cue = self.cue_at(after, b, "count")
        if cue and cue[0] in ("team", "reports"):
            return cue[0], cue[1], np_end
        group = self.group_right(after, b)
        if group:
            return group[0], group[1], np_end
        group = self.find_left(s, a, "count", groups=True)
        if group:
            return group[0], group[1], np_end
        if people:
            # people are a team when they are the person's own: "I managed 4 engineers", "my 12 people",
            # "we were 5 people"; otherwise "40 people came to the workshop" is about those people
            lefts = [low[k] for k in self.left(s, a, 4)]
            if any(w in lex.owner_verbs or w in _POSSESSIVE for w in lefts) \
                    or ("we" in lefts and any(w in ("were", "are", "was") for w in lefts)):
                return "team", self.words_of(head[2]), np_end
            if people == "generic":
                return "people", self.words_of(head[2]), np_end
            return self.person_key(head[2]), self.words_of(head[2]), np_end
        if left_cue and left_cue[0] not in ("hires",):
            return left_cue[0], left_cue[1], e
        # a bare number can be money said without a currency: "a budget of 3 million", "saved 200k"
        money = self.find_left(s, a, "money") or self.find_right(e, b, "money", limit=4)
        if money and q.scale >= 1000:
            return money[0], money[1], e
        fb = self.fallback(self.left(s, a, 4))
        if fb:
            return fb[0], fb[1], e
        return "", "", e

    def action(self, s: int, a: int):
        """The verb a frequency counts: the nearest -ed/-ing word to the left, stemmed."""
        for k in self.left(s, a, 6):
            w = self.low[k]
            for suffix in ("ing", "ed"):
                if w.endswith(suffix) and len(w) > len(suffix) + 2 and w not in self.lex.filler:
                    stem = w[:-len(suffix)]
                    if suffix == "ed" and stem.endswith(stem[-1] * 2):
                        stem = stem[:-1]            # "shipped" -> "ship"
                    return stem, self.tok[k]
        return None

    def person_key(self, idx) -> str:
        words = self.lex.title_tokens(self.phrase(idx, noun=True))
        return " ".join(words) if words else self.phrase(idx, noun=True)

    def group_right(self, e: int, b: int):
        """"20 people in the wider org", "nine nurses sat on the rota": a group named after the count."""
        lex, low = self.lex, self.low
        for k in self.right(e, b, 5):
            if low[k] in ("in", "on", "across", "within", "throughout", "of"):
                j = k + 1
                while j < b and (low[j] in _DETERMINER or low[j] in ("wider", "whole", "entire", "extended")):
                    j += 1
                for m in range(j, min(b, j + 3)):
                    if self.kd[m] != WORD:
                        break
                    hit = self.lookup_fwd(m, b, lex.noun, noun=True)
                    if hit:
                        keys = [key for key in hit[0] if key in lex.group]
                        if keys:
                            return keys[0], self.words_of(range(k, hit[1] + 1))
                return None
        return None

    def about_measure(self, s, e, kind, a, b, q) -> tuple[str, str, int]:
        words, np_end = self.noun_phrase(e, b, q)
        if words and not (len(words) == 1 and self.low[words[0]] in self.lex.delta_after):
            head = self.head(words, kind)
            if head and head[0]:
                return head[0], self.words_of(head[2]), np_end
        else:
            np_end = e
        hit = self.find_left(s, a, kind)
        if hit:
            return hit[0], hit[1], e
        hit = self.find_right(e, b, kind)
        if hit:
            return hit[0], hit[1], e
        if kind == "percent":
            fb = self.fallback(self.left(s, a, 4)) or (self.fallback(words[-1:]) if words else None)
            if fb:
                return fb[0], fb[1], e
        fb = self.fallback(self.left(s, a, 3))
        if fb:
            return fb[0], fb[1], e
        return "", "", e

    def about_duration(self, s, e, a, b, q, change) -> tuple[str, str, int]:
        low, tok = self.low, self.tok
        words, np_end = self.noun_phrase(e, b, q)
        if words:
            head = self.head(words, "duration")
            if head and head[0]:
                return head[0], self.words_of(head[2]), np_end
        hit = self.find_left(s, a, "duration")
        if hit:
            return hit[0], hit[1], e
        for k in self.left(s, a, 6):
            if low[k] in ("at", "with") and k + 1 < s and self.employer(k + 1, b):
                return "tenure", self.words_of(range(k, k + 2)), e
        right = self.right(e, b, 6)
        if right:
            k = right[0]
            w = low[k]
            nxt = right[1] if len(right) > 1 else None
            if w == "there" or (w in ("at", "with") and nxt is not None and self.employer(nxt, b)):
                return "tenure", self.words_of(right[:2]), e
            if w in ("in", "on") and nxt is not None and low[nxt] in _DETERMINER | {"that"}:
                rest = right[2:6]
                project = self.find_right(right[1], b, "duration", limit=5)
                if project:
                    return project
                if w == "on" or (rest and low[rest[0]] in ("role", "job", "position", "post", "team")):
                    return "tenure", self.words_of(right[:2 + len(rest)]), e
        purpose = self.purpose(right, b)
        if purpose:
            return purpose[0], purpose[1], e
        hit = self.find_right(e, b, "duration")
        if hit:
            return hit[0], hit[1], e
        if s > a and low[s - 1] in _POSSESSIVE:
            return "tenure", tok[s - 1], e
        if change:                              # "onboarding went from 3 weeks to 5 days": a metric
            fb = self.fallback(self.left(s, a, 4))
            if fb:
                return fb[0], fb[1], e
        return "project", "", e

    def purpose(self, right: list[int], b: int):
        """"took 2 months to hire the first engineer": a duration about hiring, not about the project."""
        low, lex = self.low, self.lex
        at = 0
        if right and low[right[0]] in ("us", "me", "them", "him", "her", "the", "our", "my", "team"):
            at = 1
        if len(right) <= at + 1 or low[right[at]] != "to":
            return None
        for k in right[at + 1:at + 4]:
            w = low[k]
            for form in (w, w[:-3] if w.endswith("ing") else w, w[:-1] if w.endswith("e") else w):
                keys = [key for key in lex.noun.get(form, ()) if "duration" in lex.kinds[key]]
                if keys:
                    return keys[0], self.tok[k]
            if w not in lex.filler:
                return _singular(w), self.tok[k]
        return None

    def employer(self, k: int, b: int) -> bool:
        """"Acme", "the company", "this startup": the place a tenure is at."""
        while k < b and self.low[k] in _DETERMINER:
            k += 1
        if k >= b or self.kd[k] != WORD:
            return False
        if self.tok[k][:1].isupper() and self.low[k] not in _FIRST_PERSON:
            return True
        hit = self.lookup_fwd(k, b, self.lex.noun, noun=True)
        return bool(hit) and any(key in ("company", "org") for key in hit[0])

    def about_year(self, s, e, a, b) -> tuple[str, str, int]:
        hit = self.find_left(s, a, "year", limit=6)
        if hit:
            return hit[0], hit[1], e
        k = e
        if k < b and self.tok[k] == ",":
            k += 1
        for j in range(k, min(b, k + 4)):
            if self.kd[j] != WORD:
                break
            hit = self.cue_at(j, b, "year")
            if hit:
                return hit[0], hit[1], e
        return "year", "", e
