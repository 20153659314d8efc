"""Words with offsets, cut into sentences and clauses: the one tokenizer the ledger's readers share.

Linear: one regex pass finds words and the punctuation that matters; no backtracking-prone patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from .wordlists import (_CLAUSE_BREAK, _CLAUSE_WORD, _ABBREVIATIONS, _SMALL, _singular)

MAX_SENTENCE_TOKENS = 250   # text with no full stops is cut into pieces of this size
MAX_TOKENS = 200_000        # about 0.9 MB of prose; past this the rest of a text is not read (truncated)

NUM, WORD, SYM = 0, 1, 2
# Numbers ("1,200", "3.5"), words (letters of any script, inner apostrophes) or a run of one other
# character ("$", "---", "..."). Each alternative starts on a different class of character: no backtracking.
_TOKEN = re.compile(r"(\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)|([^\W\d_]+(?:['\u2019][^\W\d_]+)*)|((\S)\4*)")


# A word (letters or digits, inner apostrophes, dots or commas between digits), or one piece of punctuation
# that ends a sentence or a clause, or an arrow ("->", "→") that notes use for a change.

ABBREVIATIONS = frozenset({"incl", "approx", "vs", "c", "ca", "etc", "esp", "avg", "no", "mr", "mrs", "ms", "dr", "st",
                           "eg", "ie", "est", "dept", "yr", "yrs", "mo", "wk", "hrs", "min", "max", "inc", "ltd",
                           "co", "govt", "fig", "ref", "vol", "mgr", "sr", "jr"})
# After a number, these abbreviations are units: "6 yrs. Shift lead since 2021" ends a notes fragment
# at the unit's dot when a capital follows (where "incl. 4 junior" and "Dr. Patel" go on).
UNIT_ABBREVIATIONS = frozenset({"yr", "yrs", "mo", "mos", "wk", "wks", "hrs", "min", "mins"})


def unit_dot_ends(before: str, abbreviation: str, text: str, end: int) -> bool:
    """Whether the dot at text[end - 1], after `abbreviation` after the token `before`, ends a sentence."""
    slash = text[max(0, end - len(abbreviation) - 2):end - 1].lower() == "/" + abbreviation
    if abbreviation not in UNIT_ABBREVIATIONS or not before[:1].isdigit() and before.lower() not in _SMALL \
            and not slash:                      # "~50 loads/wk. Neighbouring depot ...": a rate's unit
        return False
    rest = text[end:end + 3]
    return rest[:1].isspace() and rest.strip()[:1].isupper()


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
    """Every word and meaningful punctuation mark of `text`, with sentence and clause numbers.

    The same regex as the fact scanner's (one tokenizer): numbers, words and runs of one other character.
    """
    out: list[Token] = []
    sentence = clause = 0
    words_in_sentence = 0
    last_end = 0
    for m in _TOKEN.finditer(text):
        piece = m.group()
        start, end = m.span()
        if out and "\n" in text[last_end:start]:
            sentence += 1               # a line break ends a note's line
            clause += 1
            words_in_sentence = 0
        last_end = end
        if m.lastindex in (1, 2):
            low = piece.lower().replace("\u2019", "'")
            if low in CLAUSE_WORDS and (low != "and" or _next_word(text, end) in _AND_STARTS_CLAUSE):
                clause += 1             # "design and engineering" is one phrase; "and we cut" a new clause
            out.append(Token(piece, low, start, end, True, sentence, clause))
            words_in_sentence += 1
            continue
        first = piece[0]
        if first in ".!?\u2026":
            if first == "." and out and out[-1].word and out[-1].low in ABBREVIATIONS \
                    and not unit_dot_ends(out[-2].text if len(out) > 1 else "", out[-1].low, text, end):
                out.append(Token(piece, piece, start, end, False, sentence, clause))
                continue                # "incl. 4 junior": an abbreviation's dot
            if end < len(text) and not text[end].isspace() and first == ".":
                out.append(Token(piece, piece, start, end, False, sentence, clause))
                continue                # "e.g.x", "v1.2": not a sentence end
            out.append(Token(piece, piece, start, end, False, sentence, clause))
            sentence += 1
            clause += 1
            words_in_sentence = 0
            continue
        spaced = (start == 0 or text[start - 1].isspace()) and (end >= len(text) or text[end].isspace())
        if first in CLAUSE_BREAK and first != "-" or first in ">\u2192" or first == "-" and (spaced or text[end:end + 1] == ">"):
            if not (first == ":" and 0 < words_in_sentence <= 6):
                clause += 1             # "Orders: 40 -> 90/week": a label and its value are one clause
            out.append(Token(piece, piece, start, end, False, sentence, clause))
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




class TokenStream:
    """The scanner's tokens, read lazily, with windows and phrase look-ups around a position."""

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
                                                               self.low[i - 1] in _ABBREVIATIONS and not
                                                               unit_dot_ends(tok[i - 2] if i > 1 else "", self.low[i - 1],
                                                                             text, en[i])):
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
