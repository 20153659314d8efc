"""Step 1, the round-one debrief: a first analysis of what was written, and the debrief as a document."""

from __future__ import annotations

from . import model
from . import render
from .consistency import conflicts
from .errors import BadParams
from .facts import extract


def _doc(params: dict) -> dict:
    doc = params.get("doc")
    if not isinstance(doc, dict):
        raise BadParams("Send the debrief document as 'doc'.")
    out = model.migrate(doc)
    if out["doc"] is None:
        raise BadParams(out["message"])
    return out["doc"]


def _label(index: int, question: str) -> str:
    first_line = question.strip().splitlines()[0] if question.strip() else ""
    short = first_line if len(first_line) <= 60 else first_line[:57].rstrip() + "…"
    return f"Q{index + 1}" + (f" · {short}" if short else "")


def analyze(doc: dict) -> dict:
    """Per question: the facts found in the answer and what is missing; across answers: contradictions."""
    items, seen, found = [], [], []
    for i, q in enumerate(doc["questions"]):
        facts = extract(q["answer"])
        label = _label(i, q["question"])
        warnings = []
        if not q["question"].strip():
            warnings.append("Write the question down, as close to the interviewer's words as you recall.")
        if not q["answer"].strip():
            warnings.append("Add the core of your answer while you still remember it.")
        elif not facts:
            warnings.append("No numbers, team sizes or timeframes: note the ones you used, round two will test them.")
        for fact in facts:
            fact["question"] = i
        for conflict in conflicts(seen, facts, extra=("question",)):
            conflict["later"]["question"] = i
            conflict["message"] = (f"Q{conflict['earlier']['question'] + 1} and Q{i + 1} disagree. "
                                   + conflict["message"])
            found.append(conflict)
        seen.extend(facts)
        items.append({"index": i, "label": label, "facts": facts, "warnings": warnings})
    answered = sum(1 for q in doc["questions"] if q["answer"].strip())
    n_facts = sum(len(item["facts"]) for item in items)
    total = len(doc["questions"])
    summary = (f"{total} question{'s' if total != 1 else ''}, {answered} answered, "
               f"{n_facts} fact{'s' if n_facts != 1 else ''} to keep consistent"
               + (f", {len(found)} contradiction{'s' if len(found) != 1 else ''} within round one." if found else "."))
    return {"summary": summary, "items": items, "conflicts": found}


def to_markdown(doc: dict) -> str:
    """The debrief as Markdown. The person's own text is kept as written (render escapes any raw HTML)."""
    interview = doc["interview"]
    title = " · ".join(part for part in (interview["company"].strip(), interview["role"].strip()) if part)
    lines = [f"# Debrief: {title or 'round one'}", ""]
    if interview["round_date"].strip():
        lines += [f"Round date: {interview['round_date'].strip()}", ""]
    for i, q in enumerate(doc["questions"]):
        lines += [f"## Q{i + 1}. {' '.join(q['question'].split()) or '(question not written yet)'}", ""]
        lines += [q["answer"].strip() or "*No answer written yet.*", ""]
        if q["notes"].strip():
            lines += ["**Notes:** " + q["notes"].strip(), ""]
    return "\n".join(lines)


def analyze_params(params: dict) -> dict:
    return analyze(_doc(params))


def render_params(params: dict) -> dict:
    markdown = to_markdown(_doc(params))
    return {"markdown": markdown, "html": render.to_html(markdown)}
