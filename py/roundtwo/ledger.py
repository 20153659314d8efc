"""The claims ledger: facts the person has confirmed ("locked"), and a check of new text against them.

The UI keeps the ledger (facts from round one, maybe edited by hand); `ledger.check` extracts the facts of
a new answer and reports each one that contradicts a ledger fact, naming where the ledger fact came from.
"""

from __future__ import annotations

from . import params as P
from .consistency import conflicts
from .errors import BadParams
from .facts import KINDS, clean_number, lexicon

MAX_LEDGER = 5000


def _about_key(about: str) -> str:
    """A hand-typed about ("Team size", "budgets") mapped to the key extraction uses, when it is one."""
    lex = lexicon()
    if about in lex.label:
        return about
    words = about.lower().replace("-", " ").replace("_", " ").split()
    for label_key, label in lex.label.items():
        if label.lower() == " ".join(words):
            return label_key
    for n in range(len(words), 0, -1):
        for start in range(len(words) - n + 1):
            phrase = words[start:start + n]
            phrase = " ".join([*phrase[:-1], phrase[-1].rstrip("s") if len(phrase[-1]) > 3 else phrase[-1]])
            keys = lex.noun.get(phrase) or lex.cue.get(phrase)
            if keys:
                return keys[0]
    return " ".join(words)


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
        if isinstance(value, str):
            try:
                value = float(value.replace(",", "").strip())
            except ValueError:
                raise BadParams(f"{where}: 'value' must be a number, not {value[:40]!r}.") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or clean_number(float(value)) is None:
            raise BadParams(f"{where}: 'value' must be a number.")
        value = clean_number(float(value))
    fact = {"kind": kind, "about": _about_key(about) if kind not in ("title", "role") else kind,
            "value": value, "text": str(raw.get("text") or value), "mode": raw.get("mode", "level"),
            "locked": bool(raw.get("locked", False))}
    if kind == "role":
        fact["level"] = raw.get("level") or _role_level(value)
    for name in ("id", "source", "start", "end", "unit", "currency", "label", "approx", "bound", "sentence"):
        if name in raw and raw[name] is not None:
            fact[name] = raw[name]
    for name in ("low", "high", "per_days"):
        if isinstance(raw.get(name), (int, float)) and not isinstance(raw.get(name), bool):
            fact[name] = raw[name]
    if fact["mode"] not in ("level", "start", "end", "delta"):
        fact["mode"] = "level"
    return fact


def _role_level(value: str) -> str:
    words = value.lower().split()
    lead = set(lexicon().lead_verbs) | {"lead", "in", "charge"}
    return "member" if "one" in words[:1] or "contributor" in words else ("lead" if set(words) & lead else "")


def check(facts: list, text: str) -> dict:
    ledger = [_ledger_fact(raw, n) for n, raw in enumerate(facts)]
    from .facts import extract

    found = conflicts(ledger, extract(text), extra=("source", "locked"))
    found.sort(key=lambda c: (not c["earlier"].get("locked", False), c["later"]["start"]))
    return {"conflicts": found}


def check_params(params: dict) -> dict:
    """ledger.check {"facts": [{kind, about, value, text, source?, locked?}], "text"} -> {"conflicts": [...]}.

    Each conflict's "earlier" is the ledger fact, with its "source" and "locked"; locked facts come first.
    """
    params = P.require_dict(params)
    facts = P.listing(params, "facts", max_items=MAX_LEDGER)
    return check(facts, P.text(params, "text"))
