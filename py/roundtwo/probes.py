"""The probe engine: the follow-up questions a second-round interviewer would ask next.

Each rule is a small function with a name, a probe kind and a priority, kept in a `Registry`
(the shape of Python-Markdown's `util.Registry`): rules can be listed, tested one at a time and
switched off by name (`"disabled": [names]`). A rule looks at the answer's analysis
(`roundtwo.analysis`) and proposes candidates; a candidate's score is the rule's priority plus
its own adjustment plus the persona's boost for that kind. The engine keeps the best candidate
per kind, drops anything already asked in the session, words each probe from `data/probes.toml`
(or the persona's own templates in `data/personas.toml`), quoting the person's own words, and
returns them most pressing first.

Method: `probes.suggest` {"question", "answer", "category", "persona"?, "context"?, "disabled"?,
"limit"?} -> {"probes": [{"id", "kind", "label", "text", "why", "rule", "score", "quote",
"evidence"}], ...}.
"""

from __future__ import annotations

import functools
import re
import zlib

from . import params as P
from .analysis import CATEGORIES, CLAUSE_PUNCT, CLAUSE_WORDS, DESCRIPTIVE_BEFORE, RELATIVE, Analysis, PhraseTable, analyse, content_words, lexicon, span, tokenize
from .analysis import _load_toml  # noqa: PLC2701 - one loader for all package data
from .errors import BadParams

QUOTE_MAX = 90
DEFAULT_LIMIT = 6
# Kinds that may appear more than once in one reply (each item is a different conflict or topic).
MULTI_KINDS = frozenset({"consistency", "revisit", "pushback", "follow_up"})
PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


# --------------------------------------------------------------------------------------- registry


class Registry:
    """Named items with priorities, iterated highest priority first (after Python-Markdown's Registry).

    `register(item, name, priority)` adds or replaces; `deregister(name)` removes; `reg[name]` gets one;
    `name in reg` tests; iterating yields items by descending priority (ties: registration order).
    """

    def __init__(self):
        self._data: dict[str, object] = {}
        self._priority: dict[str, float] = {}
        self._order: dict[str, int] = {}
        self._sorted: list[str] | None = None
        self._counter = 0

    def register(self, item, name: str, priority: float) -> None:
        if name not in self._order:
            self._order[name] = self._counter
            self._counter += 1
        self._data[name] = item
        self._priority[name] = priority
        self._sorted = None

    def deregister(self, name: str, strict: bool = True) -> None:
        if name not in self._data:
            if strict:
                raise ValueError(f"No item named {name!r} is registered.")
            return
        del self._data[name], self._priority[name], self._order[name]
        self._sorted = None

    def names(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self._data, key=lambda n: (-self._priority[n], self._order[n]))
        return list(self._sorted)

    def priority(self, name: str) -> float:
        return self._priority[name]

    def __getitem__(self, name: str):
        return self._data[name]

    def __contains__(self, name) -> bool:
        return name in self._data

    def __iter__(self):
        return (self._data[n] for n in self.names())

    def __len__(self) -> int:
        return len(self._data)


class Rule:
    __slots__ = ("name", "kind", "priority", "func", "doc")

    def __init__(self, name: str, kind: str, priority: float, func):
        self.name, self.kind, self.priority, self.func = name, kind, priority, func
        self.doc = " ".join((func.__doc__ or "").split())


class Candidate:
    __slots__ = ("kind", "slot", "adjust", "quote", "why", "evidence", "fill", "key", "rule", "score", "order")

    def __init__(self, kind, slot, why, *, adjust=0.0, quote=None, evidence=None, fill=None, key=""):
        self.kind, self.slot, self.why, self.adjust = kind, slot, why, adjust
        self.quote = quote  # {"text","start","end"} or None
        self.evidence = evidence or ([quote] if quote else [])
        self.fill = fill or {}
        self.key = key
        self.rule = ""
        self.score = 0.0
        self.order = 0


RULES = Registry()


def rule(name: str, kind: str, priority: float):
    """Decorator: register a rule function `f(ctx) -> list[Candidate]` under `name`."""

    def wrap(func):
        RULES.register(Rule(name, kind, priority, func), name, priority)
        return func

    return wrap


# --------------------------------------------------------------------------------------- data


@functools.lru_cache(maxsize=1)
def templates() -> dict:
    return _load_toml("probes.toml")


@functools.lru_cache(maxsize=1)
def _personas() -> dict[str, dict]:
    data = _load_toml("personas.toml")
    out = {}
    for p in data.get("personas", []):
        p = dict(p)
        p["max_follow_ups"] = max(3, min(5, int(p.get("max_follow_ups", 4))))
        p.setdefault("boosts", {})
        p.setdefault("templates", {})
        p.setdefault("prefixes", [""])
        out[p["id"]] = p
    return out


def personas() -> list[dict]:
    return list(_personas().values())


def persona(pid) -> dict | None:
    if pid is None or pid == "":
        return None
    found = _personas().get(pid) if isinstance(pid, str) else None
    if found is None:
        listed = ", ".join(_personas())
        raise BadParams(f"There is no interviewer persona called {str(pid)[:40]!r}. Choose one of: {listed}.")
    return found


class Cues:
    """The probe engine's own cue classes (data/probe_cues.toml), loaded once."""

    def __init__(self):
        data = _load_toml("probe_cues.toml")
        act = data["actions"]
        self.not_action = frozenset(act["not_action"])
        self.perceive = frozenset(act["perceive"])
        self.outcome_verbs = frozenset(act["outcome_verbs"])
        self.resolve_verbs = frozenset(act["resolve_verbs"])
        self.bare_objects = PhraseTable(act["bare_objects"])
        self.particles = frozenset(act["particles"])
        self.outcome = PhraseTable(data["outcome"]["phrases"])
        self.setback = PhraseTable(data["setback"]["phrases"])
        self.sweeping = PhraseTable(data["sweeping"]["phrases"])
        dil = data["dilemma"]
        self.dilemma_explicit = PhraseTable(dil["explicit"])
        self.request_verbs = frozenset(dil["request_verbs"])
        self.principle = PhraseTable(dil["principle"])
        self.pressure = PhraseTable(dil["pressure"])


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    return Cues()


DISCOURSE = frozenset({"so", "well", "yeah", "yes", "ok", "okay", "right", "basically", "honestly", "um", "uh",
                       "then", "first", "and", "oh", "sure", "actually", "look", "anyway", "now"})
NOT_CONTEXT_CUES = frozenset({"decided to", "had decided", "owned", "left", "quit", "disagreed"})


class Signals:
    """What the probe rules read beyond the shared analysis: who really acted, whether the telling
    reaches an ending, setbacks after the act, sweeping claims and a dilemma in the question."""

    def __init__(self, a: Analysis):
        self.a = a
        c = cues()
        words = a.words
        n = len(words)
        self.glossed: list[tuple[int, int]] = []
        self.real_actions: list[tuple[int, int]] = []
        for i, k, _who, hyp in a.actions:
            if hyp:
                continue
            verb = words[k - 1]
            if verb in c.not_action:
                continue
            end = self._gloss_end(k)
            if end:
                self.glossed.append((i, end))
                continue
            self.real_actions.append((i, k))
        self.real_actions.sort()
        # "at the point the contract is signed": a description, not an outcome
        self.outcomes = [(i, j) for i, j in c.outcome.find(words) if a.same_sentence(i, j)
                         and not (i > 0 and a.sent_of[i - 1] == a.sent_of[i] and words[i - 1] in DESCRIPTIVE_BEFORE)]
        self.setbacks = [(i, j) for i, j in c.setback.find(words) if a.same_sentence(i, j)]
        first = self.real_actions[0][0] if self.real_actions else n
        self.first_action = first
        self.setbacks_after = [p for p in self.setbacks if p[0] > first]
        self.told_outcome = self._told_outcome()
        self.sweeping = [(i, j) for i, j in c.sweeping.find(words) if a.same_sentence(i, j)]

    def _gloss_end(self, k: int) -> int:
        """End token of "sorted it out" / "got through it" / "handled that" starting at verb k-1, else 0."""
        a, c, words = self.a, cues(), self.a.words
        if words[k - 1] not in c.resolve_verbs:
            return 0
        sent = a.sentences[a.sent_of[k - 1]]
        j, saw = k, False
        for _ in range(2):  # particle? object? particle?
            if j < sent.t1 and (words[j] in c.particles or words[j] in ("of", "with")):
                j += 1
                saw = True
            hit = next(iter(c.bare_objects.find(words, j, min(sent.t1, j + 3))), None)
            if hit and hit[0] == j:
                j = hit[1]
                saw = True
        if not saw:
            return 0
        if j >= sent.t1 or words[j] in CLAUSE_WORDS or words[j] in ("in", "eventually", "quickly", "fine", "again"):
            return j
        gap = a.text[a.tokens[j - 1][2]:a.tokens[j][1]]
        return j if any(ch in CLAUSE_PUNCT for ch in gap) else 0

    def _told_outcome(self) -> bool:
        a = self.a
        if not self.real_actions:
            return bool(self.outcomes)
        last_i, last_k = self.real_actions[-1]
        if a.words[last_k - 1] in cues().outcome_verbs:
            return True
        # a cue counts once a new clause has begun after the last act ("..., and the client signed"),
        # not inside the act's own object ("proposed a deal in exchange for holding the price")
        after = self._next_clause(last_k)
        if any(i >= after for i, _ in self.outcomes) or any(i >= after for i, _ in self.setbacks):
            return True
        # a closing sentence that looks back or reports a state ("I still think ...") ends the story
        final = a.sentences[-1]
        if len(a.sentences) > 1 and any(final.t0 <= i < final.t1 for i, _ in self.outcomes + self.setbacks):
            return True
        if any(i >= last_k and kind != "count" for i, _, kind in a.metrics):
            return True
        return any(strength >= 70 and kind == "change" and q[0] > self.first_action
                   for strength, kind, _m, q in a.claims)

    def _next_clause(self, k: int) -> int:
        """First token of the next clause after token k-1 (a sentence end, punctuation or a clause word)."""
        a = self.a
        n = len(a.words)
        sent = a.sent_of[k - 1]
        j = k
        while j < n and a.sent_of[j] == sent:
            gap = a.text[a.tokens[j - 1][2]:a.tokens[j][1]]
            if any(ch in CLAUSE_PUNCT for ch in gap) or a.words[j] in CLAUSE_WORDS or a.words[j] in RELATIVE:
                return j
            j += 1
        return j

    @functools.cached_property
    def opens_on_action(self) -> tuple[int, int] | None:
        """The first sentence starts on the act itself ("I rolled it back ..."), with no scene set anywhere before."""
        a = self.a
        if not a.sentences or not self.real_actions:
            return None
        s0 = a.sentences[0]
        i, k = self.real_actions[0]
        if a.sent_of[i] != 0 or a.words[k - 1] in cues().perceive:
            return None
        lead = s0.t0
        while lead < i and a.words[lead] in DISCOURSE:
            lead += 1
        if lead != i:
            return None
        if any(a.sent_of[t] == 0 for t, _, _ in a.timeframes):
            return None
        for sent in a.sentences[: a.sent_of[i] + 1]:
            for x, y in sent.situation + sent.task:
                if " ".join(a.words[x:y]) not in NOT_CONTEXT_CUES and x < k:
                    return None
        return i, k

    @functools.cached_property
    def question_dilemma(self) -> list[str]:
        """Cues in the question that set two things against each other (empty when it sets up none)."""
        c = cues()
        q = self.a.question_words
        explicit = [" ".join(q[i:j]) for i, j in c.dilemma_explicit.find(q)]
        if explicit:
            return explicit
        request = [f"{q[i]} you" for i in range(len(q) - 1) if q[i] in c.request_verbs and q[i + 1] == "you"]
        pressure = [" ".join(q[i:j]) for i, j in c.pressure.find(q)]
        principle = [" ".join(q[i:j]) for i, j in c.principle.find(q)]
        if principle and (request or pressure):
            return request + pressure + principle
        return []


# --------------------------------------------------------------------------------------- context


class Ctx:
    """What the rules see: the analysis, the question, the category and the session context."""

    def __init__(self, a: Analysis, question: str, category: str, context: dict, persona_: dict | None):
        self.a = a
        self.question = question
        self.category = category
        self.context = context
        self.persona = persona_

    @functools.cached_property
    def sig(self) -> Signals:
        return Signals(self.a)

    @functools.cached_property
    def topic_words(self) -> set[str]:
        lex = lexicon()
        words = [t[0] for t in tokenize(self.question[:2000])] + self.a.words[:3000]
        return content_words(words, lex)

    def clause_quote(self, i: int, j: int) -> dict:
        a = self.a
        ci, cj = a.clause(i, j)
        return a.token_range_span(ci, cj)


def _clean_context(raw) -> dict:
    """Tolerant read of the optional session context; malformed items are skipped, not fatal."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise BadParams("The field 'context' must be an object (asked, weak_moments, pushback, conflicts, follow_ups).")

    def strings(name, cap=200):
        value = raw.get(name) or []
        if not isinstance(value, list):
            raise BadParams(f"The field 'context.{name}' must be a list.")
        return [v[:2000] for v in value[:cap] if isinstance(v, str) and v.strip()]

    def dicts(name, cap=100):
        value = raw.get(name) or []
        if not isinstance(value, list):
            raise BadParams(f"The field 'context.{name}' must be a list.")
        return [v for v in value[:cap] if isinstance(v, dict)]

    return {
        "asked": strings("asked", 2000),
        "weak_moments": dicts("weak_moments"),
        "pushback": strings("pushback"),
        "conflicts": dicts("conflicts"),
        "follow_ups": strings("follow_ups", 50),
    }


def _s(value, limit=400) -> str:
    return value[:limit] if isinstance(value, str) else ""


# --------------------------------------------------------------------------------------- rules
# Priorities: how pressing the probe is when the rule fires at full strength. Ordering between
# rules is what the eval measures; each rule's docstring says when it fires.


@rule("consistency_conflict", "consistency", 100)
def r_consistency(ctx: Ctx):
    """A conflict from the claims ledger: quote the earlier and the later statement back."""
    out = []
    for c in ctx.context["conflicts"]:
        earlier = c.get("earlier") if isinstance(c.get("earlier"), dict) else {}
        later = c.get("later") if isinstance(c.get("later"), dict) else {}
        e_text = _s(earlier.get("text")) or _s(str(earlier.get("value", "")) if earlier.get("value") is not None else "")
        l_text = _s(later.get("text")) or _s(str(later.get("value", "")) if later.get("value") is not None else "")
        if not e_text or not l_text:
            continue
        about = _s(c.get("about"), 80)
        message = _s(c.get("message"), 300)
        why = message or f"The ledger shows two different statements{' about ' + about if about else ''}."
        quote = None
        start, end = later.get("start"), later.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(ctx.a.text) \
                and ctx.a.text[start:end] == l_text:
            quote = span(ctx.a.text, start, end)
        else:
            pos = ctx.a.text.find(l_text) if l_text and len(l_text) > 3 else -1
            if pos >= 0:
                quote = span(ctx.a.text, pos, pos + len(l_text))
        out.append(Candidate("consistency", "conflict", why, quote=quote,
                             fill={"earlier": _short(e_text), "later": _short(l_text)},
                             key=f"{about}|{e_text}|{l_text}"))
    return out


@rule("thin_answer", "elaborate", 90)
def r_thin(ctx: Ctx):
    """Fewer than 25 words: ask for the story behind it."""
    a = ctx.a
    if not (0 < a.word_count < 25):
        return []
    why = f"The answer is {a.word_count} words (about {max(1, round(a.word_count / 2.5))} seconds spoken); there is little to assess yet."
    whole = span(a.text, a.sentences[0].start, a.sentences[-1].end) if a.sentences else None
    if ctx.category == "technical" and whole:
        return [Candidate("elaborate", "technical", why, quote=whole, key="thin")]
    if ctx.category == "scenario" and whole and a.word_count <= 20:
        return [Candidate("elaborate", "plan", why, quote=whole, key="thin")]
    if len(a.sentences) == 1 and a.word_count <= 15 and whole and ctx.category not in ("why_us",):
        return [Candidate("elaborate", "quoted", why, quote=whole, key="thin")]
    return [Candidate("elaborate", "generic", why, evidence=[whole] if whole else [], key="thin")]


@rule("generic_answer", "elaborate", 74)
def r_generic(ctx: Ctx):
    """25-60 words with no number, name or date, and vague or no action: ask for more."""
    a = ctx.a
    if not (25 <= a.word_count < 60) or a.hard_specifics:
        return []
    vague = a.vague_hits() + a.hedges
    acted = any(s.actions_i or s.actions_we or s.hypothetical for s in a.sentences)
    if len(vague) < 2 and acted:
        return []
    why = "A short answer with no numbers, names or dates" + (", and it leans on vague words." if vague else ".")
    return [Candidate("elaborate", "generic", why, evidence=a.hits(vague, 5), key="generic")]


@rule("all_we", "ownership", 85)
def r_all_we(ctx: Ctx):
    """The answer says "we" (or "the team") as the subject at least twice and never "I"."""
    a = ctx.a
    if ctx.category == "why_us" or len(a.we_subject) < 2 or a.i_subject:
        return []
    acts = [p for s in a.sentences for p in s.actions_we]
    i, j = acts[0] if acts else a.we_subject[0]
    quote = ctx.clause_quote(i, j)
    why = f"\u201cWe\u201d or \u201cthe team\u201d is the subject {len(a.we_subject)} times and \u201cI\u201d never is: your own part is not visible."
    return [Candidate("ownership", "quoted", why, quote=quote, evidence=a.hits(a.we_subject, 8), key=quote["text"])]


@rule("mostly_we", "ownership", 64)
def r_mostly_we(ctx: Ctx):
    """"We" as the subject at least three times and more than twice as often as "I"."""
    a = ctx.a
    if ctx.category == "why_us" or not a.i_subject or len(a.we_subject) < 3 or len(a.we_subject) <= 2 * len(a.i_subject):
        return []
    acts = [p for s in a.sentences for p in s.actions_we]
    i, j = acts[0] if acts else a.we_subject[0]
    quote = ctx.clause_quote(i, j)
    why = f"\u201cWe\u201d is the subject {len(a.we_subject)} times, \u201cI\u201d only {len(a.i_subject)}."
    return [Candidate("ownership", "quoted", why, quote=quote, evidence=a.hits(a.we_subject, 8), key=quote["text"])]


@rule("metric_claim", "assumption_challenge", 80)
def r_metric_claim(ctx: Ctx):
    """A number tied to a change ("conversion rose 30%", "doubled pipeline"): ask how it was isolated."""
    a = ctx.a
    for strength, kind, (mi, mj), (qi, qj) in a.claims:
        if kind != "change":
            continue
        quote = a.token_range_span(qi, qj)
        metric = a.token_range_span(mi, mj)
        adjust = 0 if strength >= 70 else -8
        why = f"\u201c{_short(quote['text'])}\u201d is a measured claim; a second-round interviewer tests the baseline and attribution."
        return [Candidate("assumption_challenge", "change", why, adjust=adjust, quote=quote,
                          evidence=[quote, metric], key=quote["text"])]
    return []


@rule("absolute_claim", "assumption_challenge", 66)
def r_absolute_claim(ctx: Ctx):
    """A sweeping outcome ("not one missed delivery all season") or a counterfactual ("would have caught")."""
    a = ctx.a
    for strength, kind, (mi, mj), (qi, qj) in a.claims:
        if kind not in ("absolute", "counterfactual"):
            continue
        quote = a.token_range_span(qi, qj)
        why = (f"\u201c{_short(quote['text'])}\u201d is a strong outcome claim; expect to be asked how you know."
               if kind == "absolute" else
               f"\u201c{_short(quote['text'])}\u201d is a what-if claim; expect to be asked for the evidence.")
        return [Candidate("assumption_challenge", kind, why, adjust=0 if kind == "absolute" else -4,
                          quote=quote, evidence=[quote, a.token_range_span(mi, mj)], key=quote["text"])]
    return []


def _value_pull(ctx: Ctx):
    """(value as said, what pulls against it, where the person said it) from the answer, else the question."""
    a = ctx.a
    pulls = a.lex.value_pulls
    q_values = a.question_values
    for i, w in enumerate(a.words):
        if w in pulls:
            say, other = pulls[w]
            others = [q for q in q_values if not _same_value(q, w)]
            if others:
                other = _question_phrase(ctx, others[0])
            return say, other, a.token_range_span(i, i + 1)
    if q_values:
        w = q_values[0]
        say, other = pulls[w]
        others = [q for q in q_values if not _same_value(q, w)]
        return say, (_question_phrase(ctx, others[0]) if others else other), None
    return None


def _same_value(x: str, y: str) -> bool:
    return x[:5] == y[:5]


BALANCE_WORDS = frozenset({"balance", "balanced", "balancing", "trade-off", "tradeoff", "trade-offs", "tradeoffs"})
QUESTION_LEAD = frozenset({"your", "our", "the", "team's", "company's", "hitting", "meeting", "missing", "short-term",
                           "long-term", "a", "my", "their", "business", "sales", "quarterly", "annual"})


def _question_phrase(ctx: Ctx, word: str) -> str:
    """The question's own phrase around a value word: 'target' -> "hitting your team's target"."""
    words = ctx.a.question_words
    pulls = ctx.a.lex.value_pulls
    k = words.index(word)
    lo = k
    while lo > 0 and k - lo < 3 and words[lo - 1] in QUESTION_LEAD:
        lo -= 1
    if lo == k:
        return pulls[word][0]
    return " ".join(words[lo:k + 1])


@rule("values_question", "values_conflict", 88)
def r_values_question(ctx: Ctx):
    """A values question: ask what happens when the stated value costs something."""
    if ctx.category != "values":
        return []
    a = ctx.a
    balance = [(i, j) for i, j in a.trade_offs if a.words[i] in BALANCE_WORDS]
    balance += [(i, i + 1) for i, w in enumerate(a.words[:400]) if w in ("both", "depends", "depending", "middle")]
    balance.sort()
    if balance and a.word_count < 60:
        quote = ctx.clause_quote(*balance[0])
        return [Candidate("values_conflict", "balance", "A values question answered with a balance; "
                          "the follow-up asks which side wins when you cannot have both.", quote=quote, key=quote["text"])]
    pull = _value_pull(ctx)
    if pull:
        value_text, other, where = pull
        why = f"Values are tested by conflict: what you put first ({value_text}) against {other}."
        return [Candidate("values_conflict", "pull", why, quote=where, fill={"value": value_text, "other": other},
                          key=f"{value_text}|{other}")]
    return [Candidate("values_conflict", "generic", "Values are tested by conflict: what happens when this value costs you something.",
                      key="generic")]


@rule("trade_off_signal", "values_conflict", 58)
def r_trade_off(ctx: Ctx):
    """Two or more trade-off words ("but", "options", "at stake", "rather than"): probe the conflict."""
    a = ctx.a
    if ctx.category in ("values", "why_us"):
        return []
    distinct = {" ".join(a.words[i:j]) for i, j in a.trade_offs}
    if len(distinct) < 2:
        return []
    adjust = 14 if ctx.category == "scenario" else 0
    pull = _value_pull(ctx)
    ev = a.hits(a.trade_offs, 6)
    why = "The answer weighs options (" + ", ".join(f"\u201c{e['text']}\u201d" for e in ev[:3]) + "); the follow-up tests which one wins under pressure."
    if pull:
        value_text, other, where = pull
        return [Candidate("values_conflict", "pull", why, adjust=adjust, quote=where, evidence=ev,
                          fill={"value": value_text, "other": other}, key=f"{value_text}|{other}")]
    slot = "options" if ctx.category in ("scenario", "technical") else "generic"
    return [Candidate("values_conflict", slot, why, adjust=adjust, evidence=ev, key="trade_off")]


@rule("hedged", "specifics", 70)
def r_hedged(ctx: Ctx):
    """Hedges ("kind of", "I think") and vague phrases ("a lot", "things"): quote one and ask what exactly."""
    a = ctx.a
    hedges = a.hedges
    vague = a.vague_hits()
    n = len(hedges) + len(vague)
    if n == 0 or (n < 2 and a.hard_specifics):
        return []
    if n < 2 and ctx.category == "why_us":
        return []
    first = hedges[0] if hedges else vague[0]
    quote = ctx.clause_quote(*first)
    slot = "hedge" if hedges else "vague"
    adjust = min(18, 4 * (n - 1)) - (4 if a.hard_specifics else 0)
    listed = ", ".join(f"\u201c{h['text']}\u201d" for h in a.hits(sorted(hedges + vague), 5))
    why = f"{n} hedge or vague phrase(s): {listed}."
    return [Candidate("specifics", slot, why, adjust=adjust, quote=quote, evidence=a.hits(sorted(hedges + vague), 10),
                      key=quote["text"])]


@rule("no_numbers", "specifics", 66)
def r_no_numbers(ctx: Ctx):
    """No number, name or date at all where one is expected (stories, short answers, why-us)."""
    a = ctx.a
    if a.word_count == 0 or a.hard_specifics:
        return []
    if ctx.category == "why_us":
        whole = span(a.text, a.sentences[0].start, a.sentences[0].end) if a.sentences else None
        quote = None
        if a.vague:
            quote = ctx.clause_quote(*a.vague[0])
        return [Candidate("specifics", "why_us", "Nothing in the answer names this company, team, product or person.",
                          adjust=14, quote=quote or whole, key="why_us")]
    story = a.story_expected()
    if not story and a.word_count >= 60:
        return []
    acted = any(s.actions_i or s.actions_we for s in a.sentences)
    if story and not acted:
        return [Candidate("specifics", "example", "A story was asked for, but the answer states a principle with no example.",
                          key="example")]
    return [Candidate("specifics", "generic", "No numbers, names or dates: nothing an interviewer could check.", key="numbers")]


@rule("missing_result", "result", 79)
def r_missing_result(ctx: Ctx):
    """A story whose telling stops at what was done: nothing after the last act says how it ended."""
    a = ctx.a
    act = a.star["action"]
    sig = ctx.sig
    if act is None or not _story(ctx) or not sig.real_actions or sig.told_outcome:
        return []
    pairs = act.actions_i or act.actions_we
    last = [p for s in a.sentences for p in (s.actions_i or s.actions_we)]
    pair = last[-1] if last else (pairs[0] if pairs else None)
    if pair:
        ci, cj = a.clause(pair[0], pair[1], right=8)
        quote = a.token_range_span(ci, cj)
        if cj < a.clause(pair[0], pair[1], right=60)[1]:  # cut short: say so
            return [Candidate("result", "quoted", "You describe what was done but not what changed because of it.",
                              quote=quote, fill={"quote": _short(quote["text"]) + "\u2026"}, key="result")]
    else:
        quote = a.sentence_span(act)
    return [Candidate("result", "quoted", "You describe what was done but not what changed because of it.",
                      quote=quote, key="result")]


@rule("untold_action", "action", 86)
def r_untold_action(ctx: Ctx):
    """A story that sets the scene and reports how it ended, but the speaker never does anything in it
    (only "I had", "I heard", or a glossed "we sorted it out")."""
    a = ctx.a
    sig = ctx.sig
    if a.word_count < 25 or len(a.sentences) < 2 or sig.real_actions or a.hypothetical_only or not a.story_expected():
        return []
    if sig.glossed:
        quote = a.token_range_span(*sig.glossed[0])
        return [Candidate("action", "glossed", "The answer says it was resolved but not what you did to resolve it.",
                          quote=quote, key="glossed")]
    scene = a.star["situation"] or a.star["task"] or a.sentences[0]
    quote = a.sentence_span(scene)
    return [Candidate("action", "quoted", "The answer sets the scene but never says what you did.", quote=quote, key="action")]


@rule("opens_on_action", "situation", 78)
def r_opens_on_action(ctx: Ctx):
    """A story that opens on the act itself, with no scene, stakes or timeline before it."""
    a = ctx.a
    if not _story(ctx) or a.word_count < 10:
        return []
    found = ctx.sig.opens_on_action
    if not found:
        return []
    quote = ctx.clause_quote(*found)
    adjust = 8 if 25 <= a.word_count < 40 else 0
    return [Candidate("situation", "quoted", "The story starts with what was done; there is no context, stakes or timeline.",
                      adjust=adjust, quote=quote, key="opens")]


@rule("setback_story", "retrospective", 80)
def r_setback(ctx: Ctx):
    """A finished story in which something went wrong, cost something or was given up after the act."""
    a = ctx.a
    sig = ctx.sig
    if a.word_count < 40 or not sig.real_actions or not sig.told_outcome or not sig.setbacks_after:
        return []
    if not (_story(ctx) or ctx.category == "values"):
        return []
    distinct = {" ".join(a.words[i:j]) for i, j in sig.setbacks_after}
    quote = ctx.clause_quote(*sig.setbacks_after[0])
    why = "The story ends with a cost or a setback (" + ", ".join(f"\u201c{d}\u201d" for d in sorted(distinct)[:3]) + \
        "); the next question is what you would change."
    return [Candidate("retrospective", "failure", why, adjust=2 if len(distinct) > 1 else 0, quote=quote,
                      evidence=a.hits(sig.setbacks_after, 5), key="setback")]


@rule("scenario_dilemma", "values_conflict", 89)
def r_dilemma(ctx: Ctx):
    """A scenario (or why-us) question that sets two things against each other: which one gives way?"""
    a = ctx.a
    if ctx.category not in ("scenario", "why_us") or a.word_count < 15:
        return []
    cues_found = ctx.sig.question_dilemma
    if not cues_found:
        if ctx.category != "scenario" or a.word_count < 30:
            return []
        return [Candidate("values_conflict", "pressure", "Scenario questions test what gives way under pressure.",
                          adjust=-13, key="scenario")]
    why = "The question sets two things against each other (" + ", ".join(f"\u201c{c}\u201d" for c in cues_found[:3]) + \
        "); the follow-up asks which one gives way."
    slot = "pressure" if ctx.category == "scenario" else "doubt"
    return [Candidate("values_conflict", slot, why, key="dilemma")]


@rule("sweeping_claim", "assumption_challenge", 77)
def r_sweeping(ctx: Ctx):
    """Claims stated as beyond doubt (superlatives, "everyone", "never", "easy", sole credit): how do you know?"""
    a = ctx.a
    sig = ctx.sig
    if a.word_count < 15:
        return []
    distinct = {" ".join(a.words[i:j]) for i, j in sig.sweeping}
    score = len(distinct)
    acted = {a.sent_of[i] for i, _ in sig.real_actions}
    if not a.claims and any(kind in ("percent", "multiplier", "money") and a.sent_of[i] not in acted
                            for i, _, kind in a.metrics):
        score += 1
    if score < 2:
        return []
    quote = ctx.clause_quote(*sig.sweeping[0]) if sig.sweeping else None
    why = "Sweeping claims (" + ", ".join(f"\u201c{d}\u201d" for d in sorted(distinct)[:4]) + "); expect to be asked how you know."
    return [Candidate("assumption_challenge", "absolute" if quote else "sweeping", why, adjust=7 if score >= 3 else 0,
                      quote=quote, evidence=a.hits(sig.sweeping, 6), key="sweeping")]


@rule("fallback", "fallback", 30)
def r_fallback(ctx: Ctx):
    """An answer of 15 words or more always gets one probe: the category's standing question."""
    a = ctx.a
    if a.word_count < 15:
        return []
    if ctx.category in ("scenario", "values"):
        return [Candidate("values_conflict", "generic", "Values and scenario answers are tested by conflict.", key="fallback")]
    if ctx.category == "why_us":
        return [Candidate("specifics", "why_us", "Nothing tested yet: what is specific to this company.", key="fallback")]
    if ctx.category == "technical" and not ctx.sig.real_actions:
        return [Candidate("specifics", "generic", "Nothing tested yet: the numbers behind the design.", key="fallback")]
    if ctx.sig.told_outcome:
        return [Candidate("retrospective", "complete", "A finished story: what would you change?", key="fallback")]
    return [Candidate("result", "generic", "How did it end?", key="fallback")]


@rule("missing_action", "action", 72)
def r_missing_action(ctx: Ctx):
    """A story that sets the scene (or says what it would do) but never says what the speaker did."""
    a = ctx.a
    if not _story(ctx, allow_empty=True) or a.star["action"] is not None and not a.hypothetical_only:
        return []
    if a.hypothetical_only and a.story_expected():
        hyp = [p for s in a.sentences for p in s.hypothetical]
        quote = ctx.clause_quote(*hyp[0])
        return [Candidate("action", "hypothetical", "A story was asked for, but the answer says what you would do, not what you did.",
                          adjust=4, quote=quote, key="hypothetical")]
    scene = a.star["situation"] or a.star["task"]
    if scene is None or a.star["action"] is not None:
        return []
    quote = a.sentence_span(scene)
    return [Candidate("action", "quoted", "The answer sets the scene but never says what you did.", quote=quote, key="action")]


@rule("missing_situation", "situation", 60)
def r_missing_situation(ctx: Ctx):
    """A story that starts with the action: no context, stakes or timeline."""
    a = ctx.a
    if not _story(ctx) or a.word_count < 15 or a.star["situation"] or a.star["task"] or a.star["action"] is None:
        return []
    if a.timeframes:
        return []
    return [Candidate("situation", "generic", "The story starts with what was done; there is no context, stakes or timeline.",
                      evidence=[a.sentence_span(a.sentences[0])], key="situation")]


@rule("failure_story", "retrospective", 82)
def r_failure(ctx: Ctx):
    """A failure or regret story, or a question that asks for one: what would you do differently?"""
    a = ctx.a
    if a.word_count == 0:
        return []
    fails = a.failures
    if not a.question_retro and len({a.words[i] for i, _ in fails}) < 2:
        return []
    quote = ctx.clause_quote(*fails[0]) if fails else None
    why = ("The question asks about " + ", ".join(f"\u201c{w}\u201d" for w in a.question_retro[:2])
           if a.question_retro else "The story is about something that went wrong")
    why += "; the next question is what you learned and would change."
    return [Candidate("retrospective", "failure", why, quote=quote, evidence=a.hits(fails, 5), key="failure")]


@rule("complete_story", "retrospective", 62)
def r_complete(ctx: Ctx):
    """A complete story (situation, action, result): ask what they would change."""
    a = ctx.a
    s = a.star
    if not _story(ctx) or a.word_count < 40 or not (s["situation"] or s["task"]) or not s["action"] or not s["result"]:
        return []
    return [Candidate("retrospective", "complete", "The story is complete (situation, action, result); a good interviewer asks what you would change.",
                      evidence=[a.sentence_span(s["result"])], key="complete")]


@rule("design_choice", "alternatives", 58)
def r_design_choice(ctx: Ctx):
    """A technical or scenario answer that names a choice ("I'd use a token bucket"): why that, not another?"""
    a = ctx.a
    if ctx.category not in ("technical", "scenario") or not a.decisions:
        return []
    i, j = a.decisions[0]
    end = min(a.sentences[a.sent_of[i]].t1, j + 6)
    ci, cj = a.clause(i, end)
    quote = a.token_range_span(max(ci, i), max(cj, j))
    return [Candidate("alternatives", "quoted", "A choice is named without the alternatives it beat.", quote=quote, key=quote["text"])]


@rule("why_us_motivation", "motivation", 60)
def r_motivation(ctx: Ctx):
    """A why-us answer: test the motivation (what would make you say no, what you need to see)."""
    if ctx.category != "why_us" or ctx.a.word_count == 0:
        return []
    return [Candidate("motivation", "generic", "Second rounds test whether the motivation survives a hard question.", key="motivation")]


@rule("bank_follow_up", "follow_up", 58)
def r_bank(ctx: Ctx):
    """The next unused follow-up from the question bank's ladder for this question."""
    asked = set(ctx.context["asked"])
    for rung, text in enumerate(ctx.context["follow_ups"]):
        if text in asked:
            continue
        return [Candidate("follow_up", "ladder", f"Rung {rung + 1} of the prepared follow-ups for this question.",
                          adjust=-rung, fill={"ladder": text}, key=text)]
    return []


def _overlap(ctx: Ctx, text: str) -> list[str]:
    words = content_words([t[0] for t in tokenize(text[:2000])])
    return sorted(words & ctx.topic_words)


@rule("weak_moment", "revisit", 68)
def r_weak_moment(ctx: Ctx):
    """A weak moment from round one, stronger when it shares words with this question or answer."""
    out = []
    for wm in ctx.context["weak_moments"]:
        q = _s(wm.get("question"), 300)
        note = _s(wm.get("note"), 300)
        if not q and not note:
            continue
        shared = _overlap(ctx, q + " " + note)
        adjust = 0 if shared else -26
        why = "Round one weak moment" + (f": {note}" if note else "") + (
            f" (shares \u201c{', '.join(shared[:3])}\u201d with this answer)." if shared else ".")
        out.append(Candidate("revisit", "generic", why, adjust=adjust, fill={"question": _short(q or note)}, key=q + "|" + note))
    return out


@rule("pushback_topic", "pushback", 70)
def r_pushback(ctx: Ctx):
    """A pushback topic the person expects, stronger when this answer touches it."""
    out = []
    for topic in ctx.context["pushback"]:
        shared = _overlap(ctx, topic)
        adjust = 0 if shared else -25
        why = f"You expect pushback on {_short(topic, 60)}" + (" and this answer touches it." if shared else ".")
        out.append(Candidate("pushback", "generic", why, adjust=adjust, fill={"topic": _short(topic, 80)}, key=topic))
    return out


def _story(ctx: Ctx, allow_empty: bool = False) -> bool:
    """Is this answer expected to be (or being told as) a story?"""
    a = ctx.a
    if a.word_count == 0:
        return False
    if a.story_expected():
        return True
    return ctx.category in ("technical", "values") and any(s.actions_i or s.actions_we for s in a.sentences)


# --------------------------------------------------------------------------------------- engine


def _short(text: str, limit: int = QUOTE_MAX) -> str:
    text = " ".join(text.split()).rstrip(".,;:!?… ")
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",;:") + "\u2026"


def _variants(kind: str, slot: str, persona_: dict | None) -> list[str]:
    if persona_:
        own = persona_.get("templates", {}).get(kind, {}).get(slot)
        if own:
            return list(own)
    table = templates().get(kind, {})
    found = table.get(slot) or table.get("generic") or table.get("quoted") or []
    return list(found)


def _render(template: str, fill: dict) -> str:
    return PLACEHOLDER_RE.sub(lambda m: fill.get(m.group(1), m.group(0)), template)


def run(answer: str, question: str, category: str, *, persona_: dict | None = None, context: dict | None = None,
        disabled=(), limit: int = DEFAULT_LIMIT, registry: Registry | None = None, turn: int | None = None) -> dict:
    """The engine without parameter checks (params are checked in `suggest`)."""
    registry = registry or RULES
    context = context if context is not None else _clean_context(None)
    a = analyse(answer, question, category)
    ctx = Ctx(a, question, category, context, persona_)
    disabled = set(disabled)
    asked = set(context["asked"])
    boosts = (persona_ or {}).get("boosts", {})
    candidates: list[Candidate] = []
    order = 0
    for r in registry:
        if r.name in disabled or r.kind in disabled:
            continue
        for cand in r.func(ctx) or ():
            cand.rule = r.name
            cand.score = r.priority + cand.adjust + float(boosts.get(cand.kind, 0))
            cand.order = order
            order += 1
            candidates.append(cand)
    candidates.sort(key=lambda c: (-c.score, c.order))
    seen_kinds: set[str] = set()
    probes = []
    seed_text = f"{question[:200]}|{answer[:200]}|{(persona_ or {}).get('id', '')}"
    prefixes = (persona_ or {}).get("prefixes") or [""]
    turn = len(asked) if turn is None else turn
    for cand in candidates:
        if cand.kind in asked:
            continue
        if cand.kind in seen_kinds and cand.kind not in MULTI_KINDS:
            continue
        pid = f"{cand.kind}.{cand.rule}.{zlib.crc32(cand.key.encode('utf-8', 'replace')) & 0xFFFFFFFF:08x}"
        if pid in asked:
            continue
        fill = dict(cand.fill)
        if cand.quote:
            fill.setdefault("quote", _short(cand.quote["text"]))
        variants = [v for v in _variants(cand.kind, cand.slot, persona_)
                    if all(name in fill for name in PLACEHOLDER_RE.findall(v))]
        if not variants:
            continue
        start = zlib.crc32(f"{seed_text}|{cand.kind}|{cand.slot}".encode("utf-8", "replace")) % len(variants)
        text = None
        for k in range(len(variants)):
            candidate_text = _render(variants[(start + k) % len(variants)], fill)
            if candidate_text not in asked:
                text = candidate_text
                break
        if text is None:
            continue
        plain = text
        prefix = prefixes[(len(probes) + turn) % len(prefixes)] if persona_ else ""
        if prefix:
            text = f"{prefix} {text}"
        seen_kinds.add(cand.kind)
        probes.append({
            "id": pid,
            "kind": cand.kind,
            "label": templates().get(cand.kind, {}).get("label", cand.kind),
            "text": text,
            "plain": plain,
            "why": cand.why,
            "rule": cand.rule,
            "score": round(cand.score, 1),
            "quote": cand.quote,
            "evidence": [e for e in cand.evidence if e][:10],
        })
        if len(probes) >= limit:
            break
    return {"probes": probes, "persona": (persona_ or {}).get("id"), "category": category,
            "truncated": a.truncated}


def suggest(params: dict) -> dict:
    """`probes.suggest`: follow-up probes for one answer, most pressing first."""
    params = P.require_dict(params)
    question = P.text(params, "question", required=False, max_len=20_000)
    answer = P.text(params, "answer", required=False)
    category = P.choice(params, "category", CATEGORIES, default="behavioral")
    persona_ = persona(params.get("persona"))
    context = _clean_context(params.get("context"))
    disabled = [d for d in P.listing(params, "disabled", max_items=200) if isinstance(d, str)]
    limit = P.integer(params, "limit", default=DEFAULT_LIMIT, lo=1, hi=20)
    return run(answer, question, category, persona_=persona_, context=context, disabled=disabled, limit=limit)


def rules_params(params: dict) -> dict:
    """`probes.rules`: the registered rules, highest priority first, so the UI can switch them off."""
    return {"rules": [{"name": r.name, "kind": r.kind, "priority": r.priority, "doc": r.doc} for r in RULES]}


def personas_params(params: dict) -> dict:
    """Public fields of every persona (the wording templates stay inside)."""
    out = []
    for p in personas():
        out.append({k: p[k] for k in ("id", "name", "title", "summary", "max_follow_ups", "seconds_per_answer",
                                        "pause_seconds", "move_on_below", "prefixes") if k in p}
                   | {"boosts": dict(p.get("boosts", {}))})
    return {"personas": out}
