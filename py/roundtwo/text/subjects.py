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

from .tokens import Token

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
    for suffix in ("ements", "ement", "ments", "ment", "ations", "ation", "ings", "ing", "ies", "ied", "ers",
                   "er", "ors", "or", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix) and not (suffix == "s" and w.endswith("ss")):
            w = w[: -len(suffix)]
            break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]                      # "overstate" meets "overstated", "manage" meets "managed"
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

    @lru_cache(maxsize=16384)
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


def bag(tokens: list[Token], first: int, last: int, others: list[tuple[int, int]]) -> dict[str, float]:
    """The subject of the fact spanning tokens first..last (inclusive): concept -> weight.

    `others` are the token spans of the other numbers in the same sentence.
    """
    vocab = vocabulary()
    out: dict[str, float] = {}
    if not tokens:
        return out
    sentence = tokens[first].sentence
    lo, hi = max(0, first - WINDOW * 2), min(len(tokens), last + WINDOW * 2 + 1)
    words_seen = 0
    # the first words of the number's clause name what the clause is about: "Handoff time between design
    # and engineering roughly halved" is about handoff time, however far the number sits from it
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
            d = _words_between(tokens, i, first if i < first else last)
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
    for w in words.replace("_", " ").replace("-", " ").split():
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
