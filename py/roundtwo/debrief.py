"""Step 1, the round-one debrief: a first analysis of what was written, and the debrief as a document."""

from __future__ import annotations

from . import model
from . import render
from .consistency import conflicts
from .errors import BadParams
from .facts import extract


def document(params: dict) -> dict:
    """The saved document from params, migrated and normalised; bad_params when it cannot be used."""
    doc = params.get("doc")
    if not isinstance(doc, dict):
        raise BadParams("Send the saved document as 'doc'.")
    out = model.migrate(doc)
    if out["doc"] is None:
        raise BadParams(out["message"])
    return out["doc"]


def interview(doc: dict, wanted=None) -> dict:
    """The interview with id `wanted`, else the current one, else the first; a blank one if none."""
    interviews = doc["interviews"]
    for key in (wanted, doc["current"]):
        for item in interviews:
            if key and item["id"] == key:
                return item
    return interviews[0] if interviews else model.blank_interview()


def _label(round_name: str, index: int, question: str) -> str:
    first_line = question.strip().splitlines()[0] if question.strip() else ""
    short = first_line if len(first_line) <= 60 else first_line[:57].rstrip() + "…"
    return f"{round_name} Q{index + 1}" + (f" · {short}" if short else "")


def _round_name(r: dict, n: int) -> str:
    return r["name"].strip()[:60] or f"Round {n + 1}"


def analyze(doc: dict, wanted=None, distinct=None) -> dict:
    """Per question: the facts found in the answer and what is missing; across answers: contradictions,
    less the pairs the person said are different things (`distinct`, else the interview's
    ledger.distinct), which are listed as "hidden"."""
    from .ledger import Distinct, saved_distinct

    items, seen, found, hidden = [], [], [], []
    chosen = interview(doc, wanted)
    stored = chosen.get("ledger", {}).get("facts", [])
    pairs = Distinct(saved_distinct(chosen) if distinct is None else distinct,
                     [f for f in stored if isinstance(f, dict)] if isinstance(stored, list) else [])
    total = answered = 0
    for n, r in enumerate(chosen["rounds"]):
        name = _round_name(r, n)
        for i, q in enumerate(r["questions"]):
            total += 1
            answered += bool(q["answer"].strip())
            facts = extract(q["answer"])
            label = _label(name, i, q["question"])
            warnings = []
            if not q["question"].strip():
                warnings.append("Write the question down, as close to the interviewer's words as you recall.")
            if not q["answer"].strip():
                warnings.append("Add the core of your answer while you still remember it.")
            elif not facts:
                warnings.append("No numbers, team sizes or timeframes: note the ones you used; round two will test them.")
            if q["weak"]:
                warnings.append("Marked as a weak moment" + (f": {q['weak_note'].strip()}" if q["weak_note"].strip() else "")
                                + ". Expect a probe on it.")
            for fact in facts:
                fact["source"] = label
            for conflict in conflicts(seen, facts, extra=("source",)):
                conflict["later"]["source"] = label
                conflict["message"] = f"{conflict['earlier']['source']} and {label} disagree. " + conflict["message"]
                shown, gone = pairs.split([conflict], use_id=False)   # answers' facts have no ledger ids
                found.extend(shown)
                hidden.extend(gone)
            seen.extend(facts)
            items.append({"round": r["id"], "question": q["id"], "label": label, "facts": facts,
                          "warnings": warnings})
    n_facts = sum(len(item["facts"]) for item in items)
    summary = (f"{total} question{'s' if total != 1 else ''}, {answered} answered, "
               f"{n_facts} fact{'s' if n_facts != 1 else ''} to keep consistent"
               + (f", {len(found)} contradiction{'s' if len(found) != 1 else ''} within your answers."
                  if found else "."))
    if hidden:
        summary += (f" {len(hidden)} pair{'s' if len(hidden) != 1 else ''} you marked as different things "
                    f"{'is' if len(hidden) == 1 else 'are'} not counted.")
    return {"summary": summary, "items": items, "conflicts": found, "hidden": hidden}


def to_markdown(doc: dict, wanted=None) -> str:
    """The debrief as Markdown. The person's own text is kept as written (render escapes any raw HTML)."""
    chosen = interview(doc, wanted)
    title = " · ".join(part for part in (chosen["company"].strip(), chosen["role"].strip()) if part)
    lines = [f"# Debrief: {title or 'your interview'}", ""]
    for n, r in enumerate(chosen["rounds"]):
        lines += [f"## {_round_name(r, n)}", ""]
        if r["ended_at"].strip():
            lines += [f"Ended: {r['ended_at'].strip().replace('T', ' ')}", ""]
        if r["interviewers"].strip():
            lines += [f"Interviewers: {' '.join(r['interviewers'].split())}", ""]
        for i, q in enumerate(r["questions"]):
            lines += [f"### Q{i + 1}. {' '.join(q['question'].split()) or '(question not written yet)'}", ""]
            lines += [q["answer"].strip() or "*No answer written yet.*", ""]
            if q["weak"]:
                lines += ["**Weak moment.** " + q["weak_note"].strip(), ""]
            if q["pushback"].strip():
                lines += ["**Pushback / follow-ups on:** " + " ".join(q["pushback"].split()), ""]
            if q["notes"].strip():
                lines += ["**Notes:** " + q["notes"].strip(), ""]
    return "\n".join(lines)


def analyze_params(params: dict) -> dict:
    """debrief.analyze {"doc", "interview"?, "distinct"?} -> {summary, items, conflicts, hidden}: each
    conflict with its "pair"; "hidden" holds those whose pair is in "distinct" (default: the interview's
    ledger.distinct)."""
    from .ledger import distinct_param

    params = params if isinstance(params, dict) else {}
    distinct = distinct_param(params) if params.get("distinct") is not None else None
    return analyze(document(params), params.get("interview"), distinct)


def render_params(params: dict) -> dict:
    markdown = to_markdown(document(params), params.get("interview"))
    return {"markdown": markdown, "html": render.to_html(markdown)}
