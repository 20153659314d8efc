"""What a backup holds, and merging one into the document in this browser.

`transfer.import_params` checks a backup and migrates its document; this module says what it holds in
the terms a person decides by (interviews, rounds, practice sessions, the dates they span) and, when the
person chooses to merge rather than replace, adds what the backup has that this browser does not, never
changing or removing anything already here.
"""

from __future__ import annotations

from . import model
from .errors import BadParams


def _dates(doc: dict) -> list[str]:
    found = []
    for i in doc["interviews"]:
        for r in i["rounds"]:
            if r.get("ended_at"):
                found.append(r["ended_at"])
        if i.get("next_round_at"):
            found.append(i["next_round_at"])
    for h in _history(doc):
        if isinstance(h.get("ended_at"), str) and h["ended_at"]:
            found.append(h["ended_at"])
    return sorted(d[:10] for d in found if isinstance(d, str) and len(d) >= 10)


def _history(doc: dict) -> list[dict]:
    practice = doc.get("practice") if isinstance(doc.get("practice"), dict) else {}
    history = practice.get("history") if isinstance(practice.get("history"), list) else []
    return [h for h in history if isinstance(h, dict)]


def holds(doc: dict) -> dict:
    """{"interviews", "rounds", "sessions", "with_partner", "first", "last", "names", "text"}."""
    interviews = doc["interviews"]
    rounds = sum(len(i["rounds"]) for i in interviews)
    history = _history(doc)
    partner = sum(1 for h in history if h.get("with_partner") is True)
    dates = _dates(doc)
    names = [" · ".join(p for p in (i["company"].strip(), i["role"].strip()) if p) or "unnamed" for i in interviews]
    plural = lambda n, word: f"{n} {word}{'s' if n != 1 else ''}"  # noqa: E731
    text = f"{plural(len(interviews), 'interview')}, {plural(rounds, 'round')}, {plural(len(history), 'practice session')}"
    if partner:
        text += f" ({partner} with a partner)"
    if dates:
        text += f", dated {dates[0]} to {dates[-1]}" if dates[0] != dates[-1] else f", dated {dates[0]}"
    return {"interviews": len(interviews), "rounds": rounds, "sessions": len(history), "with_partner": partner,
            "first": dates[0] if dates else "", "last": dates[-1] if dates else "", "names": names[:20], "text": text}


def _doc(params: dict, name: str) -> dict:
    out = model.migrate(params.get(name))
    if out["doc"] is None:
        raise BadParams(f"The {'backup' if name == 'incoming' else 'document in this browser'} cannot be read: "
                        + out["message"])
    return out["doc"]


def preview_params(params: dict) -> dict:
    """`backup.preview` {doc, incoming} -> {"incoming": holds(backup), "here": holds(this browser),
    "merge": what a merge would add}."""
    here, incoming = _doc(params, "doc"), _doc(params, "incoming")
    _merged, added = _merge(here, incoming)
    return {"incoming": holds(incoming), "here": holds(here), "merge": added}


def _by_id(items: list) -> set:
    return {x.get("id") for x in items if isinstance(x, dict) and isinstance(x.get("id"), str) and x.get("id")}


def _merge(here: dict, incoming: dict) -> tuple[dict, dict]:
    import copy

    out = copy.deepcopy(here)
    have = _by_id(out["interviews"])
    new_interviews = [i for i in incoming["interviews"] if i["id"] and i["id"] not in have]
    out["interviews"].extend(copy.deepcopy(new_interviews))
    history_here = _history(out)
    have_sessions = _by_id(history_here)
    new_sessions = [h for h in _history(incoming) if h.get("id") not in have_sessions]
    if new_sessions:
        if not isinstance(out.get("practice"), dict):
            out["practice"] = {}
        out["practice"]["history"] = history_here + copy.deepcopy(new_sessions)
    custom_here = out["bank"]["custom"] if isinstance(out["bank"].get("custom"), list) else []
    have_custom = _by_id(custom_here)
    new_custom = [q for q in incoming["bank"].get("custom", []) if isinstance(q, dict) and q.get("id") not in have_custom]
    out["bank"]["custom"] = custom_here + copy.deepcopy(new_custom)
    if not out["current"] and out["interviews"]:
        out["current"] = out["interviews"][0]["id"]
    kept = sum(1 for i in incoming["interviews"] if i["id"] in have)
    added = {"interviews": len(new_interviews), "sessions": len(new_sessions), "questions": len(new_custom),
             "kept": kept,
             "text": (f"Merging adds {len(new_interviews)} interview{'s' if len(new_interviews) != 1 else ''} and "
                      f"{len(new_sessions)} practice session{'s' if len(new_sessions) != 1 else ''}"
                      + (f"; {kept} interview{'s' if kept != 1 else ''} already here stay as they are here" if kept else "")
                      + ". Nothing here is changed or removed.")}
    return model.normalise(out), added


def merge_params(params: dict) -> dict:
    """`backup.merge` {doc, incoming} -> {"doc": this browser's document with what only the backup has
    added, "added": counts and a sentence}."""
    here, incoming = _doc(params, "doc"), _doc(params, "incoming")
    doc, added = _merge(here, incoming)
    return {"doc": doc, "added": added}
