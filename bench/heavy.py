"""A heavy document for the benches: 30 interviews of 3 rounds with 12 answers of about 150 words each
(about 1 MB saved), in the app's current schema. The text is synthetic, made here from word lists with a
fixed seed: sentences with team sizes, percentages, money and years, so fact extraction has work to do.

    from heavy import heavy_doc
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "py"))

from roundtwo.model import blank, normalise  # noqa: E402

COMPANIES = ["Harbour Logistics", "Quillfeather", "Northgate Health", "Brightwell Foods", "Tessellate Labs",
             "Cobalt Freight", "Juniper Bank", "Orchard Robotics", "Palisade Media", "Lumen Grid"]
ROLES = ["Operations Manager", "Product Manager", "Data Analyst", "Engineering Lead", "Account Director",
         "Supply Planner"]
OPENERS = ["At my last job", "In my second year there", "When I joined the team", "Early on",
           "During the busy season", "After the reorganisation", "On the pilot project", "Later that year"]
SUBJECTS = ["I led a team of {n} people", "we rebuilt the onboarding flow", "I took over the vendor review",
            "our group owned the weekly forecast", "I ran the migration to the new warehouse system",
            "we had {n} open support tickets a day", "I managed a budget of ${k}k",
            "I worked with {n} regional leads"]
OUTCOMES = ["and we cut the error rate by {p}%", "which saved about ${k}k a year", "and delivery time fell to {n} days",
            "so churn dropped from {p}% to {q}%", "and we shipped it in {n} weeks", "by the end of {y}",
            "which grew revenue by {p}% in {y}", "and the backlog shrank by half"]
FILLER = ["The hard part was getting everyone to agree on what done meant.",
          "I wrote a short plan, shared it early and asked for objections before we started.",
          "Looking back, I would have involved finance sooner.",
          "We measured it against the previous quarter, using the same report each week.",
          "My manager pushed back on the timeline, so we split the work into two phases.",
          "I kept a log of decisions so the next team could see why we chose what we did.",
          "Two people left halfway through, which meant I had to re-plan the rollout.",
          "The feedback from customers was mixed at first and better after the second release."]
QUESTIONS = ["Tell me about a time you had to change a plan halfway through.",
             "Describe a project where you had to win over a sceptical stakeholder.",
             "What is the biggest improvement you made in your last role?",
             "Tell me about a mistake you made and what you learned from it.",
             "How do you decide what to work on first when everything is urgent?",
             "Walk me through a decision you made with incomplete data.",
             "Tell me about a time you disagreed with your manager.",
             "Describe the largest team you have coordinated.",
             "What would you do in your first ninety days here?",
             "Tell me about a process you simplified.",
             "How have you handled a missed deadline?",
             "Give an example of a result you are proud of and how you measured it."]


def sentence(rng: random.Random) -> str:
    fill = {"n": rng.randint(3, 40), "k": rng.randint(20, 900), "p": rng.randint(5, 60), "q": rng.randint(1, 9),
            "y": rng.randint(2016, 2025)}
    return f"{rng.choice(OPENERS)}, {rng.choice(SUBJECTS)} {rng.choice(OUTCOMES)}.".format(**fill)


def answer(rng: random.Random, words: int = 150) -> str:
    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < words:
        parts.append(sentence(rng) if rng.random() < 0.6 else rng.choice(FILLER))
    return " ".join(parts)


def heavy_doc(interviews: int = 30, rounds: int = 3, answers: int = 12, words: int = 150, seed: int = 2) -> dict:
    rng = random.Random(seed)
    doc = blank()
    for i in range(interviews):
        item = {"id": f"i-heavy{i:03d}", "company": f"{COMPANIES[i % len(COMPANIES)]} {i // len(COMPANIES) + 1}",
                "role": ROLES[i % len(ROLES)], "candidate_name": "", "next_round_at": "", "news_expected_by": "",
                "rounds": [], "ledger": {"facts": [], "distinct": []}, "panel": {"panelists": []}, "salary": {},
                "plan": {"done": {}}, "cv": {"text": "", "file_name": "", "added_at": ""}}
        for r in range(rounds):
            item["rounds"].append({
                "id": f"r-heavy{i:03d}{r}", "name": ["Round one", "Round two", "Round three"][r % 3],
                "ended_at": "", "interviewers": "Dana Lee (Director), Sam Ortiz (PM)",
                "questions": [{"id": f"q-heavy{i:03d}{r}{q:02d}", "question": QUESTIONS[q % len(QUESTIONS)],
                               "answer": answer(rng, words), "notes": "", "weak": False, "weak_note": "",
                               "pushback": ""} for q in range(answers)]})
        doc["interviews"].append(item)
    doc["current"] = doc["interviews"][0]["id"]
    return normalise(doc)


if __name__ == "__main__":
    raw = json.dumps(heavy_doc())
    print(f"{len(raw.encode()) / 1e6:.2f} MB")
