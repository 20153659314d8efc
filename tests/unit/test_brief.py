"""brief.build: the brief for the day from one interview, as Markdown and safe HTML."""

from tests.unit.dispatch import call, ok


def interview(**over):
    i = {"company": "Northwind", "role": "Analyst", "rounds": [{"questions": [
        {"question": "Tell me about the move", "answer": "I led five people", "weak": True, "weak_note": "no numbers"}]}],
        "ledger": {"facts": [{"kind": "count", "about": "people", "value": 5, "text": "five people", "locked": True},
                             {"kind": "count", "about": "sites", "value": 2, "text": "two sites", "locked": False}]},
        "panel": {"panelists": [{"id": "p1", "name": "Dana", "role": "VP Finance"}]},
        "salary": {"target": {"low": 90000, "high": 110000, "currency": "USD"}, "floor": "85000"}}
    i.update(over)
    return i


def test_the_brief_holds_each_section_and_only_locked_facts():
    got = ok("brief.build", interview=interview())
    md = got["markdown"]
    for heading in ("## The facts you stated", "## The panel", "## Weak moments", "## Salary", "## Questions to ask"):
        assert heading in md
    assert "five people" in md and "two sites" not in md
    assert "USD 90,000 to USD 110,000" in md and "85000" in md
    assert "<h2>The panel</h2>" in got["html"] and got["filename"] == "brief-northwind.md"


def test_what_a_person_typed_is_shown_as_typed(blns):
    for s in blns:
        got = ok("brief.build", interview=interview(company=s, rounds=[{"questions": [{"question": s, "weak": True, "weak_note": s}]}]))
        assert "<script" not in got["html"].lower()
        assert " onerror=" not in got["html"].lower() or "&lt;" in got["html"]


def test_an_interview_that_is_not_an_object_is_refused():
    assert call("brief.build", interview="x")["error"]["code"] == "bad_params"
    assert ok("brief.build", interview={})["markdown"].startswith("# Brief for the day: your interview")
