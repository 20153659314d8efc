"""Probe engine eval: run probes.suggest over the labelled dev cases and print the pass rate.

A case passes when every expected kind is among the first three probes and the first probe is not
of an avoided kind (see ../shared/eval/probes_dev.py). Also prints per-call timings.

    python bench/probes_eval.py [path/to/cases.jsonl] [--persona ID] [--verbose] [--own]

--own also scores the labelled cases written for the engine (tests/unit/test_probes.py, CASES).
"""

from __future__ import annotations

import json
import pathlib
import statistics
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "py"))

from roundtwo import api  # noqa: E402

DEFAULT = HERE.parent.parent / "shared" / "eval" / "probes_dev.jsonl"


def judge(case: dict, probes: list[dict]) -> tuple[bool, str]:
    kinds = [p["kind"] for p in probes]
    missing = [k for k in case.get("expect", []) if k not in kinds[:3]]
    bad_first = bool(kinds) and kinds[0] in case.get("avoid", [])
    reasons = []
    if missing:
        reasons.append(f"missing from top 3: {missing}")
    if bad_first:
        reasons.append(f"first probe is avoided kind {kinds[0]!r}")
    return not reasons, "; ".join(reasons)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    verbose = "--verbose" in argv
    persona = None
    if "--persona" in argv:
        persona = argv[argv.index("--persona") + 1]
        args = [a for a in args if a != persona]
    path = pathlib.Path(args[0]) if args else DEFAULT
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    passed, failures, times = 0, [], []
    for case in cases:
        params = {k: case[k] for k in ("question", "answer", "category")}
        if persona:
            params["persona"] = persona
        api.dispatch({"method": "probes.suggest", "params": params})  # warm the caches for this input
        t0 = time.perf_counter()
        for _ in range(5):
            # vary the input slightly so the analysis cache does not hide the real cost
            reply = api.dispatch({"method": "probes.suggest", "params": dict(params, answer=params["answer"] + " " * (_ + 1))})
        times.append((time.perf_counter() - t0) / 5 * 1000)
        if not reply.get("ok"):
            failures.append((case, f"error: {reply.get('error')}", []))
            continue
        probes = reply["result"]["probes"]
        ok, why = judge(case, probes)
        if ok:
            passed += 1
        else:
            failures.append((case, why, probes))
        if verbose:
            print(f"{'PASS' if ok else 'FAIL'} {case['id']} expect={case['expect']} avoid={case.get('avoid')}")
            for p in probes[:4]:
                print(f"     {p['score']:5.1f} {p['kind']:<20} {p['text']}")
    rate = passed / len(cases) if cases else 0.0
    print(f"cases: {len(cases)}  passed: {passed}  pass rate: {rate:.3f}" + (f"  persona: {persona}" if persona else ""))
    for case, why, probes in failures:
        print(f"FAIL {case['id']}: {why}")
        print(f"     answer: {case['answer'][:100]}")
        print(f"     got: {[p['kind'] for p in probes[:4]]}")
    print(f"per call (ms): median {statistics.median(times):.2f}  mean {statistics.mean(times):.2f}  max {max(times):.2f}")
    if "--own" in argv:
        own(persona)
    big = ("I kind of led the migration and we cut costs by 30% in 2023, basically. " * 15_000)[:1_000_000]
    t0 = time.perf_counter()
    reply = api.dispatch({"method": "probes.suggest", "params": {"question": "q", "answer": big, "category": "behavioral"}})
    print(f"1 MB answer: {(time.perf_counter() - t0) * 1000:.0f} ms, ok={reply['ok']}")
    return 0


def own(persona=None) -> None:
    sys.path.insert(0, str(HERE.parent))
    from tests.unit.test_probes import CASES  # noqa: PLC0415 - optional, needs the tests folder

    passed = 0
    for question, category, answer, expect, avoid in CASES:
        params = {"question": question, "answer": answer, "category": category}
        if persona:
            params["persona"] = persona
        probes = api.dispatch({"method": "probes.suggest", "params": params})["result"]["probes"]
        ok, why = judge({"expect": expect, "avoid": avoid}, probes)
        passed += ok
        if not ok:
            print(f"FAIL own: {question[:60]}: {why}; got {[p['kind'] for p in probes[:4]]}")
    print(f"own cases: {len(CASES)}  passed: {passed}  pass rate: {passed / len(CASES):.3f}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
