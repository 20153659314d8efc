"""The brief for the day: one page per interview to read on the morning of round two.

Built as Markdown from what the person prepared (locked facts, the panel with each person's likely
concern, story and question, the weak moments with what to say now, the salary target and walk-away
number, the questions to ask), and rendered with python-markdown through render.to_html, which shows
any HTML the person typed as text. The page prints it (print.css) and offers the Markdown as a file.
"""

from __future__ import annotations

import re

from . import params as P
from .errors import BadParams

MAX_ITEM = 600  # characters of one line of the brief: a brief is read in a minute, not studied


def _inline(value) -> str:
    """A person's text as one line of Markdown: its own Markdown syntax shown as written, not applied."""
    text = " ".join(str(value or "").split())
    if len(text) > MAX_ITEM:
        text = text[: MAX_ITEM - 1].rstrip() + "…"
    # Backslash escapes keep *, _, `, [ and friends literal; a leading # or 1. would start a heading or a list.
    text = re.sub(r"([\\`*_\[\]{}|])", r"\\\1", text)
    return re.sub(r"^([#+\-]|\d+\.)", r"\\\1", text)


def _panel_rows(interview: dict) -> list[dict]:
    from .panel import matrix  # noqa: PLC0415 - the panel's own reading of each panelist

    panelists = []
    for n, p in enumerate(interview.get("panel", {}).get("panelists", [])):
        if not isinstance(p, dict):
            continue
        story = str(p.get("story") or "")
        if story == "own":
            story = next((line for line in str(p.get("story_own") or "").splitlines() if line.strip()), "")[:200]
        panelists.append({"id": str(p.get("id") or f"p{n + 1}"), "name": str(p.get("name") or ""),
                          "role": str(p.get("role") or ""), "function": str(p.get("function") or ""),
                          "notes": str(p.get("notes") or ""), "concern": str(p.get("concern") or ""),
                          "story": story, "question": str(p.get("question") or "")})
    if not panelists:
        return []
    return matrix({"panelists": panelists, "rounds": interview.get("rounds", [])})["rows"]


def _story_text(story: dict) -> str:
    chosen = story.get("chosen") or story.get("suggested")
    if isinstance(chosen, dict):
        return chosen.get("title") or chosen.get("text") or chosen.get("question") or ""
    return str(chosen or "") or ("Still to choose: " + story["hint"] if story.get("hint") else "")


def _money(value, currency: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{currency} {value:,.0f}".strip()
    return str(value or "").strip()


def markdown(interview: dict) -> str:
    name = " · ".join(s for s in (str(interview.get("company") or "").strip(), str(interview.get("role") or "").strip()) if s)
    when = str(interview.get("next_round_at") or "").replace("T", " ")
    lines = [f"# Brief for the day: {_inline(name) or 'your interview'}", ""]
    if when:
        lines += [f"Round two: {_inline(when)}", ""]

    facts = [f for f in interview.get("ledger", {}).get("facts", []) if isinstance(f, dict) and f.get("locked")
             and f.get("status") != "dismissed"]
    lines += ["## The facts you stated", ""]
    lines += [f"- {_inline(f.get('sentence') or f.get('text') or f.get('value'))}" for f in facts] or ["- None locked yet."]
    lines.append("")

    rows = _panel_rows(interview)
    asks = []
    lines += ["## The panel", ""]
    if not rows:
        lines += ["No panelists yet.", ""]
    for r in rows:
        who = " · ".join(s for s in (r["name"], r["role"]) if s.strip()) or "A panelist"
        question = r["question"].get("chosen") or r["question"].get("suggested") or ""
        if question:
            asks.append(question)
        lines += [f"### {_inline(who)}", "",
                  f"- **Likely concern:** {_inline(r['concern_label'])}: {_inline(r['concern_summary'])}",
                  f"- **Your story:** {_inline(_story_text(r['story'])) or 'still to choose'}",
                  f"- **Your question for them:** {_inline(question) or 'still to choose'}", ""]

    weak = [q for r in interview.get("rounds", []) if isinstance(r, dict) for q in r.get("questions", [])
            if isinstance(q, dict) and (q.get("weak") or str(q.get("weak_note") or "").strip() or str(q.get("pushback") or "").strip())]
    lines += ["## Weak moments, and what to say now", ""]
    if not weak:
        lines += ["None marked in the debrief.", ""]
    for q in weak:
        lines.append(f"- **{_inline(q.get('question')) or 'A question'}**")
        if str(q.get("weak_note") or "").strip():
            lines.append(f"    - What went wrong: {_inline(q['weak_note'])}")
        if str(q.get("pushback") or "").strip():
            lines.append(f"    - They pushed on: {_inline(q['pushback'])}")
        answer = str(q.get("prepared") or q.get("answer") or "").strip()
        lines.append(f"    - Say now: {_inline(answer)}" if answer else
                     "    - Say now: lead with the number, then your own part, then what changed.")
    lines.append("")

    salary = interview.get("salary") if isinstance(interview.get("salary"), dict) else {}
    target = salary.get("target") if isinstance(salary.get("target"), dict) else {}
    currency = str(target.get("currency") or "")
    lines += ["## Salary", ""]
    if target.get("low") or target.get("high"):
        lines.append(f"- **Target:** {_money(target.get('low'), currency)} to {_money(target.get('high'), currency)}")
    lines.append(f"- **Walk-away number:** {_inline(salary.get('floor')) or 'not set'}")
    if str(salary.get("notes") or "").strip():
        lines.append(f"- **Notes:** {_inline(salary['notes'])}")
    lines.append("- **The line:** “Based on the role and the market, I am looking for the range I named; "
                 "how does that fit what you have in mind?”")
    lines.append("")

    lines += ["## Questions to ask", ""]
    lines += [f"{n}. {_inline(q)}" for n, q in enumerate(asks, 1)] or ["- Add a question for each panelist (Panel)."]
    lines.append("")
    return "\n".join(lines)


def build(params: dict) -> dict:
    """`brief.build` {interview} -> {"markdown", "html", "filename"}."""
    from .model import _clean_interview, _merge_defaults, blank_interview  # noqa: PLC0415

    params = P.require_dict(params)
    raw = params.get("interview")
    if not isinstance(raw, dict):
        raise BadParams("Send the interview to brief as 'interview'.")
    interview = _clean_interview(_merge_defaults(blank_interview(), raw))
    md = markdown(interview)
    from .render import to_html  # noqa: PLC0415 - markdown is loaded on demand in the browser

    slug = re.sub(r"[^a-z0-9]+", "-", str(interview.get("company") or "interview").lower()).strip("-")[:40] or "interview"
    return {"markdown": md, "html": to_html(md), "filename": f"brief-{slug}.md"}
