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
    doc["interview"]["company"] = "Acme"
    out = model.migrate(doc)
    assert out["status"] == "current"
    assert out["doc"]["interview"]["company"] == "Acme"


def test_missing_parts_are_filled_from_defaults():
    out = model.migrate({"version": model.SCHEMA_VERSION})
    assert out["status"] == "current"
    assert out["doc"] == model.blank()


def test_unknown_keys_are_kept_not_dropped():
    out = model.migrate({"version": model.SCHEMA_VERSION, "future_field": {"x": 1}})
    assert out["doc"]["future_field"] == {"x": 1}


def test_wrong_types_are_repaired_without_losing_good_parts():
    out = model.migrate({"version": model.SCHEMA_VERSION, "interview": "oops", "questions": {"a": 1}})
    assert out["doc"]["interview"] == model.blank()["interview"]
    assert out["doc"]["questions"] == []


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
