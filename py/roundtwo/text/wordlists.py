"""The word classes the fact scanner reads: number words, units of a change, title and role words.

Plain data and three small word helpers; the vocabulary people extend lives in data/facts.toml.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
               "briefly", "initially", "originally", "just", "made", "appointed", "named"}
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
    from .subjects import stem
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


def clean_number(value: float):
    """Whole numbers as int, others rounded: JSON stays readable and equal values compare equal."""
    if value != value or value in (float("inf"), float("-inf")):
        return None
    rounded = round(value)
    if abs(value - rounded) < 1e-9 * max(1.0, abs(value)):
        return int(rounded)
    return float(f"{value:.10g}")           # significant digits: six seconds is a tiny number of months
