"""The only door into Python, for the page (through the worker) and for tests.

`dispatch({"method": "area.verb", "params": {...}})` returns `{"ok": True, "result": ...}` or
`{"ok": False, "error": {"code", "message"}}` and never raises. Methods are listed in METHODS as
"module:function" and imported on first use, so start-up imports nothing but this file.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import traceback

from .errors import ApiError

log = logging.getLogger("roundtwo")

# method name -> "roundtwo module:function". Each function takes the params dict and returns the result.
# Keep names stable: the UI, tests and other checks call them (DESIGN.md, "Contracts").
METHODS: dict[str, str] = {
    "app.ping": "meta:ping",
    "app.methods": "meta:list_methods",
    "state.migrate": "model:migrate_params",
    "state.blank": "model:blank_params",
    "render.markdown": "render:markdown_params",
    "consistency.compare": "consistency:compare_params",
}

# Under tests an internal fault may re-raise, so a bug shows its own traceback.
RERAISE = os.environ.get("ROUNDTWO_RERAISE") == "1"


def _resolve(method: str):
    target = METHODS[method]
    module_name, func_name = target.split(":")
    module = importlib.import_module(f"{__package__}.{module_name}")
    return getattr(module, func_name)


def _error(code: str, message: str, **extra) -> dict:
    error = {"code": code, "message": message}
    error.update(extra)
    return {"ok": False, "error": error}


def dispatch(request) -> dict:
    """Route one request to its method. Never raises (unless RERAISE is set for an internal fault)."""
    try:
        if not isinstance(request, dict):
            return _error("bad_request", "A request must be an object with 'method' and 'params'.")
        method = request.get("method")
        if not isinstance(method, str) or method not in METHODS:
            shown = method if isinstance(method, str) else repr(method)
            return _error("unknown_method", f"There is no method called {shown[:80]!r}. See app.methods for the list.")
        params = request.get("params", {})
        if params is None:
            params = {}
        if not isinstance(params, dict):
            return _error("bad_params", "The params must be an object with named fields.")
        func = _resolve(method)
        return {"ok": True, "result": func(params)}
    except ApiError as exc:
        return _error(exc.code, exc.message, **exc.extra)
    except RecursionError:
        log.error("recursion in %s", request.get("method") if isinstance(request, dict) else "?")
        return _error("internal", "That input is nested too deeply to handle. Please simplify it and try again.")
    except Exception:  # noqa: BLE001 - the contract is "never raises"
        if RERAISE:
            raise
        log.error("internal fault in %s\n%s", request.get("method") if isinstance(request, dict) else "?",
                  traceback.format_exc())
        return _error("internal", "Something went wrong inside Round Two. Your data is safe; please try again, "
                      "and if it keeps happening, export your data and report the problem.")


def dispatch_json(request_json: str) -> str:
    """The worker's entry: one JSON string in, one JSON string out (no PyProxy lifetimes to manage)."""
    try:
        request = json.loads(request_json)
    except (ValueError, TypeError):
        return json.dumps(_error("bad_request", "The request was not valid JSON."))
    return json.dumps(dispatch(request), ensure_ascii=False)
