"""Engine speed in CPython: the calls the unit tests exercise on typical, huge and hostile input, timed.

The unit tests assert what these calls return and that their work grows linearly (tests/work.py counts it);
they never assert a time, so they pass on a busy machine. The figures are here instead. Every call goes
through roundtwo.api.dispatch, as the page makes it, except where a figure is about one function. The first
call is not timed (imports, loading data); each timed call differs from the others by
trailing spaces, so no cache answers it. Prints median and max in ms; the last column is the bound the
tests used to assert, for comparison only. Nothing here fails on a time. For the same calls in Pyodide,
see bench/engine.py.

    python bench/cpython_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "py"), str(ROOT)]

from roundtwo import api  # noqa: E402
from roundtwo import questions  # noqa: E402
from roundtwo.analysis import Analysis, split_sentences, tokenize  # noqa: E402
from roundtwo.probes import run as probes_run  # noqa: E402

from tests.fixtures.sample_answer import answer  # noqa: E402

QUESTION = "Describe a time you improved an important metric."
STRONG = ("In 2022 our app's store rating sat at 3.4 stars and support wanted it above 4 by the summer. "
          "I was asked to own the fix. I read four hundred one-star reviews with our support lead, found that "
          "most were about being logged out after an update, and rebuilt the token refresh. Over the following "
          "quarter the rating went from 3.4 to 4.3, and the review tags credited about two thirds of that gain.")
TYPICAL = ("Our support team was drowning in tickets, with average first response at 14 hours. My manager asked "
           "me to bring it down. I built a triage bot that tagged incoming tickets and routed billing questions "
           "to a dedicated queue. Within two months first-response time dropped to 3 hours.")
REALISTIC = ("I ran a squad of five engineers in the payments area, and we trimmed page load time by 35% "
             "across three sprints. The data-centre move had a $2M budget. I've worked at Northwind for six years, "
             "first as a clerk. Defect rate fell from 9% to 4% per release after we rebuilt onboarding with design. ")
FACT_UNITS = ["a ", "1 ", "$", ". ", "I was one of ", "forty-", "from 1 to 2 ", "\U0001f600 ", "x",
              "one and a half and a half ", "as the senior engineer "]
ANALYSIS_UNITS = [(".", ""), ("!", "x"), ("a.", ""), ("1.", "x"), ("'", ""), ("-", ""), ("a-", "!"), ("$", ""),
                  ("\n", ""), ("e.g.", "")]
TITLES = ["Sr. backend dev", "RN", "Lead UX Designer", "Software Engineer II", "VP Sales", "Teacher",
          "Project Manager", "Head of Talent", "Customer Service Rep", "Electrician"]


def repeat(unit: str, n: int = 1_000_000) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def dispatch(method: str, params: dict) -> dict:
    reply = api.dispatch({"method": method, "params": params})
    if not reply["ok"]:
        raise SystemExit(f"{method} failed: {reply['error']}")
    return reply["result"]


def timed(fn, make, runs: int, warm=None) -> list[float]:
    """ms for fn(make(i)), i = 1..runs, after one untimed fn(warm) (default make(0)) that imports and loads."""
    fn(make(0) if warm is None else warm)
    out = []
    for i in range(1, runs + 1):
        arg = make(i)
        t0 = time.perf_counter()
        fn(arg)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def rows(runs: int, big_runs: int):
    """(name, times in ms, the bound the tests used to assert in ms or None)."""
    forty, forty_changed = answer(40), answer(40).replace("five", "seven")
    megabyte = repeat(answer(40) + "\n\n")
    yield ("consistency.compare, two answers of 40 sentences",
           timed(lambda later: dispatch("consistency.compare", {"earlier": forty, "later": later}),
                 lambda i: forty_changed + " " * i, runs), 20)
    yield ("consistency.compare, 40 sentences against 1 MB",
           timed(lambda later: dispatch("consistency.compare", {"earlier": forty, "later": later}),
                 lambda i: megabyte[:-i - 1] + " " * (i + 1), big_runs, forty), 1000)
    yield ("consistency.within, 1 MB",
           timed(lambda text: dispatch("consistency.within", {"text": text}),
                 lambda i: megabyte[:-i - 1] + " " * (i + 1), big_runs, forty), 1000)
    realistic = repeat(REALISTIC)
    yield ("facts.extract, 1 MB of answers",
           timed(lambda text: dispatch("facts.extract", {"text": text}),
                 lambda i: realistic[:-i - 1] + " " * (i + 1), big_runs, REALISTIC), 1000)
    for unit in FACT_UNITS:
        text = repeat(unit)
        yield (f"facts.extract, 1 MB of {unit!r}",
               timed(lambda t: dispatch("facts.extract", {"text": t}), lambda i, text=text: text[:-i - 1] + " " * (i + 1),
                     max(1, big_runs // 2), unit), 1500)
    feedback = (STRONG + " ") * (1_000_000 // (len(STRONG) + 1))
    yield ("feedback.grade, 1 MB answer",
           timed(lambda a: dispatch("feedback.grade", {"question": QUESTION, "answer": a, "category": "behavioral"}),
                 lambda i: feedback + " " * i, big_runs, STRONG), 1500)
    yield ("probes.run, one typical answer (per call)",
           timed(lambda a: probes_run(a, "Tell me about a time you made a process more efficient.", "behavioral"),
                 lambda i: TYPICAL + "." * i, runs * 3), 5)
    probes_big = ("We kind of cut costs by 30% and I think the team was happy. " * 20_000)[:1_000_000]
    yield ("probes.suggest, 1 MB answer",
           timed(lambda a: dispatch("probes.suggest", {"question": QUESTION, "answer": a, "category": "behavioral"}),
                 lambda i: probes_big[:-i - 1] + " " * (i + 1), big_runs, TYPICAL), 1000)
    session = dispatch("practice.start", {"count": 1, "questions": [
        {"id": "b1", "text": "Tell me about a project you led that was difficult.", "category": "behavioral"}]})["session"]
    yield ("practice.next, 1 MB answer",
           timed(lambda a: dispatch("practice.next", {"session": session, "answer": a}),
                 lambda i: "We did it. " * 90_000 + " " * i, big_runs, TYPICAL), 1500)
    analyse_big = ("I led the migration and we cut costs by 30% in 2023, kind of. " * 20_000)[:1_000_000]
    yield ("answer.analyze, 1 MB answer",
           timed(lambda a: dispatch("answer.analyze", {"answer": a}),
                 lambda i: analyse_big[:-i - 1] + " " * (i + 1), big_runs, TYPICAL), 1000)
    for unit, tail in ANALYSIS_UNITS:
        text = unit * (200_000 // len(unit)) + tail
        yield (f"split_sentences + tokenize + Analysis, 200 KB of {unit!r}",
               timed(lambda t: (split_sentences(t), tokenize(t), Analysis(t)), lambda i, text=text: " " * i + text,
                     max(1, big_runs // 2), TYPICAL), 1000)
    yield ("questions: loading the bank (reload)", timed(lambda _: questions.reload(), lambda i: i, runs), 50)
    hostile = "why " * 900 + "tell me about a time " * 50
    yield ("questions.guess_category, 4 KB of hostile text",
           timed(lambda t: dispatch("questions.guess_category", {"text": t}), lambda i: hostile[:4000 - i], runs), 500)
    dispatch("salary.lookup", {"title": "warm up"})
    yield (f"salary.lookup after the first, each of {len(TITLES)} titles",
           [t for title in TITLES
            for t in timed(lambda x: dispatch("salary.lookup", {"title": x}), lambda i, title=title: title + " " * i,
                           max(3, runs // 3))], 50)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed calls per input for the small cases (default 15)")
    parser.add_argument("--big-runs", type=int, default=3, help="timed calls per megabyte input (default 3)")
    args = parser.parse_args()
    print(f"Engine speed in CPython {sys.version.split()[0]}, timed with time.perf_counter(); median (max) in ms")
    for name, times, bound in rows(args.runs, args.big_runs):
        was = "" if bound is None else f"(tests once asserted under {bound:,} ms)"
        print(f"  {name:<62} {statistics.median(times):8.1f} ({max(times):8.1f})  {was}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
