"""The plan: deadlines and the seven-step checklist, a calendar file, and the notes you send afterwards.

Methods (params dict in, JSON-able dict out):

- `plan.build` {"rounds": [{"name", "ended_at", "started_at"?, "company", "interviewers"}],
  "second_interview_at"?, "news_expected_by"? | "decision_days"?, "done": {flag: bool}, "now"?,
  "utc_offset_minutes"?} -> {"deadlines", "checklist", "progress", "notes", "now"}
- `plan.ics` {same} -> {"ics": one RFC 5545 calendar with every event, "filename", "events"}
- `plan.debrief_window` {"ended_at", "now"?} -> {"deadline", "seconds_left", "state": open|closing|missed}
- `plan.reminder_ics` {"ended_at", "now"?, "name"?, "company"?} -> {"ics", "filename"} (one debrief reminder)
- `plan.thank_you` {"company", "role", "interviewer"?, "round"?, "topics", "highlights"?,
  "candidate_name"?, "to"?, "ended_at"?} -> {"subject", "body", "mailto", "topic_used", "missing", "warnings"}
- `plan.follow_up_email` {"company", "role", "interviewer"?, "round"?, "news_expected_by"?, "ended_at"?,
  "topics"?, "candidate_name"?, "to"?} -> the same shape
- `plan.mailto` {"to"?, "subject", "body"} -> {"mailto", "warnings"} (for a note the person edited)
- `plan.status` {"doc", "interview_id"?, "now"?, "utc_offset_minutes"?} -> {"done", "why", "interview_id"}:
  the done flags for `plan.build`, read from what the person has written (see `status`)

Times come in as ISO 8601 text. A time without a zone is read with `utc_offset_minutes` (default 0,
UTC); all times go out in UTC with a "Z". Every text a person typed is escaped before it goes into the
calendar file or the mail link. Words live in data/plan.toml.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from urllib.parse import quote

from .errors import BadParams
from .params import form_text

# Through importlib.resources: in the browser the package is imported from a zip archive.
DATA_FILE = resources.files(__package__) / "data" / "plan.toml"

MAX_ROUNDS = 20
MAX_SHORT = 300
MAX_INTERVIEWERS = 30
MAX_TOPICS = 50
MAX_TOPIC = 2_000
MAX_HIGHLIGHTS = 2_000
MAX_BODY = 20_000          # an edited note sent through plan.mailto
MAX_DATE = 64
MIN_YEAR, MAX_YEAR = 1970, 2200

FLAGS = ("debriefed", "facts_locked", "escalation_mapped", "panel_prepared", "salary_prepared", "practised",
         "thank_you_sent")
EXTRA_FLAGS = ("followed_up", "news_received")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\\\"]{1,64}@[^@\s<>()\[\],;:\\\"]{1,189}\.[^@\s<>()\[\],;:\\\".]{2,63}$")


@lru_cache(maxsize=1)
def words() -> dict:
    with DATA_FILE.open("rb") as handle:
        return tomllib.load(handle)


def clean(value: str) -> str:
    value = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", value)


def one_line(value: str) -> str:
    return " ".join(clean(value).split())


# --------------------------------------------------------------------------------------------------
# Params
# --------------------------------------------------------------------------------------------------

def _require_dict(params) -> dict:
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise BadParams("params must be an object with named fields.")
    return params


def _text(obj: dict, name: str, where: str = "", max_len: int = MAX_SHORT) -> str:
    return one_line(form_text(obj, name, where=where, max_len=max_len))


def _offset(params: dict) -> timezone:
    value = params.get("utc_offset_minutes", 0)
    if value is None:
        value = 0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value != int(value) or not -840 <= value <= 840:
        raise BadParams("The field 'utc_offset_minutes' must be a whole number of minutes from -840 to 840 "
                        "(for example 60 for UTC+1).")
    return timezone(timedelta(minutes=int(value)))


def parse_dt(value, where: str, tz: timezone) -> datetime:
    """ISO 8601 text -> an aware UTC datetime, or bad_params with a message a person can act on."""
    example = "Use a date and time such as 2025-03-04T15:30:00Z or 2025-03-04T15:30+01:00."
    if not isinstance(value, str):
        raise BadParams(f"The field '{where}' must be a date and time as text. {example}")
    text = value.strip()
    if len(text) > MAX_DATE:
        raise BadParams(f"The field '{where}' is too long to be a date and time. {example}")
    shown = clean(text)[:40]
    try:
        dt = datetime.fromisoformat(text)
    except (ValueError, TypeError, OverflowError):
        raise BadParams(f"The field '{where}' is not a date and time I can read ({shown!r}). {example}") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    try:
        dt = dt.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise BadParams(f"The field '{where}' is out of range ({shown!r}). {example}") from None
    if not MIN_YEAR <= dt.year <= MAX_YEAR:
        raise BadParams(f"The field '{where}' must be between the years {MIN_YEAR} and {MAX_YEAR} ({shown!r}).")
    return dt


def _optional_dt(params: dict, name: str, tz: timezone):
    value = params.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_dt(value, name, tz)


def _now(params: dict, tz: timezone) -> datetime:
    value = params.get("now")
    if value is None or (isinstance(value, str) and not value.strip()):
        return datetime.now(timezone.utc).replace(microsecond=0)
    return parse_dt(value, "now", tz)


def _is_date_only(value) -> bool:
    return isinstance(value, str) and len(value.strip()) == 10


def _interviewers(value, where: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        if len(value) > MAX_SHORT * 4:
            raise BadParams(f"The field '{where}interviewers' is too long (the limit is {MAX_SHORT * 4:,} characters).")
        return [one_line(v) for v in re.split(r"[,;\n]| and ", value) if one_line(v)]
    if not isinstance(value, list):
        raise BadParams(f"The field '{where}interviewers' must be a list of names.")
    if len(value) > MAX_INTERVIEWERS:
        raise BadParams(f"The field '{where}interviewers' has too many names (the limit is {MAX_INTERVIEWERS}).")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            item = item.get("name") or ""
        if not isinstance(item, str):
            raise BadParams(f"The field '{where}interviewers[{i}]' must be a name (text).")
        if len(item) > MAX_SHORT:
            raise BadParams(f"The field '{where}interviewers[{i}]' is too long (the limit is {MAX_SHORT} characters).")
        if one_line(item):
            out.append(one_line(item))
    return out


def _rounds(params: dict, tz: timezone, notes: list[str]) -> list[dict]:
    raw = params.get("rounds") or []
    if not isinstance(raw, list):
        raise BadParams("The field 'rounds' must be a list of rounds, each with a name and 'ended_at'.")
    if len(raw) > MAX_ROUNDS:
        raise BadParams(f"The field 'rounds' has too many rounds ({len(raw)}; the limit is {MAX_ROUNDS}).")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise BadParams(f"Round {i + 1} must be an object with a name and 'ended_at'.")
        where = f"rounds[{i}]."
        name = _text(item, "name", where) or (f"Round {i + 1}" if len(raw) > 1 else "Round one")
        company = _text(item, "company", where)
        interviewers = _interviewers(item.get("interviewers"), where)
        ended = item.get("ended_at")
        if ended is None or (isinstance(ended, str) and not ended.strip()):
            notes.append(f"{name} has no end time yet; add it to get its deadlines.")
            continue
        ended_at = parse_dt(ended, where + "ended_at", tz)
        started = item.get("started_at")
        started_at = parse_dt(started, where + "started_at", tz) if isinstance(started, str) and started.strip() \
            else None
        if started is not None and not isinstance(started, str):
            raise BadParams(f"The field '{where}started_at' must be a date and time as text.")
        if started_at is None or started_at >= ended_at:
            started_at = ended_at - timedelta(minutes=int(words()["timing"]["round_minutes"]))
        out.append({"index": i, "name": name, "company": company, "interviewers": interviewers,
                    "ended_at": ended_at, "started_at": started_at})
    out.sort(key=lambda r: (r["ended_at"], r["index"]))
    return out


def _done(params: dict) -> dict:
    raw = params.get("done") or {}
    if not isinstance(raw, dict):
        raise BadParams("The field 'done' must be an object of flags, for example {\"debriefed\": true}.")
    out = {}
    for flag in FLAGS + EXTRA_FLAGS:
        value = raw.get(flag)
        if value is None:
            out[flag] = False
        elif isinstance(value, bool):
            out[flag] = value
        elif isinstance(value, (int, float)) and value in (0, 1):
            out[flag] = bool(value)
        else:
            raise BadParams(f"The flag 'done.{flag}' must be true or false.")
    return out


def _decision_days(params: dict):
    value = params.get("decision_days")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or value != int(value) or not 0 <= value <= 365:
        raise BadParams("The field 'decision_days' must be a whole number of days from 0 to 365.")
    return int(value)


# --------------------------------------------------------------------------------------------------
# Time helpers
# --------------------------------------------------------------------------------------------------

def iso(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _next_business_day(local: datetime, days: int) -> datetime:
    d = local
    added = 0
    while added < days:
        d += timedelta(days=1)
        if d.weekday() < 5:
            added += 1
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _status(due: datetime, now: datetime, done: bool) -> str:
    if done:
        return "done"
    if now > due:
        return "missed"
    if (due - now) <= timedelta(hours=float(words()["timing"]["due_soon_hours"])):
        return "due_soon"
    return "upcoming"


def _fmt(template: str, **values) -> str:
    return template.format_map(values)


# --------------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------------

def _plan(params) -> dict:
    params = _require_dict(params)
    w = words()
    t = w["timing"]
    tz = _offset(params)
    notes: list[str] = []
    rounds = _rounds(params, tz, notes)
    done = _done(params)
    now = _now(params, tz)
    second = _optional_dt(params, "second_interview_at", tz)
    expected = _optional_dt(params, "news_expected_by", tz)
    if expected is not None and _is_date_only(params.get("news_expected_by")):
        expected = expected + timedelta(hours=17)   # a date alone means by the end of that working day
    decision_days = _decision_days(params)
    company = next((r["company"] for r in reversed(rounds) if r["company"]), "")
    if not company:
        company = _text(params, "company")
    at_company = f" at {company}" if company else ""
    with_company = f" with {company}" if company else ""
    from_company = f" from {company}" if company else ""
    d = w["deadlines"]
    deadlines = []

    def add(kind, what, due, flag, round_=None):
        is_done = done.get(flag, False) if flag else False
        status = _status(due, now, is_done)
        if kind == "second_interview" and now > due:
            status = "done"
        item = {"id": f"{kind}-{round_['index'] + 1}" if round_ else kind, "kind": kind, "what": what,
                "due": iso(due), "status": status, "step": flag}
        if round_:
            item["round"] = round_["name"]
        deadlines.append((due, item))

    for r in rounds:
        add("debrief", _fmt(d["debrief"], round=r["name"]), r["ended_at"] + timedelta(hours=t["debrief_hours"]),
            "debriefed", r)
        add("thank_you", _fmt(d["thank_you"], round=r["name"]),
            r["ended_at"] + timedelta(hours=t["thank_you_hours"]), "thank_you_sent", r)
    latest = rounds[-1] if rounds else None
    if latest:
        facts_due = latest["ended_at"] + timedelta(hours=t["facts_hours"])
        if second and second - timedelta(hours=t["prepare_hours_before"]) < facts_due:
            facts_due = max(latest["ended_at"] + timedelta(hours=1), second - timedelta(hours=t["prepare_hours_before"]))
        add("facts", _fmt(d["facts"], round=latest["name"]), facts_due, "facts_locked")
    if second:
        prep = second - timedelta(hours=t["prepare_hours_before"])
        add("escalation", d["escalation"], prep, "escalation_mapped")
        add("panel", d["panel"], prep, "panel_prepared")
        add("salary", d["salary"], prep, "salary_prepared")
        add("practise", d["practise"], second - timedelta(hours=t["practise_hours_before"]), "practised")
        add("second_interview", _fmt(d["second_interview"], at_company=at_company), second, None)
    elif latest:
        notes.append("Add the date of your second interview to get deadlines for preparing and practising.")

    # Follow-up: a working day after the date they gave, or after the decision days they mentioned.
    base = second or (latest["ended_at"] if latest else None)
    follow_up = None
    assumed = False
    if expected is None and base is not None:
        days = decision_days
        if days is None:
            days = int(t["default_decision_days"])
            assumed = True
        expected = base + timedelta(days=days)
    if expected is not None:
        local = expected.astimezone(tz)
        day = _next_business_day(local, int(t["follow_up_business_days"]))
        follow_up = day.replace(hour=10, minute=0, second=0, microsecond=0).astimezone(timezone.utc)
        if assumed:
            notes.append(f"They gave no date for news, so the follow-up assumes {t['default_decision_days']} "
                         "days; change it when you know more.")
        add("follow_up", _fmt(d["follow_up"], from_company=from_company), follow_up, "followed_up")
        if done["news_received"]:
            deadlines[-1][1]["status"] = "done"

    deadlines.sort(key=lambda x: (x[0], x[1]["id"]))
    items = [x[1] for x in deadlines]

    checklist = []
    for number, step in enumerate(w["steps"], start=1):
        flag = step["flag"]
        mine = [x for x in items if x["step"] == flag and x["status"] != "done"]
        checklist.append({
            "step": number,
            "id": flag,
            "label": step["label"],
            "detail": step["detail"],
            "done": done[flag],
            "due": mine[0]["due"] if mine else None,
            "status": "done" if done[flag] else (mine[0]["status"] if mine else "upcoming"),
        })
    finished = sum(1 for c in checklist if c["done"])
    next_step = next((c for c in checklist if not c["done"]), None)
    return {
        "now": iso(now),
        "company": company,
        "rounds": rounds,
        "second": second,
        "expected": expected,
        "follow_up": follow_up,
        "at_company": at_company,
        "with_company": with_company,
        "deadlines": items,
        "checklist": checklist,
        "progress": {"done": finished, "total": len(checklist),
                     "percent": round(100 * finished / len(checklist)),
                     "next": {"step": next_step["step"], "id": next_step["id"], "label": next_step["label"]}
                     if next_step else None},
        "notes": notes,
        "stamp": now,
    }


def build(params: dict) -> dict:
    p = _plan(params)
    return {
        "now": p["now"],
        "deadlines": p["deadlines"],
        "checklist": p["checklist"],
        "progress": p["progress"],
        "second_interview_at": iso(p["second"]) if p["second"] else None,
        "news_expected_by": iso(p["expected"]) if p["expected"] else None,
        "follow_up_at": iso(p["follow_up"]) if p["follow_up"] else None,
        "notes": p["notes"],
    }


# --------------------------------------------------------------------------------------------------
# iCalendar (RFC 5545)
# --------------------------------------------------------------------------------------------------

def ics_escape(value: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines; control characters removed."""
    value = value.encode("utf-8", "replace").decode("utf-8")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(ch for ch in value if ch in "\n\t" or not (ord(ch) < 32 or ord(ch) == 127))
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return value


_ATOMS = re.compile(r"\\.|.", re.DOTALL)


def fold(line: str) -> str:
    """Fold one content line at 75 octets (CRLF + one space), never inside a UTF-8 sequence."""
    out = []
    current = []
    size = 0
    limit = 75
    for ch in _ATOMS.findall(line):      # an escape such as "\\," is never split across lines
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(ch)
        size += n
    out.append("".join(current))
    return "\r\n".join(out)


def ics_time(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _uid(*parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode("utf-8", "replace")).hexdigest()[:32]
    return f"{digest}@roundtwo"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _event(uid, stamp, start, end, summary, description, alarms) -> list[str]:
    alarm_text = words()["calendar"]["alarm"]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{ics_time(stamp)}",
        f"DTSTART:{ics_time(start)}",
        f"DTEND:{ics_time(end)}",
        f"SUMMARY:{ics_escape(_clip(summary, 250))}",
        f"DESCRIPTION:{ics_escape(_clip(description, 2000))}",
        "TRANSP:TRANSPARENT" if end - start <= timedelta(minutes=30) else "TRANSP:OPAQUE",
    ]
    for alarm in alarms:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY",
                  f"DESCRIPTION:{ics_escape(_clip(_fmt(alarm_text, summary=summary), 250))}"]
        if isinstance(alarm, datetime):
            lines.append(f"TRIGGER;VALUE=DATE-TIME:{ics_time(alarm)}")
        else:
            lines.append(f"TRIGGER:{alarm}")
        lines.append("END:VALARM")
    lines.append("END:VEVENT")
    return lines


def _calendar(events: list[list[str]], name: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Round Two//Interview plan//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_escape(_clip(name, 120))}"]
    for e in events:
        lines += e
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.casefold().encode("ascii", "ignore").decode()).strip("-")
    return s[:40].strip("-")


def ics(params: dict) -> dict:
    p = _plan(params)
    c = words()["calendar"]
    stamp = p["stamp"]
    company = p["company"]
    at_company, with_company = p["at_company"], p["with_company"]
    fallback = words()["fallbacks"]["interviewers"]
    t = words()["timing"]
    events = []
    for r in p["rounds"]:
        interviewers = ", ".join(r["interviewers"]) or fallback
        key = (company, r["name"], iso(r["ended_at"]))
        events.append(_event(_uid("round", *key), stamp, r["started_at"], r["ended_at"],
                             _fmt(c["round_summary"], round=r["name"], at_company=at_company),
                             _fmt(c["round_description"], round=r["name"], at_company=at_company,
                                  interviewers=interviewers), []))
        deadline = r["ended_at"] + timedelta(hours=t["debrief_hours"])
        events.append(_event(_uid("debrief", *key), stamp, deadline - timedelta(minutes=30), deadline,
                             _fmt(c["debrief_summary"], round=r["name"]),
                             _fmt(c["debrief_description"], round=r["name"]), ["-PT2H"]))
        thanks = r["ended_at"] + timedelta(hours=t["thank_you_hours"])
        events.append(_event(_uid("thank_you", *key), stamp, thanks - timedelta(minutes=30), thanks,
                             _fmt(c["thank_you_summary"], round=r["name"]),
                             _fmt(c["thank_you_description"], round=r["name"], interviewers=interviewers),
                             ["-PT3H"]))
    if p["second"]:
        minutes = int(t["second_interview_minutes"])
        events.append(_event(_uid("second", company, iso(p["second"])), stamp, p["second"],
                             p["second"] + timedelta(minutes=minutes),
                             _fmt(c["second_summary"], at_company=at_company),
                             _fmt(c["second_description"], at_company=at_company), ["-P1D", "-PT1H"]))
    if p["follow_up"]:
        events.append(_event(_uid("follow_up", company, iso(p["follow_up"])), stamp, p["follow_up"],
                             p["follow_up"] + timedelta(minutes=30),
                             _fmt(c["follow_up_summary"], with_company=with_company),
                             _fmt(c["follow_up_description"], with_company=with_company), ["PT0S"]))
    name = "Round Two" + (f": {company}" if company else "")
    slug = _slug(company)
    return {"ics": _calendar(events, name), "filename": f"round-two{'-' + slug if slug else ''}.ics",
            "events": len(events)}


def _window(params) -> tuple[datetime, datetime, datetime, timezone]:
    params = _require_dict(params)
    tz = _offset(params)
    if params.get("ended_at") in (None, ""):
        raise BadParams("The field 'ended_at' is missing: when did the round end? Use a date and time such as "
                        "2025-03-04T15:30:00Z.")
    ended = parse_dt(params["ended_at"], "ended_at", tz)
    now = _now(params, tz)
    deadline = ended + timedelta(hours=words()["timing"]["debrief_hours"])
    return ended, now, deadline, tz


def debrief_window(params: dict) -> dict:
    ended, now, deadline, _ = _window(params)
    left = int((deadline - now).total_seconds())
    closing = timedelta(hours=words()["timing"]["closing_hours"])
    if left <= 0:
        state = "missed"
    elif deadline - now <= closing:
        state = "closing"
    else:
        state = "open"
    return {
        "ended_at": iso(ended),
        "deadline": iso(deadline),
        "now": iso(now),
        "seconds_left": max(0, left),
        "hours_left": round(max(0, left) / 3600, 1),
        "overdue_seconds": max(0, -left),
        "state": state,
    }


def reminder_ics(params: dict) -> dict:
    ended, now, deadline, _ = _window(params)
    params = _require_dict(params)
    name = _text(params, "name") or _text(params, "round") or words()["fallbacks"]["round"]
    company = _text(params, "company")
    c = words()["calendar"]
    start = max(ended + timedelta(minutes=30), now.replace(second=0) + timedelta(minutes=5))
    if start >= deadline:
        start = deadline - timedelta(minutes=45)
    end = start + timedelta(minutes=45)
    round_label = name + (f" ({company})" if company else "")
    alarms = ["PT0S"]
    late = deadline - timedelta(hours=2)
    if late > start:
        alarms.append(late)
    event = _event(_uid("reminder", company, name, iso(ended)), now, start, end,
                   _fmt(c["reminder_summary"], round=round_label),
                   _fmt(c["reminder_description"], round=round_label, deadline=iso(deadline)), alarms)
    slug = _slug(company or name)
    return {"ics": _calendar([event], "Round Two debrief"), "filename": f"debrief{'-' + slug if slug else ''}.ics",
            "start": iso(start), "deadline": iso(deadline)}


# --------------------------------------------------------------------------------------------------
# Notes you send
# --------------------------------------------------------------------------------------------------

def _topics(params: dict) -> list[dict]:
    raw = params.get("topics")
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise BadParams("The field 'topics' must be a list of topics from the debrief (text, or objects with "
                        "'text' and 'kind').")
    if len(raw) > MAX_TOPICS:
        raise BadParams(f"The field 'topics' has too many items ({len(raw)}; the limit is {MAX_TOPICS}).")
    out = []
    for i, item in enumerate(raw):
        kind = "topic"
        if isinstance(item, dict):
            text = ""
            for key in ("text", "topic", "question", "title"):
                if isinstance(item.get(key), str):
                    text = item[key]
                    if key == "question":
                        kind = "question"
                    break
                if item.get(key) is not None:
                    raise BadParams(f"The field 'topics[{i}].{key}' must be text.")
            k = item.get("kind")
            if isinstance(k, str) and k.strip().casefold() in ("question", "pushback", "topic"):
                kind = k.strip().casefold()
        elif isinstance(item, str):
            text = item
        else:
            raise BadParams(f"The field 'topics[{i}]' must be text or an object with 'text'.")
        if len(text) > MAX_TOPIC:
            raise BadParams(f"The field 'topics[{i}]' is too long ({len(text):,} characters; the limit is "
                            f"{MAX_TOPIC:,}).")
        text = one_line(text)
        if not text:
            continue
        if kind == "topic" and text.endswith("?"):
            kind = "question"
        out.append({"text": text, "kind": kind, "index": i})
    return out


def _short(text: str, limit: int = 100) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return (cut or text[:limit]).rstrip(",;:") + "\u2026"


def _pick_topic(topics: list[dict], params: dict) -> dict | None:
    if not topics:
        return None
    index = params.get("topic_index")
    if index is not None:
        if isinstance(index, bool) or not isinstance(index, int):
            raise BadParams("The field 'topic_index' must be a whole number.")
        for t in topics:
            if t["index"] == index:
                return t
        raise BadParams(f"The field 'topic_index' ({index}) does not point at a topic.")
    # A question they asked quotes well; a point they pushed back on is worth revisiting; then anything.
    for kind in ("question", "pushback", "topic"):
        for t in topics:
            if t["kind"] == kind:
                return t
    return topics[0]


def _mailto(to: str, subject: str, body: str) -> str:
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")   # RFC 6068: line breaks as %0D%0A
    return (f"mailto:{quote(to, safe='@')}?subject={quote(subject, safe='')}"
            f"&body={quote(body, safe='')}")


def _recipient(params: dict, warnings: list[str]) -> str:
    to = _text(params, "to")
    if to and not _EMAIL.match(to):
        warnings.append(f"\u201c{_short(to, 60)}\u201d does not look like an email address, so the mail link "
                        "leaves the recipient empty.")
        return ""
    return to


def _common(params) -> dict:
    params = _require_dict(params)
    tz = _offset(params)
    fb = words()["fallbacks"]
    missing = []
    company = _text(params, "company")
    role = _text(params, "role")
    if not company:
        missing.append("company")
    if not role:
        missing.append("role")
    if isinstance(params.get("interviewer"), list):
        raise BadParams("The field 'interviewer' must be one name; write one note per interviewer.")
    interviewer = _text(params, "interviewer")
    candidate = _text(params, "candidate_name")
    round_name = _text(params, "round")
    ended = _optional_dt(params, "ended_at", tz)
    return {
        "params": params, "tz": tz, "missing": missing,
        "company": company or fb["company"],
        "role": role,
        "role_phrase": f"the {role} role" if role else "the role",
        "interviewer": interviewer,
        "candidate": candidate,
        "round": round_name,
        "ended": ended,
    }


def _day(dt: datetime, tz: timezone) -> str:
    local = dt.astimezone(tz)
    return f"{local.strftime('%A')} {local.day} {local.strftime('%B')}"


def _signed_note(c: dict, w: dict, subject: str, paragraphs: list[str], to: str, topic: dict | None,
                 warnings: list[str]) -> dict:
    """The reply of thank_you and follow_up_email: the note signed off, with its mail link."""
    body = "\n\n".join([*paragraphs, w["sign_off"] + ("\n" + c["candidate"] if c["candidate"] else "")])
    return {"subject": subject, "body": body, "mailto": _mailto(to, subject, body),
            "topic_used": topic["text"] if topic else None, "missing": c["missing"], "warnings": warnings}


def thank_you(params: dict) -> dict:
    c = _common(params)
    w = words()["thank_you"]
    warnings: list[str] = []
    to = _recipient(c["params"], warnings)
    topics = _topics(c["params"])
    topic = _pick_topic(topics, c["params"])
    hl = c["params"].get("highlights")
    if isinstance(hl, list):
        if len(hl) > MAX_TOPICS:
            raise BadParams(f"The field 'highlights' has too many items (the limit is {MAX_TOPICS}).")
        if not all(isinstance(x, str) for x in hl):
            raise BadParams("The field 'highlights' must be text or a list of text.")
        hl = "; ".join(one_line(x) for x in hl if one_line(x))
    elif hl is not None and not isinstance(hl, str):
        raise BadParams("The field 'highlights' must be text or a list of text.")
    highlights = one_line(hl or "")
    if len(highlights) > MAX_HIGHLIGHTS:
        raise BadParams(f"The field 'highlights' is too long ({len(highlights):,} characters; the limit is "
                        f"{MAX_HIGHLIGHTS:,}).")
    when = f" on {_day(c['ended'], c['tz'])}" if c["ended"] else ""
    values = {"role": c["role"], "role_phrase": c["role_phrase"], "company": c["company"],
              "interviewer": c["interviewer"], "when": when}
    subject = _fmt(w["subject"], **values) if c["role"] else w["subject_plain"]
    paragraphs = [_fmt(w["greeting"], **values) if c["interviewer"] else w["greeting_plain"],
                  _fmt(w["opening"], **values)]
    if topic:
        text = _short(topic["text"].rstrip(".!"), 110 if topic["kind"] != "topic" else 90)
        paragraphs.append(_fmt(w["topic_" + ("plain" if topic["kind"] == "topic" else topic["kind"])], topic=text))
    else:
        warnings.append("Add a topic from your debrief (a question they asked, or a point they pushed back on): "
                        "a note that names something specific is remembered.")
    if highlights:
        paragraphs.append(_fmt(w["highlights"], highlights=_short(highlights.rstrip("."), 160)))
    paragraphs.append(w["closing"])
    return _signed_note(c, w, subject, paragraphs, to, topic, warnings)


def follow_up_email(params: dict) -> dict:
    c = _common(params)
    w = words()["follow_up"]
    warnings: list[str] = []
    to = _recipient(c["params"], warnings)
    topics = _topics(c["params"])
    topic = _pick_topic([t for t in topics if t["kind"] != "pushback"] or topics, c["params"]) if topics else None
    expected = _optional_dt(c["params"], "news_expected_by", c["tz"])
    when = f" on {_day(c['ended'], c['tz'])}" if c["ended"] else ""
    round_phrase = (c["round"] + " interview" if c["round"] and "interview" not in c["round"].casefold()
                    else c["round"]) or words()["fallbacks"]["round_phrase"]
    values = {"role": c["role"], "role_phrase": c["role_phrase"], "company": c["company"],
              "interviewer": c["interviewer"], "when": when, "round_phrase": round_phrase}
    subject = _fmt(w["subject"], **values) if c["role"] else w["subject_plain"]
    paragraphs = [_fmt(w["greeting"], **values) if c["interviewer"] else w["greeting_plain"]]
    opening = _fmt(w["opening"], **values)
    if expected:
        opening += " " + _fmt(w["expected"], expected=_day(expected, c["tz"]))
    paragraphs.append(opening)
    if topic:
        paragraphs.append(_fmt(w["topic"], topic=_short(topic["text"].rstrip(".!?"), 90)))
    else:
        paragraphs.append(w["no_topic"])
    paragraphs.append(w["ask"])
    return _signed_note(c, w, subject, paragraphs, to, topic, warnings)


def mailto(params: dict) -> dict:
    """`plan.mailto` {"to"?, "subject", "body"} -> {"mailto", "warnings"}: a mail link for a note the
    person has edited (thank_you and follow_up_email give one for their own draft)."""
    params = _require_dict(params)
    warnings: list[str] = []
    to = _recipient(params, warnings)
    subject = _text(params, "subject", max_len=MAX_SHORT * 2)
    body = params.get("body")
    if body is None:
        body = ""
    if not isinstance(body, str):
        raise BadParams("The field 'body' must be text.")
    if len(body) > MAX_BODY:
        raise BadParams(f"The note is too long for a mail link ({len(body):,} characters; the limit is "
                        f"{MAX_BODY:,}). Copy it into your mail program instead.")
    return {"mailto": _mailto(to, subject, clean(body)), "warnings": warnings}



# --------------------------------------------------------------------------------------------------
# Status: the seven steps' done flags, read from the document
# --------------------------------------------------------------------------------------------------

def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _pick_interview(doc: dict, wanted: str) -> dict | None:
    interviews = [i for i in _list(doc.get("interviews")) if isinstance(i, dict)]
    if not interviews:
        return None
    key = wanted or _str(doc.get("current"))
    return next((i for i in interviews if i.get("id") == key), interviews[0])


def _answered(r: dict) -> int:
    return sum(1 for q in _list(r.get("questions")) if isinstance(q, dict) and _str(q.get("answer")).strip())


def _round_label(r: dict, i: int) -> str:
    return one_line(_str(r.get("name")))[:80] or f"Round {i + 1}"


def _ended_rounds(rounds: list, tz: timezone, now: datetime) -> list[tuple[int, dict]]:
    out = []
    for i, r in enumerate(rounds):
        ended = _str(r.get("ended_at")).strip()
        if not ended:
            continue
        try:
            at = parse_dt(ended, "ended_at", tz)
        except BadParams:
            continue
        if at <= now:
            out.append((i, r))
    return out


def _practice_sessions(practice: dict) -> int:
    return len(_list(practice.get("history")))


def status(params: dict) -> dict:
    """`plan.status` {"doc", "interview_id"?, "now"?, "utc_offset_minutes"?} -> {"done": {flag: bool},
    "why": {flag: text}, "interview_id"}: the seven steps ticked from what the person has actually done.

    - debriefed: round one has at least one answered question, and so has every other round that ended;
    - facts_locked: at least one locked fact in the interview's ledger;
    - escalation_mapped: the question bank was shaped (custom, hidden, values or selected questions) or
      practice started (a session in doc.practice.active or any in doc.practice.history);
    - panel_prepared: panelists exist and at least four of the five panel checklist items are done;
    - salary_prepared: a walk-away number and a researched range (a chosen occupation or a target);
    - practised: at least one practice session in doc.practice.history;
    - thank_you_sent: every round that has ended is marked sent (interview.plan.thank_you[round id].sent);
    - followed_up, news_received: the person's own ticks in interview.plan.done.
    """
    from . import panel

    params = _require_dict(params)
    doc = params.get("doc")
    if not isinstance(doc, dict):
        raise BadParams("Send the saved document as 'doc'.")
    tz = _offset(params)
    now = _now(params, tz)
    wanted = _text(params, "interview_id")
    s = words()["status"]
    done = {flag: False for flag in FLAGS + EXTRA_FLAGS}
    why = {flag: "" for flag in FLAGS}
    interview = _pick_interview(doc, wanted)
    if interview is None:
        for flag in FLAGS:
            why[flag] = s["no_rounds"] if flag == "debriefed" else ""
        return {"done": done, "why": why, "interview_id": None}

    rounds = [r for r in _list(interview.get("rounds")) if isinstance(r, dict)]
    # debriefed
    if not rounds:
        why["debriefed"] = s["no_rounds"]
    else:
        first = _round_label(rounds[0], 0)
        count = _answered(rounds[0])
        behind = [_round_label(r, i) for i, r in _ended_rounds(rounds, tz, now) if i > 0 and not _answered(r)]
        done["debriefed"] = count > 0 and not behind
        if count == 0:
            why["debriefed"] = _fmt(s["debriefed_no"], round=first)
        elif behind:
            why["debriefed"] = _fmt(s["debriefed_partly"], rounds=", ".join(behind))
        else:
            why["debriefed"] = _fmt(s["debriefed_yes"], round=first, count=count)

    # facts_locked
    locked = sum(1 for f in _list(_dict(interview.get("ledger")).get("facts"))
                 if isinstance(f, dict) and f.get("locked") is True)
    done["facts_locked"] = locked > 0
    why["facts_locked"] = _fmt(s["facts_locked_yes" if locked else "facts_locked_no"], count=locked)

    # escalation_mapped
    bank = _dict(doc.get("bank"))
    practice = _dict(doc.get("practice"))
    shaped = any(_list(bank.get(k)) for k in ("custom", "hidden", "values", "selected"))
    started = _practice_sessions(practice) > 0 or bool(_dict(practice.get("active")))
    done["escalation_mapped"] = shaped or started
    why["escalation_mapped"] = s["escalation_mapped_yes" if done["escalation_mapped"] else "escalation_mapped_no"]

    # panel_prepared
    panelists = [p for p in _list(_dict(interview.get("panel")).get("panelists")) if isinstance(p, dict)]
    if not panelists:
        why["panel_prepared"] = s["panel_prepared_empty"]
    else:
        try:
            result = panel.matrix({"panelists": panelists[: panel.MAX_PANELISTS], "rounds": rounds})
            prog = result["progress"]
            done["panel_prepared"] = prog["total"] > 0 and prog["done"] >= prog["total"] - 1
            why["panel_prepared"] = _fmt(s["panel_prepared_yes" if done["panel_prepared"] else "panel_prepared_no"],
                                         count=prog["done"], total=prog["total"])
        except BadParams as exc:
            why["panel_prepared"] = _fmt(s["panel_prepared_error"], message=exc.message)

    # salary_prepared
    salary = _dict(interview.get("salary"))
    floor = salary.get("floor")
    has_floor = (isinstance(floor, str) and bool(floor.strip())) or \
        (isinstance(floor, (int, float)) and not isinstance(floor, bool) and floor > 0)
    target = _dict(salary.get("target"))
    has_range = bool(_str(salary.get("code")).strip()) or all(
        isinstance(target.get(k), (int, float)) and not isinstance(target.get(k), bool) for k in ("low", "high"))
    done["salary_prepared"] = has_floor and has_range
    why["salary_prepared"] = s["salary_prepared_yes"] if done["salary_prepared"] else \
        s["salary_prepared_no_range"] if not has_range else s["salary_prepared_no_floor"]

    # practised
    sessions = _practice_sessions(practice)
    done["practised"] = sessions > 0
    why["practised"] = _fmt(s["practised_yes" if sessions else "practised_no"], count=sessions)

    # thank_you_sent
    plan_state = _dict(interview.get("plan"))
    notes = _dict(plan_state.get("thank_you"))
    ended = _ended_rounds(rounds, tz, now)
    sent = [(i, r) for i, r in ended if _dict(notes.get(_str(r.get("id")))).get("sent") is True]
    unsent = [_round_label(r, i) for i, r in ended if (i, r) not in sent]
    done["thank_you_sent"] = bool(ended) and not unsent
    why["thank_you_sent"] = s["thank_you_sent_none"] if not ended else \
        _fmt(s["thank_you_sent_yes"], count=len(sent)) if not unsent else \
        _fmt(s["thank_you_sent_no"], rounds=", ".join(unsent))

    ticks = _dict(plan_state.get("done"))
    for flag in EXTRA_FLAGS:
        done[flag] = ticks.get(flag) is True
    return {"done": done, "why": why, "interview_id": _str(interview.get("id")) or None}
