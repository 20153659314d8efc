"""Export and import: the envelope round-trips, and anything else is refused with a clear message."""

import json
from pathlib import Path

import pytest

from roundtwo import api, model

V1 = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "docs" / "v1.json").read_text())


def run(method, params):
    return api.dispatch({"method": method, "params": params})


def exported(doc):
    reply = run("data.export", {"doc": doc, "now": "2026-11-26T10:00:00Z", "source": "http://127.0.0.1/"})
    assert reply["ok"], reply
    return reply["result"]


def test_round_trip_keeps_everything():
    doc = model.migrate(V1)["doc"]
    out = exported(doc)
    assert out["filename"] == "roundtwo-2026-11-26.json"
    back = run("data.import", {"text": out["text"]})["result"]
    assert back["doc"] == doc
    assert back["summary"]["interviews"] == 1 and back["summary"]["questions"] == 2
    assert "1 interview, 1 round, 2 questions" in back["summary"]["text"]


def test_envelope_shape():
    envelope = json.loads(exported(model.blank())["text"])
    assert set(envelope) == {"type", "version", "source", "exported_at", "data"}
    assert envelope["type"] == "roundtwo" and envelope["version"] == 1


def test_an_older_document_inside_an_envelope_is_migrated():
    text = json.dumps({"type": "roundtwo", "version": 1, "source": "", "data": V1})
    back = run("data.import", {"text": text})["result"]
    assert back["status"] == "migrated" and back["doc"]["version"] == model.SCHEMA_VERSION


@pytest.mark.parametrize("text, words", [
    ("", "empty"),
    ("   ", "empty"),
    ("{not json", "not valid JSON"),
    ("[]", "not a Round Two export"),
    ('{"type": "excalidraw", "version": 2, "data": {}}', "not a Round Two export"),
    (json.dumps({"version": 2, "interviews": []}), "not a Round Two export"),
    ('{"type": "roundtwo", "version": 99, "data": {}}', "newer"),
    ('{"type": "roundtwo", "version": 1, "data": {"version": 99}}', "cannot be used"),
    ('{"type": "roundtwo", "version": 1, "data": "text"}', "cannot be used"),
])
def test_bad_imports_are_refused_with_a_reason(text, words):
    reply = run("data.import", {"text": text})
    assert reply["ok"] is False and reply["error"]["code"] == "bad_params"
    assert words in reply["error"]["message"]


def test_naughty_strings_are_refused_cleanly(blns):
    for s in blns:
        reply = run("data.import", {"text": s})
        assert reply["ok"] is False and reply["error"]["code"] == "bad_params", s
