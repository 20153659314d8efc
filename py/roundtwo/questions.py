"""The question bank: step 3 of the protocol, "map the escalation".

Questions live in TOML under `data/questions/` (one file per category or role family) and published
company values under `data/values_frameworks.toml`. Everything is read with `tomllib` on the first call,
validated, and cached; importing this module reads nothing.

Methods (see api.METHODS):

- `questions.bank`        filter the built-in bank
- `questions.frameworks`  the published values frameworks and the bank's questions for each value
- `questions.for_values`  practice questions generated from the values the person typed
- `questions.merge`       the practice list: bank + the person's edits and own questions - hidden ids
                          + round-one debrief questions turned into practice questions
- `questions.guess_category`  which category a question's wording suggests

Every question comes out with the same shape:
`{id, text, category, competency[], round[], difficulty, role_family, framework, value, follow_ups[],
source}`, where source is builtin, custom, debrief or generated.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

from .errors import BadParams
from .params import require_dict

CATEGORIES = ("behavioral", "scenario", "technical", "values", "why_us")
ROLE_FAMILIES = ("software", "product", "data", "design", "sales", "operations", "finance")
ROUNDS = ("any", "second", "final", "panel", "hiring-manager")
SOURCES = ("builtin", "custom", "debrief", "generated")

# Question fields a TOML entry may carry, and those a file's [defaults] may set.
_FIELDS = {"id", "text", "category", "competency", "round", "difficulty", "role_family", "framework",
           "value", "follow_ups"}
_DEFAULTABLE = {"category", "round", "role_family", "framework", "difficulty", "competency"}
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Input limits: generous for a person, small enough that nothing a browser sends can hurt.
MAX_VALUES_IN = 1000       # items accepted in `values` before refusing the request
MAX_VALUES_USED = 12       # distinct values turned into questions; the rest are reported as dropped
MAX_VALUE_LEN = 80         # a value name is cut to this many characters
MAX_COMPANY_LEN = 100
MAX_QUESTION_LEN = 4000    # a custom or debrief question's text
MAX_FOLLOW_UP_LEN = 1000
MAX_FOLLOW_UPS_IN = 20
MAX_ANSWER_KEPT = 5000     # a round-one answer is kept (cut) so practice can show what was said
MAX_CUSTOM = 2000
MAX_HIDDEN = 10_000
MAX_DEBRIEF = 500
MAX_ID_LEN = 120
MAX_TAG_LEN = 40
MAX_TAGS = 12
GUESS_WINDOW = 500         # characters of a question the category rules look at


class BankError(Exception):
    """The shipped TOML is wrong (a bug in the data, not in the request)."""


@dataclass
class _Bank:
    questions: list = field(default_factory=list)
    by_id: dict = field(default_factory=dict)
    frameworks: list = field(default_factory=list)
    framework_ids: tuple = ()
    templates: list = field(default_factory=list)
    ladders: dict = field(default_factory=dict)
    rules: list = field(default_factory=list)  # (category, label, [compiled patterns])
    text_index: dict = field(default_factory=dict)  # normalised text -> id


_BANK: _Bank | None = None


# --- loading and validation -------------------------------------------------------------------


def _data_dir():
    return resources.files(__package__).joinpath("data")


def _read_toml(path) -> dict:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BankError(f"{path.name}: {exc}") from exc


def _str_list(value, where: str, *, min_items: int = 0, max_items: int = 100) -> list:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise BankError(f"{where} must be a list of non-empty strings")
    if not min_items <= len(value) <= max_items:
        raise BankError(f"{where} must have {min_items}-{max_items} items, has {len(value)}")
    return list(value)


def _validate_question(raw: dict, where: str, framework_values: dict) -> dict:
    unknown = set(raw) - _FIELDS
    if unknown:
        raise BankError(f"{where}: unknown field(s) {sorted(unknown)}")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID_RE.match(qid):
        raise BankError(f"{where}: id {qid!r} must be lowercase words joined by hyphens")
    where = f"{where} ({qid})"
    text = raw.get("text")
    if not isinstance(text, str) or len(text.strip()) < 10:
        raise BankError(f"{where}: text is missing or too short")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise BankError(f"{where}: category {category!r} is not one of {CATEGORIES}")
    competency = _str_list(raw.get("competency"), f"{where}: competency", min_items=1, max_items=6)
    for tag in competency:
        if not _SLUG_RE.match(tag):
            raise BankError(f"{where}: competency {tag!r} must be lowercase words joined by hyphens")
    rounds = _str_list(raw.get("round"), f"{where}: round", min_items=1, max_items=len(ROUNDS))
    for r in rounds:
        if r not in ROUNDS:
            raise BankError(f"{where}: round {r!r} is not one of {ROUNDS}")
    difficulty = raw.get("difficulty")
    if isinstance(difficulty, bool) or difficulty not in (1, 2, 3):
        raise BankError(f"{where}: difficulty must be 1, 2 or 3")
    follow_ups = raw.get("follow_ups", [])
    follow_ups = _str_list(follow_ups, f"{where}: follow_ups", max_items=5)
    if category == "behavioral" and not 3 <= len(follow_ups) <= 5:
        raise BankError(f"{where}: a behavioural question needs 3-5 follow-ups, has {len(follow_ups)}")
    if follow_ups and len(follow_ups) < 3:
        raise BankError(f"{where}: follow-ups come as a ladder of 3-5, has {len(follow_ups)}")
    role_family = raw.get("role_family")
    if category == "technical":
        if role_family not in ROLE_FAMILIES:
            raise BankError(f"{where}: a technical question needs role_family, one of {ROLE_FAMILIES}")
    elif role_family is not None:
        raise BankError(f"{where}: only technical questions have a role_family")
    framework, value = raw.get("framework"), raw.get("value")
    if category == "values":
        if framework not in framework_values:
            raise BankError(f"{where}: framework {framework!r} is not in values_frameworks.toml")
        if value not in framework_values[framework]:
            raise BankError(f"{where}: {value!r} is not a value of framework {framework!r}")
    elif framework is not None or value is not None:
        raise BankError(f"{where}: only values questions have a framework and value")
    return {
        "id": qid,
        "text": text.strip(),
        "category": category,
        "competency": competency,
        "round": rounds,
        "difficulty": difficulty,
        "role_family": role_family,
        "framework": framework,
        "value": value,
        "follow_ups": follow_ups,
        "source": "builtin",
    }


def _load_frameworks(data: dict) -> tuple[list, dict, list]:
    frameworks, values_by_fw = [], {}
    for i, fw in enumerate(data.get("frameworks", [])):
        where = f"values_frameworks.toml frameworks[{i}]"
        for key in ("id", "name", "company", "url", "note"):
            if not isinstance(fw.get(key), str) or not fw[key].strip():
                raise BankError(f"{where}: '{key}' is missing")
        if fw["id"] in values_by_fw:
            raise BankError(f"{where}: duplicate framework id {fw['id']!r}")
        values = fw.get("values")
        if not isinstance(values, list) or not values:
            raise BankError(f"{where}: no values")
        names = []
        for v in values:
            if not isinstance(v.get("name"), str) or not isinstance(v.get("description"), str):
                raise BankError(f"{where}: every value needs a name and a description")
            if v["name"] in names:
                raise BankError(f"{where}: duplicate value {v['name']!r}")
            names.append(v["name"])
        values_by_fw[fw["id"]] = names
        frameworks.append({
            "id": fw["id"], "name": fw["name"], "company": fw["company"], "url": fw["url"],
            "note": fw["note"],
            "values": [{"name": v["name"], "description": v["description"]} for v in values],
        })
    templates = []
    keys = set()
    for i, t in enumerate(data.get("templates", [])):
        where = f"values_frameworks.toml templates[{i}]"
        if not isinstance(t.get("key"), str) or t["key"] in keys:
            raise BankError(f"{where}: needs a unique key")
        keys.add(t["key"])
        if not isinstance(t.get("text"), str) or "{value}" not in t["text"]:
            raise BankError(f"{where}: text must contain {{value}}")
        needs_company = bool(t.get("needs_company", False))
        if not needs_company and "{company}" in t["text"]:
            raise BankError(f"{where}: uses {{company}} without needs_company = true")
        if t.get("difficulty") not in (1, 2, 3):
            raise BankError(f"{where}: difficulty must be 1, 2 or 3")
        templates.append({
            "key": t["key"], "text": t["text"], "needs_company": needs_company,
            "difficulty": t["difficulty"],
            "follow_ups": _str_list(t.get("follow_ups"), f"{where}: follow_ups", min_items=3, max_items=5),
        })
    if not templates or all(t["needs_company"] for t in templates):
        raise BankError("values_frameworks.toml: needs templates that work without a company")
    return frameworks, values_by_fw, templates


def _load() -> _Bank:
    data_dir = _data_dir()
    frameworks, values_by_fw, templates = _load_frameworks(_read_toml(data_dir.joinpath("values_frameworks.toml")))
    bank = _Bank(frameworks=frameworks, framework_ids=tuple(values_by_fw), templates=templates)
    files = sorted((p for p in data_dir.joinpath("questions").iterdir() if p.name.endswith(".toml")),
                   key=lambda p: p.name)
    for path in files:
        data = _read_toml(path)
        unknown = set(data) - {"defaults", "questions", "ladders", "category_rules"}
        if unknown:
            raise BankError(f"{path.name}: unknown top-level key(s) {sorted(unknown)}")
        defaults = data.get("defaults", {})
        if set(defaults) - _DEFAULTABLE:
            raise BankError(f"{path.name}: [defaults] may only set {sorted(_DEFAULTABLE)}")
        for i, raw in enumerate(data.get("questions", [])):
            q = _validate_question({**defaults, **raw}, f"{path.name} questions[{i}]", values_by_fw)
            if q["id"] in bank.by_id:
                raise BankError(f"{path.name}: duplicate question id {q['id']!r}")
            bank.by_id[q["id"]] = q
            bank.questions.append(q)
            bank.text_index.setdefault(_norm_key(q["text"]), q["id"])
        for category, ladder in data.get("ladders", {}).items():
            if category not in CATEGORIES or category in bank.ladders:
                raise BankError(f"{path.name}: ladder {category!r} is unknown or repeated")
            bank.ladders[category] = _str_list(ladder.get("follow_ups"), f"{path.name}: ladders.{category}",
                                               min_items=3, max_items=5)
        for i, rule in enumerate(data.get("category_rules", [])):
            where = f"{path.name} category_rules[{i}]"
            if rule.get("category") not in CATEGORIES:
                raise BankError(f"{where}: unknown category")
            try:
                compiled = [re.compile(p, re.IGNORECASE)
                            for p in _str_list(rule.get("patterns"), where, min_items=1)]
            except re.error as exc:
                raise BankError(f"{where}: bad pattern: {exc}") from exc
            bank.rules.append((rule["category"], str(rule.get("label", rule["category"])), compiled))
    missing = set(CATEGORIES) - set(bank.ladders)
    if missing:
        raise BankError(f"no debrief ladder for {sorted(missing)}")
    counts = {c: 0 for c in CATEGORIES}
    for q in bank.questions:
        counts[q["category"]] += 1
    empty = [c for c, n in counts.items() if n == 0]
    if empty:
        raise BankError(f"no questions in {empty}")
    for fw in bank.frameworks:
        for v in fw["values"]:
            v["question_ids"] = [q["id"] for q in bank.questions
                                 if q["framework"] == fw["id"] and q["value"] == v["name"]]
    return bank


def get_bank() -> _Bank:
    """The loaded bank (loaded on first use, then cached)."""
    global _BANK
    if _BANK is None:
        _BANK = _load()
    return _BANK


def reload() -> _Bank:
    """Drop the cache and load again (for tests and data editing)."""
    global _BANK
    _BANK = None
    return get_bank()


def _copy(q: dict) -> dict:
    out = dict(q)
    for key in ("competency", "round", "follow_ups"):
        out[key] = list(q[key])
    return out


# --- text cleaning ------------------------------------------------------------------------------


def clean_text(value: str, max_len: int) -> str:
    """Plain text a person typed, made safe to store and show: control characters and lone surrogates
    removed, runs of whitespace collapsed, trimmed, cut to `max_len` characters. Nothing is escaped:
    the UI shows it as text, never as HTML."""
    value = value[: max_len * 4 + 16]
    chars = []
    for ch in value:
        cat = unicodedata.category(ch)
        if cat == "Cs":
            continue
        if cat == "Cc":
            ch = " " if ch in "\t\n\r\x0b\x0c\x85" else ""
        chars.append(ch)
    value = " ".join("".join(chars).split())[:max_len].rstrip()
    # Only invisible characters (zero-width spaces, direction marks...) counts as blank.
    if not any(unicodedata.category(ch)[0] not in "ZC" for ch in value):
        return ""
    return value


def _norm_key(text: str) -> str:
    """A comparison key for question wording: case, spacing and end punctuation ignored."""
    return " ".join(text.casefold().split()).rstrip(" ?.!:;")


def _slug(text: str, max_len: int = 24) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_len].strip("-")


def _short_hash(text: str, n: int = 8) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


# --- params -------------------------------------------------------------------------------------


def _opt_text(params: dict, name: str, max_len: int, where: str = "") -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a page may number its own questions
    if not isinstance(value, str):
        raise BadParams(f"The field '{where}{name}' must be text, not {_type_name(value)}.")
    return clean_text(value, max_len)


def _type_name(value) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number",
            str: "text"}.get(type(value), type(value).__name__)


def _opt_list(params: dict, name: str, max_items: int, where: str = "") -> list:
    value = params.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadParams(f"The field '{where}{name}' must be a list, not {_type_name(value)}.")
    if len(value) > max_items:
        raise BadParams(f"The field '{where}{name}' has too many items ({len(value):,}; the limit is "
                        f"{max_items:,}).")
    return value


def _opt_choice(params: dict, name: str, options, where: str = ""):
    value = params.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in options:
        shown = value[:40] if isinstance(value, str) else _type_name(value)
        raise BadParams(f"The field '{where}{name}' must be one of: {', '.join(options)} (got {shown!r}).")
    return value


def _opt_int(params: dict, name: str, lo: int, hi: int, where: str = "") -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or \
            value in (float("inf"), float("-inf")) or value != int(value):
        raise BadParams(f"The field '{where}{name}' must be a whole number from {lo} to {hi}.")
    value = int(value)
    if not lo <= value <= hi:
        raise BadParams(f"The field '{where}{name}' must be a whole number from {lo} to {hi}.")
    return value


def _text_items(items: list, name: str, max_len: int) -> list[str]:
    """A list of strings a person typed: None and blank entries skipped, others cleaned."""
    out = []
    for i, item in enumerate(items):
        if item is None:
            continue
        if not isinstance(item, str):
            raise BadParams(f"Item {i + 1} of '{name}' must be text, not {_type_name(item)}.")
        item = clean_text(item, max_len)
        if item:
            out.append(item)
    return out


def _tags(params: dict, name: str, where: str) -> list[str] | None:
    value = params.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    items = _text_items(_opt_list({name: value}, name, MAX_TAGS * 4, where), f"{where}{name}", MAX_TAG_LEN)
    seen, out = set(), []
    for item in items:
        tag = item.casefold()
        if tag not in seen:
            seen.add(tag)
            out.append(tag)
    return out[:MAX_TAGS]


# --- filtering ------------------------------------------------------------------------------------


def _filters(params: dict) -> dict:
    bank = get_bank()
    competency = _opt_text(params, "competency", MAX_TAG_LEN)
    search = _opt_text(params, "search", 200)
    return {
        "category": _opt_choice(params, "category", CATEGORIES),
        "role_family": _opt_choice(params, "role_family", ROLE_FAMILIES),
        "framework": _opt_choice(params, "framework", bank.framework_ids + ("own",)),
        "round": _opt_choice(params, "round", ROUNDS),
        "difficulty": _opt_int(params, "difficulty", 1, 3),
        "competency": competency.casefold() if competency else None,
        "search": search.casefold() if search else None,
        "limit": _opt_int(params, "limit", 1, 10_000),
        "offset": _opt_int(params, "offset", 0, 1_000_000) or 0,
    }


def _matches(q: dict, f: dict) -> bool:
    if f["category"] and q["category"] != f["category"]:
        return False
    if f["role_family"] and q.get("role_family") != f["role_family"]:
        return False
    if f["framework"] and q.get("framework") != f["framework"]:
        return False
    if f["round"] and f["round"] not in q["round"] and "any" not in q["round"] and f["round"] != "any":
        return False
    if f["difficulty"] and q["difficulty"] != f["difficulty"]:
        return False
    if f["competency"] and f["competency"] not in (c.casefold() for c in q["competency"]):
        return False
    if f["search"] and f["search"] not in q["text"].casefold() and \
            not any(f["search"] in s.casefold() for s in q["follow_ups"]):
        return False
    return True


def _apply(questions: list, f: dict) -> tuple[list, int]:
    matched = [q for q in questions if _matches(q, f)]
    end = None if f["limit"] is None else f["offset"] + f["limit"]
    return matched[f["offset"]:end], len(matched)


def _counts(questions: list) -> dict:
    by_category = {c: 0 for c in CATEGORIES}
    by_family = {r: 0 for r in ROLE_FAMILIES}
    by_source: dict[str, int] = {}
    by_competency: dict[str, int] = {}
    for q in questions:
        by_category[q["category"]] = by_category.get(q["category"], 0) + 1
        if q.get("role_family") in by_family:
            by_family[q["role_family"]] += 1
        by_source[q["source"]] = by_source.get(q["source"], 0) + 1
        for tag in q["competency"]:
            by_competency[tag] = by_competency.get(tag, 0) + 1
    by_competency = dict(sorted(by_competency.items(), key=lambda kv: (-kv[1], kv[0])))
    return {"by_category": by_category, "by_role_family": by_family, "by_source": by_source,
            "by_competency": by_competency}


# --- methods ------------------------------------------------------------------------------------


def bank(params: dict) -> dict:
    """`questions.bank`: the built-in questions, filtered.

    params: category, role_family, competency, framework, round, difficulty (1-3), search, limit, offset
    (all optional). Result: {"questions": [...], "total": matches before limit, "counts": {...}}.
    """
    params = require_dict(params)
    f = _filters(params)
    page, total = _apply(get_bank().questions, f)
    return {"questions": [_copy(q) for q in page], "total": total, "counts": _counts(get_bank().questions)}


def frameworks(params: dict) -> dict:
    """`questions.frameworks`: each published values framework with its values, their descriptions and
    the ids of the bank's questions for each. params: framework (optional id)."""
    params = require_dict(params)
    b = get_bank()
    wanted = _opt_choice(params, "framework", b.framework_ids)
    out = []
    for fw in b.frameworks:
        if wanted and fw["id"] != wanted:
            continue
        out.append({**fw, "values": [{**v, "question_ids": list(v["question_ids"])} for v in fw["values"]]})
    return {"frameworks": out}


def _fill(template: str, mapping: dict) -> str:
    """Put values into {value}/{company} in one pass, so text the person typed is never re-read as a
    placeholder (a value of '{company}' stays '{company}')."""
    return re.sub(r"\{(value|company)\}", lambda m: mapping[m.group(1)], template)


def _related(value: str) -> list[str]:
    """Bank questions for a published value with the same name (for example 'ownership')."""
    key = _norm_key(value)
    return [q["id"] for q in get_bank().questions
            if q["category"] == "values" and q["value"] and
            (_norm_key(q["value"]) == key or key in [_norm_key(p) for p in q["value"].split(";")])]


def for_values(params: dict) -> dict:
    """`questions.for_values`: practice questions for the values the person typed.

    params: values (list of text, required), company (text, optional), per_value (1-6, default 3).
    Blank entries are skipped, each value is cleaned and cut to 80 characters, repeats are dropped and
    only the first 12 distinct values are used. Text is kept as typed (never interpreted).
    Result: {"questions", "values": [{name, question_ids, related_ids}], "company", "skipped",
    "duplicates", "dropped"}.
    """
    params = require_dict(params)
    if "values" not in params or params["values"] is None:
        raise BadParams("Send 'values' as a list of the values you want to practise, for example "
                        "[\"Ownership\", \"Craft\"].")
    if isinstance(params["values"], str):
        params = {**params, "values": [params["values"]]}
    raw = _opt_list(params, "values", MAX_VALUES_IN)
    company = _opt_text(params, "company", MAX_COMPANY_LEN) or ""
    per_value = _opt_int(params, "per_value", 1, 6) or 3
    b = get_bank()

    cleaned, skipped, duplicates, seen = [], 0, 0, set()
    for i, item in enumerate(raw):
        if item is None:
            skipped += 1
            continue
        if not isinstance(item, str):
            raise BadParams(f"Item {i + 1} of 'values' must be text, not {_type_name(item)}.")
        name = clean_text(item, MAX_VALUE_LEN)
        if not name:
            skipped += 1
            continue
        key = name.casefold()
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        cleaned.append(name)
    dropped = max(0, len(cleaned) - MAX_VALUES_USED)
    cleaned = cleaned[:MAX_VALUES_USED]

    usable = [t for t in b.templates if company or not t["needs_company"]]
    first, rest = usable[0], usable[1:]
    questions, values_out = [], []
    for i, name in enumerate(cleaned):
        mapping = {"value": name, "company": company}
        rotated = rest[i % len(rest):] + rest[: i % len(rest)] if rest else []
        chosen = ([first] + rotated)[:per_value]
        slug = _slug(name)
        base = f"own-{slug}-{_short_hash(name.casefold(), 6)}" if slug else f"own-{_short_hash(name.casefold(), 6)}"
        ids = []
        for t in chosen:
            qid = f"{base}-{t['key']}"
            ids.append(qid)
            questions.append({
                "id": qid,
                "text": _fill(t["text"], mapping),
                "category": "values",
                "competency": ["values"],
                "round": ["second", "final"],
                "difficulty": t["difficulty"],
                "role_family": None,
                "framework": "own",
                "value": name,
                "follow_ups": [_fill(s, mapping) for s in t["follow_ups"]],
                "source": "generated",
            })
        values_out.append({"name": name, "question_ids": ids, "related_ids": _related(name)})
    return {"questions": questions, "values": values_out, "company": company, "skipped": skipped,
            "duplicates": duplicates, "dropped": dropped}


def guess(text: str) -> tuple[str, str]:
    """(category, reason) suggested by a question's wording; "behavioral" when nothing matches."""
    window = text[:GUESS_WINDOW]
    for category, label, patterns in get_bank().rules:
        if any(p.search(window) for p in patterns):
            return category, label
    return "behavioral", "no specific wording matched; most interview questions are about your past"


def guess_category(params: dict) -> dict:
    """`questions.guess_category`: params {text} -> {category, reason}."""
    params = require_dict(params)
    text = _opt_text(params, "text", MAX_QUESTION_LEN)
    if not text:
        raise BadParams("Send the question as 'text' to guess its category.")
    category, reason = guess(text)
    return {"category": category, "reason": reason}


def _custom_question(i: int, item, by_id: dict) -> tuple[dict, bool]:
    """One of the person's questions -> (question, overrides_builtin)."""
    where = f"custom[{i}]."
    if not isinstance(item, dict):
        raise BadParams(f"Item {i + 1} of 'custom' must be an object with at least 'text', not "
                        f"{_type_name(item)}.")
    qid = _opt_text(item, "id", MAX_ID_LEN, where)
    text_value = item.get("text")
    if isinstance(text_value, str) and len(text_value) > MAX_QUESTION_LEN * 4:
        raise BadParams(f"The text of custom question {i + 1} is too long ({len(text_value):,} characters; "
                        f"keep a question under {MAX_QUESTION_LEN:,}).")
    text = _opt_text(item, "text", MAX_QUESTION_LEN, where)
    base = by_id.get(qid) if qid else None
    if not text and base is None:
        raise BadParams(f"Custom question {i + 1} has no text. Type the question, or remove it.")
    out = _copy(base) if base else {
        "id": qid or f"custom-{_short_hash(_norm_key(text))}",
        "text": text, "category": None, "competency": [], "round": ["any"], "difficulty": 2,
        "role_family": None, "framework": None, "value": None, "follow_ups": [], "source": "custom",
    }
    if text:
        out["text"] = text
    category = _opt_choice(item, "category", CATEGORIES, where)
    if category:
        out["category"] = category
    if out["category"] is None:
        out["category"] = guess(out["text"])[0]
    if "follow_ups" in item and item["follow_ups"] is not None:
        out["follow_ups"] = _text_items(_opt_list(item, "follow_ups", MAX_FOLLOW_UPS_IN, where),
                                        f"{where}follow_ups", MAX_FOLLOW_UP_LEN)[:10]
    tags = _tags(item, "competency", where)
    if tags is not None:
        out["competency"] = tags
    rounds = item.get("round")
    if rounds is not None:
        rounds = [rounds] if isinstance(rounds, str) else _opt_list(item, "round", len(ROUNDS) * 2, where)
        for r in rounds:
            if r not in ROUNDS:
                shown = r[:40] if isinstance(r, str) else _type_name(r)
                raise BadParams(f"The field '{where}round' must list rounds from: {', '.join(ROUNDS)} "
                                f"(got {shown!r}).")
        out["round"] = list(dict.fromkeys(rounds)) or ["any"]
    difficulty = _opt_int(item, "difficulty", 1, 3, where)
    if difficulty:
        out["difficulty"] = difficulty
    if "role_family" in item:
        out["role_family"] = _opt_choice(item, "role_family", ROLE_FAMILIES, where)
    for key in ("framework", "value"):
        if key in item:
            out[key] = _opt_text(item, key, MAX_VALUE_LEN, where) or None
    if item.get("origin") is not None:  # where the person got it, e.g. proposed by a language model
        out["origin"] = _opt_text(item, "origin", MAX_VALUE_LEN, where) or None
    if base is not None:
        out["edited"] = True
    return out, base is not None


def _debrief_question(i: int, item, ladders: dict, text_index: dict) -> dict | None:
    """One round-one question -> a practice question, or None if it has no wording."""
    where = f"debrief[{i}]."
    if isinstance(item, str):
        item = {"question": item}
    if not isinstance(item, dict):
        raise BadParams(f"Item {i + 1} of 'debrief' must be an object with 'question', not {_type_name(item)}.")
    field_name = "question" if item.get("question") is not None else "text"
    raw = item.get(field_name)
    if isinstance(raw, str) and len(raw) > MAX_QUESTION_LEN * 4:
        raise BadParams(f"Debrief question {i + 1} is too long ({len(raw):,} characters; keep a question "
                        f"under {MAX_QUESTION_LEN:,}).")
    text = _opt_text(item, field_name, MAX_QUESTION_LEN, where)
    if not text:
        return None
    category = _opt_choice(item, "category", CATEGORIES, where)
    reason = "as you labelled it"
    if not category:
        category, reason = guess(text)
    asked = _text_items(_opt_list(item, "follow_ups", MAX_FOLLOW_UPS_IN, where), f"{where}follow_ups",
                        MAX_FOLLOW_UP_LEN)
    similar = text_index.get(_norm_key(text))
    ladder = list(asked[:3])  # what they asked last time, then steps that push further
    for step in (get_bank().by_id[similar]["follow_ups"] if similar else []) + ladders[category]:
        if len(ladder) >= 5:
            break
        if step not in ladder:
            ladder.append(step)
    qid = _opt_text(item, "id", MAX_ID_LEN, where) or f"debrief-{_short_hash(_norm_key(text), 10)}"
    if qid in get_bank().by_id:  # never shadow a bank question; `similar_to` links them instead
        qid = f"debrief-{qid}"
    out = {
        "id": qid, "text": text, "category": category, "competency": [], "round": ["second"],
        "difficulty": 2, "role_family": None, "framework": None, "value": None, "follow_ups": ladder,
        "source": "debrief", "asked_in_round_one": True, "category_reason": reason,
        "round_one_follow_ups": asked,
    }
    if similar:
        out["similar_to"] = similar
    answer = item.get("answer")
    if isinstance(answer, str) and answer.strip():
        kept = clean_text(answer, MAX_ANSWER_KEPT)
        out["round_one_answer"] = kept
        out["round_one_answer_cut"] = len(" ".join(answer.split())) > len(kept)
    elif answer is not None and not isinstance(answer, str):
        raise BadParams(f"The field '{where}answer' must be text, not {_type_name(answer)}.")
    return out


def merge(params: dict) -> dict:
    """`questions.merge`: the person's practice list.

    params: custom [{id?, text, category?, follow_ups?, competency?, round?, difficulty?, role_family?}]
    (an id equal to a built-in id edits that question), hidden [ids], debrief [{question, answer?,
    follow_ups?, category?, id?}] (or plain strings), values [text] and company (the person's own values,
    turned into questions as `questions.for_values` does), include_builtin (default true), and the filters
    of `questions.bank`. Order: round-one questions first, then the person's own, then questions for their
    values, then the bank.
    Result: {"questions", "total", "counts", "hidden", "edited"}.
    """
    params = require_dict(params)
    b = get_bank()
    f = _filters(params)
    custom_raw = _opt_list(params, "custom", MAX_CUSTOM)
    hidden = set(_text_items(_opt_list(params, "hidden", MAX_HIDDEN), "hidden", MAX_ID_LEN))
    debrief_raw = _opt_list(params, "debrief", MAX_DEBRIEF)
    include_builtin = params.get("include_builtin", True)
    if not isinstance(include_builtin, bool):
        raise BadParams("The field 'include_builtin' must be true or false.")

    edits, own = {}, {}
    for i, item in enumerate(custom_raw):
        q, is_edit = _custom_question(i, item, b.by_id)
        (edits if is_edit else own)[q["id"]] = q  # a later entry with the same id wins

    debriefed, seen_text = {}, set()
    for i, item in enumerate(debrief_raw):
        q = _debrief_question(i, item, b.ladders, b.text_index)
        if q is None:
            continue
        key = _norm_key(q["text"])
        if key in seen_text or q["id"] in debriefed:
            continue
        seen_text.add(key)
        debriefed[q["id"]] = q

    merged, used_ids, hidden_found = [], set(), set()

    def add(q):
        if q["id"] in hidden:
            hidden_found.add(q["id"])
            return
        if q["id"] in used_ids:
            return
        used_ids.add(q["id"])
        merged.append(q)

    for q in debriefed.values():
        add(q)
    for q in own.values():
        add(q)
    if params.get("values"):
        for q in for_values({"values": params["values"], "company": params.get("company")})["questions"]:
            add(q)
    if include_builtin:
        for q in b.questions:
            add(edits.get(q["id"]) or _copy(q))
    else:
        for q in edits.values():
            add(q)

    page, total = _apply(merged, f)
    return {"questions": page, "total": total, "counts": _counts(merged), "hidden": sorted(hidden_found),
            "edited": sorted(edits)}
