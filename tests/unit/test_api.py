"""The dispatch contract of DESIGN.md: one door, never raises, error codes a caller can rely on."""

import json

import pytest

from roundtwo import api


def test_known_method_answers_ok():
    reply = api.dispatch({"method": "app.ping", "params": {}})
    assert reply == {"ok": True, "result": {"pong": True, "version": reply["result"]["version"]}}


def test_params_may_be_left_out():
    assert api.dispatch({"method": "app.ping"})["ok"] is True


@pytest.mark.parametrize("method", ["nope", "", "app", "APP.PING", None, 3, ["app.ping"]])
def test_unknown_method(method):
    reply = api.dispatch({"method": method, "params": {}})
    assert reply["ok"] is False
    assert reply["error"]["code"] == "unknown_method"
    assert reply["error"]["message"]


@pytest.mark.parametrize("request_", [None, "app.ping", 42, [], ["method"]])
def test_request_that_is_not_an_object(request_):
    reply = api.dispatch(request_)
    assert reply["ok"] is False and reply["error"]["code"] == "bad_request"


@pytest.mark.parametrize("params", ["text", 1, [1, 2], True])
def test_params_that_are_not_an_object(params):
    reply = api.dispatch({"method": "app.ping", "params": params})
    assert reply["error"]["code"] == "bad_params"


def test_missing_required_field_is_bad_params():
    reply = api.dispatch({"method": "consistency.compare", "params": {"earlier": "x"}})
    assert reply["ok"] is False
    assert reply["error"]["code"] == "bad_params"
    assert "later" in reply["error"]["message"]


def test_wrong_type_field_is_bad_params():
    reply = api.dispatch({"method": "render.markdown", "params": {"text": 12}})
    assert reply["error"]["code"] == "bad_params"


def test_internal_fault_becomes_internal_reply(monkeypatch):
    def boom(params):
        raise ZeroDivisionError("x")

    monkeypatch.setitem(api.METHODS, "test.boom", "meta:ping")
    monkeypatch.setattr(api, "_resolve", lambda method: boom)
    monkeypatch.setattr(api, "RERAISE", False)
    reply = api.dispatch({"method": "test.boom"})
    assert reply["ok"] is False and reply["error"]["code"] == "internal"
    assert "data is safe" in reply["error"]["message"]


def test_internal_fault_reraises_under_tests(monkeypatch):
    monkeypatch.setitem(api.METHODS, "test.boom", "meta:ping")
    monkeypatch.setattr(api, "_resolve", lambda method: (lambda p: 1 / 0))
    monkeypatch.setattr(api, "RERAISE", True)
    with pytest.raises(ZeroDivisionError):
        api.dispatch({"method": "test.boom"})


def test_every_listed_method_resolves_to_a_function():
    for method in api.METHODS:
        assert callable(api._resolve(method)), method


def test_methods_lists_itself():
    assert "app.methods" in api.dispatch({"method": "app.methods"})["result"]["methods"]


def test_dispatch_json_round_trip():
    out = json.loads(api.dispatch_json(json.dumps({"method": "app.ping", "params": {}})))
    assert out["ok"] is True


@pytest.mark.parametrize("raw", ["", "{", "null", "[]", "\x00", "{\"method\": \"app.ping\", \"params\": 7}"])
def test_dispatch_json_never_raises(raw):
    out = json.loads(api.dispatch_json(raw))
    assert out["ok"] is False and out["error"]["message"]


def test_import_is_light():
    # Start-up path: importing the api must not import the domain modules (they load on first call).
    import subprocess
    import sys

    code = ("import sys, roundtwo.api; heavy = [m for m in sys.modules if m.startswith('roundtwo.') "
            "and m not in ('roundtwo.api', 'roundtwo.errors')]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_blns_through_dispatch_json(blns):
    for s in blns:
        out = json.loads(api.dispatch_json(json.dumps({"method": s, "params": {"text": s}})))
        assert out["ok"] is False and out["error"]["code"] == "unknown_method"
