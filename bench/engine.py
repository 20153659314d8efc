"""Engine speed in the browser: the Python methods the UI calls while a person types, timed inside the page.

Builds dist/ into a temporary folder, serves it on 127.0.0.1, opens it in Chromium (Playwright), waits for
Python, then calls window.roundtwo.call(method, params) repeatedly and times each call inside the page with
performance.now() (so a figure is what the page waits for: the message to the worker, Python, the reply).
Prints medians beside the bars.

    python bench/engine.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

from tests.conftest import CHROMIUM_FLAGS, SYSTEM_CHROMIUM, Server  # noqa: E402
from tests.fixtures.sample_answer import answer  # noqa: E402

PROBES_DEV = ROOT.parent / "shared" / "eval" / "probes_dev.jsonl"

# Times each call inside the page. The first call of each input is not timed (it imports the module).
# Each timed call differs from the others by trailing spaces in the fields named in `vary`, so no cache
# inside Python answers a repeated call. Varying only the text being typed is what typing does (the
# other text, or the ledger, is the same at every call and is read once); a row that varies both texts
# is the cost of a comparison of two texts never seen before.
TIME_CALLS = """async ([method, paramsList, runs, vary]) => {
    const out = [];
    for (const params of paramsList) {
        const first = await window.roundtwo.call(method, params);
        if (!first.ok) return {error: first.error};
        for (let i = 0; i < runs; i++) {
            const fresh = {...params};
            for (const field of vary) fresh[field] = params[field] + " ".repeat(i + 1);
            const t0 = performance.now();
            const reply = await window.roundtwo.call(method, fresh);
            out.push(performance.now() - t0);
            if (!reply.ok) return {error: reply.error};
        }
    }
    return {times: out};
}"""


def megabyte() -> str:
    block = answer(40) + "\n\n"
    return (block * (1_000_000 // len(block) + 1))[:1_000_000]


def probe_answers() -> list[dict]:
    rows = [json.loads(line) for line in PROBES_DEV.read_text().splitlines() if line.strip()]
    return [{"question": r["question"], "answer": r["answer"], "category": r["category"]} for r in rows]


VARY = {"consistency.compare": "later", "probes.suggest": "answer", "facts.extract": "text", "ledger.check": "text"}


def heavy_ledger() -> list[dict]:
    """The ledger of 30 interviews of 3 rounds with 12 answers each: every fact of each answer, locked."""
    sys.path.insert(0, str(ROOT / "py"))
    from roundtwo.facts import extract
    from tests.fixtures.sample_answer import SENTENCES

    facts = []
    for n in range(30 * 3 * 12):
        text = SENTENCES[n % len(SENTENCES)].replace("five", str(3 + n % 9)).replace("$2M", f"${2 + n % 5}M")
        for fact in extract(text)[:3]:
            fact = {k: v for k, v in fact.items() if k in ("kind", "about", "value", "text", "mode", "unit",
                                                           "currency", "sentence", "label", "low", "high")}
            facts.append(dict(fact, id=f"l{len(facts)}", locked=True, source=f"Interview {n // 36 + 1}"))
    return facts


def timed(page, method: str, params_list: list[dict], runs: int, vary: tuple[str, ...] | None = None) -> list[float]:
    result = page.evaluate(TIME_CALLS, [method, params_list, runs, list(vary or (VARY[method],))])
    if "error" in result:
        raise SystemExit(f"{method} failed: {result['error']}")
    return result["times"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed calls per input for the small cases (default 15)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="roundtwo-bench-") as tmp:
        dist = Path(tmp) / "dist"
        build.build(dist)
        server = Server(dist)
        launch = {"executable_path": SYSTEM_CHROMIUM, "args": CHROMIUM_FLAGS} if os.path.exists(SYSTEM_CHROMIUM) else {}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(**launch)
                page = browser.new_page()
                page.goto(server.url)
                page.wait_for_selector("html[data-python=ready]", state="attached", timeout=120_000)
                rows = run_cases(page, args.runs)
                browser.close()
        finally:
            server.close()

    print("Engine speed in Pyodide (Chromium), timed inside the page with performance.now(); median (max) in ms")
    failed = 0
    for name, times, bar in rows:
        median = statistics.median(times)
        verdict = "" if bar is None else ("  PASS" if median < bar else "  FAIL")
        failed += verdict == "  FAIL"
        bar_text = "" if bar is None else f"(bar: under {bar:,.0f} ms)"
        print(f"  {name:<68} {median:8.1f} ({max(times):8.1f})  {bar_text}{verdict}")
    return 1 if failed else 0


def run_cases(page, runs: int) -> list[tuple[str, list[float], float | None]]:
    forty = answer(40)
    forty_changed = forty.replace("five", "seven")
    big = megabyte()
    typical = probe_answers()
    rows = []
    rows.append(("consistency.compare, two answers of 40 sentences",
                 timed(page, "consistency.compare", [{"earlier": forty, "later": forty_changed}], runs), 100))
    thousand = answer(80)                                        # about 1,000 words
    rows.append(("consistency.compare, two answers of 1,000 words, the later one typed",
                 timed(page, "consistency.compare", [{"earlier": thousand, "later": thousand.replace("five", "seven")}],
                       runs), 100))
    rows.append(("consistency.compare, two answers of 1,000 words, both new",
                 timed(page, "consistency.compare", [{"earlier": thousand, "later": thousand.replace("five", "seven")}],
                       runs, ("earlier", "later")), 100))
    ledger = heavy_ledger()
    rows.append((f"ledger.check, a 200-word answer against {len(ledger):,} locked facts (30 interviews)",
                 timed(page, "ledger.check", [{"facts": ledger, "text": answer(16)}], runs), 50))
    rows.append(("consistency.compare, 40 sentences against 1 MB",
                 timed(page, "consistency.compare", [{"earlier": forty, "later": big}], 5), 1000))
    rows.append(("consistency.compare, 1 MB against 1 MB",
                 timed(page, "consistency.compare", [{"earlier": big, "later": big.replace("five", "seven")}], 3), 1000))
    odd = ("I was one of " * 80_000)[:1_000_000]      # the slowest 1 MB found so far: no facts, all tokens read
    rows.append(("consistency.compare, 40 sentences against 1 MB of 'I was one of'",
                 timed(page, "consistency.compare", [{"earlier": forty, "later": odd}], 3), None))
    rows.append((f"probes.suggest, each of {len(typical)} dev answers",
                 timed(page, "probes.suggest", typical, max(3, runs // 3)), 20))
    rows.append((f"facts.extract, each of {len(typical)} dev answers",
                 timed(page, "facts.extract", [{"text": t["answer"]} for t in typical], max(3, runs // 3)), None))
    rows.append(("facts.extract, one answer of 40 sentences",
                 timed(page, "facts.extract", [{"text": forty}], runs), None))
    return rows


if __name__ == "__main__":
    sys.exit(main())
