"""Facts a candidate states in an answer: counts, money, percentages, durations, years, ordinals, titles
and roles, each with what it is about, its normalised value and the exact words it came from.

`extract(text)` returns a list of fact dicts (see `extract_params` for the shape). The scan is linear:
one regex splits the text into tokens, then each sentence is walked once with look-arounds of at most a
dozen tokens, so a 1 MB answer cannot make it crawl. The vocabulary (what "team" or "budget" is called,
unit words, title words) lives in data/facts.toml and is loaded on first use.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from . import params as P

KINDS = ("count", "money", "percent", "duration", "year", "ordinal", "title", "role")
MAX_FACTS = 5000            # beyond this a text is not an answer; stop rather than flood the page
SENTENCE_CHARS = 300        # a fact's "sentence" is trimmed around the fact past this length
MAX_SENTENCE_TOKENS = 250   # text with no full stops is cut into pieces of this size
MAX_TOKENS = 200_000        # about 0.9 MB of prose; past this the rest of a text is not read (truncated)

NUM, WORD, SYM = 0, 1, 2
# Numbers ("1,200", "3.5"), words (letters of any script, inner apostrophes) or a run of one other
# character ("$", "---", "..."). Each alternative starts on a different class of character: no backtracking.
_TOKEN = re.compile(r"(\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)|([^\W\d_]+(?:['\u2019][^\W\d_]+)*)|((\S)\4*)")
_YEAR = re.compile(r"(?:19|20)\d\d")

_SMALL = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_ORDINAL = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)}
_ORDINAL.update({"thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100})
_ORDINAL_SUFFIX = {"st", "nd", "rd", "th"}
_NUMBER_START = set(_SMALL) | set(_TENS) | {"a", "an", "half", "hundred"}
_YEAR_BEFORE = {"in", "since", "by", "until", "till", "from", "to", "of", "early", "late", "mid", "around",
                "circa", "during", "before", "after", "between", "and", "through", "summer", "spring",
                "autumn", "fall", "winter", "january", "february", "march", "april", "may", "june", "july",
                "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
                "jul", "aug", "sep", "sept", "oct", "nov", "dec", "back", "year", "fy", "q1", "q2", "q3", "q4"}
_UNIT_ABBREVIATIONS = {"s", "h", "d", "ms", "sec", "min", "hr", "wk", "mo", "yr"}
_NOT_A_DURATION_AFTER = {"ago", "old", "later", "earlier", "younger", "older"}
_CLAUSE_BREAK = {";", ":", "(", ")", ",", "\u2014", "\u2013", "!", "?", "[", "]", '"', "\u201c", "\u201d"}
_CLAUSE_WORD = {"and", "but", "while", "whereas", "although", "though", "because", "so", "plus", "then"}
_POSSESSIVE = {"my", "our"}
_DETERMINER = {"the", "a", "an", "my", "our", "their", "his", "her", "its", "your", "this", "that", "these",
               "those"}
_NP_ADJ = {"new", "total", "other", "more", "own", "full", "whole", "first", "additional", "extra"}
_CHANGE_LEAD = {"down", "up", "back"}
_ROLE_ADVERB = {"also", "personally", "then", "actually", "eventually", "later", "basically", "effectively",
                "initially", "originally", "essentially", "directly", "ultimately", "really", "formally",
                "officially", "first"}
_ROLE_OBJECT_STOP = {"and", "but", "with", "where", "which", "that", "who", "while", "when", "because", "so",
                     "to", "for", "from", "by", "during", "over", "across", "through", "until", "after",
                     "before", "on", "in", "at", "as", "since", "using", "via", "into"}
_ROLE_NOT_OBJECT = {"to", "into", "out", "over", "through", "with", "up", "down", "away", "across", "around",
                    "on", "off", "late", "short", "for", "from", "by", "as", "behind", "ahead", "along",
                    "low", "high", "back", "after"}
_TITLE_AFTER_VERB = {"asked", "said", "told", "wanted", "suggested", "requested", "explained", "noted",
                     "mentioned", "decided", "thought", "put", "did", "does", "says", "asks", "wants"}
_TITLE_OF = {"head", "director", "vp", "president", "chief", "manager", "lead"}
_TITLE_OPEN = {"a", "an", "the", "their", "our", "its", "his", "her", "one"}
_TITLE_SKIP = {"only", "sole", "new", "acting", "interim", "de", "facto", "currently", "now", "still", "already",
               "technically", "officially", "actually", "basically", "also", "then", "later", "eventually",
               "briefly", "initially", "originally", "just"}
# Changes said as multiples, as the percentage they change by: "doubled" is +100%, "halved" -50%.
_MULTIPLE_WORDS = {"doubled": 100.0, "doubling": 100.0, "tripled": 200.0, "trebled": 200.0, "tripling": 200.0,
                   "quadrupled": 300.0, "halved": 50.0, "halving": 50.0, "half": 50.0, "third": 100.0 / 3,
                   "quarter": 25.0, "thirds": 100.0 / 3, "quarters": 25.0, "fifth": 20.0, "tenth": 10.0}
_LABEL_BEFORE_NUMBER = {"year", "yr", "phase", "stage", "wave", "round", "season", "week", "day", "month",
                        "version", "v", "step", "chapter", "page", "no", "number", "series", "cohort", "gate",
                        "floor", "platform", "route", "unit", "room", "ward", "zone"}
# Words that take a dot without ending a sentence.
_ABBREVIATIONS = {"incl", "approx", "vs", "c", "ca", "etc", "esp", "avg", "no", "mr", "mrs", "ms", "dr", "st",
                  "eg", "ie", "e.g", "i.e", "est", "dept", "yr", "yrs", "mo", "wk", "hrs", "min", "max", "inc",
                  "ltd", "co", "govt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                  "dec", "fig", "ref", "vol", "op", "mgr", "sr", "jr"}
_RANK_BEFORE = {"finished", "finish", "ranked", "rank", "placed", "came", "come", "rated", "ended", "ranking",
                "position", "place"}
_NOT_IN_TITLE = {"i", "was", "am", "is", "are", "were", "had", "have", "has", "been", "we", "my", "our", "me", "it",
                 "they", "he", "she", "you", "be", "being", "did", "do", "not", "no"}
_GRADE_WORDS = {"band", "grade", "level", "tier", "step"}
_THIRD_PERSON = {"he", "she", "they", "his", "her", "their", "him", "them", "manager", "boss", "we", "our", "us"}
_FIRST_PERSON = {"i", "i'm", "i've", "i'd", "my", "me", "i\u2019m", "i\u2019ve"}


def _title_stem(word: str) -> str:
    """Specialty words meet by their stem: "development" and "developer", "finance" and "financial"."""
    from .text.subjects import stem
    return stem(_singular(word))


@lru_cache(maxsize=8192)
def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _phrase(text: str, *, noun: bool) -> str:
    """A lexicon phrase as the scanner builds it: lower case, hyphens as spaces, last word singular."""
    words = text.lower().replace("-", " ").split()
    if noun and words:
        words[-1] = _singular(words[-1])
    return " ".join(words)


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
        self.scale = dict(units["scale"])
        self.currency = dict(units["currency"])
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
        for word in title.lower().replace("-", " ").replace(".", " ").split():
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


def clean_number(value: float):
    """Whole numbers as int, others rounded: JSON stays readable and equal values compare equal."""
    if value != value or value in (float("inf"), float("-inf")):
        return None
    rounded = round(value)
    if abs(value - rounded) < 1e-9 * max(1.0, abs(value)):
        return int(rounded)
    return float(f"{value:.10g}")           # significant digits: six seconds is a tiny number of months


class _Quantity:
    __slots__ = ("s", "e", "ns", "value", "mantissa", "scale", "kind", "unit", "currency", "per", "bound",
                 "approx", "hyphen", "hedge")

    def __init__(self, s, ns, value, mantissa, scale):
        self.s, self.ns, self.e = s, ns, ns + 1
        self.value, self.mantissa, self.scale = value, mantissa, scale
        self.kind = None      # None is a bare number: a count unless its about says money
        self.unit = None
        self.currency = None
        self.per = None
        self.bound = None     # "at_least", "at_most" or "nearly"
        self.approx = False
        self.hyphen = False   # "two-year project", "900-pupil school": the number is an adjective
        self.hedge = None     # the hedge rule that applies: about, over, at_least, nearly, under, at_most


class _Scanner:
    """One pass over one text."""

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

    def _read_tokens(self, count: int = 4096) -> None:
        """Tokenise up to `count` more tokens (stops for good at the end of the text or at MAX_TOKENS)."""
        tok, low, st, en, kd = self.tok, self.low, self.st, self.en, self.kd
        room = MAX_TOKENS - len(tok)
        if room <= 0:
            self._exhausted = True
            self.truncated = True
            return
        taken = 0
        for m in self._matches:
            group = m.lastindex
            value = m.group()                # the whole match is the one alternative that matched
            tok.append(value)
            low.append(value.lower().replace("\u2019", "'") if group == 2 else value)
            start, end = m.span()
            st.append(start)
            en.append(end)
            kd.append(group - 1)
            taken += 1
            if taken >= count or taken >= room:
                break
        if taken < count and taken < room:
            self._exhausted = True
        elif taken >= room:
            self._exhausted = True
            # MAX_TOKENS reached: truncated if anything but whitespace is left
            self.truncated = next(self._matches, None) is not None

    # --- tokens and windows ----------------------------------------------------------------
    def sentences(self):
        tok, st, en, text = self.tok, self.st, self.en, self.text
        a = 0
        i = 0
        while True:
            if i + 1 >= len(tok) and not self._exhausted:
                self._read_tokens()
                continue
            n = len(tok)
            if i >= n:
                break
            end = False
            if i + 1 == n:
                end = True
            else:
                gap = st[i + 1] - en[i]
                if tok[i][0] in ".!?\u2026" and gap > 0 and not (tok[i] == "." and i > a and
                                                               self.low[i - 1] in _ABBREVIATIONS):
                    end = True                  # "9 teams incl. 4 junior" is one sentence
                elif gap > 0 and "\n" in text[en[i]:st[i + 1]]:
                    end = True
                elif i + 1 - a >= MAX_SENTENCE_TOKENS:
                    end = True
            i += 1
            if end:
                yield a, i
                a = i

    def words_back(self, k: int, a: int, n: int) -> list[int] | None:
        """Indices of n word tokens ending at k (hyphens may join them), or None."""
        out = [k]
        j = k - 1
        while len(out) < n:
            if j >= a and self.tok[j] == "-" and j - 1 >= a and self.kd[j - 1] == WORD:
                j -= 1
            if j < a or self.kd[j] != WORD:
                return None
            out.append(j)
            j -= 1
        out.reverse()
        return out

    def words_fwd(self, k: int, b: int, n: int) -> list[int] | None:
        out = [k]
        j = k + 1
        while len(out) < n:
            if j < b and self.tok[j] == "-" and j + 1 < b and self.kd[j + 1] == WORD:
                j += 1
            if j >= b or self.kd[j] != WORD:
                return None
            out.append(j)
            j += 1
        return out

    def phrase(self, idx: list[int], *, noun: bool) -> str:
        words = [self.low[i] for i in idx]
        if noun:
            words[-1] = _singular(words[-1])
        return " ".join(words)

    def left(self, s: int, a: int, limit: int = 8) -> list[int]:
        """Word indices to the left of s in the same clause, nearest first (stops at numbers)."""
        out = []
        k = s - 1
        low, kd = self.low, self.kd
        while k >= a and len(out) < limit:
            if kd[k] == NUM:
                break
            w = low[k]
            if kd[k] == SYM:
                if w in _CLAUSE_BREAK or w in self.lex.currency or w == "%":
                    break
            elif w in _CLAUSE_WORD:
                break
            else:
                out.append(k)
            k -= 1
        return out

    def right(self, e: int, b: int, limit: int = 8) -> list[int]:
        out = []
        k = e
        low, kd = self.low, self.kd
        while k < b and len(out) < limit:
            if kd[k] == NUM:
                break
            w = low[k]
            if kd[k] == SYM:
                if w in _CLAUSE_BREAK or w in self.lex.currency or w == ".":
                    break
            elif w in _CLAUSE_WORD:
                break
            else:
                out.append(k)
            k += 1
        return out

    def lookup_back(self, k: int, a: int, kind: str, *, groups=False, cues=True):
        """The about key named by words ending at k, for this kind: (key, first index) or None."""
        lex = self.lex
        w = self.low[k]
        nouns = _singular(w) in lex.noun_last
        cues = cues and not groups and w in lex.cue_last
        if not nouns and not cues:
            return None
        for n in range(min(lex.longest, k - a + 1), 0, -1):
            idx = self.words_back(k, a, n)
            if idx is None:
                continue
            if nouns:
                for key in lex.noun.get(self.phrase(idx, noun=True), ()):
                    if kind in lex.kinds[key] and (not groups or key in lex.group):
                        return key, idx[0]
            if cues:
                for key in lex.cue.get(self.phrase(idx, noun=False), ()):
                    if kind in lex.kinds[key]:
                        return key, idx[0]
        return None

    def lookup_fwd(self, k: int, b: int, table: dict, *, noun: bool):
        """Longest phrase of `table` starting at k: (its keys, its last index) or None."""
        lex = self.lex
        w = self.low[k]
        if table is lex.noun:
            if w not in lex.noun_first and _singular(w) not in lex.noun_first:
                return None
        elif table is lex.cue and w not in lex.cue_first:
            return None
        for n in range(lex.longest, 0, -1):
            idx = self.words_fwd(k, b, n)
            if idx is None:
                continue
            keys = table.get(self.phrase(idx, noun=noun))
            if keys:
                return keys, idx[-1]
        return None

    def before_phrase(self, s: int, a: int, phrases: set) -> int | None:
        """If a phrase of `phrases` ends just before s, its first index."""
        for n in (3, 2, 1):
            if s - n < a:
                continue
            idx = self.words_back(s - 1, a, n) if self.kd[s - 1] == WORD else None
            if idx and self.phrase(idx, noun=False) in phrases:
                return idx[0]
        if s - 1 >= a and self.tok[s - 1] == "~":
            return s - 1
        return None

    # --- numbers -----------------------------------------------------------------------------
    def number(self, i: int, b: int):
        """A number at i: (value, index after it, scale) or None. Digits, words, or both."""
        low, kd = self.low, self.kd
        if kd[i] == NUM:
            digits = low[i]
            if len(digits) > 18:
                return None
            value = float(digits.replace(",", ""))
            j = i + 1
            scale = 1.0
            if j < b and kd[j] == WORD and self.st[j] == self.en[i]:
                factor = self.lex.scale.get(low[j])
                if factor is None:
                    if _singular(low[j]) in self.lex.duration:
                        return value, j, 1.0         # "800ms", "3h": the unit follows at j
                    return None                      # "v2", "10x", "9am": not a quantity
                scale, j = float(factor), j + 1
            else:
                j, half = self.and_a_half(j, b)
                value += half
                if j < b and low[j] in self.lex.scale and (len(low[j]) > 1 and low[j] != "mm"):
                    scale, j = float(self.lex.scale[low[j]]), j + 1
            return value, j, scale
        return self.number_words(i, b)

    def and_a_half(self, j: int, b: int) -> tuple[int, float]:
        """Skip "and a half" (hyphens allowed) at j: (new j, 0.5) or (j, 0)."""
        want = ("and", "a", "half")
        k = j
        for w in want:
            if k < b and self.tok[k] == "-":
                k += 1
            if k >= b or self.low[k] != w:
                return j, 0.0
            k += 1
        return k, 0.5

    def number_words(self, i: int, b: int):
        low = self.low
        w = low[i]
        nxt = low[i + 1] if i + 1 < b else ""
        if w in ("a", "an"):
            if nxt == "dozen":
                return 12.0, i + 2, 1.0
            if nxt == "couple":
                j = i + 2
                if j < b and low[j] == "of":
                    j += 1
                return 2.0, j, 1.0
            if nxt == "quarter" and i + 4 < b and low[i + 2] == "of" and low[i + 3] in ("a", "an") \
                    and low[i + 4] in _BIG:
                return 0.25, i + 5, _BIG[low[i + 4]]
            if nxt == "half":
                return self.number_words(i + 1, b)
            if nxt in _BIG or nxt == "hundred":
                return self.number_words_run(i + 1, b, start=1.0)
            return None
        if w == "half":
            j = i + 1
            if j < b and low[j] in ("a", "an"):
                if j + 1 < b and low[j + 1] in _BIG:
                    return 0.5, j + 2, _BIG[low[j + 1]]
                return 0.5, j + 1, 1.0                    # "half a year": the caller reads the unit
            if j < b and self.tok[j] == "-":
                j += 1
            if j < b and low[j] in _BIG:
                return 0.5, j + 1, _BIG[low[j]]
            return None
        if w in _SMALL and nxt in ("quarters", "thirds", "quarter", "third") and i + 4 < b and low[i + 2] == "of" \
                and low[i + 3] in ("a", "an") and low[i + 4] in _BIG:
            share = {"quarters": 0.25, "quarter": 0.25, "thirds": 1 / 3, "third": 1 / 3}[nxt] * _SMALL[w]
            return share, i + 5, _BIG[low[i + 4]]     # "three quarters of a million"
        if w in _SMALL or w in _TENS or w == "hundred":
            if w == "one" and nxt in ("of", "another", "way", "thing", "day"):
                return None                              # "one of four", "one day": not a count
            return self.number_words_run(i, b, start=0.0)
        return None

    def number_words_run(self, i: int, b: int, *, start: float):
        """"forty-five", "one hundred and twenty", "two thousand", "one and a half million"."""
        low, tok = self.low, self.tok
        total, current = 0.0, start
        last = "scale" if start else None     # "a thousand": the "a" acts as one
        last_big = float("inf")
        j = i
        scale = 1.0
        steps = 0
        while j < b and steps < 14:
            steps += 1
            w = low[j]
            if w in _SMALL:
                if last in ("small", "teen"):
                    break
                current += _SMALL[w]
                last = "small" if _SMALL[w] < 10 else "teen"
            elif w in _TENS:
                if last in ("small", "teen", "tens"):
                    break
                current += _TENS[w]
                last = "tens"
            elif w == "-" and last == "tens" and j + 1 < b and low[j + 1] in _SMALL and _SMALL[low[j + 1]] < 10:
                pass
            elif w == "-" and last in ("small", "teen", "tens") and j + 1 < b and (low[j + 1] == "hundred" or low[j + 1] in _BIG):
                pass                                # "eight-hundred seat", "two-million pound"
            elif w == "hundred" and last in ("small", "teen", "tens", None, "scale") and current < 100:
                current = (current or 1) * 100
                last = "hundred"
            elif w == "point" and last in ("small", "teen", "tens") and j + 1 < b and low[j + 1] in _SMALL \
                    and _SMALL[low[j + 1]] < 10:
                # "one point five million": decimal digits said one by one
                k, frac, place = j + 1, 0.0, 0.1
                while k < b and low[k] in _SMALL and _SMALL[low[k]] < 10 and place > 1e-4:
                    frac += _SMALL[low[k]] * place
                    place /= 10
                    k += 1
                current += frac
                last = "small"
                j = k
                continue
            elif w in _BIG and last is not None and _BIG[w] < last_big:
                total += (current or 1) * _BIG[w]
                current = 0.0
                last_big = scale = _BIG[w]
                last = "scale"
            elif w == "dozen" and last in ("small", "teen", "tens"):
                current *= 12
                last = "dozen"
            elif w == "and" and last is not None:
                k, half = self.and_a_half(j, b)
                if half:
                    current += half
                    j = k
                    last = "half"
                    continue
                if last in ("hundred", "scale") and j + 1 < b and (low[j + 1] in _SMALL or low[j + 1] in _TENS):
                    last = "and"
                else:
                    break
            else:
                break
            j += 1
        if last is None or last == "and" or j == i:
            return None
        if tok[j - 1] == "-":
            j -= 1
        return (total + current) / scale, j, scale

    def quantity(self, i: int, a: int, b: int) -> _Quantity | None:
        """A number with its unit, currency, rate and hedges, starting at i."""
        low, kd, tok, lex = self.low, self.kd, self.tok, self.lex
        s = i
        currency = None
        if tok[i] in lex.currency and kd[i] == SYM:
            currency = lex.currency[tok[i]]
            i += 1
            if i >= b or kd[i] != NUM:
                return None
        elif kd[i] == WORD and len(low[i]) == 3 and low[i] in lex.currency and i + 1 < b and kd[i + 1] == NUM:
            currency = lex.currency[low[i]]
            i += 1
        if kd[i] == NUM:
            # digits glued to letters or inside dates, times and ratios are names, not quantities
            if i > a and self.en[i - 1] == self.st[i] and (kd[i - 1] == WORD or tok[i - 1] in "/:.#") \
                    and not (currency and i - 1 == s):
                return None
            if i + 2 < b and self.st[i + 1] == self.en[i] and tok[i + 1] == "/" and \
                    _singular(low[i + 2]) in lex.per and kd[i + 2] == WORD:
                pass                                # "15/day", "$400k/yr": a rate, read below
            elif i + 1 < b and self.st[i + 1] == self.en[i] and tok[i + 1] in ("/", ":"):
                return None
        # "a year" / "an hour": one unit, only where a duration is expected ("took about a year")
        if low[i] in ("a", "an") and i + 1 < b:
            unit = _singular(low[i + 1])
            if unit in lex.duration and unit not in _UNIT_ABBREVIATIONS:   # "a year", "a day"; not "a min"
                j, half = self.and_a_half(i + 2, b)
                prev = low[i - 1] if i > a else ""
                if half or prev in lex.duration_intro:
                    q = _Quantity(s, i, 1.0 + half, 1.0 + half, 1.0)
                    q.kind, q.unit = "duration", unit
                    q.value = (1.0 + half) * lex.duration[unit]
                    q.e = j
                    return self.hedge(q, a)
        parsed = self.number(i, b)
        if parsed is None:
            return None
        value, j, scale = parsed
        q = _Quantity(s, i, value * scale, value, scale)
        q.currency = currency
        if currency:
            q.kind = "money"
        w = low[j] if j < b else ""
        if w == "%":
            q.kind, q.unit, j = "percent", "percent", j + 1
        elif w in ("percent", "pct", "percentage") or (w == "per" and j + 1 < b and low[j + 1] == "cent"):
            q.kind, q.unit = "percent", "percent"
            j += 2 if w == "per" else 1
        elif w and not currency and _singular(w) in lex.currency and kd[j] == WORD:
            q.kind, q.currency, j = "money", lex.currency[_singular(w)], j + 1
            j = self.minor_units(q, j, b)       # "two pounds fifty" is 2.50
        else:
            k = j + 1 if (w == "-" and j + 1 < b) else j
            if k + 1 < b and low[k] in ("working", "business", "calendar", "school", "full", "solid") \
                    and _singular(low[k + 1]) in lex.duration:
                k += 1                              # "ten working days": the unit is "days"
            unit = _singular(low[k]) if k < b and kd[k] == WORD else ""
            if unit in ("pt", "pp", "ppt") or (low[k:k + 2] == ["percentage", "point"] or
                                              low[k:k + 2] == ["percentage", "points"]):
                q.kind, q.unit = "percent", "points"
                j = k + (2 if low[k] == "percentage" else 1)
                unit = ""
            if len(unit) == 1 and not (k == j and self.st[k] == self.en[j - 1] and
                                       (k + 1 >= b or kd[k + 1] != WORD or low[k + 1] in lex.filler)):
                unit = ""                           # "3h" is three hours; "3d printing" and "5 s" are not
            if q.kind == "percent":
                pass
            elif unit in lex.duration and not currency:
                if k + 1 < b and low[k + 1] in _NOT_A_DURATION_AFTER:
                    return None
                j2, half = self.and_a_half(k + 1, b)
                q.kind, q.unit = "duration", unit
                q.value = (value + half) * scale * lex.duration[unit]
                q.hyphen = k != j
                j = j2
            elif w == "-" and k < b and kd[k] == WORD and self.st[k] == self.en[j]:
                q.hyphen = True                     # "a 900-pupil school": the noun follows the hyphen
                j = k
        if q.kind == "percent" and j < b and low[j] in ("point", "points", "pts"):
            q.unit, j = "points", j + 1
        # a bare four-digit number that reads as a year
        if q.kind is None and kd[i] == NUM and scale == 1 and _YEAR.fullmatch(tok[i]) and j == i + 1:
            prev = low[i - 1] if i > a else ""
            nxt = low[j] if j < b else ""
            if prev in _YEAR_BEFORE or not nxt or kd[j] != WORD or nxt in lex.filler or tok[j][:1].isupper() \
                    or (1950 <= value <= 2039 and not nxt.endswith("s") and nxt not in lex.people) \
                    or nxt in ("season", "seasons", "cohort", "intake", "budget", "financial", "fiscal", "academic",
                               "election", "census", "edition", "release", "campaign", "harvest", "vintage"):
                q.kind, q.value = "year", value
        q.e = j
        if q.kind in (None, "money", "duration"):
            self.rate(q, b)                     # "$450k a year", "12 hours a week"
        q = self.hedge(q, a)
        if q.e < b and tok[q.e] == "+" and self.st[q.e] == self.en[q.e - 1] and q.kind != "year":
            q.bound, q.approx, q.hedge = "at_least", False, "at_least"     # "5+ engineers", "$2M+"
            q.e += 1
        return q

    def minor_units(self, q: _Quantity, j: int, b: int) -> int:
        """Pence or cents said after the main unit: "two pounds fifty", "three dollars 20"."""
        if j >= b or q.scale != 1 or q.value != int(q.value):
            return j
        parsed = self.number(j, b) if (self.kd[j] == NUM or self.low[j] in _SMALL or self.low[j] in _TENS) else None
        if parsed is None:
            return j
        cents, k, scale = parsed
        if scale != 1 or not 0 < cents < 100 or cents != int(cents):
            return j
        if k < b and self.kd[k] == WORD and self.low[k] not in ("a", "an", "per", "each", "and", "which", "so",
                                                                   "pence", "p", "cents", "cent"):
            return j                            # "two pounds fifty people": not pence
        if k < b and self.low[k] in ("pence", "p", "cents", "cent"):
            k += 1
        q.value += cents / 100
        q.mantissa = q.value
        return k

    def rate(self, q: _Quantity, b: int) -> None:
        """"$450k a year", "50 tickets daily": a rate, kept in days so two rates compare."""
        low, j = self.low, q.e
        if j < b and low[j] in self.lex.per and low[j] not in ("day", "week", "month", "quarter", "year"):
            q.per, q.e = self.lex.per[low[j]], j + 1
        elif j + 1 < b and low[j] == "/" and _singular(low[j + 1]) in self.lex.per:
            q.per, q.e = self.lex.per[_singular(low[j + 1])], j + 2
        elif j + 1 < b and low[j] in ("a", "an", "per", "each", "every", "/") and _singular(low[j + 1]) in self.lex.per:
            q.per, q.e = self.lex.per[_singular(low[j + 1])], j + 2

    def hedge(self, q: _Quantity, a: int) -> _Quantity:
        """"about 60", "more than 40", "nearly 60": how firmly the number was said."""
        lex = self.lex
        s = q.s
        if q.kind == "year":
            return q                            # "handed over 2018": a year is never "over" anything
        if s > a and self.low[s - 1] in ("a", "an") and q.kind == "duration":
            s -= 1                              # "roughly a two-year project"
        first = self.before_phrase(s, a, lex.approx | lex.at_least | lex.at_most | lex.nearly)
        if first is None:
            return q
        said = self.phrase(list(range(first, s)), noun=False) if self.tok[first] != "~" else "~"
        said = " ".join(w for w in said.split() if w != "-")
        if said in lex.approx or said == "~":
            q.approx, q.hedge = True, "about"
        elif said in lex.nearly:
            q.bound, q.hedge = "nearly", "nearly"
        elif said in lex.at_least and not (q.kind == "duration" and said == "over"):
            q.bound = "at_least"
            q.hedge = "at_least" if said in ("at least", "upwards of", "minimum") else "over"
        elif said in lex.at_most:
            if said == "up to" and first > a and self.low[first - 1] in lex.change:
                return q                        # "went up to 40%": an end value, not a cap
            q.bound = "at_most"
            q.hedge = "at_most" if said in ("at most", "up to", "no more than", "maximum") else "under"
        return q

    # --- expressions: ranges and changes -----------------------------------------------------
    def word_before(self, s: int, a: int) -> tuple[str, int]:
        k = s - 1
        lex = self.lex
        while k >= a and (self.low[k] in lex.approx or self.low[k] in ("a", "an", "~")):
            k -= 1
        return (self.low[k], k) if k >= a else ("", k)

    def join(self, q1: _Quantity, q2: _Quantity) -> bool:
        """Make two numbers of one expression agree on their unit; False if they cannot."""
        if q1.kind == "year" or q2.kind == "year":
            return False
        if q1.kind is None and q2.kind is not None:
            q1.kind, q1.unit, q1.currency = q2.kind, q2.unit, q2.currency
            if q2.kind == "duration":
                q1.value = q1.mantissa * q1.scale * self.lex.duration[q2.unit]
        elif q2.kind is None and q1.kind is not None:
            q2.kind, q2.unit, q2.currency = q1.kind, q1.unit, q1.currency
            if q1.kind == "duration":
                q2.value = q2.mantissa * q2.scale * self.lex.duration[q1.unit]
        elif q1.kind != q2.kind:
            return False
        # "from 2 to 3 million", "$1-2M": the first number shares the second's scale
        if q1.scale == 1 and q2.scale > 1 and q1.mantissa < q2.mantissa * 10 and q1.kind != "duration":
            q1.scale = q2.scale
            q1.value = q1.mantissa * q2.scale
        if q1.per is None:
            q1.per = q2.per
        return True

    def expression(self, i: int, a: int, b: int) -> int | None:
        """Parse the quantity at i with any range or change it starts; emit facts; return the next index."""
        q1 = self.quantity(i, a, b)
        if q1 is None:
            return None
        low, lex = self.low, self.lex
        before, before_at = self.word_before(q1.s, a)
        parts: list[tuple[_Quantity, str]] = [(q1, "level")]
        low_high = None
        k = q1.e
        if k + 1 < b and low[k] in _CHANGE_LEAD and low[k + 1] == "to":
            k += 1
        arrow = False
        if k + 2 < b and low[k] in ("-", "=") and low[k + 1] == ">" or k + 2 < b and low[k] == "--" and low[k + 1] == ">":
            k += 1
            arrow = True
        elif k + 1 < b and low[k] in ("\u2192", "\u27f6", ">"):
            arrow = True
        if k + 1 < b and (arrow or low[k] in ("to", "-", "\u2013", "\u2014", "or", "and")) and q1.kind != "year":
            conn = low[k]
            q2 = self.quantity(k + 1, a, b)
            if q2 is not None and (conn != "and" or before == "between") and self.join(q1, q2):
                if arrow or before == "from" and conn in ("to", "-", "\u2013", "\u2014"):
                    parts = [(q1, "start"), (q2, "end")]
                elif conn == "to" and q2.value < q1.value and self.change_near(before_at, a):
                    parts = [(q1, "start"), (q2, "end")]
                elif q2.value > q1.value:
                    low_high = (q1.value, q2.value)
                    parts = [(q1, "level")]
                    q1.per = q1.per or q2.per
                    q1.e = q2.e
                else:
                    q2 = None
                if q2 is not None and low_high is None:
                    q2.per = q2.per or q1.per
        if len(parts) == 1 and low_high is None:
            parts = [(q1, self.single_mode(q1, a, b))]
        kind = q1.kind or parts[-1][0].kind
        last = parts[-1][0]
        about, words, np_end = self.about(parts[0][0].s, last.e, kind, a, b, last, len(parts) > 1)
        if not about and self.facts:
            # "NPS ended at 52, up from 30", "5 engineers in 2020 and 8 in 2021": the subject carries over
            for prev in reversed(self.facts[-3:]):
                if prev["kind"] == (kind or "count") and prev["start"] >= self.st[a] and prev["about"] \
                        and self.st[q1.s] - prev["end"] < 60:
                    about, words = prev["about"], prev["about_words"]
                    break
        if np_end > last.e and kind in (None, "count", "money") and last.per is None:
            probe = _Quantity(last.s, last.ns, 0, 0, 1)
            probe.e = np_end
            self.rate(probe, b)                 # "50 support tickets a day"
            if probe.per:
                last.per, np_end = probe.per, probe.e
                for q, _ in parts:
                    q.per = q.per or probe.per
        if kind is None and not words and self.facts and len(parts) == 1:
            # "nearly five percent when I took it over, and I got it to two point four": the unit carries
            prev = self.facts[-1]
            if prev["kind"] == "duration" and prev.get("unit") in lex.duration and prev["start"] >= self.st[a] \
                    and self.st[q1.s] - prev["end"] < 80 and q1.scale == 1:
                # "from seven and a half minutes to just over six": six minutes
                kind, q1.unit = "duration", prev["unit"]
                q1.value = q1.mantissa * lex.duration[prev["unit"]]
                about, words = prev.get("about", ""), prev.get("about_words", "")
            elif prev["kind"] in ("percent", "money") and prev["start"] >= self.st[a] and \
                    self.st[q1.s] - prev["end"] < 80:
                kind = prev["kind"]
                q1.unit = prev.get("unit")
                q1.currency = prev.get("currency")
                if kind == "money" and q1.scale == 1 and q1.value < 1000 and prev["value"] >= 1000:
                    # "£210,000 outstanding, and I got that down to eighty-five": the thousands carry too
                    k = min((3, 6, 9), key=lambda k: abs(math.log10(prev["value"]) - math.log10(q1.value * 10 ** k)))
                    q1.value *= 10 ** k
                about, words = prev.get("about", ""), prev.get("about_words", "")
        if kind is None:
            kind = "money" if about and "money" in lex.kinds.get(about, ()) and "count" not in lex.kinds.get(about, ()) \
                else "count"
        if kind == "year" and about == "":
            about = "year"
        for q, mode in parts:
            end_tok = max(q.e, np_end) if q is last else q.e
            fact = {"kind": kind, "about": about, "about_words": words, "value": clean_number(q.value),
                    "mode": mode}
            if fact["value"] is None:
                continue
            if low_high and q is q1:
                fact["low"], fact["high"] = clean_number(low_high[0]), clean_number(low_high[1])
            if q.unit:
                fact["unit"] = q.unit
            if q.currency or kind == "money":
                fact["currency"] = q.currency
            if q.per:
                fact["per_days"] = q.per
            if q.approx:
                fact["approx"] = True
            if q.bound:
                fact["bound"] = q.bound
            if q.hedge:
                fact["hedge"] = q.hedge
            self.emit(fact, q.s, end_tok)
        if len(parts) == 1 and parts[0][1] == "start":
            self.mark_previous_end(parts[0][0], kind, about, a)
        return max(last.e, parts[-1][0].e)

    def change_near(self, k: int, a: int) -> bool:
        """A change verb within a few words before index k ("churn dropped 8% to 5%")."""
        return any(self.low[j] in self.lex.change for j in range(max(a, k - 8), k + 1))

    def single_mode(self, q: _Quantity, a: int, b: int) -> str:
        low, lex = self.low, self.lex
        before, at = self.word_before(q.s, a)
        if before == "from":
            return "start"
        if before in (">", "\u2192") or before == "to" and at > a and low[at - 1] in ("weekly", "monthly", "daily", "yearly"):
            return "end"                        # "weekly -> 15/day": the number after an arrow is where it ended
        if q.s > a and self.tok[q.s - 1] in ("-", "+", "\u2212") and self.en[q.s - 1] == self.st[q.s] and \
                (q.s - 1 == a or self.st[q.s - 1] > self.en[q.s - 2]) and q.kind in ("percent", "money", None):
            return "delta"                      # "costs -18%", "revenue +30%": a signed change
        if before == "to" and at > a and (low[at - 1] in _CHANGE_LEAD or self.change_near(at - 1, a)):
            return "end"
        if before in ("at",) and at > a and low[at - 1] in ("ended", "finished", "landed", "settled", "closed"):
            return "end"
        if q.kind == "year":
            return "level"
        if before == "by" and (q.kind == "percent" or self.change_near(at - 1, a)):
            return "delta"
        if before in _CHANGE_LEAD:
            return "delta"
        if q.kind == "percent" and before in lex.change:
            return "delta"
        if q.e < b and low[q.e] in lex.delta_after:
            return "delta"
        return "level"

    def mark_previous_end(self, q: _Quantity, kind: str, about: str, a: int) -> None:
        """"NPS ended at 52, up from 30": the number before "up from" is the end of the change."""
        if not self.facts:
            return
        prev = self.facts[-1]
        if prev["kind"] == kind and prev["mode"] == "level" and prev["start"] >= self.st[a] \
                and prev["about"] in (about, "") and self.st[q.s] - prev["end"] < 40:
            prev["mode"] = "end"
            if not prev["about"]:
                prev["about"] = about

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
                    and not (w.endswith("ed") and len(w) > 4) and w not in _FIRST_PERSON):
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
        """"20 people in the wider org", "six people were on the team": a group named after the count."""
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

    # --- ordinals, titles, roles ---------------------------------------------------------------
    def ordinal(self, i: int, a: int, b: int) -> int | None:
        """"the seventh employee", "second PM", "4th hire": only for people, not for time."""
        low, kd, lex = self.low, self.kd, self.lex
        value = _ORDINAL.get(low[i])
        j = i + 1
        if value is None and kd[i] == NUM and j < b and low[j] in _ORDINAL_SUFFIX and self.st[j] == self.en[i]:
            if len(low[i]) > 4:
                return None
            value, j = int(low[i]), j + 1
        elif value is None and low[i] in _TENS and j + 1 < b and self.tok[j] == "-" and low[j + 1] in _ORDINAL:
            value, j = _TENS[low[i]] + _ORDINAL[low[j + 1]], j + 2
        if value is None:
            return None
        before = low[i - 1] if i > a else ""
        before2 = low[i - 2] if i - 1 > a else ""
        if before in _RANK_BEFORE or (before == "up" and before2 == "ended") or \
                (before in ("the", "a") and before2 in _RANK_BEFORE):
            # "we finished 3rd in the league", "ranked second of 40": a ranking, not a person
            self.emit({"kind": "ordinal", "about": "ranking", "about_words": "ranking", "value": value,
                       "mode": "level"}, i, j)
            return j
        for k in range(j, min(b, j + 3)):
            if kd[k] != WORD:
                return None
            for n in (3, 2, 1):
                idx = self.words_fwd(k, b, n)
                if idx and self.phrase(idx, noun=True) in lex.ordinal_nouns:
                    about = self.person_key(idx)
                    self.emit({"kind": "ordinal", "about": about, "about_words": self.words_of(idx),
                               "value": value, "mode": "level"}, i, idx[-1] + 1)
                    return idx[-1] + 1
            if low[k] not in lex.title_words:
                return None
        return None

    def title_run(self, k: int, b: int, *, loose: bool = False) -> int | None:
        """End (exclusive) of a title starting at k ("senior software engineer"), or None.

        `loose`: where a title is expected ("I was the ...", "as a ..."), up to two words the vocabulary
        does not know may stand before the head ("night news editor", "deputy features editor").
        """
        lex, low, kd, tok = self.lex, self.low, self.kd, self.tok
        end = None
        j = k
        unknown = 0
        while j < b and j - k < 8:
            if tok[j] == "-" and j > k and j + 1 < b and kd[j + 1] == WORD:
                j += 1
                continue
            if kd[j] != WORD:
                break
            w = low[j]
            if w not in lex.title_words and _singular(w) not in lex.title_heads:
                if loose and end is None and unknown < 2 and w.isalpha() and w not in _ROLE_OBJECT_STOP \
                        and w not in _NOT_IN_TITLE \
                        and w not in _DETERMINER and w not in _TITLE_AFTER_VERB and not w.endswith("ly"):
                    unknown += 1
                    j += 1
                    continue
                break
            if w in lex.title_heads or w in lex.title_abbr and (" " in lex.title_abbr[w] or
                                                                lex.title_abbr[w] in lex.title_heads) or w in ("pm", "em", "po"):
                end = j + 1
                if w in _TITLE_OF and j + 2 < b and low[j + 1] == "of":
                    m = j + 2 + (low[j + 2] == "the")       # "head of data", "director of engineering"
                    if m < b and low[m] in lex.title_words:
                        end = j = m + 1
                        while j < b and low[j] in lex.title_words and j - m < 2:
                            end = j = j + 1
                        break
            j += 1
        if end is not None and tok[end - 1] == "-":
            end -= 1
        return end

    def title_at(self, k: int, b: int, mode: str, *, after_as=False) -> int | None:
        low = self.low
        j = k
        while j < b and low[j] in _TITLE_SKIP:
            j += 1
        if j < b and low[j] in _TITLE_OPEN:
            if low[j] == "one":
                return None
            j += 1
        while j < b and (low[j] in _TITLE_SKIP or low[j] in _ORDINAL):
            j += 1
        end = self.title_run(j, b, loose=True)
        if end is None:
            return None
        if after_as and end < b and low[end] in _TITLE_AFTER_VERB:
            return None
        words = self.title_words(j, end)
        self.emit({"kind": "title", "about": "title", "about_words": "title", "value": words,
                   "canonical": " ".join(self.lex.title_tokens(words)), "mode": mode}, j, end)
        return end

    def multiple(self, i: int, a: int, b: int) -> int | None:
        """"doubled", "halved", "3x", "cut it in half", "by a third": a change as a percentage."""
        low, lex = self.low, self.lex
        w = low[i]
        if w in _MULTIPLE_WORDS:
            value, end = _MULTIPLE_WORDS[w], i + 1
            if i + 3 < b and low[i + 1] == "of" and low[i + 2] in ("a", "an") and low[i + 3] in _BIG:
                return None                     # "three quarters of a million": a number, read elsewhere
            if w in ("half", "third", "quarter", "thirds", "quarters") and i + 1 < b and low[i + 1] in ("of", "the") \
                    and (w == "half" or i > a and low[i - 1] in ("a", "an", "one", "two", "three")):
                # "about a quarter of all contacts", "two thirds of the budget": a share, in percent
                share = {"half": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0}[w]
                if w in ("thirds", "quarters"):
                    share *= {"one": 1, "two": 2, "three": 3}.get(low[i - 1], 1)
                start = i - 1 if w != "half" and i > a else i
                q = _Quantity(start, start, share, share, 1.0)
                q.kind, q.unit = "percent", "percent"
                q = self.hedge(q, a)
                fact = {"kind": "percent", "about": "", "about_words": "", "value": clean_number(share),
                        "mode": "level", "unit": "percent", "fraction": True}
                if q.approx:
                    fact["approx"], fact["hedge"] = True, "about"
                self.emit(fact, start, i + 1)
                return i + 1
            if w in ("half", "third", "quarter", "fifth", "tenth"):
                prev = low[i - 1] if i > a else ""
                prev2 = low[i - 2] if i - 1 > a else ""
                if prev2 in self.lex.approx and i - 2 > a:
                    prev2 = low[i - 3]          # "by about a fifth"
                if not (prev in ("in", "by") or prev in ("a", "an") and prev2 == "by"):
                    return None
                k = i - (2 if prev in ("a", "an") else 1) - 1
                if not any(low[j] in lex.change or low[j] in ("cut", "halved", "reduced", "down", "fell",
                           "dropped", "shrank", "slashed", "lowered") for j in range(max(a, k - 6), k + 1)):
                    return None
            elif w in ("times", "fold"):
                return None
        else:
            n = float(low[i].replace(",", ""))
            if n <= 1 or n > 1000:
                return None
            value, end = 100.0 * (n - 1), i + 2
        q = _Quantity(i, i, value, value, 1.0)
        q.kind, q.unit = "percent", "percent"
        q = self.hedge(q, a)
        fact = {"kind": "percent", "about": "", "about_words": "", "value": clean_number(value), "mode": "delta",
                "unit": "percent", "multiple": True}
        if q.approx:
            fact["approx"], fact["hedge"] = True, "about"
        elif q.hedge:
            fact["hedge"] = q.hedge
            if q.bound:
                fact["bound"] = q.bound
        self.emit(fact, i, end)
        return end

    def grade_title(self, fact: dict, s: int, e: int) -> bool:
        """"I was Band 6", "a Grade 7 officer", "promoted to level 5": a pay grade is part of a title."""
        low = self.low
        if s == 0 or low[s - 1] not in _GRADE_WORDS or fact.get("mode") != "level":
            return False
        g = s - 1
        if not (self.tok[g][:1].isupper() or (g > 0 and low[g - 1] in ("a", "as", "was", "am", "to", "at", "on"))):
            return False
        end = s + 1
        b = len(self.tok)
        more = self.title_run(end, min(b, end + 4)) if end < b and self.kd[end] == WORD else None
        if more is None and end < b and low[end] in ("sister", "nurse", "charge", "midwife"):
            more = end + 1
        end = more or end
        words = self.text[self.st[g]:self.en[end - 1]]
        self.emit({"kind": "title", "about": "title", "about_words": "title", "value": words,
                   "canonical": words.lower(), "mode": "level"}, g, end)
        return True

    def fragment_title(self, a: int, b: int) -> None:
        """Notes and CVs open a line with the title itself: "Senior analyst, Acme. 2019-2022."."""
        low, kd = self.low, self.kd
        j = a
        while j < b and kd[j] == SYM and self.tok[j] in ("-", "*", "\u2022", "#", ">"):
            j += 1                              # a bullet
        if j >= b or kd[j] != WORD or not self.tok[j][:1].isupper():
            return
        end = self.title_run(j, b, loose=True)
        if end is None or end - j > 6:
            return
        if end < b and not (kd[end] == SYM and self.tok[end][0] in ",.;:(\u2013\u2014-|") and \
                low[end] not in ("at", "for", "with", "in", "on"):
            return
        words = self.title_words(j, end)
        self.emit({"kind": "title", "about": "title", "about_words": "title", "value": words,
                   "canonical": " ".join(self.lex.title_tokens(words)), "mode": "level"}, j, end)

    def title_words(self, j: int, end: int) -> str:
        return self.text[self.st[j]:self.en[end - 1]]

    def title_trigger(self, k: int, a: int, b: int) -> None:
        """Titles the person gives themselves: "I was a senior engineer", "as the PM", "promoted to lead"."""
        low = self.low
        w = low[k]
        nxt = low[k + 1] if k + 1 < b else ""
        if w == "as" and (k == a or low[k - 1] not in ("such", "well", "same", "so", "just", "much")):
            self.title_at(k + 1, b, "level", after_as=True)
        elif w in ("i'm",) or (w == "i" and nxt in ("was", "am", "became")):
            self.title_at(k + (1 if w != "i" else 2), b, "level")
        elif w == "i" and nxt in ("have", "had") and k + 2 < b and low[k + 2] == "been":
            self.title_at(k + 3, b, "level")
        elif w == "i've" and nxt == "been":
            self.title_at(k + 2, b, "level")
        elif w == "promoted" and nxt == "to":
            self.title_at(k + 2, b, "end")
        elif w in ("became", "becoming") or (w == "then" and k > a and self.tok[k - 1] in (",", ";")):
            self.title_at(k + 1, b, "end")      # "before becoming senior editor", "Copy-editor, then managing editor"
        elif w in ("title", "role", "position") and k > a and low[k - 1] in _POSSESSIVE and nxt in ("was", "is"):
            self.title_at(k + 2, b, "level")
        elif w == "from":
            self.title_change(k + 1, b)

    def title_change(self, k: int, b: int) -> int | None:
        """"moved from analyst to lead": the start and end titles of a change."""
        low = self.low
        j = k + 1 if k < b and low[k] in _TITLE_OPEN else k
        end1 = self.title_run(j, b)
        if end1 is None or end1 >= b or low[end1] != "to":
            return None
        k2 = end1 + 1
        j2 = k2 + 1 if k2 < b and low[k2] in _TITLE_OPEN else k2
        end2 = self.title_run(j2, b)
        if end2 is None:
            return None
        for start, end, mode in ((j, end1, "start"), (j2, end2, "end")):
            words = self.title_words(start, end)
            self.emit({"kind": "title", "about": "title", "about_words": "title", "value": words,
                       "canonical": " ".join(self.lex.title_tokens(words)), "mode": mode}, start, end)
        return end2

    def role_trigger(self, k: int, a: int, b: int) -> None:
        """"one of four developers" (a member) versus "I led the project" (the lead)."""
        low, lex = self.low, self.lex
        w = low[k]
        if w == "one" and k + 1 < b and low[k + 1] == "of" and self.first_person_before(k, a):
            self.role_one_of(k, b)
        elif w == "i" or (k == a and w in lex.lead_verbs and w.endswith(("ed", "ran", "led", "saw"))):
            self.role_lead(k if w == "i" else k - 1, a, b)   # "Led the rollout." in note style
        for phrase in lex.member_starts.get(w, ()):
            if tuple(low[k:k + len(phrase)]) == phrase and (phrase[0] == "individual" or self.first_person_before(k, a, 6)):
                self.emit_role("member", k, k + len(phrase))
                break

    def first_person_before(self, k: int, a: int, n: int = 4) -> bool:
        return any(self.low[j] in _FIRST_PERSON or self.low[j] == "as" for j in range(max(a, k - n), k))

    def role_one_of(self, k: int, b: int) -> int | None:
        low, lex = self.low, self.lex
        j = k + 2
        if j < b and low[j] in _DETERMINER:
            j += 1
        if j >= b or not (self.kd[j] == NUM or low[j] in _SMALL or low[j] in _TENS or low[j] in ("several", "many")):
            return None                         # "one of the people who pushed for it" is not a role
        for m in range(j, min(b, j + 5)):
            if self.kd[m] == SYM and self.tok[m] != "-":
                return None
            if self.kd[m] != WORD or (self.low[m] not in lex.people_first and _singular(self.low[m]) not in lex.people):
                continue
            for n in (2, 1):
                idx = self.words_fwd(m, b, n)
                if idx and self.phrase(idx, noun=True) in lex.people:
                    end = idx[-1] + 1
                    self.emit_role("member", k, end)
                    return end
        return None

    def role_lead(self, k: int, a: int, b: int) -> int | None:
        low, lex = self.low, self.lex
        j = k + 1
        if j < b and low[j] in _ROLE_ADVERB and k >= a:
            j += 1
        if j + 1 >= b:
            return None
        for phrase in lex.lead_phrases:
            if tuple(low[j:j + len(phrase)]) == phrase:
                end = self.role_object(j + len(phrase), b)
                self.emit_role("lead", j, end)
                return end
        if low[j] not in lex.lead_verbs or low[j + 1] in _ROLE_NOT_OBJECT or self.kd[j + 1] != WORD:
            return None
        end = self.role_object(j + 1, b)
        if end == j + 1:
            return None
        self.emit_role("lead", j, end)
        return end

    def role_object(self, j: int, b: int) -> int:
        low, kd = self.low, self.kd
        end = j
        count = 0
        while end < b and count < 7:
            if kd[end] == SYM and self.tok[end] not in ("-", "'"):
                break
            if kd[end] == WORD and low[end] in _ROLE_OBJECT_STOP and not (low[end] == "of" and count):
                break
            end += 1
            count += 1
        return end

    def emit_role(self, level: str, s: int, e: int) -> None:
        words = self.text[self.st[s]:self.en[e - 1]]
        self.emit({"kind": "role", "about": "role", "about_words": "role", "value": words.lower(),
                   "level": level, "mode": "level"}, s, e)

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
            i = a
            while i < b:
                w = low[i]
                if kd[i] == WORD and (w in title_words or w in lex.role_triggers):
                    if first_person is None:
                        # notes leave the speaker out ("Joined 2019 as senior engineer"): a sentence
                        # about nobody else is about the person
                        first_person = any(low[k] in _FIRST_PERSON for k in range(a, b)) or \
                            not any(low[k] in _THIRD_PERSON for k in range(a, b))
                    if first_person or i == a or w == "individual":
                        if w in title_words and first_person:
                            self.title_trigger(i, a, b)
                        if w in lex.role_triggers:
                            self.role_trigger(i, a, b)
                if w in ("a", "an", "one", "two", "three") and i + 2 < b and low[i + 1] in _MULTIPLE_WORDS \
                        and low[i + 2] in ("of", "the"):
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
        for n, fact in enumerate(self.facts, 1):
            fact["id"] = f"f{n}"
        return self.facts


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
