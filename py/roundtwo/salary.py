"""Salary research and the salary conversation.

`salary.lookup` maps what a person types ("Sr. backend dev", "RN", "VP Sales") to US occupations through
O*NET alternate titles, and returns BLS OEWS May 2025 wage percentiles for each (national, and for
the place the job is, see roundtwo.places), with a best-effort UK
match from ONS ASHE. `salary.plan` turns percentiles, seniority and a walk-away number into a target
range, lines to say, warnings and a short practice exchange. `salary.sources` returns attribution lines.

Result shape of one match (documented here because the UI and other checks rely on it):

    {"code": "15-1252", "title": "Software Developers", "matched": "Software Engineer",
     "interpreted_as": "software engineer", "score": 1.0,
     "percentiles": {"p10": 79850, "p25": ..., "p50": 133080, "p75": ..., "p90": 239200},
     "top_coded": ["p90"],          # percentiles that are BLS's top code: the true value is AT LEAST this
     "mean": 144570, "employment": 1654440,
     "hourly": {"p10": ..., "p50": ..., "mean": ...} or None,
     "annual_only": False, "hourly_only": False, "note": "..." or None,
     "uk": {"soc2020": "2134", "title": "...", "median": 49430, "mean": ..., "p10": ..., "p25": ...,
            "p75": None, "p90": None, "currency": "GBP", "year": "2023 (provisional)",
            "jobs_thousands": 319, "match": "best-effort by title words", "note": "..."} or None}

Percentile values are plain numbers (annual USD) or None when BLS publishes no estimate. A top-coded
value is reported as the top code itself (239200) with its key listed in "top_coded", so arithmetic
still works and the UI can say "at least $239,200".

With a "location" param (typed text such as "Austin" or a location object from salary.places, see
roundtwo.places; "employer" names the employer's place for a remote role), each match also carries
"area": {"requested", "used" (the area whose figures these are: {"code", "kind" metro|state|nation,
"name", "short", "phrase"}), "fell_back", "skipped": [{..., "reason": not_listed|not_released,
"message"}], "percentiles", "top_coded", "employment", "hourly", "median_vs_national", "notes",
"release"} (None without a location), and "employer_area" of the same shape for a remote role whose
employer's place is given. The national "percentiles" stay as they are. The result gains "location":
{"kind" metro|state|remote|national|uk, "label", "phrase", "area", "state", "employer", "note", "market"}
and "release" ("May 2025"). The May 2025 files carry no means: "mean" is None, "hourly" the median only.

The lookup result around the matches: {"query", "normalised" (the words searched for), "readings"
(every reading tried, e.g. product / project / program manager for "PM"), "seniority": {"words" as
typed, "level" (junior|mid|senior|lead|staff|principal|executive), "range" (percentile keys to aim
for), "advice"} or None, "matches", "ignored_words", "notes", "source"}.

`salary.plan` params: "percentiles" (a match's percentiles; values may also be {"value", "top_coded"}),
"top_coded"? (the match's list), "seniority"? (a level word or the lookup's seniority object),
"floor"?, "experience"?, "currency"? (ISO code, default USD), "ledger_numbers"? (numbers or text such
as "$120k"), "place"? (the area as a sentence names it, "the Austin area": named in the lines),
"occupation"? (the match's title, for the research line), "source"? (named in it, default "BLS, May
2025"), "offer"? ({"base", "bonus",
"equity" a year, "sign_on"}, each a number or text). The result also has "place", "basis"["line"] (the
research: "For senior software developers in the Austin area, the 75th to 90th percentile is ...") and
"offer": {"base", "bonus", "equity", "sign_on", "yearly", "first_year", "position" below_floor|
below_range|in_range|above_range, "message", "counter", "counter_text", "counter_line", "note"} or None. Result: {"target": {"low", "high", "low_text", "high_text"}, "floor", "anchor_line",
"not_ready_line", "warnings": [{"code", "message"}], "practice": [{"id", "interviewer", "response",
"why"}], "level", "level_from", "basis", "currency", "years"}. Lines come from data/salary_lines.toml.

Data is read lazily from data/salary/salary.json.gz (built by tools/make_salary_data.py) on the first
call, and the title index is built once and cached; importing this module reads nothing.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import math
import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources

from . import params as P
from .errors import BadParams

# Through importlib.resources: in the browser the package is imported from a zip archive.
DATA_DIR = resources.files(__package__) / "data" / "salary"
DATA_FILE = DATA_DIR / "salary.json.gz"
TERMS_FILE = DATA_DIR / "terms.toml"
LINES_FILE = resources.files(__package__) / "data" / "salary_lines.toml"

MAX_TITLE = 200          # characters in a typed job title
MAX_LIMIT = 10           # matches returned at most
MAX_TEXT = 2_000         # experience and other free text woven into lines
MAX_LEDGER = 50          # round-one numbers
MAX_MONEY = 100_000_000  # no salary is above this; bigger numbers are typos

PCT_KEYS = ("p10", "p25", "p50", "p75", "p90")
LEVEL_RANK = {"junior": 1, "mid": 2, "senior": 3, "lead": 4, "staff": 5, "principal": 6, "executive": 7}

# --------------------------------------------------------------------------------------------------
# Text normalisation (shared with tools/make_salary_data.py, which pre-normalises the O*NET titles)
# --------------------------------------------------------------------------------------------------

_DOT_INSIDE = re.compile(r"(?<=[^\W\d_])\.(?=[^\W\d_])")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_TOKEN = re.compile(r"[^\W_]+[+#]*")
_EXCEPT = re.compile(r",?\s+except\b.*$", re.IGNORECASE)
_LEVEL_TOKEN = re.compile(r"^([a-z]{1,5})(\d{1,2})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Make any string safe to process and show: no lone surrogates, no control characters but \\n and \\t."""
    if not isinstance(value, str):
        value = str(value)
    value = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", value)


def stem(token: str) -> str:
    """Light plural stemming, the same on both sides: nurses -> nurse, sales -> sale, companies -> company."""
    if len(token) <= 3 or not token.isalpha():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("s") and not token.endswith(("ss", "us", "is", "ics")):
        return token[:-1]
    return token


class Terms:
    """The rules in data/salary/terms.toml, ready to use."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.stop = set(raw.get("stop_words", []))
        sen = raw.get("seniority", {})
        self.levels: dict[str, str] = dict(sen.get("levels", {}))
        self.anywhere = set(sen.get("anywhere", []))
        self.leading = set(sen.get("leading", []))
        self.trailing = set(sen.get("trailing", []))
        self.head_words = set(sen.get("head_words", []))
        self.roman: dict[str, int] = {k: int(v) for k, v in sen.get("roman", {}).items()}
        self.level_prefixes = set(sen.get("level_prefixes", []))
        self.numbered = {int(k): v for k, v in sen.get("numbered", {}).items()}
        self.l_numbered = {int(k): v for k, v in sen.get("l_numbered", {}).items()}
        self.executive_words: dict[str, str] = dict(sen.get("executive_words", {}))
        self.abbreviations: dict[str, list[str]] = {k: v.split() for k, v in raw.get("abbreviations", {}).items()}
        self.position_words: dict[str, list[str]] = {k: list(v) for k, v in raw.get("position_words", {}).items()}
        self.query_hints: dict[str, list[str]] = {k: v.split() for k, v in raw.get("query_hints", {}).items()}
        self.bare_titles: dict[str, list[str]] = {k: list(v) for k, v in raw.get("bare_titles", {}).items()}
        self.uk_groups: dict[str, set[str]] = {k: set(v) for k, v in raw.get("uk_groups", {}).items()}
        self.uk_words: dict[str, list[str]] = {k: v.split() for k, v in raw.get("uk_words", {}).items()}
        self.phrases: dict[tuple[str, ...], list[str]] = {}
        for phrase, readings in raw.get("phrases", {}).items():
            self.phrases[tuple(phrase.split())] = list(readings) if isinstance(readings, list) else [readings]
        self.max_phrase = max((len(k) for k in self.phrases), default=1)

    # -- tokens ------------------------------------------------------------------------------------

    @staticmethod
    def tokenize(text: str) -> list[str]:
        text = unicodedata.normalize("NFKC", clean_text(text)).casefold()
        text = text.replace("&", " and ")
        text = _DOT_INSIDE.sub("", text)       # u.s. -> us, node.js -> nodejs
        text = _POSSESSIVE.sub("", text)       # children's -> children
        return _TOKEN.findall(text)

    def _level_of_number(self, tokens: list[str], i: int):
        """If tokens[i:] is a trailing level ("ii", "2", "l5", "level 3"), return (level, width) else None."""
        t = tokens[i]
        if t in self.roman:
            return self.numbered.get(self.roman[t], "principal"), 1
        if t.isdigit() and len(t) <= 2:
            if i > 0 and tokens[i - 1] in self.level_prefixes:
                prefix = tokens[i - 1]
                table = self.l_numbered if prefix == "l" else self.numbered
                return table.get(int(t), "principal" if int(t) > 5 else "junior"), 2
            return self.numbered.get(int(t), "principal" if int(t) > 5 else "junior"), 1
        m = _LEVEL_TOKEN.match(t)
        if m and m.group(1) in self.level_prefixes:
            n = int(m.group(2))
            table = self.l_numbered if m.group(1) in ("l", "ic", "e") else self.numbered
            return table.get(n, "principal" if n > 5 else "junior"), 1
        return None

    def strip_seniority(self, tokens: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
        """Remove level words; return (remaining tokens, [(word, level), ...]). Never strips to nothing."""
        found: list[tuple[str, str]] = []
        tokens = list(tokens)
        # "entry level", "mid level", "mid-level" -> one word
        merged: list[str] = []
        for t in tokens:
            if t == "level" and merged and merged[-1] in ("entry", "mid"):
                merged[-1] = merged[-1] + "level"
                continue
            merged.append(t)
        tokens = merged

        # trailing levels: Roman numerals, numbers, L5, level 3 (only after a real word)
        while len(tokens) >= 2:
            hit = self._level_of_number(tokens, len(tokens) - 1)
            if hit is None:
                break
            level, width = hit
            if len(tokens) - width < 1:
                break
            found.append((" ".join(tokens[-width:]), level))
            tokens = tokens[:-width]
        # trailing words ("Customer Success Lead")
        while len(tokens) >= 2 and tokens[-1] in self.trailing:
            found.append((tokens[-1], self.levels.get(tokens[-1], "lead")))
            tokens = tokens[:-1]
        # leading words ("Senior Staff Engineer") and leading level codes ("L5 SWE")
        while len(tokens) >= 2:
            if tokens[0] in self.leading or tokens[0] in self.anywhere:
                found.append((tokens[0], self.levels.get(tokens[0], "senior")))
                tokens = tokens[1:]
                continue
            m = _LEVEL_TOKEN.match(tokens[0])
            if m and m.group(1) in self.level_prefixes and m.group(1) != "g":
                found.append((tokens[0], self._level_of_number(tokens, 0)[0]))
                tokens = tokens[1:]
                continue
            break
        # anywhere words ("Software Engineer Senior")
        if len(tokens) >= 2:
            kept = [t for t in tokens if t not in self.anywhere]
            if kept and len(kept) < len(tokens):
                found.extend((t, self.levels.get(t, "senior")) for t in tokens if t in self.anywhere)
                tokens = kept
        shown = {"midlevel": "mid level", "entrylevel": "entry level"}
        return tokens, [(shown.get(w, w), level) for w, level in found]

    def expand_words(self, tokens: list[str], abbreviations: bool = True) -> list[str]:
        """Abbreviations, position-dependent words and stop words -> readable words (not stemmed)."""
        out: list[str] = []
        last = len(tokens) - 1
        for i, t in enumerate(tokens):
            if t in self.position_words:
                readings = self.position_words[t]
                words = [readings[0] if i == last else readings[-1]]
            elif abbreviations and t in self.abbreviations:
                words = self.abbreviations[t]
            else:
                words = [t]
            for w in words:
                for part in w.split():
                    if part not in self.stop:
                        out.append(part)
        return out

    def expand(self, tokens: list[str], abbreviations: bool = True) -> list[str]:
        """expand_words, then stemmed and de-duplicated -> index tokens."""
        out: list[str] = []
        for part in self.expand_words(tokens, abbreviations):
            s = stem(part)
            if s not in out:
                out.append(s)
        return out

    # -- index side --------------------------------------------------------------------------------

    def title_tokens(self, display: str) -> list[str]:
        """An O*NET/OEWS title -> its index tokens (the same rules as a query, without readings)."""
        text = _EXCEPT.sub("", display)
        tokens = self.tokenize(text)
        if len(tokens) >= 3 and tokens[-2:] == ["all", "other"]:
            tokens = tokens[:-2]
        # A one-word title is taken literally: O*NET's own abbreviations ("CMO" for a continuous mining
        # operator) must not be read with our table ("CMO" = chief marketing officer).
        single = len(tokens) == 1
        tokens, _ = self.strip_seniority(tokens)
        return self.expand(tokens, abbreviations=not single)

    # -- query side --------------------------------------------------------------------------------

    def readings(self, tokens: list[str]) -> list[tuple[list[str], float]]:
        """Phrase alternatives ("pm" -> product / project / program manager) as (tokens, weight)."""
        results: list[tuple[list[str], float]] = [([], 1.0)]
        i = 0
        while i < len(tokens):
            hit = None
            for width in range(min(self.max_phrase, len(tokens) - i), 0, -1):
                key = tuple(tokens[i:i + width])
                if key in self.phrases:
                    hit = (width, self.phrases[key])
                    break
            if hit is None:
                results = [(r + [tokens[i]], w) for r, w in results]
                i += 1
                continue
            width, alternatives = hit
            grown = []
            for r, w in results:
                for rank, alt in enumerate(alternatives):
                    grown.append((r + alt.split(), w * (1.0 if rank == 0 else 0.97 - 0.01 * rank)))
            results = grown[:8]
            i += width
        return results


def terms_hash() -> str:
    return hashlib.sha256(TERMS_FILE.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=1)
def load_terms() -> Terms:
    with TERMS_FILE.open("rb") as handle:
        return Terms(tomllib.load(handle))


@lru_cache(maxsize=1)
def load_lines() -> dict:
    with LINES_FILE.open("rb") as handle:
        return tomllib.load(handle)


# --------------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------------

def _uk_stem(token: str) -> str:
    """A cruder stem for matching US titles to UK unit groups: developer/development -> develop."""
    for _ in range(2):
        for suffix in ("ments", "ment", "ings", "ing", "ers", "er", "ors", "or", "ists", "ist", "ians", "ian",
                       "ics", "ic", "ial", "al", "ies", "y", "s"):
            if token.endswith(suffix) and len(token) - len(suffix) >= 4:
                token = token[: -len(suffix)]
                break
    return token[:-1] if token.endswith("e") and len(token) > 4 else token


class Index:
    def __init__(self, document: dict, terms: Terms):
        self.terms = terms
        fields = document["occupation_fields"]
        self.occupations = [dict(zip(fields, row)) for row in document["occupations"]]
        self.by_code = {o["code"]: o for o in self.occupations}
        renormalise = document.get("terms_hash") != terms_hash()

        # key (token tuple) -> entry id; entry -> {occupation index: display}
        key_ids: dict[tuple[str, ...], int] = {}
        self.keys: list[tuple[str, ...]] = []
        self.entry_codes: list[dict[int, str]] = []
        for display, normalised, occ_indexes in document["titles"]:
            key = tuple(terms.title_tokens(display)) if renormalise else tuple(normalised.split())
            if not key:
                continue
            eid = key_ids.get(key)
            if eid is None:
                eid = key_ids[key] = len(self.keys)
                self.keys.append(key)
                self.entry_codes.append({})
            codes = self.entry_codes[eid]
            for oi in occ_indexes:
                # Keep the shortest display per occupation: "Software Engineer" over longer spellings.
                if oi not in codes or len(display) < len(codes[oi]):
                    codes[oi] = display
        self.key_ids = key_ids
        n = len(self.keys)
        df: dict[str, int] = {}
        postings: dict[str, list[int]] = {}
        for eid, key in enumerate(self.keys):
            for t in set(key):
                df[t] = df.get(t, 0) + 1
                postings.setdefault(t, []).append(eid)
        self.postings = postings
        self.idf = {t: math.log(1.0 + n / c) for t, c in df.items()}
        self.entry_weight = [sum(self.idf[t] for t in set(key)) for key in self.keys]
        self.vocab = sorted(df)
        self.df = df

        # UK rows
        ufields = document["uk_fields"]
        self.uk = [dict(zip(ufields, row)) for row in document["uk"]]
        self.uk_tokens = []
        udf: dict[str, int] = {}
        for row in self.uk:
            toks = {_uk_stem(t) for t in terms.expand(terms.tokenize(row["title"].replace("n.e.c.", "")))}
            toks -= {"relat", "occupation", "nec", "n"}
            self.uk_tokens.append(toks)
            for t in toks:
                udf[t] = udf.get(t, 0) + 1
        nu = len(self.uk)
        self.uk_idf = {t: math.log(1.0 + nu / c) for t, c in udf.items()}

        from .places import Places
        self.release = document.get("release", "May 2025")
        self.places = Places(document)

    # -- unknown words -----------------------------------------------------------------------------

    def resolve(self, token: str) -> list[str] | None:
        """A word the index does not know: split a compound ("webdeveloper") or complete a prefix."""
        if token in self.idf:
            return [token]
        if len(token) >= 6 and token.isalpha():
            best = None
            for cut in range(3, len(token) - 2):
                a, b = stem(token[:cut]), stem(token[cut:])
                if a in self.idf and b in self.idf:
                    score = min(self.df[a], self.df[b])
                    if best is None or score > best[0]:
                        best = (score, [a, b])
            if best:
                return best[1]
        if len(token) >= 4 and token.isalpha():
            lo = bisect.bisect_left(self.vocab, token)
            hi = bisect.bisect_right(self.vocab, token + "\uffff")
            if lo < hi:
                candidates = self.vocab[lo:hi]
                return [max(candidates, key=lambda w: (self.df[w], -len(w), w))]
        return None

    # -- scoring -----------------------------------------------------------------------------------

    def score_tokens(self, tokens: list[str], mult: dict[str, float]) -> dict[int, tuple[float, bool]]:
        """Entry id -> (score, full recall) for one reading of the query.

        Recall (how much of the query the title explains, with the head word weighted up and hint words
        down) matters most; precision (how much of the title the query explains) breaks ties between
        "Software Engineer" and "Drone Software Development Engineer".
        """
        q = [t for t in dict.fromkeys(tokens) if t in self.idf]
        if not q:
            return {}
        wq = sum(self.idf[t] * mult.get(t, 1.0) for t in q)
        weighted: dict[int, float] = {}
        plain: dict[int, float] = {}
        for t in q:
            w = self.idf[t]
            m = w * mult.get(t, 1.0)
            for eid in self.postings[t]:
                weighted[eid] = weighted.get(eid, 0.0) + m
                plain[eid] = plain.get(eid, 0.0) + w
        core = {t for t in q if mult.get(t, 1.0) >= 1.0}
        core_key = tuple(t for t in q if t in core)
        out = {}
        for eid, wc in weighted.items():
            recall = wc / wq
            if recall < 0.3:
                continue
            precision = plain[eid] / self.entry_weight[eid]
            score = recall * recall * math.sqrt(precision)
            key = self.keys[eid]
            if key == core_key:
                score += 0.05
            elif set(key) == core:
                score += 0.03
            out[eid] = (score, recall >= 0.999)
        return out

    def search(self, readings: list[dict], limit: int) -> list[dict]:
        best: dict[int, dict] = {}   # occupation index -> best hit
        support: dict[int, int] = {}
        for reading in readings:
            weight = reading["weight"]
            for eid, (score, full) in self.score_tokens(reading["tokens"], reading["mult"]).items():
                s = score * weight
                for oi, display in self.entry_codes[eid].items():
                    if full and weight >= 0.999:
                        support[oi] = support.get(oi, 0) + 1
                    hit = best.get(oi)
                    if hit is None or s > hit["raw"] or (s == hit["raw"] and len(display) < len(hit["matched"])):
                        best[oi] = {"raw": s, "matched": display, "reading": reading["label"],
                                    "tokens": reading["tokens"]}
        ranked = []
        for oi, hit in best.items():
            occ = self.occupations[oi]
            emp = occ["employment"] or 0
            emp_bonus = 0.02 * min(1.0, max(0.0, (math.log10(emp) - 3.0) / 3.6)) if emp > 0 else 0.0
            sup_bonus = 0.03 * min(1.0, math.log1p(support.get(oi, 0)) / math.log1p(12))
            ranked.append((hit["raw"] + emp_bonus + sup_bonus, oi, hit))
        ranked.sort(key=lambda r: (-r[0], self.occupations[r[1]]["code"]))
        return [{"oi": oi, "score": total, **hit} for total, oi, hit in ranked[:limit]]

    def uk_match(self, words: list[tuple[list[str], float]], us_code: str = "") -> dict | None:
        """Best ASHE unit group for weighted bags of words (query words count most), nudged toward the
        UK sub-major groups that usually hold the US occupation's kind of work (terms.toml uk_groups)."""
        groups: set[str] = set()
        for width in (7, 6, 5, 4, 2):
            if us_code[:width] in self.terms.uk_groups:
                groups = self.terms.uk_groups[us_code[:width]]
                break
        bag: dict[str, float] = {}
        for tokens, weight in words:
            for t in tokens:
                for word in [t] + self.terms.uk_words.get(t, []):
                    s = _uk_stem(word)
                    if s in self.uk_idf:
                        bag[s] = max(bag.get(s, 0.0), weight)
        if not bag:
            return None
        wq = sum(self.uk_idf[t] * w for t, w in bag.items())
        best = None
        for i, toks in enumerate(self.uk_tokens):
            shared = bag.keys() & toks
            if not shared:
                continue
            wc = sum(self.uk_idf[t] * bag[t] for t in shared)
            wr = sum(self.uk_idf[t] for t in toks)
            score = (wc / wq) * math.sqrt(wc / wr)
            row = self.uk[i]
            if row["soc2020"][:2] in groups:
                score *= 1.2
            elif us_code and (us_code[:2] < "31") != (row["soc2020"][0] < "4"):
                # professional/managerial US work (SOC 11-29) against UK operative work, or the reverse
                score *= 0.7
            if row["median"] is None:
                score *= 0.9
            if best is None or score > best[0]:
                best = (score, i)
        if best is None or best[0] < 0.2:
            return None
        return {"score": best[0], "row": self.uk[best[1]]}


_INDEX: Index | None = None


def get_index() -> Index:
    """Load the data and build the index once (first salary call); later calls reuse it."""
    global _INDEX
    if _INDEX is None:
        with DATA_FILE.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
        _INDEX = Index(document, load_terms())
    return _INDEX


# --------------------------------------------------------------------------------------------------
# Lookup
# --------------------------------------------------------------------------------------------------

def _seniority_result(text: str, found: list[tuple[str, str]], executive: list[str]) -> dict | None:
    if not found and not executive:
        return None
    lines = load_lines()
    levels = [lvl for _, lvl in found] + (["executive"] if executive else [])
    level = max(levels, key=lambda lvl: LEVEL_RANK.get(lvl, 0))
    words = []
    for word in [w for w, _ in found] + executive:
        # Show the words as typed ("Sr.", "VP"), not as normalised ("sr", "vp").
        pattern = r"(?<!\w)" + re.escape(word).replace(r"\ ", r"[\s\-]*") + r"\.?(?!\w)"
        m = re.search(pattern, text, re.IGNORECASE)
        words.append(m.group(0) if m else word)
    advice = lines.get("seniority", {}).get(level, {})
    return {
        "words": words,
        "level": level,
        "range": list(advice.get("range", ["p50", "p75"])),
        "advice": advice.get("advice", ""),
    }


_VP = {"vp", "svp", "evp", "avp"}


def _bases(tokens: list[str], terms: Terms):
    """Typed tokens -> (readings of the title as word lists with weights, level words found)."""
    if len(tokens) >= 3 and tokens[0] in terms.head_words and tokens[1] == "of":
        rest, found = terms.strip_seniority(tokens[2:])
        return [(rest + ["director"], 1.0), (rest + ["manager"], 0.97)], [("head of", "executive")] + found
    if len(tokens) >= 2 and tokens[-1] in terms.head_words:
        rest, found = terms.strip_seniority(tokens[:-1])
        return [(rest + ["director"], 1.0), (rest + ["manager"], 0.97)], [("head", "executive")] + found
    rest, found = terms.strip_seniority(tokens)
    bases = [(rest, 1.0)]
    if len(rest) == 1 and rest[0] in terms.bare_titles:
        bases = [(alt.split(), 1.0 - 0.01 * rank) for rank, alt in enumerate(terms.bare_titles[rest[0]])]
    # An executive title of a function is, for pay, a manager or director of that function:
    # "VP Engineering" -> engineering director / engineering manager; "Chief Revenue Officer" likewise.
    function = [t for t in rest if t not in _VP and t not in ("vice", "president")]
    if function and len(function) < len(rest):
        bases += [(function + ["director"], 0.97), (function + ["manager"], 0.95)]
    elif len(rest) >= 3 and rest[0] == "chief" and rest[-1] == "officer":
        bases += [(rest[1:-1] + ["vice", "president"], 0.95), (rest[1:-1] + ["director"], 0.95)]
    return bases, found


def _variants(text: str, index: Index):
    """Typed title -> (readings, level words found, executive words, unknown words).

    A reading is {"tokens", "mult", "weight", "label"}: index tokens, per-token weight multipliers
    (the head word, usually the last, counts 1.5x; hint words 0.5x), the reading's weight, and the
    words shown to the person as "interpreted as".
    """
    terms = index.terms
    tokens = terms.tokenize(text)
    if not tokens:
        return [], [], [], []
    executive = [t for t in tokens if t in terms.executive_words]
    if any(a == "vice" and b == "president" for a, b in zip(tokens, tokens[1:])):
        executive.append("vice president")
    bases, found = _bases(tokens, terms)
    readings = []
    unknown: list[str] = []
    seen = set()
    for base, base_weight in bases:
        for words, weight in terms.readings(base):
            if not words:
                continue
            hints = []
            for w in words:
                for h in terms.query_hints.get(w, []):
                    if h not in words and h not in hints:
                        hints.append(h)
            shown = terms.expand_words(words)
            head_words = terms.expand_words(words[-1:])
            head = stem(head_words[-1]) if head_words else None
            resolved: list[str] = []
            mult: dict[str, float] = {}
            for t in terms.expand(words) + [stem(h) for h in hints]:
                r = index.resolve(t)
                if r is None:
                    if t not in unknown:
                        unknown.append(t)
                    continue
                for x in r:
                    if x not in resolved:
                        resolved.append(x)
                        mult[x] = 1.5 if t == head else 1.0
            for h in hints:
                hs = stem(h)
                if hs in mult and hs not in terms.expand(words):
                    mult[hs] = 0.5
            key = (tuple(resolved), tuple(sorted(mult.items())))
            if not resolved or key in seen:
                continue
            seen.add(key)
            readings.append({"tokens": resolved, "mult": mult, "weight": weight * base_weight,
                             "label": " ".join(shown)})
    return readings, found, executive, unknown


def _money_dict(values: list, keys=PCT_KEYS) -> tuple[dict, list]:
    out, top = {}, []
    for key, value in zip(keys, values):
        if value == "#":
            out[key] = 239200 if key.startswith("p") else None
            top.append(key)
        else:
            out[key] = value
    return out, top


def _hourly(median) -> dict | None:
    """The May 2025 files publish the hourly median only; the other keys stay for the result's shape."""
    if median is None:
        return None
    top = ["p50"] if median == "#" else []
    return {"p10": None, "p25": None, "p50": 115.0 if top else median, "p75": None, "p90": None, "mean": None,
            "top_coded": top}


def _occupation_result(index: Index, hit: dict, with_uk: bool) -> dict:
    occ = index.occupations[hit["oi"]]
    percentiles, top = _money_dict(occ["annual"])
    hourly = _hourly(occ.get("hourly_median"))
    note = None
    if all(v is None for v in percentiles.values()):
        note = ("BLS publishes no annual wage for this occupation (pay is mostly hourly or irregular); "
                "see the hourly figures.") if hourly else "BLS publishes no wage estimate for this occupation."
    elif occ["annual_only"]:
        note = "Paid by the year (for example a school year), so BLS publishes annual figures only."
    result = {
        "code": occ["code"],
        "title": occ["title"],
        "matched": hit["matched"],
        "interpreted_as": hit["reading"],
        "score": round(min(hit["score"], 1.0), 3),
        "percentiles": percentiles,
        "top_coded": top,
        "mean": None,  # the May 2025 files carry percentiles, not means
        "employment": occ["employment"],
        "hourly": hourly,
        "annual_only": bool(occ["annual_only"]),
        "hourly_only": bool(occ["hourly_only"]),
        "note": note,
        "release": index.release,
        "area": None,
        "employer_area": None,
        "uk": None,
    }
    uk = None
    if with_uk:
        uk = index.uk_match([(hit["tokens"], 1.0),
                             (index.terms.title_tokens(occ["title"]), 0.5),
                             (index.terms.title_tokens(hit["matched"]), 0.6)], occ["code"])
    if uk:
        row = uk["row"]
        result["uk"] = {
            "soc2020": row["soc2020"],
            "title": row["title"],
            "median": row["median"],
            "mean": row["mean"],
            "p10": row["p10"],
            "p25": row["p25"],
            "p75": row["p75"],
            "p90": row["p90"],
            "jobs_thousands": row["jobs_thousands"],
            "currency": "GBP",
            "year": "2023 (provisional)",
            "match": "best-effort by title words",
            "score": round(uk["score"], 3),
            "note": load_lines().get("uk_note", ""),
        }
    return result


NATION_PUBLIC = {"code": "0000000", "kind": "nation", "name": "United States", "short": "US",
                 "phrase": "the US", "states": []}


def _area_chain(resolved: dict) -> list:
    """The areas to try, nearest first: metro -> its state; a state alone. The nation always follows."""
    chain = []
    if resolved.get("area") is not None:
        chain.append(resolved["area"])
    if resolved.get("state") is not None and resolved["state"] not in chain:
        chain.append(resolved["state"])
    return chain


def _area_result(index: Index, oi: int, chain: list) -> dict:
    """One occupation's figures for the nearest area in `chain` that publishes them, naming what was
    skipped and why; the nation when none does."""
    occ = index.occupations[oi]
    notes = load_lines()["area_notes"]
    skipped = []
    requested = chain[0].public() if chain else NATION_PUBLIC
    for area in chain:
        row = index.places.rows(area).get(oi)
        fmt = {"title": occ["title"], "area": area.phrase, "name": area.name}
        if row is None:
            skipped.append({**area.public(), "reason": "not_listed", "message": notes["not_listed"].format(**fmt)})
            continue
        pct, top = _money_dict(row["annual"])
        if all(v is None for v in pct.values()) and row["hourly_median"] is None:
            skipped.append({**area.public(), "reason": "not_released", "message": notes["not_released"].format(**fmt)})
            continue
        return _area_figures(index, occ, area.public(), requested, skipped, pct, top, row["employment"],
                             row["hourly_median"])
    pct, top = _money_dict(occ["annual"])
    return _area_figures(index, occ, dict(NATION_PUBLIC), requested, skipped, pct, top, occ["employment"],
                         occ.get("hourly_median"))


def _area_figures(index, occ, used, requested, skipped, pct, top, employment, hourly_median) -> dict:
    notes = load_lines()["area_notes"]
    messages = [s["message"] for s in skipped]
    if skipped:
        messages.append(notes["fell_back"].format(used=used["name"] if used["kind"] != "metro" else used["phrase"]))
    if employment is None and used["kind"] != "nation":
        messages.append(notes["no_employment"])
    national = occ["annual"][2]
    ratio = None
    if isinstance(pct.get("p50"), int) and isinstance(national, int) and national and "p50" not in top:
        ratio = round(pct["p50"] / national, 3)
    return {
        "requested": requested,
        "used": used,
        "fell_back": bool(skipped),
        "skipped": skipped,
        "percentiles": pct,
        "top_coded": top,
        "employment": employment,
        "hourly": _hourly(hourly_median),
        "median_vs_national": ratio,
        "notes": messages,
        "release": index.release,
    }


def _location_result(resolved: dict, places) -> dict:
    cfg = places.notes
    kind = resolved["kind"]
    out = {"kind": kind, "typed": resolved.get("typed", ""), "area": None, "state": None, "employer": None,
           "label": "United States", "phrase": "the US", "note": None, "market": "uk" if kind == "uk" else "us"}
    if kind == "uk":
        out.update(label="United Kingdom", phrase="the UK", note=cfg.get("uk"))
    elif kind == "remote":
        employer = resolved.get("employer")
        out.update(label="Remote (US)", phrase="the US", note=cfg.get("remote" if employer else "remote_no_employer"))
        if employer:
            where = employer.get("area") or employer.get("state")
            out["employer"] = {"area": where.public(), "state": employer["state"].public() if employer.get("state") else None}
    elif kind in ("metro", "state"):
        where = resolved.get("area") or resolved.get("state")
        out.update(label=where.name, phrase=where.phrase, area=where.public(),
                   state=resolved["state"].public() if resolved.get("state") else None)
    return out


def lookup(params: dict) -> dict:
    params = P.require_dict(params)
    title = P.text(params, "title", max_len=MAX_TITLE)
    limit = P.integer(params, "limit", default=5, lo=1, hi=MAX_LIMIT)
    uk = params.get("uk", True)
    if not isinstance(uk, bool):
        raise BadParams("The field 'uk' must be true or false.")
    text = clean_text(title).strip()
    index = get_index()
    lines = load_lines()
    location = params.get("location")
    if isinstance(location, str):
        location = clean_text(location)
    resolved = index.places.resolve(location if location is not None else "")
    # "employer": where the employer is based, for a remote role (typed text or a location object).
    employer = params.get("employer")
    if isinstance(employer, str):
        employer = clean_text(employer).strip()
    if resolved["kind"] == "remote" and employer not in (None, "", {}) and resolved.get("employer") is None:
        inner = index.places.resolve(employer)
        if inner["kind"] not in ("metro", "state"):
            raise BadParams("The field 'employer' must be a US state or metro area (where the employer is based).")
        resolved["employer"] = inner
    result = {
        "query": text,
        "normalised": "",
        "seniority": None,
        "readings": [],
        "matches": [],
        "ignored_words": [],
        "notes": [],
        "source": sources({})["lines"],
        "location": _location_result(resolved, index.places),
        "release": index.release,
    }
    if not text:
        result["notes"].append(lines["notes"]["empty"])
        return result
    readings, found, executive, unknown = _variants(text, index)
    result["seniority"] = _seniority_result(text, found, [w for w in executive])
    result["ignored_words"] = unknown
    if not readings:
        result["notes"].append(lines["notes"]["no_words"])
        return result
    result["normalised"] = readings[0]["label"]
    result["readings"] = list(dict.fromkeys(r["label"] for r in readings))
    hits = index.search(readings, limit)
    if not hits:
        result["notes"].append(lines["notes"]["no_match"])
        return result
    chain = _area_chain(resolved)
    employer_chain = _area_chain(resolved["employer"]) if resolved.get("employer") else []
    for hit in hits:
        match = _occupation_result(index, hit, uk or resolved["kind"] == "uk")
        if chain:
            match["area"] = _area_result(index, hit["oi"], chain)
        elif resolved["kind"] == "remote":
            match["area"] = _area_result(index, hit["oi"], [])
            match["area"]["requested"] = dict(NATION_PUBLIC, kind="remote", name="Remote (US)")
        if employer_chain:
            match["employer_area"] = _area_result(index, hit["oi"], employer_chain)
        result["matches"].append(match)
    labels = list(dict.fromkeys(m["interpreted_as"] for m in result["matches"][:3]))
    if len(labels) > 1:
        result["notes"].append(lines["notes"]["ambiguous"].format(readings=", ".join(labels)))
    if hits[0]["score"] < 0.5:
        result["notes"].append(lines["notes"]["weak"])
    return result


# --------------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------------

def sources(params: dict) -> dict:
    src = load_lines()["sources"]
    items = [
        {"id": "bls", "name": "U.S. Bureau of Labor Statistics (OEWS, May 2025: nation, states, metro areas)",
         "licence": "Public domain",
         "text": src["bls"]},
        {"id": "onet", "name": "O*NET (alternate titles, occupation data)", "licence": "CC BY 4.0",
         "text": src["onet"]},
        {"id": "ons", "name": "Office for National Statistics (ASHE 2023 provisional, Table 14)",
         "licence": "Open Government Licence v3.0", "text": src["ons"]},
    ]
    return {"sources": items, "lines": [i["text"] for i in items]}


# --------------------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------------------

_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "JPY": "¥",
            "INR": "₹", "CHF": "CHF ", "SEK": "SEK ", "NOK": "NOK ", "DKK": "DKK ", "SGD": "S$", "HKD": "HK$"}


def _amount(text: str) -> float | None:
    """The first amount in a short text ("$120k", "120,000", "£55K", "1.2m"), read by the one number parser
    the fact engine uses (roundtwo.text.numbers), so "120k" means the same here as in an answer."""
    from .facts import extract
    for fact in extract(text, max_facts=4):
        if fact["kind"] in ("money", "count") and isinstance(fact.get("value"), (int, float)):
            return float(fact["value"])
    return None


def fmt_money(value: float, currency: str) -> str:
    symbol = _SYMBOLS.get(currency)
    amount = f"{int(round(value)):,}"
    if symbol is None:
        return f"{amount} {currency}"
    return f"{symbol}{amount}"


def parse_money(value, name: str) -> float:
    """A number or text such as "$120k", "120,000", "£55K" -> float. bad_params when unreadable."""
    if isinstance(value, bool):
        raise BadParams(f"The field '{name}' must be an amount of money, not true/false.")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = clean_text(value)[:200]
        number = _amount(text)
        if number is None:
            raise BadParams(f"The field '{name}' must be an amount such as 120000 or \"$120k\"; "
                            f"I could not read {text[:40]!r}.")
    elif isinstance(value, dict) and "value" in value:
        return parse_money(value["value"], name)
    else:
        raise BadParams(f"The field '{name}' must be an amount of money.")
    if not math.isfinite(number) or number < 0:
        raise BadParams(f"The field '{name}' must be a positive amount of money.")
    if number > MAX_MONEY:
        raise BadParams(f"The field '{name}' is larger than any salary ({number:,.0f}); check for a typo.")
    return number


def _round_to(value: float) -> int:
    step = 5000 if value >= 150_000 else 1000
    return int(round(value / step) * step)


def _read_percentiles(raw) -> tuple[dict, set]:
    if not isinstance(raw, dict):
        raise BadParams("The field 'percentiles' must be an object such as {\"p25\": 90000, \"p50\": 110000, "
                        "\"p75\": 130000}, for example the percentiles of a salary.lookup match.")
    out, top = {}, set()
    for key in PCT_KEYS:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, dict):
            if value.get("top_coded"):
                top.add(key)
            value = value.get("value")
            if value is None:
                continue
        out[key] = parse_money(value, f"percentiles.{key}")
    if not out:
        raise BadParams("The field 'percentiles' has no numbers; pick a match with published wages, "
                        "or type your own p25/p50/p75.")
    listed = raw.get("top_coded")
    if isinstance(listed, list):
        top |= {k for k in listed if k in PCT_KEYS}
    return out, top


def _pick(pct: dict, key: str):
    """A percentile, or the nearest published one."""
    if key in pct:
        return pct[key]
    order = list(PCT_KEYS)
    i = order.index(key)
    for d in range(1, len(order)):
        for j in (i - d, i + d):
            if 0 <= j < len(order) and order[j] in pct:
                return pct[order[j]]
    return None




def _years(experience: str):
    """Years of experience in a phrase ("5+ years", "ten years"), read by the one number parser."""
    from .facts import extract
    for fact in extract(experience[:400], max_facts=6):
        if fact["kind"] == "duration" and isinstance(fact.get("value"), (int, float)) and fact["value"] >= 12:
            return int(round(fact["value"] / 12))
    return None


def _level_param(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        value = value.get("level")
        if value is None:
            return None
    if not isinstance(value, str):
        raise BadParams("The field 'seniority' must be a level such as \"senior\", or the seniority object "
                        "from salary.lookup.")
    word = clean_text(value).strip().casefold()[:40]
    if word in LEVEL_RANK:
        return word
    terms = load_terms()
    if word in terms.levels:
        return terms.levels[word]
    if word in terms.executive_words or word in ("vp", "vice president", "director", "head", "c-level"):
        return "executive"
    raise BadParams(f"The field 'seniority' must be one of: {', '.join(LEVEL_RANK)}.")


def _experience_phrase(experience: str) -> tuple[str, str]:
    """The person's words about their experience, trimmed for a sentence, and which line fits them:
    "eight years building payment systems" -> ("eight years building payment systems", "years");
    "payments and fraud" -> ("payments and fraud", "field")."""
    text = " ".join(clean_text(experience).split())
    if len(text) > 120:
        text = text[:120].rsplit(" ", 1)[0] + "…"
    text = text.strip().rstrip(".;,:!")
    if text[:3].casefold() == "my ":
        text = text[3:].lstrip()
    first = text.split(" ", 1)[0] if text else ""
    if first[:1].isupper() and not first.isupper() and first.casefold() not in ("i",):
        text = first[:1].lower() + text[1:]
    from .facts import extract
    first_fact = next(iter(extract(text[:200], max_facts=1)), None)
    kind = "field"
    if first_fact and first_fact["kind"] == "duration" and first_fact.get("unit") in ("year", "yr") \
            and isinstance(first_fact.get("start"), int):
        before = text[:first_fact["start"]].strip().casefold()
        if not before:
            kind = "years"                      # "eight years building payment systems"
        elif before in ("over", "almost", "nearly", "about", "around", "more than", "close to"):
            kind = "years_qualified"            # "nearly ten years in retail"
    return text, kind


MAX_PLACE = 160  # characters of an area's phrase in a line ("the Nashville area")
_PCT_WORDS = {"p10": "10th", "p25": "25th", "p50": "50th", "p75": "75th", "p90": "90th"}


def _people(occupation: str) -> str:
    """ "Software Developers" -> "software developers"; words in capitals (an abbreviation) stay."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in occupation.split())


def _pick_key(pct: dict, key: str):
    """The key _pick would use: `key` itself, or the nearest published percentile."""
    order = list(PCT_KEYS)
    i = order.index(key)
    for d in range(len(order)):
        for j in (i - d, i + d):
            if 0 <= j < len(order) and order[j] in pct:
                return order[j]
    return None


def _basis_line(lines, pct, top, low_key, high_key, level, occupation, place, currency, source) -> str:
    """'For senior software developers in the Austin area, the 75th to 90th percentile is $168,730 to
    $209,890 (BLS, May 2025).' The research itself, before the range is rounded or moved to the floor;
    a percentile the source did not publish is said to be missing, not stood in for silently."""
    low_used, high_used = _pick_key(pct, low_key), _pick_key(pct, high_key)
    if low_used is None or high_used is None:
        return ""
    who = lines["seniority"].get(level, {}).get("who", "")
    people = f"{who} {_people(occupation)}".strip() if occupation else ""

    def text(key):
        value = fmt_money(pct[key], currency)
        return lines["lines"]["at_least"].format(value=value) if key in top else value

    values = {"who": people or lines["lines"]["this_occupation"], "in_area": f" in {place}" if place else "",
              "low_pct": _PCT_WORDS[low_used], "high_pct": _PCT_WORDS[high_used], "p_low": text(low_used),
              "p_high": text(high_used), "source": clean_text(source).strip()[:80] or "BLS, May 2025",
              "missing": _PCT_WORDS[high_key if high_used != high_key else low_key]}
    if low_used == high_used:
        return lines["lines"]["basis_one"].format(**values)
    line = lines["lines"]["basis"].format(**values)
    if (low_used, high_used) != (low_key, high_key):
        line += " " + lines["lines"]["basis_missing"].format(**values)
    return line


def _offer(raw, low, high, floor, currency, fmt, lines) -> dict:
    """An offer (base, bonus, equity a year, sign-on) against the target range, with a counter line."""
    if not isinstance(raw, dict):
        raise BadParams("The field 'offer' must be an object such as {\"base\": 150000, \"bonus\": 15000, "
                        "\"equity\": 20000, \"sign_on\": 10000}.")
    parts = {}
    for key in ("base", "bonus", "equity", "sign_on"):
        value = raw.get(key)
        parts[key] = None if value in (None, "") else parse_money(value, f"offer.{key}")
    words = lines["offer"]
    base = parts["base"]
    yearly = sum(v for k, v in parts.items() if k != "sign_on" and v is not None)
    result = {k: (int(v) if v is not None and v == int(v) else v) for k, v in parts.items()}
    result.update({"yearly": int(yearly) if parts["base"] is not None or yearly else None,
                   "first_year": int(yearly + (parts["sign_on"] or 0)) if any(v is not None for v in parts.values()) else None,
                   "position": None, "message": "", "counter": None, "counter_text": "", "counter_line": "",
                   "note": words["note"]})
    if base is None:
        result["message"] = words["no_base"]
        return result
    b = fmt_money(base, currency)
    if floor is not None and base < floor:
        position, counter = "below_floor", high
    elif base < low:
        position, counter = "below_range", high
    elif base < high:
        position, counter = "in_range", high
    else:
        position, counter = "above_range", None
    values = dict(fmt, base=b, counter=fmt_money(counter, currency) if counter else "",
                  yearly=fmt_money(yearly, currency))
    result.update({
        "position": position,
        "message": words[position].format_map(values),
        "counter": counter,
        "counter_text": values["counter"],
        "counter_line": words[f"counter_{position}"].format_map(values),
    })
    return result


def plan(params: dict) -> dict:
    params = P.require_dict(params)
    lines = load_lines()
    if "percentiles" not in params or params["percentiles"] is None:
        raise BadParams("The field 'percentiles' is missing; pick a salary.lookup match first.")
    pct, top = _read_percentiles(params["percentiles"])
    listed = params.get("top_coded")
    if listed is not None:
        if not isinstance(listed, list) or len(listed) > 10:
            raise BadParams("The field 'top_coded' must be the list of top-coded keys from a match, e.g. [\"p90\"].")
        top |= {k for k in listed if isinstance(k, str) and k in PCT_KEYS}
    currency = P.text(params, "currency", required=False, default="USD", max_len=10).strip().upper() or "USD"
    currency = clean_text(currency)
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise BadParams("The field 'currency' must be a three-letter currency code such as USD, GBP or EUR.")
    experience = P.text(params, "experience", required=False, default="", max_len=MAX_TEXT)
    # The area the range is for ("the Austin area") and the occupation, named in the lines.
    place = " ".join(clean_text(P.text(params, "place", required=False, default="", max_len=MAX_PLACE)).split())
    occupation = " ".join(clean_text(P.text(params, "occupation", required=False, default="",
                                            max_len=MAX_TITLE)).split())
    for_area = f" for {place}" if place else ""
    level = _level_param(params.get("seniority"))
    level_from = "seniority" if level else None
    years = _years(experience) if experience else None
    if level is None and years is not None:
        level = "junior" if years < 2 else "senior" if years >= 8 else "mid"
        level_from = "experience"
    level = level or "mid"
    advice = lines["seniority"].get(level, lines["seniority"]["mid"])
    low_key, high_key = advice["range"]
    low, high = _pick(pct, low_key), _pick(pct, high_key)
    warnings: list[dict] = []
    if low is None or high is None:
        raise BadParams("The field 'percentiles' needs at least one number.")
    if low > high:
        low, high = high, low
    if low == high:
        high = low * 1.1
    low, high = _round_to(low), _round_to(high)
    if high_key in top:
        # The top code itself (BLS's $239,200), not the rounded or widened top of the target.
        warnings.append({"code": "top_coded", "message": lines["warnings"]["top_coded"].format(
            value=fmt_money(_pick(pct, high_key) or high, currency))})

    floor = None
    if params.get("floor") not in (None, ""):
        floor = parse_money(params["floor"], "floor")
    fmt = {"currency": currency}
    if floor is not None:
        f = fmt_money(floor, currency)
        if floor > high:
            warnings.append({"code": "floor_above_target", "message": lines["warnings"]["floor_above_target"].format(
                floor=f, high=fmt_money(high, currency))})
            low, high = _round_to(floor), _round_to(max(high, floor * 1.1))
            if low >= high:
                high = low + (5000 if low >= 150_000 else 1000)
        elif floor > low:
            warnings.append({"code": "floor_inside_target", "message": lines["warnings"]["floor_inside_target"].format(
                floor=f, low=fmt_money(low, currency))})
            low = _round_to(floor)
            if low >= high:
                high = low + (5000 if low >= 150_000 else 1000)
        if "p10" in pct and floor < pct["p10"] * 0.8:
            warnings.append({"code": "floor_low", "message": lines["warnings"]["floor_low"].format(
                floor=f, p10=fmt_money(pct["p10"], currency))})

    ledger = P.listing(params, "ledger_numbers", max_items=MAX_LEDGER)
    said = []
    for i, item in enumerate(ledger):
        if item is None or item == "":
            continue
        said.append(parse_money(item, f"ledger_numbers[{i}]"))
    for value in said:
        v = fmt_money(value, currency)
        if floor is not None and value < floor:
            warnings.append({"code": "said_below_floor", "message": lines["warnings"]["said_below_floor"].format(
                said=v, floor=fmt_money(floor, currency))})
        elif value < low:
            warnings.append({"code": "said_below_range", "message": lines["warnings"]["said_below_range"].format(
                said=v, low=fmt_money(low, currency), high=fmt_money(high, currency), for_area=for_area)})
        elif value > high:
            warnings.append({"code": "said_above_range", "message": lines["warnings"]["said_above_range"].format(
                said=v, low=fmt_money(low, currency), high=fmt_money(high, currency), for_area=for_area)})

    exp, exp_kind = _experience_phrase(experience) if experience.strip() else ("", "")
    fmt.update({
        "low": fmt_money(low, currency),
        "high": fmt_money(high, currency),
        "floor": fmt_money(floor, currency) if floor is not None else "",
        "experience": exp,
        # " in the Austin area" / " for the Austin area", or nothing when no place was given
        "in_area": f" in {place}" if place else "",
        "for_area": f" for {place}" if place else "",
    })

    anchor_key = {"years": "anchor_with_years", "years_qualified": "anchor_with_qualified_years",
                  "field": "anchor_with_experience"}.get(exp_kind, "anchor")
    anchor = lines["lines"][anchor_key].format_map(fmt)
    fmt["anchor"] = anchor
    not_ready = lines["lines"]["not_ready"].format_map(fmt)
    fmt["not_ready"] = not_ready
    practice = []
    for turn in lines["practice"]:
        if turn.get("needs_floor") and floor is None:
            continue
        practice.append({
            "id": turn["id"],
            "interviewer": turn["interviewer"].format_map(fmt),
            "response": turn["response"].format_map(fmt),
            "why": turn["why"].format_map(fmt),
        })
    basis_line = _basis_line(lines, pct, top, low_key, high_key, level, occupation, place, currency,
                             P.text(params, "source", required=False, default="BLS, May 2025", max_len=80))
    offer_result = None
    if params.get("offer") not in (None, "", {}):
        offer_result = _offer(params["offer"], low, high, floor, currency, fmt, lines)
    if floor is not None and floor == int(floor):
        floor = int(floor)
    return {
        "currency": currency,
        "level": level,
        "level_from": level_from,
        "years": years,
        "place": place or None,
        "offer": offer_result,
        "basis": {"low": low_key, "high": high_key, "advice": advice["advice"], "line": basis_line},
        "target": {"low": low, "high": high, "low_text": fmt["low"], "high_text": fmt["high"]},
        "floor": floor,
        "anchor_line": anchor,
        "not_ready_line": not_ready,
        "warnings": warnings,
        "practice": practice,
    }


# --------------------------------------------------------------------------------------------------
# Said: money numbers from round one
# --------------------------------------------------------------------------------------------------

MAX_SAID_TEXT = 200_000  # characters of one answer scanned for numbers


def _said_pattern() -> re.Pattern:
    words = load_lines().get("said", {}).get("words", [])
    alternatives = sorted((re.escape(w.casefold()) for w in words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)") if alternatives else re.compile(r"(?!x)x")


def _mentions_pay(text) -> bool:
    return isinstance(text, str) and bool(_said_pattern().search(clean_text(text).casefold()))


def said(params: dict) -> dict:
    """Money numbers the person said about pay in earlier rounds, to compare with the new range.

    `salary.said` {"interview": {"rounds": [...], "ledger": {"facts": [...]}}, "currency"?} ->
    {"numbers": [{"value", "high"?, "text", "currency", "source": "ledger"|"debrief", "where", "locked",
    "comparable", "why"?}], "values": [comparable values, for salary.plan's ledger_numbers]}.

    A ledger fact counts when it is money and its sentence or label mentions pay; a debrief answer's
    money number counts when the question it answers, or the number's own sentence, mentions pay
    (words in data/salary_lines.toml, [said]). So "we cut costs by $2M" is left out, and "around 150k"
    in answer to "What are your salary expectations?" is kept (a bare number there is read as money).
    Numbers are listed once each.
    """
    from .facts import scan

    params = P.require_dict(params)
    interview = params.get("interview")
    if interview is None:
        interview = {}
    if not isinstance(interview, dict):
        raise BadParams("The field 'interview' must be the interview object (with its rounds and ledger).")
    currency = P.text(params, "currency", required=False, default="USD", max_len=10).strip().upper() or "USD"
    cfg = load_lines().get("said", {})
    lo, hi = float(cfg.get("min_annual", 1000)), float(cfg.get("max_annual", 2_000_000))
    count_about = set(cfg.get("count_about", [""]))
    found: list[dict] = []

    def add(fact: dict, source: str, where: str) -> None:
        value = fact.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return
        if fact.get("mode") == "delta":
            return
        cur = fact.get("currency") if isinstance(fact.get("currency"), str) else ""
        item = {"value": value, "text": clean_text(str(fact.get("text") or value))[:200], "currency": cur,
                "source": source, "where": where, "locked": fact.get("locked") is True}
        if isinstance(fact.get("high"), (int, float)) and not isinstance(fact.get("high"), bool):
            item["high"] = fact["high"]
        if cur and cur != currency:
            item["comparable"], item["why"] = False, f"in {cur}, not {currency}"
        elif not lo <= value <= hi:
            item["comparable"], item["why"] = False, "too small or too large to be a yearly salary"
        else:
            item["comparable"] = True
        if any(f["value"] == value and f["currency"] == cur for f in found):
            return
        found.append(item)

    ledger = interview.get("ledger")
    facts = ledger.get("facts") if isinstance(ledger, dict) else None
    for fact in facts if isinstance(facts, list) else []:
        if not isinstance(fact, dict) or fact.get("kind") != "money":
            continue
        context = " ".join(str(fact.get(k) or "") for k in ("about", "label", "sentence", "text", "about_words"))
        if _mentions_pay(context):
            add(fact, "ledger", "your facts ledger" + (" (locked)" if fact.get("locked") is True else ""))

    rounds = interview.get("rounds")
    for ri, r in enumerate(rounds if isinstance(rounds, list) else []):
        if not isinstance(r, dict) or not isinstance(r.get("questions"), list):
            continue
        name = r.get("name") if isinstance(r.get("name"), str) and r.get("name").strip() else f"Round {ri + 1}"
        for qi, q in enumerate(r["questions"]):
            if not isinstance(q, dict) or not isinstance(q.get("answer"), str):
                continue
            answer = q["answer"][:MAX_SAID_TEXT]
            asked_about_pay = _mentions_pay(q.get("question"))
            if not asked_about_pay and not _mentions_pay(answer):
                continue
            for fact in scan(answer)[0]:
                in_context = asked_about_pay or _mentions_pay(fact.get("sentence"))
                bare = fact.get("kind") == "count" and (fact.get("about") or "") in count_about
                if in_context and (fact.get("kind") == "money" or bare):
                    add(fact, "debrief", f"{clean_text(name)[:80]}, question {qi + 1}")
    return {"numbers": found, "values": [f["value"] for f in found if f["comparable"]]}
