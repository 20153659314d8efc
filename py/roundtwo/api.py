"""The only door into Python, for the page (through the worker) and for tests.

`dispatch({"method": "area.verb", "params": {...}})` returns `{"ok": True, "result": ...}` or
`{"ok": False, "error": {"code", "message"}}` and never raises. Methods are listed in METHODS as
"module:function" and imported on first use, so start-up imports nothing but this file.
"""

from __future__ import annotations

import importlib
import os
import sys

from .errors import ApiError

# method name -> "roundtwo module:function". Each function takes the params dict and returns the result.
# Keep names stable: the UI, tests and other checks call them (DESIGN.md, "Contracts").
METHODS: dict[str, str] = {
    "app.ping": "meta:ping",
    "app.methods": "meta:list_methods",
    "questions.bank": "questions:bank",
    "questions.frameworks": "questions:frameworks",
    "questions.for_values": "questions:for_values",
    "questions.merge": "questions:merge",
    "questions.guess_category": "questions:guess_category",
    "state.migrate": "model:migrate_params",
    "state.blank": "model:blank_params",
    "data.export": "transfer:export_params",
    "data.import": "transfer:import_params",
    "debrief.analyze": "debrief:analyze_params",
    "debrief.render": "debrief:render_params",
    "render.markdown": "render:markdown_params",
    "consistency.compare": "consistency:compare_params",
    "consistency.within": "consistency:within_params",
    "facts.extract": "facts:extract_params",
    "ledger.check": "ledger:check_params",
    "ledger.suggest": "ledger:suggest_params",
    "ledger.make": "ledger:make_params",
    "cv.read": "cv:read_params",
    "cv.read_file": "cv:read_file_params",
    "cv.check_file": "cv:check_file_params",
    "answer.analyze": "analysis:analyze_params",
    "probes.suggest": "probes:suggest",
    "probes.rules": "probes:rules_params",
    "feedback.grade": "feedback:grade",
    "practice.personas": "practice:personas",
    "practice.start": "practice:start",
    "practice.next": "practice:next_step",
    "practice.hint": "practice:hint",
    "delivery.measure": "delivery:measure_params",
    "salary.lookup": "salary:lookup",
    "salary.plan": "salary:plan",
    "salary.sources": "salary:sources",
    "salary.said": "salary:said",
    "salary.places": "places:places",
    "panel.concern": "panel:concern",
    "panel.matrix": "panel:matrix",
    "panel.questions_to_ask": "panel:questions_to_ask",
    "plan.build": "plan:build",
    "plan.ics": "plan:ics",
    "plan.debrief_window": "plan:debrief_window",
    "plan.reminder_ics": "plan:reminder_ics",
    "plan.thank_you": "plan:thank_you",
    "plan.follow_up_email": "plan:follow_up_email",
    "plan.mailto": "plan:mailto",
    "plan.status": "plan:status",
    "llm.prompt": "llm:prompt_params",
    "llm.parse": "llm:parse_params",
    "llm.request": "llm:request_params",
    "partner.pack": "partner:pack",
    "partner.open": "partner:open_pack",
    "partner.reply": "partner:reply",
    "partner.session": "partner:session",
    "backup.preview": "backup:preview_params",
    "backup.merge": "backup:merge_params",
    "brief.build": "brief:build",
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
        return _error("internal", "That input is nested too deeply to handle. Please simplify it and try again.")
    except Exception:  # noqa: BLE001 - the contract is "never raises"
        if RERAISE:
            raise
        _log_fault(request)
        return _error("internal", "Something went wrong inside Round Two. Your data is safe; please try again, "
                      "and if it keeps happening, export your data and report the problem.")


def _log_fault(request) -> None:
    # Imported here, not at start-up: traceback is only needed when something went wrong.
    import traceback

    method = request.get("method") if isinstance(request, dict) else "?"
    print(f"roundtwo: internal fault in {method}\n{traceback.format_exc()}", file=sys.stderr)


def dispatch_json(request_json: str) -> str:
    """The worker's entry: one JSON string in, one JSON string out (no PyProxy lifetimes to manage)."""
    import json  # here, not at import: it keeps Python's start-up path short

    try:
        request = json.loads(request_json)
    except (ValueError, TypeError):
        return json.dumps(_error("bad_request", "The request was not valid JSON."))
    return json.dumps(dispatch(request), ensure_ascii=False)
