"""Words with offsets, cut into sentences and clauses: the one tokenizer the ledger's readers share.

Linear: one regex pass finds words and the punctuation that matters; no backtracking-prone patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word (letters or digits, inner apostrophes, dots or commas between digits), or one piece of punctuation
# that ends a sentence or a clause, or an arrow ("->", "→") that notes use for a change.
_TOKEN = re.compile(r"(\w+(?:(?:(?<=\d)[.,](?=\d)|['\u2019](?=\w))\w+)*)|(->|=>|\u2192|[.!?;:,()\u2014\u2013\n\"\u201c\u201d]|-(?=\s))")

SENTENCE_END = frozenset({".", "!", "?", "\n"})
ABBREVIATIONS = frozenset({"incl", "approx", "vs", "c", "ca", "etc", "esp", "avg", "no", "mr", "mrs", "ms", "dr", "st",
                           "eg", "ie", "est", "dept", "yr", "yrs", "mo", "wk", "hrs", "min", "max", "inc", "ltd",
                           "co", "govt", "fig", "ref", "vol", "mgr", "sr", "jr"})
CLAUSE_BREAK = frozenset({",", ";", ":", "(", ")", "\u2014", "\u2013", "-", '"', "\u201c", "\u201d"})
CLAUSE_WORDS = frozenset({"and", "but", "while", "whereas", "although", "though", "because", "so", "which",
                          "plus", "then", "where", "when", "after", "before", "whilst"})


_AND_STARTS_CLAUSE = frozenset({"i", "we", "they", "he", "she", "it", "that", "this", "then", "so", "our", "my",
                                "the", "there", "by", "in", "after", "within", "over", "also", "later"})
_WORD = re.compile(r"\s*(\w+)")


def _next_word(text: str, at: int) -> str:
    m = _WORD.match(text, at)
    return m.group(1).lower() if m else ""


@dataclass(slots=True)
class Token:
    text: str       # as written
    low: str        # lower case, curly apostrophes straightened
    start: int
    end: int
    word: bool      # False for punctuation
    sentence: int   # index of its sentence
    clause: int     # running count of clause breaks before it (comparing two tells if a break lies between)


def tokenize(text: str) -> list[Token]:
    """Every word and meaningful punctuation mark of `text`, with sentence and clause numbers."""
    out: list[Token] = []
    sentence = clause = 0
    words_in_sentence = 0
    for m in _TOKEN.finditer(text):
        word = m.group(1)
        piece = word if word is not None else m.group(2)
        low = piece.lower().replace("\u2019", "'")
        if word is None:
            if piece == "." and out and out[-1].word and out[-1].low in ABBREVIATIONS:
                out.append(Token(piece, low, m.start(), m.end(), False, sentence, clause))
                continue                # "incl. 4 junior": an abbreviation's dot
            if piece in SENTENCE_END:
                # "3.5" never gets here (a number keeps its dot); a dot before a digit-less gap ends a sentence
                out.append(Token(piece, low, m.start(), m.end(), False, sentence, clause))
                sentence += 1
                clause += 1
                words_in_sentence = 0
                continue
            if not (piece == ":" and 0 < words_in_sentence <= 6):
                clause += 1             # "Deploys: weekly -> 15/day": a label and its value are one clause
            out.append(Token(piece, low, m.start(), m.end(), False, sentence, clause))
            continue
        if low in CLAUSE_WORDS and (low != "and" or _next_word(text, m.end()) in _AND_STARTS_CLAUSE):
            clause += 1                 # "design and engineering" is one phrase; "and we cut" a new clause
        words_in_sentence += 1
        out.append(Token(piece, low, m.start(), m.end(), True, sentence, clause))
    return out


def token_at(tokens: list[Token], offset: int) -> int:
    """Index of the first token that ends after `offset` (binary search)."""
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo
