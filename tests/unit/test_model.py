"""The saved document: blank, tolerant restore, and how other versions and corrupt data are classified."""

import json
from pathlib import Path

import pytest

from roundtwo import api, model

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "docs"


def test_blank_is_current_version():
    assert model.blank()["version"] == model.SCHEMA_VERSION


def test_current_document_is_kept_as_is():
    doc = model.blank()
    doc["interviews"].append({**model.blank_interview(), "id": "i-9", "company": "Acme"})
    out = model.migrate(doc)
    assert out["status"] == "current"
    assert out["doc"]["interviews"][0]["company"] == "Acme"


def test_missing_parts_are_filled_from_defaults():
    out = model.migrate({"version": model.SCHEMA_VERSION})
    assert out["status"] == "current"
    assert out["doc"] == model.blank()


def test_unknown_keys_are_kept_not_dropped():
    out = model.migrate({"version": model.SCHEMA_VERSION, "future_field": {"x": 1}})
    assert out["doc"]["future_field"] == {"x": 1}


def test_wrong_types_are_repaired_without_losing_good_parts():
    doc = {"version": model.SCHEMA_VERSION, "bank": "oops", "interviews": [
        {"company": "Kept", "rounds": [{"name": "R1", "questions": [{"answer": 5, "question": "Kept too"}, 7]}, "x"]},
        "not an interview"]}
    out = model.migrate(doc)["doc"]
    assert out["bank"] == model.blank()["bank"]
    [interview] = out["interviews"]
    assert interview["company"] == "Kept" and interview["role"] == ""
    [round_] = interview["rounds"]
    [question] = round_["questions"]
    assert question["question"] == "Kept too" and question["answer"] == "" and question["weak"] is False


def test_v1_fixture_becomes_one_interview_with_one_round():
    out = model.migrate(json.loads((FIXTURES / "v1.json").read_text()))
    assert out["status"] == "migrated" and out["from_version"] == 1
    doc = out["doc"]
    [interview] = doc["interviews"]
    assert doc["current"] == interview["id"]
    assert (interview["company"], interview["role"]) == ("Acme Payments", "Engineering Manager")
    [round_] = interview["rounds"]
    assert round_["ended_at"] == "2026-11-20T00:00"
    assert [q["question"] for q in round_["questions"]] == ["Tell me about a team you led.", "Why Acme?"]
    assert round_["questions"][0]["answer"].startswith("I ran a squad of five")
    assert round_["questions"][0]["notes"] == "They asked how I hired."
    assert model.migrate(doc)["status"] == "current"  # migrating again changes nothing


def test_v1_with_nothing_in_it_migrates():
    out = model.migrate({"version": 1})
    assert out["status"] == "migrated" and out["doc"]["interviews"][0]["rounds"][0]["ended_at"] == ""


def test_newer_version_is_not_touched():
    out = model.migrate({"version": model.SCHEMA_VERSION + 1, "whatever": 1})
    assert out["status"] == "newer" and out["doc"] is None
    assert "newer version" in out["message"]


@pytest.mark.parametrize("doc", [None, [], "text", 3, {}, {"version": "1"}, {"version": 0}, {"version": True},
                                 {"version": -2}, {"version": 1.5}])
def test_corrupt_documents(doc):
    out = model.migrate(doc)
    assert out["status"] == "corrupt" and out["doc"] is None and out["message"]


def test_migrate_through_dispatch_needs_doc():
    assert api.dispatch({"method": "state.migrate", "params": {}})["error"]["code"] == "bad_params"


def test_every_older_version_has_a_fixture_and_migrates():
    # One fixture per older schema version, as saved by that version of Round Two.
    for version in range(1, model.SCHEMA_VERSION):
        path = FIXTURES / f"v{version}.json"
        assert path.exists(), f"add a fixture for schema version {version}"
        out = model.migrate(json.loads(path.read_text()))
        assert out["status"] == "migrated" and out["doc"]["version"] == model.SCHEMA_VERSION


def test_js_schema_version_matches_python():
    js = (Path(__file__).resolve().parents[2] / "site" / "js" / "store.js").read_text()
    assert f"export const SCHEMA_VERSION = {model.SCHEMA_VERSION};" in js


# --- interview.cv (the CV, round zero): a field with a default, added without a schema bump -----------

def test_documents_saved_before_the_cv_gain_a_blank_one():
    older = {"version": model.SCHEMA_VERSION, "current": "i-1", "interviews": [
        {"id": "i-1", "company": "Acme", "rounds": [], "ledger": {"facts": []}}]}
    out = model.migrate(older)
    assert out["status"] == "current"
    [interview] = out["doc"]["interviews"]
    assert interview["cv"] == {"text": "", "file_name": "", "added_at": ""} == model.blank_cv()
    assert interview["company"] == "Acme"


def test_v1_fixture_migrates_with_a_blank_cv():
    out = model.migrate(json.loads((FIXTURES / "v1.json").read_text()))
    assert out["doc"]["interviews"][0]["cv"] == model.blank_cv()


def test_a_saved_cv_is_kept_and_a_damaged_one_repaired():
    cv = {"text": "Analyst, Globex Ltd, 2019 - 2021\n- Led a team of 8", "file_name": "cv.docx",
          "added_at": "2026-05-01T09:00:00Z", "pages": 2}
    doc = {"version": model.SCHEMA_VERSION, "interviews": [{"id": "a", "cv": cv}, {"id": "b", "cv": "pasted"},
                                                          {"id": "c", "cv": {"text": 7, "file_name": None}}]}
    a, b, c = model.migrate(doc)["doc"]["interviews"]
    assert a["cv"] == cv                                          # kept as it is, unknown keys too
    assert b["cv"] == model.blank_cv()
    assert c["cv"] == model.blank_cv()


def test_js_blank_interview_has_the_cv():
    js = (Path(__file__).resolve().parents[2] / "site" / "js" / "state.js").read_text()
    assert 'cv: { text: "", file_name: "", added_at: "" }' in js
