"""The claims ledger: facts the person has confirmed ("locked"), and a check of new text against them.

The UI keeps the ledger (facts from round one, maybe edited by hand); `ledger.check` extracts the facts of
a new answer and reports each one that contradicts a ledger fact, naming where the ledger fact came from.
"""

from __future__ import annotations

from . import params as P
from .consistency import conflicts
from .errors import BadParams
from .facts import KINDS, about_key, clean_number, extract, lexicon

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
    for name in ("id", "source", "unit", "currency", "label", "bound", "sentence"):
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
    return fact


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


def check(facts: list, text: str, *, locked_only: bool = False) -> dict:
    ledger = [_ledger_fact(raw, n) for n, raw in enumerate(facts)]
    if locked_only:
        ledger = [fact for fact in ledger if fact["locked"]]
    found = conflicts(ledger, extract(text), extra=("source", "locked"))
    found.sort(key=lambda c: (not c["earlier"].get("locked", False), c["later"]["start"]))
    return {"conflicts": found}


def check_params(params: dict) -> dict:
    """ledger.check {"facts": [{kind, about, value, text, source?, locked?}], "text", "locked_only"?}
    -> {"conflicts": [...]}.

    Each conflict's "earlier" is the ledger fact, with its "source" and "locked"; locked facts come first.
    With "locked_only": true, facts the person has not locked are ignored.
    """
    params = P.require_dict(params)
    facts = P.listing(params, "facts", max_items=MAX_LEDGER)
    locked_only = params.get("locked_only", False)
    if not isinstance(locked_only, bool):
        raise BadParams("The field 'locked_only' must be true or false.")
    return check(facts, P.text(params, "text"), locked_only=locked_only)
