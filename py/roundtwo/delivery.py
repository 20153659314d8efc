"""Delivery figures for a spoken answer: the pace, the fillers, the long pauses, the time used against
the limit, and how much was said before the first concrete fact.

- `delivery.measure` {"transcript", "seconds", "limit"?, "segments"?} -> figures (below)
  seconds: how long the answer ran (the recording's length); limit: the seconds allowed.
  segments: the speech recogniser's phrases in order, [{"text", "start", "end"}] with times in seconds from
  the start of the answer; without them pauses cannot be measured and the result says so.

The transcript is whatever the person kept (recognised and corrected, or typed afterwards), so every
figure is about the words; the timing of pauses alone needs the recogniser. The first concrete fact is the
first fact the fact scanner finds (a number, a team size, a date, a title): an answer that spends half its
time on preamble before anything checkable is what one-way interviews punish.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from . import params as P
from .errors import BadParams
from .facts import extract
from .text.tokens import tokenize

MAX_SEGMENTS = 5000
MAX_SECONDS = 6 * 3600


@lru_cache(maxsize=1)
def settings() -> dict:
    """data/delivery.toml, with the filler phrases split into words for matching."""
    raw = tomllib.loads(resources.files("roundtwo").joinpath("data/delivery.toml").read_text(encoding="utf-8"))
    fillers = raw["fillers"]
    phrases = sorted({tuple(p.lower().split()) for p in fillers["sounds"] + fillers["phrases"] if p.strip()},
                     key=len, reverse=True)  # longest first, so "you know" wins over a one-word entry
    return {"long_pause": float(raw["long_pause_seconds"]), "pace": (raw["pace_low"], raw["pace_high"]),
            "phrases": phrases, "not_after": frozenset(w.lower() for w in fillers["not_after"])}


def _seconds(params: dict, name: str, *, required: bool) -> float | None:
    value = params.get(name)
    if value is None:
        if required:
            raise BadParams(f"The field '{name}' is missing; send the number of seconds.")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or not 0 <= value <= MAX_SECONDS:
        raise BadParams(f"'{name}' must be a number of seconds between 0 and {MAX_SECONDS}.")
    return float(value)


def find_fillers(words: list) -> list[dict]:
    """Filler words and phrases among word tokens: [{"text", "start", "end"}], left to right, not overlapping."""
    cfg = settings()
    lows = [w.low for w in words]
    found, i = [], 0
    while i < len(words):
        for phrase in cfg["phrases"]:
            n = len(phrase)
            if tuple(lows[i:i + n]) != phrase:
                continue
            if n == 2 and phrase[1] == "of" and i > 0 and lows[i - 1] in cfg["not_after"]:
                continue  # "what kind of role": a kind, not a hedge
            found.append({"text": " ".join(w.text for w in words[i:i + n]), "start": words[i].start, "end": words[i + n - 1].end})
            i += n - 1
            break
        i += 1
    return found


def _segments(raw) -> list[tuple[float, float]]:
    """(start, end) of each recognised phrase, checked and sorted; [] when none were sent."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BadParams("'segments' must be a list of {text, start, end} from the speech recogniser.")
    out = []
    for k, s in enumerate(raw[:MAX_SEGMENTS]):
        if not isinstance(s, dict):
            raise BadParams(f"segments[{k}] must be an object with 'start' and 'end' in seconds.")
        start, end = _seconds(s, "start", required=True), _seconds(s, "end", required=True)
        if end < start:
            raise BadParams(f"segments[{k}] ends before it starts.")
        out.append((start, end))
    return sorted(out)


def long_pauses(segments: list[tuple[float, float]], threshold: float) -> list[dict]:
    """Silences of at least `threshold` seconds between consecutive phrases (the lead-in before the first
    phrase counts too: a silent start is what a recorded interview shows first)."""
    pauses, last_end = [], 0.0
    for start, end in segments:
        gap = start - last_end
        if gap >= threshold:
            pauses.append({"at": round(last_end, 1), "seconds": round(gap, 1)})
        last_end = max(last_end, end)
    return pauses


def measure(text: str, seconds: float, limit: float | None = None, segments=None) -> dict:
    """Every delivery figure for one answer (see the module docstring)."""
    cfg = settings()
    words = [t for t in tokenize(text) if t.word]
    minutes = seconds / 60
    fillers = find_fillers(words)
    notes = []
    per_minute = (lambda n: round(n / minutes, 1)) if minutes >= 1 / 60 else (lambda n: None)
    if minutes < 1 / 60:
        notes.append("The answer was under a second long, so no rates per minute.")
    wpm = per_minute(len(words))

    spans = _segments(segments)
    if spans:
        pauses = {"measured": True, "threshold": cfg["long_pause"],
                  "long": long_pauses(spans, cfg["long_pause"])}
    else:
        pauses = {"measured": False, "threshold": cfg["long_pause"], "long": []}
        notes.append("Pauses are not measured: they need the browser's speech recognition, and this "
                     "transcript was typed (or the browser gave no timings).")

    facts = extract(text, max_facts=1) if words else []
    if not words:
        before = {"words": 0, "share": None, "fact": None}
    elif not facts:
        before = {"words": len(words), "share": 1.0, "fact": None}
        notes.append("No concrete fact (a number, a size, a date) anywhere in this answer.")
    else:
        first = facts[0]
        ahead = sum(1 for w in words if w.end <= first["start"])
        before = {"words": ahead, "share": round(ahead / len(words), 2), "fact": first["text"]}

    time = {"used": round(seconds, 1), "limit": limit, "share": round(seconds / limit, 2) if limit else None,
            "over": bool(limit) and seconds > limit}
    low, high = cfg["pace"]
    return {"words": len(words), "seconds": round(seconds, 1), "words_per_minute": wpm,
            "pace": {"low": low, "high": high,
                     "verdict": None if wpm is None else "slow" if wpm < low else "fast" if wpm > high else "steady"},
            "fillers": {"count": len(fillers), "per_minute": per_minute(len(fillers)), "found": fillers[:200]},
            "pauses": pauses, "time": time, "before_first_fact": before, "notes": notes}


def measure_params(params: dict) -> dict:
    """`delivery.measure`: the api door to measure()."""
    params = P.require_dict(params)
    text = P.text(params, "transcript", required=False)
    seconds = _seconds(params, "seconds", required=True)
    limit = _seconds(params, "limit", required=False)
    return measure(text, seconds, limit or None, params.get("segments"))
