"""The panel: each interviewer's likely concern, a story and a question for each, and a checklist.

Methods (all take a params dict and return JSON-able data):

- `panel.concern` {"role", "function"?, "notes"?} -> {"concern", "label", "summary", "reason", "matched",
  "confident", "alternatives", "family"}
- `panel.matrix` {"panelists": [{"id", "name", "role", "function", "notes", "concern"?, "story"?,
  "question"?}], "stories"?: [...] | "rounds"?: the debrief's rounds (each answered question becomes a
  story whose id is the question's id), "round"?} -> {"rows", "warnings", "checklist", "progress"}
- `panel.questions_to_ask` {"role"?, "concern"?, "round"?, "function"?, "notes"?, "limit"?, "exclude"?}
  -> {"concern", "family", "round", "questions"}

Rules, concerns, questions and the checklist live in data/panel.toml.
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources

from .errors import BadParams
from .params import form_text

# Through importlib.resources: in the browser the package is imported from a zip archive.
DATA_FILE = resources.files(__package__) / "data" / "panel.toml"

MAX_PANELISTS = 30
MAX_STORIES = 100
MAX_SHORT = 300        # name, role, function, concern, id
MAX_NOTES = 20_000     # notes on a panelist
MAX_STORY = 20_000     # one story's text
MAX_QUESTION = 2_000
MAX_EXCLUDE = 200

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NON_WORD = re.compile(r"[^\w&+#]+")


# --------------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------------

def clean(value: str) -> str:
    """Safe to process and show: lone surrogates replaced, control characters (but \\n, \\t) removed."""
    value = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", value)


def words_of(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", clean(text)).casefold()
    return [w for w in _NON_WORD.sub(" ", text).replace("_", " ").split() if w]


def phrase_key(phrase: str) -> str:
    return " ".join(words_of(phrase))


class Bag:
    """The words of a text as a set of 1-, 2- and 3-word phrases, for fast whole-word matching."""

    __slots__ = ("grams",)

    def __init__(self, text: str):
        words = words_of(text)
        grams = set(words)
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                grams.add(" ".join(words[i:i + n]))
        self.grams = grams

    def hits(self, phrases) -> list[str]:
        return [p for p in phrases if p in self.grams]


# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------

class PanelData:
    def __init__(self, raw: dict):
        self.raw = raw
        self.concerns: dict[str, dict] = raw["concerns"]
        self.order: list[str] = raw.get("order", list(self.concerns))
        self.notes_factor = float(raw.get("notes_factor", 1.5))
        self.default = raw.get("default_concern", "team_fit")
        self.rules = []
        for rule in raw.get("rules", []):
            groups = rule.get("all") or [rule.get("any", [])]
            self.rules.append({
                "name": rule["name"],
                "concern": rule["concern"],
                "weight": float(rule.get("weight", 1)),
                "groups": [[phrase_key(p) for p in group] for group in groups],
                "fields": set(rule.get("fields", ["role", "function", "notes"])),
            })
        self.story_keywords = {c: [phrase_key(k) for k in v.get("story_keywords", [])]
                               for c, v in self.concerns.items()}
        self.family_order: list[str] = raw.get("family_order", list(raw.get("families", {})))
        self.families = {f: {"label": v["label"], "words": [phrase_key(w) for w in v["words"]]}
                         for f, v in raw.get("families", {}).items()}
        self.questions = raw.get("questions", {})
        self.checklist = raw.get("checklist", [])
        # label -> id, so a person may send "Technical rigour" as well as "technical_rigour"
        self.concern_names = {}
        for cid, c in self.concerns.items():
            self.concern_names[cid] = cid
            self.concern_names[phrase_key(c["label"])] = cid
            self.concern_names[phrase_key(cid.replace("_", " "))] = cid


@lru_cache(maxsize=1)
def data() -> PanelData:
    with DATA_FILE.open("rb") as handle:
        return PanelData(tomllib.load(handle))


# --------------------------------------------------------------------------------------------------
# Params
# --------------------------------------------------------------------------------------------------

def _text(obj: dict, name: str, where: str, max_len: int) -> str:
    return clean(form_text(obj, name, where=where, max_len=max_len)).strip()


def _concern_param(value: str, where: str) -> str | None:
    if not value:
        return None
    d = data()
    key = phrase_key(value)
    if key in d.concern_names:
        return d.concern_names[key]
    if value in d.concern_names:
        return d.concern_names[value]
    shown = value[:40]
    raise BadParams(f"The field '{where}concern' must be one of: {', '.join(d.order)} (you sent {shown!r}).")


def _round_param(value) -> str:
    """2 / "2" / "second" / "panel" -> "second"; 3+ / "final" / "last" / "onsite" -> "final"."""
    if value is None or value == "":
        return "second"
    if isinstance(value, bool):
        raise BadParams("The field 'round' must be a round number or a name such as \"second\" or \"final\".")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise BadParams("The field 'round' must be a round number such as 2 or 3.")
        return "final" if value >= 3 else "second"
    if not isinstance(value, str):
        raise BadParams("The field 'round' must be a round number or a name such as \"second\" or \"final\".")
    if len(value) > MAX_SHORT:
        raise BadParams(f"The field 'round' is too long (the limit is {MAX_SHORT} characters).")
    found = words_of(value)
    if set(found) & {"final", "last", "onsite", "third", "3", "4", "fourth", "offer", "ceo", "executive"} \
            or "on site" in " ".join(found):
        return "final"
    return "second"


# --------------------------------------------------------------------------------------------------
# Concern
# --------------------------------------------------------------------------------------------------

_FIELD_WORDS = {"role": "the role mentions", "function": "the function mentions", "notes": "your notes mention"}


def infer_concern(role: str, function: str = "", notes: str = "") -> dict:
    """Keyword rules over role, function and notes -> the likely concern, with the words that decided it."""
    d = data()
    bags = {"role": Bag(role), "function": Bag(function), "notes": Bag(notes)}
    scores = {c: 0.0 for c in d.order}
    matched: list[dict] = []
    for rule in d.rules:
        for field, bag in bags.items():
            if field not in rule["fields"]:
                continue
            found = []
            for group in rule["groups"]:
                hit = bag.hits(group)
                if not hit:
                    found = []
                    break
                found.extend(hit)
            if found:
                factor = d.notes_factor if field == "notes" else 1.0
                scores[rule["concern"]] += rule["weight"] * factor
                matched.append({"rule": rule["name"], "concern": rule["concern"], "field": field,
                                "words": found, "weight": rule["weight"] * factor})
    ranked = sorted(d.order, key=lambda c: (-scores[c], d.order.index(c)))
    best = ranked[0]
    confident = scores[best] > 0
    if not confident:
        best = d.default
    concern = d.concerns[best]
    if confident:
        reasons = []
        for m in matched:
            if m["concern"] == best:
                quoted = ", ".join(f"\u201c{w}\u201d" for w in dict.fromkeys(m["words"]))
                reasons.append(f"{_FIELD_WORDS[m['field']]} {quoted} ({m['rule']})")
        reason = "Because " + "; ".join(reasons) + "."
    else:
        reason = ("Nothing in the role or notes points to a particular concern, so this is a first guess: "
                  "team fit matters to everyone on a panel. Add what they asked in round one to sharpen it.")
    alternatives = [{"concern": c, "label": d.concerns[c]["label"], "score": scores[c]}
                    for c in ranked if c != best and scores[c] > 0]
    if not confident:
        alternatives = [{"concern": c, "label": d.concerns[c]["label"], "score": 0.0}
                        for c in d.order if c != best]
    return {
        "concern": best,
        "label": concern["label"],
        "summary": concern["summary"],
        "reason": reason,
        "matched": [m for m in matched if m["concern"] == best],
        "confident": confident,
        "scores": scores,
        "alternatives": alternatives,
        "family": infer_family(role, function),
    }


def infer_family(role: str, function: str = "") -> dict | None:
    d = data()
    for text in (function, role):
        if not text:
            continue
        bag = Bag(text)
        for fam in d.family_order:
            if bag.hits(d.families[fam]["words"]):
                return {"family": fam, "label": d.families[fam]["label"]}
    return None


def concern(params: dict) -> dict:
    if not isinstance(params, dict):
        raise BadParams("params must be an object with named fields.")
    role = _text(params, "role", "", MAX_SHORT)
    function = _text(params, "function", "", MAX_SHORT)
    notes = _text(params, "notes", "", MAX_NOTES)
    result = infer_concern(role, function, notes)
    result.pop("scores", None)
    return result


# --------------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------------

def _bank(concern_id: str, family: str | None, round_name: str) -> list[dict]:
    """Questions for this concern, function family and round, interleaved so the first few are varied."""
    d = data()
    q = d.questions
    lists = []
    lists.append([{"text": t, "source": "concern", "key": concern_id} for t in q.get("concern", {}).get(concern_id, [])])
    if family:
        lists.append([{"text": t, "source": "family", "key": family} for t in q.get("family", {}).get(family, [])])
    lists.append([{"text": t, "source": "round", "key": round_name} for t in q.get("round", {}).get(round_name, [])])
    out, seen = [], set()
    for i in range(max((len(x) for x in lists), default=0)):
        for lst in lists:
            if i < len(lst) and lst[i]["text"] not in seen:
                seen.add(lst[i]["text"])
                out.append(lst[i])
    return out


def questions_to_ask(params: dict) -> dict:
    if not isinstance(params, dict):
        raise BadParams("params must be an object with named fields.")
    role = _text(params, "role", "", MAX_SHORT)
    function = _text(params, "function", "", MAX_SHORT)
    notes = _text(params, "notes", "", MAX_NOTES)
    chosen = _concern_param(_text(params, "concern", "", MAX_SHORT), "")
    round_name = _round_param(params.get("round"))
    limit = params.get("limit", 8)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 50:
        raise BadParams("The field 'limit' must be a whole number from 1 to 50.")
    exclude = params.get("exclude") or []
    if not isinstance(exclude, list):
        raise BadParams("The field 'exclude' must be a list of questions already used.")
    if len(exclude) > MAX_EXCLUDE:
        raise BadParams(f"The field 'exclude' has too many items (the limit is {MAX_EXCLUDE}).")
    excluded = {phrase_key(x) for x in exclude if isinstance(x, str) and len(x) <= MAX_QUESTION}
    inferred = infer_concern(role, function, notes) if (role or function or notes or not chosen) else None
    concern_id = chosen or (inferred["concern"] if inferred else data().default)
    family = infer_family(role, function)
    bank = [q for q in _bank(concern_id, family["family"] if family else None, round_name)
            if phrase_key(q["text"]) not in excluded]
    d = data()
    return {
        "concern": concern_id,
        "label": d.concerns[concern_id]["label"],
        "concern_source": "person" if chosen else ("rules" if inferred and inferred["confident"] else "default"),
        "family": family,
        "round": round_name,
        "questions": bank[:limit],
        "available": len(bank),
    }


# --------------------------------------------------------------------------------------------------
# Stories
# --------------------------------------------------------------------------------------------------

def _stories(raw) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BadParams("The field 'stories' must be a list of stories (text, or objects with a title and text).")
    if len(raw) > MAX_STORIES:
        raise BadParams(f"The field 'stories' has too many items ({len(raw):,}; the limit is {MAX_STORIES}).")
    out = []
    for i, item in enumerate(raw):
        where = f"stories[{i}]."
        if isinstance(item, str):
            if len(item) > MAX_STORY:
                raise BadParams(f"Story {i + 1} is too long ({len(item):,} characters; the limit is {MAX_STORY:,}).")
            text = clean(item).strip()
            title = text.split("\n", 1)[0][:80]
            story = {"id": f"s{i + 1}", "title": title, "text": text, "concerns": []}
        elif isinstance(item, dict):
            sid = _text(item, "id", where, MAX_SHORT) or f"s{i + 1}"
            title = _text(item, "title", where, MAX_SHORT)
            parts = [_text(item, k, where, MAX_STORY) for k in ("text", "summary", "situation", "task", "action",
                                                                "result", "body")]
            text = "\n".join(p for p in parts if p)
            tags = item.get("tags") or []
            if not isinstance(tags, list) or len(tags) > 50:
                raise BadParams(f"The field '{where}tags' must be a list of at most 50 words.")
            tag_text = " ".join(clean(t)[:MAX_SHORT] for t in tags if isinstance(t, str))
            concerns = []
            for key in ("concern", "concerns"):
                value = item.get(key)
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if isinstance(v, str) and len(v) <= MAX_SHORT and phrase_key(v) in data().concern_names:
                        concerns.append(data().concern_names[phrase_key(v)])
            story = {"id": sid, "title": title or text.split("\n", 1)[0][:80] or f"Story {i + 1}",
                     "text": " ".join([title, text, tag_text]), "concerns": concerns}
        else:
            raise BadParams(f"Story {i + 1} must be text or an object with a title and text.")
        story["bag"] = Bag(story["text"])
        out.append(story)
    return out


def _story_score(story: dict, concern_id: str) -> tuple[float, list[str]]:
    hits = story["bag"].hits(data().story_keywords.get(concern_id, []))
    score = float(len(hits))
    if concern_id in story["concerns"]:
        score += 3.0
    return score, hits


def _resolve_story(value: str, stories: list[dict]) -> dict:
    """A panelist's chosen story: a story id, a story title, or free text of its own."""
    key = phrase_key(value)
    for s in stories:
        if value == s["id"] or (key and key == phrase_key(s["title"])):
            return {"id": s["id"], "title": s["title"], "known": True}
    return {"id": "text:" + key[:120], "title": value[:120], "known": False}


def _story_title(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= 80:
        return line
    cut = line[:80].rsplit(" ", 1)[0] or line[:80]
    return cut.rstrip(",;:") + "\u2026"


def stories_from_rounds(rounds) -> list[dict]:
    """The person's debrief answers as stories: one per answered question, titled by the question.

    `rounds` is the document's list of rounds ({"name", "questions": [{"id", "question", "answer",
    "pushback"}]}). Tolerant: items that are not objects and fields that are not text are skipped, and
    long answers are cut to what story matching needs, so a long debrief never blocks the panel.
    """
    if not isinstance(rounds, list):
        raise BadParams("The field 'rounds' must be the list of rounds from the debrief.")
    out: list[dict] = []
    for ri, r in enumerate(rounds):
        if not isinstance(r, dict) or not isinstance(r.get("questions"), list):
            continue
        for qi, q in enumerate(r["questions"]):
            if not isinstance(q, dict):
                continue
            answer = q.get("answer") if isinstance(q.get("answer"), str) else ""
            if not answer.strip():
                continue
            question = q.get("question") if isinstance(q.get("question"), str) else ""
            qid = q.get("id") if isinstance(q.get("id"), str) and q.get("id").strip() else f"r{ri + 1}q{qi + 1}"
            title = _story_title(clean(question)[:MAX_SHORT]) or _story_title(clean(answer)[:MAX_SHORT])
            text = clean(answer)[:MAX_STORY - MAX_SHORT - 2]
            out.append({"id": qid[:MAX_SHORT], "title": title[:MAX_SHORT], "text": text,
                        "summary": clean(question)[:MAX_SHORT]})
            if len(out) >= MAX_STORIES:
                return out
    return out


# --------------------------------------------------------------------------------------------------
# Matrix
# --------------------------------------------------------------------------------------------------

def _panelists(raw) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BadParams("The field 'panelists' must be a list of people.")
    if len(raw) > MAX_PANELISTS:
        raise BadParams(f"The field 'panelists' has too many people ({len(raw):,}; the limit is {MAX_PANELISTS}).")
    out = []
    seen_ids = set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise BadParams(f"Panelist {i + 1} must be an object with fields such as name, role and notes.")
        where = f"panelists[{i}]."
        p = {k: _text(item, k, where, MAX_NOTES if k == "notes" else MAX_QUESTION if k in ("question", "story")
                      else MAX_SHORT)
             for k in ("id", "name", "role", "function", "notes", "concern", "story", "question")}
        if not p["id"] or p["id"] in seen_ids:
            p["id"] = f"p{i + 1}" if f"p{i + 1}" not in seen_ids else f"p{i + 1}-{len(seen_ids)}"
        seen_ids.add(p["id"])
        p["concern_override"] = _concern_param(p.pop("concern"), where)
        p["index"] = i
        out.append(p)
    return out


def _display_name(p: dict) -> str:
    return p["name"] or p["role"] or f"Panelist {p['index'] + 1}"


def matrix(params: dict) -> dict:
    if not isinstance(params, dict):
        raise BadParams("params must be an object with named fields.")
    d = data()
    panelists = _panelists(params.get("panelists"))
    if params.get("stories") is None and params.get("rounds") is not None:
        stories = _stories(stories_from_rounds(params.get("rounds")))
    else:
        stories = _stories(params.get("stories"))
    round_name = _round_param(params.get("round"))

    rows = []
    warnings: list[dict] = []
    used_story_count: dict[str, int] = {}
    used_questions: set[str] = set()
    # The person's own choices count as used before any suggestion is made.
    chosen_story = {}
    for p in panelists:
        if p["story"]:
            s = _resolve_story(p["story"], stories)
            chosen_story[p["id"]] = s
            used_story_count[s["id"]] = used_story_count.get(s["id"], 0) + 1
        if p["question"]:
            used_questions.add(phrase_key(p["question"]))

    for p in panelists:
        inferred = infer_concern(p["role"], p["function"], p["notes"])
        if p["concern_override"]:
            cid = p["concern_override"]
            source = "person"
            reason = "You chose this concern."
            if inferred["confident"] and inferred["concern"] != cid:
                reason += f" (The rules would have guessed {d.concerns[inferred['concern']]['label'].lower()}.)"
            alternatives = [a for a in ([{"concern": inferred["concern"], "label": inferred["label"],
                                          "score": inferred["scores"][inferred["concern"]]}] + inferred["alternatives"])
                            if a["concern"] != cid and (a["score"] > 0 or not inferred["confident"])]
        else:
            cid = inferred["concern"]
            source = "rules" if inferred["confident"] else "default"
            reason = inferred["reason"]
            alternatives = inferred["alternatives"]

        # Story: the person's pick, else the best-matching story, preferring ones not used yet.
        story_out = {"chosen": chosen_story.get(p["id"]), "suggested": None, "hint": d.concerns[cid]["story_hint"]}
        if story_out["chosen"] is None and stories:
            best = None
            for s in stories:
                score, hits = _story_score(s, cid)
                if score <= 0:
                    continue
                # Least-used first (panelists compare notes), then the best match.
                adjusted = (-used_story_count.get(s["id"], 0), score)
                if best is None or adjusted > best[0]:
                    best = (adjusted, s, hits, score)
            if best is not None:
                _, s, hits, score = best
                used_story_count[s["id"]] = used_story_count.get(s["id"], 0) + 1
                story_out["suggested"] = {"id": s["id"], "title": s["title"], "score": score,
                                          "words": hits[:8],
                                          "reason": ("Mentions " + ", ".join(f"\u201c{h}\u201d" for h in hits[:5])
                                                     if hits else "You tagged it for this concern.")}

        # Question: the person's own, else the first unused one from the bank for this person.
        family = inferred["family"]
        bank = _bank(cid, family["family"] if family else None, round_name)
        fresh = [q for q in bank if phrase_key(q["text"]) not in used_questions]
        suggestion = (fresh or bank or [None])[0]
        if not p["question"] and suggestion:
            used_questions.add(phrase_key(suggestion["text"]))
        question_out = {
            "chosen": p["question"] or None,
            "suggested": suggestion["text"] if suggestion else None,
            "more": [q["text"] for q in fresh[1:3]],
        }

        filled = {
            "name": bool(p["name"]), "role": bool(p["role"]), "function": bool(p["function"]),
            "notes": bool(p["notes"]), "concern": bool(p["concern_override"]), "story": bool(p["story"]),
            "question": bool(p["question"]),
        }
        row_warnings = []
        if not any(filled.values()):
            row_warnings.append({"code": "empty_panelist", "panelist": p["id"],
                                 "message": f"Panelist {p['index'] + 1} has nothing filled in yet: add at least "
                                            "their role, from the invite or LinkedIn."})
        elif not p["role"]:
            row_warnings.append({"code": "missing_role", "panelist": p["id"],
                                 "message": f"Add {_display_name(p)}'s role so their concern can be guessed."})
        warnings.extend(row_warnings)
        rows.append({
            "id": p["id"],
            "name": p["name"],
            "role": p["role"],
            "function": p["function"],
            "concern": cid,
            "concern_label": d.concerns[cid]["label"],
            "concern_summary": d.concerns[cid]["summary"],
            "concern_source": source,
            "reason": reason,
            "alternatives": alternatives,
            "family": family,
            "story": story_out,
            "question": question_out,
            "filled": filled,
            "warnings": row_warnings,
        })

    n = len(panelists)
    chosen_ids = [chosen_story[p["id"]]["id"] for p in panelists if p["id"] in chosen_story]
    counts: dict[str, int] = {}
    for sid in chosen_ids:
        counts[sid] = counts.get(sid, 0) + 1
    if n > 1 and len(chosen_ids) == n and len(counts) == 1:
        title = chosen_story[panelists[0]["id"]]["title"]
        warnings.append({"code": "same_story_everywhere",
                         "message": f"You plan to tell the same story (\u201c{title}\u201d) to every panelist. "
                                    "They compare notes afterwards: give each person a story for their own concern."})
    else:
        for sid, c in counts.items():
            if n > 1 and c > n / 2:
                title = next(chosen_story[p["id"]]["title"] for p in panelists
                             if p["id"] in chosen_story and chosen_story[p["id"]]["id"] == sid)
                warnings.append({"code": "story_overused",
                                 "message": f"\u201c{title}\u201d is planned for {c} of {n} panelists; "
                                            "swap in another story for some of them."})
    qcounts: dict[str, int] = {}
    for p in panelists:
        if p["question"]:
            k = phrase_key(p["question"])
            qcounts[k] = qcounts.get(k, 0) + 1
    if any(c > 1 for c in qcounts.values()):
        warnings.append({"code": "same_question",
                         "message": "You plan to ask more than one panelist the same question; a question "
                                    "chosen for each person shows you listened to who they are."})
    if n == 0:
        warnings.append({"code": "no_panelists",
                         "message": "Add the people on your panel (from the invite) to plan a story and a "
                                    "question for each."})

    checklist = _checklist(panelists, rows, counts, n)
    done = sum(1 for item in checklist if item["done"])
    return {
        "round": round_name,
        "rows": rows,
        "warnings": warnings,
        "checklist": checklist,
        "progress": {"done": done, "total": len(checklist),
                     "percent": round(100 * done / len(checklist)) if checklist else 0},
    }


def _checklist(panelists: list[dict], rows: list[dict], story_counts: dict[str, int], n: int) -> list[dict]:
    d = data()
    researched = sum(1 for p in panelists if p["role"] and p["notes"])
    concerned = sum(1 for r in rows if r["concern_source"] in ("person", "rules"))
    storied = sum(1 for p in panelists if p["story"])
    questioned = sum(1 for p in panelists if p["question"])
    # Varied: every panelist has a story, no story covers more than half the panel, and with two or
    # more panelists at least two different stories. Count = panelists whose story is not overused.
    limit = 1 if n <= 2 else n // 2
    over = {sid for sid, c in story_counts.items() if c > limit}
    ok_people = sum(c for sid, c in story_counts.items() if sid not in over)
    varied_done = n > 0 and storied == n and not over and (n == 1 or len(story_counts) >= 2)
    counts = {
        "researched": (researched, researched == n and n > 0),
        "concern": (concerned, concerned == n and n > 0),
        "story": (storied, storied == n and n > 0),
        "question": (questioned, questioned == n and n > 0),
        "varied": (ok_people if n else 0, varied_done),
    }
    out = []
    for item in d.checklist:
        count, done = counts.get(item["id"], (0, False))
        out.append({"id": item["id"], "label": item["label"], "detail": item["detail"], "done": bool(done),
                    "count": count, "total": n})
    return out
