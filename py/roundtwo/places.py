"""Where the job is, for the salary figures: typed places -> BLS areas, and the wages of an area.

`salary.places` {"query", "limit"?} -> {"query", "suggestions": [{"label", "kind", "detail", "location",
"score"}], "notes"}: what a person types in the location field ("Austin", "Bay Area", "NYC", "TX",
"remote", "London") -> places to pick, best first. Each suggestion's "location" is what salary.lookup
takes back as its "location" param.

A location (salary.lookup's "location" param) is typed text (the best suggestion is used) or an object:

    {"kind": "metro", "area": "0012420", "state"?: "4800000"}   a metro (or non-metropolitan) area;
                                                                  "state" is where to fall back to
                                                                  (default: the metro's main state)
    {"kind": "state", "area": "4800000"}                        a state or territory
    {"kind": "remote", "employer"?: <a metro or state location>} national figures, with the employer's
    {"kind": "national"}                                        the nation only
    {"kind": "uk"}                                              the UK market (ONS figures)

Names, states and aliases: data/salary/locations.toml and the "areas" table of salary.json.gz. Metro
figures live in one file per state (data/salary/metros/XX.json.gz); the app ships without them and the
browser loads one when a metro of that state is first asked for (NeedsResource "salary-metros:XX"),
then keeps it (sw.js caches it for offline use).
"""

from __future__ import annotations

import gzip
import json
import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path

from . import params as P
from .errors import BadParams, NeedsResource

DATA_DIR = resources.files(__package__) / "data" / "salary"
LOCATIONS_FILE = DATA_DIR / "locations.toml"
# Where metro files are found: inside the package (CPython, tests, tools), then where the browser's
# worker writes a file it fetched (site/py-worker.js, METRO_DIR there): the app's archive leaves them out
# so a first visit does not download every state's metros.
METRO_DIRS = [DATA_DIR / "metros", Path("/home/pyodide/salary-metros")]

MAX_PLACE = 120          # characters of a typed place
MAX_SUGGESTIONS = 20
NATION = "0000000"
PCT_KEYS = ("p10", "p25", "p50", "p75", "p90")
TOP_CODE = 239200        # BLS's "#": at least $239,200 a year
TOP_CODE_HOURLY = 115.0  # and $115 an hour

# Words that say "an area" without naming one: "the Bay Area", "Greater Boston", "Austin metro".
# "city" stays: Kansas City, Bay City and Salt Lake City are names.
_FILLER = {"the", "area", "areas", "metro", "metropolitan", "greater", "region", "of", "msa"}
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").casefold()
    text = text.replace("&", " and ").replace(".", "")  # "D.C." -> dc, "St." -> st
    return [w for w in _WORD.findall(text) if w not in _FILLER]


def key_of(text: str) -> str:
    return " ".join(words(text))


@lru_cache(maxsize=1)
def load_locations() -> dict:
    with LOCATIONS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def decode_row(row: list) -> tuple[int, dict]:
    """One compact row (tools/make_salary_data.py) -> (occupation index, {"employment", "annual": five
    values (int, "#" or None), "hourly_median"})."""
    index, employment, *steps = row
    hourly = steps[5] if len(steps) > 5 else None
    annual, base = [], 0
    for step in steps[:5]:
        if isinstance(step, (int, float)) and not isinstance(step, bool):
            base += int(step)
            annual.append(base * 10)
        else:
            annual.append(step)
    return index, {"employment": employment, "annual": annual, "hourly_median": hourly}


def money_dict(values: list) -> tuple[dict, list]:
    """Five annual values -> ({"p10": ...}, top-coded keys); "#" becomes the top code itself."""
    out, top = {}, []
    for key, value in zip(PCT_KEYS, values):
        if value == "#":
            out[key] = TOP_CODE
            top.append(key)
        else:
            out[key] = value
    return out, top


class Area:
    __slots__ = ("code", "kind", "fips", "name", "states", "metro_file", "employment", "short", "cities")

    def __init__(self, code, kind, fips, name, states, metro_file, employment):
        self.code, self.fips, self.name = code, fips, name
        self.kind = "state" if kind == "S" else "metro"
        self.states, self.metro_file, self.employment = list(states), metro_file, employment or 0
        head = name.rsplit(",", 1)[0] if self.kind == "metro" and "," in name else name
        # "Nashville-Davidson--Murfreesboro--Franklin" -> the cities, first one the name people use
        self.cities = [c.strip() for c in re.split(r"-+|/", head) if c.strip()]
        nonmetro = "nonmetropolitan" in name.casefold()
        self.short = name if nonmetro or self.kind == "state" else self.cities[0]

    @property
    def phrase(self) -> str:
        """How a sentence names it: "the Austin area", "Texas", "Northwest Alabama nonmetropolitan area"."""
        if self.kind == "state":
            return self.name
        if "nonmetropolitan" in self.name.casefold():
            return "the " + self.name
        return f"the {self.short} area"

    def public(self) -> dict:
        return {"code": self.code, "kind": self.kind, "name": self.name, "short": self.short,
                "phrase": self.phrase, "states": self.states}


class Places:
    def __init__(self, document: dict):
        fields = document["area_fields"]
        self.areas: dict[str, Area] = {}
        for row in document["areas"]:
            item = dict(zip(fields, row))
            self.areas[item["code"]] = Area(item["code"], item["type"], item["fips"], item["name"],
                                            item["states"], item["metro_file"], item.get("employment"))
        self.state_rows_raw: dict[str, list] = document.get("states", {})
        self._state_rows: dict[str, dict] = {}
        self._metro_rows: dict[str, dict] = {}
        cfg = load_locations()
        self.postal = {v: k for k, v in cfg["states"].items()}  # "TX" -> "48"
        self.state_by_fips = {a.fips: a for a in self.areas.values() if a.kind == "state"}
        self.state_by_postal = {p: self.state_by_fips[f] for p, f in self.postal.items() if f in self.state_by_fips}
        self.aliases: dict[str, object] = {}
        for typed, target in cfg.get("aliases", {}).items():
            self.aliases.setdefault(key_of(typed) or typed.casefold(), target)
        self.notes = cfg.get("notes", {})
        # typed key -> areas, for names: state names, metro city names, whole metro names
        self.names: list[tuple[str, Area, float]] = []
        for area in self.areas.values():
            if area.kind == "state":
                self.names.append((key_of(area.name), area, 1.0))
                continue
            self.names.append((key_of(area.name.rsplit(",", 1)[0]), area, 0.9))
            for rank, city in enumerate(area.cities):
                self.names.append((key_of(city), area, 0.95 if rank == 0 else 0.8))

    # -- figures -------------------------------------------------------------------------------------

    def rows(self, area: Area) -> dict:
        """Occupation index -> decoded figures for one state or metro (a metro file loaded on first use)."""
        if area.kind == "state":
            if area.code not in self._state_rows:
                self._state_rows[area.code] = dict(decode_row(r) for r in self.state_rows_raw.get(area.code, []))
            return self._state_rows[area.code]
        if area.code not in self._metro_rows:
            document = read_metro_file(area.metro_file)
            for code, rows in document.get("areas", {}).items():
                self._metro_rows[code] = dict(decode_row(r) for r in rows)
            self._metro_rows.setdefault(area.code, {})
        return self._metro_rows[area.code]

    def metro_loaded(self, area: Area) -> bool:
        return area.kind == "state" or area.code in self._metro_rows

    # -- typed places --------------------------------------------------------------------------------

    def metro_or_state(self, code: str) -> Area:
        area = self.areas.get(code) if isinstance(code, str) else None
        if area is None:
            raise BadParams(f"There is no BLS area with the code {str(code)[:20]!r}; pick a place from the "
                            f"suggestions (salary.places).")
        return area

    def state_of(self, value) -> Area | None:
        """A state from an area code ("4800000"), a postal code ("TX") or a name ("Texas")."""
        if not isinstance(value, str) or not value.strip():
            return None
        value = value.strip()
        if value in self.areas and self.areas[value].kind == "state":
            return self.areas[value]
        if value.upper() in self.state_by_postal:
            return self.state_by_postal[value.upper()]
        key = key_of(value)
        for area in self.state_by_fips.values():
            if key_of(area.name) == key:
                return area
        return None

    def suggest(self, text: str, limit: int = 8) -> list[dict]:
        key = key_of(text)
        raw = text.strip().casefold()
        best: dict[str, tuple[float, int, dict]] = {}

        def add(score: float, item: dict, ident: str, size: int = 0):
            # One entry per place, at the best score any of its names earned.
            if ident not in best or score > best[ident][0]:
                best[ident] = (score, size, item)

        if not key and not raw:
            return []
        target = self.aliases.get(key) if key else self.aliases.get(raw)
        if target in ("remote", "uk"):
            add(1.0, self._special(target), target)
        elif isinstance(target, list):
            for rank, code in enumerate(target):
                if code in self.areas:
                    area = self.areas[code]
                    add(1.0 - 0.01 * rank, self._area_item(area), code, area.employment)
        tokens = key.split()
        # "Austin, TX" / "Portland OR": a trailing postal code narrows the names to that state
        state_filter = None
        if len(tokens) >= 2 and tokens[-1].upper() in self.state_by_postal:
            state_filter = tokens[-1].upper()
            name_key = " ".join(tokens[:-1])
        else:
            name_key = key
        if len(tokens) == 1 and tokens[0].upper() in self.state_by_postal:
            area = self.state_by_postal[tokens[0].upper()]
            add(0.97, self._area_item(area), area.code, area.employment)
        if name_key:
            for name, area, weight in self.names:
                if state_filter and state_filter not in area.states:
                    continue
                if name == name_key:
                    score = weight
                elif name.startswith(name_key) and len(name_key) >= 2:
                    score = weight * (0.55 + 0.3 * len(name_key) / len(name))
                elif len(name_key) >= 4 and f" {name_key}" in f" {name}":
                    score = weight * 0.5
                else:
                    continue
                add(score, self._area_item(area), area.code, area.employment)
        if state_filter and not any(item["kind"] in ("metro", "state") for _, _, item in best.values()):
            # "Plano, TX": not a name BLS uses for a metro; the state is the honest answer.
            area = self.state_by_postal[state_filter]
            add(0.6, self._area_item(area, note=f"“{text.strip()[:60]}” is not a metro name BLS uses; "
                                                  f"pick the metro it belongs to, or use {area.name}."),
                area.code, area.employment)
        # A state typed whole ("Texas", "TX"): its metro areas follow it, largest first, so the list under
        # the field doubles as "pick a metro of that state".
        exact = [item for score, _, item in best.values() if item["kind"] == "state" and score >= 0.97]
        for item in exact[:1]:
            postal = self.areas[item["location"]["area"]].states[0]
            for area in self.areas.values():
                if area.kind == "metro" and postal in area.states:
                    add(0.5 + 0.1 * min(1.0, area.employment / 5_000_000), self._area_item(area), area.code,
                        area.employment)
        for special in ("remote", "uk"):
            label = self._special(special)["label"]
            if len(key) >= 2 and key_of(label).startswith(key):
                add(0.7, self._special(special), special)
        out = sorted(best.values(), key=lambda t: (-t[0], -t[1], t[2]["label"]))
        return [dict(item, score=round(score, 3)) for score, _, item in out[:limit]]

    def _special(self, kind: str) -> dict:
        if kind == "remote":
            return {"label": "Remote / national (US)", "kind": "remote", "detail": "National figures",
                    "location": {"kind": "remote"}}
        return {"label": "United Kingdom", "kind": "uk", "detail": "ONS figures for the whole UK, in GBP",
                "location": {"kind": "uk"}}

    def _area_item(self, area: Area, note: str | None = None) -> dict:
        if area.kind == "state":
            item = {"label": area.name, "kind": "state", "detail": "State", "location": {"kind": "state", "area": area.code}}
        else:
            main = self.state_by_postal.get(area.metro_file)
            item = {"label": area.name, "kind": "metro",
                    "detail": "Non-metropolitan area" if "nonmetropolitan" in area.name.casefold() else "Metro area",
                    "location": {"kind": "metro", "area": area.code, "state": main.code if main else None}}
        if note:
            item["note"] = note
        return item

    def resolve(self, value) -> dict:
        """A location param -> {"kind", "area": Area|None, "state": Area|None, "employer": {...}|None,
        "typed"}; bad_params with a sentence when it names nowhere."""
        if isinstance(value, str):
            text = value.strip()
            if len(text) > MAX_PLACE:
                raise BadParams(f"The field 'location' is too long ({len(text):,} characters; a place name is at "
                                f"most {MAX_PLACE}).")
            if not text:
                return {"kind": "national", "area": None, "state": None, "employer": None, "typed": ""}
            hits = self.suggest(text, limit=1)
            if not hits or hits[0]["score"] < 0.5:
                raise BadParams(f"I could not find a US state or metro area called {text[:60]!r}. Type a state "
                                f"(\"Texas\", \"TX\"), a city (\"Austin\"), \"remote\" or \"UK\", and pick from the "
                                f"suggestions.")
            resolved = self.resolve(hits[0]["location"])
            resolved["typed"] = text
            return resolved
        if not isinstance(value, dict):
            raise BadParams("The field 'location' must be a place as text (\"Austin, TX\") or a suggestion's "
                            "location object from salary.places.")
        kind = value.get("kind")
        if kind in (None, "national", ""):
            return {"kind": "national", "area": None, "state": None, "employer": None, "typed": ""}
        if kind == "uk":
            return {"kind": "uk", "area": None, "state": None, "employer": None, "typed": ""}
        if kind == "remote":
            employer = value.get("employer")
            inner = None
            if employer not in (None, "", {}):
                inner = self.resolve(employer)
                if inner["kind"] not in ("metro", "state"):
                    raise BadParams("The employer's location for a remote role must be a US state or metro area.")
            return {"kind": "remote", "area": None, "state": None, "employer": inner, "typed": ""}
        if kind not in ("metro", "state"):
            raise BadParams("The field 'location.kind' must be one of: metro, state, remote, national, uk.")
        area = self.metro_or_state(value.get("area"))
        if kind == "state" and area.kind != "state":
            kind = "metro"
        if kind == "metro" and area.kind == "state":
            kind = "state"
        state = None
        if kind == "metro":
            state = self.state_of(value.get("state")) if value.get("state") else None
            if value.get("state") and state is None:
                raise BadParams(f"The field 'location.state' must be a US state (a code such as \"TX\"); "
                                f"I could not read {str(value.get('state'))[:30]!r}.")
            if state is None:
                state = self.state_by_postal.get(area.metro_file)
        else:
            state = area
        return {"kind": kind, "area": area if kind == "metro" else None, "state": state, "employer": None, "typed": ""}


def read_metro_file(name: str) -> dict:
    """The metro figures of one state, from the package or from where the browser put them."""
    if not re.fullmatch(r"[A-Z]{2}", name or ""):
        raise BadParams(f"There are no metro figures for {name!r}.")
    for folder in METRO_DIRS:
        path = folder / f"{name}.json.gz"
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError, OSError):
            continue
        # A host may serve the file already decompressed (Content-Encoding: gzip): both are read.
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        return json.loads(data.decode("utf-8"))
    raise NeedsResource(f"salary-metros:{name}")


def places(params: dict) -> dict:
    """`salary.places`: typed text -> suggestions (see the module docstring)."""
    from .salary import get_index

    params = P.require_dict(params)
    query = P.text(params, "query", required=False, default="", max_len=MAX_PLACE)
    limit = P.integer(params, "limit", default=8, lo=1, hi=MAX_SUGGESTIONS)
    from .salary import clean_text
    text = clean_text(query).strip()
    result = {"query": text, "suggestions": [], "notes": []}
    if not text:
        result["notes"].append("Type where the job is: a state (\"Texas\"), a city (\"Austin\"), \"remote\" or \"UK\".")
        return result
    result["suggestions"] = get_index().places.suggest(text, limit)
    if not result["suggestions"]:
        result["notes"].append(f"No US state or metro area matches {text[:60]!r}. Try the nearest large city, "
                               f"the state, \"remote\" or \"UK\".")
    return result
