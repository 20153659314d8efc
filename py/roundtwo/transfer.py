"""Export and import of the whole document, in an envelope checked before anything is replaced.

The envelope is {"type": "roundtwo", "version": <envelope version>, "source": <where it came from>,
"exported_at": <ISO time>, "data": <the document>}. Import accepts only that shape, migrates the
document to the current schema, and reports what it holds so the person can decide before replacing.
"""

from __future__ import annotations

import json

from . import model
from . import params as P
from .errors import BadParams

ENVELOPE_TYPE = "roundtwo"
ENVELOPE_VERSION = 1
MAX_IMPORT_CHARS = 20_000_000


def _summary(doc: dict) -> dict:
    interviews = doc["interviews"]
    rounds = sum(len(i["rounds"]) for i in interviews)
    questions = sum(len(r["questions"]) for i in interviews for r in i["rounds"])
    facts = sum(len(i["ledger"]["facts"]) for i in interviews)
    names = [" · ".join(p for p in (i["company"].strip(), i["role"].strip()) if p) or "unnamed" for i in interviews]
    text = (f"{len(interviews)} interview{'s' if len(interviews) != 1 else ''}, {rounds} round{'s' if rounds != 1 else ''}, "
            f"{questions} question{'s' if questions != 1 else ''}, {facts} ledger fact{'s' if facts != 1 else ''}")
    return {"interviews": len(interviews), "rounds": rounds, "questions": questions, "facts": facts,
            "names": names[:20], "text": text}


def export_params(params: dict) -> dict:
    doc = params.get("doc")
    out = model.migrate(doc)
    if out["doc"] is None:
        raise BadParams("There is nothing readable to export: " + out["message"])
    exported_at = P.text(params, "now", required=False, max_len=40)
    envelope = {"type": ENVELOPE_TYPE, "version": ENVELOPE_VERSION, "source": P.text(params, "source", required=False, max_len=500),
                "exported_at": exported_at, "data": out["doc"]}
    day = exported_at[:10] if len(exported_at) >= 10 else "export"
    return {"text": json.dumps(envelope, ensure_ascii=False, indent=1), "filename": f"roundtwo-{day}.json",
            "summary": _summary(out["doc"])}


def import_params(params: dict) -> dict:
    raw = P.text(params, "text", max_len=MAX_IMPORT_CHARS)
    if not raw.strip():
        raise BadParams("That file is empty. Choose a file exported from Round Two (roundtwo-….json).")
    try:
        envelope = json.loads(raw)
    except ValueError as exc:
        raise BadParams(f"That file is not valid JSON (line {getattr(exc, 'lineno', '?')}). "
                        "Choose a file exported from Round Two.") from None
    if not isinstance(envelope, dict) or envelope.get("type") != ENVELOPE_TYPE or "data" not in envelope:
        raise BadParams("That file is not a Round Two export (it lacks the Round Two envelope). "
                        "Choose a file made with “Export all data”.")
    version = envelope.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > ENVELOPE_VERSION or version < 1:
        raise BadParams("That export was made by a newer or unknown version of Round Two; update this page "
                        "(reload) and try again.")
    out = model.migrate(envelope["data"])
    if out["doc"] is None:
        raise BadParams("The data inside that export cannot be used: " + out["message"])
    return {"doc": out["doc"], "summary": _summary(out["doc"]), "status": out["status"],
            "exported_at": envelope.get("exported_at") if isinstance(envelope.get("exported_at"), str) else ""}
