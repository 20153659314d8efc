"""Build the trimmed salary data that ships inside the app: py/roundtwo/data/salary/salary.json.gz, plus
one file of metro-area figures per state in py/roundtwo/data/salary/metros/ (loaded on first use).

    python tools/make_salary_data.py [--source /work/shared/data] [--check]

Reads the public files described in the shared data README (BLS OEWS May 2025 wages for the nation, the
states and the metropolitan and non-metropolitan areas, O*NET alternate titles and occupation titles,
ONS ASHE 2023p Table 14) and writes gzip-compressed JSON documents with only what roundtwo.salary needs.

salary.json.gz (format 2):

- "occupations": the detailed OEWS occupations of the May 2025 national release with employment, annual
  wage percentiles and the hourly median ("#" top-coded values kept as "#", "*" not released as null),
- "titles": every O*NET alternate title, short title and occupation title that maps to one of those
  occupations (O*NET-SOC codes cut to 6 digits; the few O*NET codes that OEWS publishes only as an
  aggregate, such as 13-1021 -> 13-1020, are mapped to that aggregate), with the indexes of its
  occupations, and the same titles already normalised with data/salary/terms.toml so the app does not
  have to do that work when it starts,
- "areas": every state and metro area [code, type "S"|"M", state FIPS, name, [postal codes it reaches],
  metro file, employment in all occupations], so places can be suggested before any metro file is loaded,
- "states": the figures for each state, area code -> rows (the row encoding below),
- "uk": the 4-digit SOC 2020 rows of ASHE Table 14 (annual gross pay, full-time), suppressed values null.

metros/<XX>.json.gz, one per state (postal code XX of the metro's main state, BLS's STATE_FIPS):
{"format", "release", "state", "areas": {area code: rows}}.

Rows are compact because the states and metros are most of the bytes: [occupation index, employment,
p10, step to p25, step to p50, step to p75, step to p90] in tens of dollars (BLS rounds annual wages to
$10), each step the difference from the previous published percentile; "#" (top-coded) and null (not
released) stand as themselves and do not move the base. An eighth item, the hourly median, is added only
when no annual figure is published (hourly-paid work such as acting). roundtwo.salary.decode_row reads it.

The output is deterministic: rows are sorted, JSON is written with sorted keys and fixed separators,
and the gzip header carries no file name and a zero timestamp, so the same inputs give the same bytes.
`--check` rebuilds in memory and exits 1 if any file on disk differs or a stale metro file is left over.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))

from roundtwo import salary  # noqa: E402  (the same normaliser the app uses)

DEFAULT_SOURCE = Path("/work/shared/data")
DATA = ROOT / "py" / "roundtwo" / "data" / "salary"
OUT = DATA / "salary.json.gz"
METROS = "metros"  # folder beside OUT

AREAS = "bls_oews_may2025_areas.csv.gz"
AREA_NAMES = "bls_oews_may2025_area_names.csv"
OCCUPATIONS = "bls_oews_may2025_occupations.csv"
ALT = "onet_alternate_titles.tsv"
OCC = "onet_occupation_data.tsv"
ASHE = "ons_ashe_2023p_table14_annual_fulltime.csv"
RELEASE = "May 2025"
NATION = "0000000"

WAGE_COLUMNS = ["A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"]


class SourceError(Exception):
    """A shared file is missing or not what the README describes; the message says which and how."""


def _open_text(path: Path):
    if not path.exists():
        raise SourceError(f"{path} is missing; point --source at the shared data folder.")
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, newline="", encoding="utf-8")


def _wage(value: str):
    """OEWS cell -> int, "#" (top-coded), or None ("*", "**", empty)."""
    value = value.strip()
    if value == "#":
        return "#"
    try:
        number = float(value)
    except ValueError:
        return None
    return round(number) if number >= 1000 else round(number, 2)


def _employment(value: str):
    try:
        return int(round(float(value)))
    except ValueError:
        return None


def read_areas(source: Path) -> tuple[list[dict], dict[str, list[dict]], dict[str, int | None]]:
    """The detailed-occupation rows of the May 2025 file: (national rows, area code -> rows, area code ->
    employment in all occupations)."""
    national, areas, totals = [], {}, {}
    with _open_text(source / AREAS) as handle:
        reader = csv.DictReader(handle)
        missing = {"AREA", "AREA_TYPE", "OCC_CODE", "O_LEVEL", "TOT_EMP", "H_MEDIAN", *WAGE_COLUMNS} - set(reader.fieldnames or [])
        if missing:
            raise SourceError(f"{source / AREAS} lacks the columns {sorted(missing)}.")
        for row in reader:
            if row["OCC_CODE"] == "00-0000":
                totals[row["AREA"]] = _employment(row["TOT_EMP"])  # ranks "Portland" OR above ME
            if row["O_LEVEL"].strip() != "3":
                continue  # major, minor and broad groups: people pick a detailed occupation
            if row["AREA"] == NATION:
                national.append(row)
            else:
                areas.setdefault(row["AREA"], []).append(row)
    if not national:
        raise SourceError(f"{source / AREAS} has no national rows (AREA {NATION}).")
    return national, areas, totals


def read_oews(source: Path, national: list[dict]) -> list[dict]:
    with _open_text(source / OCCUPATIONS) as handle:
        titles = {r["OCC_CODE"]: " ".join(r["OCC_TITLE"].split()) for r in csv.DictReader(handle)}
    occupations = []
    for row in sorted(national, key=lambda r: r["OCC_CODE"]):
        annual = [_wage(row[c]) for c in WAGE_COLUMNS]
        hourly = _wage(row["H_MEDIAN"])
        published = any(v is not None for v in annual)
        occupations.append({
            "code": row["OCC_CODE"],
            "title": titles.get(row["OCC_CODE"], row["OCC_CODE"]),
            "employment": _employment(row["TOT_EMP"]),
            "annual": annual,
            "hourly_median": hourly,
            # BLS publishes no hourly figure for work paid by the (school) year, and no annual one for
            # work paid by the hour without a year-round schedule (actors, musicians).
            "annual_only": published and hourly is None,
            "hourly_only": not published and hourly is not None,
        })
    return occupations


OCCUPATION_FIELDS = ["code", "title", "employment", "annual", "hourly_median", "annual_only", "hourly_only"]


def encode_row(index: int, row: dict) -> list:
    """One area's figures for one occupation, compact (see the module docstring)."""
    out = [index, _employment(row["TOT_EMP"])]
    base = 0
    published = False
    for column in WAGE_COLUMNS:
        value = _wage(row[column])
        if isinstance(value, (int, float)):
            tens = int(round(value / 10))
            out.append(tens - base)
            base = tens
            published = True
        else:
            out.append(value)
    if not published:
        hourly = _wage(row["H_MEDIAN"])
        if hourly is not None:
            out.append(hourly)
    return out


def encode_area(rows: list[dict], index_of: dict[str, int]) -> list[list]:
    return sorted(encode_row(index_of[r["OCC_CODE"]], r) for r in rows if r["OCC_CODE"] in index_of)


_SUFFIX = re.compile(r",\s*([A-Z]{2}(?:-[A-Z]{2})*)\s*$")


def read_area_names(source: Path, totals: dict) -> list[list]:
    """[code, type, fips, name, [postal codes], metro file or "", employment] for every state and metro."""
    with open(ROOT / "py" / "roundtwo" / "data" / "salary" / "locations.toml", "rb") as handle:
        postal = tomllib.load(handle)["states"]
    out = []
    with _open_text(source / AREA_NAMES) as handle:
        for row in csv.DictReader(handle):
            kind, fips, code = row["AREA_TYPE"], row["STATE_FIPS"].zfill(2), row["AREA"]
            if kind not in ("S", "M"):
                continue
            if fips not in postal:
                raise SourceError(f"State FIPS {fips} ({row['AREA_NAME']}) has no postal code in locations.toml.")
            name = " ".join(row["AREA_NAME"].split())
            reach = [postal[fips]]
            match = _SUFFIX.search(name)
            if kind == "M" and match:
                reach += [s for s in match.group(1).split("-") if s not in reach]
            out.append([code, kind, fips, name, reach, postal[fips] if kind == "M" else "", totals.get(code)])
    out.sort(key=lambda r: r[0])
    return out


def code_mapper(oews_codes: set[str], onet_codes: set[str]):
    """O*NET 6-digit code -> OEWS code: itself, or the one OEWS aggregate sharing its first 6 characters."""
    aggregates = sorted(c for c in oews_codes if c not in onet_codes)

    def to_oews(code6: str):
        if code6 in oews_codes:
            return code6
        hits = [c for c in aggregates if c[:6] == code6[:6]]
        return hits[0] if len(hits) == 1 else None

    return to_oews


_PAREN = re.compile(r"^(.*?)\s*\((.*)\)\s*$")


def split_title(title: str) -> list[str]:
    """'Project Manager (PM)' -> ['Project Manager', 'PM']; titles without brackets -> [title]."""
    title = " ".join(title.split())
    match = _PAREN.match(title)
    if not match:
        return [title]
    return [part for part in (match.group(1).strip(), match.group(2).strip()) if part]


def read_titles(source: Path, occupations: list[dict]) -> list[list]:
    oews_codes = {o["code"] for o in occupations}
    index_of = {o["code"]: i for i, o in enumerate(occupations)}
    with open(source / ALT, newline="", encoding="utf-8") as handle:
        alt_rows = list(csv.DictReader(handle, delimiter="\t"))
    with open(source / OCC, newline="", encoding="utf-8") as handle:
        occ_rows = list(csv.DictReader(handle, delimiter="\t"))
    onet_codes = {r["O*NET-SOC Code"][:7] for r in alt_rows} | {r["O*NET-SOC Code"][:7] for r in occ_rows}
    to_oews = code_mapper(oews_codes, onet_codes)

    # display title -> set of occupation indexes. The display text is what the person sees as "matched".
    found: dict[str, set[int]] = {}

    def add(display: str, code6: str):
        code = to_oews(code6)
        if code is None or not display:
            return
        found.setdefault(display, set()).add(index_of[code])

    for row in alt_rows:
        code6 = row["O*NET-SOC Code"][:7]
        parts = split_title(row["Alternate Title"])
        add(parts[0], code6)
        # The bracketed part is either an abbreviation ("PM"), indexed through Short Title or the
        # abbreviation table, or a spelled-out form worth indexing on its own.
        if len(parts) > 1 and len(parts[1].split()) >= 2:
            add(parts[1], code6)
        short = " ".join(row["Short Title"].split())
        if short:
            add(short, code6)
    for row in occ_rows:
        add(" ".join(row["Title"].split()), row["O*NET-SOC Code"][:7])
    for occupation in occupations:
        add(occupation["title"], occupation["code"])

    terms = salary.load_terms()
    rows = []
    for display in sorted(found, key=lambda s: (s.casefold(), s)):
        keys = terms.title_tokens(display)
        if not keys:
            continue
        rows.append([display, " ".join(keys), sorted(found[display])])
    # Case-only duplicates ("Back End developer" / "Back End Developer") collapse into the first.
    merged: dict[str, list] = {}
    for display, key, codes in rows:
        folded = display.casefold()
        if folded in merged:
            merged[folded][2] = sorted(set(merged[folded][2]) | set(codes))
        else:
            merged[folded] = [display, key, codes]
    return list(merged.values())


def _ashe_value(value: str):
    value = value.strip()
    try:
        return round(float(value))
    except ValueError:
        return None  # "x" suppressed, ".." / ":" not available, "" blank


def read_ashe(source: Path) -> list[list]:
    with open(source / ASHE, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    col = {name: i for i, name in enumerate(header)}
    out = []
    for row in rows:
        code = row[col["Code"]].strip()
        if len(code) != 4 or not code.isdigit():
            continue
        jobs = _ashe_value(row[col["No_jobs"]])
        out.append([
            code,
            " ".join(row[col["Description"]].split()),
            jobs,  # thousands of jobs in the sample frame
            _ashe_value(row[col["Median"]]),
            _ashe_value(row[col["Mean"]]),
            _ashe_value(row[col["10"]]),
            _ashe_value(row[col["25"]]),
            _ashe_value(row[col["75"]]),
            _ashe_value(row[col["90"]]),
        ])
    out.sort(key=lambda r: r[0])
    return out


def _gzip_json(document: dict) -> bytes:
    raw = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    return buffer.getvalue()


def build(source: Path) -> dict[str, bytes]:
    """Relative path (under data/salary/) -> bytes, for every file this tool owns."""
    national, area_rows, totals = read_areas(source)
    occupations = read_oews(source, national)
    index_of = {o["code"]: i for i, o in enumerate(occupations)}
    titles = read_titles(source, occupations)
    uk = read_ashe(source)
    areas = read_area_names(source, totals)
    states = {code: encode_area(area_rows.get(code, []), index_of) for code, kind, *_ in areas if kind == "S"}
    document = {
        "format": 2,
        "release": RELEASE,
        "terms_hash": salary.terms_hash(),
        "occupation_fields": OCCUPATION_FIELDS,
        "occupations": [[o[f] for f in OCCUPATION_FIELDS] for o in occupations],
        "title_fields": ["display", "normalised", "occupation_indexes"],
        "titles": titles,
        "area_fields": ["code", "type", "fips", "name", "states", "metro_file", "employment"],
        "areas": areas,
        "row_fields": ["occupation_index", "employment", "p10", "p25", "p50", "p75", "p90", "hourly_median"],
        "states": states,
        "uk_fields": ["soc2020", "title", "jobs_thousands", "median", "mean", "p10", "p25", "p75", "p90"],
        "uk": uk,
    }
    files = {OUT.name: _gzip_json(document)}
    by_file: dict[str, dict] = {}
    for code, kind, _fips, _name, _reach, metro_file, _total in areas:
        if kind == "M":
            by_file.setdefault(metro_file, {})[code] = encode_area(area_rows.get(code, []), index_of)
    for state, metros in sorted(by_file.items()):
        files[f"{METROS}/{state}.json.gz"] = _gzip_json(
            {"format": 2, "release": RELEASE, "state": state, "areas": metros})
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder with the public data files")
    parser.add_argument("--out", type=Path, default=DATA, help="the data/salary folder to write into")
    parser.add_argument("--check", action="store_true", help="exit 1 if the files on disk are out of date")
    args = parser.parse_args(argv)
    try:
        files = build(args.source)
    except SourceError as exc:
        print(f"cannot build the salary data: {exc}", file=sys.stderr)
        return 2
    metro_dir = args.out / METROS
    on_disk = {f"{METROS}/{p.name}" for p in metro_dir.glob("*.json.gz")} if metro_dir.is_dir() else set()
    stale = sorted(on_disk - set(files))
    if args.check:
        wrong = [name for name, data in files.items()
                 if not (args.out / name).exists() or (args.out / name).read_bytes() != data]
        if wrong or stale:
            print(f"out of date in {args.out}: {', '.join(wrong + stale)}; run python tools/make_salary_data.py",
                  file=sys.stderr)
            return 1
        total = sum(len(d) for n, d in files.items() if not n.startswith(METROS))
        metros = sum(len(d) for n, d in files.items() if n.startswith(METROS))
        print(f"{args.out} is up to date ({total:,} bytes in the app, {metros:,} bytes in "
              f"{len(files) - 1} metro files)")
        return 0
    metro_dir.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (args.out / name).unlink()
    for name, data in sorted(files.items()):
        (args.out / name).write_bytes(data)
    print(f"wrote {args.out / OUT.name} ({len(files[OUT.name]):,} bytes) and {len(files) - 1} metro files "
          f"({sum(len(d) for n, d in files.items() if n != OUT.name):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
