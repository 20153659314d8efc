"""How often salary.lookup puts the right occupation among its first three matches.

    python bench/salary_eval.py [titles.tsv] [--show-misses]

The list (default bench/salary_titles.tsv) has one typed title per line, a tab, and the expected OEWS
code(s): several codes separated by "|" when more than one is right, and a trailing "*" for a code
prefix ("25-1*" = any postsecondary teacher). An optional third column names the field. Lines starting
with "#" are comments. Prints top-1 and top-3 rates (the bar is top-3 >= 0.85), per field, the misses,
and lookup timings.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))

from roundtwo import api  # noqa: E402

BAR = 0.85


def read_cases(path: Path):
    cases = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        typed, expected = parts[0].strip(), [c.strip() for c in parts[1].split("|") if c.strip()]
        field = parts[2].strip() if len(parts) > 2 else "-"
        cases.append((typed, expected, field))
    return cases


def is_right(code: str, expected: list[str]) -> bool:
    return any(code.startswith(e[:-1]) if e.endswith("*") else code == e for e in expected)


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    show = "--show-misses" in argv
    argv = [a for a in argv if not a.startswith("--")]
    path = Path(argv[0]) if argv else Path(__file__).with_name("salary_titles.tsv")
    cases = read_cases(path)

    start = time.perf_counter()
    api.dispatch({"method": "salary.lookup", "params": {"title": "warm up"}})
    first = time.perf_counter() - start

    top1 = top3 = 0
    per_field: dict[str, list[int]] = {}
    misses = []
    timings = []
    for typed, expected, field in cases:
        t0 = time.perf_counter()
        reply = api.dispatch({"method": "salary.lookup", "params": {"title": typed}})
        timings.append(time.perf_counter() - t0)
        if not reply["ok"]:
            misses.append((typed, expected, [f"error: {reply['error']['message']}"]))
            per_field.setdefault(field, [0, 0])[1] += 1
            continue
        codes = [m["code"] for m in reply["result"]["matches"]]
        hit1 = bool(codes) and is_right(codes[0], expected)
        hit3 = any(is_right(c, expected) for c in codes[:3])
        top1 += hit1
        top3 += hit3
        stats = per_field.setdefault(field, [0, 0])
        stats[0] += hit3
        stats[1] += 1
        if not hit3:
            shown = [f"{m['code']} {m['title']} ({m['matched']})" for m in reply["result"]["matches"][:3]]
            misses.append((typed, expected, shown))

    n = len(cases)
    timings.sort()
    print(f"salary.lookup on {n} typed titles from {path.name}")
    print(f"  right occupation first:           {top1}/{n} = {top1 / n:.3f}")
    print(f"  right occupation in the first 3:  {top3}/{n} = {top3 / n:.3f}  (bar {BAR})")
    print("  by field (top 3): " + ", ".join(f"{f} {a}/{b}" for f, (a, b) in sorted(per_field.items())))
    print(f"  first call (loads data, builds index): {first * 1000:.0f} ms; "
          f"later lookups median {timings[n // 2] * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms")
    if misses and (show or len(misses) <= 30):
        print("  misses:")
        for typed, expected, shown in misses:
            print(f"    {typed!r} expected {'|'.join(expected)}; got: {'; '.join(shown) or 'nothing'}")
    return 0 if top3 / n >= BAR else 1


if __name__ == "__main__":
    raise SystemExit(main())
