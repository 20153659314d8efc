"""Partner links in Chromium: how long the link is for a typical and a large pack, and how long making
and opening one takes in the page (medians).

Builds dist/ into a temporary folder, serves it on 127.0.0.1, opens it in Chromium (Playwright), waits
for Python, then times inside the page with performance.now():
  make: partner.pack (Python) + seal (deflate-raw, checksum, base64url) + the link's text;
  open: open (checksum, inflate, JSON) + partner.open (Python), as the friend's page does.
Locked links add the PBKDF2 key derivation (600,000 iterations) to both; timed separately.

    python bench/partner_link.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from tests.conftest import CHROMIUM_FLAGS, SYSTEM_CHROMIUM, Server  # noqa: E402

# Facts as a ledger holds them after a debrief: each in the candidate's words, written for this bench.
FACT_WORDS = [
    ("count", "engineers", 6, "a team of six engineers"), ("money", "budget", 400000, "a budget of $400k"),
    ("percent", "churn", 12, "churn down 12%"), ("duration", "migration", 9, "the migration took nine months"),
    ("count", "customers", 300, "about 300 customers"), ("percent", "costs", 18, "costs cut by 18%"),
    ("count", "reports", 4, "four direct reports"), ("money", "revenue", 2000000, "$2M in new revenue"),
    ("count", "markets", 3, "three new markets"), ("duration", "launch", 6, "launched in six weeks"),
]


def typical_pack(bank_ids: list[str]) -> dict:
    """8 bank questions (their ladders come from the friend's bank), 3 weak moments, 10 facts."""
    return {"questions": [{"bank_id": q["id"], "text": q["text"]} for q in bank_ids[:8]],
            "weak": [{"question": "Tell me about the migration.", "note": "no result figure", "pushback": "who set the deadline"},
                     {"question": "Why are you leaving?", "note": "sounded negative", "pushback": ""},
                     {"question": "Your biggest mistake", "note": "blamed the vendor", "pushback": "what you would change"}],
            "facts": [{"kind": k, "about": a, "value": v, "text": t, "locked": True} for k, a, v, t in FACT_WORDS],
            "persona": "skeptic", "title": "Northwind · Senior data analyst", "candidate": "Ana"}


def large_pack() -> dict:
    """30 own questions with 5-step ladders, 30 weak moments, 100 facts: the most one pack holds."""
    questions = [{"text": f"Walk me through project {n}: what was the situation, what did you do yourself, and what changed?",
                  "follow_ups": [f"Step {k} on project {n}: what exactly did you decide, and what did it cost?" for k in range(5)]}
                 for n in range(30)]
    weak = [{"question": f"Question {n} of round one", "note": f"answer {n} had no numbers", "pushback": f"pushed on point {n}"}
            for n in range(30)]
    facts = [{"kind": k, "about": f"{a} {n}", "value": v + n, "text": f"{t} (project {n})", "locked": True}
             for n in range(10) for k, a, v, t in FACT_WORDS]
    return {"questions": questions, "weak": weak, "facts": facts, "persona": "technical", "title": "A large pack"}


TIME = """async ([params, runs, passphrase]) => {
    const env = await import('./js/link-envelope.js');
    const make = [], open = [];
    let link = '';
    for (let i = 0; i < runs + 1; i++) {
        const t0 = performance.now();
        const reply = await window.roundtwo.call('partner.pack', { ...params, now: String(i) });
        if (!reply.ok) return { error: reply.error };
        link = location.href.split('#')[0] + '#friend/' + await env.seal(reply.result.pack, { kind: 'pack', passphrase });
        const t1 = performance.now();
        const pack = await env.open(link.split('#friend/')[1], { kind: 'pack', passphrase });
        const screen = await window.roundtwo.call('partner.open', { pack });
        if (!screen.ok) return { error: screen.error };
        const t2 = performance.now();
        if (i > 0) { make.push(t1 - t0); open.push(t2 - t1); } // the first imports the modules: not timed
    }
    return { make, open, length: link.length };
}"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dist"
        build.build(out)
        server = Server(out)
        try:
            with sync_playwright() as p:
                launch = {"executable_path": SYSTEM_CHROMIUM, "args": CHROMIUM_FLAGS} if Path(SYSTEM_CHROMIUM).exists() else {}
                browser = p.chromium.launch(**launch)
                page = browser.new_page()
                page.goto(server.url)
                page.wait_for_selector("html[data-python=ready]", state="attached", timeout=120_000)
                bank = page.evaluate("() => window.roundtwo.call('questions.bank', {category: 'behavioral', limit: 8})")
                packs = {"typical (8 bank questions, 3 weak moments, 10 facts)": typical_pack(bank["result"]["questions"]),
                         "large (30 own questions with ladders, 30 weak moments, 100 facts)": large_pack()}
                print(f"partner links in Chromium, medians of {args.runs} runs")
                for name, params in packs.items():
                    for passphrase, runs in (("", args.runs), ("a passphrase", max(3, args.runs // 5))):
                        got = page.evaluate(TIME, [params, runs, passphrase])
                        if "error" in got:
                            print(f"  {name}: {got['error']}")
                            return 1
                        lock = "locked" if passphrase else "plain"
                        print(f"  {name}, {lock}: {got['length']:,} characters; make {statistics.median(got['make']):.0f} ms, "
                              f"open {statistics.median(got['open']):.0f} ms ({runs} runs)")
                browser.close()
        finally:
            server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
