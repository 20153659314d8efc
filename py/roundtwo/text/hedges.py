"""The published hedge rule: the band of values a stated number stands for, and whether two agree.

Settings live in data/ledger_rules.toml so the rule is one table, and every flag can say which part of
it applied ("about X allows 10%").
"""

from __future__ import annotations

import math
import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def rules() -> dict:
    raw = resources.files("roundtwo").joinpath("data/ledger_rules.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


def hedge_of(fact: dict) -> str:
    """Which hedge a fact was said with: exact, about, over, at_least, nearly, under, at_most, range."""
    if isinstance(fact.get("low"), (int, float)) and isinstance(fact.get("high"), (int, float)):
        return "range"
    h = fact.get("hedge")
    if h:
        return h
    bound = fact.get("bound")
    if bound == "at_least":
        return "at_least"
    if bound == "at_most":
        return "at_most"
    if bound == "nearly":
        return "nearly"
    if fact.get("approx"):
        return "about"
    return "exact"


def band(fact: dict, scale: float = 1.0) -> tuple[float, float]:
    """The values a fact allows, divided by `scale` (a rate's period in days, when both are rates)."""
    h = rules()["hedge"]
    v = float(fact["value"]) / scale
    kind = hedge_of(fact)
    if kind == "range":
        return float(fact["low"]) / scale, float(fact["high"]) / scale
    if kind == "about":
        return v * (1 - h["about"]), v * (1 + h["about"])
    if kind == "over":
        return v * (1 + 1e-9), v * h["over_max"]
    if kind == "at_least":
        return v, math.inf
    if kind == "nearly":
        return v * h["nearly_min"], v
    if kind == "under":
        return v * h["under_min"], v * (1 - 1e-9)
    if kind == "at_most":
        return 0.0, v
    return v, v


def explain(a: dict, b: dict) -> str:
    """The part of the rule that made two facts disagree, in words."""
    h = rules()["hedge"]
    words = {
        "exact": "exact figures that differ disagree",
        "about": f"\u201cabout X\u201d allows {h['about']:.0%} either way",
        "over": f"\u201cover X\u201d allows up to {h['over_max']:g}\u00d7X",
        "at_least": "\u201cat least X\u201d or \u201cX+\u201d allows X or more",
        "nearly": f"\u201cnearly X\u201d allows {h['nearly_min']:g}\u00d7X to X",
        "under": f"\u201cunder X\u201d allows {h['under_min']:g}\u00d7X up to X",
        "at_most": "\u201cat most X\u201d allows X or less",
        "range": "a range allows what is inside it",
    }
    ha, hb = hedge_of(a), hedge_of(b)
    if ha == hb == "exact":
        return words["exact"]
    parts = [words[x] for x in dict.fromkeys((ha, hb)) if x != "exact"]
    return "; ".join(parts) + "; the two do not overlap"


def values_agree(a: dict, b: dict) -> bool:
    """Do two numeric facts of one kind say the same value under the hedge rule?"""
    sa = sb = 1.0
    if a.get("per_days") and b.get("per_days"):
        sa, sb = float(a["per_days"]), float(b["per_days"])
    la, ha = band(a, sa)
    lb, hb = band(b, sb)
    tol = 1e-6
    if sa != sb:
        tol = 0.01                      # a year is 52.14 weeks and 12 months: rates per period round a little
    if a.get("kind") == "duration" and a.get("unit") and b.get("unit") and _unit_family(a["unit"]) != _unit_family(b["unit"]):
        tol = rules()["hedge"]["units_differ"]
    if a.get("kind") == "money" and (a.get("currency") or "") != (b.get("currency") or "") \
            and a.get("currency") and b.get("currency"):
        return False
    return la <= hb * (1 + tol) + 1e-12 and lb <= ha * (1 + tol) + 1e-12


def _unit_family(unit: str) -> str:
    u = unit.lower()
    for fam, names in (("day", ("d", "day", "working day", "business day")), ("week", ("wk", "week", "fortnight")),
                       ("month", ("mo", "month")), ("quarter", ("qtr", "quarter")), ("year", ("yr", "year")), ("hour", ("h", "hr", "hour")),
                       ("minute", ("min", "minute")), ("second", ("s", "sec", "second"))):
        if u in names or u.rstrip("s") in names:
            return fam
    return u
