"""Build the trimmed salary data that ships inside the app: py/roundtwo/data/salary/salary.json.gz.

    python tools/make_salary_data.py [--source /work/shared/data] [--check]

Reads the public files described in the shared data README (BLS OEWS May 2024 national wages, O*NET
alternate titles and occupation titles, ONS ASHE 2023p Table 14) and writes one gzip-compressed JSON
document with only what roundtwo.salary needs:

- "occupations": the 831 detailed OEWS occupations with employment and annual and hourly wage
  percentiles ("#" top-coded values kept as "#", missing values as null),
- "titles": every O*NET alternate title, short title and occupation title that maps to one of those
  occupations (O*NET-SOC codes cut to 6 digits; the few O*NET codes that OEWS publishes only as an
  aggregate, such as 13-1021 -> 13-1020, are mapped to that aggregate), with the indexes of its
  occupations, and the same titles already normalised with data/salary/terms.toml so the app does not
  have to do that work when it starts,
- "uk": the 4-digit SOC 2020 rows of ASHE Table 14 (annual gross pay, full-time), suppressed values null.

The output is deterministic: rows are sorted, JSON is written with sorted keys and fixed separators,
and the gzip header carries no file name and a zero timestamp, so the same inputs give the same bytes.
`--check` rebuilds in memory and exits 1 if the file on disk differs (for CI).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))

from roundtwo import salary  # noqa: E402  (the same normaliser the app uses)

DEFAULT_SOURCE = Path("/work/shared/data")
OUT = ROOT / "py" / "roundtwo" / "data" / "salary" / "salary.json.gz"

OEWS = "bls_oews_national_may2024.csv"
ALT = "onet_alternate_titles.tsv"
OCC = "onet_occupation_data.tsv"
ASHE = "ons_ashe_2023p_table14_annual_fulltime.csv"

WAGE_COLUMNS = ["A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"]
HOURLY_COLUMNS = ["H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90"]


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


def read_oews(source: Path) -> list[dict]:
    with open(source / OEWS, newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["O_GROUP"] == "detailed"]
    occupations = []
    for row in sorted(rows, key=lambda r: r["OCC_CODE"]):
        occupations.append({
            "code": row["OCC_CODE"],
            "title": row["OCC_TITLE"].strip(),
            "employment": _employment(row["TOT_EMP"]),
            "mean": _wage(row["A_MEAN"]),
            "annual": [_wage(row[c]) for c in WAGE_COLUMNS],
            "hourly_mean": _wage(row["H_MEAN"]),
            "hourly": [_wage(row[c]) for c in HOURLY_COLUMNS],
            "annual_only": row["ANNUAL"].strip().upper() == "TRUE",
            "hourly_only": row["HOURLY"].strip().upper() == "TRUE",
        })
    return occupations


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


def build(source: Path) -> bytes:
    occupations = read_oews(source)
    titles = read_titles(source, occupations)
    uk = read_ashe(source)
    document = {
        "format": 1,
        "terms_hash": salary.terms_hash(),
        "occupation_fields": ["code", "title", "employment", "mean", "annual", "hourly_mean", "hourly",
                              "annual_only", "hourly_only"],
        "occupations": [[o[f] for f in ("code", "title", "employment", "mean", "annual", "hourly_mean",
                                        "hourly", "annual_only", "hourly_only")] for o in occupations],
        "title_fields": ["display", "normalised", "occupation_indexes"],
        "titles": titles,
        "uk_fields": ["soc2020", "title", "jobs_thousands", "median", "mean", "p10", "p25", "p75", "p90"],
        "uk": uk,
    }
    raw = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    return buffer.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder with the public data files")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file on disk is out of date")
    args = parser.parse_args(argv)
    data = build(args.source)
    if args.check:
        current = args.out.read_bytes() if args.out.exists() else b""
        if current != data:
            print(f"{args.out} is out of date; run python tools/make_salary_data.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({len(data):,} bytes)")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
