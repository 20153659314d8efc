"""The saved document: its current shape, its schema version, and migrations from every older version.

The browser keeps one JSON document in localStorage. It may come from an older version of Round Two
(migrate it forward, step by step), from a newer one (leave it alone: we cannot know its meaning), or be
corrupt (leave it alone). `migrate` decides which, and never loses what it cannot understand.
"""

from __future__ import annotations

import copy

from .errors import BadParams

SCHEMA_VERSION = 2


def blank_interview() -> dict:
    """One interview process (a company and role), with its rounds and everything prepared for it."""
    return {
        "id": "",
        "company": "",
        "role": "",
        "candidate_name": "",
        "next_round_at": "",      # the second interview, ISO local datetime
        "news_expected_by": "",   # when they said you would hear back, ISO date
        "rounds": [],
        # distinct: pairs of facts the person said are different things (ledger.py, "pair"), never flagged
        "ledger": {"facts": [], "distinct": []},
        "panel": {"panelists": []},
        "salary": {},
        "plan": {"done": {}},
        # the CV, round zero (cv.py reads its facts into the ledger): its text, the file it came from, when
        "cv": blank_cv(),
    }


def blank_cv() -> dict:
    return {"text": "", "file_name": "", "added_at": ""}


def blank_round() -> dict:
    return {"id": "", "name": "", "ended_at": "", "interviewers": "", "questions": []}


def blank_question() -> dict:
    return {"id": "", "question": "", "answer": "", "notes": "", "weak": False, "weak_note": "", "pushback": ""}


def blank() -> dict:
    """A new, empty document of the current version."""
    return {
        "version": SCHEMA_VERSION,
        "current": "",            # id of the interview on screen
        "interviews": [],
        "bank": {"custom": [], "hidden": [], "values": []},
        "practice": {},
    }


def _merge_defaults(defaults, loaded):
    """Tolerant restore: keep everything loaded, fill what is missing from defaults, fix wrong types."""
    if isinstance(defaults, dict):
        if not isinstance(loaded, dict):
            return copy.deepcopy(defaults)
        out = {k: _merge_defaults(v, loaded.get(k, v)) for k, v in defaults.items()}
        for k, v in loaded.items():  # unknown keys are kept, not dropped
            out.setdefault(k, v)
        return out
    if isinstance(defaults, list):
        return loaded if isinstance(loaded, list) else copy.deepcopy(defaults)
    if isinstance(defaults, str):
        return loaded if isinstance(loaded, str) else defaults
    return loaded if type(loaded) is type(defaults) else defaults


def _items(loaded: list, make_blank, clean=None) -> list:
    """List items merged over their blank shape; entries that are not objects are dropped."""
    out = []
    for item in loaded:
        if isinstance(item, dict):
            merged = _merge_defaults(make_blank(), item)
            out.append(clean(merged) if clean else merged)
    return out


def _clean_round(r: dict) -> dict:
    r["questions"] = _items(r["questions"], blank_question)
    return r


def _clean_interview(i: dict) -> dict:
    i["rounds"] = _items(i["rounds"], blank_round, _clean_round)
    i["panel"]["panelists"] = [p for p in i["panel"]["panelists"] if isinstance(p, dict)]
    i["ledger"]["facts"] = [f for f in i["ledger"]["facts"] if isinstance(f, dict)]
    i["ledger"]["distinct"] = [p for p in i["ledger"]["distinct"] if isinstance(p, dict)]
    return i


def normalise(doc: dict) -> dict:
    """Bring a current-version document into shape: defaults merged under it, list items cleaned."""
    out = _merge_defaults(blank(), doc)
    out["interviews"] = _items(out["interviews"], blank_interview, _clean_interview)
    out["version"] = SCHEMA_VERSION
    return out


def _v1_to_v2(doc: dict) -> dict:
    """v1 held one interview with one round: {interview: {company, role, round_date}, questions}."""
    old = doc.get("interview") if isinstance(doc.get("interview"), dict) else {}
    questions = doc.get("questions") if isinstance(doc.get("questions"), list) else []
    interview = blank_interview()
    interview.update(id="i-1", company=str(old.get("company", "")), role=str(old.get("role", "")))
    round_date = str(old.get("round_date", ""))
    interview["rounds"] = [{
        **blank_round(), "id": "r-1", "name": "Round one",
        # v1 kept only the day; the end time is unknown, so the debrief window starts at midnight of it.
        "ended_at": f"{round_date}T00:00" if round_date else "",
        "questions": [{**blank_question(), **{k: q[k] for k in ("id", "question", "answer", "notes") if k in q}}
                      for q in questions if isinstance(q, dict)],
    }]
    rest = {k: v for k, v in doc.items() if k not in ("interview", "questions", "version")}
    return {**blank(), **rest, "version": 2, "current": "i-1", "interviews": [interview]}


# from_version -> function returning a document of from_version + 1. Add one per schema change that
# changes what stored data means. A new field with a default (interview.ledger.distinct, interview.cv) needs none:
# normalise fills it in older documents, and an older page keeps it as an unknown key.
MIGRATIONS: dict = {1: _v1_to_v2}


def migrate(doc) -> dict:
    """Classify and, where possible, upgrade a loaded document.

    Returns {"status": "current" | "migrated" | "newer" | "corrupt", "doc": ..., "from_version": n,
    "message": str}. For "newer" and "corrupt", "doc" is None: the caller keeps the original aside.
    """
    if not isinstance(doc, dict):
        return {"status": "corrupt", "doc": None, "from_version": None,
                "message": "The saved data is not a Round Two document. It was kept aside; you start fresh."}
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return {"status": "corrupt", "doc": None, "from_version": None,
                "message": "The saved data has no valid version number. It was kept aside; you start fresh."}
    if version > SCHEMA_VERSION:
        return {"status": "newer", "doc": None, "from_version": version,
                "message": (f"The saved data comes from a newer version of Round Two (format {version}; this "
                            f"page understands up to {SCHEMA_VERSION}). It was kept aside untouched; reload to "
                            "get the newer version, or export it.")}
    current = copy.deepcopy(doc)
    start = version
    while current["version"] < SCHEMA_VERSION:
        step = MIGRATIONS[current["version"]]
        current = step(current)
    status = "current" if start == SCHEMA_VERSION else "migrated"
    message = "" if status == "current" else f"Your saved data was upgraded from format {start} to {SCHEMA_VERSION}."
    return {"status": status, "doc": normalise(current), "from_version": start, "message": message}


def migrate_params(params: dict) -> dict:
    if "doc" not in params:
        raise BadParams("Send the saved document as 'doc'.")
    return migrate(params["doc"])


def blank_params(params: dict) -> dict:
    return {"doc": blank(), "version": SCHEMA_VERSION}
