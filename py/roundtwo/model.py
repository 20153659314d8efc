"""The saved document: its current shape, its schema version, and migrations from every older version.

The browser keeps one JSON document in localStorage. It may come from an older version of Round Two
(migrate it forward, step by step), from a newer one (leave it alone: we cannot know its meaning), or be
corrupt (leave it alone). `migrate` decides which, and never loses what it cannot understand.
"""

from __future__ import annotations

import copy

from .errors import BadParams

SCHEMA_VERSION = 1


def blank() -> dict:
    """A new, empty document of the current version."""
    return {
        "version": SCHEMA_VERSION,
        "interview": {"company": "", "role": "", "round_date": ""},
        "questions": [],
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


def _clean_question(q) -> dict | None:
    if not isinstance(q, dict):
        return None
    base = {"id": "", "question": "", "answer": "", "notes": ""}
    return _merge_defaults(base, q)


def normalise(doc: dict) -> dict:
    """Bring a current-version document into shape: defaults merged under it, list items cleaned."""
    out = _merge_defaults(blank(), doc)
    out["questions"] = [q for q in map(_clean_question, out["questions"]) if q is not None]
    out["version"] = SCHEMA_VERSION
    return out


# from_version -> function returning a document of from_version + 1. Add one per schema change.
MIGRATIONS: dict = {}


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
