"""Contradictions between what a candidate said earlier and what they say now.

Facts (from roundtwo.facts) are grouped by kind and what they are about. Within a group, a value said now
that matches nothing said earlier is a contradiction only if something said earlier also matches nothing
said now: "team of 6" then "grew it from 6 to 9" adds a fact, it does not contradict one. Values match when
they are the same number said differently ("five", "5"; "half a year", "six months"), when one falls in the
other's range or bound, or, for titles, when one title refines the other ("engineer", "senior engineer").
"""

from __future__ import annotations

import math
import re

from . import params as P
from .facts import extract, lexicon

MAX_CONFLICTS = 100
MAX_VALUES_PER_GROUP = 200   # keeps a pathological text (thousands of team sizes) linear
# Relative tolerances: exact up to float rounding (99.9% is not 99.95%); "about 60" a little looser;
# durations said in different units looser still ("8 weeks" is "two months" to anyone but a calculator).
EXACT, APPROX, UNITS_DIFFER = 1e-6, 0.05, 0.10
# Kinds where "by 30%" (a change) and "30%" (a level) are different facts.
DELTA_APART = {"count", "percent", "duration", "money"}
# Years and ordinals with no specific subject ("in 2021", "my first year") are not compared.
UNCOMPARED_ABOUT = {"", "year"}


def _bounds(fact: dict) -> tuple[float, float]:
    value = fact["value"]
    low, high = fact.get("low", value), fact.get("high", value)
    bound = fact.get("bound")
    if bound == "at_least":
        high = math.inf
    elif bound == "at_most":
        low = 0.0
    elif bound == "nearly":
        low = value * 0.85
    return low, high


def _rate(fact: dict, other: dict) -> float:
    """Divide by the rate's days only when both facts are rates, so "$450k a year" meets "$37.5k a month"."""
    if fact.get("per_days") and other.get("per_days"):
        return float(fact["per_days"])
    return 1.0


def _tolerance(a: dict, b: dict) -> float:
    if a["kind"] in ("year", "ordinal"):
        return 0.0                      # 2019 and 2020 are 0.05% apart and a year apart
    if a["kind"] == "duration" and a.get("unit") and b.get("unit") and a["unit"] != b["unit"]:
        return UNITS_DIFFER
    if a.get("approx") or b.get("approx"):
        return APPROX
    return EXACT


def same(a: dict, b: dict) -> bool:
    """Do two facts of one group say the same thing?"""
    kind = a["kind"]
    if kind == "title":
        return lexicon().titles_compatible(str(a["value"]), str(b["value"]))
    if kind == "role":
        return a.get("level") == b.get("level")
    if not isinstance(a["value"], (int, float)) or not isinstance(b["value"], (int, float)):
        return str(a["value"]).strip().lower() == str(b["value"]).strip().lower()
    ra, rb = _rate(a, b), _rate(b, a)
    a_low, a_high = _bounds(a)
    b_low, b_high = _bounds(b)
    a_low, a_high, b_low, b_high = a_low / ra, a_high / ra, b_low / rb, b_high / rb
    tol = _tolerance(a, b)
    return a_low <= b_high * (1 + tol) + 1e-12 and b_low <= a_high * (1 + tol) + 1e-12


def _group_key(fact: dict):
    kind = fact.get("kind")
    about = fact.get("about") or ""
    if kind in ("year", "ordinal", "count", "percent", "money") and about in UNCOMPARED_ABOUT:
        return None
    if kind in DELTA_APART:
        return kind, about, fact.get("mode") == "delta"
    return kind, about, False


def _groups(facts) -> dict:
    out: dict = {}
    for fact in facts:
        key = _group_key(fact)
        if key is None:
            continue
        bucket = out.setdefault(key, [])
        if len(bucket) < MAX_VALUES_PER_GROUP:
            bucket.append(fact)
    return out


# A later value is paired with an earlier one of a compatible mode: the start of a change with a start,
# the end with an end; a plain level with anything. Lower is a better pair.
_PAIR_RANK = {
    ("end", "end"): 0, ("start", "start"): 0, ("level", "level"): 0, ("delta", "delta"): 0,
    ("level", "end"): 1, ("end", "level"): 1, ("level", "start"): 2, ("start", "level"): 2,
}


def _distance(a: dict, b: dict) -> float:
    try:
        x, y = float(a["value"]), float(b["value"])
        if x > 0 and y > 0:
            return abs(math.log(x / y))
        return abs(x - y)
    except (TypeError, ValueError):
        return 0.0


def _signature(fact: dict):
    """Everything `same` reads from a fact of a known group: facts with one signature agree alike."""
    return (fact.get("value"), fact.get("low"), fact.get("high"), fact.get("bound"), fact.get("per_days"),
            bool(fact.get("approx")), fact.get("unit"), fact.get("level"))


def _agreeing(earlier: list[dict], later: list[dict]) -> tuple[list[bool], list[bool]]:
    """For each later fact, whether some earlier fact says the same; and the same for each earlier fact.

    Each distinct signature is compared once, so a long text repeating the same few values stays fast.
    """
    try:
        sig_e = [_signature(a) for a in earlier]
        sig_l = [_signature(b) for b in later]
        uniq_e = dict(zip(sig_e, earlier))
        uniq_l = dict(zip(sig_l, later))
    except TypeError:                       # an unhashable value from a hand-made fact: compare them all
        return ([any(same(a, b) for a in earlier) for b in later],
                [any(same(a, b) for b in later) for a in earlier])
    agree = {(se, sl) for se, a in uniq_e.items() for sl, b in uniq_l.items() if same(a, b)}
    said_l = {sl for _, sl in agree}
    said_e = {se for se, _ in agree}
    return [s in said_l for s in sig_l], [s in said_e for s in sig_e]


def group_conflicts(earlier: list[dict], later: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs (earlier fact, later fact) that contradict each other within one group."""
    later_said, earlier_said = _agreeing(earlier, later)
    later_new = [b for b, said in zip(later, later_said) if not said]
    if not later_new:
        return []
    earlier_unsaid = [a for a, said in zip(earlier, earlier_said) if not said]
    if not earlier_unsaid:
        return []
    pairs = []
    used: set[int] = set()
    # ends and levels first: they are what a person repeats
    for b in sorted(later_new, key=lambda f: f.get("mode") == "start"):
        best = None
        for n, a in enumerate(earlier_unsaid):
            rank = _PAIR_RANK.get((a.get("mode", "level"), b.get("mode", "level")))
            if rank is None or n in used:
                continue
            score = (rank, not a.get("locked", False), _distance(a, b))   # a locked ledger fact first
            if best is None or score < best[0]:
                best = (score, n)
        if best is not None:
            used.add(best[1])
            pairs.append((earlier_unsaid[best[1]], b))
    return pairs


def _show(fact: dict) -> str:
    """A value for a message: "$2,000,000", "40%", "6 months", "4th", "5-6"."""
    if isinstance(fact.get("low"), (int, float)) and isinstance(fact.get("high"), (int, float)):
        low, high = dict(fact, value=fact["low"]), dict(fact, value=fact["high"])
        low.pop("low"), high.pop("low")
        return f"{_show(low)}\u2013{_show(high)}"
    value = fact["value"]
    kind = fact["kind"]
    if kind in ("title", "role") or not isinstance(value, (int, float)):
        return str(value)
    if kind == "money":
        symbol = {"USD": "$", "EUR": "\u20ac", "GBP": "\u00a3"}.get(fact.get("currency") or "USD")
        amount = f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"
        return f"{symbol}{amount}" if symbol else f"{amount} {fact['currency']}"
    if kind == "percent":
        return f"{value:g}%"
    if kind == "duration":
        return _show_months(float(value), fact.get("unit"))
    if kind == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    if kind == "year":
        return str(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


def _plural(n: float, unit: str) -> str:
    shown = f"{n:.1f}".rstrip("0").rstrip(".")
    return f"{shown} {unit}" + ("" if shown == "1" else "s")


def _show_months(months: float, unit: str | None) -> str:
    small = {"millisecond": 1 / 2_592_000_000, "ms": 1 / 2_592_000_000, "second": 1 / 2_592_000,
             "sec": 1 / 2_592_000, "minute": 1 / 43_200, "min": 1 / 43_200, "hour": 1 / 720, "hr": 1 / 720,
             "day": 1 / 30, "week": 12 / 52, "wk": 12 / 52, "fortnight": 24 / 52}
    names = {"ms": "millisecond", "sec": "second", "min": "minute", "hr": "hour", "wk": "week",
             "fortnight": "week"}
    if unit in small:
        size = small[unit]
        name = names.get(unit, unit)
        if unit == "fortnight":
            size = 12 / 52
        return _plural(months / size, name)
    if months >= 12 and abs(months / 12 - round(months / 12, 1)) < 1e-9:
        return _plural(months / 12, "year")
    return _plural(months, "month")


def _said(fact: dict) -> str:
    text = " ".join(str(fact.get("text") or "").split())
    shown = _show(fact)
    if fact["kind"] in ("title", "role"):
        return f'"{text or shown}"'
    if not text:
        return shown
    if text.replace(",", "").replace(" ", "").lower() == shown.replace(",", "").replace(" ", "").lower():
        return text
    return f"{text} ({shown})"


def message(earlier: dict, later: dict) -> str:
    label = earlier.get("label") or lexicon().label_for(earlier.get("about") or "")
    if earlier["kind"] == "ordinal":
        label = f"Order ({earlier.get('about')})"
    modes = {earlier.get("mode"), later.get("mode")}
    if modes == {"end"}:
        label += " after the change"
    elif modes == {"start"}:
        label += " before the change"
    elif modes == {"delta"}:
        label += " change"
    return f"{label}: you said {_said(earlier)} earlier and {_said(later)} now."


def _side(fact: dict, other: dict, extra=()) -> dict:
    value = fact.get("value")
    if isinstance(fact.get("low"), (int, float)) and isinstance(fact.get("high"), (int, float)):
        # a range contradicts through its nearer end: "5-6 people" against 9 is "6 against 9"
        value = min((fact["low"], fact["high"]), key=lambda v: abs(v - other.get("value", v)) if
                    isinstance(other.get("value"), (int, float)) else 0)
    side = {"value": value, "text": fact.get("text", ""), "start": fact.get("start"), "end": fact.get("end")}
    for name in ("mode", "unit", "currency", "low", "high", "sentence", "id", *extra):
        if name in fact:
            side[name] = fact[name]
    return side


def conflicts(earlier: list[dict], later: list[dict], *, extra=()) -> list[dict]:
    """Contradictions between two lists of facts, in the order they appear in the later text."""
    old = _groups(earlier)
    out = []
    for key, new_facts in _groups(later).items():
        if key not in old:
            continue
        for a, b in group_conflicts(old[key], new_facts):
            out.append({"about": key[1], "kind": key[0], "label": a.get("label") or lexicon().label_for(key[1]),
                        "earlier": _side(a, b, extra), "later": _side(b, a), "message": message(a, b)})
    out.sort(key=lambda c: (c["later"]["start"] if isinstance(c["later"]["start"], int) else 0))
    return out[:MAX_CONFLICTS]


def compare(earlier: str, later: str) -> dict:
    return {"conflicts": conflicts(extract(earlier), extract(later))}


def compare_params(params: dict) -> dict:
    """consistency.compare {"earlier", "later"} -> {"conflicts": [{about, kind, earlier, later, message}]}."""
    params = P.require_dict(params)
    return compare(P.text(params, "earlier"), P.text(params, "later"))


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_LINE = re.compile(r"[^\n]+")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def _segments(text: str) -> list[tuple[int, int]]:
    """Answers: paragraphs split by blank lines; else lines; else sentences."""
    cuts = [m.end() for m in _BLANK_LINE.finditer(text)]
    if cuts:
        return list(zip([0, *cuts], [*cuts, len(text)]))
    for pattern in (_LINE, _SENTENCE):
        parts = [(m.start(), m.end()) for m in pattern.finditer(text) if m.group().strip()]
        if len(parts) > 1:
            return parts
    return [(0, len(text))]


def within(text: str) -> dict:
    """Contradictions inside one text: each answer (paragraph) against the answers before it."""
    facts = extract(text)
    segments = _segments(text)
    out: list[dict] = []
    earlier: list[dict] = []
    n = 0
    for start, end in segments:
        here = []
        while n < len(facts) and facts[n]["start"] < end:
            if facts[n]["start"] >= start:
                here.append(facts[n])
            n += 1
        if here and earlier:
            out.extend(conflicts(earlier, here))
            if len(out) >= MAX_CONFLICTS:
                break
        earlier.extend(here)
    return {"conflicts": out[:MAX_CONFLICTS]}


def within_params(params: dict) -> dict:
    """consistency.within {"text"} -> {"conflicts": [...]}: one text contradicting itself."""
    params = P.require_dict(params)
    return within(P.text(params, "text"))
