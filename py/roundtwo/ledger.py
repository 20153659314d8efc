"""The claims ledger: facts the person has confirmed ("locked"), and a check of new text against them.

The UI keeps the ledger (facts from round one, maybe edited by hand); `ledger.check` extracts the facts of
a new answer and reports each one that contradicts a ledger fact, naming where the ledger fact came from.
"""

from __future__ import annotations

import hashlib
import json
import re

from . import params as P
from .consistency import MAX_CONFLICTS, _group_key, _show as show, conflicts
from .errors import ApiError, BadParams
from .facts import _ORDINAL, KINDS, _singular, about_key, clean_number, extract, lexicon, scan

MAX_LEDGER = 5000


def _ledger_fact(raw, n: int) -> dict:
    """One ledger entry checked and normalised; says clearly what is wrong with a bad one."""
    where = f"Ledger fact {n + 1}"
    if not isinstance(raw, dict):
        raise BadParams(f"{where} must be an object with kind, about and value.")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise BadParams(f"{where} has kind {str(kind)[:40]!r}; use one of: {', '.join(KINDS)}.")
    about = raw.get("about", "")
    if not isinstance(about, str):
        raise BadParams(f"{where}: 'about' must be text.")
    value = raw.get("value")
    if kind in ("title", "role"):
        if not isinstance(value, str) or not value.strip():
            raise BadParams(f"{where}: a {kind} needs its words as 'value'.")
    else:
        value = _number(value)
        if value is None:
            raise BadParams(f"{where}: 'value' must be a number, like 5 or 1200000.")
    fact = {"kind": kind, "about": about_key(about) if kind not in ("title", "role") else kind,
            "value": value, "text": str(raw.get("text") or value), "locked": raw.get("locked") is True}
    mode = raw.get("mode")
    fact["mode"] = mode if mode in ("level", "start", "end", "delta") else "level"
    if kind == "role":
        level = raw.get("level")
        fact["level"] = level if level in ("lead", "member") else _role_level(value)
    for name in ("id", "source", "unit", "currency", "label", "bound", "sentence", "question_id", "round_id", "status",
                 "ledger_id"):
        if isinstance(raw.get(name), str):
            fact[name] = raw[name]
    for name in ("start", "end"):
        if isinstance(raw.get(name), int) and not isinstance(raw.get(name), bool):
            fact[name] = raw[name]
    for name in ("low", "high", "per_days"):
        number = _number(raw.get(name))
        if number is not None and (name != "per_days" or number > 0):
            fact[name] = number
    if raw.get("approx") is True:
        fact["approx"] = True
    _cv_fields(raw, fact)
    return fact


def _cv_fields(raw: dict, fact: dict) -> None:
    """A CV fact's employer, job dates and frame (where: the employer), kept as text (cv.py gives them)."""
    if isinstance(raw.get("employer"), str):
        fact["employer"] = raw["employer"][:MAX_ABOUT]
    for name, keys in (("frame", ("holder", "where", "when", "modality")), ("dates", ("start", "end", "text"))):
        value = raw.get(name)
        if isinstance(value, dict):
            fact[name] = {k: value[k][:MAX_ABOUT] for k in keys if isinstance(value.get(k), str)}


def _number(value):
    """A finite number from a number or numeric text, else None."""
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "").strip())
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return clean_number(float(value))
    except OverflowError:
        return None


def _role_level(value: str) -> str:
    words = value.lower().split()
    lead = set(lexicon().lead_verbs) | {"lead", "in", "charge"}
    return "member" if "one" in words[:1] or "contributor" in words else ("lead" if set(words) & lead else "")


# Ledger facts already checked, by their fields: the page sends the whole ledger at every pause in
# typing, and a ledger of thirty interviews is thousands of facts that have not changed since the last
# call. Entries are never modified after they are made (the check reads them, it does not write them).
_CHECKED: dict = {}
_CHECKED_MAX = 20000


def _checked_fact(raw, n: int) -> dict:
    try:
        key = tuple(raw.items())
        hash(key)
    except (AttributeError, TypeError):         # not an object, or a CV fact with a nested frame
        return _ledger_fact(raw, n)
    fact = _CHECKED.get(key)
    if fact is None:
        fact = _ledger_fact(raw, n)
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = fact
    return fact


# The last few ledgers sent whole, by the key of their content: the page sends a ledger once and then
# only its key while the person types, so a check does not carry thousands of facts across to Python
# at every pause. A key Python does not hold (a new worker, an old ledger) is answered with
# `unknown_facts_key`, and the page sends the facts again.
_HELD: dict[str, list] = {}
_HELD_MAX = 4


class UnknownFactsKey(ApiError):
    code = "unknown_facts_key"


def facts_key(facts: list) -> str:
    """A key that names this list of facts by its content (the same facts, the same key, in any worker)."""
    try:
        raw = json.dumps(facts, sort_keys=True, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        raw = repr(facts)
    return "facts-" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _hold(key: str, ledger: list) -> None:
    _HELD.pop(key, None)
    _HELD[key] = ledger
    while len(_HELD) > _HELD_MAX:
        _HELD.pop(next(iter(_HELD)))


def check(facts: list | None, text: str, *, locked_only: bool = False, distinct=None, key: str | None = None,
          hold: bool = False) -> dict:
    """With `hold` (the page's calls), the checked facts are kept under their key for later calls."""
    if facts is None:
        ledger = _HELD.get(key or "")
        if ledger is None:
            raise UnknownFactsKey("That ledger is not held here any more; send its facts again.")
    else:
        ledger = [_checked_fact(raw, n) for n, raw in enumerate(facts)]
        key = None
        if hold:
            key = facts_key(facts)
            _hold(key, ledger)
    if locked_only:
        ledger = [fact for fact in ledger if fact["locked"]]
    later, truncated = scan(text)
    found = conflicts(ledger, later, extra=("source", "locked", "question_id", "status", "ledger_id"))
    found.sort(key=lambda c: (not c["earlier"].get("locked", False), c["later"]["start"]))
    shown, hidden = Distinct(distinct or (), ledger).split(found)
    out = {"conflicts": shown, "hidden": hidden, "truncated": truncated}
    if key:
        out["facts_key"] = key
    return out


def check_params(params: dict) -> dict:
    """ledger.check {"facts": [{kind, about, value, text, source?, locked?}], "text", "locked_only"?,
    "distinct"?, "hold"?} -> {"conflicts": [...], "hidden": [...], "truncated", "facts_key"?}.

    With "hold": true, Python keeps the checked facts and the result gains "facts_key", which names them;
    a later call may send {"facts_key"} in place of "facts" while the ledger is unchanged (an error
    `unknown_facts_key` says to send the facts again). Without it the result has only the three fields.

    Each conflict's "earlier" is the ledger fact, with its "id", "source", "locked", "question_id" and
    "status" when it has them; locked facts come first. With "locked_only": true, facts the person has not
    locked are ignored. "truncated" says the text was too long to read to its end. Each conflict has a
    "pair" ({earlier, later}: keys that survive typing elsewhere); "distinct" lists pairs the person said
    are different things, and those conflicts move from "conflicts" to "hidden".
    """
    params = P.require_dict(params)
    key = params.get("facts_key")
    if "facts" not in params and isinstance(key, str) and key:
        facts = None
    else:
        facts, key = P.listing(params, "facts", max_items=MAX_LEDGER), None
    locked_only = params.get("locked_only", False)
    if not isinstance(locked_only, bool):
        raise BadParams("The field 'locked_only' must be true or false.")
    hold = params.get("hold", False)
    if not isinstance(hold, bool):
        raise BadParams("The field 'hold' must be true or false.")
    distinct = distinct_param(params)
    return check(facts, P.text(params, "text"), locked_only=locked_only, distinct=distinct, key=key,
                 hold=hold)


# --- pairs the person said are different things ("these are different things") --------------------
#
# A conflict's "pair" is {earlier, later}: each side's stored ledger id when it has one, else a key made
# of its kind, value and words ("count|5|five engineers"), never its offsets, so typing elsewhere in an
# answer keeps it. The person's "these are different things" is kept as such a pair in
# interview.ledger.distinct ([{earlier, later, ...}]; other fields are the UI's, kept as they are). A
# pair hides a conflict whichever way round it meets it, and by either key of a side: a suggestion
# confirmed later keeps its words, a corrected fact keeps its id.

MAX_DISTINCT = 5000
MAX_PAIR_KEY = 3000


def _key_value(fact: dict) -> str:
    low, high = fact.get("low"), fact.get("high")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)):
        return f"{_key_number(low)}-{_key_number(high)}"
    value = fact.get("value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _key_number(value)
    return _key_words(value)


def _key_number(value) -> str:
    try:
        number = clean_number(float(value))
    except (OverflowError, ValueError):
        number = None
    return "" if number is None else repr(number)


def _key_words(text) -> str:
    return " ".join(re.findall(r"\w+", str(text if text is not None else "").lower()))[:MAX_WORDS]


def fact_key(fact: dict, kind: str | None = None) -> str:
    """One fact as a key that does not move with its offsets: kind, value and words."""
    return f"{kind or fact.get('kind', '')}|{_key_value(fact)}|{_key_words(fact.get('text', ''))}"


def _stable_id(side: dict, plain_id: bool) -> str:
    """The side's stored ledger id: from the ledger view, its "ledger_id" ("" for a suggestion); with
    `plain_id` (a ledger fact sent to ledger.check by another caller), its "id" unless it is a suggestion."""
    if "ledger_id" in side:
        value = side["ledger_id"]
    else:
        value = side.get("id") if plain_id and side.get("status") != "suggested" else ""
    return value if isinstance(value, str) else ""


def _side_keys(side: dict, kind: str, plain_id: bool) -> list[str]:
    """The keys one side of a conflict is known by, the one to keep first."""
    stable = _stable_id(side, plain_id)
    return ([stable] if stable else []) + [fact_key(side, kind)]


def distinct_param(params: dict, name: str = "distinct") -> list[dict]:
    """The pairs in params[name], checked: a list of {earlier, later} keys as a conflict's "pair" gives them."""
    raw = params.get(name)
    if raw is None:
        return []
    what = "a list of pairs, each {earlier, later} as a conflict's 'pair' gives them"
    if not isinstance(raw, list):
        raise BadParams(f"The field '{name}' must be {what}.")
    if len(raw) > MAX_DISTINCT:
        raise BadParams(f"The field '{name}' has too many pairs ({len(raw):,}; the limit is {MAX_DISTINCT:,}).")
    for n, item in enumerate(raw):
        where = f"Pair {n + 1} in '{name}'"
        if not isinstance(item, dict):
            raise BadParams(f"{where} must be an object with 'earlier' and 'later', as a conflict's 'pair' gives them.")
        for side in ("earlier", "later"):
            value = item.get(side)
            if not isinstance(value, str) or not value.strip():
                raise BadParams(f"{where} needs '{side}' as text: the key from a conflict's 'pair'.")
            if len(value) > MAX_PAIR_KEY:
                raise BadParams(f"{where}: '{side}' is too long ({len(value):,} characters; the limit is "
                                f"{MAX_PAIR_KEY:,}). Send the key a conflict's 'pair' gives.")
    return raw


def saved_distinct(interview: dict) -> list[dict]:
    """The pairs kept in an interview's ledger; records that cannot be read are skipped (and kept there)."""
    ledger = interview.get("ledger")
    raw = ledger.get("distinct") if isinstance(ledger, dict) else None
    if not isinstance(raw, list):
        return []
    return [r for r in raw[:MAX_DISTINCT] if isinstance(r, dict) and all(
        isinstance(r.get(s), str) and r[s].strip() and len(r[s]) <= MAX_PAIR_KEY for s in ("earlier", "later"))]


class Distinct:
    """The pairs a person said are different things, and the test of a conflict against them.

    `facts` are the ledger facts in play: a pair kept by a fact's id also matches that fact's words, so a
    pair made where the fact was stored is still recognised where only its words are seen."""

    def __init__(self, records, facts=()):
        alias: dict[str, set[str]] = {}
        self.pairs: set[tuple[str, str]] = set()
        if not records:
            return                      # nothing kept apart: no need to know the facts' other keys
        for fact in facts:
            if isinstance(fact, dict):
                for name in ("ledger_id", "id"):
                    key = fact.get(name)
                    if isinstance(key, str) and key and (name == "ledger_id" or "ledger_id" not in fact):
                        alias.setdefault(key, set()).add(fact_key(fact))
        for record in records:
            ends = [{record[s], *alias.get(record[s], ())} for s in ("earlier", "later")]
            for a in ends[0]:
                for b in ends[1]:
                    self.pairs.update(((a, b), (b, a)))

    def split(self, found: list[dict], *, use_id: bool = True) -> tuple[list[dict], list[dict]]:
        """(shown, hidden), each conflict given its "pair". With `use_id`, the earlier side's plain "id" is
        a ledger fact's id (ledger.check); a later side is known by an id only from the ledger view."""
        shown, hidden = [], []
        for conflict in found:
            kind = conflict.get("kind")
            earlier = _side_keys(conflict["earlier"], kind, use_id)
            later = _side_keys(conflict["later"], kind, False)
            conflict["pair"] = {"earlier": earlier[0], "later": later[0]}
            hides = bool(self.pairs) and any((a, b) in self.pairs for a in earlier for b in later)
            (hidden if hides else shown).append(conflict)
        return shown, hidden


# --- the ledger view: suggested facts from round one merged with the stored ledger ----------------
#
# A stored ledger fact (interview.ledger.facts[n]) is what the person decided about one fact:
#   {id, kind, about, label, value, text, source, question_id, round_id, locked, status, mode?, unit?,
#    currency?, low?, high?, bound?, approx?, per_days?, level?, origin?: {kind, about, text}}
# status: "confirmed" (a suggestion taken as read), "corrected" (its value or subject fixed by hand),
# "added" (typed by hand), "dismissed" (a suggestion that is not a fact; kept so it is not suggested
# again). "text" is the words it came from; "origin" is how extraction first read it, so the same
# words in the answer are recognised as this fact after a correction.

STATUSES = ("confirmed", "corrected", "added", "dismissed")
MAX_SUGGESTED = 300          # suggestions shown per answer; past this an answer is not an answer
MAX_ABOUT, MAX_VALUE, MAX_WORDS = 200, 200, 2000
UNCOMPARED_ABOUT = {"", "year"}
_MODE_WORDS = {"start": "before a change", "end": "after a change", "delta": "a change"}
# Fields of an extracted fact that are kept when it is stored.
_RECORD_FIELDS = ("kind", "about", "label", "value", "mode", "unit", "currency", "low", "high", "bound",
                  "approx", "per_days", "level", "canonical", "text", "employer", "dates", "frame")
# Fields that say what the value is; replaced together when a value is corrected.
_VALUE_FIELDS = ("value", "unit", "currency", "low", "high", "bound", "approx", "per_days", "level", "canonical")
# Fields of a stored fact that a correction keeps.
_KEPT_FIELDS = ("id", "source", "question_id", "round_id", "origin", "status", "locked", "mode", "employer", "dates",
                "frame")
KIND_WORDS = {
    "count": ("a number", "5 or five"), "money": ("an amount of money", "$2M or 120000"),
    "percent": ("a percentage", "40%"), "duration": ("a length of time", "6 months or 2 weeks"),
    "year": ("a year", "2021"), "ordinal": ("a position", "3rd or 7"),
    "title": ("a job title", "senior engineer"), "role": ("what you did", "led the migration"),
}


def _norm_words(text: str) -> str:
    return " ".join(str(text).lower().split())


def _find_words(answer: str, words: str):
    """(start, end) of `words` in `answer`, ignoring case and spacing; None when they are not there."""
    parts = str(words).split()
    if not parts or not answer:
        return None
    found = re.search(r"\s+".join(re.escape(p) for p in parts), answer, re.IGNORECASE)
    return (found.start(), found.end()) if found else None


_UNIT_NAMES = {"mo": "month", "yr": "year", "wk": "week", "hr": "hour", "h": "hour", "min": "minute",
               "sec": "second", "s": "second", "d": "day", "ms": "millisecond"}


def _show_value(fact: dict) -> str:
    """The value as words, a duration in the unit the person used ("18 months", not "1.5 years")."""
    try:
        unit = fact.get("unit")
        per_unit = lexicon().duration.get(unit) if isinstance(unit, str) else None
        if fact.get("kind") == "duration" and per_unit and "low" not in fact and isinstance(fact.get("value"), (int, float)):
            amount = clean_number(fact["value"] / per_unit)
            if amount is not None and amount >= 1:
                name = _UNIT_NAMES.get(unit, unit)
                return f"{amount:g} {name}" + ("" if amount == 1 else "s")
        return show(fact)
    except (TypeError, ValueError, KeyError, OverflowError, ZeroDivisionError):
        return str(fact.get("value", ""))


def _needs_about(fact: dict) -> bool:
    return fact["kind"] in ("count", "percent", "money", "year", "ordinal") and (fact.get("about") or "") in UNCOMPARED_ABOUT


def _record(fact: dict, question: dict, round_: dict, label: str) -> dict:
    """What is stored when a suggested fact is confirmed (the UI adds id, locked and status)."""
    record = {name: fact[name] for name in _RECORD_FIELDS if name in fact}
    record.update(source=label, question_id=question["id"], round_id=round_["id"],
                  origin={"kind": fact["kind"], "about": fact["about"], "text": fact["text"]})
    return record


def _entry(fact: dict, *, key: str, status: str, locked: bool, source: str, question_id: str, round_id: str,
           span, stored_id=None) -> dict:
    entry = {name: fact[name] for name in _RECORD_FIELDS if name in fact}
    entry.update(key=key, id=stored_id, status=status, locked=locked, source=source, question_id=question_id,
                 round_id=round_id, shown=_show_value(fact), needs_about=_needs_about(fact),
                 mode_words=_MODE_WORDS.get(fact.get("mode", "level"), ""),
                 start=span[0] if span else None, end=span[1] if span else None, in_answer=span is not None,
                 stale=False, orphan=False)
    if fact.get("sentence"):
        entry["sentence"] = fact["sentence"]
    return entry


def _read_stored(raw_facts: list) -> tuple[list[dict], list[dict]]:
    """Stored facts, checked; and the ones that cannot be read (kept, shown, removable; never dropped)."""
    good, bad = [], []
    for n, raw in enumerate(raw_facts):
        if not isinstance(raw, dict):
            continue                        # the saved document keeps only objects here
        try:
            fact = _ledger_fact(raw, n)
        except BadParams as exc:
            bad.append({"key": f"bad-{n}", "id": raw.get("id") if isinstance(raw.get("id"), str) else None,
                        "index": n, "message": exc.message, "text": str(raw.get("text", ""))[:MAX_WORDS]})
            continue
        status = raw.get("status")
        fact["status"] = status if status in STATUSES else ("added" if not raw.get("origin") else "confirmed")
        fact["index"] = n
        origin = raw.get("origin")
        if isinstance(origin, dict):
            fact["origin"] = {k: origin[k] for k in ("kind", "about", "text") if isinstance(origin.get(k), str)}
        for name in ("question_id", "round_id", "source"):
            if not isinstance(fact.get(name), str):
                fact[name] = ""
        good.append(fact)
    return good, bad


def _match(stored: list[dict], suggestions: list[dict]) -> dict[int, int]:
    """Stored fact (by position) -> the suggestion it is, one to one: same kind and words, and the same
    subject when possible (a corrected fact matches through how extraction first read it)."""
    index: dict[tuple, list[int]] = {}
    for k, fact in enumerate(suggestions):
        index.setdefault((fact["kind"], _norm_words(fact["text"])), []).append(k)
    taken: set[int] = set()
    out: dict[int, int] = {}
    for strict in (True, False):
        for n, fact in enumerate(stored):
            if n in out:
                continue
            origin = fact.get("origin") or {}
            key = (origin.get("kind", fact["kind"]), _norm_words(origin.get("text") or fact["text"]))
            about = origin.get("about", fact["about"])
            for k in index.get(key, ()):
                if k not in taken and (not strict or suggestions[k]["about"] == about):
                    out[n] = k
                    taken.add(k)
                    break
    return out


def _check_fact(entry: dict) -> dict:
    """A view entry as ledger.check takes it: the id is the entry's key, positions are in its answer now."""
    fact = {name: entry[name] for name in _RECORD_FIELDS if name in entry}
    fact.update(id=entry["key"], source=entry["source"], question_id=entry["question_id"], locked=entry["locked"],
                status=entry["status"], ledger_id=entry["id"] or "")
    if entry["start"] is not None:
        fact["start"], fact["end"] = entry["start"], entry["end"]
    return fact


def _check_set(entries: list[dict]) -> dict:
    """What later text is checked against: the locked facts; besides them, suggested and unlocked facts
    only on subjects nothing is locked for (a locked fact is the word on its subject). With nothing
    locked, every suggested fact, and the note says so."""
    active = [e for e in entries if e["status"] != "dismissed"]
    locked = [e for e in active if e["locked"]]
    if not active:
        return {"facts": [], "basis": "none", "locked": 0, "others": 0,
                "note": "Nothing to check against yet: write your round-one answers in Step 1, or add a fact by hand."}
    if not locked:
        facts = [_check_fact(e) for e in active]
        n = len(facts)
        return {"facts": facts, "basis": "suggested", "locked": 0, "others": n,
                "note": (f"Nothing is locked yet, so this checks against the {n} fact{'s' if n != 1 else ''} "
                         "suggested from your round-one answers. Lock the ones you stand by.")}
    def group(entry):                  # as ledger.check will group it
        return _group_key(_ledger_fact(_check_fact(entry), 0))

    keys = {group(e) for e in locked}
    others = [e for e in active if not e["locked"] and group(e) not in keys]
    facts = [_check_fact(e) for e in locked + others]
    note = f"Checks against your {len(locked)} locked fact{'s' if len(locked) != 1 else ''}"
    if others:
        note += (f", and {len(others)} suggested fact{'s' if len(others) != 1 else ''} not locked yet "
                 "(on subjects with nothing locked)")
    return {"facts": facts, "basis": "locked", "locked": len(locked), "others": len(others), "note": note + "."}


def _ledger_conflicts(groups: list[dict], distinct: list[dict]) -> tuple[list[dict], list[dict]]:
    """Round-one answers (and hand-added facts) that disagree, as the ledger now reads them; and those
    the person said are different things (hidden)."""
    found: list[dict] = []
    hidden: list[dict] = []
    seen: list[dict] = []
    facts = [_check_fact(e) for g in groups for e in g["facts"]]
    pairs = Distinct(distinct, facts)
    for group in groups:
        here = [_check_fact(e) for e in group["facts"] if e["status"] != "dismissed"]
        label = group["label"]
        for conflict in conflicts(seen, here, extra=("source", "question_id", "locked", "status", "ledger_id")):
            later = conflict["later"]
            later_fact = next((f for f in here if f.get("id") == later.get("id")), {})
            later.update(source=label, question_id=group["question_id"], locked=later_fact.get("locked", False),
                         status=later_fact.get("status", "suggested"), ledger_id=later_fact.get("ledger_id", ""))
            conflict["detail"] = conflict["message"]      # without the sources, for a view that shows them
            conflict["message"] = f"{conflict['earlier']['source']} and {label} disagree. " + conflict["message"]
            shown, gone = pairs.split([conflict])
            found.extend(shown)
            hidden.extend(gone)
            if len(found) >= MAX_CONFLICTS:
                return found, hidden
        seen.extend(here)
    return found, hidden


def _cv_groups(chosen: dict, by_question: dict, placed: set) -> list[dict]:
    """The interview's CV as round zero: its facts (cv.read) merged with the stored ledger as an answer's
    are, under question id "cv" and the label "CV"; [] when there is no CV and nothing stored from one."""
    from . import cv as CV

    raw = chosen.get("cv")
    text = raw.get("text") if isinstance(raw, dict) else ""
    text = text if isinstance(text, str) else ""
    mine = by_question.get(CV.QUESTION_ID, [])
    if not text.strip() and not mine:
        return []
    read = CV.read(text) if text.strip() else {"facts": [], "jobs": [], "warnings": []}
    suggestions = read["facts"][:MAX_SUGGESTED]
    where = {"id": CV.QUESTION_ID}
    matched = _match(mine, suggestions)
    entries, dismissed = [], []
    for n, fact in enumerate(mine):
        placed.add(fact["index"])
        k = matched.get(n)
        span = (suggestions[k]["start"], suggestions[k]["end"]) if k is not None else _find_words(text, fact["text"])
        entry = _entry(fact, key=fact.get("id") or f"stored-{fact['index']}", status=fact["status"],
                       locked=fact["locked"], source=CV.SOURCE, question_id=CV.QUESTION_ID, round_id=CV.QUESTION_ID,
                       span=span, stored_id=fact.get("id"))
        entry["stale"] = span is None and fact["status"] in ("confirmed", "corrected")
        (dismissed if fact["status"] == "dismissed" else entries).append(entry)
    taken = set(matched.values())
    for k, fact in enumerate(suggestions):
        if k in taken:
            continue
        entry = _entry(fact, key=f"cv:{fact['id']}", status="suggested", locked=False, source=CV.SOURCE,
                       question_id=CV.QUESTION_ID, round_id=CV.QUESTION_ID, span=(fact["start"], fact["end"]))
        entry["record"] = _record(fact, where, where, CV.SOURCE)
        entries.append(entry)
    entries.sort(key=lambda e: (not e["stale"], e["start"] is None, e["start"] or 0))
    return [{"question_id": CV.QUESTION_ID, "round_id": CV.QUESTION_ID, "label": CV.SOURCE, "kind": "cv",
             "question": "", "has_answer": bool(text.strip()), "facts": entries, "dismissed": dismissed,
             "more": max(0, len(read["facts"]) - MAX_SUGGESTED), "jobs": read["jobs"], "warnings": read["warnings"]}]


def suggest(doc: dict, wanted=None, distinct=None) -> dict:
    """The ledger view of one interview: per round-one question, the facts in its answer merged with the
    stored ledger; hand-added facts; stored facts whose words or question are gone; contradictions
    between them (less the pairs the person said are different things: `distinct`, else the interview's
    ledger.distinct); and the facts later text is checked against."""
    from .debrief import _label, _round_name, interview  # the debrief owns labels and the interview pick

    chosen = interview(doc, wanted)
    raw_facts = chosen.get("ledger", {}).get("facts", [])
    stored, unreadable = _read_stored(raw_facts if isinstance(raw_facts, list) else [])
    by_question: dict[str, list[dict]] = {}
    for fact in stored:
        by_question.setdefault(fact["question_id"], []).append(fact)
    groups: list[dict] = []
    placed: set[int] = set()
    rounds = chosen["rounds"]
    if rounds:
        first = rounds[0]
        name = _round_name(first, 0)
        for i, q in enumerate(first["questions"]):
            label = _label(name, i, q["question"])
            answer = q["answer"]
            found = extract(answer) if answer.strip() else []
            more = max(0, len(found) - MAX_SUGGESTED)
            suggestions = found[:MAX_SUGGESTED]
            mine = by_question.get(q["id"], []) if q["id"] else []
            matched = _match(mine, suggestions)
            entries, dismissed = [], []
            for n, fact in enumerate(mine):
                placed.add(fact["index"])
                k = matched.get(n)
                span = (suggestions[k]["start"], suggestions[k]["end"]) if k is not None else \
                    _find_words(answer, fact["text"])
                entry = _entry(fact, key=fact.get("id") or f"stored-{fact['index']}", status=fact["status"],
                               locked=fact["locked"], source=label, question_id=q["id"], round_id=first["id"],
                               span=span, stored_id=fact.get("id"))
                entry["stale"] = span is None and fact["status"] in ("confirmed", "corrected")
                if k is not None and suggestions[k].get("sentence"):
                    entry["sentence"] = suggestions[k]["sentence"]
                (dismissed if fact["status"] == "dismissed" else entries).append(entry)
            taken = set(matched.values())
            for k, fact in enumerate(suggestions):
                if k in taken:
                    continue
                entry = _entry(fact, key=f"{q['id'] or i}:{fact['id']}", status="suggested", locked=False,
                               source=label, question_id=q["id"], round_id=first["id"], span=(fact["start"], fact["end"]))
                entry["record"] = _record(fact, q, first, label)
                entries.append(entry)
            entries.sort(key=lambda e: (not e["stale"], e["start"] is None, e["start"] or 0))   # stale first: act on it
            groups.append({"question_id": q["id"], "round_id": first["id"], "label": label, "kind": "question",
                           "question": q["question"], "has_answer": bool(answer.strip()), "facts": entries,
                           "dismissed": dismissed, "more": more})
    cv_groups = _cv_groups(chosen, by_question, placed)
    question_ids = {g["question_id"] for g in groups + cv_groups}
    by_hand, orphans, orphans_dismissed = [], [], []
    for fact in stored:
        if fact["index"] in placed:
            continue
        orphan = bool(fact["question_id"]) and fact["question_id"] not in question_ids
        source = fact["source"] or ("Added by hand" if not orphan else "A question no longer in your debrief")
        entry = _entry(fact, key=fact.get("id") or f"stored-{fact['index']}", status=fact["status"],
                       locked=fact["locked"], source=source, question_id=fact["question_id"],
                       round_id=fact["round_id"], span=None, stored_id=fact.get("id"))
        entry["orphan"] = orphan
        entry["stale"] = orphan and fact["status"] in ("confirmed", "corrected")
        if fact["status"] == "dismissed":
            orphans_dismissed.append(entry)
        else:
            (orphans if orphan else by_hand).append(entry)
    ledger_groups = []
    if by_hand:
        ledger_groups.append({"question_id": "", "round_id": "", "label": "Added by hand", "kind": "by_hand",
                              "question": "", "has_answer": False, "facts": by_hand, "dismissed": [], "more": 0})
    if orphans or orphans_dismissed:
        ledger_groups.append({"question_id": None, "round_id": "", "kind": "orphans", "question": "",
                              "label": "From questions no longer in your round-one debrief", "has_answer": False,
                              "facts": orphans, "dismissed": orphans_dismissed, "more": 0})
    # hand-added and orphaned facts come first when answers are compared: they are the person's word
    everything = cv_groups + ledger_groups + groups      # the CV is round zero: checked against first
    entries = [e for g in everything for e in g["facts"]]
    counts = {
        "suggested": sum(e["status"] == "suggested" for e in entries),
        "locked": sum(e["locked"] for e in entries),
        "unlocked": sum(not e["locked"] and e["status"] != "suggested" for e in entries),
        "stale": sum(e["stale"] for e in entries),
        "dismissed": sum(len(g["dismissed"]) for g in everything),
        "unreadable": len(unreadable),
    }
    found, hidden = _ledger_conflicts(everything, saved_distinct(chosen) if distinct is None else distinct)
    return {"groups": cv_groups + groups + ledger_groups, "unreadable": unreadable, "conflicts": found, "hidden": hidden,
            "check": _check_set(entries), "counts": counts, "summary": _summary(counts)}


def _summary(counts: dict) -> str:
    def n(k, one, many):
        return f"{counts[k]} {one if counts[k] == 1 else many}"
    if not counts["locked"] and not counts["suggested"] and not counts["unlocked"]:
        return "Nothing in the ledger yet."
    parts = [n("locked", "fact locked", "facts locked"), n("suggested", "suggestion to confirm", "suggestions to confirm")]
    if counts["unlocked"]:
        parts.append(n("unlocked", "fact unlocked", "facts unlocked"))
    if counts["stale"]:
        parts.append(n("stale", "locked fact no longer in your answer", "locked facts no longer in your answers"))
    return ", ".join(parts) + "."


def suggest_params(params: dict) -> dict:
    """ledger.suggest {"doc", "interview"?, "distinct"?} -> {groups, unreadable, conflicts, hidden, check,
    counts, summary}.

    groups: first the CV when the interview has one (round zero: kind "cv", question_id "cv", label "CV",
    with the CV's "jobs" and "warnings" as cv.read gives them), one per round-one question ({question_id,
    round_id, label, question, has_answer, facts, dismissed, more}), then "Added by hand" and facts whose
    question is gone. CV facts also carry "employer", "dates" and "frame"; CV facts are compared first, so a
    round-one answer that disagrees with the CV is flagged "CV and Round one Q2 … disagree." Each fact: {key, id (stored
    id or null), status ("suggested", "confirmed", "corrected", "added", "dismissed"), locked, stale (its
    words are no longer in its answer), orphan, in_answer, start/end (code points in the answer), kind,
    about, label, value, shown, text, mode, mode_words, needs_about, source, question_id, round_id,
    record (suggestions only: what to store when it is confirmed)}.
    check: {facts (send them to ledger.check), basis ("locked", "suggested", "none"), note}.
    conflicts: round-one answers that disagree, each with its "pair"; hidden: those whose pair is in
    "distinct" (default: the interview's ledger.distinct), the pairs the person said are different things.
    """
    from .debrief import document

    params = P.require_dict(params)
    wanted = params.get("interview")
    distinct = distinct_param(params) if params.get("distinct") is not None else None
    return suggest(document(params), wanted if isinstance(wanted, str) else None, distinct)


# --- a fact typed or corrected by hand --------------------------------------------------------------

def _parse_value(kind: str, raw, base: dict) -> dict:
    """The value fields of a fact from what the person typed ("5", "$2M", "6 months", "senior engineer")."""
    what, example = KIND_WORDS[kind]
    if kind in ("title", "role"):
        if not isinstance(raw, str) or not raw.strip():
            raise BadParams(f"Write {what}, like “{example}”.")
        value = " ".join(raw.split())
        if len(value) > MAX_VALUE:
            raise BadParams(f"That {kind} is too long ({len(value):,} characters; keep it under {MAX_VALUE}).")
        out = {"value": value if kind == "title" else value.lower()}
        if kind == "role":
            out["level"] = _role_level(value)
        else:
            out["canonical"] = " ".join(lexicon().title_tokens(value))
        return out
    if isinstance(raw, str):
        typed = raw.strip()
        if not typed:
            raise BadParams(f"Write the value: {what}, like {example}.")
        if len(typed) > MAX_VALUE:
            raise BadParams(f"That value is too long ({len(typed):,} characters); write just {what}, like {example}.")
        if base.get("kind") == kind and typed in (base.get("shown"), str(base.get("value"))):
            return {name: base[name] for name in _VALUE_FIELDS if name in base}    # unchanged
    else:
        typed = raw
    number = _number(typed)
    if number is not None:
        out = {"value": number}
        if kind == "money":
            out["currency"] = base.get("currency") if isinstance(base.get("currency"), str) else "USD"
        elif kind == "duration":
            out["unit"] = "month"
        return out
    if not isinstance(typed, str):
        raise BadParams(f"Write the value as {what}, like {example}.")
    if kind == "ordinal":
        found = re.fullmatch(r"(?:the\s+)?(\d{1,4})(?:st|nd|rd|th)?", typed.lower())
        if found:
            return {"value": int(found.group(1))}
        word = _ORDINAL.get(typed.lower().removeprefix("the ").strip())
        if word:
            return {"value": word}
    accept = {"count": ("count",), "money": ("money",), "percent": ("percent",), "duration": ("duration",),
              "year": ("year", "count"), "ordinal": ("ordinal", "count")}[kind]
    for fact in extract(typed):
        if fact["kind"] in accept and isinstance(fact.get("value"), (int, float)):
            return {name: fact[name] for name in _VALUE_FIELDS if name in fact and name != "level"}
    raise BadParams(f"“{typed[:60]}” does not read as {what}. Write it like {example}.")


def _about(kind: str, raw, base: dict) -> tuple[str, str]:
    """(about key, label) from what the person typed ("Team size", "new customers")."""
    if kind in ("title", "role"):
        return kind, kind.capitalize()
    typed = " ".join(raw.split()) if isinstance(raw, str) else ""
    if base.get("kind") == kind and isinstance(base.get("about"), str) and (
            not typed or typed in (base.get("label"), base["about"])):
        return base["about"], base.get("label") or lexicon().label_for(base["about"])    # unchanged
    if not typed:
        raise BadParams("Say what this fact is about, like “team size”, “budget” or “customers”.")
    if len(typed) > MAX_ABOUT:
        raise BadParams(f"Keep what it is about short (under {MAX_ABOUT} characters), like “team size”.")
    lex = lexicon()
    key = about_key(typed)
    label = typed[:1].upper() + typed[1:]   # the person's words name it ("Migration length")
    if key in lex.label:
        if typed.lower() in (key.replace("_", " "), lex.label[key].lower()):
            label = lex.label[key]
        return key, label
    words = key.split()
    if len(words) == 1:
        key = _singular(words[0])          # as extraction names an unlisted subject
    return key, label


def make(fact: dict, base: dict | None = None) -> dict:
    """A ledger fact from what the person typed (added by hand, or a correction of `base`)."""
    base = base if isinstance(base, dict) else {}
    kind = fact.get("kind", base.get("kind"))
    if kind not in KINDS:
        raise BadParams("Choose what kind of fact this is: " + ", ".join(f"{k} ({KIND_WORDS[k][0]})" for k in KINDS) + ".")
    if base.get("kind") not in (None, kind):
        base = {k: v for k, v in base.items() if k not in _VALUE_FIELDS and k not in ("about", "label", "shown")}
    about, label = _about(kind, fact.get("about"), base)
    value = _parse_value(kind, fact.get("value"), {**base, "shown": _show_value(base) if "value" in base else None})
    words = fact.get("text")
    if isinstance(words, str) and words.strip():
        words = words.strip()
        if len(words) > MAX_WORDS:
            raise BadParams(f"The words are too long ({len(words):,} characters); keep the phrase you said, under {MAX_WORDS:,}.")
    elif isinstance(base.get("text"), str) and base["text"].strip():
        words = base["text"]
    else:
        typed = fact.get("value")
        words = " ".join(typed.split()) if isinstance(typed, str) else str(value["value"])
    out = {k: base[k] for k in _KEPT_FIELDS if k in base and isinstance(base[k], (str, bool, dict))}
    out.update(kind=kind, about=about, label=label, text=words, **value)
    mode = fact.get("mode", out.get("mode"))
    out["mode"] = mode if mode in ("level", "start", "end", "delta") else "level"
    for name in ("question_id", "round_id", "source"):
        if isinstance(fact.get(name), str):
            out[name] = fact[name][:MAX_ABOUT]
    _ledger_fact(out, 0)                   # what is stored must be what ledger.check accepts
    return {"fact": out, "shown": _show_value(out)}


def make_params(params: dict) -> dict:
    """ledger.make {"fact": {kind, about, value, text?, question_id?, round_id?, source?, mode?}, "base"?}
    -> {"fact": a ledger fact to store, "shown": its value as words}.

    For a fact added by hand, send what the person typed; for a correction, also send the stored fact (or
    the suggestion's "record") as "base": what is not changed is kept. bad_params says what to fix.
    """
    params = P.require_dict(params)
    fact = params.get("fact")
    if not isinstance(fact, dict):
        raise BadParams("Send the fact as 'fact': {kind, about, value, text}.")
    base = params.get("base")
    if base is not None and not isinstance(base, dict):
        raise BadParams("'base' must be the stored fact being corrected.")
    return make(fact, base)
