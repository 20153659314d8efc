"""Answer analysis: what an interview answer contains, with the words that show it.

Everything here is rule-based and explainable. The answer is cut into sentences and word tokens
(both in one linear pass each, no backtracking-prone patterns), then word lists from
`data/hedges.toml` and `data/lexicon.toml` are matched against the tokens. Every judgement carries
the words that caused it as `{"text", "start", "end"}`, with offsets into the answer as given.

Offsets count Unicode code points (Python string indices). The page works in UTF-16 code units,
so `answer.analyze` takes `"offsets": "utf16"` to convert them (they differ only after characters
outside the Basic Multilingual Plane, such as emoji).

`analyse(answer, question, category)` returns an `Analysis` used by the probe rules and the
feedback grader; `analyze_params` is the `answer.analyze` method.
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

from . import params as P

# Detailed analysis looks at this many characters; longer answers are counted, not dissected.
# (A spoken answer of ten minutes is about 1,500 words, or 9,000 characters.)
DETAIL_LIMIT = 60_000
# Longest list of hits returned for any one thing; "count" always tells the full number.
MAX_ITEMS = 40

CATEGORIES = ("behavioral", "values", "scenario", "technical", "why_us")

# One token: a word (letters, digits, apostrophes and hyphens inside), an optional currency sign in
# front and an optional percent sign behind; dots and commas only between digits ("2.1", "1,000").
# Every alternative consumes, and the pieces cannot overlap, so matching is linear.
TOKEN_RE = re.compile(r"[$£€¥]?\w+(?:(?:(?<=\d)[.,](?=\d)|['’\-])\w+)*%?")
# Sentence ends: a run of terminal punctuation or a line break. Whether it really ends a sentence
# is decided in Python by looking at the next character (no look-ahead inside the pattern).
END_RE = re.compile(r"[.!?…。！？]+|\n")
DIGIT_RE = re.compile(r"\d")
YEAR_RE = re.compile(r"(?:19|20)\d\d")
PERIOD_RE = re.compile(r"(?:[qh][1-4]|fy\d{2}|fy\d{4})")
MULT_RE = re.compile(r"\d+(?:\.\d+)?x")
ALNUM_RE = re.compile(r"[a-z]+\d+[a-z\d]*|\d+[a-z]+[a-z\d]*")
SPACE_RE = re.compile(r"\s+")
WORDCHAR_RE = re.compile(r"\w")

ABBREVIATIONS = frozenset({
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "vs", "st", "approx", "inc", "ltd", "co", "jr", "sr",
    "u.s", "u.k", "no", "fig", "dept", "est", "p", "pp", "cf", "al",
})
CLOSERS = "\"'”’)]»"
CLAUSE_PUNCT = frozenset(",;:—–()[]\"“”")
CLAUSE_WORDS = frozenset({"and", "but", "so", "which", "while", "because", "then", "although", "though", "whereas"})
LIKE_NEXT = frozenset({"i", "we", "they", "he", "she", "you", "so", "um", "uh", "literally", "totally"})
SKIP_BEFORE_VERB = frozenset({
    "would", "will", "could", "should", "might", "can", "going", "to", "then", "also", "just", "first",
    "quickly", "immediately", "personally", "eventually", "finally", "kind", "sort", "of", "basically",
    "actually", "really", "myself", "ourselves", "both", "all", "together", "jointly",
})
MEASURE_PREPS = frozenset({"to", "from", "at", "under", "below", "than", "averaged", "average"})
SUBJECTS = frozenset({"i", "we", "they", "he", "she", "i'd", "we'd", "i'm", "we're", "my", "our"})
TASK_VERBS = frozenset({"fix", "figure", "sort", "deal", "handle", "work", "talk", "make"})
DESCRIPTIVE_BEFORE = frozenset({"is", "are", "be", "gets", "get", "being", "to"})
SUBORDINATE = frozenset({"when", "while", "since", "as", "after", "before", "until", "once", "if", "because", "whenever",
                         "how", "what", "where", "why", "whether", "which", "who", "whom"})
# Failure words that, in a question, do not ask for a look back ("give difficult feedback").
NOT_RETRO_IN_QUESTION = frozenset({"feedback", "cost us", "criticism"})
RELATIVE = frozenset({"that", "which", "who", "where"})
LEAD_DROP = frozenset({"and", "but", "so", "then", "which", "that", "also", "plus", "while"})
TIME_PREPS = frozenset({"over", "in", "during", "within", "after", "by", "across", "for", "throughout", "since"})
TIME_MODS = frozenset({"the", "next", "last", "first", "following", "same", "that", "this", "a", "an", "few", "couple", "of", "coming", "past", "rest"})


# --------------------------------------------------------------------------------------- data


def _load_toml(name: str) -> dict:
    with resources.files("roundtwo").joinpath("data", name).open("rb") as fh:
        return tomllib.load(fh)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


class PhraseTable:
    """Whole-word phrase lookup over a token list: first word -> phrases starting with it."""

    def __init__(self, phrases):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        seen = set()
        for phrase in phrases:
            words = tuple(_norm(m.group()) for m in TOKEN_RE.finditer(phrase))
            if not words or words in seen:
                continue
            seen.add(words)
            self.by_first.setdefault(words[0], []).append(words)
        for options in self.by_first.values():
            options.sort(key=len, reverse=True)  # longest match first

    def find(self, words: list[str], lo: int = 0, hi: int | None = None):
        """Yield (i, j) token ranges of non-overlapping matches in words[lo:hi], longest first."""
        hi = len(words) if hi is None else hi
        by_first = self.by_first
        i = lo
        while i < hi:
            options = by_first.get(words[i])
            if options:
                for option in options:
                    n = len(option)
                    if i + n <= hi and (n == 1 or tuple(words[i:i + n]) == option):
                        yield i, i + n
                        i += n - 1
                        break
            i += 1

    def __contains__(self, word: str) -> bool:
        options = self.by_first.get(word)
        return bool(options) and any(len(o) == 1 for o in options)


class Lexicon:
    def __init__(self):
        hedges = _load_toml("hedges.toml")
        lex = _load_toml("lexicon.toml")
        self.hedges = PhraseTable(hedges["hedges"]["phrases"])
        self.fillers = PhraseTable(hedges["fillers"]["phrases"])
        self.like_after = frozenset(hedges["fillers"].get("like_filler_after", []))
        self.like_not_before = frozenset(hedges["fillers"].get("like_not_filler_before", []))
        self.vague = PhraseTable(hedges["vague"]["phrases"])
        self.comparatives = PhraseTable(hedges["vague"].get("comparatives", []))
        self.absolutes = PhraseTable(hedges["absolutes"]["phrases"])
        star = lex["star"]
        self.situation = PhraseTable(star["situation"])
        self.task = PhraseTable(star["task"])
        self.result = PhraseTable(star["result"])
        self.state_verbs = frozenset(star["state_verbs"])
        self.irregular_past = frozenset(star["irregular_past"])
        pron = lex["pronouns"]
        self.i_words = frozenset(pron["i"])
        self.i_subject = frozenset(pron["i_subject"])
        self.we_words = frozenset(pron["we"])
        self.we_subject = PhraseTable(pron["we_subject"])
        nums = lex["numbers"]
        # Number words and multiples are the fact engine's own (roundtwo.text.wordlists): one vocabulary
        # for "five", "a dozen" and "doubled" across answer analysis and the ledger.
        from .text.wordlists import _BIG, _MULTIPLE_WORDS, _SMALL, _TENS
        self.number_words = frozenset(set(_SMALL) - {"zero"} | set(_TENS) | set(_BIG) | {"hundred"} |
                                      {w for w in nums["words"] if " " not in w})
        self.multipliers = frozenset({w for w in _MULTIPLE_WORDS if w.endswith("ed")} | set(nums["multipliers"]))
        self.percent_words = frozenset(w for w in nums["percent_words"] if " " not in w)
        self.money_words = frozenset(nums["money_words"])
        self.time_units = frozenset(nums["time_units"])
        self.perf_units = frozenset(nums["perf_units"])
        self.time_words = PhraseTable(nums["time_words"])
        claims = lex["claims"]
        self.change = PhraseTable(claims["change"])
        self.quantitative = frozenset(claims["quantitative"])
        self.absolute_outcomes = PhraseTable(claims["absolute_outcomes"])
        self.counterfactual = PhraseTable(claims["counterfactual"])
        themes = lex["themes"]
        self.failure = PhraseTable(themes["failure"])
        self.trade_off = PhraseTable(themes["trade_off"])
        self.retro_question = PhraseTable(themes["retrospective_question"])
        self.story_question = PhraseTable(themes["story_question"])
        self.decision = PhraseTable(themes["decision"])
        self.signposts = PhraseTable(themes["signposts"])
        self.value_pulls = {str(w).lower(): (str(say), str(other)) for w, say, other in lex["values"]["pulls"]}
        self.stopwords = frozenset(lex["stopwords"]["words"])


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


# --------------------------------------------------------------------------------------- text


def tokenize(text: str):
    """[(normalised word, start, end)] for every token, in order. Linear in len(text)."""
    return [(_norm(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end), whitespace trimmed, in one left-to-right pass."""
    spans = []
    start = 0
    n = len(text)
    for m in END_RE.finditer(text):
        end = m.end()
        if m.group() != "\n":
            # absorb closing quotes/brackets: "...done." she said
            while end < n and text[end] in CLOSERS:
                end += 1
            if end < n and not text[end].isspace():
                continue  # "2.1", "e.g.x", "end.Next" - not a boundary
            if m.group() == ".":
                cut = text.rfind(" ", max(start, m.start() - 12), m.start())
                before = text[(cut + 1 if cut >= 0 else max(start, m.start() - 12)):m.start()].lower().lstrip("(\"'“")
                if before in ABBREVIATIONS or (len(before) == 1 and before.isalpha() and before != "i"):
                    continue
        _push_span(text, start, end, spans)
        start = end
    _push_span(text, start, n, spans)
    return spans


def _push_span(text: str, start: int, end: int, spans: list) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and WORDCHAR_RE.search(text, start, end):
        spans.append((start, end))
    elif end > start and spans and end - start < 400:
        # stray punctuation or symbols: fold into the previous sentence rather than dropping
        spans[-1] = (spans[-1][0], end)


def span(text: str, start: int, end: int) -> dict:
    return {"text": text[start:end], "start": start, "end": end}


def utf16_offsets(result, text: str):
    """Rewrite every {"text","start","end"} dict in result to UTF-16 code-unit offsets, in place."""
    if not any(ord(ch) > 0xFFFF for ch in text):
        return result
    prefix = [0] * (len(text) + 1)
    count = 0
    for i, ch in enumerate(text):
        prefix[i] = count
        count += 2 if ord(ch) > 0xFFFF else 1
    prefix[len(text)] = count

    def walk(node, depth=0):
        if depth > 12:
            return
        if isinstance(node, dict):
            if isinstance(node.get("start"), int) and isinstance(node.get("end"), int) and "text" in node:
                s, e = node["start"], node["end"]
                if 0 <= s <= len(text) and 0 <= e <= len(text):
                    node["start"], node["end"] = prefix[s], prefix[e]
            for value in node.values():
                walk(value, depth + 1)
        elif isinstance(node, list):
            for value in node:
                walk(value, depth + 1)

    walk(result)
    return result


# --------------------------------------------------------------------------------------- analysis


class Sentence:
    __slots__ = ("index", "start", "end", "t0", "t1", "situation", "task", "result", "actions_i",
                 "actions_we", "hypothetical", "metrics", "claims", "descriptive")

    def __init__(self, index, start, end, t0, t1):
        self.index, self.start, self.end, self.t0, self.t1 = index, start, end, t0, t1
        self.situation, self.task, self.result = [], [], []
        self.actions_i, self.actions_we, self.hypothetical = [], [], []
        self.metrics, self.claims = [], []
        self.descriptive = False


class Analysis:
    """Everything the rules need about one answer. Hits are (start, end) character spans."""

    def __init__(self, answer: str, question: str = "", category: str | None = None):
        self.full_text = answer
        self.truncated = len(answer) > DETAIL_LIMIT
        text = answer[:DETAIL_LIMIT] if self.truncated else answer
        if self.truncated:  # do not cut a word in half
            cut = text.rfind(" ", DETAIL_LIMIT - 200)
            if cut > 0:
                text = text[:cut]
        self.text = text
        self.question = question or ""
        self.category = category if category in CATEGORIES else None
        self.lex = lexicon()
        self.tokens = tokenize(text)
        self.words = [t[0] for t in self.tokens]
        self.word_count = len(self.tokens) if not self.truncated else len(answer.split())
        spans = split_sentences(text)
        if self.tokens and not spans:
            spans = [(self.tokens[0][1], self.tokens[-1][2])]
        self.sentences: list[Sentence] = []
        self.sent_of: list[int] = [0] * len(self.tokens)
        ti = 0
        for si, (s, e) in enumerate(spans):
            t0 = ti
            while ti < len(self.tokens) and self.tokens[ti][1] < e:
                self.sent_of[ti] = si
                ti += 1
            self.sentences.append(Sentence(si, s, e, t0, ti))
        while ti < len(self.tokens):  # tokens after the last span (should not happen)
            self.sent_of[ti] = max(0, len(spans) - 1)
            ti += 1
        self._question_analysis()
        self._lists()
        self._numbers()
        self._pronouns_and_actions()
        self._star()
        self._claims()

    # -- helpers

    def tspan(self, i: int, j: int) -> tuple[int, int]:
        return self.tokens[i][1], self.tokens[j - 1][2]

    def same_sentence(self, i: int, j: int) -> bool:
        return self.sent_of[i] == self.sent_of[j - 1]

    def _phrase_hits(self, table: PhraseTable) -> list[tuple[int, int]]:
        return [(i, j) for i, j in table.find(self.words) if self.same_sentence(i, j)]

    # -- question

    def _question_analysis(self):
        q_words = [t[0] for t in tokenize(self.question[:2000])]
        lex = self.lex
        self.question_words = q_words
        self.question_story = any(True for _ in lex.story_question.find(q_words))
        retro = list(lex.retro_question.find(q_words)) + [
            (i, j) for i, j in lex.failure.find(q_words) if " ".join(q_words[i:j]) not in NOT_RETRO_IN_QUESTION]
        self.question_retro = list(dict.fromkeys(" ".join(q_words[i:j]) for i, j in sorted(retro)))
        self.question_values = [w for w in q_words if w in lex.value_pulls]

    # -- word lists

    def _lists(self):
        lex = self.lex
        words = self.words
        self.hedges = self._phrase_hits(lex.hedges)
        self.fillers = self._phrase_hits(lex.fillers)
        # "like" as filler: ", like," / "like," / "was like" - not "I'd like to", "looks like"
        for i, w in enumerate(words):
            if w != "like":
                continue
            s, e = self.tokens[i][1], self.tokens[i][2]
            prev = words[i - 1] if i > 0 and self.sent_of[i - 1] == self.sent_of[i] else ""
            if prev in self.lex.like_not_before:
                continue
            after_comma = self.text[e:e + 1] == ","
            before_comma = bool(prev) and "," in self.text[self.tokens[i - 1][2]:s]
            nxt = words[i + 1] if i + 1 < len(words) and self.sent_of[i + 1] == self.sent_of[i] else ""
            if after_comma or before_comma or (prev in lex.like_after and nxt in LIKE_NEXT):
                self.fillers.append((i, i + 1))
        self.fillers.sort()
        # "asked to fix it", "needed to figure out": a task being described, not a vague claim
        self.vague = [(i, j) for i, j in self._phrase_hits(lex.vague)
                      if not (i > 0 and words[i - 1] == "to" and words[i] in TASK_VERBS)]
        self.comparatives = self._phrase_hits(lex.comparatives)
        self.trade_offs = self._phrase_hits(lex.trade_off)
        self.failures = self._phrase_hits(lex.failure)
        self.decisions = self._phrase_hits(lex.decision)
        self.signposts = self._phrase_hits(lex.signposts)
        self.time_phrases = self._phrase_hits(lex.time_words)

    # -- numbers

    def _numbers(self):
        """Metrics (percent, money, multiplier, count, performance) and timeframes, as token ranges."""
        lex = self.lex
        words = self.words
        n = len(words)
        self.metrics: list[tuple[int, int, str]] = []
        self.timeframes: list[tuple[int, int, str]] = []
        self.named: list[tuple[int, int]] = []
        for i, w in enumerate(words):
            nxt = words[i + 1] if i + 1 < n and self.sent_of[i + 1] == self.sent_of[i] else ""
            base = w.split("-", 1)
            head, tail = base[0], (base[1] if len(base) > 1 else "")
            if DIGIT_RE.search(w):
                if w[0] in "$£€¥" or nxt in lex.money_words:
                    self.metrics.append((i, i + 1 + (nxt in lex.money_words), "money"))
                elif w.endswith("%") or nxt in lex.percent_words:
                    self.metrics.append((i, i + 1 + (not w.endswith("%")), "percent"))
                elif YEAR_RE.fullmatch(w):
                    self.timeframes.append((i, i + 1, "year"))
                elif PERIOD_RE.fullmatch(w):
                    self.timeframes.append((i, i + 1, "period"))
                elif MULT_RE.fullmatch(w):
                    self.metrics.append((i, i + 1, "multiplier"))
                elif (nxt in lex.time_units or tail in lex.time_units) and i > 0 and words[i - 1] in MEASURE_PREPS:
                    self.metrics.append((i, i + 1 + (nxt in lex.time_units), "performance"))
                elif nxt in lex.time_units or tail in lex.time_units:
                    self.timeframes.append((i, i + 1 + (nxt in lex.time_units), "duration"))
                elif nxt in lex.perf_units or tail in lex.perf_units:
                    self.metrics.append((i, i + 1 + (nxt in lex.perf_units), "performance"))
                elif ALNUM_RE.fullmatch(w.replace("-", "")):
                    self.named.append((i, i + 1))
                else:
                    self.metrics.append((i, i + 1, "count"))
                continue
            if head in lex.number_words:
                if (nxt in lex.time_units or tail in lex.time_units) and i > 0 and words[i - 1] in MEASURE_PREPS:
                    self.metrics.append((i, i + 1 + (nxt in lex.time_units and not tail), "performance"))
                elif nxt in lex.time_units or tail in lex.time_units:
                    self.timeframes.append((i, i + 1 + (nxt in lex.time_units and not tail), "duration"))
                elif nxt in lex.percent_words:
                    self.metrics.append((i, i + 2, "percent"))
                elif head in ("one", "single", "half") or tail:
                    continue
                elif nxt and nxt not in ("and", "or", "to", "of", "on") or nxt == "of":
                    self.metrics.append((i, i + 1, "count"))
                continue
            if w in lex.multipliers:
                self.metrics.append((i, i + 1, "multiplier"))
        for i, j in self.time_phrases:
            if not any(a <= i < b for a, b, _ in self.timeframes):
                self.timeframes.append((i, j, "date"))
        self.timeframes.sort()
        # Names: capitalised words not at the start of a sentence, acronyms, CamelCase.
        for sent in self.sentences:
            for i in range(sent.t0, sent.t1):
                w_raw = self.text[self.tokens[i][1]:self.tokens[i][2]].lstrip("$£€¥")
                if not w_raw or not w_raw[0].isalpha():
                    continue
                low = self.words[i]
                if low in self.lex.i_words or low in ("ok", "okay"):
                    continue
                letters = [c for c in w_raw if c.isalpha()]
                acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
                camel = len(w_raw) > 2 and w_raw[0].isupper() and any(c.isupper() for c in w_raw[1:]) and any(c.islower() for c in w_raw)
                camel = camel or (w_raw[0].islower() and any(c.isupper() for c in w_raw[1:]))
                proper = w_raw[0].isupper() and i > sent.t0 and low not in self.lex.stopwords
                if (acronym or camel or proper) and not any(a <= i < b for a, b, _ in self.timeframes):
                    if self.named and self.named[-1][1] == i and proper:
                        self.named[-1] = (self.named[-1][0], i + 1)  # "Acme Corp"
                    else:
                        self.named.append((i, i + 1))
        self.named.sort()
        for i, j, kind in self.metrics:
            self.sentences[self.sent_of[i]].metrics.append((i, j, kind))

    # -- who did it

    def _pronouns_and_actions(self):
        lex = self.lex
        words = self.words
        n = len(words)
        self.i_all = [i for i, w in enumerate(words) if w in lex.i_words]
        self.we_all = [i for i, w in enumerate(words) if w in lex.we_words]
        self.i_subject = [i for i, w in enumerate(words) if w in lex.i_subject]
        self.we_subject = [(i, j) for i, j in self._phrase_hits(lex.we_subject)]
        subjects = [(i, i + 1, "i") for i in self.i_subject] + [(i, j, "we") for i, j in self.we_subject]
        self.actions: list[tuple[int, int, str, bool]] = []  # (subject start, verb end, who, hypothetical)
        for i, j, who in subjects:
            if i > 0 and words[i - 1] in SUBORDINATE and self.sent_of[i - 1] == self.sent_of[i]:
                continue  # "when I joined", "after we launched": context, not the action
            k = j
            hyp = words[i] in ("i'd", "we'd", "i'll", "we'll")
            steps = 0
            while k < n and steps < 4 and self.sent_of[k] == self.sent_of[i]:
                w = words[k]
                if w in SKIP_BEFORE_VERB:
                    if w in ("would", "will", "going", "could", "should", "might", "can"):
                        hyp = True
                    k += 1
                    steps += 1
                    continue
                if w.endswith("ly") and len(w) > 4:
                    k += 1
                    steps += 1
                    continue
                break
            if k >= n or self.sent_of[k] != self.sent_of[i]:
                continue
            verb = words[k]
            if hyp:
                if verb not in lex.state_verbs and verb not in lex.stopwords or verb in ("use", "work", "go", "talk", "get"):
                    self.actions.append((i, k + 1, who, True))
                continue
            if verb in lex.state_verbs:
                continue
            if verb in lex.irregular_past or (verb.endswith("ed") and len(verb) > 3):
                self.actions.append((i, k + 1, who, False))
        for i, k, who, hyp in self.actions:
            sent = self.sentences[self.sent_of[i]]
            if hyp:
                sent.hypothetical.append((i, k))
            elif who == "i":
                sent.actions_i.append((i, k))
            else:
                sent.actions_we.append((i, k))

    # -- Situation, Task, Action, Result

    def _star(self):
        lex = self.lex
        for table, attr in ((lex.situation, "situation"), (lex.task, "task"), (lex.result, "result")):
            for i, j in self._phrase_hits(table):
                getattr(self.sentences[self.sent_of[i]], attr).append((i, j))
        for a, b, kind in self.timeframes:
            if kind in ("year", "date") and self.sent_of[a] == 0:
                self.sentences[0].situation.append((a, b))
        for sent in self.sentences:
            has_state = any(self.words[k] in ("was", "were", "had", "is", "are") for k in range(sent.t0, sent.t1))
            sent.descriptive = has_state and not sent.actions_i
        ss = self.sentences
        self.star: dict[str, Sentence | None] = {"situation": None, "task": None, "action": None, "result": None}
        self.star_cues: dict[str, list] = {"situation": [], "task": [], "action": [], "result": []}
        many = len(ss) > 1
        # Situation: the earliest sentence with a context cue, or an opening sentence that only describes.
        for sent in ss:
            if sent.situation and (not many or sent.index < len(ss) - 1 or not sent.result):
                self.star["situation"] = sent
                self.star_cues["situation"] = sent.situation
                break
        if self.star["situation"] is None and many and ss[0].descriptive and not ss[0].result:
            self.star["situation"] = ss[0]
        for sent in ss:
            if sent.task:
                self.star["task"] = sent
                self.star_cues["task"] = sent.task
                break
        acts = [s for s in ss if s.actions_i] or [s for s in ss if s.actions_we]
        if not acts and self.category in ("scenario", "technical", "why_us"):
            acts = [s for s in ss if s.hypothetical]
        if acts:
            self.star["action"] = acts[0]
            self.star_cues["action"] = acts[0].actions_i or acts[0].actions_we or acts[0].hypothetical
        # Result: the last sentence with an outcome cue, not before the first action (what comes
        # before the action is context: "wanted to cut the work to hit the date").
        first_act = self.star["action"]
        for sent in reversed(ss):
            cues = sent.result
            if first_act is not None:
                if sent.index < first_act.index:
                    continue
                if sent.index == first_act.index:
                    act_tok = (first_act.actions_i or first_act.actions_we or first_act.hypothetical)[0][0]
                    cues = [c for c in cues if c[0] > act_tok]
            # "the contract is signed", "to be launched": a description, not an outcome
            cues = [c for c in cues if not (c[0] > sent.t0 and self.words[c[0] - 1] in DESCRIPTIVE_BEFORE)]
            if cues and (not many or sent.index > 0 or len(cues) > 1 or sent.metrics):
                self.star["result"] = sent
                self.star_cues["result"] = cues
                break
        if self.star["result"] is None and first_act is not None and many:
            # a closing sentence with figures after the action is an outcome ("By May we served 3,000 rps")
            last = ss[-1]
            if last.index > first_act.index and not last.actions_i and any(k != "count" for _, _, k in last.metrics):
                self.star["result"] = last
                self.star_cues["result"] = [(i, j) for i, j, _ in last.metrics[:3]]
        self.hypothetical_only = bool(any(s.hypothetical for s in ss)) and not any(s.actions_i or s.actions_we for s in ss)

    # -- claims an interviewer will test

    def _claims(self):
        """(strength, kind, metric token range, quote token range) for each testable claim."""
        lex = self.lex
        words = self.words
        self.claims = []
        change_hits = self._phrase_hits(lex.change)
        change_by_sent: dict[int, list] = {}
        for i, j in change_hits:
            change_by_sent.setdefault(self.sent_of[i], []).append((i, j))
        cf_by_sent: dict[int, list] = {}
        for i, j in self._phrase_hits(lex.counterfactual):
            cf_by_sent.setdefault(self.sent_of[i], []).append((i, j))
        last = len(self.sentences) - 1
        first_act = self.star["action"]
        for sent in self.sentences:
            if first_act is not None and sent.index < first_act.index and sent is not self.star["result"]:
                continue  # figures that set the scene (before anything was done) are the baseline, not the claim
            verbs = change_by_sent.get(sent.index, [])
            for a, b, kind in sent.metrics:
                near = [v for v in verbs if abs(v[0] - a) <= (4 if kind == "count" else 8)]
                if kind == "count" and sent is not self.star["result"]:
                    near = [v for v in near if " ".join(words[v[0]:v[1]]) in lex.quantitative]
                cf = [c for c in cf_by_sent.get(sent.index, []) if abs(c[0] - a) <= 8]
                if cf:
                    c_end = min(max(cf[0][1] + 1, b), sent.t1)
                    self.claims.append((40, "counterfactual", (a, b), (min(a, cf[0][0]), c_end)))
                elif near or (kind == "multiplier" and a > sent.t0):
                    anchor = min(near, key=lambda v: abs(v[0] - a)) if near else (a, b)
                    strength = {"percent": 80, "money": 78, "multiplier": 78, "performance": 70}.get(kind, 55)
                    if sent.result:
                        strength += 5
                    self.claims.append((strength, "change", (a, b), self._quote_range(sent, a, b, anchor)))
                elif kind == "multiplier":
                    self.claims.append((75, "change", (a, b), self._quote_range(sent, a, b, (a, b))))
                elif sent is self.star["result"] and (a >= min(c[0] for c in self.star_cues["result"]) or not any(
                        p[0] < a for p in sent.actions_i + sent.actions_we)):
                    # a figure stated as the outcome, with no change verb ("two quarters later NPS was 41")
                    self.claims.append((60 if kind != "count" else 55, "change", (a, b),
                                        self._quote_range(sent, a, b, (a, b))))
            # Sweeping outcomes ("not one missed delivery all season") in a result sentence.
            if sent.result and (sent.index > 0 or last == 0):
                for i, j in self.lex.absolute_outcomes.find(words, sent.t0, sent.t1):
                    if i + 1 < sent.t1 and words[i] in ("no", "zero", "none", "never", "every", "all", "not") and words[i + 1] in lex.stopwords and words[i] not in ("every", "all"):
                        if words[i + 1] not in ("more", "longer", "one", "single"):
                            continue
                    self.claims.append((60, "absolute", (i, j), self._quote_range(sent, i, j, (i, j))))
                    break
        seen, unique = set(), []
        for claim in sorted(self.claims, key=lambda c: (-c[0], c[2][0])):
            if claim[3] not in seen:
                seen.add(claim[3])
                unique.append(claim)
        self.claims = unique

    def clause(self, i: int, j: int, right: int = 14) -> tuple[int, int]:
        """Token range of the clause around tokens i..j (at most 5 words before, `right` after)."""
        return self._quote_range(self.sentences[self.sent_of[i]], i, j, (i, j), right)

    def _quote_range(self, sent: Sentence, a: int, b: int, anchor: tuple[int, int], right: int = 14) -> tuple[int, int]:
        """The clause around a claim, trimmed to the words that carry it: 'conversion rose 30%'."""
        words = self.words
        text = self.text
        lo, hi = min(a, anchor[0]), max(b, anchor[1])
        c0, c1 = sent.t0, sent.t1
        for k in range(lo - 1, sent.t0 - 1, -1):  # walk left to a clause break, at most 5 words
            gap = text[self.tokens[k][2]:self.tokens[k + 1][1]]
            if any(ch in CLAUSE_PUNCT for ch in gap) or (words[k + 1] in CLAUSE_WORDS and k + 1 < lo):
                c0 = k + 1
                break
            if words[k] in RELATIVE or words[k] in CLAUSE_WORDS:
                c0 = k + 1 if words[k] in RELATIVE else k
                break
            if lo - k > 5:
                c0 = k + 1
                # rather than start mid-phrase, start at a nearby subject ("I promised ... without checking")
                for m in range(k, max(sent.t0, lo - 11) - 1, -1):
                    if words[m] in SUBJECTS:
                        c0 = m
                        break
                    gap = text[self.tokens[m][2]:self.tokens[m + 1][1]]
                    if any(ch in CLAUSE_PUNCT for ch in gap):
                        break
                break
        for k in range(hi, sent.t1):  # walk right to a clause break, at most `right` words
            gap = text[self.tokens[k - 1][2]:self.tokens[k][1]]
            if any(ch in CLAUSE_PUNCT for ch in gap) or words[k] in CLAUSE_WORDS:
                c1 = k
                break
            if k - hi >= right:
                c1 = k
                break
        # drop leading connectives and a leading time phrase ("Over the next quarter ...")
        while c0 < lo and words[c0] in LEAD_DROP:
            c0 += 1
        if c0 < lo and (words[c0] in TIME_PREPS or words[c0] in TIME_MODS or words[c0] in self.lex.number_words):
            k = c0 + (words[c0] in TIME_PREPS)
            while k < lo and words[k] in TIME_MODS:
                k += 1
            if k < lo and (YEAR_RE.fullmatch(words[k]) or PERIOD_RE.fullmatch(words[k])):
                c0 = k + 1
            else:
                while k < lo and (words[k] in self.lex.number_words or DIGIT_RE.search(words[k])):
                    k += 1
                if k < lo and words[k] in self.lex.time_units:
                    c0 = k + 1
        while c0 < lo and words[c0] in LEAD_DROP:
            c0 += 1
        return c0, max(c1, hi)

    # -- summaries used by rules and feedback

    def hits(self, pairs, limit: int = MAX_ITEMS) -> list[dict]:
        out = []
        for pair in pairs[:limit]:
            s, e = self.tspan(pair[0], pair[1])
            out.append(span(self.text, s, e))
        return out

    def sentence_span(self, sent: Sentence | None) -> dict | None:
        return None if sent is None else span(self.text, sent.start, sent.end)

    def token_range_span(self, i: int, j: int) -> dict:
        s, e = self.tspan(i, j)
        return span(self.text, s, e)

    @property
    def hard_specifics(self) -> int:
        return len(self.metrics) + len(self.timeframes) + len(self.named)

    def specificity(self) -> dict:
        """0-100 with the items that raised and lowered it."""
        words = max(1, self.word_count)
        vague = self.vague_hits()
        per = max(1.0, min(words, 400) / 25.0)
        raw = 100.0 * self.hard_specifics / per
        penalty = 8 * (len(vague) + len(self.hedges))
        score = max(0, min(100, round(raw - penalty)))
        return {"score": score, "specific_items": self.hard_specifics, "vague_items": len(vague) + len(self.hedges)}

    def vague_hits(self) -> list[tuple[int, int]]:
        """Vague phrases plus comparatives in sentences without a number."""
        out = list(self.vague)
        numbered = {self.sent_of[a] for a, _, _ in self.metrics}
        for i, j in self.comparatives:
            if self.sent_of[i] not in numbered and not any(a <= i < b for a, b in self.vague):
                out.append((i, j))
        out.sort()
        return out

    def length_band(self) -> str:
        n = self.word_count
        if n == 0:
            return "empty"
        if n < 25:
            return "thin"
        if n < 60:
            return "short"
        if n <= 350:
            return "good"
        if n <= 600:
            return "long"
        return "very_long"

    def story_expected(self) -> bool:
        if self.category == "behavioral":
            return True
        if self.category in ("scenario", "why_us"):
            return False
        return self.question_story

    def content_words(self) -> set[str]:
        return content_words(self.words, self.lex)


def content_words(words, lex=None) -> set[str]:
    lex = lex or lexicon()
    out = set()
    for w in words:
        if len(w) < 3 or w in lex.stopwords or DIGIT_RE.search(w):
            continue
        out.add(stem(w))
    return out


def stem(word: str) -> str:
    """A crude, predictable stem so 'migrating' meets 'migration' and 'customers' meets 'customer'."""
    w = word.replace("'", "")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


@functools.lru_cache(maxsize=64)
def _cached(answer: str, question: str, category: str | None) -> Analysis:
    return Analysis(answer, question, category)


def analyse(answer: str, question: str = "", category: str | None = None) -> Analysis:
    """Analysis of one answer (cached for repeated calls with the same short input)."""
    if len(answer) > 20_000:
        return Analysis(answer, question, category)
    return _cached(answer, question, category)


# --------------------------------------------------------------------------------------- method


def to_dict(a: Analysis) -> dict:
    text = a.text
    star = {}
    for part in ("situation", "task", "action", "result"):
        sent = a.star[part]
        star[part] = {
            "found": sent is not None,
            "sentence": a.sentence_span(sent),
            "cues": a.hits(a.star_cues[part], 8),
        }
    vague = a.vague_hits()
    spec = a.specificity()
    claims = []
    for strength, kind, (mi, mj), (qi, qj) in a.claims[:MAX_ITEMS]:
        claims.append({"kind": kind, "strength": strength, "claim": a.token_range_span(qi, qj),
                       "metric": a.token_range_span(mi, mj)})
    i_count, we_count = len(a.i_subject), len(a.we_subject)
    if i_count == 0 and we_count == 0:
        verdict = "none"
    elif i_count == 0:
        verdict = "we_only"
    elif we_count > 2 * i_count:
        verdict = "mostly_we"
    elif i_count > 2 * we_count:
        verdict = "mostly_i"
    else:
        verdict = "balanced"
    judgements = judgements_for(a)
    return {
        "offset_units": "codepoint",
        "truncated": a.truncated,
        "analysed_chars": len(text),
        "length": {
            "chars": len(a.full_text),
            "words": a.word_count,
            "sentences": len(a.sentences),
            "speaking_seconds": round(a.word_count / 150 * 60),
            "band": a.length_band(),
        },
        "sentences": [span(text, s.start, s.end) for s in a.sentences[:200]],
        "mode": ("empty" if not a.words else "story" if any(s.actions_i or s.actions_we for s in a.sentences)
                 else "plan" if a.hypothetical_only else "statement"),
        "star": star,
        "metrics": {"count": len(a.metrics),
                    "items": [dict(a.token_range_span(i, j), kind=k) for i, j, k in a.metrics[:MAX_ITEMS]]},
        "timeframes": {"count": len(a.timeframes),
                       "items": [dict(a.token_range_span(i, j), kind=k) for i, j, k in a.timeframes[:MAX_ITEMS]]},
        "names": {"count": len(a.named), "items": a.hits(a.named)},
        "ownership": {
            "i": i_count, "we": we_count, "i_all": len(a.i_all), "we_all": len(a.we_all),
            "i_share": round(i_count / (i_count + we_count), 2) if i_count + we_count else None,
            "verdict": verdict,
            "i_items": a.hits([(i, i + 1) for i in a.i_subject]),
            "we_items": a.hits(a.we_subject),
            "i_actions": a.hits([p for s in a.sentences for p in s.actions_i]),
            "we_actions": a.hits([p for s in a.sentences for p in s.actions_we]),
        },
        "hedges": {"count": len(a.hedges), "items": a.hits(a.hedges)},
        "fillers": {"count": len(a.fillers), "items": a.hits(a.fillers)},
        "vague": {"count": len(vague), "items": a.hits(vague)},
        "specificity": spec,
        "claims": claims,
        "trade_offs": {"count": len(a.trade_offs), "items": a.hits(a.trade_offs)},
        "failure_signals": {"count": len(a.failures), "items": a.hits(a.failures)},
        "judgements": judgements,
    }


def judgements_for(a: Analysis) -> list[dict]:
    """Short statements a person can read, each with the words that caused it."""
    out = []
    text = a.text
    band = a.length_band()
    if band in ("thin", "short"):
        out.append({"kind": "length", "label": f"Short answer: {a.word_count} words (about "
                    f"{round(a.word_count / 150 * 60)} seconds spoken).",
                    "evidence": [span(text, a.sentences[0].start, a.sentences[-1].end)] if a.sentences else []})
    elif band in ("long", "very_long"):
        out.append({"kind": "length", "label": f"Long answer: {a.word_count} words (about "
                    f"{round(a.word_count / 150)} minutes spoken).",
                    "evidence": [a.sentence_span(a.sentences[-1])] if a.sentences else []})
    for part in ("situation", "task", "action", "result"):
        sent = a.star[part]
        if sent is not None:
            out.append({"kind": part, "label": f"{part.capitalize()} shown here.",
                        "evidence": a.hits(a.star_cues[part], 4) or [a.sentence_span(sent)]})
    if a.metrics:
        out.append({"kind": "metrics", "label": f"{len(a.metrics)} figure(s).", "evidence": a.hits(a.metrics, 10)})
    if a.timeframes:
        out.append({"kind": "timeframes", "label": f"{len(a.timeframes)} timeframe(s).",
                    "evidence": a.hits(a.timeframes, 10)})
    if a.we_subject and not a.i_subject:
        out.append({"kind": "ownership", "label": "Says \u201cwe\u201d but never \u201cI\u201d.",
                    "evidence": a.hits(a.we_subject, 10)})
    if a.hedges:
        out.append({"kind": "hedges", "label": f"{len(a.hedges)} hedge(s) soften what you say.",
                    "evidence": a.hits(a.hedges, 10)})
    if a.fillers:
        out.append({"kind": "fillers", "label": f"{len(a.fillers)} filler word(s).",
                    "evidence": a.hits(a.fillers, 10)})
    vague = a.vague_hits()
    if vague:
        out.append({"kind": "vague", "label": f"{len(vague)} vague phrase(s) with no number or name attached.",
                    "evidence": a.hits(vague, 10)})
    return out


def analyze_params(params: dict) -> dict:
    """`answer.analyze` {"answer", "question"?, "category"?, "offsets"?: "codepoint"|"utf16"}."""
    params = P.require_dict(params)
    answer = P.text(params, "answer", required=False)
    question = P.text(params, "question", required=False, max_len=20_000)
    category = P.choice(params, "category", CATEGORIES, default=None)
    units = P.choice(params, "offsets", ("codepoint", "utf16"), default="codepoint")
    result = to_dict(analyse(answer, question, category))
    if units == "utf16":
        utf16_offsets(result, answer)
        result["offset_units"] = "utf16"
    return result
