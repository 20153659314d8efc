"""Facts a candidate states in an answer: counts, money, percentages, durations, years, ordinals, titles
and roles, each with what it is about, its normalised value and the exact words it came from.

`extract(text)` returns a list of fact dicts (see `extract_params` for the shape). The scan is linear:
one regex splits the text into tokens, then each sentence is walked once with look-arounds of at most a
dozen tokens, so a 1 MB answer cannot make it crawl. The vocabulary (what "team" or "budget" is called,
unit words, title words) lives in data/facts.toml and is loaded on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import params as P
from .text.numbers import QuantityReader, _Quantity  # noqa: F401  (_Quantity for callers)
from .text.subjects import SubjectReader
from .text.titles import TitleReader
from .text.tokens import MAX_SENTENCE_TOKENS, MAX_TOKENS, TokenStream  # noqa: F401
from .text.tokens import NUM, SYM, WORD, _TOKEN  # noqa: F401
from .text.wordlists import (
    _BIG, _FIRST_PERSON, _LABEL_BEFORE_NUMBER, _MULTIPLE_WORDS, _NUMBER_START, _ORDINAL, _THIRD_PERSON,
    _SMALL, _TENS, _phrase, _singular, _title_stem, clean_number,
)  # noqa: F401

KINDS = ("count", "money", "percent", "duration", "year", "ordinal", "title", "role")
MAX_FACTS = 5000            # beyond this a text is not an answer; stop rather than flood the page
SENTENCE_CHARS = 300        # a fact's "sentence" is trimmed around the fact past this length


class Lexicon:
    """data/facts.toml, indexed for the scanner."""

    def __init__(self, data: dict):
        self.label: dict[str, str] = {}
        self.kinds: dict[str, set] = {}
        self.group: set[str] = set()
        self.noun: dict[str, list[str]] = {}
        self.cue: dict[str, list[str]] = {}
        for key, entry in data["about"].items():
            self.label[key] = entry.get("label", key.replace("_", " ").capitalize())
            self.kinds[key] = set(entry.get("kinds", ["count"]))
            if entry.get("group"):
                self.group.add(key)
            for word in entry.get("words", []):
                self.noun.setdefault(_phrase(word, noun=True), []).append(key)
            for word in entry.get("cues", []):
                self.cue.setdefault(_phrase(word, noun=False), []).append(key)
        people = data["people"]
        self.people_generic = {_phrase(w, noun=True) for w in people["generic"]}
        self.people = {_phrase(w, noun=True) for w in people["words"]} | self.people_generic
        self.people_first = {p.split()[0] for p in self.people}
        self.owner_verbs = set(people["owner_verbs"])
        titles = data["titles"]
        self.title_heads = set(titles["heads"])
        self.title_words = self.title_heads | set(titles["modifiers"]) | set(titles["abbreviations"])
        self.title_soft = set(titles["soft"])
        self.title_seniority = set(titles["seniority"])
        self.title_abbr = dict(titles["abbreviations"])
        self.title_syn = dict(titles["synonyms"])
        roles = data["roles"]
        self.lead_verbs = set(roles["lead_verbs"])
        self.lead_phrases = [tuple(p.split()) for p in roles["lead_phrases"]]
        self.member_starts: dict[str, list[tuple]] = {}
        for phrase in roles["member_phrases"]:
            self.member_starts.setdefault(phrase.split()[0], []).append(tuple(phrase.split()))
        self.role_triggers = {"one", "i"} | set(self.member_starts) | self.lead_verbs
        units = data["units"]
        self.duration = {w: n / d for w, (n, d) in units["duration"].items()}
        self.per = dict(units["per"])
        self.measure = {w: (base, float(n)) for w, (base, n) in units["measure"].items()}
        self.scale = dict(units["scale"])
        self.currency = dict(units["currency"])
        self.dollar_prefix = dict(units.get("dollar_prefix", {}))
        words = data["words"]
        self.approx = {_phrase(p, noun=False) for p in words["approx"]}
        self.at_least = {_phrase(p, noun=False) for p in words["at_least"]}
        self.at_most = {_phrase(p, noun=False) for p in words["at_most"]}
        self.nearly = {_phrase(p, noun=False) for p in words["nearly"]}
        self.duration_intro = set(words["duration_intro"])
        self.change = set(words["change"])
        self.delta_after = set(words["delta_after"])
        self.ordinal_nouns = {_phrase(w, noun=True) for w in words["ordinal_nouns"]}
        self.filler = set(words["filler"])
        self.longest = max(len(p.split()) for p in [*self.noun, *self.cue, *self.people])
        # First and last words of every phrase: a scan skips at once a word no phrase starts or ends with.
        self.noun_first = {p.split()[0] for p in self.noun}
        self.noun_last = {p.split()[-1] for p in self.noun}
        self.cue_first = {p.split()[0] for p in self.cue}
        self.cue_last = {p.split()[-1] for p in self.cue}

    def label_for(self, about: str) -> str:
        return self.label.get(about) or (about.replace("_", " ").capitalize() if about else "This")

    def title_tokens(self, title: str) -> tuple[str, ...]:
        """Canonical words of a title: abbreviations expanded, the head's synonyms mapped, soft words dropped."""
        out: list[str] = []
        words = title.lower().replace("-", " ").replace(".", " ").split()
        if words and words[-1] == "eng":
            words[-1] = "engineer"              # "Senior Ops Eng": last, the head; before a head, "engineering"
        for word in words:
            for part in self.title_abbr.get(word, word).split():
                if part not in self.title_soft and part != "the":
                    out.append(part)
        if out:
            out[-1] = self.title_syn.get(out[-1], out[-1])  # "developer" is an engineer; "dev manager" is not
        if "of" in out:                         # "head of data" is a "data head": the head word last
            at = out.index("of")
            out = out[at + 1:] + out[:at]
        return tuple(out)

    def titles_compatible(self, a: str, b: str) -> bool:
        """Same job said two ways. Titles differ when their heads differ ("editor", "coordinator"), when
        both name a seniority and not the same one ("senior", "lead"), or when both name a specialty and
        share none of it ("news editor", "features editor"). A word on one side only refines the title."""
        ta, tb = self.title_tokens(a), self.title_tokens(b)
        if not ta or not tb:
            return True
        if self.title_syn.get(ta[-1], ta[-1]) != self.title_syn.get(tb[-1], tb[-1]) and \
                _singular(ta[-1]) != _singular(tb[-1]):
            return False
        sen_a = {w for w in ta[:-1] if w in self.title_seniority}
        sen_b = {w for w in tb[:-1] if w in self.title_seniority}
        if sen_a and sen_b and sen_a != sen_b:
            return False
        spec_a = {_title_stem(w) for w in ta[:-1] if w not in self.title_seniority}
        spec_b = {_title_stem(w) for w in tb[:-1] if w not in self.title_seniority}
        return not (spec_a and spec_b and not spec_a & spec_b)



@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    import tomllib
    from importlib import resources

    raw = resources.files(__package__).joinpath("data/facts.toml").read_text(encoding="utf-8")
    return Lexicon(tomllib.loads(raw))



@lru_cache(maxsize=4096)
def about_key(words: str) -> str:
    """A hand-typed subject ("Team size", "budgets") as the key extraction uses, when it names one."""
    lex = lexicon()
    text = " ".join(words.lower().replace("_", " ").replace("-", " ").split())
    if text in lex.label:
        return text
    for key, label in lex.label.items():
        if label.lower() == text or key.replace("_", " ") == text:
            return key
    parts = text.split()
    for n in range(min(len(parts), lex.longest), 0, -1):       # longest phrase first
        for start in range(len(parts) - n + 1):
            phrase = _phrase(" ".join(parts[start:start + n]), noun=True)
            keys = lex.noun.get(phrase) or lex.cue.get(phrase)
            if keys:
                return keys[0]
    return text



# What may stand between a measure and a bare number that shares its unit: "4.2 x 2.8 m", "four
# metres by nearly three", "from 120 to 142 m".
_MEASURE_JOIN = re.compile(r"\s*(?:x|\u00d7|by|to|-|\u2013|and|or)?\s*(?:about|around|nearly|roughly|almost|just over|over|under)?\s*",
                           re.I)


# "by a quarter", "to about a fifth": a fraction, before "a quarter" is read as three months
_FRACTIONS = {"half", "third", "quarter", "fifth", "tenth"}


class _Scanner(TokenStream, QuantityReader, SubjectReader, TitleReader):
    """One pass over one text: tokens (text.tokens), quantities (text.numbers), what each is about
    (text.subjects) and titles and roles (text.titles), emitted as fact dicts."""

    def __init__(self, text: str, lex: Lexicon):
        self.text = text
        self.lex = lex
        self.tok: list[str] = []
        self.low: list[str] = []
        self.st: list[int] = []
        self.en: list[int] = []
        self.kd: list[int] = []
        self.truncated = False
        # Tokens are read lazily, a chunk at a time, as the sentence walk needs them: a long text that
        # reaches MAX_FACTS early is not tokenised to its end.
        self._matches = _TOKEN.finditer(text)
        self._exhausted = False
        self.facts: list[dict] = []
        self.max_facts = MAX_FACTS
        self.sentence_span = (0, 0)

    # --- output ------------------------------------------------------------------------------
    def emit(self, fact: dict, s: int, e: int) -> None:
        if len(self.facts) >= self.max_facts:
            return
        if fact["kind"] == "count" and self.grade_title(fact, s, e):
            return
        if fact["kind"] == "count" and s > 0 and self.low[s - 1] in _LABEL_BEFORE_NUMBER and \
                (e == s + 1 or self.tok[s - 1][:1].isupper()):
            return                              # "in yr 1", "phase 2", "Year 9 maths": a label, not a count
        if fact["kind"] == "count" and self.low[s] == "one" and fact.get("mode") == "level" and \
                (e == s + 1 or s > 0 and self.low[s - 1] in ("the", "that", "this", "which", "every")):
            return                              # "one stayed there", "the one I'm proudest of": a pronoun
        start, end = self.st[s], self.en[e - 1]
        fact["text"] = self.text[start:end]
        fact["start"], fact["end"] = start, end
        if fact["kind"] in ("title", "role"):
            fact["label"] = fact["kind"].capitalize()
        elif fact["about"] in self.lex.label or not fact.get("about_words"):
            fact["label"] = self.lex.label_for(fact["about"])
        else:
            words = fact["about_words"]
            fact["label"] = words[:1].upper() + words[1:]
        a_char, b_char = self.sentence_span
        if b_char - a_char > SENTENCE_CHARS:
            a_char = max(a_char, start - SENTENCE_CHARS // 2)
            b_char = min(b_char, a_char + SENTENCE_CHARS)
        fact["sentence"] = self.text[a_char:b_char]
        self.facts.append(fact)

    def run(self) -> list[dict]:
        low, kd, lex = self.low, self.kd, self.lex
        numeric = _NUMBER_START | set(_ORDINAL) | {w for w in lex.currency if len(w) == 3}
        title_words = {"as", "i", "i'm", "i've", "promoted", "title", "role", "position", "from", "became", "becoming",
                       "then"}
        for a, b in self.sentences():
            if len(self.facts) >= self.max_facts:
                self.truncated = True
                break
            self.sentence_span = (self.st[a], self.en[b - 1])
            first_person = None                 # titles and roles count only when the person speaks
            self.fragment_title(a, b)
            self.arrow_titles(a, b)
            i = a
            while i < b:
                w = low[i]
                if kd[i] == WORD and (w in title_words or w in lex.role_triggers):
                    if first_person is None:
                        # notes leave the speaker out ("Started 2017 as lead chemist"): a sentence
                        # about nobody else is about the person
                        first_person = any(low[k] in _FIRST_PERSON for k in range(a, b)) or \
                            not any(low[k] in _THIRD_PERSON for k in range(a, b))
                    if first_person or i == a or w == "individual":
                        if w in title_words and first_person:
                            self.title_trigger(i, a, b)
                        if w in lex.role_triggers:
                            self.role_trigger(i, a, b)
                if w in ("a", "an", "one", "two", "three") and i + 2 < b and low[i + 1] in _MULTIPLE_WORDS \
                        and (low[i + 2] in ("of", "the") or low[i + 1] in _FRACTIONS):
                    nxt = self.multiple(i + 1, a, b)
                    if nxt:
                        i = nxt
                        continue
                if w in _MULTIPLE_WORDS or (kd[i] == NUM and i + 1 < b and low[i + 1] == "x"
                                            and self.st[i + 1] == self.en[i]):
                    nxt = self.multiple(i, a, b)
                    if nxt:
                        i = nxt
                        continue
                if kd[i] == NUM or (kd[i] == SYM and w in lex.currency) or w in numeric:
                    nxt = self.ordinal(i, a, b) or self.expression(i, a, b)
                    if nxt and nxt > i:
                        i = nxt
                        continue
                i += 1
        self.facts.sort(key=lambda f: (f["start"], f["end"]))
        self.share_measures()
        for n, fact in enumerate(self.facts, 1):
            fact["id"] = f"f{n}"
        return self.facts


    def share_measures(self) -> None:
        """"4.2 x 2.8 m", "four metres by nearly three": a bare number beside a measure shares its unit."""
        for f1, f2 in zip(self.facts, self.facts[1:]):
            if f1["kind"] != "count" or f2["kind"] != "count" or f1["sentence"] != f2["sentence"] or \
                    bool(f1.get("unit")) == bool(f2.get("unit")):
                continue
            measured, bare = (f1, f2) if f1.get("unit") else (f2, f1)
            between = self.text[f1["end"]:f2["start"]]
            if not _MEASURE_JOIN.fullmatch(between) or not number_only(bare["text"]):
                continue                        # "5 divers and 40 m of cable": the divers are counted
            unit_word = _singular(measured["text"].split()[-1].lower())
            if unit_word not in self.lex.measure:
                continue
            base, size = self.lex.measure[unit_word]
            bare["unit"], bare["value"] = base, clean_number(bare["value"] * size)
            bare["about"], bare["about_words"] = measured["about"], measured["about_words"]


def number_only(said: str) -> bool:
    """A number said with no word of its own: "three", "4.2 x", "a hundred and twenty"."""
    words = re.findall(r"[^\W\d_]+", said.lower())
    return all(w in _SMALL or w in _TENS or w in _BIG or w in _NUMBER_WORDS_ALSO for w in words)


_NUMBER_WORDS_ALSO = {"a", "an", "and", "hundred", "point", "half", "x", "by", "k"}


def extract(text: str, *, max_facts: int = MAX_FACTS) -> list[dict]:
    """Every fact stated in `text` (up to max_facts), in order of appearance."""
    return scan(text, max_facts=max_facts)[0]



def scan(text: str, *, max_facts: int = MAX_FACTS) -> tuple[list[dict], bool]:
    """The facts of `text`, and whether the text was too long to read to the end."""
    if not text or not text.strip():
        return [], False
    scanner = _Scanner(text, lexicon())
    scanner.max_facts = min(max_facts, MAX_FACTS)
    facts = scanner.run()
    return facts, scanner.truncated



def extract_params(params: dict) -> dict:
    """facts.extract {"text"} -> {"facts": [{id, kind, about, value, text, start, end, sentence, ...}]}.

    kind is one of count, money, percent, duration, year, ordinal, title, role. value is normalised:
    money in currency units (with "currency"), percentages in percent, durations in months, years as the
    year. "mode" says whether the number is a plain level, the "start" or "end" of a change, or a "delta";
    ranges carry "low" and "high".
    """
    params = P.require_dict(params)
    text = P.text(params, "text")
    facts, truncated = scan(text)
    return {"facts": facts, "truncated": truncated}
