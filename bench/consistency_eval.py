"""Scores the consistency check on labelled pairs and times it.

    python bench/consistency_eval.py [--set shared|cases|held|own|all] [--quiet]

Sets:
- shared: every consistency*.jsonl in ../shared/eval/, scored by ../shared/eval/score_consistency.py itself
  (run from the project root, exactly as acceptance runs it); its last line per file is printed.
- cases: bench/cases/*.jsonl, pairs written for us by helpers who never read the engine's rules, in fields
  the shared files do not cover; scored by the same scorer.
- held, own: HELD_OUT and OWN_CASES from tests/unit/test_consistency.py, scored here (2% on values).
Then timings in CPython (bench/engine.py times the same calls in Pyodide, in Chromium).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))
sys.path.insert(0, str(ROOT))

from roundtwo.consistency import compare  # noqa: E402
from roundtwo.facts import extract  # noqa: E402

from tests.fixtures.sample_answer import answer  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "consistency_dev.jsonl"
TOLERANCE = 0.02


def load_dev() -> list[dict]:
    return [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]


def _test_cases(name: str, prefix: str) -> list[dict]:
    spec = importlib.util.spec_from_file_location("consistency_cases", ROOT / "tests" / "unit" / "test_consistency.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [dict(case, id=f"{prefix}-{n:02d}") for n, case in enumerate(getattr(module, name), 1)]


def load_held_out() -> list[dict]:
    return _test_cases("HELD_OUT", "held")


def load_own() -> list[dict]:
    return _test_cases("OWN_CASES", "own")


def _norm(text: str) -> str:
    words = str(text).lower().split()
    while words and words[0] in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words)


def value_match(got, want) -> bool:
    if isinstance(got, str) or isinstance(want, str):
        return isinstance(got, str) and isinstance(want, str) and _norm(got) == _norm(want)
    if got == want:
        return True
    if got is None or want is None or got <= 0 or want <= 0:
        return False
    return abs(got / want - 1) <= TOLERANCE


def score(cases: list[dict], quiet: bool = False) -> dict:
    labelled = found = returned = false_alarms = 0
    misses, alarms = [], []
    for case in cases:
        result = compare(case["earlier"], case["later"])["conflicts"]
        returned += len(result)
        matched = set()
        for label in case["conflicts"]:
            labelled += 1
            hit = next((n for n, c in enumerate(result) if n not in matched
                        and value_match(c["earlier"]["value"], label["earlier"])
                        and value_match(c["later"]["value"], label["later"])), None)
            if hit is None:
                misses.append((case["id"], label))
            else:
                found += 1
                matched.add(hit)
        for n, c in enumerate(result):
            if n not in matched:
                false_alarms += 1
                alarms.append((case["id"], c["message"]))
    recall = found / labelled if labelled else 1.0
    precision = (returned - false_alarms) / returned if returned else 1.0
    if not quiet:
        for cid, label in misses:
            print(f"  miss   {cid}: {label['about']} {label['earlier']!r} -> {label['later']!r}")
        for cid, msg in alarms:
            print(f"  alarm  {cid}: {msg}")
    return {"cases": len(cases), "labelled": labelled, "found": found, "returned": returned,
            "false_alarms": false_alarms, "recall": recall, "precision": precision}


def timings() -> None:
    from roundtwo.consistency import within

    earlier, later = answer(40), answer(40).replace("five", "seven").replace("$2M", "$3M")
    compare(earlier, later)  # warm: the vocabulary loads once
    runs = []
    for _ in range(30):
        t0 = time.perf_counter()
        compare(earlier, later)
        runs.append((time.perf_counter() - t0) * 1000)
    print(f"compare, two answers of 40 sentences: median {statistics.median(runs):.1f} ms, "
          f"max {max(runs):.1f} ms (CPython; Pyodide is about 3-5x slower)")
    block = answer(40) + "\n\n"
    big = (block * (1_000_000 // len(block) + 1))[:1_000_000]
    for name, run in (("extract, 1 MB of answers", lambda: extract(big)),
                      ("within, 1 MB of answers", lambda: within(big)),
                      ("compare, 1 MB against 1 MB", lambda: compare(big, big))):
        t0 = time.perf_counter()
        run()
        print(f"{name}: {(time.perf_counter() - t0) * 1000:.0f} ms (facts capped at 5,000 per text)")
    worst = 0.0, ""
    for unit in ("a ", "1 ", "$", ". ", "I was one of ", "forty-", "from 1 to 2 ", "one and a half "):
        text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
        t0 = time.perf_counter()
        extract(text)
        worst = max(worst, ((time.perf_counter() - t0) * 1000, unit.strip()))
    print(f"extract, worst pathological 1 MB: {worst[0]:.0f} ms ({worst[1]!r} repeated)")


SCORER = ROOT.parent / "shared" / "eval" / "score_consistency.py"


def run_scorer(path: Path, quiet: bool) -> None:
    """The shared scorer on one file, from the project root; its misses unless quiet, then its figure."""
    out = subprocess.run([sys.executable, str(SCORER), str(path), "0"], cwd=ROOT, capture_output=True, text=True)
    lines = (out.stdout or out.stderr).strip().splitlines() or ["(no output)"]
    if not quiet:
        for line in lines[:-1]:
            print("  " + line[:200])
    print(f"   {path.name}: {lines[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["shared", "cases", "held", "own", "all"], default="all")
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses or false alarms")
    args = parser.parse_args()
    if args.set in ("shared", "all"):
        print("== shared (../shared/eval, scored by its own scorer)")
        for path in sorted(SCORER.parent.glob("consistency*.jsonl")):
            run_scorer(path, args.quiet)
    if args.set in ("cases", "all"):
        print("== cases (bench/cases, written by helpers who never read the rules)")
        for path in sorted((ROOT / "bench" / "cases").glob("*.jsonl")):
            run_scorer(path, args.quiet)
    sets = {"held": load_held_out, "own": load_own}
    for name in (list(sets) if args.set == "all" else [args.set] if args.set in sets else []):
        print(f"== {name}")
        s = score(sets[name](), args.quiet)
        print(f"   recall {s['recall']:.3f} ({s['found']}/{s['labelled']})   precision {s['precision']:.3f} "
              f"({s['returned'] - s['false_alarms']}/{s['returned']})   cases {s['cases']}   "
              f"false alarms {s['false_alarms']}")
    print("== timing")
    timings()


if __name__ == "__main__":
    main()
